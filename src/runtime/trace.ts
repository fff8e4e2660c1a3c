// The trace: the record of what happened in a run, as typed data from the engine to the screen.
// Only `traceLine` (the CLI's --trace and exports) turns an entry into text. The hash covers a
// canonical line per entry (two FNV-1a lanes over it: same scenario and seed, same hash, in Node
// and in the browser, inline or in workers), fed field by field without building the line.
// Everything else reads the fields.

import type { LogLevel, NodeEvent, NodeInput, SendKind } from '../engine/io.ts';
import type { Reply } from '../engine/resp.ts';
import { FNV1A_OFFSET, FNV1A_PRIME } from '../engine/fnv1a.ts';

/** A reply as the trace keeps it: its type and size, not its bytes (the console has those). */
export type ReplySummary =
  | { readonly type: 'status' | 'error'; readonly v: string }
  | { readonly type: 'int'; readonly v: string }
  | { readonly type: 'bulk' | 'array'; readonly len: number | null };

/** An input as the trace keeps it: connection data by its length only. */
export type TraceInput = Exclude<NodeInput, { type: 'connData' }> | { readonly type: 'connData'; readonly connId: string; readonly bytes: number };

/** What someone did to a link: a fault, a repair or new settings. */
export type LinkAction =
  | { readonly action: 'cut' | 'heal' | 'kill' }
  | { readonly action: 'latency'; readonly latencyMs: number; readonly jitterMs: number }
  | { readonly action: 'bandwidth'; readonly bytesPerSec: number };

interface At {
  /** Milliseconds since the run began. */
  readonly t: number;
  /** The node, or "a|b" for an entry about the link between a and b. */
  readonly node: string;
}

export type TraceEntry = At & (
  /** A node's process started (incarnation 0 at the start, +1 per restart). */
  | { readonly kind: 'boot'; readonly incarnation: number; readonly port: number }
  /** An input the node handled. */
  | { readonly kind: 'input'; readonly input: TraceInput }
  | { readonly kind: 'reply'; readonly clientId: string; readonly reply: ReplySummary }
  /** A line of the node's log, worded as Redis words it; `text` is the message after the prefix. */
  | { readonly kind: 'log'; readonly line: string; readonly level: LogLevel; readonly text: string }
  | { readonly kind: 'event'; readonly event: NodeEvent }
  /** The process exited (SHUTDOWN). */
  | { readonly kind: 'exit' }
  /** Bytes handed to a connection. */
  | { readonly kind: 'send'; readonly connId: string; readonly sendKind: SendKind; readonly bytes: number; readonly label: string }
  /** Bytes written to a connection already closed: they go nowhere. */
  | { readonly kind: 'sendClosed'; readonly connId: string; readonly bytes: number }
  /** Someone typed a command at the node's console. */
  | { readonly kind: 'command'; readonly argv: readonly string[] }
  /** Someone crashed, restarted or removed the node. */
  | { readonly kind: 'nodeAction'; readonly action: 'crash' | 'restart' | 'remove' }
  /** The node's redis-cli exited (Ctrl+C): its connection closed. */
  | { readonly kind: 'consoleClosed' }
  | ({ readonly kind: 'linkAction'; readonly a: string; readonly b: string } & LinkAction)
  /** Data reached a node's connection after the connection was gone. */
  | { readonly kind: 'dropped'; readonly connId: string; readonly bytes: number }
  /** A SYN was lost on a cut link; it is retried. */
  | { readonly kind: 'synLost'; readonly connId: string; readonly peer: string }
);

export type TraceKind = TraceEntry['kind'];
export type EntryOf<K extends TraceKind> = Extract<TraceEntry, { kind: K }>;

/** The engine events that enter the trace hash (trace format 1); later ones explain, and are not hashed. */
export const HASHED_EVENTS: ReadonlySet<NodeEvent['type']> = new Set<NodeEvent['type']>([
  'replStateChanged', 'replicaStateChanged', 'psyncAnswered', 'backlogAppended', 'commandPropagated',
  'commandApplied', 'rdbSaved', 'rdbLoaded', 'ackReceived', 'replIdChanged',
]);

export function summarizeReply(r: Reply): ReplySummary {
  switch (r.type) {
    case 'status': case 'error': return { type: r.type, v: r.v };
    case 'int': return { type: 'int', v: String(r.v) };
    case 'bulk': return { type: 'bulk', len: r.v === null ? null : r.v.length };
    case 'array': return { type: 'array', len: r.v === null ? null : r.v.length };
  }
}

