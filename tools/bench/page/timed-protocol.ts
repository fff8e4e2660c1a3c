// The extra messages of the benchmark's profiling worker, next to the host protocol: an empty
// round trip (to measure the fixed cost of a message to a worker and back) and a request for the
// worker's timers.

import type { WorkerTimes } from './hosts-bench.ts';

export type BenchToWorker =
  | { readonly type: 'benchPing'; readonly id: number }
  | { readonly type: 'benchTimes'; readonly id: number };

export type BenchFromWorker =
  | { readonly type: 'benchPong'; readonly id: number }
  | { readonly type: 'benchTimes'; readonly id: number; readonly times: WorkerTimes };

const BENCH_TYPES: ReadonlySet<string> = new Set(['benchPing', 'benchPong', 'benchTimes']);

export function isBenchMessage(m: unknown): m is BenchToWorker | BenchFromWorker {
  return typeof m === 'object' && m !== null && BENCH_TYPES.has((m as { type?: unknown }).type as string);
}
