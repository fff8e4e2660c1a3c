// The replication stream as the lane shows it: the master's stream frames split into one piece per
// propagated command (RESP), each with its offset range, deduplicated across replicas. Pure.

import type { FrameRecord } from '../../runtime/sim.ts';
import { prefixHolds, prefixMark, type FrameList, type PrefixMark } from '../../runtime/frame-list.ts';
import type { NodeView } from '../../runtime/protocol.ts';

/** One command (or an unrecorded tail) of the master's replication stream. */
export interface StreamPiece {
  /** Offset of the first byte (master_repl_offset before it was written, plus one). */
  readonly from: number;
  /** Offset of the byte after the last one: to - from is the length. */
  readonly to: number;
  /** The bytes known (binary string: one char per byte); shorter than to - from when incomplete. */
  readonly bytes: string;
  /** False when the frame's recorded preview ended before the piece did. */
  readonly complete: boolean;
  /** The command's arguments, as far as they could be read. */
  readonly argv: readonly string[];
  readonly sentAtMs: number;
  /** The replica whose copy of the stream this piece came from. */
  readonly replica: string;
}

interface Parsed {
  argv: string[];
  len: number;
}

/** Reads one RESP multibulk command at `at`; null when the bytes end before it does. */
export function parseRespCommand(buf: string, at: number): Parsed | null {
  const line = (p: number): [string, number] | null => {
    const e = buf.indexOf('\r\n', p);
    return e < 0 ? null : [buf.slice(p, e), e + 2];
  };
  const head = line(at);
  if (!head || head[0][0] !== '*') return null;
  const n = Number(head[0].slice(1));
  if (!Number.isInteger(n) || n < 0) return null;
  let p = head[1];
  const argv: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = line(p);
    if (!h || h[0][0] !== '$') return null;
    const len = Number(h[0].slice(1));
    if (!Number.isInteger(len) || len < 0 || h[1] + len + 2 > buf.length) return null;
    argv.push(buf.slice(h[1], h[1] + len));
    p = h[1] + len + 2;
  }
  return { argv, len: p - at };
}

/** The arguments readable from a cut-off command: the complete bulk strings, then the partial one. */
export function partialArgv(buf: string): string[] {
  const out: string[] = [];
  const parts = buf.split('\r\n');
  for (let i = 1; i < parts.length; i++) {
    if (parts[i - 1].startsWith('$') && parts[i] !== undefined && parts[i] !== '') out.push(parts[i]);
  }
  return out;
}

const pieceCache = new WeakMap<FrameRecord, readonly StreamPiece[]>();

/** Splits one stream frame into commands; bytes past the recorded preview become one incomplete piece. */
export function framePieces(f: FrameRecord): readonly StreamPiece[] {
  const hit = pieceCache.get(f);
  if (hit) return hit;
  const out: StreamPiece[] = [];
  const base = f.meta.fromOffset;
  if (base !== undefined) {
    const end = f.meta.toOffset ?? base + f.bytes;
    const pv = f.preview.slice(0, end - base);
    let at = 0;
    for (;;) {
      if (base + at >= end) break;
      const c = parseRespCommand(pv, at);
      if (!c) {
        const rest = pv.slice(at);
        out.push({ from: base + at, to: end, bytes: rest, complete: rest.length === end - base - at, argv: partialArgv(rest), sentAtMs: f.sentAtMs, replica: f.to });
        break;
      }
      out.push({ from: base + at, to: base + at + c.len, bytes: pv.slice(at, at + c.len), complete: true, argv: c.argv, sentAtMs: f.sentAtMs, replica: f.to });
      at += c.len;
    }
  }
  pieceCache.set(f, out);
  return out;
}

/**
 * The node whose stream the lane shows: the one asked for, else the master with the most replicas
 * (a replica that relays to sub-replicas is not it: its role is replica).
 */
export function topMaster(views: readonly NodeView[], wanted?: string): NodeView | null {
  if (wanted) return views.find((v) => v.name === wanted) ?? null;
  let best: NodeView | null = null;
  for (const v of views) {
    if (v.role !== 'master') continue;
    if (!best || v.replicas.length > best.replicas.length) best = v;
  }
  return best;
}

