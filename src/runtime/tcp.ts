// The TCP model, in two halves as in a real stack. The sending half lives in each node's host:
// serialisation at the link's bandwidth, latency, per-direction seeded jitter, a sequence number
// per segment, the FIN after the data already sent. The receiving half lives in the scheduler,
// with the table of connections: segments delivered in order (a reorder buffer for those that
// overtook one being retransmitted), segments held on a cut link and retransmitted when it heals,
// SYNs retried at 1, 2, 4… s, the FIN the kernel sends for a dead process, resets.

import { fnv1a } from '../engine/fnv1a.ts';
import type { Via } from './address.ts';
import type { NodeInput, SendKind, SendMeta } from '../engine/io.ts';
import { prngCreate, prngFloat, type PrngState } from '../engine/prng.ts';
import { DEFAULT_LINK, SIM_EPOCH_MS, type HostOutput, type LinkParams } from './protocol.ts';
import type { TraceEntry } from './trace.ts';

export { DEFAULT_LINK };
/** The smallest latency a link may have: windows never shrink to nothing. */
export const MIN_LATENCY_MS = 0.1;

// ------------------------------------------------------------------ the sending half (in the host)

/** Bytes per segment: a large send leaves as a train of segments, each serialised in turn. */
export const CHUNK_BYTES = 16 * 1024;

/** The sending half of one connection, owned by its node. */
export interface OutConn {
  peer: string;
  open: boolean;
  busyUntilMs: number;
  lastArrivalMs: number;
  sendSeq: number;
  rng: PrngState;
}

/** Seeds each direction's jitter generator from its name. */
const hashString = fnv1a;

/** A node's sending halves. Segments go into `out`, the host's outputs, in order. */
export class TcpSender {
  readonly conns = new Map<string, OutConn>();

  constructor(private readonly me: string, private readonly seed: number, private readonly linkTo: (peer: string) => LinkParams) {}

  /** The connection is up (established or accepted): its direction gets its own jitter generator. */
  opened(connId: string, peer: string): void {
    const dirKey = `${connId}>${this.me}`;
    this.conns.set(connId, { peer, open: true, busyUntilMs: 0, lastArrivalMs: 0, sendSeq: 0, rng: prngCreate(this.seed, hashString(dirKey)) });
  }

  /** The connection closed or failed: nothing more is sent on it. */
  closed(connId: string): void {
    const c = this.conns.get(connId);
    if (c) c.open = false;
  }

  /**
   * Sends data: segments of CHUNK_BYTES, serialised one after another at the link's bandwidth,
   * each arriving after the latency (plus jitter) and never before the one before it. Returns
   * when the last byte has left (for connDrained), or null when the socket is not open.
   */
  send(out: HostOutput[], now: number, connId: string, data: string, kind: SendKind, meta: SendMeta): number | null {
    const c = this.conns.get(connId);
    if (!c || !c.open) return null;
    const l = this.linkTo(c.peer);
    let off = 0;
    do {
      const chunk = data.slice(off, off + CHUNK_BYTES);
      off += chunk.length;
      const start = Math.max(now, c.busyUntilMs);
      c.busyUntilMs = start + chunk.length / l.bytesPerMs;
      const jitter = l.jitterMs > 0 ? prngFloat(c.rng) * l.jitterMs : 0;
      const arrive = Math.max(c.busyUntilMs + l.latencyMs + jitter, c.lastArrivalMs);
      c.lastArrivalMs = arrive;
      const seg: { -readonly [K in keyof Segment]: Segment[K] } = {
        type: 'segment', timeMs: arrive, conn: connId, to: c.peer, tcpSeq: c.sendSeq++, input: { type: 'connData', connId, data: chunk },
        sentAtMs: now, kind, meta, bytes: off >= data.length ? data.length : 0,
      };
      if (off >= data.length) seg.preview = data.slice(0, kind === 'stream' ? 16384 : 256);
      out.push(seg);
    } while (off < data.length);
    return c.busyUntilMs;
  }

  /** close(): our FIN follows the data already sent. */
  close(out: HostOutput[], now: number, connId: string): void {
    const c = this.conns.get(connId);
    if (!c) {
      // An unanswered connect() abandoned: the scheduler forgets it.
      out.push({ type: 'segment', timeMs: now, conn: connId, to: '', tcpSeq: -1, input: { type: 'connClosed', connId, reason: 'closed' }, sentAtMs: now, kind: 'fin', meta: { label: 'abandon' }, bytes: 0 });
      return;
    }
    if (!c.open) return;
    c.open = false;
    const l = this.linkTo(c.peer);
    const at = Math.max(now + l.latencyMs, c.lastArrivalMs);
    c.lastArrivalMs = at;
    out.push({ type: 'segment', timeMs: at, conn: connId, to: c.peer, tcpSeq: c.sendSeq++, input: { type: 'connClosed', connId, reason: 'closed' }, sentAtMs: now, kind: 'fin', meta: { label: 'FIN' }, bytes: 0 });
  }
}

