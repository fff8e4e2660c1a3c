// The time machine's seek benchmark in Node (inline host): runs the session of
// tools/bench/page/timeline-bench.ts with Node's means of sizing checkpoints (v8.serialize, the same
// structured-clone format the Timeline copies them with), of reading memory in use after a full
// GC (the V8 heap plus ArrayBuffers, where the backlog's blocks live), and of timing GC pauses.

import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { runSessionBench, type SessionResult, type SessionWorkload } from './page/timeline-bench.ts';

/** A full garbage collection, if this process can trigger one. */
function gcFunction(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/** GC pauses as Node reports them (start on the performance.now() clock, duration), collected as they arrive. */
function gcWatcher(): { between: (fromMs: number, toMs: number) => Promise<number>; stop: () => void } {
  const pauses: [start: number, duration: number][] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push([e.startTime, e.duration]);
  });
  obs.observe({ entryTypes: ['gc'] });
  return {
    between: async (fromMs, toMs) => {
      // Reports are delivered on a later turn of the event loop.
      await new Promise((r) => setTimeout(r, 5));
      let ms = 0;
      for (const [start, duration] of pauses) if (start >= fromMs && start < toMs) ms += duration;
      return ms;
    },
    stop: () => obs.disconnect(),
  };
}

export async function runNodeSession(w: SessionWorkload, log: (s: string) => void): Promise<SessionResult> {
  const gc = gcFunction();
  const pauses = gcWatcher();
  try {
    return await runSessionBench(w, {
      log,
      gcMsBetween: pauses.between,
      sizeOf: (x) => v8.serialize(x).length,
      cpuMs: () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      },
      ...(gc ? { heapUsedAfterGc: async () => {
        // Freed ArrayBuffers leave `external` when a background sweep gets to them (late on a busy
        // machine): collect, let it run, and collect again before reading.
        gc();
        await new Promise((r) => setTimeout(r, 200));
        gc();
        const m = process.memoryUsage();
        return m.heapUsed + m.external;
      } } : {}),
    });
  } finally {
    pauses.stop();
  }
}
