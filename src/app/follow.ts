// Follow mode: simulated time runs at a rate chosen from what is on the links. While bytes are in
// flight, a frame takes about CROSS_WALL_MS of wall time to cross its link; when nothing is in
// flight, time runs quickly to the next known moment (a timer's end, the next scripted action,
// bytes queued to leave), planned so that a silent stretch lasts at most about a second of wall
// time. The rate rises smoothly (exponential smoothing in log-rate) and drops at once when bytes
// leave, so no frame crosses unseen. Everything here is a pure function of its inputs: how fast
// the cursor moves never changes the run.

import type { TimerView } from '../runtime/protocol.ts';
import type { FrameRecord } from '../runtime/sim.ts';
import type { FrameList } from '../runtime/frame-list.ts';

export type PlayMode = 'follow' | 'steady';

/** Follow's own slower/faster control: a factor on every rate it picks. */
export const FOLLOW_FACTORS: readonly number[] = [0.5, 1, 2, 4];
export const DEFAULT_FOLLOW_FACTOR = 1;

/** Wall time a frame takes to cross its link on screen at factor 1 (a 1 ms link plays at 1/700×). */
export const CROSS_WALL_MS = 700;
/** The longest a silent stretch is planned to last, in wall time at factor 1. */
export const MAX_SILENCE_WALL_MS = 1000;
/** How far ahead a silent stretch with no known end is planned, in simulated ms. */
export const UNKNOWN_AHEAD_MS = 1000;
/** Time constant of the rate's rise (log-rate), in wall ms. */
export const RISE_MS = 70;
export const MIN_FOLLOW_RATE = 1e-5;
export const MAX_FOLLOW_RATE = 1000;
/** A rate above this (faster than real time) counts as a compressed stretch. */
export const COMPRESSED_RATE = 1;

export function clampFollowFactor(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return DEFAULT_FOLLOW_FACTOR;
  return Math.min(FOLLOW_FACTORS[FOLLOW_FACTORS.length - 1], Math.max(FOLLOW_FACTORS[0], x));
}

/** "½×", "1×", "2×", "4×". */
export function formatFactor(x: number): string {
  return x === 0.5 ? '½×' : `${x}×`;
}

/** What the links carry at the cursor. */
export interface LinkActivity {
  /** The shortest crossing (arrive − sent) among the frames in flight, routine ones aside; null when none. */
  readonly crossingMs: number | null;
  /** The earliest moment a frame already sent by a node leaves (queued behind others), if any. */
  readonly nextDepartureMs: number | null;
}

/** The channel Sentinels announce themselves on (sentinel.c's SENTINEL_HELLO_CHANNEL). */
const HELLO_CHANNEL = '__sentinel__:hello';

type RespValue =
  | { readonly t: 'simple' | 'error' | 'int'; readonly s: string }
  /** A bulk string; `s` is what the preview shows of it (it may be cut). */
  | { readonly t: 'bulk'; readonly s: string }
  | { readonly t: 'array'; readonly items: readonly RespValue[] };

/**
 * Reads the RESP values a frame carries from its preview (its first bytes). Only the last value
 * may be cut short, and only inside a bulk string's body: its declared length still tells where
 * it ends. Null unless the values end exactly at `bytes`, the frame's size.
 */
function respValues(p: string, bytes: number): RespValue[] | null {
  let at = 0;
  const line = (): string | null => {
    const end = p.indexOf('\r\n', at);
    if (end < 0) return null;
    const l = p.slice(at, end);
    at = end + 2;
    return l;
  };
  const value = (depth: number): RespValue | null => {
    const l = line();
    if (l === null || l.length === 0) return null;
    const rest = l.slice(1);
    switch (l[0]) {
      case '+': return { t: 'simple', s: rest };
      case '-': return { t: 'error', s: rest };
      case ':': return /^-?\d+$/.test(rest) ? { t: 'int', s: rest } : null;
      case '$': {
        const n = Number(rest);
        if (!Number.isInteger(n) || n < 0) return null;
        const s = p.slice(at, at + n);
        at += n + 2;
        return { t: 'bulk', s };
      }
      case '*': {
        const n = Number(rest);
        if (!Number.isInteger(n) || n < 0 || depth > 2) return null;
        const items: RespValue[] = [];
        for (let k = 0; k < n; k++) {
          if (at >= p.length) return null;
          const v = value(depth + 1);
          if (!v) return null;
          items.push(v);
        }
        return { t: 'array', items };
      }
      default: return null;
    }
  };
  const out: RespValue[] = [];
  while (at < p.length && at < bytes) {
    const v = value(0);
    if (!v) return null;
    out.push(v);
  }
  return at === bytes && out.length > 0 ? out : null;
}

/** A command (or a pushed message): its words, when it is an array of bulk strings. */
function words(v: RespValue): string[] | null {
  if (v.t !== 'array' || v.items.length === 0) return null;
  const out: string[] = [];
  for (const x of v.items) {
    if (x.t !== 'bulk') return null;
    out.push(x.s);
  }
  return out;
}