// ------------------------------------------------------------------ the receiving half (in the scheduler)

type Segment = Extract<HostOutput, { type: 'segment' }>;

/** An input queued for a node; segments carry their direction's sequence number. */
export interface QueuedInput {
  timeMs: number;
  seq: number;
  type: 'input';
  node: string;
  inc: number;
  input: NodeInput;
  tcpSeq?: number;
  peer?: string;
}

/** The scheduler's events: inputs for nodes, and the network's own (a SYN leaving, a SYN arriving). */
export type SimEvent = QueuedInput | { timeMs: number; seq: number; type: 'syn'; conn: string } | { timeMs: number; seq: number; type: 'accept'; conn: string };

/** An event to queue: the scheduler gives it its sequence number. */
export type NewEvent = Omit<QueuedInput, 'seq'> | { timeMs: number; type: 'syn' | 'accept'; conn: string };

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

/** The receiving half of a direction. */
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
  /** How a reached b: the acceptor sees a peer from 127.0.0.1 or from a's network address. */
  via: Via;
  /** The port a dialed (b's own port over the loopback; 6379 or b's own port over the network). */
  port: number;
  aInc: number;
  bInc: number;
  aOpen: boolean;
  bOpen: boolean;
  pending: boolean;
  synAttempt: number;
  ab: RecvDir;
  ba: RecvDir;
}

type PlainDir = Omit<RecvDir, 'reorder'> & { reorder: [number, QueuedInput][] };
/** A connection as a checkpoint keeps it (plain data). */
export type PlainConn = Omit<Conn, 'ab' | 'ba'> & { ab: PlainDir; ba: PlainDir };

/** What the network needs from the scheduler. */
export interface TcpScheduler {
  /** The scheduler's clock (absolute ms). */
  now(): number;
  push(e: NewEvent): void;
  link(a: string, b: string): LinkParams;
  minLatencyMs(): number;
  /** A node by name (alive, incarnation), or by the address a node connects to. */
  node(name: string): { readonly name: string; readonly port: number; readonly ip: string; readonly alive: boolean; readonly incarnation: number } | undefined;
  /** The node listening at host:port, and whether the connection goes over the loopback or the network. */
  nodeByAddress(host: string, port: number): { readonly node: { readonly name: string; readonly incarnation: number }; readonly via: Via } | undefined;
  /** Does host resolve (the loopback, a node's name or network address)? */
  knownHost(host: string): boolean;
  /** A trace entry (with its time). */
  trace(e: TraceEntry): void;
  /** Told of each frame; undefined when nobody draws them (the records are then not made). */
  readonly frame: ((f: FrameRecord) => void) | undefined;
}

/** Linux's SYN retransmission: 1 s, then doubling, 6 retries (tcp_syn_retries), then ETIMEDOUT. */
const SYN_RETRIES = 6;

/** The connections between nodes and their receiving halves. */
export class Tcp {
  private conns = new Map<string, Conn>();

  constructor(private readonly s: TcpScheduler) {}

  /** A node's connect(): a SYN leaves now, or the connect fails at once (nobody at that address). */
  connect(node: string, inc: number, connId: string, host: string, port: number, now: number): void {
    const s = this.s;
    const found = s.nodeByAddress(host, port);
    const L = s.minLatencyMs();
    if (!found) {
      const knownHost = s.knownHost(host);
      const err = knownHost ? 'Connection refused' : 'Name or service not known';
      s.push({ type: 'input', node, inc, input: { type: 'connFailed', connId, error: err }, timeMs: now + Math.max(L, knownHost ? 2 * DEFAULT_LINK.latencyMs : L) });
      return;
    }
    const target = found.node;
    const c: Conn = {
      id: connId, a: node, b: target.name, via: found.via, port, aInc: inc, bInc: target.incarnation,
      aOpen: true, bOpen: false, pending: true, synAttempt: 0, ab: newRecvDir(), ba: newRecvDir(),
    };
    this.conns.set(connId, c);
    this.trySyn(connId, now);
  }

