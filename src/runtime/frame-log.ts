// The frames a run sent (what the stage, the stream lane and the diagrams draw), kept compactly.
// An hour at 100 writes/s sends about a million frames; as objects they took ~140 MiB. Here the
// newest frames stay as objects and every CHUNK of them is packed into columns: times, byte
// counts and offsets in typed arrays, the kind in a byte, the connection and its two ends as the
// id of an interned route, labels and previews as Latin-1 bytes (frame bytes are binary strings;
// a string repeated within a chunk, e.g. the same write sent to each replica, is stored once).
// Readers get objects built on demand and equal to the ones pushed: by position (at), by time
// (overlapping: a small list per query, cached while the log and the query stay the same), by
// sending time (sentAt) and by kind (ofKind, an index of positions per kind). The log is cut back
// to a checkpoint's length on a seek back or a fork without unpacking anything.

import type { FrameRecord } from './tcp.ts';
import { streamArgLabel } from '../engine/master.ts';
import type { FrameKind, FrameList, PackedFrames } from './frame-list.ts';

export type { FrameKind, FrameList } from './frame-list.ts';

const KINDS: readonly FrameKind[] = ['handshake', 'stream', 'rdb', 'ack', 'keepalive', 'reply', 'sentinel', 'fin'];
const KIND_ID = new Map<FrameKind, number>(KINDS.map((k, i) => [k, i]));

const CHUNK = 2048;
/** Chunks whose built objects are kept (reads go mostly in order, or near the cursor). */
const CACHED_CHUNKS = 4;
/** A string stored as a JavaScript string (a character above \xff) rather than as bytes. */
const WIDE = 0xffffffff;

const HAS_FROM = 8;
const HAS_TO = 16;
/** The meta object lists its offsets before its label ({ fromOffset, toOffset, label }). */
const OFFSETS_FIRST = 32;
/** The label is the command the preview holds, as the master writes it (stored once, in the preview). */
const LABEL_OF_PREVIEW = 64;

type Ints = Uint16Array | Uint32Array | Float64Array;

/** A copy of v (scratch space) in the narrowest array that holds its values exactly. */
function narrow(v: Float64Array): Ints {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!(Number.isInteger(x) && x >= 0)) return v.slice();
    if (x > max) max = x;
  }
  return max <= 0xffff ? Uint16Array.from(v) : max <= 0xffffffff ? Uint32Array.from(v) : v.slice();
}

/** Columns being packed, reused from chunk to chunk (only the narrowed copies are kept). */
const scratch = Array.from({ length: 11 }, () => new Float64Array(CHUNK));

interface Chunk {
  readonly n: number;
  readonly sent: Ints;
  /** arriveAtMs − sentAtMs (exact in 32 bits for the whole chunk), or arriveAtMs itself. */
  readonly arrive: Float32Array | Float64Array;
  readonly arriveIsDelta: boolean;
  readonly bytes: Ints;
  readonly fromOff: Ints;
  /** toOffset − fromOffset when the frame has both (exact for the whole chunk), else toOffset. */
  readonly toOff: Ints;
  readonly toIsDelta: boolean;
  /** The kind (low 3 bits) and how to rebuild the rest (HAS_FROM, HAS_TO, OFFSETS_FIRST, LABEL_OF_PREVIEW). */
  readonly kind: Uint8Array;
  readonly route: Ints;
  /** Labels and previews: where their bytes start in `text` and how many (WIDE: an index into `wide`). */
  readonly labelAt: Ints;
  readonly labelLen: Ints;
  readonly previewAt: Ints;
  readonly previewLen: Ints;
  readonly text: Uint8Array;
  readonly wide: readonly string[];
  readonly minSent: number;
  readonly maxSent: number;
  readonly maxArrive: number;
}

/** A growing list of positions (one kind's frames). */
class Positions {
  a = new Uint32Array(64);
  n = 0;
  push(i: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = i;
  }
  /** Keeps the positions below `len`. */
  cut(len: number): void {
    while (this.n > 0 && this.a[this.n - 1] >= len) this.n--;
  }
}

