// Helpers shared by the engine and real-cluster halves of the benchmark: the workload's key and
// value shape, INFO parsing, and memory sampling.

import v8 from 'node:v8';

/** The benchmark's workload, the same on both sides: SET key:<12-digit random> <3 bytes>. */
export interface Workload {
  /** Number of SET commands. */
  readonly writes: number;
  /** Concurrent clients (redis-benchmark -c). */
  readonly clients: number;
  /** Random keys are drawn from [0, keyspace) (redis-benchmark -r). */
  readonly keyspace: number;
  /** Value size in bytes (redis-benchmark -d). */
  readonly valueBytes: number;
}

/** redis-benchmark's key for `-r`: "key:" and the random number zero-padded to 12 digits. */
export function benchKey(n: number): string {
  return `key:${String(n).padStart(12, '0')}`;
}

/** redis-benchmark's value for `-d N`: N times 'x'. */
export function benchValue(bytes: number): string {
  return 'x'.repeat(bytes);
}

/** INFO text -> field map (section headers and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** An integer INFO field, or an error naming what is missing. */
export function infoInt(info: Map<string, string>, field: string, where: string): number {
  const v = info.get(field);
  const n = v === undefined ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new Error(`${where}: INFO has no numeric ${field} (got ${v ?? 'nothing'})`);
  return n;
}

/** The slaveN lines of a master's INFO replication: their state fields, in order. */
export function replicaStates(info: Map<string, string>): string[] {
  const states: string[] = [];
  for (let i = 0; ; i++) {
    const line = info.get(`slave${i}`);
    if (line === undefined) return states;
    const m = /(?:^|,)state=([^,]+)/.exec(line);
    states.push(m ? m[1] : '?');
  }
}

/** Tracks the largest V8 heap use seen (sampled; the process's peak RSS comes from the kernel). */
export class HeapSampler {
  peakHeapBytes = 0;

  sample(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.peakHeapBytes) this.peakHeapBytes = used;
  }
}

/**
 * Bytes allocated on the V8 heap over a span, and the garbage collections in it: the heap in use
 * at the end minus at the start, plus what every collection in between freed (v8.GCProfiler
 * reports the heap before and after each one). Cheap enough to run during a timed part.
 */
export class AllocationMeter {
  private profiler = new v8.GCProfiler();
  private startUsed = 0;

  start(): void {
    this.startUsed = v8.getHeapStatistics().used_heap_size;
    this.profiler.start();
  }

  stop(): { allocatedBytes: number; gcCount: number; gcMs: number } {
    const endUsed = v8.getHeapStatistics().used_heap_size;
    const stats = this.profiler.stop()?.statistics ?? [];
    let freed = 0;
    let costUs = 0;
    for (const g of stats) {
      freed += Math.max(0, g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize);
      costUs += g.cost;
    }
    return { allocatedBytes: endUsed - this.startUsed + freed, gcCount: stats.length, gcMs: costUs / 1000 };
  }
}

/** The process's peak resident set size so far, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export const MiB = 1024 * 1024;