export function traceInput(i: NodeInput): TraceInput {
  return i.type === 'connData' ? { type: 'connData', connId: i.connId, bytes: i.data.length } : i;
}

function replyText(r: ReplySummary): string {
  switch (r.type) {
    case 'status': case 'error': case 'int': return `${r.type}:${r.v}`;
    case 'bulk': return r.len === null ? 'nil' : `bulk:${r.len}`;
    case 'array': return r.len === null ? 'nilarray' : `array:${r.len}`;
  }
}

function inputText(i: TraceInput): string {
  switch (i.type) {
    case 'command': return `${i.clientId} ${i.argv.join(' ')}`;
    case 'consoleClosed': return i.clientId;
    case 'connAccepted': return i.connId;
    case 'connEstablished': return i.connId;
    case 'connFailed': return `${i.connId} ${i.error}`;
    case 'connData': return `${i.connId} ${i.bytes}`;
    case 'connClosed': return `${i.connId} ${i.reason}`;
    case 'connDrained': return `${i.connId} ${i.token}`;
    case 'timer': return i.name;
  }
}

/** An event's text: compact for the frequent ones (they are hashed on every write). */
function eventText(e: NodeEvent): string {
  switch (e.type) {
    case 'commandPropagated': return `${e.fromOffset}-${e.toOffset} ${e.argv[0]}`;
    case 'commandApplied': return `${e.reploff} ${e.argv[0]}`;
    case 'backlogAppended': return `${e.fromOffset}-${e.toOffset}`;
    case 'ackReceived': return `${e.replica} ${e.offset}`;
    default: return JSON.stringify(e);
  }
}

/** An entry's kind and detail as text (trace format 1: what the hash covers). */
export function traceText(e: TraceEntry): { kind: string; detail: string } {
  switch (e.kind) {
    case 'boot': return { kind: 'boot', detail: `inc=${e.incarnation} port=${e.port}` };
    case 'input': return { kind: `in:${e.input.type}`, detail: inputText(e.input) };
    case 'reply': return { kind: 'reply', detail: `${e.clientId} ${replyText(e.reply)}` };
    case 'log': return { kind: 'log', detail: e.line };
    case 'event': return { kind: `ev:${e.event.type}`, detail: eventText(e.event) };
    case 'exit': return { kind: 'exit', detail: '' };
    case 'send': return { kind: 'send', detail: `${e.connId} ${e.sendKind} ${e.bytes} ${e.label}` };
    case 'sendClosed': return { kind: 'send-closed', detail: `${e.connId} ${e.bytes}` };
    case 'command': return { kind: 'command', detail: e.argv.join(' ') };
    case 'nodeAction': return { kind: e.action, detail: '' };
    case 'consoleClosed': return { kind: 'console-closed', detail: '' };
    case 'linkAction':
      switch (e.action) {
        case 'latency': return { kind: 'latency', detail: `${e.latencyMs} ${e.jitterMs}` };
        case 'bandwidth': return { kind: 'bandwidth', detail: String(e.bytesPerSec) };
        default: return { kind: e.action, detail: '' };
      }
    case 'dropped': return { kind: 'dropped', detail: `${e.connId} ${e.bytes}` };
    case 'synLost': return { kind: 'syn-lost', detail: `${e.connId} -> ${e.peer}` };
  }
}

/** Is the entry part of the hash? (Events added after trace format 1 are not.) */
export function isHashed(e: TraceEntry): boolean {
  return e.kind !== 'event' || HASHED_EVENTS.has(e.event.type);
}

/** One line of `replscope run --trace`. */
export function traceLine(e: TraceEntry): string {
  const { kind, detail } = traceText(e);
  return `${(e.t / 1000).toFixed(3).padStart(10)} ${e.node.padEnd(6)} ${kind} ${detail}`;
}

/** A second FNV-1a lane with its own start and prime: together the hash has 64 bits. */
const H2_OFFSET = 0xcbf29ce4;
const H2_PRIME = 0x0100019b;
const H2_SKEW = 0x9e;

/** Characters staged before the lanes take them. */
const STAGE = 8192;
const TIME_CACHE_BITS = 10;
const TIME_CACHE = 1 << TIME_CACHE_BITS;

const PIPE = 0x7c; // |
const SPACE = 0x20;
const COLON = 0x3a;
const DASH = 0x2d;
const NL = 0x0a;

