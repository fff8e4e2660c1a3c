// Seek time of the time machine in a long session: a Timeline of 1 master + N replicas and a
// steady write load (by default one hour of 100 SETs per simulated second), played to the end
// once, then sent back to random moments. Each seek must land on the exact state the play went
// through (same trace hash, same event count). Runs in Node and in the browser page alike.

import { prngCreate, prngNextU32 } from '../../../src/engine/prng.ts';
import { Timeline, type TimedAction } from '../../../src/runtime/timeline.ts';
import { cloneForResume } from '../../../src/runtime/checkpoint-clone.ts';
import { median, percentile } from './stats.ts';

export interface SessionWorkload {
  /** Simulated seconds of writes. */
  readonly seconds: number;
  readonly writesPerSecond: number;
  /** Keys are key:<n> with n below keyspace. */
  readonly keyspace: number;
  readonly replicas: number;
  readonly seed: number;
  /** The Timeline's checkpointEveryMs; undefined: the Timeline's default. */
  readonly checkpointEveryMs: number | undefined;
  /** Random moments to seek to. */
  readonly seeks: number;
}

/** Checkpoints sized to estimate their memory (an even sample; all of them when fewer). */
const SIZE_SAMPLES = 40;

/** Simulated ms at which the first write is made (the replicas attach at 0). */
export const WRITES_START_MS = 1000;

/** The session as Timeline actions: the nodes, the replicas attached, then the writes. */
export function sessionActions(w: SessionWorkload): TimedAction[] {
  const actions: TimedAction[] = [];
  actions.push({ atMs: 0, action: { type: 'addNode', node: 'master' } });
  const replicas = Array.from({ length: w.replicas }, (_, i) => `replica${i + 1}`);
  for (const r of replicas) actions.push({ atMs: 0, action: { type: 'addNode', node: r } });
  actions.push({ atMs: 0, action: { type: 'command', node: 'master', argv: ['CONFIG', 'SET', 'repl-diskless-sync-delay', '0'], wait: false } });
  for (const r of replicas) actions.push({ atMs: 0, action: { type: 'command', node: r, argv: ['REPLICAOF', '127.0.0.1', '6379'], wait: false } });
  const rng = prngCreate(w.seed, 0x5e55);
  const writes = Math.round(w.seconds * w.writesPerSecond);
  const gap = 1000 / w.writesPerSecond;
  for (let i = 0; i < writes; i++) {
    actions.push({
      atMs: WRITES_START_MS + i * gap,
      action: { type: 'command', node: 'master', argv: ['SET', `key:${prngNextU32(rng) % w.keyspace}`, String(i)], wait: false },
    });
  }
  return actions;
}

/** The session's end: one write interval after the last write. */
export function sessionEndMs(w: SessionWorkload): number {
  return WRITES_START_MS + w.seconds * 1000;
}

/** Seeded random moments in [0, endMs), in the order drawn. */
export function seekTargets(w: SessionWorkload, endMs: number): number[] {
  const rng = prngCreate(w.seed, 0x5eec);
  // Whole milliseconds, so the moments print exactly.
  return Array.from({ length: w.seeks }, () => Math.floor((prngNextU32(rng) / 2 ** 32) * endMs));
}

export interface SeekSample {
  readonly targetMs: number;
  readonly wallMs: number;
  /** Garbage collection during the seek, when the environment reports it. */
  readonly gcMs: number | null;
  /** CPU time this process spent in the seek, when the environment reports it (steadier than wall time on a busy machine). */
  readonly cpuMs: number | null;
  /** The checkpoint the seek started from (ms of simulated time), when known. */
  readonly checkpointMs: number;
}

export interface CheckpointStats {
  readonly count: number;
  readonly atMs: readonly number[];
  /** Structured-clone bytes of all checkpoints (from an even sample of them), when the environment can size them. */
  readonly bytes: number | null;
  /** The largest of the sampled checkpoints. */
  readonly largestBytes: number | null;
  /** How many checkpoints were sized. */
  readonly sized: number;
}

