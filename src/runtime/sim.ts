// The simulator's scheduler: it alone owns simulated time and delivery order. It runs the nodes
// in conservative time windows — no byte can reach another node sooner than the smallest link
// latency, so within [T, T + minLatency) each node can run on its own, in parallel — then, at the
// window's barrier, routes what crossed: TCP segments (in order, lost on a cut link and
// retransmitted when it heals), new connections, FINs and resets. Faults and user commands act
// at barriers. The inline host runs every node's window here; the worker host sends each node's
// window to its Web Worker. Both give the same trace, because both run this same algorithm.

import type { BacklogMode } from '../engine/backlog.ts';
import { emptyDisk } from '../engine/node.ts';
import type { Reply } from '../engine/resp.ts';
import type { Disk, NodeState } from '../engine/state.ts';
import { EventHeap } from './heap.ts';
import { NodeHost, SIM_EPOCH_MS, nodeView } from './node-host.ts';
import type { HostInit, HostOutput, HostSnapshot, LinkParams, NodeView, TimedInput } from './protocol.ts';
import { DEFAULT_LINK, MIN_LATENCY_MS, Tcp, type FrameRecord, type NewEvent, type PlainConn, type QueuedInput, type SimEvent } from './tcp.ts';
import { TraceHasher, type TraceEntry } from './trace.ts';

export { SIM_EPOCH_MS, DEFAULT_LINK, MIN_LATENCY_MS };
export type { LinkParams, FrameRecord };

export class SimNode {
  host: NodeHost | null = null;
  alive = false;
  incarnation = -1;
  disk: Disk = emptyDisk();
  /** The last view a (possibly remote) host reported. */
  lastView: NodeView | null = null;
  /** Taken out of the cluster (`remove`): it stays down and is no longer shown. */
  removed = false;
  constructor(readonly name: string, readonly port: number) {}
  /** The engine state (inline host only). */
  get state(): NodeState | null {
    return this.host && !this.host.dead ? this.host.state : null;
  }
}

export interface ReplyEvent {
  node: string;
  clientId: string;
  reply: Reply | null;
  /** Milliseconds since the run began. */
  timeMs: number;
  /** Set when the node exited (SHUTDOWN) or could not be reached. */
  note?: 'exited' | 'refused';
}

export interface SimOptions {
  seed: number;
  backlogMode?: BacklogMode;
  /** Keep every trace entry in memory (for --trace and the UI); the hash is always computed. */
  keepTrace?: boolean;
  onReply?: (r: ReplyEvent) => void;
  onTrace?: (e: TraceEntry) => void;
  onFrame?: (f: FrameRecord) => void;
  /** A window is about to run, starting at this moment (ms since the run began). */
  onWindow?: (startMs: number) => void;
}

/** One window's work for one node. */
export interface NodeBatch {
  node: string;
  inc: number;
  inputs: TimedInput[];
}

export interface WindowPlan {
  endMs: number;
  batches: NodeBatch[];
}

export interface BatchResult {
  outputs: readonly HostOutput[];
  processed: number;
  view: NodeView;
  /** The node's disk, when a remote host reports that it changed. */
  disk?: Disk;
}

export class Sim {
  nowMs = SIM_EPOCH_MS;
  readonly seed: number;
  readonly nodes = new Map<string, SimNode>();
  readonly links = new Map<string, LinkParams>();
  readonly trace: TraceEntry[] = [];
  readonly hasher = new TraceHasher();
  readonly backlogMode: BacklogMode;
  eventsProcessed = 0;
  windows = 0;
  protected queue = new EventHeap<SimEvent>();
  protected seq = 0;
  /** The connections and the receiving halves of TCP. */
  protected tcp: Tcp;
  protected opts: SimOptions;
  /** Link changes not yet told to each node's host. */
  protected linkUpdates = new Map<string, Record<string, LinkParams>>();

  constructor(opts: SimOptions) {
    this.opts = opts;
    this.seed = opts.seed;
    this.backlogMode = opts.backlogMode ?? 'shared';
    this.tcp = new Tcp({
      now: () => this.nowMs,
      push: (e) => this.push(e),
      link: (a, b) => this.link(a, b),
      minLatencyMs: () => this.minLatencyMs(),
      node: (name) => this.nodes.get(name),
      nodeByAddress: (host, port) => this.nodeByAddress(host, port),
      trace: (e) => this.add(e),
      frame: (f) => this.opts.onFrame?.(f),
    });
  }

  // ------------------------------------------------------------------ topology

  addNode(name: string): SimNode {
    const n = new SimNode(name, 6379 + this.nodes.size);
    this.nodes.set(name, n);
    this.boot(n);
    return n;
  }