/** A Sentinel's routine: PING, INFO, PUBLISH __sentinel__:hello, the hello delivered to subscribers, and the replies (+PONG, INFO's text, PUBLISH's count). */
function routineSentinelValue(v: RespValue): boolean {
  if (v.t === 'simple') return v.s === 'PONG';
  if (v.t === 'int') return true;
  if (v.t === 'bulk') return v.s.startsWith('# Server\r\n');
  const w = words(v);
  if (!w) return false;
  const cmd = w[0].toUpperCase();
  if (cmd === 'PING' || cmd === 'INFO') return w.length === 1;
  if (cmd === 'PUBLISH' || cmd === 'MESSAGE') return w.length === 3 && w[1] === HELLO_CHANNEL;
  return false;
}

/**
 * Is this frame routine traffic that should not slow Follow down? The master's keepalive
 * newlines ("\n" every second before an RDB); a Sentinel's routine PING / INFO / hello and their
 * replies; and a hello (PUBLISH __sentinel__:hello, maybe after a SELECT) in a replication stream.
 * Everything else a Sentinel sends (SENTINEL is-master-down-by-addr and its votes, MULTI,
 * SLAVEOF / REPLICAOF, CONFIG REWRITE, CLIENT KILL, EXEC's reply...) is not routine. Decided from
 * the frame's kind and its RESP, never from log text.
 */
export function routineFrame(f: FrameRecord): boolean {
  if (f.kind === 'keepalive') return true;
  if (f.kind !== 'sentinel' && f.kind !== 'stream') return false;
  let r = routineSeen.get(f);
  if (r === undefined) routineSeen.set(f, (r = readRoutine(f)));
  return r;
}

/** routineFrame's answers: a frame is read once, not on every animation frame. */
const routineSeen = new WeakMap<FrameRecord, boolean>();

function readRoutine(f: FrameRecord): boolean {
  const vs = respValues(f.preview, f.bytes);
  if (!vs) return false;
  if (f.kind === 'sentinel') return vs.every(routineSentinelValue);
  let hello = false;
  for (const v of vs) {
    const w = words(v);
    if (!w) return false;
    const cmd = w[0].toUpperCase();
    if (cmd === 'PUBLISH' && w.length === 3 && w[1] === HELLO_CHANNEL) hello = true;
    else if (cmd !== 'SELECT' || w.length !== 2) return false;
  }
  return hello;
}

/**
 * Reads the frames in flight at the cursor. Frames are recorded in the order they were sent, so
 * only a recent tail can still be on a link; `tail` bounds the scan. Routine frames (see
 * routineFrame: keepalives, a Sentinel's pings and hellos) do not slow playback down: they are
 * drawn, but a wait made of them still passes in about a second.
 */
export function linkActivity(frames: FrameList, cursorMs: number, tail = 512): LinkActivity {
  let crossingMs: number | null = null;
  let nextDepartureMs: number | null = null;
  for (let i = frames.length - 1; i >= 0 && i >= frames.length - tail; i--) {
    const f = frames.at(i)!;
    if (f.arriveAtMs <= cursorMs || routineFrame(f)) continue;
    if (f.sentAtMs <= cursorMs) {
      const d = Math.max(f.arriveAtMs - f.sentAtMs, 1e-3);
      crossingMs = crossingMs === null ? d : Math.min(crossingMs, d);
    } else {
      nextDepartureMs = nextDepartureMs === null ? f.sentAtMs : Math.min(nextDepartureMs, f.sentAtMs);
    }
  }
  return { crossingMs, nextDepartureMs };
}

export interface FollowInput {
  /** Wall time since the previous frame. */
  readonly dtMs: number;
  readonly cursorMs: number;
  readonly factor: number;
  readonly activity: LinkActivity;
  /** The next known moment something happens (a timer's end, the next action), ms since the run began. */
  readonly horizonMs: number | null;
}

/** A silent stretch being crossed: where it ends, and the wall time left to get there. */
export interface SilencePlan {
  readonly toMs: number;
  /** Was the end known (a timer, an action), or only a guess of UNKNOWN_AHEAD_MS? */
  readonly known: boolean;
  readonly wallLeftMs: number;
}

export interface FollowState {
  /** Simulated ms per wall ms. */
  readonly rate: number;
  readonly plan: SilencePlan | null;
}

export const FOLLOW_START: FollowState = { rate: 1 / CROSS_WALL_MS, plan: null };

/** The wall time a silent stretch of `simMs` gets at factor 1: from 150 ms for a millisecond to a second. */
export function silenceWallMs(simMs: number): number {
  return Math.min(MAX_SILENCE_WALL_MS, Math.max(150, 250 * Math.log10(Math.max(1, simMs))));
}

/** The rate while bytes are in flight: the shortest crossing takes CROSS_WALL_MS / factor. */
export function crossingRate(crossingMs: number, factor: number): number {
  return clampRate((crossingMs * factor) / CROSS_WALL_MS);
}

function clampRate(r: number): number {
  return Math.min(MAX_FOLLOW_RATE, Math.max(MIN_FOLLOW_RATE, r));
}