/**
 * The master's stream as sent by cursorMs, each byte range once: every replica gets the same
 * bytes at the same offsets, so copies are merged by offset (a fully recorded copy is preferred,
 * then the latest one). Pieces past `headOffset` belong to a history the master no longer has.
 */
export function streamPieces(frames: FrameList, master: string, cursorMs: number, headOffset = Infinity): StreamPiece[] {
  // The best copy for each offset (a complete one, then the latest; the first sent on a tie),
  // then the offsets in order, each piece skipped if an earlier one already covers it. Each
  // replica gets a copy of every piece: grouping by offset first keeps this linear in the copies.
  const acc = new PieceAccumulator(master);
  acc.add(frames, 0, cursorMs, headOffset);
  return acc.pieces();
}

/** Pieces gathered from frames in send order, by offset; see streamPieces. */
class PieceAccumulator {
  readonly best = new Map<number, StreamPiece>();
  /** Offsets in increasing order (kept sorted as pieces come; re-sorted only when one comes out of order). */
  private offsets: number[] = [];
  private sorted = true;
  /** A piece was left out for lying past the master's offset: a later, larger offset may take it. */
  skipped = false;
  /** Frames read so far. */
  upTo = 0;

  constructor(readonly master: string) {}

  /**
   * Reads frames from `from` on, leaving out those sent after cursorMs; with `stopAtCursor`,
   * stops at the first of those instead (to read on from there later). Returns where it stopped.
   */
  add(frames: FrameList, from: number, cursorMs: number, headOffset: number, stopAtCursor = false): number {
    let i = from;
    for (; i < frames.length; i++) {
      const f = frames.at(i)!;
      if (f.sentAtMs > cursorMs) {
        if (stopAtCursor) break;
        continue;
      }
      if (f.kind !== 'stream' || f.from !== this.master) continue;
      for (const p of framePieces(f)) {
        if (p.to > headOffset + 1) {
          this.skipped = true;
          continue;
        }
        const b = this.best.get(p.from);
        if (!b) {
          const last = this.offsets[this.offsets.length - 1];
          if (last !== undefined && p.from < last) this.sorted = false;
          this.offsets.push(p.from);
          this.best.set(p.from, p);
        } else if ((p.complete && !b.complete) || (p.complete === b.complete && p.sentAtMs > b.sentAtMs)) {
          this.best.set(p.from, p);
        }
      }
    }
    this.upTo = i;
    return i;
  }

  pieces(): StreamPiece[] {
    if (!this.sorted) {
      this.offsets = Array.from(Float64Array.from(this.offsets).sort());
      this.sorted = true;
    }
    const out: StreamPiece[] = [];
    let covered = -Infinity;
    for (const o of this.offsets) {
      const p = this.best.get(o)!;
      if (p.from < covered) continue;
      out.push(p);
      covered = p.to;
    }
    return out;
  }
}

/**
 * streamPieces for a growing run, in time proportional to the frames sent since the last call:
 * frames are kept in send order and only appended to (a seek back or another branch gives a new
 * or shorter list, and a moment earlier than the last one, or a master's offset that went back,
 * starts over). The result equals streamPieces(frames, master, cursorMs, headOffset) whenever
 * no frame in the list was sent after cursorMs (a paused run); while playing, a frame sent out
 * of order just after the cursor can hold back the ones behind it until the next call.
 */
