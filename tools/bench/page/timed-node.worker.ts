// One Redis node in its own Web Worker, for the benchmark's profile pass: the ordinary host shell
// behind timers (reading each message, the whole handler, posting the result), plus an empty
// round trip and a report of those timers.
/// <reference lib="webworker" />
import { serveHost } from '../../../src/runtime/host-shell.ts';
import type { Endpoint } from '../../../src/runtime/endpoint.ts';
import type { FromHost, ToHost } from '../../../src/runtime/protocol.ts';
import type { WorkerTimes } from './hosts-bench.ts';
import { isBenchMessage, type BenchFromWorker } from './timed-protocol.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const times: WorkerTimes = { handlerMs: 0, readMs: 0, postMs: 0, messages: 0 };
const listeners = new Set<(ev: { data: ToHost }) => void>();

const ep: Endpoint<ToHost, FromHost> = {
  postMessage(m, transfer) {
    const t = performance.now();
    ctx.postMessage(m, transfer ?? []);
    times.postMs += performance.now() - t;
  },
  addEventListener(_type, fn) {
    listeners.add(fn);
  },
  removeEventListener(_type, fn) {
    listeners.delete(fn);
  },
};

ctx.addEventListener('message', (ev: MessageEvent) => {
  const t0 = performance.now();
  const data: unknown = ev.data;
  const t1 = performance.now();
  if (isBenchMessage(data)) {
    const reply: BenchFromWorker | null =
      data.type === 'benchPing' ? { type: 'benchPong', id: data.id } : data.type === 'benchTimes' ? { type: 'benchTimes', id: data.id, times } : null;
    if (reply) ctx.postMessage(reply);
    return;
  }
  for (const fn of listeners) fn({ data: data as ToHost });
  times.readMs += t1 - t0;
  times.handlerMs += performance.now() - t0;
  times.messages++;
});

serveHost(ep);
