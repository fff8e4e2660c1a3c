// The worker pool: each node's host runs behind the host protocol, in its own Web Worker in the
// browser (a MessagePort in tests). All nodes of a window run in parallel; the scheduler waits at
// the barrier, then routes what crossed. Same windows, same order: the same trace as inline.

import type { Disk, NodeState } from '../engine/state.ts';
import { BudgetExceeded } from '../engine/budget.ts';
import type { HostHandle } from './endpoint.ts';
import { NodeHost } from './node-host.ts';
import type { BatchResult, BatchResults, Booted, HostPool, WindowPlan } from './pool.ts';
import { PROTOCOL_VERSION, type FromHost, type HostInit, type HostSnapshot, type NodeView, type ToHost, type ViewDelta } from './protocol.ts';
import { Sim, type SimOptions } from './sim.ts';
import { applyViewDelta, packInputs, recycle, transferOf, unpackOutputs } from './wire.ts';

/** How long a node's host may take to answer one request before it is taken for hung. */
export const WATCHDOG_MS = 30_000;

interface Waiter {
  resolve: (m: FromHost) => void;
  reject: (e: Error) => void;
}

interface Remote {
  handle: HostHandle;
  pending: Map<number, Waiter>;
  failed: string | null;
  /** The node's view as of its last batch (its host sends what changed). */
  view: NodeView | null;
  /** The buffer of its last results, read: it goes back with the next batch. */
  spare: ArrayBuffer | null;
}

/** A request on its way: its host, its id, its answer. */
interface Sent {
  readonly node: string;
  readonly id: number;
  readonly done: Promise<FromHost>;
}

/** The window whose answers are awaited: what was sent, and how it ends when a host fails. */
interface OpenWindow {
  sent: { readonly node: string; readonly id: number }[];
  done: () => void;
  fail: (e: Error) => void;
}

/** A message that expects an answer, before it gets its id. */
type Request = WithoutId<Extract<ToHost, { id: number }>>;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class WorkerPool implements HostPool {
  readonly synchronous = false;
  private remotes = new Map<string, Remote>();
  private nextId = 1;
  /** The window being run, and since when (wall clock, for the watchdog only). */
  private open: OpenWindow | null = null;
  private openSince = 0;
  private watchdog: ReturnType<typeof setTimeout> | null = null;

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
    const r: Remote = { handle, pending: new Map(), failed: null, view: null, spare: null };
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

  /**
   * Runs a window: one message to each node's host, one answer from each. The answers are read
   * and unpacked as they come (slower nodes still run meanwhile); one promise for the whole window,
   * and one watchdog timer armed for many windows, not one per window.
   */
  runWindow(plan: WindowPlan): Promise<BatchResults> {
    const batches = plan.batches;
    // Everything is packed before the first message leaves: a worker woken by a message may take
    // this thread's core, and the other workers should not wait for it to get it back.
    const packed = batches.map((b) => packInputs(b.inputs));
    return new Promise<BatchResults>((resolve, reject) => {
      const results: BatchResults = new Map();
      const got: (BatchResult | undefined)[] = new Array<BatchResult | undefined>(batches.length);
      let waiting = batches.length;
      let failed = false;
      const w: OpenWindow = { sent: [], done: () => {}, fail: () => {} };
      const finish = () => {
        this.open = null;
        for (let i = 0; i < batches.length; i++) {
          const r = got[i];
          if (r) results.set(batches[i].node, r);
        }
        resolve(results);
      };
      w.fail = (e: Error) => {
        if (failed) return;
        failed = true;
        this.open = null;
        reject(e);
      };
      this.open = w;
      this.openSince = performance.now();
      if (batches.length === 0) {
        finish();
        return;
      }
      for (let i = 0; i < batches.length && !failed; i++) {
        const b = batches[i];
        const inputs = packed[i];
        const slot = i;
        const r = this.remotes.get(b.node);
        const spare = r?.spare ?? null;
        if (r) r.spare = null;
        const id = this.send(b.node, { type: 'batch', inputs, endMs: plan.endMs, ...(b.links ? { links: b.links } : {}), ...(spare ? { spare } : {}) }, {
          resolve: (m) => {
            if (failed) return;
            if (m.type === 'batchDone') {
              got[slot] = { outputs: unpackOutputs(m.outputs, b.node), processed: m.processed, view: this.viewOf(b.node, m.view), ...(m.disk ? { disk: m.disk } : {}) };
              // Buffers read go back: the inputs' to pack the next inputs here, the results' to the host with its next batch.
              recycle(m.spare);
              const rr = this.remotes.get(b.node);
              if (rr) rr.spare = m.outputs.n.buffer as ArrayBuffer;
            }
            if (--waiting === 0) finish();
          },
          reject: w.fail,
        }, spare ? [...transferOf(inputs), spare] : transferOf(inputs));
        if (id >= 0) w.sent.push({ node: b.node, id });
      }
      if (!failed) this.armWatchdog();
    });
  }

  /**
   * The node's view after a batch: its host sends only the fields that changed since its last
   * view (none when nothing did); the rest are those of the view before.
   */
  private viewOf(node: string, delta: ViewDelta): NodeView {
    const r = this.remotes.get(node)!;
    return (r.view = applyViewDelta(r.view, delta));
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
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** Sends a request; its answer goes to `waiter`. The request's id, or -1 (and the waiter is rejected) when the host is gone. */
  private send(node: string, msg: Request, waiter: Waiter, transfer?: Transferable[]): number {
    const r = this.remotes.get(node);
    if (!r || r.failed) {
      waiter.reject(new Error(r ? r.failed! : `${node} has no host`));
      return -1;
    }
    const id = this.nextId++;
    r.pending.set(id, waiter);
    r.handle.postMessage({ ...msg, id } as ToHost, transfer);
    return id;
  }

  /** Sends a request; its answer comes through `done` (see watched for the watchdog). */
  private request(node: string, msg: Request, transfer?: Transferable[]): Sent {
    let id = -1;
    const done = new Promise<FromHost>((resolve, reject) => {
      id = this.send(node, msg, { resolve, reject }, transfer);
    });
    return { node, id, done };
  }

  /**
   * The window's watchdog: one timer for as long as windows follow each other, checking that the
   * window open when it fires has not been waiting longer than watchdogMs.
   */
  private armWatchdog(): void {
    if (this.watchdog !== null) return;
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      const w = this.open;
      if (!w) return;
      const waited = performance.now() - this.openSince;
      if (waited >= this.watchdogMs) {
        for (const s of w.sent) this.hung(s.node, s.id);
        return;
      }
      this.armWatchdog();
    }, Math.max(1, this.watchdogMs - (performance.now() - this.openSince)));
    // It must not keep a process alive by itself (Node: the CLI and the tests).
    (this.watchdog as { unref?: () => void }).unref?.();
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