export interface SessionResult {
  readonly writes: number;
  readonly endMs: number;
  /** As given to the Timeline; null: its default. */
  readonly checkpointEveryMs: number | null;
  readonly playWallMs: number;
  /** Garbage collection during the play, when the environment reports it. */
  readonly playGcMs: number | null;
  readonly windows: number;
  readonly events: number;
  readonly traceEntries: number;
  readonly traceHash: string;
  readonly checkpoints: CheckpointStats | null;
  /** Memory in use after the play minus before the Timeline was built (after a GC), when measurable. */
  readonly heapGrowthBytes: number | null;
  /** The same after the seeks (the checkpoints restored, the trace cut back and grown again). */
  readonly heapGrowthAfterSeeksBytes: number | null;
  /** Bytes of the trace's packed chunks at the end of the play. */
  readonly tracePackedBytes: number;
  /** Frames the Timeline keeps for the stage, and the bytes their packed columns take. */
  readonly frames: number;
  readonly framesPackedBytes: number;
  /** The newest checkpoint copied to resume from (as Sim.restore does): what a restore costs before any re-simulation. */
  readonly cloneOneCheckpointMs: number | null;
  /** Seeks in the order run (latest moment first). */
  readonly seeks: readonly SeekSample[];
  readonly seekMedianMs: number;
  readonly seekP95Ms: number;
  readonly seekMaxMs: number;
  /** Seeks that landed on the state the play went through (all of them, or the run fails). */
  readonly verified: number;
  /** The same moments in the order drawn: the seeks that would go forward from the previous one. */
  readonly forwardInDrawnOrder: { readonly count: number; readonly distancesMs: readonly number[] };
}

export interface SessionEnv {
  readonly log: (s: string) => void;
  /** Structured-clone size of a value, in bytes (Node: v8.serialize). */
  readonly sizeOf?: (x: unknown) => number;
  /** Memory in use after a full GC (heap and ArrayBuffers), in bytes. */
  readonly heapUsedAfterGc?: () => number | Promise<number>;
  /** Wall ms spent in garbage collection between two performance.now() times (after letting reports arrive). */
  readonly gcMsBetween?: (fromMs: number, toMs: number) => Promise<number>;
  /** CPU time this process has used so far (ms), user and system. */
  readonly cpuMs?: () => number;
}

interface CheckpointView {
  atMs: number;
  snap: unknown;
}

/** The current branch's checkpoints (the Timeline keeps them private; read only, for measuring). */
function checkpointsOf(tl: Timeline): CheckpointView[] | null {
  const branch = (tl as unknown as { branch?: { checkpoints?: unknown } }).branch;
  const cps = branch?.checkpoints;
  if (!Array.isArray(cps)) return null;
  return cps.every((c) => typeof (c as Partial<CheckpointView>).atMs === 'number') ? (cps as CheckpointView[]) : null;
}