/** Latin-1 bytes as a string (frames carry binary strings: one byte a character). */
function latin1(b: Uint8Array, at: number, len: number): string {
  if (len <= 4096) return String.fromCharCode(...b.subarray(at, at + len));
  let s = '';
  for (let i = 0; i < len; i += 4096) s += String.fromCharCode(...b.subarray(at + i, at + Math.min(len, i + 4096)));
  return s;
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * The label a master gives a command it streams (replicationFeedSlaves: the arguments joined by
 * spaces, each longer than 24 bytes cut to 21 and "..."), when the preview is exactly one whole
 * RESP command; null otherwise.
 */
export function labelOfCommand(preview: string): string | null {
  if (preview.charCodeAt(0) !== 42 /* * */) return null;
  let p = preview.indexOf('\r\n');
  const n = Number(preview.slice(1, p));
  if (!(Number.isInteger(n) && n > 0)) return null;
  p += 2;
  let label = '';
  for (let i = 0; i < n; i++) {
    if (preview.charCodeAt(p) !== 36 /* $ */) return null;
    const e = preview.indexOf('\r\n', p);
    if (e < 0) return null;
    const len = Number(preview.slice(p + 1, e));
    if (!(Number.isInteger(len) && len >= 0) || e + 2 + len + 2 > preview.length || preview.slice(e + 2 + len, e + 4 + len) !== '\r\n') return null;
    const a = preview.slice(e + 2, e + 2 + len);
    label += (i > 0 ? ' ' : '') + streamArgLabel(a);
    p = e + 4 + len;
  }
  return p === preview.length ? label : null;
}

/** Packs frames into a chunk's columns. */
function pack(frames: readonly FrameRecord[], routeOf: (f: FrameRecord) => number): Chunk {
  const n = frames.length;
  const [sent, arrive, bytes, fromOff, toOff, toDelta, route, labelAt, labelLen, previewAt, previewLen] = scratch.map((a) => a.fill(0, 0, n).subarray(0, n));
  const arriveDelta = new Float32Array(n);
  const kind = new Uint8Array(n);
  const seen = new Map<string, number>();
  const wide: string[] = [];
  const parts: string[] = [];
  let textLen = 0;
  const place = (s: string, atCol: Float64Array, lenCol: Float64Array, i: number): void => {
    if (!isLatin1(s)) {
      atCol[i] = wide.length;
      lenCol[i] = WIDE;
      wide.push(s);
      return;
    }
    let at = seen.get(s);
    if (at === undefined) {
      at = textLen;
      seen.set(s, at);
      parts.push(s);
      textLen += s.length;
    }
    atCol[i] = at;
    lenCol[i] = s.length;
  };
  let minSent = Infinity, maxSent = -Infinity, maxArrive = -Infinity;
  let arriveIsDelta = true, toIsDelta = true;
  for (let i = 0; i < n; i++) {
    const f = frames[i];
    sent[i] = f.sentAtMs;
    arrive[i] = f.arriveAtMs;
    arriveDelta[i] = f.arriveAtMs - f.sentAtMs;
    if (f.sentAtMs + arriveDelta[i] !== f.arriveAtMs) arriveIsDelta = false;
    bytes[i] = f.bytes;
    if (f.sentAtMs < minSent) minSent = f.sentAtMs;
    if (f.sentAtMs > maxSent) maxSent = f.sentAtMs;
    if (f.arriveAtMs > maxArrive) maxArrive = f.arriveAtMs;
    const m = f.meta;
    let k = KIND_ID.get(f.kind)!;
    if (m.fromOffset !== undefined) { k |= HAS_FROM; fromOff[i] = m.fromOffset; }
    if (m.toOffset !== undefined) {
      k |= HAS_TO;
      toOff[i] = toDelta[i] = m.toOffset;
      if (m.fromOffset !== undefined) {
        toDelta[i] = m.toOffset - m.fromOffset;
        if (m.fromOffset + toDelta[i] !== m.toOffset) toIsDelta = false;
      }
    }
    if (k & (HAS_FROM | HAS_TO)) {
      for (const key in m) {
        if (key !== 'label') k |= OFFSETS_FIRST;
        break;
      }
    }
    if (f.kind === 'stream' && labelOfCommand(f.preview) === m.label) k |= LABEL_OF_PREVIEW;
    else place(m.label, labelAt, labelLen, i);
    kind[i] = k;
    route[i] = routeOf(f);
    place(f.preview, previewAt, previewLen, i);
  }
  const text = new Uint8Array(textLen);
  let o = 0;
  for (const s of parts) {
    for (let j = 0; j < s.length; j++) text[o + j] = s.charCodeAt(j);
    o += s.length;
  }
  return {
    n, sent: narrow(sent), arrive: arriveIsDelta ? arriveDelta : arrive.slice(), arriveIsDelta, bytes: narrow(bytes), fromOff: narrow(fromOff),
    toOff: narrow(toIsDelta ? toDelta : toOff), toIsDelta, kind, route: narrow(route),
    labelAt: narrow(labelAt), labelLen: narrow(labelLen), previewAt: narrow(previewAt), previewLen: narrow(previewLen),
    text, wide, minSent, maxSent, maxArrive,
  };
}

function str(c: Chunk, at: number, len: number): string {
  return len === WIDE ? c.wide[at] : latin1(c.text, at, len);
}

/** The frames of a run in the order they were recorded; see the top of this file. */
export class FrameLog implements FrameList, PackedFrames {
  private chunks: Chunk[] = [];
  /** Where each chunk starts in the log (a chunk cut by a seek back stays, in part, and the next starts after its part). */
  private starts: number[] = [];
  /** Frames in packed chunks still in use (the last chunk may be used only in part after a cut). */
  private packedCount = 0;
  /** The newest frames, as objects. */
  private tail: FrameRecord[] = [];
  private routes: { conn: string; from: string; to: string }[] = [];
  private routeIds = new Map<string, number>();
  private byKind = KINDS.map(() => new Positions());
  /** Built objects of recently read chunks, newest first. */
  private cache: { chunk: number; items: (FrameRecord | undefined)[] }[] = [];
  /** Bumped by every cut: a reader's remembered prefix is still valid while no cut went below it. */
  private cuts: number[] = [];
  private memo: { key: string; result: FrameRecord[] } | null = null;
  private kindMemo = new Map<FrameKind, { mark: { cuts: number; n: number }; result: FrameRecord[] }>();

  get length(): number {
    return this.packedCount + this.tail.length;
  }

  /**
   * Keeps the first n frames (n <= length). A packed chunk cut in the middle stays packed, its
   * first frames in use: a seek back unpacks nothing, and the frames recorded after go on in the tail.
   */
  set length(n: number) {
    n = Math.max(0, Math.floor(n));
    if (n >= this.length) return;
    this.cuts.push(n);
    this.memo = null;
    for (const p of this.byKind) p.cut(n);
    if (n >= this.packedCount) {
      this.tail.length = n - this.packedCount;
      return;
    }
    const keep = n === 0 ? 0 : this.chunkOf(n - 1) + 1;
    this.chunks.length = keep;
    this.starts.length = keep;
    this.packedCount = n;
    this.tail = [];
    this.cache = this.cache.filter((c) => c.chunk < this.chunks.length);
  }

  /**
   * A mark of this log's first n frames: stillHolds(mark) is true while those frames are the same
   * ones (the log only grew, or was cut back no further than n).
   */
  mark(n: number = this.length): { readonly cuts: number; readonly n: number } {
    return { cuts: this.cuts.length, n };
  }

  stillHolds(m: { readonly cuts: number; readonly n: number }): boolean {
    return this.kept(m) === m.n;
  }

  /** How many of a mark's first frames are still the same ones. */
  kept(m: { readonly cuts: number; readonly n: number }): number {
    let n = Math.min(m.n, this.length);
    for (let i = m.cuts; i < this.cuts.length; i++) n = Math.min(n, this.cuts[i]);
    return n;
  }

  private routeOf = (f: FrameRecord): number => {
    const key = `${f.conn}\n${f.from}\n${f.to}`;
    let id = this.routeIds.get(key);
    if (id === undefined) {
      id = this.routes.length;
      this.routes.push({ conn: f.conn, from: f.from, to: f.to });
      this.routeIds.set(key, id);
    }
    return id;
  };

  push(...fs: FrameRecord[]): number {
    for (const f of fs) {
      this.byKind[KIND_ID.get(f.kind)!].push(this.length);
      this.tail.push(f);
      this.memo = null;
      if (this.tail.length === CHUNK) {
        const c = this.chunks.length;
        this.chunks.push(pack(this.tail, this.routeOf));
        this.starts.push(this.packedCount);
        // The frames just packed stay the same objects until their chunk leaves the cache.
        this.remember(c, this.tail);
        this.packedCount += CHUNK;
        this.tail = [];
      }
    }
    return this.length;
  }

  /** The packed chunk holding position i (< packedCount). */
  private chunkOf(i: number): number {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** How many of chunk c's frames are in use (all but for the last one after a cut). */
  private usedOf(c: number): number {
    return Math.min(this.chunks[c].n, (c + 1 < this.starts.length ? this.starts[c + 1] : this.packedCount) - this.starts[c]);
  }

  private remember(chunk: number, items: (FrameRecord | undefined)[]): (FrameRecord | undefined)[] {
    this.cache = [{ chunk, items }, ...this.cache.filter((x) => x.chunk !== chunk)].slice(0, CACHED_CHUNKS);
    return items;
  }

  private build(c: number, j: number): FrameRecord {
    const ch = this.chunks[c];
    const k = ch.kind[j];
    const r = this.routes[ch.route[j]];
    const preview = str(ch, ch.previewAt[j], ch.previewLen[j]);
    const label = k & LABEL_OF_PREVIEW ? labelOfCommand(preview)! : str(ch, ch.labelAt[j], ch.labelLen[j]);
    let meta: FrameRecord['meta'];
    if (k & (HAS_FROM | HAS_TO)) {
      const m: { fromOffset?: number; toOffset?: number; label?: string } = {};
      if (!(k & OFFSETS_FIRST)) m.label = label;
      if (k & HAS_FROM) m.fromOffset = ch.fromOff[j];
      if (k & HAS_TO) m.toOffset = ch.toIsDelta && k & HAS_FROM ? ch.fromOff[j] + ch.toOff[j] : ch.toOff[j];
      m.label = label;
      meta = m as FrameRecord['meta'];
    } else {
      meta = { label };
    }
    const sent = ch.sent[j];
    return {
      conn: r.conn, from: r.from, to: r.to, kind: KINDS[k & 7], meta, bytes: ch.bytes[j],
      sentAtMs: sent, arriveAtMs: ch.arriveIsDelta ? sent + ch.arrive[j] : ch.arrive[j], preview,
    };
  }

  private packedAt(i: number): FrameRecord {
    const c = this.chunkOf(i);
    const j = i - this.starts[c];
    let items = this.cache.find((x) => x.chunk === c)?.items;
    if (!items) items = this.remember(c, new Array<FrameRecord | undefined>(this.chunks[c].n));
    else if (this.cache[0].chunk !== c) this.remember(c, items);
    return (items[j] ??= this.build(c, j));
  }

  at(i: number): FrameRecord | undefined {
    if (i < 0) i += this.length;
    if (!(i >= 0 && i < this.length)) return undefined;
    return i >= this.packedCount ? this.tail[i - this.packedCount] : this.packedAt(Math.floor(i));
  }

  slice(start = 0, end = this.length): FrameRecord[] {
    const n = this.length;
    const a = Math.max(0, start < 0 ? n + start : Math.min(start, n));
    const b = Math.max(a, end < 0 ? n + end : Math.min(end, n));
    const out: FrameRecord[] = [];
    for (let i = a; i < b; i++) out.push(this.at(i)!);
    return out;
  }

  *[Symbol.iterator](): Iterator<FrameRecord> {
    // Read by position: a cut or a push while iterating behaves like an array's.
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  filter(pred: (x: FrameRecord, i: number) => boolean): FrameRecord[] {
    const out: FrameRecord[] = [];
    for (let i = 0; i < this.length; i++) {
      const f = this.at(i)!;
      if (pred(f, i)) out.push(f);
    }
    return out;
  }

  some(pred: (x: FrameRecord, i: number) => boolean): boolean {
    return this.findIndex(pred) >= 0;
  }

  find(pred: (x: FrameRecord, i: number) => boolean): FrameRecord | undefined {
    const i = this.findIndex(pred);
    return i < 0 ? undefined : this.at(i);
  }

  findIndex(pred: (x: FrameRecord, i: number) => boolean): number {
    for (let i = 0; i < this.length; i++) if (pred(this.at(i)!, i)) return i;
    return -1;
  }

  /** The frames of one kind, in order (read without building the others; the same list while the log stays the same). */
  ofKind(kind: FrameKind): readonly FrameRecord[] {
    const positions = this.positionsOfKind(kind);
    // The kinds a run sends all the time are built at each call, not kept as objects.
    const keep = kind !== 'stream' && kind !== 'ack' && kind !== 'reply' && kind !== 'keepalive';
    let hit = keep ? this.kindMemo.get(kind) : undefined;
    if (hit) {
      const kept = this.kept(hit.mark);
      if (kept < hit.mark.n) {
        let k = hit.result.length;
        while (k > 0 && positions[k - 1] >= kept) k--;
        hit.result = hit.result.slice(0, Math.min(k, positions.length));
        hit.mark = this.mark(kept);
      }
    } else {
      hit = { mark: this.mark(0), result: [] };
      if (keep) this.kindMemo.set(kind, hit);
    }
    if (hit.result.length === positions.length && hit.mark.n === this.length) return hit.result;
    // Append (a new list when it grew, so a reader's earlier list stays as it was).
    const result = hit.result.slice();
    for (let i = result.length; i < positions.length; i++) result.push(this.at(positions[i])!);
    hit.result = result;
    hit.mark = this.mark();
    return result;
  }

  /** Where the frames of one kind are in the log, in order. */
  positionsOfKind(kind: FrameKind): Uint32Array {
    const p = this.byKind[KIND_ID.get(kind)!];
    return p.a.subarray(0, p.n);
  }

  /** How many frames of this kind the log holds (without building them). */
  countOfKind(kind: FrameKind): number {
    return this.byKind[KIND_ID.get(kind)!].n;
  }

  /**
   * The frames on the wire at some moment of [fromMs, toMs]: sent at or before toMs, arriving
   * after fromMs (overlapping(t, t): those in flight at t), in the order they were recorded. The
   * same list is returned while the log and the window stay the same.
   */
  overlapping(fromMs: number, toMs: number): FrameRecord[] {
    const key = `${fromMs}|${toMs}|${this.length}|${this.cuts.length}`;
    if (this.memo?.key === key) return this.memo.result;
    const out: FrameRecord[] = [];
    for (let c = 0; c < this.chunks.length; c++) {
      const ch = this.chunks[c];
      if (ch.minSent > toMs || ch.maxArrive <= fromMs) continue;
      const n = this.usedOf(c);
      for (let j = 0; j < n; j++) {
        const sent = ch.sent[j];
        if (sent <= toMs && (ch.arriveIsDelta ? sent + ch.arrive[j] : ch.arrive[j]) > fromMs) out.push(this.packedAt(this.starts[c] + j));
      }
    }
    for (const f of this.tail) if (f.sentAtMs <= toMs && f.arriveAtMs > fromMs) out.push(f);
    this.memo = { key, result: out };
    return out;
  }

  /** Positions of the frames sent at exactly this moment, in order. */
  positionsSentAt(ms: number): number[] {
    const out: number[] = [];
    for (let c = 0; c < this.chunks.length; c++) {
      const ch = this.chunks[c];
      if (ch.minSent > ms || ch.maxSent < ms) continue;
      const n = this.usedOf(c);
      for (let j = 0; j < n; j++) if (ch.sent[j] === ms) out.push(this.starts[c] + j);
    }
    for (let j = 0; j < this.tail.length; j++) if (this.tail[j].sentAtMs === ms) out.push(this.packedCount + j);
    return out;
  }

  /** The frames sent at exactly this moment, in order. */
  sentAt(ms: number): FrameRecord[] {
    return this.positionsSentAt(ms).map((i) => this.at(i)!);
  }

  /** Bytes the packed frames take (for measuring). */
  packedBytes(): number {
    let s = 0;
    for (const c of this.chunks) {
      for (const col of [c.sent, c.arrive, c.bytes, c.fromOff, c.toOff, c.kind, c.route, c.labelAt, c.labelLen, c.previewAt, c.previewLen, c.text]) s += col.byteLength;
      for (const w of c.wide) s += w.length * 2;
    }
    for (const p of this.byKind) s += p.a.byteLength;
    return s;
  }
}