  protected hostInit(n: SimNode): HostInit {
    const links: Record<string, LinkParams> = {};
    for (const other of this.nodes.keys()) if (other !== n.name) links[other] = { ...this.link(n.name, other) };
    return { name: n.name, port: n.port, seed: this.seed, nowMs: this.nowMs, incarnation: n.incarnation, disk: n.disk, backlogMode: this.backlogMode, links, defaultLink: { ...DEFAULT_LINK } };
  }

  /** Starts a node's host (inline here; the worker host overrides this). */
  protected boot(n: SimNode): void {
    n.incarnation++;
    n.alive = true;
    const host = new NodeHost(this.hostInit(n));
    n.host = host;
    n.disk = host.state.disk;
    this.linkUpdates.delete(n.name);
    n.lastView = host.view();
    this.applyOutputs(n, host.takeOutputs());
  }

  link(a: string, b: string): LinkParams {
    const k = a < b ? `${a}|${b}` : `${b}|${a}`;
    let l = this.links.get(k);
    if (!l) {
      l = { ...DEFAULT_LINK };
      this.links.set(k, l);
    }
    return l;
  }

  /** The smallest latency of any link: the length of a conservative window. */
  minLatencyMs(): number {
    let m = DEFAULT_LINK.latencyMs;
    for (const l of this.links.values()) m = Math.min(m, l.latencyMs);
    return Math.max(MIN_LATENCY_MS, m);
  }

  nodeByAddress(host: string, port: number): SimNode | undefined {
    const h = host.toLowerCase();
    if (h === '127.0.0.1' || h === 'localhost') {
      for (const n of this.nodes.values()) if (n.port === port) return n;
      return undefined;
    }
    const n = this.nodes.get(host);
    return n && n.port === port ? n : undefined;
  }

  // ------------------------------------------------------------------ user actions (at barriers)

  /** A console command typed on a node now. The reply comes through onReply. */
  command(node: string, argv: readonly string[], clientId = 'console'): void {
    const n = this.nodes.get(node);
    this.record({ node, kind: 'command', argv: [...argv] });
    if (!n || !n.alive) {
      this.opts.onReply?.({ node, clientId, reply: null, timeMs: this.nowMs - SIM_EPOCH_MS, note: 'refused' });
      return;
    }
    this.push({ type: 'input', node, inc: n.incarnation, input: { type: 'command', clientId, argv: [...argv] }, timeMs: this.nowMs });
  }

