// Playback: a frame loop (player.ts) that advances simulated time by wall time × speed, within a
// frame's time budget, and paces the panels: while playing, the two panel groups take turns and
// keep to a share of the main thread; pausing brings every panel up to date at once.

import { Player, animationFrames, type FrameScheduler } from '../player.ts';
import { clampSpeed, DEFAULT_SPEED } from '../speed.ts';
import { ALL_PANELS, NO_PANELS, type GetState, type Panels, type SetState, type StoreCore } from './core.ts';
import type { PlaybackSlice } from './types.ts';

/** How often the panels are refreshed while playing (wall time); see RunState.panelMs. */
export const PANEL_REFRESH_MS = 200;

/** While playing with a clock, a panel refresh costing c ms is followed by at least c × this of wall time. */
export const PANEL_SHARE_FACTOR = 60;

export interface PlaybackOptions {
  /** The frame scheduler of the playback loop (requestAnimationFrame by default). */
  readonly frames?: FrameScheduler;
  /**
   * A frame's time budget for simulating while playing (the page gives 3 ms of performance.now()):
   * when a frame's simulation takes longer, playback runs slower than asked instead of dropping
   * frames. Without it, each frame simulates all the way to its moment.
   */
  readonly playBudget?: { readonly ms: number; readonly clock: () => number };
}

/** When the panel groups are due while playing. */
class PanelPacer {
  /** Wall time played since a panel group was last published. */
  private since = 0;
  private turn: 'state' | 'text' = 'text';
  /**
   * With a clock, refreshes keep to a share of the main thread: a refresh that took c ms
   * (rendering included) waits PANEL_SHARE_FACTOR × c before the next one, never less than
   * PANEL_REFRESH_MS / 2 nor more than a second.
   */
  private gapMs = PANEL_REFRESH_MS / 2;

  constructor(private readonly clock: (() => number) | null) {}

  played(dtMs: number): void {
    this.since += dtMs;
  }

  /** Call after set(): React renders in a microtask queued by set(), so this one runs after it. */
  measure(t0: number): void {
    const clock = this.clock;
    if (!clock) return;
    queueMicrotask(() => {
      const cost = clock() - t0;
      this.gapMs = Math.min(1000, Math.max(PANEL_REFRESH_MS / 2, cost * PANEL_SHARE_FACTOR));
    });
  }

  /** The groups to publish now: both at the end, else one group per turn once the gap has passed. */
  due(reachedEnd: boolean): Panels {
    if (reachedEnd) return ALL_PANELS;
    if (this.since < this.gapMs) return NO_PANELS;
    this.since = 0;
    this.turn = this.turn === 'state' ? 'text' : 'state';
    return this.turn === 'text' ? { state: false, text: true } : { state: true, text: false };
  }
}

export function playbackSlice(set: SetState, get: GetState, core: StoreCore, opts: PlaybackOptions): PlaybackSlice {
  const budget = opts.playBudget;
  const pacer = new PanelPacer(budget?.clock ?? null);
  core.clock = budget?.clock ?? null;
  core.onRefreshed = (t0) => pacer.measure(t0);
  core.onFault = () => pause();

  const player = new Player(opts.frames ?? animationFrames, async (dtMs) => {
    if (!get().playing) return false;
    let reachedEnd = false;
    pacer.played(dtMs);
    await core.withTimeline(async (tl) => {
      if (tl.fault) return;
      const from = tl.cursorMs;
      let target = from + dtMs * get().speed;
      // Playing across the end of the script stops there once (the moment the script describes).
      const atEnd = from < tl.scriptEndMs && target >= tl.scriptEndMs;
      if (atEnd) target = tl.scriptEndMs;
      const deadline = budget ? budget.clock() + budget.ms : 0;
      await tl.advanceTo(target, budget ? () => budget.clock() >= deadline : undefined);
      reachedEnd = atEnd && tl.cursorMs >= tl.scriptEndMs;
    }, () => pacer.due(reachedEnd));
    if (reachedEnd || get().fault) pause();
    return get().playing;
  });

  function pause(): void {
    player.stop();
    if (!get().playing) return;
    set({ playing: false });
    // The panels catch up with the animation at once.
    if (core.current && core.panelsBehind) void core.withTimeline(async () => undefined);
  }

  return {
    playing: false,
    speed: DEFAULT_SPEED,
    play() {
      if (!core.current || get().fault) return;
      if (!get().playing) set({ playing: true });
      player.start();
    },
    pause,
    togglePlay() {
      if (get().playing) pause();
      else get().play();
    },
    setSpeed(x) {
      set({ speed: clampSpeed(x) });
    },
  };
}
