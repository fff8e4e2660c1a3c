// The worker pool: each node's host runs behind the host protocol, in its own Web Worker in the
// browser (a MessagePort in tests). All nodes of a window run in parallel; the scheduler waits at
// the barrier, then routes what crossed. Same windows, same order: the same trace as inline.

import type { Disk, NodeState } from '../engine/state.ts';
import { BudgetExceeded } from '../engine/budget.ts';
import type { HostHandle } from './endpoint.ts';
import { NodeHost } from './node-host.ts';
import type { BatchResult, BatchResults, Booted, HostPool, WindowPlan } from './pool.ts';
import { PROTOCOL_VERSION, type FromHost, type HostInit, type HostSnapshot, type ToHost } from './protocol.ts';
import { Sim, type SimOptions } from './sim.ts';
import { packInputs, transferOf, unpackOutputs } from './wire.ts';

/** How long a node's host may take to answer one request before it is taken for hung. */
export const WATCHDOG_MS = 30_000;

interface Remote {
  handle: HostHandle;
  pending: Map<number, { resolve: (m: FromHost) => void; reject: (e: Error) => void }>;
  failed: string | null;
}

/** A request on its way: its host, its id, its answer. */
interface Sent {
  readonly node: string;
  readonly id: number;
  readonly done: Promise<FromHost>;
}

/** A message that expects an answer, before it gets its id. */
type Request = WithoutId<Extract<ToHost, { id: number }>>;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class WorkerPool implements HostPool {
  readonly synchronous = false;
  private remotes = new Map<string, Remote>();
  private nextId = 1;

  /**
   * `spawn` starts one node's host: a Web Worker, or a MessageChannel in tests. A host that has not
   * answered a request within `watchdogMs` is taken for hung: it is ended and the run stops with a
   * fault (a window's batch takes milliseconds).
   */
  constructor(private readonly spawn: (node: string) => HostHandle, private readonly watchdogMs = WATCHDOG_MS) {}

  /** Boots in this thread (so a boot is synchronous and identical), then moves the host to its worker. */
  boot(init: HostInit): Booted {
    const host = new NodeHost(init);
    const booted = { disk: host.state.disk, view: host.view(), outputs: host.takeOutputs() };
    this.restore(host.snapshot());
    return booted;
  }

  restore(snapshot: HostSnapshot): void {
    const node = snapshot.init.name;
    const handle = this.spawn(node);
    const r: Remote = { handle, pending: new Map(), failed: null };
    handle.addEventListener('message', (ev) => {
      const m = ev.data;
      if (m.type === 'ready') return;
      if (m.type === 'failed') {
        const err = m.budget ? new BudgetExceeded(m.budget) : new Error(`${node}: ${m.message}`);
        if (m.id < 0) {
          r.failed = err.message;
          for (const p of r.pending.values()) p.reject(err);
          r.pending.clear();
          return;
        }
        r.pending.get(m.id)?.reject(err);
        r.pending.delete(m.id);
        return;
      }
      r.pending.get(m.id)?.resolve(m);
      r.pending.delete(m.id);
    });
    handle.onError((message) => {
      r.failed = `${node}: ${message}`;
      for (const p of r.pending.values()) p.reject(new Error(r.failed));
      r.pending.clear();
    });
    handle.postMessage({ type: 'restore', v: PROTOCOL_VERSION, snapshot });
    this.remotes.set(node, r);
  }

  /** Terminates the node's worker: a crashed node's memory is really gone. Its disk came with its batches. */
  stop(node: string): Disk | null {
    const r = this.remotes.get(node);
    if (r) {
      r.handle.terminate();
      for (const p of r.pending.values()) p.reject(new Error(`${node} stopped`));
      this.remotes.delete(node);
    }
    return null;
  }

  async runWindow(plan: WindowPlan): Promise<BatchResults> {
    const unpacked: (BatchResult | undefined)[] = [];
    // Everything is packed before the first message leaves: a worker woken by a message may take
    // this thread's core, and the other workers should not wait for it to get it back.
    const packed = plan.batches.map((b) => packInputs(b.inputs));
    const sent = plan.batches.map((b, i): Sent => {
      const inputs = packed[i];
      const s = this.request(b.node, { type: 'batch', inputs, endMs: plan.endMs, ...(b.links ? { links: b.links } : {}) }, transferOf(inputs));
      // Each node's results are unpacked as they come, while slower nodes still run.
      const done = s.done.then((m) => {
        if (m.type === 'batchDone') unpacked[i] = { outputs: unpackOutputs(m.outputs, b.node), processed: m.processed, view: m.view, ...(m.disk ? { disk: m.disk } : {}) };
        return m;
      });
      return { ...s, done };
    });
    await this.watched(sent);
    const results: BatchResults = new Map();
    plan.batches.forEach((b, i) => {
      const r = unpacked[i];
      if (r) results.set(b.node, r);
    });
    return results;
  }

  async snapshot(nodes: readonly string[]): Promise<Map<string, HostSnapshot>> {
    const snaps = await this.watched(nodes.map((n) => this.request(n, { type: 'snapshot' })));
    const out = new Map<string, HostSnapshot>();
    nodes.forEach((n, i) => {
      const m = snaps[i];
      if (m.type === 'snapshot') out.set(n, m.snapshot);
    });
    return out;
  }

  engineState(): NodeState | null {
    return null;
  }

  dispose(): void {
    for (const node of [...this.remotes.keys()]) this.stop(node);
  }

  /** Sends a request; its answer comes through `done` (see watched for the watchdog). */
  private request(node: string, msg: Request, transfer?: Transferable[]): Sent {
    const r = this.remotes.get(node);
    if (!r) return { node, id: -1, done: Promise.reject(new Error(`${node} has no host`)) };
    if (r.failed) return { node, id: -1, done: Promise.reject(new Error(r.failed)) };
    const id = this.nextId++;
    const done = new Promise<FromHost>((resolve, reject) => {
      r.pending.set(id, { resolve, reject });
      r.handle.postMessage({ ...msg, id } as ToHost, transfer);
    });
    return { node, id, done };
  }

  /** The answers to requests sent together, under one watchdog: a host still silent when it fires is taken for hung. */
  private async watched(sent: readonly Sent[]): Promise<FromHost[]> {
    const timer = setTimeout(() => { for (const s of sent) this.hung(s.node, s.id); }, this.watchdogMs);
    try {
      return await Promise.all(sent.map((s) => s.done));
    } finally {
      clearTimeout(timer);
    }
  }

  /** The host has not answered request `id`: it is ended, and everything waiting on it fails. */
  private hung(node: string, id: number): void {
    const r = this.remotes.get(node);
    if (!r || !r.pending.has(id)) return;
    r.failed = `${node}: its host stopped answering (no reply within ${this.watchdogMs / 1000} s)`;
    const err = new Error(r.failed);
    for (const p of r.pending.values()) p.reject(err);
    r.pending.clear();
    r.handle.terminate();
  }
}

/** The simulator with each node in its own host behind the host protocol. */
export class WorkerSim extends Sim {
  constructor(opts: Omit<SimOptions, 'pool'> & { spawn: (node: string) => HostHandle; watchdogMs?: number }) {
    super({ ...opts, pool: new WorkerPool(opts.spawn, opts.watchdogMs) });
  }
}
