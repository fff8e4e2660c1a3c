// Playback: a frame loop (player.ts) that advances simulated time by wall time × a rate, within a
// frame's time budget, and paces the panels: while playing, the two panel groups take turns and
// keep to a share of the main thread; pausing brings every panel up to date at once. The rate is
// the steady speed, or in follow mode (the default) what follow.ts picks from the links and the
// timers: a frame stops early when bytes leave, so no frame crosses unseen. Where a frame stops
// never changes the run.

import { Player, animationFrames, type FrameScheduler } from '../player.ts';
import { clampSpeed, DEFAULT_SPEED } from '../speed.ts';
import {
  addStretch, clampFollowFactor, stretchesBefore, COMPRESSED_RATE, DEFAULT_FOLLOW_FACTOR, FOLLOW_START, followStep, followTarget, linkActivity, nextTimer, waitTimer,
  sameWait, type FollowState, type FollowWait, type Stretch,
} from '../follow.ts';
import type { Timeline } from '../../runtime/timeline.ts';
import { ALL_PANELS, NO_PANELS, type GetState, type Panels, type SetState, type StoreCore } from './core.ts';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState, PlaybackSlice, UntilCheck } from './types.ts';

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

/** The ports of the nodes that are down (a connect retry toward one of them only fails again). */
function downPorts(s: AppState): ReadonlySet<number> {
  const ports = new Set<number>();
  if (s.down.length === 0) return ports;
  for (const [port, name] of s.nameOfPort) if (s.down.includes(name)) ports.add(port);
  return ports;
}

/** Follow mode's memory between frames: the rate, and the stretches it fast-forwarded per branch. */
class Follower {
  state: FollowState = FOLLOW_START;
  /** The stretches of the branch shown. */
  compressed: readonly Stretch[] = [];
  wait: FollowWait | null = null;
  private timeline: Timeline | null = null;
  private branch = -1;
  private byBranch = new Map<number, readonly Stretch[]>();

  /**
   * Follows the timeline's branch: each keeps its own stretches; a new one starts with its
   * parent's, up to the moment it forked (the history they share).
   */
  sync(tl: Timeline): void {
    if (tl !== this.timeline) {
      this.timeline = tl;
      this.byBranch.clear();
      this.branch = -1;
    }
    const id = tl.branchId;
    if (id === this.branch) return;
    if (this.branch >= 0) this.byBranch.set(this.branch, this.compressed);
    this.branch = id;
    let mine = this.byBranch.get(id);
    if (!mine) {
      const b = tl.branches().find((x) => x.id === id);
      mine = b && b.parent !== null ? stretchesBefore(this.byBranch.get(b.parent) ?? [], b.forkAtMs) : [];
      this.byBranch.set(id, mine);
    }
    this.compressed = mine;
  }

  /** The moment this frame aims at, from the cursor; it stops early when bytes leave. */
  plan(tl: Timeline, dtMs: number, factor: number, downPorts: ReadonlySet<number> = new Set()): number {
    this.sync(tl);
    const cursorMs = tl.cursorMs;
    const activity = linkActivity(tl.frames, cursorMs);
    const timers = tl.timers();
    const timer = nextTimer(timers, cursorMs);
    const next = tl.nextActionMs;
    const cands = [timer?.timer.endMs, next !== null && next > cursorMs ? next : undefined, tl.scriptEndMs > cursorMs ? tl.scriptEndMs : undefined]
      .filter((x): x is number => x !== undefined);
    const input = { dtMs, cursorMs, factor, activity, horizonMs: cands.length ? Math.min(...cands) : null };
    this.state = followStep(this.state, input);
    const skipping = activity.crossingMs === null && this.state.rate > COMPRESSED_RATE;
    const plan = this.state.plan;
    const named = skipping ? waitTimer(timers, cursorMs, downPorts) : null;
    this.wait = !skipping ? null
      : named ? { kind: 'timer', node: named.node, name: named.timer.name, ...(named.timer.peer ? { peer: named.timer.peer } : {}), endMs: named.timer.endMs }
        : { kind: 'event', atMs: plan?.known ? plan.toMs : null };
    return followTarget(this.state, input);
  }

  /** After the frame: a fast-forwarded stretch is remembered for the time slider. */
  went(fromMs: number, toMs: number): void {
    if (this.state.rate > COMPRESSED_RATE) this.compressed = addStretch(this.compressed, fromMs, toMs);
  }
}