export async function runSessionBench(w: SessionWorkload, env: SessionEnv): Promise<SessionResult> {
  const endMs = sessionEndMs(w);
  const actions = sessionActions(w);
  const writes = actions.length - (1 + 2 * w.replicas + 1);
  const drawn = seekTargets(w, endMs);
  const ascending = [...new Set(drawn)].sort((a, b) => a - b);
  const heapBefore = (await env.heapUsedAfterGc?.()) ?? null;
  const tl = new Timeline({ seed: w.seed, actions, ...(w.checkpointEveryMs !== undefined ? { checkpointEveryMs: w.checkpointEveryMs } : {}) });

  // Play to the end once, stopping at each seek target to note the state there; progress every tenth.
  const stops = [...new Set([...ascending, ...Array.from({ length: 10 }, (_, i) => Math.round(((i + 1) * endMs) / 10))])].sort((a, b) => a - b);
  const seen = new Map<number, { hash: string; events: number }>();
  const t0 = performance.now();
  let nextReport = endMs / 10;
  for (const s of stops) {
    await tl.advanceTo(s);
    if (tl.fault) throw new Error(`the session stopped at ${tl.fault.atMs} ms: ${tl.fault.message}`);
    const snap = tl.snapshot();
    seen.set(s, { hash: snap.traceHash, events: snap.eventCount });
    if (s >= nextReport - 1e-9) {
      env.log(`timeline: played ${(s / 1000).toFixed(0)} of ${(endMs / 1000).toFixed(0)} simulated s (${((performance.now() - t0) / 1000).toFixed(1)} s wall)`);
      nextReport += endMs / 10;
    }
  }
  const t1 = performance.now();
  const playWallMs = t1 - t0;
  const playGcMs = env.gcMsBetween ? await env.gcMsBetween(t0, t1) : null;
  const end = tl.snapshot();
  const windows = tl.simulator.windows;
  const traceEntries = tl.trace.length;
  const tracePackedBytes = tl.trace.packedBytes();
  const frames = tl.frames.length;
  const framesPackedBytes = tl.frames.packedBytes();

  const m0 = performance.now();
  const cps = checkpointsOf(tl);
  let checkpoints: CheckpointStats | null = null;
  let cloneOneCheckpointMs: number | null = null;
  if (cps) {
    let bytes: number | null = null;
    let largest: number | null = null;
    let sized = 0;
    if (env.sizeOf) {
      // Serializing is slow (tens of ms a checkpoint): size an even sample and scale it up.
      const step = Math.max(1, Math.ceil(cps.length / SIZE_SAMPLES));
      let sampled = 0;
      largest = 0;
      for (let i = 0; i < cps.length; i += step) {
        const n = env.sizeOf(cps[i].snap);
        sampled += n;
        largest = Math.max(largest, n);
        sized++;
      }
      bytes = (sampled / sized) * cps.length;
    }
    checkpoints = { count: cps.length, atMs: cps.map((c) => c.atMs), bytes, largestBytes: largest, sized };
    const c0 = performance.now();
    cloneForResume(cps[cps.length - 1].snap);
    cloneOneCheckpointMs = performance.now() - c0;
  }
  const heapAfter = (await env.heapUsedAfterGc?.()) ?? null;
  env.log(`timeline: played in ${(playWallMs / 1000).toFixed(1)} s; checkpoints and memory measured in ${((performance.now() - m0) / 1000).toFixed(1)} s; seeking to ${ascending.length} random moments, latest first`);

  // Latest first: every seek goes back, through the nearest checkpoint before its moment.
  const seeks: SeekSample[] = [];
  let verified = 0;
  for (const target of [...ascending].reverse()) {
    const cp = checkpointsOf(tl);
    let from = NaN;
    if (cp) for (const c of cp) if (c.atMs <= target) from = c.atMs;
    const c0 = env.cpuMs?.() ?? null;
    const s0 = performance.now();
    await tl.seek(target);
    const s1 = performance.now();
    const cpuMs = c0 === null ? null : env.cpuMs!() - c0;
    const wallMs = s1 - s0;
    const gcMs = env.gcMsBetween ? await env.gcMsBetween(s0, s1) : null;
    if (tl.fault) throw new Error(`seeking to ${target} ms failed: ${tl.fault.message}`);
    const got = tl.snapshot();
    const want = seen.get(target)!;
    if (got.traceHash !== want.hash || got.eventCount !== want.events || got.cursorMs !== target) {
      throw new Error(`the seek to ${target} ms landed elsewhere: cursor ${got.cursorMs} ms, trace hash ${got.traceHash} after ${got.eventCount} events, but the play passed ${want.hash} after ${want.events}`);
    }
    verified++;
    seeks.push({ targetMs: target, wallMs, gcMs, cpuMs, checkpointMs: from });
  }
  const times = seeks.map((s) => s.wallMs);
  const heapAfterSeeks = (await env.heapUsedAfterGc?.()) ?? null;

  let prev = endMs;
  const distancesMs: number[] = [];
  for (const t of drawn) {
    if (t > prev) distancesMs.push(t - prev);
    prev = t;
  }

  return {
    writes,
    endMs,
    checkpointEveryMs: w.checkpointEveryMs ?? null,
    playWallMs,
    playGcMs,
    windows,
    events: end.eventCount,
    traceEntries,
    traceHash: end.traceHash,
    checkpoints,
    heapGrowthBytes: heapBefore !== null && heapAfter !== null ? heapAfter - heapBefore : null,
    heapGrowthAfterSeeksBytes: heapBefore !== null && heapAfterSeeks !== null ? heapAfterSeeks - heapBefore : null,
    tracePackedBytes,
    frames,
    framesPackedBytes,
    cloneOneCheckpointMs,
    seeks,
    seekMedianMs: median(times),
    seekP95Ms: percentile(times, 95),
    seekMaxMs: Math.max(...times),
    verified,
    forwardInDrawnOrder: { count: distancesMs.length, distancesMs },
  };
}