  /**
   * Silent partition: nothing crosses the link. The ends learn only through their own timeouts;
   * TCP keeps retransmitting, so what was sent arrives after heal if both ends are still open.
   */
  cut(a: string, b: string): void {
    this.link(a, b).cut = true;
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'cut' });
  }

  heal(a: string, b: string): void {
    this.link(a, b).cut = false;
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'heal' });
    this.tcp.heal(a, b);
  }

  /** Connection reset: both ends see it at once, in-flight bytes are lost. */
  kill(a: string, b: string): void {
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'kill' });
    this.tcp.kill(a, b);
  }

  setLatency(a: string, b: string, latencyMs: number, jitterMs = 0): void {
    const l = this.link(a, b);
    l.latencyMs = Math.max(MIN_LATENCY_MS, latencyMs);
    l.jitterMs = Math.max(0, jitterMs);
    this.linkChanged(a, b);
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'latency', latencyMs, jitterMs });
  }

  setBandwidth(a: string, b: string, bytesPerSec: number): void {
    this.link(a, b).bytesPerMs = Math.max(1, bytesPerSec) / 1000;
    this.linkChanged(a, b);
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'bandwidth', bytesPerSec });
  }

  private linkChanged(a: string, b: string): void {
    const l = { ...this.link(a, b) };
    for (const [x, y] of [[a, b], [b, a]]) {
      const u = this.linkUpdates.get(x) ?? {};
      u[y] = l;
      this.linkUpdates.set(x, u);
    }
  }

  /** The process dies: memory is lost, the disk stays; the kernel closes its sockets (peers see FIN). */
  crash(node: string): void {
    const n = this.nodes.get(node);
    if (!n || !n.alive) return;
    this.record({ node, kind: 'nodeAction', action: 'crash' });
    this.die(n);
  }

  /**
   * Takes a node out of the cluster: it dies as in a crash (its peers see their connections
   * close) and is never restarted; it is no longer shown. Its name and port stay taken.
   */
  remove(node: string): void {
    const n = this.nodes.get(node);
    if (!n || n.removed) return;
    this.record({ node, kind: 'nodeAction', action: 'remove' });
    if (n.alive) this.die(n);
    n.removed = true;
    n.lastView = null;
  }

  protected die(n: SimNode): void {
    if (n.host) n.disk = n.host.state.disk;
    n.alive = false;
    this.stopHost(n);
    this.tcp.died(n.name);
  }

  /** Stops a node's host (the worker host terminates the worker). */
  protected stopHost(n: SimNode): void {
    n.host = null;
  }

  restart(node: string): void {
    const n = this.nodes.get(node);
    if (!n || n.alive || n.removed) return;
    this.record({ node, kind: 'nodeAction', action: 'restart' });
    this.boot(n);
  }

  // ------------------------------------------------------------------ running (inline)

  /**
   * Processes every event up to and including time t, then sets the clock to t. With `stop`, it
   * may stop earlier, between two windows, when stop() says so (the clock stays at that window).
   */
  runUntil(t: number, stop?: () => boolean): void {
    for (;;) {
      const plan = this.planWindow(t);
      if (!plan) break;
      this.applyWindow(plan, this.runBatchesInline(plan));
      if (stop?.()) return;
    }
    if (t > this.nowMs) this.nowMs = t;
  }

  /** Runs the next window; false when nothing is left to run. */
  stepOne(): boolean {
    const plan = this.planWindow(Infinity);
    if (!plan) return false;
    this.applyWindow(plan, this.runBatchesInline(plan));
    return true;
  }

  nextEventTime(): number | undefined {
    return this.queue.peek()?.timeMs;
  }

  /** Runs windows until pred() holds (checked after each window), or until the time limit. */
  runUntilCondition(pred: () => boolean, limitMs: number): boolean {
    if (pred()) return true;
    for (;;) {
      const plan = this.planWindow(limitMs);
      if (!plan) {
        this.nowMs = Math.max(this.nowMs, limitMs);
        return false;
      }
      this.applyWindow(plan, this.runBatchesInline(plan));
      if (pred()) return true;
    }
  }

  protected runBatchesInline(plan: WindowPlan): Map<string, BatchResult> {
    const results = new Map<string, BatchResult>();
    for (const b of plan.batches) {
      const n = this.nodes.get(b.node)!;
      const host = n.host!;
      const upd = this.linkUpdates.get(b.node);
      if (upd) {
        host.setLinks(upd);
        this.linkUpdates.delete(b.node);
      }
      const r = host.runBatch(b.inputs, plan.endMs);
      results.set(b.node, { outputs: r.outputs, processed: r.processed, view: nodeView(host.state) });
    }
    return results;
  }

  protected push(e: NewEvent): void {
    const ev = e as SimEvent;
    ev.seq = this.seq++;
    this.queue.push(ev);
  }

  /**
   * Takes the next window's events (times in [T, T + minLatency) where T is the earliest), applies
   * the network's delivery rules to them, and groups them by node. Null when the earliest event is
   * after limitMs. A window is never cut short by the limit: windows depend only on the events, so
   * running to t1 then to t2 does exactly what running to t2 does, in any host, at any speed.
   */
  planWindow(limitMs: number): WindowPlan | null {
    const first = this.queue.peek();
    if (!first || first.timeMs > limitMs) return null;
    const endMs = first.timeMs + this.minLatencyMs();
    this.opts.onWindow?.(first.timeMs - SIM_EPOCH_MS);
    const byNode = new Map<string, NodeBatch>();
    const add = (q: QueuedInput) => {
      let b = byNode.get(q.node);
      if (!b) byNode.set(q.node, (b = { node: q.node, inc: q.inc, inputs: [] }));
      b.inputs.push(q.peer === undefined ? { timeMs: q.timeMs, input: q.input } : { timeMs: q.timeMs, input: q.input, peer: q.peer });
    };
    for (;;) {
      const e = this.queue.peek();
      if (!e || e.timeMs >= endMs) break;
      this.queue.pop();
      this.nowMs = Math.max(this.nowMs, e.timeMs);
      if (e.type === 'syn') {
        this.tcp.trySyn(e.conn);
        continue;
      }
      if (e.type === 'accept') {
        const q = this.tcp.accept(e.conn, e.timeMs, e.seq);
        if (q) add(q);
        continue;
      }
      for (const q of this.tcp.admit(e)) add(q);
    }
    this.windows++;
    const batches = [...byNode.values()].sort((x, y) => (x.node < y.node ? -1 : x.node > y.node ? 1 : 0));
    return { endMs, batches };
  }

  /** Applies a window's results in node-name order: trace, segments, connects, replies, exits. */
  applyWindow(plan: WindowPlan, results: Map<string, BatchResult>): void {
    for (const b of plan.batches) {
      const r = results.get(b.node);
      const n = this.nodes.get(b.node)!;
      if (!r) continue;
      this.eventsProcessed += r.processed;
      n.lastView = r.view;
      if (r.disk) n.disk = r.disk;
      this.applyOutputs(n, r.outputs);
    }
  }

  protected applyOutputs(n: SimNode, outputs: readonly HostOutput[]): void {
    for (const o of outputs) {
      switch (o.type) {
        case 'trace':
          this.add(o.entry);
          break;
        case 'segment':
          this.tcp.route(n.name, o);
          break;
        case 'self':
          this.push({ type: 'input', node: n.name, inc: n.incarnation, input: o.input, timeMs: o.timeMs });
          break;
        case 'connect':
          this.tcp.connect(n.name, n.incarnation, o.conn, o.host, o.port, o.timeMs);
          break;
        case 'reply':
          this.opts.onReply?.({ node: n.name, clientId: o.clientId, reply: o.reply, timeMs: o.timeMs - SIM_EPOCH_MS });
          break;
        case 'exit':
          this.nowMs = Math.max(this.nowMs, o.timeMs);
          this.opts.onReply?.({ node: n.name, clientId: 'console', reply: null, timeMs: o.timeMs - SIM_EPOCH_MS, note: 'exited' });
          this.die(n);
          return;
      }
    }
  }

  /** Open connections between two nodes (for the UI and tests). */
  connectionsBetween(a: string, b: string): string[] {
    return this.tcp.between(a, b);
  }

  /** Records an entry at the current moment. */
  protected record(e: DistributiveOmit<TraceEntry, 't'>): void {
    this.add({ ...e, t: this.nowMs - SIM_EPOCH_MS } as TraceEntry);
  }

  protected add(e: TraceEntry): void {
    this.hasher.add(e);
    if (this.opts.keepTrace) this.trace.push(e);
    this.opts.onTrace?.(e);
  }

  traceHash(): string {
    return this.hasher.digest();
  }

  // ------------------------------------------------------------------ checkpoints

  /** Everything needed to continue this run later from here (taken between windows). */
  snapshot(): SimSnapshot {
    return structuredClone({
      nowMs: this.nowMs,
      seq: this.seq,
      eventsProcessed: this.eventsProcessed,
      windows: this.windows,
      queue: this.queue.toArray(),
      conns: this.tcp.save(),
      links: [...this.links.entries()],
      linkUpdates: [...this.linkUpdates.entries()],
      hasher: this.hasher.save(),
      traceLength: this.trace.length,
      nodes: [...this.nodes.values()].map((n) => ({
        name: n.name, port: n.port, alive: n.alive, incarnation: n.incarnation, disk: n.disk, lastView: n.lastView, removed: n.removed,
        host: n.alive ? this.hostSnapshot(n) : null,
      })),
    });
  }

  protected hostSnapshot(n: SimNode): unknown {
    return n.host ? n.host.snapshot() : null;
  }

  /** Puts the run back where snapshot() was taken. */
  restore(s: SimSnapshot): void {
    const c = structuredClone(s);
    this.nowMs = c.nowMs;
    this.seq = c.seq;
    this.eventsProcessed = c.eventsProcessed;
    this.windows = c.windows;
    this.queue.clear();
    for (const e of c.queue) this.queue.push(e as SimEvent);
    this.tcp.load(c.conns);
    this.links.clear();
    for (const [k, v] of c.links) this.links.set(k, v);
    this.linkUpdates = new Map(c.linkUpdates);
    this.hasher.load(c.hasher);
    if (this.trace.length > c.traceLength) this.trace.length = c.traceLength;
    for (const n of this.nodes.values()) if (n.alive) this.stopHost(n);
    this.nodes.clear();
    for (const x of c.nodes) {
      const n = new SimNode(x.name, x.port);
      n.alive = x.alive;
      n.incarnation = x.incarnation;
      n.disk = x.disk;
      n.lastView = x.lastView;
      n.removed = x.removed;
      this.nodes.set(n.name, n);
      if (x.alive && x.host) this.restoreHost(n, x.host as HostSnapshot);
    }
  }

  protected restoreHost(n: SimNode, snap: HostSnapshot): void {
    n.host = new NodeHost(snap.init, snap);
  }
}

export interface SimSnapshot {
  nowMs: number;
  seq: number;
  eventsProcessed: number;
  windows: number;
  queue: unknown[];
  conns: PlainConn[];
  links: [string, LinkParams][];
  linkUpdates: [string, Record<string, LinkParams>][];
  hasher: [number, number, number];
  traceLength: number;
  nodes: { name: string; port: number; alive: boolean; incarnation: number; disk: Disk; lastView: NodeView | null; removed: boolean; host: unknown }[];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
