// History: acting on the cluster at the cursor (which forks history when the cursor is in the
// past), switching between branches, and exporting the run as a scenario.

import type { GetState, StoreCore } from './core.ts';
import type { HistorySlice } from './types.ts';

export function historySlice(get: GetState, core: StoreCore): HistorySlice {
  return {
    async act(action) {
      get().pause();
      await core.withTimeline((tl) => tl.act(action));
    },

    async switchBranch(id) {
      get().pause();
      await core.withTimeline((tl) => tl.switchBranch(id));
    },

    async fork() {
      get().pause();
      return core.withTimeline(async (tl) => tl.fork());
    },

    readRun(op) {
      return core.withTimeline((tl) => op(tl, core.index));
    },

    exportScenario() {
      return core.current ? core.current.exportScenario() : null;
    },
  };
}
