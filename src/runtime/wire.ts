// The packed form of a window's batch between the scheduler and a node's host in a Web Worker.
// Structured clone copies an object field by field, key names included, and rebuilds it the
// same way: for the thousand small objects of a busy window (a trace entry, a segment, an input
// per command) that costs more than running the nodes. So the frequent shapes travel as numbers
// in one Float64Array (its buffer is transferred, not copied) plus an array of their distinct
// strings (each string costs a message more than its bytes do); anything else travels as itself. Decoding rebuilds the same objects, with the same
// fields in the same order: a run's trace and hash do not depend on the host.

import type { NodeInput, SendKind, SendMeta } from '../engine/io.ts';
import type { Reply } from '../engine/resp.ts';
import type { HostOutput, NodeView, Packed, TimedInput, ViewDelta } from './protocol.ts';
import type { ReplySummary, TraceEntry } from './trace.ts';
import { samePlain } from './plain-clone.ts';

const SEND_KINDS: readonly (SendKind | 'fin')[] = ['handshake', 'stream', 'rdb', 'ack', 'keepalive', 'reply', 'sentinel', 'fin'];
const SEND_KIND_CODE = new Map(SEND_KINDS.map((k, i) => [k, i]));
const REPLY_TYPES: readonly Reply['type'][] = ['status', 'error', 'int', 'bulk', 'array'];
const REPLY_TYPE_CODE = new Map(REPLY_TYPES.map((k, i) => [k, i]));

// Tags. 0 is "the next object of `o`" in both directions.
const AS_IS = 0;
// Inputs (scheduler -> host).
const IN_DATA = 1;
const IN_COMMAND = 2;
// Outputs (host -> scheduler).
const OUT_SEGMENT = 1;
const OUT_TRACE_DATA = 2;
const OUT_TRACE_COMMAND = 3;
const OUT_EV_APPENDED = 4;
const OUT_EV_APPLIED = 5;
const OUT_EV_REPLOFF = 6;
const OUT_EV_PROPAGATED = 7;
const OUT_EV_ACK = 8;
const OUT_TRACE_SEND = 9;
const OUT_TRACE_REPLY = 10;
const OUT_REPLY = 11;

const EMPTY = new Float64Array(0);

/**
 * Buffers of packed lists that came back from the other side, to write the next lists in: a busy
 * run then allocates no buffer per message (each side sends the other's buffers back with its
 * next message).
 */
const spares: Float64Array[] = [];
const MAX_SPARES = 16;

/** Keeps a packed list's buffer, once read, for a later list (a buffer moved away since is left alone). */
export function recycle(buffer: ArrayBuffer | undefined): void {
  if (buffer === undefined || buffer.byteLength === 0 || spares.length >= MAX_SPARES) return;
  spares.push(new Float64Array(buffer));
}

/** Writes numbers and strings (each string once); reused (take() hands out the numbers written, in their buffer). */
class Packer {
  private strings = new Map<string, number>();
  /** The numbers being written; a spare (a buffer that came back from the other side) or a new one. */
  private n: Float64Array = EMPTY;
  private len = 0;
  private s: string[] = [];
  private o: unknown[] = [];

  num(x: number): void {
    if (this.len === this.n.length) {
      if (this.len === 0) {
        this.n = spares.pop() ?? new Float64Array(4096);
        this.n[this.len++] = x;
        return;
      }
      const bigger = new Float64Array(this.n.length * 2);
      bigger.set(this.n);
      this.n = bigger;
    }
    this.n[this.len++] = x;
  }

  /** A string sent once however often it comes (a connection's name, a command's name). */
  str(x: string): void {
    let i = this.strings.get(x);
    if (i === undefined) {
      i = this.s.length;
      this.s.push(x);
      this.strings.set(x, i);
    }
    this.num(i);
  }

  /** A string not worth looking up: it is almost always new (the bytes a segment carries to the page). */
  fresh(x: string): void {
    this.num(this.s.length);
    this.s.push(x);
  }

  strs(xs: readonly string[]): void {
    this.num(xs.length);
    for (let i = 0; i < xs.length; i++) this.str(xs[i]);
  }

