// The app's state and its actions: a vanilla zustand store around one Timeline, made of slices —
// the run as published (store/core.ts), loading, playback with panel pacing, navigation and
// seeking, history with branches and export. Every call into the Timeline goes through one
// promise queue (actions never interleave). The UI only reads state and calls actions; it never
// touches the Timeline.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { workersAvailable, type Host, type HostOptions } from './hosts.ts';
import { INITIAL_RUN, StoreCore } from './store/core.ts';
import { compareSlice } from './store/compare.ts';
import { consoleSlice } from './store/console.ts';
import { historySlice } from './store/history.ts';
import { loadingSlice } from './store/loading.ts';
import { navigationSlice } from './store/navigation.ts';
import { playbackSlice, type PlaybackOptions } from './store/playback.ts';
import type { AppState } from './store/types.ts';
import type { TranscriptItem } from './transcript.ts';

export type { Host, TranscriptItem, AppState };
export type { LoadInput, LoadError, LoadedScenario, RunState, ConsoleWait, CompareState } from './store/types.ts';
export type { RunSummary, HandshakeSummary, NodeSummary, RunDiff } from './compare.ts';
export { diffRuns } from './compare.ts';
export type { LogLine, Moment, MomentKind } from './run-index.ts';
export type { Charts, Series, SeriesPoint } from './offset-series.ts';
export { PANEL_REFRESH_MS, PANEL_SHARE_FACTOR } from './store/playback.ts';
export { AHEAD_LIMIT_MS, UNTIL_ONLINE_LIMIT_MS } from './store/navigation.ts';

export interface AppStoreOptions extends PlaybackOptions {
  readonly host?: Host;
  readonly hostOptions?: HostOptions;
}

export type AppStore = StoreApi<AppState>;

/** A store is a date-free, Worker-free object: one per page, or one per test. */
export function createAppStore(opts: AppStoreOptions = {}): AppStore {
  const initialHost: Host = opts.host === 'inline' || !workersAvailable() ? 'inline' : 'worker';
  return createStore<AppState>()((set, get, api) => {
    const core = new StoreCore(set, get);
    return {
      ...INITIAL_RUN,
      ...playbackSlice(set, get, api.subscribe, core, opts),
      ...loadingSlice(set, get, core, initialHost, opts.hostOptions ?? {}),
      ...navigationSlice(set, get, core),
      ...historySlice(get, core),
      ...consoleSlice(set, get, api.subscribe, core),
      ...compareSlice(set, get),
    };
  });
}

/** Has the script run to its end, with nothing under way? (The page's data-state="done".) */
export function isDone(s: Pick<AppState, 'timeline' | 'busy' | 'booting' | 'playing' | 'cursorMs' | 'scriptEndMs' | 'seekingTo'>): boolean {
  return s.timeline !== null && !s.busy && !s.booting && !s.playing && s.seekingTo === null && s.cursorMs >= s.scriptEndMs;
}
