// The compare view's state: the scenario as written (its text, its seed), run under the page's
// Redis version and under a second one, each off the page's thread (compare-runner.ts). A newer
// request replaces an older one still running.

import { runSummary } from '../compare-runner.ts';
import type { GetState, SetState } from './core.ts';
import type { CompareSlice } from './types.ts';

export function compareSlice(set: SetState, get: GetState): CompareSlice {
  let request = 0;

  function refreshCompare(): void {
    const s = get();
    const other = s.compareWith;
    const sc = s.scenario;
    if (other === null || !sc) {
      set({ compare: null });
      return;
    }
    const versions = [s.redisVersion, other] as const;
    const id = ++request;
    set({ compare: { status: 'running', versions } });
    Promise.all([runSummary(sc.text, versions[0]), runSummary(sc.text, versions[1])]).then(
      (runs) => { if (id === request) set({ compare: { status: 'done', versions, runs } }); },
      (e: Error) => { if (id === request) set({ compare: { status: 'failed', versions, message: e.message } }); },
    );
  }

  return {
    compareWith: null,
    compare: null,
    setCompare(v) {
      if (v === get().compareWith && get().compare !== null) return;
      set({ compareWith: v });
      refreshCompare();
    },
    refreshCompare,
  };
}
