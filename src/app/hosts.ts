// Where the nodes run: 'worker' (one Web Worker per node) or 'inline' (in the page's own thread),
// as the factory a Timeline takes. Also holds the failAt test hook (see failingHost).

import type { HostHandle, Endpoint } from '../runtime/endpoint.ts';
import { spawnWorkerHost } from '../runtime/browser-workers.ts';
import { serveHost } from '../runtime/host-shell.ts';
import type { FromHost, ToHost } from '../runtime/protocol.ts';
import type { TimelineOptions } from '../runtime/timeline.ts';
import { WorkerSim } from '../runtime/worker-sim.ts';

export type Host = 'worker' | 'inline';

export type MakeSim = NonNullable<TimelineOptions['makeSim']>;

export interface HostOptions {
  /**
   * TEST HOOK ONLY (URL flag `failAt=<command>`): every node's host answers a batch that carries
   * this command with a 'failed' message, as an engine bug would, so the fault panel can be tested.
   * With it the nodes always run behind the host protocol: in Web Workers for 'worker', over a
   * MessageChannel in this thread for 'inline'.
   */
  readonly failAt?: string;
  /** How to start one node's Web Worker (default: spawnWorkerHost; injectable for tests). */
  readonly spawnWorker?: (node: string) => HostHandle;
}

/** Is a Web Worker available here? If not, the page falls back to the inline host. */
export function workersAvailable(): boolean {
  return typeof Worker !== 'undefined';
}

/** The Timeline's makeSim for a host; undefined means the Timeline's own inline Sim. */
export function makeSimFor(host: Host, o: HostOptions, onSim?: (s: WorkerSim) => void): MakeSim | undefined {
  if (host === 'inline' && !o.failAt) return undefined;
  const base: (node: string) => HostHandle = host === 'worker' ? (o.spawnWorker ?? spawnWorkerHost) : channelHost;
  const spawn = o.failAt ? (node: string) => failingHost(base(node), o.failAt!) : base;
  return (opts) => {
    const s = new WorkerSim({ ...opts, spawn });
    onSim?.(s);
    return s;
  };
}

/** A node's host in this thread behind a real MessageChannel: the worker shell, minus the Worker. */
export function channelHost(): HostHandle {
  const ch = new MessageChannel();
  serveHost(ch.port2 as unknown as Endpoint<ToHost, FromHost>);
  ch.port2.start();
  const near = ch.port1;
  near.start();
  let terminated = false;
  return {
    postMessage: (m) => { if (!terminated) near.postMessage(m); },
    addEventListener: (t, fn) => near.addEventListener(t, fn as never),
    removeEventListener: (t, fn) => near.removeEventListener(t, fn as never),
    terminate: () => { terminated = true; near.close(); ch.port2.close(); },
    onError: () => {},
  };
}

/**
 * TEST HOOK ONLY. Wraps a host so that a batch carrying `command` is answered with 'failed'
 * instead of being run: the same message the host shell sends when the engine throws.
 */
export function failingHost(h: HostHandle, command: string): HostHandle {
  const listeners = new Set<(ev: { data: FromHost }) => void>();
  const wanted = command.toUpperCase();
  return {
    postMessage: (m) => {
      if (m.type === 'batch' && m.inputs.some((i) => i.input.type === 'command' && i.input.argv[0]?.toUpperCase() === wanted)) {
        const failed: FromHost = { type: 'failed', id: m.id, message: `assertion failed: test hook failAt=${command}`, stack: '' };
        void Promise.resolve().then(() => { for (const fn of listeners) fn({ data: failed }); });
        return;
      }
      h.postMessage(m);
    },
    addEventListener: (t, fn) => { listeners.add(fn); h.addEventListener(t, fn); },
    removeEventListener: (t, fn) => { listeners.delete(fn); h.removeEventListener(t, fn); },
    terminate: () => h.terminate(),
    onError: (fn) => h.onError(fn),
  };
}
