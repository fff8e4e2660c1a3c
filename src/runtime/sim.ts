// The simulator's scheduler: it alone owns simulated time and delivery order. It runs the nodes
// in conservative time windows — no byte can reach another node sooner than the smallest link
// latency, so within [T, T + minLatency) each node can run on its own, in parallel — then, at the
// window's barrier, routes what crossed: TCP segments (in order, lost on a cut link and
// retransmitted when it heals), new connections, FINs and resets. Faults and user commands act
// at barriers. The inline host runs every node's window here; the worker host sends each node's
// window to its Web Worker. Both give the same trace, because both run this same algorithm.

import type { BacklogMode } from '../engine/backlog.ts';
import { emptyDisk } from '../engine/node.ts';
import type { NodeInput, SendKind, SendMeta } from '../engine/io.ts';
import type { Reply } from '../engine/resp.ts';
import type { Disk, NodeState } from '../engine/state.ts';
import { EventHeap } from './heap.ts';
import { NodeHost, SIM_EPOCH_MS, nodeView } from './node-host.ts';
import type { HostInit, HostOutput, HostSnapshot, LinkParams, NodeView, TimedInput } from './protocol.ts';
import { TraceHasher, type TraceEntry } from './trace.ts';

export { SIM_EPOCH_MS };
export type { LinkParams };

export const DEFAULT_LINK: Readonly<LinkParams> = { latencyMs: 1, jitterMs: 0, bytesPerMs: 125_000, cut: false };
/** The smallest latency a link may have: windows never shrink to nothing. */
export const MIN_LATENCY_MS = 0.1;

/** The receiving half of a direction, kept by the scheduler. */
interface RecvDir {
  recvSeq: number;
  reorder: Map<number, QueuedInput>;
  /** Segments that reached a cut link, retransmitted once it heals. */
  held: QueuedInput[];
  /** Mirrors of the sender's state, for the FIN the kernel sends when the sender dies. */
  nextSendSeq: number;
  lastArrivalMs: number;
}

interface Conn {
  id: string;
  a: string; // initiator
  b: string; // acceptor
  aInc: number;
  bInc: number;
  aOpen: boolean;
  bOpen: boolean;
  pending: boolean;
  synAttempt: number;
  ab: RecvDir;
  ba: RecvDir;
}

interface QueuedInput {
  timeMs: number;
  seq: number;
  type: 'input';
  node: string;
  inc: number;
  input: NodeInput;
  tcpSeq?: number;
  peer?: string;
}
type SimEvent = QueuedInput | { timeMs: number; seq: number; type: 'syn'; conn: string } | { timeMs: number; seq: number; type: 'accept'; conn: string };

/** Linux's SYN retransmission: 1 s, then doubling, 6 retries (tcp_syn_retries), then ETIMEDOUT. */
const SYN_RETRIES = 6;

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

/** A frame on a link, for the UI: bytes that left one node for another. */
export interface FrameRecord {
  conn: string;
  from: string;
  to: string;
  kind: SendKind | 'fin';
  meta: SendMeta;
  bytes: number;
  /** When it left and when it arrives: milliseconds since the run began. */
  sentAtMs: number;
  arriveAtMs: number;
  /** The first bytes sent (binary string): RESP of a command, the RDB preamble... */
  preview: string;
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
  protected conns = new Map<string, Conn>();
  protected opts: SimOptions;
  /** Link changes not yet told to each node's host. */
  protected linkUpdates = new Map<string, Record<string, LinkParams>>();