  asIs(x: unknown): void {
    this.num(AS_IS);
    this.o.push(x);
  }

  take(): Packed {
    // The buffer goes with the message (transferred, not copied); the next list is written in a spare.
    const p: Packed = { n: this.len === 0 ? new Float64Array(0) : this.n.subarray(0, this.len), s: this.s, o: this.o };
    this.n = EMPTY;
    this.len = 0;
    this.strings.clear();
    this.s = [];
    this.o = [];
    return p;
  }
}

/** Reads a Packed in order. */
class Unpacker {
  i = 0;
  private oi = 0;
  constructor(private readonly p: Packed) {}
  get done(): boolean {
    return this.i >= this.p.n.length;
  }
  num(): number {
    return this.p.n[this.i++];
  }
  str(): string {
    return this.p.s[this.p.n[this.i++]];
  }
  strs(): string[] {
    const k = this.num();
    const out = new Array<string>(k);
    for (let j = 0; j < k; j++) out[j] = this.str();
    return out;
  }
  asIs<T>(): T {
    return this.p.o[this.oi++] as T;
  }
}

const packer = new Packer();

/** The transferable part of a packed list (postMessage's transfer list). */
export function transferOf(p: Packed): Transferable[] {
  return [p.n.buffer];
}

// ------------------------------------------------------------------ inputs

export function packInputs(inputs: readonly TimedInput[]): Packed {
  const w = packer;
  for (const ti of inputs) {
    const x = ti.input;
    if (ti.peer !== undefined) w.asIs(ti);
    else if (x.type === 'connData') {
      w.num(IN_DATA);
      w.num(ti.timeMs);
      w.str(x.connId);
      w.fresh(x.data);
    } else if (x.type === 'command') {
      w.num(IN_COMMAND);
      w.num(ti.timeMs);
      w.str(x.clientId);
      w.strs(x.argv);
    } else w.asIs(ti);
  }
  return w.take();
}

export function unpackInputs(p: Packed): TimedInput[] {
  const r = new Unpacker(p);
  const out: TimedInput[] = [];
  while (!r.done) {
    const tag = r.num();
    switch (tag) {
      case IN_DATA: {
        const timeMs = r.num();
        const connId = r.str();
        out.push({ timeMs, input: { type: 'connData', connId, data: r.str() } });
        break;
      }
      case IN_COMMAND: {
        const timeMs = r.num();
        const clientId = r.str();
        out.push({ timeMs, input: { type: 'command', clientId, argv: r.strs() } });
        break;
      }
      default:
        out.push(r.asIs<TimedInput>());
    }
  }
  return out;
}

// ------------------------------------------------------------------ outputs

type Segment = Extract<HostOutput, { type: 'segment' }>;

/** Packs a host's outputs; `node` is the host's name (its own trace entries carry it). */
export function packOutputs(outputs: readonly HostOutput[], node: string): Packed {
  const w = packer;
  for (const o of outputs) {
    switch (o.type) {
      case 'trace':
        if (!packEntry(w, o.entry, node)) w.asIs(o);
        break;
      case 'segment':
        if (!packSegment(w, o)) w.asIs(o);
        break;
      case 'reply':
        if (!packReply(w, o)) w.asIs(o);
        break;
      default:
        w.asIs(o);
    }
  }
  return w.take();
}

function packSegment(w: Packer, o: Segment): boolean {
  const x = o.input;
  if (x.type !== 'connData' || x.connId !== o.conn) return false;
  const m = o.meta;
  const flags = (m.fromOffset !== undefined ? 1 : 0) | (m.toOffset !== undefined ? 2 : 0) | (o.preview !== undefined ? 4 : 0);
  w.num(OUT_SEGMENT);
  w.num(o.timeMs);
  w.str(o.conn);
  w.str(o.to);
  w.num(o.tcpSeq);
  w.str(x.data);
  w.num(o.sentAtMs);
  w.num(SEND_KIND_CODE.get(o.kind)!);
  w.num(flags);
  if (flags & 1) w.num(m.fromOffset!);
  if (flags & 2) w.num(m.toOffset!);
  w.str(m.label);
  w.num(o.bytes);
  if (flags & 4) w.str(o.preview!);
  return true;
}