/**
 * Two 32-bit FNV-1a lanes over the canonical text of every hashed entry (trace format 1): for each,
 * `${t}|${node}|${kind}|${detail}\n` with kind and detail as traceText gives them. The text is
 * never built as a string: its characters are staged field by field (numbers digit by digit,
 * strings char by char) in a reused buffer that the lanes run over in one loop, so hashing a busy
 * run allocates nothing for its frequent entries (the rare ones fall back to text).
 */
export class TraceHasher {
  /** The lanes, as signed 32-bit integers (the same bits as FNV-1a's unsigned ones). */
  private h1 = FNV1A_OFFSET | 0;
  private h2 = H2_OFFSET | 0;
  /** Entries added (hashed or not): the trace's length. */
  count = 0;
  /**
   * Characters of the canonical text not yet taken by the lanes: the writers only store them, and
   * flush() runs both lanes over them in one loop (the lanes stay in registers).
   */
  private readonly stage = new Uint16Array(STAGE);
  private len = 0;
  /** A number's digits, least significant first (reused). */
  private readonly digits = new Uint8Array(24);
  /**
   * Texts of recent times that are not whole milliseconds, by a hash of their bits (a replica's
   * entries repeat the moments at which its peers handled the same bytes): String() of a
   * fractional number costs as much as hashing a hundred characters.
   */
  private readonly timeKeys = new Float64Array(TIME_CACHE);
  private readonly timeTexts: string[] = new Array<string>(TIME_CACHE).fill('');
  private readonly timeBits = new Float64Array(1);
  private readonly timeWords = new Int32Array(this.timeBits.buffer);

  add(e: TraceEntry): void {
    this.count++;
    if (e.kind === 'event' && !HASHED_EVENTS.has(e.event.type)) return;
    this.time(e.t);
    this.ch(PIPE);
    this.str(e.node);
    this.ch(PIPE);
    switch (e.kind) {
      case 'boot':
        this.str('boot|inc=');
        this.num(e.incarnation);
        this.str(' port=');
        this.num(e.port);
        break;
      case 'input':
        this.str('in:');
        this.str(e.input.type);
        this.ch(PIPE);
        this.input(e.input);
        break;
      case 'reply':
        this.str('reply|');
        this.str(e.clientId);
        this.ch(SPACE);
        this.reply(e.reply);
        break;
      case 'log':
        this.str('log|');
        this.str(e.line);
        break;
      case 'event':
        this.str('ev:');
        this.str(e.event.type);
        this.ch(PIPE);
        this.event(e.event);
        break;
      case 'send':
        this.str('send|');
        this.str(e.connId);
        this.ch(SPACE);
        this.str(e.sendKind);
        this.ch(SPACE);
        this.num(e.bytes);
        this.ch(SPACE);
        this.val(e.label);
        break;
      case 'command':
        this.str('command|');
        this.words(e.argv);
        break;
      default: {
        // The rare entries: as traceText words them.
        const { kind, detail } = traceText(e);
        this.str(kind);
        this.ch(PIPE);
        this.str(detail);
      }
    }
    this.ch(NL);
  }

  private input(i: TraceInput): void {
    switch (i.type) {
      case 'command':
        this.str(i.clientId);
        this.ch(SPACE);
        this.words(i.argv);
        return;
      case 'connData':
        this.str(i.connId);
        this.ch(SPACE);
        this.num(i.bytes);
        return;
      default:
        this.str(inputText(i));
    }
  }

  private reply(r: ReplySummary): void {
    switch (r.type) {
      case 'status': case 'error': case 'int':
        this.str(r.type);
        this.ch(COLON);
        this.val(r.v);
        return;
      case 'bulk': case 'array':
        if (r.len === null) {
          this.str(r.type === 'bulk' ? 'nil' : 'nilarray');
          return;
        }
        this.str(r.type);
        this.ch(COLON);
        this.num(r.len);
    }
  }

  private event(e: NodeEvent): void {
    switch (e.type) {
      case 'commandPropagated':
        this.num(e.fromOffset);
        this.ch(DASH);
        this.num(e.toOffset);
        this.ch(SPACE);
        this.val(e.argv[0]);
        return;
      case 'commandApplied':
        this.num(e.reploff);
        this.ch(SPACE);
        this.val(e.argv[0]);
        return;
      case 'backlogAppended':
        this.num(e.fromOffset);
        this.ch(DASH);
        this.num(e.toOffset);
        return;
      case 'ackReceived':
        this.str(e.replica);
        this.ch(SPACE);
        this.num(e.offset);
        return;
      default:
        this.str(eventText(e));
    }
  }

