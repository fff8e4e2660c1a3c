// The simulator: it alone owns simulated time and delivery order. It hosts the nodes inline (one
// thread), carries bytes between them over simulated TCP connections with latency, bandwidth and
// seeded jitter, applies faults (cut/heal, kill, crash/restart), and records the trace.

import { nodeConnectIfConfigured, nodeCreate, nodeStep, emptyDisk } from '../engine/node.ts';
import type { NodeEffect, NodeInput, SendKind, SendMeta } from '../engine/io.ts';
import type { Disk, NodeState } from '../engine/state.ts';
import type { Reply } from '../engine/resp.ts';
import type { BacklogMode } from '../engine/backlog.ts';
import { prngCreate, prngFloat, type PrngState } from '../engine/prng.ts';
import { EventHeap } from './heap.ts';
import { TraceHasher, type TraceEntry } from './trace.ts';

/** Simulated start: 2026-01-01T00:00:00Z, a realistic Unix time so absolute expiries have real lengths. */
export const SIM_EPOCH_MS = 1767225600000;

export interface LinkParams {
  latencyMs: number;
  jitterMs: number;
  /** Bytes per millisecond (1 Gbit/s = 125000). */
  bytesPerMs: number;
  cut: boolean;
}

export const DEFAULT_LINK: Readonly<LinkParams> = { latencyMs: 1, jitterMs: 0, bytesPerMs: 125_000, cut: false };

interface Dir {
  busyUntilMs: number;
  lastArrivalMs: number;
  /** Segments that reached a cut link: TCP keeps retransmitting them until the link heals. */
  held: { seq: number; input: NodeInput }[];
  /** TCP sequence numbers (per segment) so a retransmitted segment is never overtaken. */
  sendSeq: number;
  recvSeq: number;
  reorder: Map<number, SimEvent>;
}

/**
 * A simulated TCP connection. Each end's socket is open or closed on its own: a FIN (or a
 * reset) reaches the other end like data does, so a partition delays it too.
 */
interface Conn {
  id: string;
  a: string; // initiator
  b: string; // acceptor
  aInc: number;
  bInc: number;
  aOpen: boolean;
  bOpen: boolean;
  /** connect() not yet answered: SYNs are retried while the link is cut. */
  pending: boolean;
  synAttempt: number;
  ab: Dir;
  ba: Dir;
}

type SimEventBody =
  | { timeMs: number; type: 'input'; node: string; inc: number; input: NodeInput; tcpSeq?: number }
  | { timeMs: number; type: 'accept'; conn: string }
  | { timeMs: number; type: 'syn'; conn: string };
type SimEvent = SimEventBody & { seq: number };

function newDir(): Dir {
  return { busyUntilMs: 0, lastArrivalMs: 0, held: [], sendSeq: 0, recvSeq: 0, reorder: new Map() };
}

/** Linux's SYN retransmission: 1 s, then doubling, 6 retries (tcp_syn_retries), then ETIMEDOUT. */
const SYN_RETRIES = 6;

export interface SimNode {
  name: string;
  port: number;
  alive: boolean;
  incarnation: number;
  state: NodeState | null;
  disk: Disk;
  blockedUntilMs: number;
}

export interface ReplyEvent {
  node: string;
  clientId: string;
  reply: Reply | null;
  timeMs: number;
  /** Set when the node exited (SHUTDOWN) or could not be reached. */
  note?: 'exited' | 'refused';
}

/** A frame on a link, for the UI: bytes that left one node for another. */
export interface FrameRecord {
  conn: string;
  from: string;
  to: string;
  kind: SendKind;
  meta: SendMeta;
  bytes: number;
  sentAtMs: number;
  arriveAtMs: number;
  dropped: boolean;
}

export interface SimOptions {
  seed: number;
  backlogMode?: BacklogMode;
  /** Keep every trace entry in memory (for --trace and the UI); the hash is always computed. */
  keepTrace?: boolean;
  onReply?: (r: ReplyEvent) => void;
  onTrace?: (e: TraceEntry) => void;
  onFrame?: (f: FrameRecord) => void;
}

const CHUNK_BYTES = 16 * 1024;

export class Sim {
  nowMs = SIM_EPOCH_MS;
  readonly seed: number;
  readonly nodes = new Map<string, SimNode>();
  readonly links = new Map<string, LinkParams>();
  readonly trace: TraceEntry[] = [];
  readonly hasher = new TraceHasher();
  private queue = new EventHeap<SimEvent>();
  private seq = 0;
  private conns = new Map<string, Conn>();
  /** Open connections, for the UI and the invariants. */
  connections(): readonly Conn[] {
    return [...this.conns.values()];
  }
  private rng: PrngState;
  private opts: SimOptions;
  readonly backlogMode: BacklogMode;
  eventsProcessed = 0;