/** Where the silence in front of the cursor ends, as far as anyone knows. */
function silenceEnd(i: FollowInput): { toMs: number; known: boolean } {
  const cands = [i.horizonMs, i.activity.nextDepartureMs].filter((x): x is number => x !== null && x > i.cursorMs);
  return cands.length ? { toMs: Math.min(...cands), known: true } : { toMs: i.cursorMs + UNKNOWN_AHEAD_MS, known: false };
}

/**
 * One frame of follow mode: the rate for this frame and the state for the next. In flight, the
 * rate drops at once to the crossing rate and rises back smoothly; in a silence, it aims at the
 * plan's end within the plan's wall time, rising with time constant RISE_MS.
 */
export function followStep(s: FollowState, i: FollowInput): FollowState {
  const dt = Math.max(0, i.dtMs);
  if (i.activity.crossingMs !== null) {
    const target = crossingRate(i.activity.crossingMs, i.factor);
    return { rate: target < s.rate ? target : ease(s.rate, target, dt), plan: null };
  }
  const end = silenceEnd(i);
  let plan = s.plan;
  if (!plan || plan.toMs !== end.toMs || plan.known !== end.known || i.cursorMs >= plan.toMs) {
    plan = { toMs: end.toMs, known: end.known, wallLeftMs: silenceWallMs(end.toMs - i.cursorMs) / i.factor };
  }
  const wallLeftMs = Math.max(plan.wallLeftMs - dt, 0);
  const left = plan.toMs - i.cursorMs;
  // Behind plan (the rate is still rising), the target rises to make up for it.
  const target = clampRate(left / Math.max(wallLeftMs, 2 * RISE_MS));
  return { rate: ease(s.rate, target, dt), plan: { ...plan, wallLeftMs } };
}

/** Exponential smoothing in log-rate over dt wall ms. */
function ease(rate: number, target: number, dt: number): number {
  const a = 1 - Math.exp(-dt / RISE_MS);
  return clampRate(Math.exp(Math.log(rate) + a * (Math.log(target) - Math.log(rate))));
}

/** How far this frame goes: dt × rate, never past the end of a known silence. */
export function followTarget(s: FollowState, i: FollowInput): number {
  const to = i.cursorMs + i.dtMs * s.rate;
  return s.plan?.known ? Math.min(to, s.plan.toMs) : to;
}

/** A compressed (fast-forwarded) stretch of simulated time. */
export interface Stretch {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Adds [fromMs, toMs] to the stretches, merging it with the last when they touch. */
export function addStretch(list: readonly Stretch[], fromMs: number, toMs: number): readonly Stretch[] {
  if (!(toMs > fromMs)) return list;
  const last = list[list.length - 1];
  if (last && fromMs <= last.toMs + 1e-6 && toMs >= last.fromMs) {
    return [...list.slice(0, -1), { fromMs: Math.min(last.fromMs, fromMs), toMs: Math.max(last.toMs, toMs) }];
  }
  if (list.some((x) => fromMs >= x.fromMs && toMs <= x.toMs)) return list;
  return [...list, { fromMs, toMs }];
}

/** The stretches before a moment (a branch's shared history), the one across it cut there. */
export function stretchesBefore(list: readonly Stretch[], atMs: number): readonly Stretch[] {
  return list.filter((x) => x.fromMs < atMs).map((x) => (x.toMs > atMs ? { fromMs: x.fromMs, toMs: atMs } : x));
}

/** What a silence waits for, for the transport: the timer that ends it, or the next known moment. */
export type FollowWait =
  | { readonly kind: 'timer'; readonly node: string; readonly name: TimerView['name']; readonly peer?: string; readonly endMs: number }
  | { readonly kind: 'event'; readonly atMs: number | null };

export function sameWait(a: FollowWait | null, b: FollowWait | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'timer' && b.kind === 'timer') return a.node === b.node && a.name === b.name && a.peer === b.peer && a.endMs === b.endMs;
  if (a.kind === 'event' && b.kind === 'event') return a.atMs === b.atMs;
  return false;
}

/** The timer ending first after the cursor, if any. */
export function nextTimer(timers: readonly { node: string; timer: TimerView }[], cursorMs: number): { node: string; timer: TimerView } | null {
  let best: { node: string; timer: TimerView } | null = null;
  for (const t of timers) if (t.timer.endMs > cursorMs && (!best || t.timer.endMs < best.timer.endMs)) best = t;
  return best;
}

/**
 * The timer a silence waits for, as the wait line names it: the first to end, except that a
 * replica's connect retry toward a node that is down (`downPorts`: each node has its own port)
 * only fails again, so any other timer running then (a Sentinel's down-after-milliseconds, a
 * failover-timeout, a repl-timeout) is what the wait is for.
 */
export function waitTimer(timers: readonly { node: string; timer: TimerView }[], cursorMs: number,
  downPorts: ReadonlySet<number>): { node: string; timer: TimerView } | null {
  const futile = (t: { timer: TimerView }) => t.timer.name === 'connect-retry' && downPorts.has(Number(t.timer.peer?.split(':').pop()));
  return nextTimer(timers.filter((t) => !futile(t)), cursorMs) ?? nextTimer(timers, cursorMs);
}
