// The worker host: the same scheduler, with each node's windows run in its own host (a Web Worker
// in the browser; a MessagePort in tests). All nodes of a window run in parallel; the scheduler
// waits at the barrier, then routes what crossed. Same windows, same order: same trace as inline.

import { NodeHost } from './node-host.ts';
import { PROTOCOL_VERSION, type FromHost, type HostSnapshot } from './protocol.ts';
import { Sim, type BatchResult, type SimNode, type SimOptions, type SimSnapshot, type WindowPlan } from './sim.ts';
import type { HostHandle } from './endpoint.ts';

interface Remote {
  handle: HostHandle;
  pending: Map<number, { resolve: (m: FromHost) => void; reject: (e: Error) => void }>;
  failed: string | null;
}

export class WorkerSim extends Sim {
  private remotes = new Map<string, Remote>();
  private nextId = 1;
  private spawn: (node: string) => HostHandle;
  private snapCache = new Map<string, HostSnapshot>();

  constructor(opts: SimOptions & { spawn: (node: string) => HostHandle }) {
    super(opts);
    this.spawn = opts.spawn;
  }

  /** Boots inline (so boot is synchronous and identical), then moves the node into its worker. */
  protected override boot(n: SimNode): void {
    n.incarnation++;
    n.alive = true;
    const host = new NodeHost(this.hostInit(n));
    n.disk = host.state.disk;
    this.linkUpdates.delete(n.name);
    n.lastView = host.view();
    const outputs = host.takeOutputs();
    this.startRemote(n, host.snapshot());
    n.host = null;
    this.applyOutputs(n, outputs);
  }

  private startRemote(n: SimNode, snapshot: HostSnapshot): void {
    const handle = this.spawn(n.name);
    const r: Remote = { handle, pending: new Map(), failed: null };
    handle.addEventListener('message', (ev) => {
      const m = ev.data;
      if (m.type === 'ready') return;
      const id = m.type === 'failed' ? m.id : m.id;
      if (m.type === 'failed') {
        const err = new Error(`${n.name}: ${m.message}`);
        if (id < 0) {
          r.failed = err.message;
          for (const p of r.pending.values()) p.reject(err);
          r.pending.clear();
          return;
        }
        r.pending.get(id)?.reject(err);
        r.pending.delete(id);
        return;
      }
      r.pending.get(id)?.resolve(m);
      r.pending.delete(id);
    });
    handle.onError((message) => {
      r.failed = `${n.name}: ${message}`;
      for (const p of r.pending.values()) p.reject(new Error(r.failed));
      r.pending.clear();
    });
    handle.postMessage({ type: 'restore', v: PROTOCOL_VERSION, snapshot });
    this.remotes.set(n.name, r);
  }

  protected override stopHost(n: SimNode): void {
    const r = this.remotes.get(n.name);
    if (r) {
      r.handle.terminate();
      for (const p of r.pending.values()) p.reject(new Error(`${n.name} stopped`));
      this.remotes.delete(n.name);
    }
    n.host = null;
  }

  protected override restoreHost(n: SimNode, snap: HostSnapshot): void {
    this.startRemote(n, snap);
  }

  protected override hostSnapshot(n: SimNode): unknown {
    return this.snapCache.get(n.name) ?? null;
  }

  private request(node: string, msg: { type: 'batch' | 'snapshot' } & Record<string, unknown>): Promise<FromHost> {
    const r = this.remotes.get(node);
    if (!r) return Promise.reject(new Error(`${node} has no host`));
    if (r.failed) return Promise.reject(new Error(r.failed));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      r.pending.set(id, { resolve, reject });
      r.handle.postMessage({ ...msg, id } as never);
    });
  }

  private async runBatchesRemote(plan: WindowPlan): Promise<Map<string, BatchResult>> {
    const replies = await Promise.all(plan.batches.map((b) => {
      const links = this.linkUpdates.get(b.node);
      this.linkUpdates.delete(b.node);
      return this.request(b.node, { type: 'batch', inputs: b.inputs, endMs: plan.endMs, ...(links ? { links } : {}) });
    }));
    const results = new Map<string, BatchResult>();
    plan.batches.forEach((b, i) => {
      const m = replies[i];
      if (m.type === 'batchDone') results.set(b.node, { outputs: m.outputs, processed: m.processed, view: m.view, ...(m.disk ? { disk: m.disk } : {}) });
    });
    return results;
  }

  async runUntilAsync(t: number, stop?: () => boolean): Promise<void> {
    for (;;) {
      const plan = this.planWindow(t);
      if (!plan) break;
      this.applyWindow(plan, await this.runBatchesRemote(plan));
      if (stop?.()) return;
    }
    if (t > this.nowMs) this.nowMs = t;
  }

  async stepOneAsync(): Promise<boolean> {
    const plan = this.planWindow(Infinity);
    if (!plan) return false;
    this.applyWindow(plan, await this.runBatchesRemote(plan));
    return true;
  }

  async runUntilConditionAsync(pred: () => boolean, limitMs: number): Promise<boolean> {
    if (pred()) return true;
    for (;;) {
      const plan = this.planWindow(limitMs);
      if (!plan) {
        this.nowMs = Math.max(this.nowMs, limitMs);
        return false;
      }
      this.applyWindow(plan, await this.runBatchesRemote(plan));
      if (pred()) return true;
    }
  }

  async snapshotAsync(): Promise<SimSnapshot> {
    this.snapCache.clear();
    const alive = [...this.nodes.values()].filter((n) => n.alive);
    const snaps = await Promise.all(alive.map((n) => this.request(n.name, { type: 'snapshot' })));
    alive.forEach((n, i) => {
      const m = snaps[i];
      if (m.type === 'snapshot') this.snapCache.set(n.name, m.snapshot);
    });
    const s = this.snapshot();
    this.snapCache.clear();
    return s;
  }

  override runUntil(): void {
    throw new Error('the worker host runs asynchronously: use runUntilAsync');
  }

  override stepOne(): boolean {
    throw new Error('the worker host runs asynchronously: use stepOneAsync');
  }

  /** Stops every worker. */
  dispose(): void {
    for (const n of this.nodes.values()) this.stopHost(n);
  }
}