function packReply(w: Packer, o: Extract<HostOutput, { type: 'reply' }>): boolean {
  const r = o.reply;
  if (r.type === 'array' || (r.type === 'int' && typeof r.v !== 'number')) return false;
  w.num(OUT_REPLY);
  w.num(o.timeMs);
  w.str(o.clientId);
  w.num(REPLY_TYPE_CODE.get(r.type)!);
  if (r.type === 'int') w.num(r.v as number);
  else if (r.type === 'bulk' && r.v === null) w.num(-1);
  else {
    w.num(0);
    w.str(r.v as string);
  }
  return true;
}

function packEntry(w: Packer, e: TraceEntry, node: string): boolean {
  if (e.node !== node) return false;
  switch (e.kind) {
    case 'input': {
      const x = e.input;
      if (x.type === 'connData') {
        w.num(OUT_TRACE_DATA);
        w.str(x.connId);
        w.num(x.bytes);
      } else if (x.type === 'command') {
        w.num(OUT_TRACE_COMMAND);
        w.str(x.clientId);
        w.strs(x.argv);
      } else return false;
      break;
    }
    case 'event': {
      const v = e.event;
      switch (v.type) {
        case 'backlogAppended':
          w.num(OUT_EV_APPENDED);
          w.num(v.fromOffset);
          w.num(v.toOffset);
          break;
        case 'commandApplied':
          w.num(OUT_EV_APPLIED);
          w.strs(v.argv);
          w.num(v.reploff);
          break;
        case 'reploffAdvanced':
          w.num(OUT_EV_REPLOFF);
          w.num(v.reploff);
          break;
        case 'commandPropagated':
          w.num(OUT_EV_PROPAGATED);
          w.strs(v.argv);
          w.num(v.fromOffset);
          w.num(v.toOffset);
          break;
        case 'ackReceived':
          w.num(OUT_EV_ACK);
          w.str(v.replica);
          w.num(v.offset);
          break;
        default:
          return false;
      }
      break;
    }
    case 'send':
      w.num(OUT_TRACE_SEND);
      w.str(e.connId);
      w.num(SEND_KIND_CODE.get(e.sendKind)!);
      w.num(e.bytes);
      w.str(e.label);
      break;
    case 'reply': {
      const r = e.reply;
      w.num(OUT_TRACE_REPLY);
      w.str(e.clientId);
      w.num(REPLY_TYPE_CODE.get(r.type)!);
      if ('len' in r) w.num(r.len === null ? -1 : r.len);
      else w.str(r.v);
      break;
    }
    default:
      return false;
  }
  w.num(e.t);
  return true;
}

/** Rebuilds a host's outputs, each as the host made it. */
export function unpackOutputs(p: Packed, node: string): HostOutput[] {
  const r = new Unpacker(p);
  const out: HostOutput[] = [];
  while (!r.done) {
    const tag = r.num();
    switch (tag) {
      case OUT_SEGMENT: {
        const timeMs = r.num();
        const conn = r.str();
        const to = r.str();
        const tcpSeq = r.num();
        const data = r.str();
        const sentAtMs = r.num();
        const kind = SEND_KINDS[r.num()];
        const flags = r.num();
        let meta: SendMeta;
        if ((flags & 3) === 3) {
          const fromOffset = r.num();
          const toOffset = r.num();
          meta = { fromOffset, toOffset, label: r.str() };
        } else if (flags & 1) meta = { fromOffset: r.num(), label: r.str() };
        else if (flags & 2) meta = { toOffset: r.num(), label: r.str() };
        else meta = { label: r.str() };
        const bytes = r.num();
        const input: NodeInput = { type: 'connData', connId: conn, data };
        out.push(flags & 4
          ? { type: 'segment', timeMs, conn, to, tcpSeq, input, sentAtMs, kind, meta, bytes, preview: r.str() }
          : { type: 'segment', timeMs, conn, to, tcpSeq, input, sentAtMs, kind, meta, bytes });
        break;
      }
      case OUT_REPLY: {
        const timeMs = r.num();
        const clientId = r.str();
        const type = REPLY_TYPES[r.num()];
        const x = r.num();
        let reply: Reply;
        if (type === 'int') reply = { type, v: x };
        else if (type === 'bulk' && x === -1) reply = { type, v: null };
        else reply = { type: type as 'status' | 'error' | 'bulk', v: r.str() };
        out.push({ type: 'reply', timeMs, clientId, reply });
        break;
      }
      case AS_IS:
        out.push(r.asIs<HostOutput>());
        break;
      default:
        out.push({ type: 'trace', entry: unpackEntry(r, tag, node) });
    }
  }
  return out;
}