  /** A SYN leaves now: answered by SYN-ACK, by a reset (nobody listening), or lost on a cut link. */
  trySyn(connId: string, now = this.s.now()): void {
    const s = this.s;
    const c = this.conns.get(connId);
    if (!c || !c.pending || !c.aOpen) return;
    const target = s.node(c.b)!;
    const l = s.link(c.a, c.b);
    if (l.cut) {
      if (c.synAttempt >= SYN_RETRIES) {
        this.conns.delete(connId);
        s.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connFailed', connId, error: 'Connection timed out' }, timeMs: now + l.latencyMs });
        return;
      }
      s.trace({ t: now - SIM_EPOCH_MS, node: c.a, kind: 'synLost', connId, peer: c.b });
      s.push({ type: 'syn', conn: connId, timeMs: now + 1000 * 2 ** c.synAttempt });
      c.synAttempt++;
      return;
    }
    if (!target.alive) {
      this.conns.delete(connId);
      s.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connFailed', connId, error: 'Connection refused' }, timeMs: now + 2 * l.latencyMs });
      return;
    }
    c.pending = false;
    c.bOpen = true;
    c.bInc = target.incarnation;
    c.ab.lastArrivalMs = now + l.latencyMs;
    c.ba.lastArrivalMs = now + 2 * l.latencyMs;
    s.push({ type: 'accept', conn: connId, timeMs: now + l.latencyMs });
    s.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connEstablished', connId }, peer: c.b, timeMs: now + 2 * l.latencyMs });
  }

  /** The SYN reached the acceptor: its connAccepted, unless it died (or restarted) meanwhile. */
  accept(connId: string, timeMs: number, seq: number): QueuedInput | null {
    const c = this.conns.get(connId);
    if (!c) return null;
    const b = this.s.node(c.b)!;
    if (!b.alive || b.incarnation !== c.bInc) return null;
    const peerIp = c.via === 'loopback' ? '127.0.0.1' : this.s.node(c.a)!.ip;
    const localIp = c.via === 'loopback' ? '127.0.0.1' : this.s.node(c.b)!.ip;
    const input = { type: 'connAccepted' as const, connId: c.id, peerIp, peerPort: 40000 + (hashString(c.id) % 20000), localIp, localPort: c.port };
    return { timeMs, seq, type: 'input', node: c.b, inc: c.bInc, input, peer: c.a };
  }

  /**
   * The delivery rules for an input due now: node alive, TCP order, partitions, closed sockets.
   * Returns what the node receives now (nothing, this input, or it and the segments it released
   * from the reorder buffer).
   */
  admit(e: QueuedInput): QueuedInput[] {
    const out: QueuedInput[] = [];
    this.admitInto(e, out);
    return out;
  }

  /** admit(), appending what reaches the node to `out`. */
  admitInto(e: QueuedInput, out: QueuedInput[]): void {
    const s = this.s;
    const n = s.node(e.node);
    if (!n || !n.alive || n.incarnation !== e.inc) return;
    const input = e.input;
    if (input.type !== 'connData' && input.type !== 'connClosed') {
      out.push(e);
      return;
    }
    const c = this.conns.get(input.connId);
    if (!c) {
      if (input.type === 'connData') s.trace({ node: e.node, kind: 'dropped', connId: input.connId, bytes: input.data.length, t: s.now() - SIM_EPOCH_MS });
      if (input.type === 'connClosed') out.push(e);
      return;
    }
    const toA = c.a === e.node;
    const d = toA ? c.ba : c.ab;
    if (e.tcpSeq !== undefined) {
      if (s.link(c.a, c.b).cut) {
        d.held.push(e);
        return;
      }
      if (e.tcpSeq !== d.recvSeq) {
        // Overtook a segment still being retransmitted: wait for it, as TCP does.
        d.reorder.set(e.tcpSeq, e);
        return;
      }
      d.recvSeq++;
    }
    if (input.type === 'connData' || input.reason === 'closed') {
      if (!(toA ? c.aOpen : c.bOpen)) {
        // Data for a socket that is gone: the other end gets a reset.
        if (input.type === 'connData' && (toA ? c.bOpen : c.aOpen)) {
          const other = toA ? 'b' : 'a';
          s.push({ type: 'input', node: other === 'a' ? c.a : c.b, inc: other === 'a' ? c.aInc : c.bInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: s.now() + s.link(c.a, c.b).latencyMs });
          if (other === 'a') c.aOpen = false;
          else c.bOpen = false;
        }
        this.gc(c);
        this.releaseNext(d, out);
        return;
      }
    }
    if (input.type === 'connClosed') {
      if (toA) c.aOpen = false;
      else c.bOpen = false;
      this.gc(c);
    }
    out.push(e);
    this.releaseNext(d, out);
  }

  private releaseNext(d: RecvDir, out: QueuedInput[]): void {
    const next = d.reorder.get(d.recvSeq);
    if (next) {
      d.reorder.delete(d.recvSeq);
      this.admitInto({ ...next, timeMs: this.s.now() }, out);
    }
  }

