// The scheduler's side of the profile pass: node hosts in profiling workers, behind handles that
// time postMessage (serializing a batch) and reading each reply (deserializing it) on this thread,
// count messages, and size a sample of them.

import type { HostHandle } from '../../../src/runtime/endpoint.ts';
import type { FromHost, ToHost } from '../../../src/runtime/protocol.ts';
import type { WorkerTimes } from './hosts-bench.ts';
import { isBenchMessage, type BenchFromWorker, type BenchToWorker } from './timed-protocol.ts';

export interface HandleTimes {
  postMs: number;
  readMs: number;
  messagesOut: number;
  messagesIn: number;
  sampledOut: number;
  sampledOutChars: number;
  sampledIn: number;
  sampledInChars: number;
}

/**
 * One message in this many is sized (JSON length): sizing all of them would cost more than sending
 * them. A prime, so that the sample does not always fall on the same node's message of a window.
 */
export const SAMPLE_EVERY = 47;

/** A message's size: its JSON length, with each typed array (the packed batches' numbers) counted as its bytes. */
export function messageSize(m: unknown): number {
  let typed = 0;
  const json = JSON.stringify(m, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      typed += v.byteLength;
      return 0;
    }
    return v;
  });
  return json.length + typed;
}

export interface TimedWorker {
  readonly handle: HostHandle;
  /** An empty message to the worker and back. */
  ping(): Promise<void>;
  /** The worker's own timers. */
  times(): Promise<WorkerTimes>;
}

export function newHandleTimes(): HandleTimes {
  return { postMs: 0, readMs: 0, messagesOut: 0, messagesIn: 0, sampledOut: 0, sampledOutChars: 0, sampledIn: 0, sampledInChars: 0 };
}

export function spawnTimedWorker(node: string, t: HandleTimes): TimedWorker {
  const w = new Worker(new URL('./timed-node.worker.ts', import.meta.url), { type: 'module', name: `replscope-bench-${node}` });
  const waiting = new Map<number, (m: BenchFromWorker) => void>();
  let nextId = 1;
  const wrapped = new Map<(ev: { data: FromHost }) => void, EventListener>();
  w.addEventListener('message', (ev) => {
    const m: unknown = ev.data;
    if (!isBenchMessage(m)) return;
    const done = waiting.get(m.id);
    waiting.delete(m.id);
    done?.(m as BenchFromWorker);
  });
  const ask = (msg: BenchToWorker) => new Promise<BenchFromWorker>((resolve) => {
    waiting.set(msg.id, resolve);
    w.postMessage(msg);
  });
  const handle: HostHandle = {
    postMessage: (m: ToHost, transfer?: Transferable[]) => {
      const sample = t.messagesOut % SAMPLE_EVERY === 0 ? messageSize(m) : -1;
      const t0 = performance.now();
      w.postMessage(m, transfer ?? []);
      t.postMs += performance.now() - t0;
      t.messagesOut++;
      if (sample >= 0) {
        t.sampledOut++;
        t.sampledOutChars += sample;
      }
    },
    addEventListener: (_type, fn) => {
      const l: EventListener = (ev) => {
        const t0 = performance.now();
        const data: unknown = (ev as MessageEvent).data;
        const t1 = performance.now();
        if (isBenchMessage(data)) return;
        t.readMs += t1 - t0;
        if (t.messagesIn++ % SAMPLE_EVERY === 0) {
          t.sampledIn++;
          t.sampledInChars += messageSize(data);
        }
        fn({ data: data as FromHost });
      };
      wrapped.set(fn, l);
      w.addEventListener('message', l);
    },
    removeEventListener: (_type, fn) => {
      const l = wrapped.get(fn);
      if (l) w.removeEventListener('message', l);
      wrapped.delete(fn);
    },
    terminate: () => w.terminate(),
    onError: (fn) => {
      w.addEventListener('error', (e) => fn(e.message || 'the worker failed to start'));
      w.addEventListener('messageerror', () => fn('a message could not be read'));
    },
  };
  return {
    handle,
    ping: async () => {
      await ask({ type: 'benchPing', id: nextId++ });
    },
    times: async () => {
      const m = await ask({ type: 'benchTimes', id: nextId++ });
      if (m.type !== 'benchTimes') throw new Error(`${node}: unexpected ${m.type}`);
      return m.times;
    },
  };
}

/** Wall ms of empty round trips to every worker at once (what a window costs at the least), one per round. */
export async function pingAll(workers: readonly TimedWorker[], rounds: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await Promise.all(workers.map((w) => w.ping()));
    out.push(performance.now() - t0);
  }
  return out;
}