function unpackEntry(r: Unpacker, tag: number, node: string): TraceEntry {
  switch (tag) {
    case OUT_TRACE_DATA: {
      const connId = r.str();
      const bytes = r.num();
      return { kind: 'input', input: { type: 'connData', connId, bytes }, t: r.num(), node };
    }
    case OUT_TRACE_COMMAND: {
      const clientId = r.str();
      const argv = r.strs();
      return { kind: 'input', input: { type: 'command', clientId, argv }, t: r.num(), node };
    }
    case OUT_EV_APPENDED: {
      const fromOffset = r.num();
      const toOffset = r.num();
      return { kind: 'event', event: { type: 'backlogAppended', fromOffset, toOffset }, t: r.num(), node };
    }
    case OUT_EV_APPLIED: {
      const argv = r.strs();
      const reploff = r.num();
      return { kind: 'event', event: { type: 'commandApplied', argv, reploff }, t: r.num(), node };
    }
    case OUT_EV_REPLOFF: {
      const reploff = r.num();
      return { kind: 'event', event: { type: 'reploffAdvanced', reploff }, t: r.num(), node };
    }
    case OUT_EV_PROPAGATED: {
      const argv = r.strs();
      const fromOffset = r.num();
      const toOffset = r.num();
      return { kind: 'event', event: { type: 'commandPropagated', argv, fromOffset, toOffset }, t: r.num(), node };
    }
    case OUT_EV_ACK: {
      const replica = r.str();
      const offset = r.num();
      return { kind: 'event', event: { type: 'ackReceived', replica, offset }, t: r.num(), node };
    }
    case OUT_TRACE_SEND: {
      const connId = r.str();
      const sendKind = SEND_KINDS[r.num()] as SendKind;
      const bytes = r.num();
      const label = r.str();
      return { kind: 'send', connId, sendKind, bytes, label, t: r.num(), node };
    }
    case OUT_TRACE_REPLY: {
      const clientId = r.str();
      const type = REPLY_TYPES[r.num()];
      let reply: ReplySummary;
      if (type === 'bulk' || type === 'array') {
        const len = r.num();
        reply = { type, len: len === -1 ? null : len };
      } else reply = { type, v: r.str() };
      return { kind: 'reply', clientId, reply, t: r.num(), node };
    }
    default:
      throw new Error(`packed outputs: unknown tag ${tag}`);
  }
}

// ------------------------------------------------------------------ views

/**
 * What changed from the view sent last to this one: null when nothing did, the changed fields
 * (each whole) or the whole view when there was none before or a field came or went. The
 * scheduler's side puts the changed fields over the view it had: the same view, field for field.
 */
export function viewDelta(before: NodeView | null, now: NodeView): ViewDelta {
  if (before === null) return { full: now };
  const a = before as unknown as Record<string, unknown>;
  const b = now as unknown as Record<string, unknown>;
  let changed: Record<string, unknown> | null = null;
  let keys = 0;
  for (const k in b) {
    keys++;
    if (!(k in a)) return { full: now };
    if (!samePlain(a[k], b[k])) (changed ??= {})[k] = b[k];
  }
  for (const k in a) if (!(k in b)) return { full: now };
  if (keys === 0) return { full: now };
  return changed === null ? null : { changed: changed as Partial<NodeView> };
}

/** The view a delta describes, given the view before it (what viewDelta compared with). */
export function applyViewDelta(before: NodeView | null, d: ViewDelta): NodeView {
  if (d !== null && 'full' in d) return d.full;
  if (before === null) throw new Error('a view delta without the view before it');
  return d === null ? before : { ...before, ...d.changed };
}