  /** A segment (or FIN) a node sent: queued for its peer, and shown as a frame. */
  route(from: string, o: Extract<HostOutput, { type: 'segment' }>): void {
    const c = this.conns.get(o.conn);
    if (!c) return;
    if (o.tcpSeq < 0) {
      // An unanswered connect() abandoned by its initiator.
      if (c.pending) this.conns.delete(c.id);
      return;
    }
    const fromA = c.a === from;
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
    this.s.push({ type: 'input', node: fromA ? c.b : c.a, inc: fromA ? c.bInc : c.aInc, input: o.input, tcpSeq: o.tcpSeq, timeMs: o.timeMs });
    const frame = this.s.frame;
    if (frame !== undefined && (o.bytes > 0 || o.kind === 'fin')) {
      frame({ conn: c.id, from, to: fromA ? c.b : c.a, kind: o.kind, meta: o.meta, bytes: o.bytes, sentAtMs: o.sentAtMs - SIM_EPOCH_MS, arriveAtMs: o.timeMs - SIM_EPOCH_MS, preview: o.preview ?? '' });
    }
  }

  /** The link healed: what it held is retransmitted, in order, after the link's latency. */
  heal(a: string, b: string): void {
    const s = this.s;
    const l = s.link(a, b);
    for (const c of this.conns.values()) {
      if (!crosses(c, a, b)) continue;
      for (const d of [c.ab, c.ba]) {
        const held = d.held;
        d.held = [];
        for (const h of held) {
          const at = Math.max(s.now() + l.latencyMs, d.lastArrivalMs);
          d.lastArrivalMs = at;
          s.push({ ...h, timeMs: at });
        }
      }
    }
  }

  /** Connection reset: both ends see it at once, in-flight bytes are lost. */
  kill(a: string, b: string): void {
    const s = this.s;
    for (const c of [...this.conns.values()]) {
      if (c.pending || !crosses(c, a, b)) continue;
      if (c.aOpen) s.push({ type: 'input', node: c.a, inc: c.aInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: s.now() });
      if (c.bOpen) s.push({ type: 'input', node: c.b, inc: c.bInc, input: { type: 'connClosed', connId: c.id, reason: 'reset' }, timeMs: s.now() });
      this.conns.delete(c.id);
    }
  }

  /** A process died: the kernel closes its sockets. */
  died(node: string): void {
    for (const c of [...this.conns.values()]) {
      if (c.a === node) this.kernelClose(c, 'a');
      if (c.b === node) this.kernelClose(c, 'b');
    }
  }

  /** The kernel closes a dead process's socket: a FIN after what was already sent. */
  private kernelClose(c: Conn, end: 'a' | 'b'): void {
    const s = this.s;
    if (c.pending) {
      this.conns.delete(c.id);
      return;
    }
    const isA = end === 'a';
    if (!(isA ? c.aOpen : c.bOpen)) return;
    if (isA) c.aOpen = false;
    else c.bOpen = false;
    const d = isA ? c.ab : c.ba;
    const at = Math.max(s.now() + s.link(c.a, c.b).latencyMs, d.lastArrivalMs);
    d.lastArrivalMs = at;
    s.push({ type: 'input', node: isA ? c.b : c.a, inc: isA ? c.bInc : c.aInc, input: { type: 'connClosed', connId: c.id, reason: 'closed' }, tcpSeq: d.nextSendSeq++, timeMs: at });
    this.gc(c);
  }

  private gc(c: Conn): void {
    if (!c.aOpen && !c.bOpen) this.conns.delete(c.id);
  }

  /** Open connections between two nodes (for the UI and tests). */
  between(a: string, b: string): string[] {
    return [...this.conns.values()].filter((c) => crosses(c, a, b)).map((c) => c.id);
  }

  /** The connections as plain data (not copied: the checkpoint clones it). */
  save(): PlainConn[] {
    return [...this.conns.values()].map((c) => ({ ...c, ab: dirToPlain(c.ab), ba: dirToPlain(c.ba) }));
  }

  load(conns: readonly PlainConn[]): void {
    this.conns = new Map(conns.map((x) => [x.id, { ...x, ab: dirFromPlain(x.ab), ba: dirFromPlain(x.ba) }]));
  }
}

function crosses(c: Conn, a: string, b: string): boolean {
  return (c.a === a && c.b === b) || (c.a === b && c.b === a);
}

function dirToPlain(d: RecvDir): PlainDir {
  return { ...d, reorder: [...d.reorder.entries()] };
}

function dirFromPlain(d: PlainDir): RecvDir {
  return { ...d, reorder: new Map(d.reorder) };
}

function newRecvDir(): RecvDir {
  return { recvSeq: 0, reorder: new Map(), held: [], nextSendSeq: 0, lastArrivalMs: 0 };
}