  constructor(opts: SimOptions) {
    this.opts = opts;
    this.seed = opts.seed;
    this.rng = prngCreate(opts.seed, 0x5eed);
    this.backlogMode = opts.backlogMode ?? 'shared';
  }

  // ------------------------------------------------------------------ topology

  addNode(name: string): SimNode {
    const port = 6379 + this.nodes.size;
    const n: SimNode = { name, port, alive: false, incarnation: -1, state: null, disk: emptyDisk(), blockedUntilMs: 0 };
    this.nodes.set(name, n);
    this.boot(n);
    return n;
  }

  private boot(n: SimNode): void {
    n.incarnation++;
    const { state, effects } = nodeCreate({ name: n.name, port: n.port, seed: this.seed, nowMs: this.nowMs, incarnation: n.incarnation, disk: n.disk, backlogMode: this.backlogMode });
    n.state = state;
    n.disk = state.disk;
    n.alive = true;
    n.blockedUntilMs = 0;
    this.record(n.name, 'boot', `inc=${n.incarnation} port=${n.port}`);
    this.applyEffects(n, effects);
    this.applyEffects(n, nodeConnectIfConfigured(state));
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

  nodeByAddress(host: string, port: number): SimNode | undefined {
    const h = host.toLowerCase();
    if (h === '127.0.0.1' || h === 'localhost') {
      for (const n of this.nodes.values()) if (n.port === port) return n;
      return undefined;
    }
    const n = this.nodes.get(host);
    return n && n.port === port ? n : undefined;
  }

  // ------------------------------------------------------------------ user actions

  /** A console command typed on a node now. The reply comes through onReply. */
  command(node: string, argv: readonly string[], clientId = 'console'): void {
    const n = this.nodes.get(node);
    this.record(node, 'command', argv.join(' '));
    if (!n || !n.alive) {
      this.emitReply({ node, clientId, reply: null, timeMs: this.nowMs, note: 'refused' });
      return;
    }
    this.push({ type: 'input', node, inc: n.incarnation, input: { type: 'command', clientId, argv }, timeMs: this.nowMs });
  }

  /**
   * Silent partition: nothing crosses the link. The ends learn only through their own timeouts;
   * TCP keeps retransmitting, so what was sent arrives after heal if both ends are still open.
   */
  cut(a: string, b: string): void {
    this.link(a, b).cut = true;
    this.record(`${a}|${b}`, 'cut', '');
  }

  heal(a: string, b: string): void {
    const l = this.link(a, b);
    l.cut = false;
    this.record(`${a}|${b}`, 'heal', '');
    for (const c of this.conns.values()) {
      if (!this.crosses(c, a, b)) continue;
      for (const [d, to, inc] of [[c.ab, c.b, c.bInc], [c.ba, c.a, c.aInc]] as const) {
        const held = d.held;
        d.held = [];
        for (const h of held) {
          const at = Math.max(this.nowMs + l.latencyMs, d.lastArrivalMs);
          d.lastArrivalMs = at;
          this.push({ type: 'input', node: to, inc, input: h.input, tcpSeq: h.seq, timeMs: at });
        }
      }
    }
  }

  /** Connection reset: both ends see it at once, in-flight bytes are lost. */
  kill(a: string, b: string): void {
    this.record(`${a}|${b}`, 'kill', '');
    for (const c of [...this.conns.values()]) {
      if (c.pending || !this.crosses(c, a, b)) continue;
      if (c.aOpen) this.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: this.nowMs });
      if (c.bOpen) this.push({ type: 'input', node: c.b, inc: c.bInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: this.nowMs });
      this.conns.delete(c.id);
    }
  }

  setLatency(a: string, b: string, latencyMs: number, jitterMs = 0): void {
    const l = this.link(a, b);
    l.latencyMs = latencyMs;
    l.jitterMs = jitterMs;
    this.record(`${a}|${b}`, 'latency', `${latencyMs} ${jitterMs}`);
  }

  setBandwidth(a: string, b: string, bytesPerSec: number): void {
    this.link(a, b).bytesPerMs = bytesPerSec / 1000;
    this.record(`${a}|${b}`, 'bandwidth', String(bytesPerSec));
  }

  /** The process dies: memory is lost, the disk stays; the kernel closes its sockets (peers see FIN). */
  crash(node: string): void {
    const n = this.nodes.get(node);
    if (!n || !n.alive) return;
    this.record(node, 'crash', '');
    this.die(n);
  }

  private die(n: SimNode): void {
    n.alive = false;
    n.state = null;
    // The kernel closes the dead process's sockets: each peer gets a FIN, as after close().
    for (const c of [...this.conns.values()]) {
      if (c.a === n.name) this.closeEnd(c, 'a');
      if (c.b === n.name) this.closeEnd(c, 'b');
    }
  }

  restart(node: string): void {
    const n = this.nodes.get(node);
    if (!n || n.alive) return;
    this.record(node, 'restart', '');
    this.boot(n);
  }

  // ------------------------------------------------------------------ running

  /** Processes every event up to and including time t, then sets the clock to t. */
  runUntil(t: number): void {
    for (;;) {
      const e = this.queue.peek();
      if (!e || e.timeMs > t) break;
      this.queue.pop();
      this.process(e);
    }
    if (t > this.nowMs) this.nowMs = t;
  }

  /** Processes one event (the next in order); false when there is none. */
  stepOne(): boolean {
    const e = this.queue.pop();
    if (!e) return false;
    this.process(e);
    return true;
  }

  nextEventTime(): number | undefined {
    return this.queue.peek()?.timeMs;
  }

  /** Runs until pred() holds (checked after each event), or until the time limit. */
  runUntilCondition(pred: () => boolean, limitMs: number): boolean {
    if (pred()) return true;
    for (;;) {
      const e = this.queue.peek();
      if (!e || e.timeMs > limitMs) {
        this.nowMs = Math.max(this.nowMs, limitMs);
        return false;
      }
      this.queue.pop();
      this.process(e);
      if (pred()) return true;
    }
  }

  private push(e: SimEventBody): void {
    this.queue.push({ ...e, seq: this.seq++ } as SimEvent);
  }

  private process(e: SimEvent): void {
    this.nowMs = Math.max(this.nowMs, e.timeMs);
    this.eventsProcessed++;
    if (e.type === 'syn') {
      this.trySyn(e.conn);
      return;
    }
    if (e.type === 'accept') {
      const c = this.conns.get(e.conn);
      if (!c) return;
      const b = this.nodes.get(c.b)!;
      if (!b.alive || b.incarnation !== c.bInc) return;
      this.deliver(b, { type: 'connAccepted', connId: c.id, peerIp: '127.0.0.1', peerPort: 40000 + (this.seq % 20000) });
      return;
    }
    const n = this.nodes.get(e.node);
    if (!n || !n.alive || n.incarnation !== e.inc) return;
    const input = e.input;
    if (input.type === 'connData' || input.type === 'connClosed') {
      const c = this.conns.get(input.connId);
      if (!c && input.type === 'connData') {
        this.record(e.node, 'dropped', `${input.connId} ${input.data.length}`);
        return;
      }
      if (c) {
      const toA = c.a === e.node;
      const d = toA ? c.ba : c.ab;
      if (e.tcpSeq !== undefined) {
        if (this.link(c.a, c.b).cut) {
          // A partition: the segment is lost and will be retransmitted once the link heals.
          d.held.push({ seq: e.tcpSeq, input });
          return;
        }
        if (e.tcpSeq !== d.recvSeq) {
          // Overtook a segment still being retransmitted: wait for it, as TCP does.
          d.reorder.set(e.tcpSeq, e);
          return;
        }
        d.recvSeq++;
        const next = d.reorder.get(d.recvSeq);
        if (next) {
          d.reorder.delete(d.recvSeq);
          this.push({ ...next, timeMs: this.nowMs });
        }
      }
      if (input.type === 'connData' || input.reason === 'closed') {
        if (!(toA ? c.aOpen : c.bOpen)) {
          // Data for a socket that is gone: the other end gets a reset.
          const other = toA ? 'b' : 'a';
          if (input.type === 'connData' && (other === 'a' ? c.aOpen : c.bOpen)) {
            this.push({ type: 'input', node: other === 'a' ? c.a : c.b, inc: other === 'a' ? c.aInc : c.bInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: this.nowMs + this.link(c.a, c.b).latencyMs });
            if (other === 'a') c.aOpen = false; else c.bOpen = false;
          }
          this.gc(c);
          return;
        }
      }
      if (input.type === 'connClosed') {
        if (toA) c.aOpen = false; else c.bOpen = false;
        this.gc(c);
      }
      }
    }
    if (n.blockedUntilMs > this.nowMs) {
      // DEBUG SLEEP: the node handles nothing until it wakes up; order is kept.
      this.push({ ...e, timeMs: n.blockedUntilMs });
      return;
    }
    this.deliver(n, input);
  }

  private deliver(n: SimNode, input: NodeInput): void {
    this.record(n.name, `in:${input.type}`, describeInput(input));
    const effects = nodeStep(n.state!, input, this.nowMs);
    this.applyEffects(n, effects);
  }

  private applyEffects(n: SimNode, effects: readonly NodeEffect[]): void {
    for (const ef of effects) {
      switch (ef.type) {
        case 'send':
          this.send(n, ef.connId, ef.data, ef.kind, ef.meta, ef.token);
          break;
        case 'connect':
          this.connect(n, ef.connId, ef.host, ef.port);
          break;
        case 'close':
          this.close(n, ef.connId);
          break;
        case 'timer':
          this.push({ type: 'input', node: n.name, inc: n.incarnation, input: { type: 'timer', name: ef.name }, timeMs: ef.atMs });
          break;
        case 'reply':
          this.record(n.name, 'reply', `${ef.clientId} ${replyDigest(ef.reply)}`);
          this.emitReply({ node: n.name, clientId: ef.clientId, reply: ef.reply, timeMs: Math.max(this.nowMs, n.blockedUntilMs) });
          break;
        case 'log':
          this.record(n.name, 'log', ef.line);
          break;
        case 'event':
          this.record(n.name, `ev:${ef.event.type}`, JSON.stringify(ef.event));
          break;
        case 'block':
          n.blockedUntilMs = ef.untilMs;
          break;
        case 'exit':
          this.record(n.name, 'exit', '');
          this.emitReply({ node: n.name, clientId: 'console', reply: null, timeMs: this.nowMs, note: 'exited' });
          this.die(n);
          return;
      }
    }
  }

  private emitReply(r: ReplyEvent): void {
    this.opts.onReply?.(r);
  }

  private connect(n: SimNode, connId: string, host: string, port: number): void {
    const target = this.nodeByAddress(host, port);
    const c: Conn = {
      id: connId, a: n.name, b: target ? target.name : host, aInc: n.incarnation, bInc: target ? target.incarnation : -1,
      aOpen: true, bOpen: false, pending: true, synAttempt: 0,
      ab: newDir(), ba: newDir(),
    };
    if (!target) {
      const knownHost = ['127.0.0.1', 'localhost'].includes(host.toLowerCase()) || this.nodes.has(host);
      const err = knownHost ? 'Connection refused' : 'Name or service not known';
      this.push({ type: 'input', node: n.name, inc: n.incarnation, input: { type: 'connFailed', connId, error: err }, timeMs: this.nowMs + (knownHost ? 2 * DEFAULT_LINK.latencyMs : 0) });
      return;
    }
    this.conns.set(connId, c);
    this.trySyn(connId);
  }

  /** A SYN leaves now: answered by SYN-ACK, by a reset (nobody listening), or lost on a cut link. */
  private trySyn(connId: string): void {
    const c = this.conns.get(connId);
    if (!c || !c.pending || !c.aOpen) return;
    const target = this.nodes.get(c.b)!;
    const l = this.link(c.a, c.b);
    if (l.cut) {
      if (c.synAttempt >= SYN_RETRIES) {
        this.conns.delete(connId);
        this.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connFailed', connId, error: 'Connection timed out' }, timeMs: this.nowMs });
        return;
      }
      this.record(c.a, 'syn-lost', `${connId} -> ${c.b}`);
      this.push({ type: 'syn', conn: connId, timeMs: this.nowMs + 1000 * 2 ** c.synAttempt });
      c.synAttempt++;
      return;
    }
    if (!target.alive) {
      this.conns.delete(connId);
      this.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connFailed', connId, error: 'Connection refused' }, timeMs: this.nowMs + 2 * l.latencyMs });
      return;
    }
    c.pending = false;
    c.bOpen = true;
    c.bInc = target.incarnation;
    this.push({ type: 'accept', conn: connId, timeMs: this.nowMs + l.latencyMs });
    c.ab.lastArrivalMs = this.nowMs + l.latencyMs;
    c.ba.lastArrivalMs = this.nowMs + 2 * l.latencyMs;
    this.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connEstablished', connId }, timeMs: this.nowMs + 2 * l.latencyMs });
  }

  private send(n: SimNode, connId: string, data: string, kind: SendKind, meta: SendMeta, token?: number): void {
    const c = this.conns.get(connId);
    const fromA = c ? c.a === n.name : true;
    if (!c || c.pending || !(fromA ? c.aOpen : c.bOpen)) {
      this.record(n.name, 'send-closed', `${connId} ${data.length}`);
      return;
    }
    const peer = fromA ? c.b : c.a;
    const l = this.link(c.a, c.b);
    const d = fromA ? c.ab : c.ba;
    const peerInc = fromA ? c.bInc : c.aInc;
    let off = 0;
    const total = data.length;
    const sentAt = this.nowMs;
    let lastArrival: number;
    do {
      const chunk = data.slice(off, off + CHUNK_BYTES);
      off += chunk.length;
      const start = Math.max(this.nowMs, d.busyUntilMs);
      d.busyUntilMs = start + chunk.length / l.bytesPerMs;
      const jitter = l.jitterMs > 0 ? prngFloat(this.rng) * l.jitterMs : 0;
      const arrive = Math.max(d.busyUntilMs + l.latencyMs + jitter, d.lastArrivalMs);
      d.lastArrivalMs = arrive;
      lastArrival = arrive;
      this.push({ type: 'input', node: peer, inc: peerInc, input: { type: 'connData', connId, data: chunk }, tcpSeq: d.sendSeq++, timeMs: arrive });
    } while (off < total);
    this.record(n.name, 'send', `${connId} ${kind} ${total} ${meta.label}`);
    this.opts.onFrame?.({ conn: connId, from: n.name, to: peer, kind, meta, bytes: total, sentAtMs: sentAt, arriveAtMs: lastArrival, dropped: l.cut });
    if (token !== undefined) {
      this.push({ type: 'input', node: n.name, inc: n.incarnation, input: { type: 'connDrained', connId, token }, timeMs: d.busyUntilMs });
    }
  }

  private close(n: SimNode, connId: string): void {
    const c = this.conns.get(connId);
    if (!c) return;
    if (c.pending) {
      this.conns.delete(connId); // an unanswered connect() abandoned
      return;
    }
    this.closeEnd(c, c.a === n.name ? 'a' : 'b');
  }

  /** One end's socket closes: its FIN travels behind the data already sent. */
  private closeEnd(c: Conn, end: 'a' | 'b'): void {
    if (c.pending) {
      this.conns.delete(c.id);
      return;
    }
    const isA = end === 'a';
    if (!(isA ? c.aOpen : c.bOpen)) return;
    if (isA) c.aOpen = false; else c.bOpen = false;
    const peerOpen = isA ? c.bOpen : c.aOpen;
    if (peerOpen) {
      const d = isA ? c.ab : c.ba;
      const at = Math.max(this.nowMs + this.link(c.a, c.b).latencyMs, d.lastArrivalMs);
      d.lastArrivalMs = at;
      this.push({ type: 'input', node: isA ? c.b : c.a, inc: isA ? c.bInc : c.aInc, input: { type: 'connClosed', connId: c.id, reason: 'closed' }, tcpSeq: d.sendSeq++, timeMs: at });
    }
    this.gc(c);
  }

  private gc(c: Conn): void {
    if (!c.aOpen && !c.bOpen) this.conns.delete(c.id);
  }

  private crosses(c: Conn, a: string, b: string): boolean {
    return (c.a === a && c.b === b) || (c.a === b && c.b === a);
  }

  private record(node: string, kind: string, detail: string): void {
    const e: TraceEntry = { t: this.nowMs - SIM_EPOCH_MS, node, kind, detail };
    this.hasher.add(e);
    if (this.opts.keepTrace) this.trace.push(e);
    this.opts.onTrace?.(e);
  }

  traceHash(): string {
    return this.hasher.digest();
  }
}

function describeInput(i: NodeInput): string {
  switch (i.type) {
    case 'command': return `${i.clientId} ${i.argv.join(' ')}`;
    case 'connAccepted': return i.connId;
    case 'connEstablished': return i.connId;
    case 'connFailed': return `${i.connId} ${i.error}`;
    case 'connData': return `${i.connId} ${i.data.length}`;
    case 'connClosed': return `${i.connId} ${i.reason}`;
    case 'connDrained': return `${i.connId} ${i.token}`;
    case 'timer': return i.name;
  }
}

function replyDigest(r: Reply): string {
  switch (r.type) {
    case 'status': case 'error': return `${r.type}:${r.v}`;
    case 'int': return `int:${String(r.v)}`;
    case 'bulk': return r.v === null ? 'nil' : `bulk:${r.v.length}`;
    case 'array': return r.v === null ? 'nilarray' : `array:${r.v.length}`;
  }
}