export function playbackSlice(set: SetState, get: GetState, subscribe: StoreApi<AppState>['subscribe'], core: StoreCore, opts: PlaybackOptions): PlaybackSlice {
  const budget = opts.playBudget;
  const pacer = new PanelPacer(budget?.clock ?? null);
  const follower = new Follower();
  let until: UntilCheck | null = null;
  core.clock = budget?.clock ?? null;
  core.onRefreshed = (t0) => pacer.measure(t0);
  core.onFault = () => pause();
  // Another branch shown (a command typed in the past, a switch): its own stretches.
  subscribe((s, prev) => {
    if (s.branchId === prev.branchId || !core.current) return;
    follower.sync(core.current);
    if (s.compressed !== follower.compressed) set({ compressed: follower.compressed });
  });

  const player = new Player(opts.frames ?? animationFrames, async (dtMs) => {
    if (!get().playing) return false;
    let reachedEnd = false;
    let refreshed = false;
    pacer.played(dtMs);
    const following = get().playMode === 'follow';
    await core.withTimeline(async (tl) => {
      if (tl.fault) return;
      const from = tl.cursorMs;
      let target = following ? follower.plan(tl, dtMs, get().followFactor, downPorts(get())) : from + dtMs * get().speed;
      // Playing across the end of the script stops there once (the moment the script describes).
      const atEnd = until === null && from < tl.scriptEndMs && target >= tl.scriptEndMs;
      if (atEnd) target = tl.scriptEndMs;
      const deadline = budget ? budget.clock() + budget.ms : 0;
      const sent = tl.frames.length;
      const overBudget = budget ? () => budget.clock() >= deadline : undefined;
      const stop = following ? () => tl.frames.length > sent || overBudget?.() === true : overBudget;
      await tl.advanceTo(target, stop);
      if (following) follower.went(from, tl.cursorMs);
      reachedEnd = atEnd && tl.cursorMs >= tl.scriptEndMs;
      if (until !== null && until(tl, core.index)) {
        until = null;
        reachedEnd = true;
      }
    }, () => {
      const due = pacer.due(reachedEnd);
      refreshed = due.state || due.text;
      return due;
    });
    // A stretch growing is shown at the panels' pace; a new one at once.
    if (following) publishFollow(follower.wait, refreshed || follower.compressed.length !== get().compressed.length ? follower.compressed : get().compressed);
    if (reachedEnd || get().fault) pause();
    return get().playing;
  });

  function publishFollow(wait: FollowWait | null, compressed: readonly Stretch[]): void {
    const s = get();
    if (sameWait(s.waiting, wait) && s.compressed === compressed) return;
    set({ waiting: sameWait(s.waiting, wait) ? s.waiting : wait, compressed });
  }

  function pause(): void {
    player.stop();
    if (!get().playing) return;
    follower.wait = null;
    if (core.current) follower.sync(core.current);
    // A frame's call still running reads as busy from now on (while playing, `playing` said so).
    set({ playing: false, waiting: null, ...(core.pending && !get().busy ? { busy: true } : {}),
      ...(get().playMode === 'follow' && follower.compressed !== get().compressed ? { compressed: follower.compressed } : {}) });
    // The panels catch up with the animation at once.
    if (core.current && core.panelsBehind) void core.withTimeline(async () => undefined);
  }

  return {
    playing: false,
    speed: DEFAULT_SPEED,
    playMode: 'follow',
    followFactor: DEFAULT_FOLLOW_FACTOR,
    waiting: null,
    compressed: [],
    play() {
      if (!core.current || get().fault) return;
      // Every play starts slow: whatever is in flight is seen from where it is.
      follower.state = FOLLOW_START;
      if (!get().playing) set({ playing: true });
      player.start();
    },
    pause,
    togglePlay() {
      if (get().playing) pause();
      else get().play();
    },
    setSpeed(x) {
      // Choosing a speed is choosing to play at a steady rate.
      if (get().playMode !== 'steady') get().setPlayMode('steady');
      set({ speed: clampSpeed(x) });
    },
    playUntil(reached, start = true) {
      until = reached;
      if (reached !== null && start) get().play();
    },
    setPlayMode(m) {
      follower.state = FOLLOW_START;
      set({ playMode: m, waiting: null });
    },
    setFollowFactor(x) {
      if (get().playMode !== 'follow') get().setPlayMode('follow');
      set({ followFactor: clampFollowFactor(x) });
    },
  };
}