  constructor(opts: SimOptions) {
    this.opts = opts;
    this.seed = opts.seed;
    this.backlogMode = opts.backlogMode ?? 'shared';
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
    const l = this.link(a, b);
    l.cut = false;
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'heal' });
    for (const c of this.conns.values()) {
      if (!this.crosses(c, a, b)) continue;
      for (const d of [c.ab, c.ba]) {
        const held = d.held;
        d.held = [];
        for (const h of held) {
          const at = Math.max(this.nowMs + l.latencyMs, d.lastArrivalMs);
          d.lastArrivalMs = at;
          this.push({ ...h, timeMs: at });
        }
      }
    }
  }

  /** Connection reset: both ends see it at once, in-flight bytes are lost. */
  kill(a: string, b: string): void {
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'kill' });
    for (const c of [...this.conns.values()]) {
      if (c.pending || !this.crosses(c, a, b)) continue;
      if (c.aOpen) this.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: this.nowMs });
      if (c.bOpen) this.push({ type: 'input', node: c.b, inc: c.bInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: this.nowMs });
      this.conns.delete(c.id);
    }
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
    for (const c of [...this.conns.values()]) {
      if (c.a === n.name) this.kernelClose(c, 'a');
      if (c.b === n.name) this.kernelClose(c, 'b');
    }
  }

  /** Stops a node's host (the worker host terminates the worker). */
  protected stopHost(n: SimNode): void {
    n.host = null;
  }

  /** The kernel closes a dead process's socket: a FIN after what was already sent. */
  private kernelClose(c: Conn, end: 'a' | 'b'): void {
    if (c.pending) {
      this.conns.delete(c.id);
      return;
    }
    const isA = end === 'a';
    if (!(isA ? c.aOpen : c.bOpen)) return;
    if (isA) c.aOpen = false;
    else c.bOpen = false;
    const d = isA ? c.ab : c.ba;
    const at = Math.max(this.nowMs + this.link(c.a, c.b).latencyMs, d.lastArrivalMs);
    d.lastArrivalMs = at;
    this.push({ type: 'input', node: isA ? c.b : c.a, inc: isA ? c.bInc : c.aInc, input: { type: 'connClosed', connId: c.id, reason: 'closed' }, tcpSeq: d.nextSendSeq++, timeMs: at });
    this.gc(c);
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

  protected push(e: Omit<QueuedInput, 'seq'> | { timeMs: number; type: 'syn' | 'accept'; conn: string }): void {
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
        this.trySyn(e.conn);
        continue;
      }
      if (e.type === 'accept') {
        const c = this.conns.get(e.conn);
        if (!c) continue;
        const b = this.nodes.get(c.b)!;
        if (!b.alive || b.incarnation !== c.bInc) continue;
        add({ timeMs: e.timeMs, seq: e.seq, type: 'input', node: c.b, inc: c.bInc, input: { type: 'connAccepted', connId: c.id, peerIp: '127.0.0.1', peerPort: 40000 + (hashConn(c.id) % 20000) }, peer: c.a });
        continue;
      }
      for (const q of this.admit(e)) add(q);
    }
    this.windows++;
    const batches = [...byNode.values()].sort((x, y) => (x.node < y.node ? -1 : x.node > y.node ? 1 : 0));
    return { endMs, batches };
  }

  /** The delivery rules for one queued input: node alive, TCP order, partitions, closed sockets. */
  private admit(e: QueuedInput): QueuedInput[] {
    const n = this.nodes.get(e.node);
    if (!n || !n.alive || n.incarnation !== e.inc) return [];
    const input = e.input;
    if (input.type !== 'connData' && input.type !== 'connClosed') return [e];
    const c = this.conns.get(input.connId);
    if (!c) {
      if (input.type === 'connData') this.record({ node: e.node, kind: 'dropped', connId: input.connId, bytes: input.data.length });
      return input.type === 'connClosed' ? [e] : [];
    }
    const toA = c.a === e.node;
    const d = toA ? c.ba : c.ab;
    const out: QueuedInput[] = [];
    if (e.tcpSeq !== undefined) {
      if (this.link(c.a, c.b).cut) {
        d.held.push(e);
        return [];
      }
      if (e.tcpSeq !== d.recvSeq) {
        // Overtook a segment still being retransmitted: wait for it, as TCP does.
        d.reorder.set(e.tcpSeq, e);
        return [];
      }
      d.recvSeq++;
    }
    if (input.type === 'connData' || input.reason === 'closed') {
      if (!(toA ? c.aOpen : c.bOpen)) {
        // Data for a socket that is gone: the other end gets a reset.
        if (input.type === 'connData' && (toA ? c.bOpen : c.aOpen)) {
          const other = toA ? 'b' : 'a';
          this.push({ type: 'input', node: other === 'a' ? c.a : c.b, inc: other === 'a' ? c.aInc : c.bInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: this.nowMs + this.link(c.a, c.b).latencyMs });
          if (other === 'a') c.aOpen = false;
          else c.bOpen = false;
        }
        this.gc(c);
        return this.releaseNext(d, out);
      }
    }
    if (input.type === 'connClosed') {
      if (toA) c.aOpen = false;
      else c.bOpen = false;
      this.gc(c);
    }
    out.push(e);
    return this.releaseNext(d, out);
  }

  private releaseNext(d: RecvDir, out: QueuedInput[]): QueuedInput[] {
    const next = d.reorder.get(d.recvSeq);
    if (next) {
      d.reorder.delete(d.recvSeq);
      out.push(...this.admit({ ...next, timeMs: this.nowMs }));
    }
    return out;
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
          this.routeSegment(n, o);
          break;
        case 'self':
          this.push({ type: 'input', node: n.name, inc: n.incarnation, input: o.input, timeMs: o.timeMs });
          break;
        case 'connect':
          this.connect(n, o.conn, o.host, o.port, o.timeMs);
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

  private routeSegment(n: SimNode, o: Extract<HostOutput, { type: 'segment' }>): void {
    const c = this.conns.get(o.conn);
    if (!c) return;
    if (o.tcpSeq < 0) {
      // An unanswered connect() abandoned by its initiator.
      if (c.pending) this.conns.delete(c.id);
      return;
    }
    const fromA = c.a === n.name;
    const d = fromA ? c.ab : c.ba;
    d.nextSendSeq = o.tcpSeq + 1;
    d.lastArrivalMs = Math.max(d.lastArrivalMs, o.timeMs);
    if (o.kind === 'fin') {
      if (fromA) c.aOpen = false;
      else c.bOpen = false;
    }
    const peerOpen = fromA ? c.bOpen : c.aOpen;
    if (o.kind === 'fin' && !peerOpen) {
      this.gc(c);
      return;
    }
    this.push({ type: 'input', node: fromA ? c.b : c.a, inc: fromA ? c.bInc : c.aInc, input: o.input, tcpSeq: o.tcpSeq, timeMs: o.timeMs });
    if (o.bytes > 0 || o.kind === 'fin') {
      this.opts.onFrame?.({ conn: c.id, from: n.name, to: fromA ? c.b : c.a, kind: o.kind, meta: o.meta, bytes: o.bytes, sentAtMs: o.sentAtMs - SIM_EPOCH_MS, arriveAtMs: o.timeMs - SIM_EPOCH_MS, preview: o.preview ?? '' });
    }
  }

  private connect(n: SimNode, connId: string, host: string, port: number, now: number): void {
    const target = this.nodeByAddress(host, port);
    const L = this.minLatencyMs();
    if (!target) {
      const knownHost = ['127.0.0.1', 'localhost'].includes(host.toLowerCase()) || this.nodes.has(host);
      const err = knownHost ? 'Connection refused' : 'Name or service not known';
      this.push({ type: 'input', node: n.name, inc: n.incarnation, input: { type: 'connFailed', connId, error: err }, timeMs: now + Math.max(L, knownHost ? 2 * DEFAULT_LINK.latencyMs : L) });
      return;
    }
    const c: Conn = {
      id: connId, a: n.name, b: target.name, aInc: n.incarnation, bInc: target.incarnation,
      aOpen: true, bOpen: false, pending: true, synAttempt: 0, ab: newRecvDir(), ba: newRecvDir(),
    };
    this.conns.set(connId, c);
    this.trySyn(connId, now);
  }

  /** A SYN leaves now: answered by SYN-ACK, by a reset (nobody listening), or lost on a cut link. */
  private trySyn(connId: string, now = this.nowMs): void {
    const c = this.conns.get(connId);
    if (!c || !c.pending || !c.aOpen) return;
    const target = this.nodes.get(c.b)!;
    const l = this.link(c.a, c.b);
    if (l.cut) {
      if (c.synAttempt >= SYN_RETRIES) {
        this.conns.delete(connId);
        this.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connFailed', connId, error: 'Connection timed out' }, timeMs: now + l.latencyMs });
        return;
      }
      this.add({ t: now - SIM_EPOCH_MS, node: c.a, kind: 'synLost', connId, peer: c.b });
      this.push({ type: 'syn', conn: connId, timeMs: now + 1000 * 2 ** c.synAttempt });
      c.synAttempt++;
      return;
    }
    if (!target.alive) {
      this.conns.delete(connId);
      this.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connFailed', connId, error: 'Connection refused' }, timeMs: now + 2 * l.latencyMs });
      return;
    }
    c.pending = false;
    c.bOpen = true;
    c.bInc = target.incarnation;
    c.ab.lastArrivalMs = now + l.latencyMs;
    c.ba.lastArrivalMs = now + 2 * l.latencyMs;
    this.push({ type: 'accept', conn: connId, timeMs: now + l.latencyMs });
    this.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connEstablished', connId }, peer: c.b, timeMs: now + 2 * l.latencyMs });
  }

  private gc(c: Conn): void {
    if (!c.aOpen && !c.bOpen) this.conns.delete(c.id);
  }

  private crosses(c: Conn, a: string, b: string): boolean {
    return (c.a === a && c.b === b) || (c.a === b && c.b === a);
  }

  /** Open connections between two nodes (for the UI and tests). */
  connectionsBetween(a: string, b: string): string[] {
    return [...this.conns.values()].filter((c) => this.crosses(c, a, b)).map((c) => c.id);
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
      conns: [...this.conns.values()].map((c) => ({ ...c, ab: dirToPlain(c.ab), ba: dirToPlain(c.ba) })),
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
    this.conns = new Map(c.conns.map((x) => [x.id, { ...x, ab: dirFromPlain(x.ab), ba: dirFromPlain(x.ba) } as Conn]));
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
  conns: (Omit<Conn, 'ab' | 'ba'> & { ab: PlainDir; ba: PlainDir })[];
  links: [string, LinkParams][];
  linkUpdates: [string, Record<string, LinkParams>][];
  hasher: [number, number, number];
  traceLength: number;
  nodes: { name: string; port: number; alive: boolean; incarnation: number; disk: Disk; lastView: NodeView | null; removed: boolean; host: unknown }[];
}

type PlainDir = Omit<RecvDir, 'reorder'> & { reorder: [number, QueuedInput][] };

function dirToPlain(d: RecvDir): PlainDir {
  return { ...d, reorder: [...d.reorder.entries()] };
}

function dirFromPlain(d: PlainDir): RecvDir {
  return { ...d, reorder: new Map(d.reorder) };
}

function newRecvDir(): RecvDir {
  return { recvSeq: 0, reorder: new Map(), held: [], nextSendSeq: 0, lastArrivalMs: 0 };
}

function hashConn(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return h;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
