// Navigation: stepping, seeking (coalesced: a dragged slider makes one seek, not a hundred),
// running to the end of the script or until a replica's link is up, and the next moment worth a
// mark, simulating ahead when it has not been simulated yet.

import type { Timeline } from '../../runtime/timeline.ts';
import type { Moment } from '../run-index.ts';
import type { GetState, SetState, StoreCore } from './core.ts';
import type { NavigationSlice } from './types.ts';

/** How long "until NODE online" may run before it gives up: two minutes of simulated time. */
export const UNTIL_ONLINE_LIMIT_MS = 120_000;

/** How far past the end of the script "next event" simulates ahead to find a moment. */
export const AHEAD_LIMIT_MS = 60_000;
/** The wall time one search ahead may take (a key press), and how often it lets the page draw. */
export const AHEAD_BUDGET_MS = 1500;
const AHEAD_SLICE_MS = 30;

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const wallClock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Long work shows its progress once it has lasted this long (wall ms): shorter work just happens. */
export const SHOW_WORK_AFTER_MS = 250;
/** Wall ms a long seek simulates before it lets the page draw (and a Cancel click or Esc in). */
const SEEK_SLICE_MS = 40;

/**
 * Seeks to `target` in slices of wall time, letting the page draw between them; shows its progress
 * once it has lasted SHOW_WORK_AFTER_MS; stops where it got when the work is cancelled.
 */
async function seekInSlices(tl: Timeline, core: StoreCore, set: SetState, target: number): Promise<void> {
  const clock = core.clock ?? wallClock;
  const epoch = core.cancelEpoch;
  const cancelled = () => core.cancelEpoch !== epoch;
  const start = clock();
  let slice = start + SEEK_SLICE_MS;
  const stop = () => cancelled() || clock() >= slice;
  // Where the re-simulation starts: the cursor going forward, the checkpoint before the target going back.
  const origin = target >= tl.cursorMs ? tl.cursorMs : tl.checkpointMsBefore(target);
  let shown = false;
  try {
    await tl.seek(target, stop);
    while (tl.cursorMs < target && !cancelled() && !tl.fault) {
      if (clock() - start >= SHOW_WORK_AFTER_MS) {
        shown = true;
        const span = target - origin;
        set({ work: { kind: 'seek', done: span > 0 ? Math.min(1, Math.max(0, (tl.cursorMs - origin) / span)) : 1, atMs: tl.cursorMs } });
      }
      await yieldToPage();
      slice = clock() + SEEK_SLICE_MS;
      await tl.advanceTo(target, stop);
    }
  } finally {
    if (shown) set({ work: null });
  }
}

/** The first moment in `moments` from index `from` on that is later than `afterMs` and marked. */
function firstMarked(moments: readonly Moment[], from: number, afterMs: number, isMark: (m: Moment) => boolean): Moment | null {
  for (let i = from; i < moments.length; i++) {
    const m = moments[i];
    if (m.t > afterMs + 1e-6 && isMark(m)) return m;
  }
  return null;
}

/**
 * Simulates on from the branch's head, window by window, until a marked moment later than
 * `afterMs` appears, the run reaches `knownNext` (the next mark already known: an action to come),
 * `limitMs`, or the wall-time budget runs out. Returns the moment to go to, or null.
 */
async function searchAhead(tl: Timeline, core: StoreCore, set: SetState, afterMs: number, knownNext: number | null,
  isMark: (m: Moment) => boolean, limitMs: number): Promise<number | null> {
  const clock = core.clock ?? wallClock;
  const start = clock();
  const deadline = start + AHEAD_BUDGET_MS;
  let slice = start + AHEAD_SLICE_MS;
  const epoch = core.cancelEpoch;
  // The moments between the cursor and the head are known already; the search starts at the head.
  if (tl.cursorMs < tl.headMs) await tl.advanceTo(tl.headMs);
  const from = tl.cursorMs;
  let scanned = 0;
  for (;;) {
    if (core.cancelEpoch !== epoch) return null;
    const index = core.index;
    const m = firstMarked(index.moments, scanned, afterMs, isMark);
    scanned = index.moments.length;
    const reachedKnown = knownNext !== null && tl.cursorMs >= knownNext - 1e-6;
    if (m) return reachedKnown ? Math.min(m.t, knownNext) : m.t;
    if (reachedKnown) return knownNext;
    if (tl.cursorMs >= limitMs || tl.fault || clock() >= deadline) return null;
    const before = tl.cursorMs, entries = tl.traceLength;
    await tl.stepForward();
    // Nothing left to happen (no timer, no action): nothing more to find.
    if (tl.cursorMs === before && tl.traceLength === entries) return null;
    if (clock() >= slice) {
      if (clock() - start >= SHOW_WORK_AFTER_MS) {
        // Done: the share of the budget spent, or of the distance to the limit, whichever is further.
        const done = Math.max((clock() - start) / AHEAD_BUDGET_MS, limitMs > from ? (tl.cursorMs - from) / (limitMs - from) : 1);
        set({ work: { kind: 'ahead', done: Math.min(1, done), atMs: tl.cursorMs } });
      }
      await yieldToPage();
      slice = clock() + AHEAD_SLICE_MS;
    }
  }
}

export function navigationSlice(set: SetState, get: GetState, core: StoreCore): NavigationSlice {
  let seekTarget = 0;
  let seekQueued = false;
  let seeksInFlight = 0;

  return {
    seekingTo: null,
    searchingAhead: false,
    work: null,

    cancelWork() {
      core.cancelWork();
    },

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
          await seekInSlices(tl, core, set, seekTarget);
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

    async seekNextMark(knownNext, isMark) {
      get().pause();
      const from = get().seekingTo ?? get().cursorMs;
      set({ searchingAhead: true });
      try {
        const to = await core.withTimeline(async (tl) => {
          if (knownNext !== null && knownNext <= tl.headMs + 1e-6) {
            await seekInSlices(tl, core, set, knownNext);
            return knownNext;
          }
          const found = await searchAhead(tl, core, set, from, knownNext, isMark, tl.scriptEndMs + AHEAD_LIMIT_MS);
          await seekInSlices(tl, core, set, found ?? from);
          return found;
        });
        return to ?? null;
      } finally {
        set({ searchingAhead: false, work: null });
      }
    },

    async runToEnd() {
      get().pause();
      await core.withTimeline((tl) => seekInSlices(tl, core, set, tl.scriptEndMs));
    },
  };
}