  /** Strings joined by spaces, as Array.join(' ') writes them. */
  private words(argv: readonly string[]): void {
    for (let i = 0; i < argv.length; i++) {
      if (i > 0) this.ch(SPACE);
      const w = argv[i];
      if (w !== undefined && w !== null) this.val(w);
    }
  }

  /** An entry's time: whole milliseconds digit by digit; other times as their text (kept while it repeats). */
  private time(t: number): void {
    if (Number.isSafeInteger(t)) {
      this.num(t);
      return;
    }
    this.timeBits[0] = t;
    const i = Math.imul(this.timeWords[0] ^ this.timeWords[1], 0x9e3779b1) >>> (32 - TIME_CACHE_BITS);
    let text = this.timeTexts[i];
    // The keys start as 0, a whole number: an empty slot never matches.
    if (!Object.is(this.timeKeys[i], t)) {
      text = String(t);
      this.timeKeys[i] = t;
      this.timeTexts[i] = text;
    }
    this.str(text);
  }

  /** A value as a template literal writes it. */
  private val(v: unknown): void {
    if (typeof v === 'string') this.str(v);
    else if (typeof v === 'number') this.num(v);
    else this.str(String(v));
  }

  /** A number as String(n) writes it: safe integers digit by digit, anything else through its text. */
  private num(n: number): void {
    if (!Number.isSafeInteger(n)) {
      this.str(String(n));
      return;
    }
    if (n < 0) {
      this.ch(DASH);
      n = -n;
    }
    if (n < 10) {
      this.ch(0x30 + n);
      return;
    }
    const d = this.digits;
    let k = 0;
    if (n <= 0x7fffffff) {
      // Offsets, sizes and times mostly fit 31 bits: integer division, no floating-point remainder.
      let x = n | 0;
      while (x > 0) {
        const q = (x / 10) | 0;
        d[k++] = x - q * 10;
        x = q;
      }
    } else {
      while (n > 0) {
        const r = n % 10;
        d[k++] = r;
        n = (n - r) / 10;
      }
    }
    if (this.len + k > STAGE) this.flush();
    const b = this.stage;
    let at = this.len;
    while (k > 0) b[at++] = 0x30 + d[--k];
    this.len = at;
  }

  private ch(c: number): void {
    if (this.len === STAGE) this.flush();
    this.stage[this.len++] = c;
  }

  private str(s: string): void {
    const n = s.length;
    const b = this.stage;
    let at = this.len;
    for (let i = 0; i < n; i++) {
      if (at === STAGE) {
        // A long string goes through the stage in pieces.
        this.len = at;
        this.flush();
        at = 0;
      }
      b[at++] = s.charCodeAt(i);
    }
    this.len = at;
  }

  /** The lanes take the staged characters (one loop, the lanes in registers). */
  private flush(): void {
    const b = this.stage;
    const n = this.len;
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < n; i++) {
      const c = b[i];
      h1 = Math.imul(h1 ^ c, FNV1A_PRIME);
      h2 = Math.imul(h2 ^ (c + H2_SKEW), H2_PRIME);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.len = 0;
  }

  save(): [number, number, number] {
    this.flush();
    return [this.h1 >>> 0, this.h2 >>> 0, this.count];
  }

  load(s: readonly [number, number, number]): void {
    this.len = 0;
    this.h1 = s[0] | 0;
    this.h2 = s[1] | 0;
    this.count = s[2];
  }

  digest(): string {
    this.flush();
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}

/** Events made for every write or every byte: the bulk of a busy run's trace. */
const BULK_EVENTS: ReadonlySet<NodeEvent['type']> = new Set<NodeEvent['type']>([
  'backlogAppended', 'backlogGrown', 'commandPropagated', 'commandApplied', 'reploffAdvanced', 'ackReceived',
]);

/**
 * Is the entry one a panel looks for across the whole run (a boot, a log line, a state change, a
 * PSYNC answer, a fault...)? Not the per-write and per-byte bulk: sends, inputs, replies, console
 * commands and the stream's events. The Timeline keeps these also as objects for quick scans.
 */
export function isNotableEntry(e: TraceEntry): boolean {
  switch (e.kind) {
    case 'send': case 'sendClosed': case 'dropped': case 'input': case 'reply': case 'command': return false;
    case 'event': return !BULK_EVENTS.has(e.event.type);
    default: return true;
  }
}
