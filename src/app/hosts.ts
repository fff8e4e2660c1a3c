// Where the nodes run: 'worker' (one Web Worker per node) or 'inline' (in the page's own thread),
// as the factory a Timeline takes. Also holds the failAt test hook (see failingHost). The
// simulator and the engine are not part of the page's first load: they are imported here on demand.

import type { HostHandle } from '../runtime/endpoint.ts';
import { compileInWorker, spawnWorkerHost, type WorkerCompiled } from '../runtime/browser-workers.ts';
import type { CompileOptions, CompileProgress, TimelineOptions } from '../runtime/timeline.ts';
import type { WorkerSim } from '../runtime/worker-sim.ts';

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
  /** How long compiling a scenario in a worker may take before the watchdog stops it. */
  readonly compileTimeoutMs?: number;
}

/** The watchdog's default: well above what the budgets allow a scenario to cost (docs/scenarios.md). */
export const COMPILE_TIMEOUT_MS = 120_000;

/** A compile's means to be cancelled and to tell how far it has got (in a worker only). */
export interface CompileHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: CompileProgress) => void;
}

export type Compile = (text: string, options: CompileOptions, hooks?: CompileHooks) => Promise<WorkerCompiled>;

/**
 * How a scenario is compiled (run once to time its actions): in a Web Worker with a watchdog
 * when the nodes run in workers, so the page never freezes on a long or hostile link; otherwise
 * here, at once.
 */
export function compileFor(host: Host, o: HostOptions): Compile {
  if (host === 'worker') return (text, options, hooks) => compileInWorker(text, options, o.compileTimeoutMs ?? COMPILE_TIMEOUT_MS, hooks?.signal, hooks?.onProgress);
  return async (text, options) => (await import('../runtime/timeline.ts')).compileScenario(text, options);
}

/** Is a Web Worker available here? If not, the page falls back to the inline host. */
export function workersAvailable(): boolean {
  return typeof Worker !== 'undefined';
}

/** The Timeline's makeSim for a host; undefined means the Timeline's own inline Sim. */
export async function makeSimFor(host: Host, o: HostOptions, onSim?: (s: WorkerSim) => void): Promise<MakeSim | undefined> {
  if (host === 'inline' && !o.failAt) return undefined;
  const [{ WorkerSim }, { channelHost, failingHost }] = await Promise.all([import('../runtime/worker-sim.ts'), import('../runtime/channel-host.ts')]);
  const base: (node: string) => HostHandle = host === 'worker' ? (o.spawnWorker ?? spawnWorkerHost) : channelHost;
  const spawn = o.failAt ? (node: string) => failingHost(base(node), o.failAt!) : base;
  return (opts) => {
    const s = new WorkerSim({ ...opts, spawn });
    onSim?.(s);
    return s;
  };
}
