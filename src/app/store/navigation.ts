// Navigation: stepping, seeking (coalesced: a dragged slider makes one seek, not a hundred),
// running to the end of the script or until a replica's link is up.

import type { GetState, SetState, StoreCore } from './core.ts';
import type { NavigationSlice } from './types.ts';

/** How long "until NODE online" may run before it gives up: two minutes of simulated time. */
export const UNTIL_ONLINE_LIMIT_MS = 120_000;

export function navigationSlice(set: SetState, get: GetState, core: StoreCore): NavigationSlice {
  let seekTarget = 0;
  let seekQueued = false;
  let seeksInFlight = 0;

  return {
    seekingTo: null,

    async stepForward() {
      get().pause();
      await core.withTimeline((tl) => tl.stepForward());
    },

    async stepBack() {
      get().pause();
      await core.withTimeline((tl) => tl.stepBack());
    },

    async seek(ms) {
      seekTarget = Math.max(0, ms);
      set({ seekingTo: seekTarget });
      if (seekQueued) return;
      seekQueued = true;
      seeksInFlight++;
      let ran = false;
      try {
        await core.withTimeline(async (tl) => {
          // Reads the latest target when it runs.
          ran = true;
          seekQueued = false;
          await tl.seek(seekTarget);
        });
      } finally {
        if (!ran) seekQueued = false;
        seeksInFlight--;
        if (seeksInFlight === 0) set({ seekingTo: null });
      }
    },

    async runUntilOnline(node) {
      get().pause();
      const r = await core.withTimeline((tl) => tl.runUntil((t) => t.linkUp(node), tl.cursorMs + UNTIL_ONLINE_LIMIT_MS));
      return r === true;
    },

    async runToEnd() {
      get().pause();
      await core.withTimeline((tl) => tl.seek(tl.scriptEndMs));
    },
  };
}