export function streamPiecesGrowing(frames: FrameList, master: string, cursorMs: number, headOffset = Infinity): StreamPiece[] {
  let c = growing.get(frames);
  // The list was cut back and grew again if the frame last read is no longer in its place.
  if (!c || c.acc.master !== master || !prefixHolds(frames, c.mark)
      || cursorMs < c.cursorMs || headOffset < c.headOffset || (headOffset > c.headOffset && c.acc.skipped)) {
    c = { acc: new PieceAccumulator(master), length: 0, mark: prefixMark(frames, 0), cursorMs, headOffset, result: [] };
    growing.set(frames, c);
  }
  if (c.acc.upTo === frames.length && cursorMs === c.cursorMs && headOffset === c.headOffset && c.length === frames.length) return c.result;
  c.acc.add(frames, c.acc.upTo, cursorMs, headOffset, true);
  c.length = frames.length;
  c.mark = prefixMark(frames);
  c.cursorMs = cursorMs;
  c.headOffset = headOffset;
  c.result = c.acc.pieces();
  return c.result;
}
const growing = new WeakMap<FrameList, { acc: PieceAccumulator; length: number; mark: PrefixMark; cursorMs: number; headOffset: number; result: StreamPiece[] }>();

/** The piece holding byte `offset`, and whether that byte was recorded. */
export function pieceAt(pieces: readonly StreamPiece[], offset: number): { piece: StreamPiece; known: boolean } | null {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = pieces[mid];
    if (offset < p.from) hi = mid - 1;
    else if (offset >= p.to) lo = mid + 1;
    else return { piece: p, known: offset - p.from < p.bytes.length };
  }
  return null;
}

/** A byte shown as text, as Redis's sdscatrepr writes it: printable ASCII as is, \r \n \t escaped, others \xNN. */
export function byteGlyph(ch: string): { text: string; ctl: boolean } {
  const c = ch.charCodeAt(0);
  if (c === 13) return { text: '\\r', ctl: true };
  if (c === 10) return { text: '\\n', ctl: true };
  if (c === 9) return { text: '\\t', ctl: true };
  if (c === 92) return { text: '\\\\', ctl: false };
  if (c >= 32 && c < 127) return { text: ch, ctl: false };
  return { text: `\\x${c.toString(16).padStart(2, '0')}`, ctl: true };
}

/** RESP bytes as runs of data and control glyphs, for drawing the control ones muted. */
export function respRuns(bytes: string): { text: string; ctl: boolean }[] {
  const runs: { text: string; ctl: boolean }[] = [];
  for (const ch of bytes) {
    const g = byteGlyph(ch);
    const last = runs[runs.length - 1];
    if (last && last.ctl === g.ctl) last.text += g.text;
    else runs.push({ ...g });
  }
  return runs;
}

/** The whole byte string as one line of text (\r\n visible), for tooltips and screen readers. */
export function respText(bytes: string): string {
  return respRuns(bytes).map((r) => r.text).join('');
}

/** A command as a person would type it: SET a 1 (arguments with spaces or odd bytes quoted). */
export function commandLabel(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[\x21-\x7e]+$/.test(a) ? a : `"${[...a].map((c) => (c === '"' ? '\\"' : byteGlyph(c).text)).join('')}"`))
    .join(' ');
}

/** The inclusive offset range of a piece, as INFO would count it: "24–50". */
export function offsetRange(p: { from: number; to: number }): string {
  return p.to - p.from <= 1 ? String(p.from) : `${p.from}–${p.to - 1}`;
}

/** A node's replication offset for the odometers: master_repl_offset or slave_repl_offset. */
export function nodeOffset(v: NodeView): number | null {
  return v.role === 'master' ? v.masterReplOffset : v.slaveReplOffset;
}

/** How far a node is from the master: null when it follows another history (or has no offset yet). */
export function offsetGap(v: NodeView, master: NodeView): number | null {
  const off = nodeOffset(v);
  if (off === null) return null;
  const shared = v.name === master.name || v.replId === master.replId || v.replId === master.replId2 || v.replId2 === master.replId;
  if (!shared) return null;
  return off - master.masterReplOffset;
}

/** The translation function every panel takes (keys of the i18n fragment, `{name}` placeholders). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Commands the master adds to the stream on its own: they are not writes, but they count. */
export function isHousekeeping(argv: readonly string[]): boolean {
  const c = (argv[0] ?? '').toUpperCase();
  return c === 'SELECT' || c === 'PING' || c === 'REPLCONF';
}
