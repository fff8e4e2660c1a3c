// The master's replication PINGs, for explaining offset differences: a master feeds PING (14
// bytes) to its replication stream at every repl-ping-replica-period-th replicationCron tick
// (replication.c, replicationCron) if it has replicas then. The engine records its PINGs exactly;
// for a real server we know from its log when replicas were attached and estimate its tick times.

/** The RESP bytes of PING in the replication stream: *1\r\n$4\r\nPING\r\n. */
export const PING_BYTES = 14;

/**
 * How late a real replicationCron tick may be: serverCron re-arms its 100 ms timer after each run,
 * so ticks drift by about 1% (measured: the 10th second's tick at +10.11 s, the 30th at +30.29 s);
 * we allow 2% plus 100 ms (startup, a busy event loop).
 */
export const DRIFT_RATIO = 0.02;
export const DRIFT_SLACK_MS = 100;

export interface AttachEvent {
  readonly ms: number;
  readonly replica: string;
  readonly attached: boolean;
}

/** A master's replicas over time, from its log, and when its process ran. */
export interface MasterTimeline {
  readonly events: readonly AttachEvent[];
  /** Process starts (ms), in order. */
  readonly starts: readonly number[];
  /** Process deaths (crash), in order. */
  readonly stops: readonly number[];
}

function incarnationAt(tl: MasterTimeline, t: number): { start: number; end: number } | null {
  let start: number | null = null;
  for (const s of tl.starts) if (s <= t) start = s;
  if (start === null) return null;
  const end = tl.stops.find((x) => x >= start!) ?? Infinity;
  return t < end ? { start, end } : null;
}

/** How many replicas the master had at time t (events at t included). */
export function attachedAt(tl: MasterTimeline, t: number): number {
  const inc = incarnationAt(tl, t);
  if (!inc) return 0;
  const set = new Set<string>();
  for (const e of tl.events) {
    if (e.ms < inc.start || e.ms > t) continue;
    if (e.attached) set.add(e.replica);
    else set.delete(e.replica);
  }
  return set.size;
}

/** Did the master have replicas at some moment of [lo, hi]? and during all of it? */
export function attachedDuring(tl: MasterTimeline, lo: number, hi: number): { any: boolean; all: boolean } {
  const points = [lo, ...tl.events.filter((e) => e.ms > lo && e.ms <= hi).map((e) => e.ms), ...tl.stops.filter((s) => s > lo && s <= hi)];
  const counts = points.map((p) => attachedAt(tl, p));
  return { any: counts.some((c) => c > 0), all: counts.every((c) => c > 0) };
}

export interface RealTick {
  /** Earliest and latest time this tick can have run. */
  readonly lo: number;
  readonly hi: number;
  /** The master surely had replicas then (a PING for sure), or maybe (a PING perhaps). */
  readonly surely: boolean;
  readonly maybe: boolean;
}

/** The PING ticks of a real master up to untilMs: every periodSec seconds after each start. */
export function realPingTicks(tl: MasterTimeline, periodSec: number, untilMs: number): RealTick[] {
  const out: RealTick[] = [];
  tl.starts.forEach((start) => {
    const end = Math.min(tl.stops.find((x) => x >= start) ?? Infinity, untilMs);
    for (let k = 1; ; k++) {
      const nominal = k * periodSec * 1000;
      const lo = start + nominal;
      if (lo > end) break;
      const hi = start + nominal * (1 + DRIFT_RATIO) + DRIFT_SLACK_MS;
      const a = attachedDuring(tl, lo, Math.min(hi, end));
      out.push({ lo, hi, surely: a.all && hi <= end, maybe: a.any });
    }
  });
  return out;
}

/**
 * How many PINGs the real master fed by an observation made between t0 and t1: at least the
 * ticks that surely ran before t0 with replicas attached, at most those that may have run by t1
 * with replicas maybe attached.
 */
export function realPingRange(tl: MasterTimeline, periodSec: number, t0: number, t1: number): { min: number; max: number; ticks: RealTick[] } {
  const ticks = realPingTicks(tl, periodSec, t1);
  let min = 0;
  let max = 0;
  for (const k of ticks) {
    if (k.surely && k.hi <= t0) min++;
    if (k.maybe && k.lo <= t1) max++;
  }
  return { min, max, ticks };
}

export function enginePingCount(pings: readonly number[], t: number): number {
  return pings.filter((p) => p <= t).length;
}

/** A number of PINGs known to lie between min and max. */
export interface PingRange {
  readonly min: number;
  readonly max: number;
}

/** PINGs a real master fed in the window (t0, t1]: at least those surely in it, at most those maybe in it. */
export function realPingsBetween(tl: MasterTimeline, periodSec: number, t0: number, t1: number): PingRange {
  const to = realPingRange(tl, periodSec, t1, t1);
  const from = realPingRange(tl, periodSec, t0, t0);
  return { min: Math.max(0, to.min - from.max), max: Math.max(0, to.max - from.min) };
}

/**
 * Is real - engine a whole number of PINGs that the two PING histories allow? Returns the number
 * of extra real PINGs (negative: fewer), or null.
 */
export function pingExplains(diff: number, real: PingRange, engine: PingRange): number | null {
  if (diff === 0 || diff % PING_BYTES !== 0) return null;
  const k = diff / PING_BYTES;
  return k >= real.min - engine.max && k <= real.max - engine.min ? k : null;
}
