// Which frames are in flight at a simulated moment and where they are on their link. A frame's
// position is a pure function of time (progress between sentAtMs and arriveAtMs), so pausing,
// stepping back and scrubbing need no animation state. Finding the frames in flight is a binary
// search over an index sorted by sentAtMs, extended in place as the run appends frames.

import type { FrameRecord } from '../../runtime/sim.ts';
import { isPacked, type FrameList, type PackedFrames } from '../../runtime/frame-list.ts';
import { catRepr } from '../../engine/cli-format.ts';

/** How far along its link a frame is at time t: 0 at sentAtMs, 1 at arriveAtMs, clamped. */
export function progress(t: number, sentAtMs: number, arriveAtMs: number): number {
  if (t <= sentAtMs) return 0;
  if (t >= arriveAtMs) return 1;
  return (t - sentAtMs) / (arriveAtMs - sentAtMs);
}

/** Is the frame on the wire at time t? Sent at or before t, not yet arrived. */
export function inFlight(f: Pick<FrameRecord, 'sentAtMs' | 'arriveAtMs'>, t: number): boolean {
  return f.sentAtMs <= t && t < f.arriveAtMs;
}

/**
 * A frame's stable id: the same frame gets the same id when the run is simulated again (after a
 * seek back), so a selection survives scrubbing. It starts with sentAtMs, which findFrame uses.
 */
export function frameId(f: Pick<FrameRecord, 'sentAtMs' | 'arriveAtMs' | 'conn' | 'from' | 'kind' | 'meta'>): string {
  // A frame never changes once recorded: its id is written once, not at every frame it is drawn in.
  let id = ids.get(f);
  if (id === undefined) ids.set(f, (id = `${f.sentAtMs}|${f.arriveAtMs}|${f.conn}|${f.from}|${f.kind}|${f.meta.label}`));
  return id;
}
const ids = new WeakMap<object, string>();

const BLOCK = 64;
/** In frames sorted by send time, the first sent after t (`after`) or at or after t. */
function sentIndex(a: readonly FrameRecord[], t: number, after: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid].sentAtMs;
    if (v < t || (after && v === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Frames sorted by sentAtMs, with the latest arrival of each block of 64 (to skip arrived blocks). */
export interface FrameIndex {
  /** A packed log answers by time itself (the fields below stay empty). */
  readonly log?: PackedFrames;
  readonly sorted: FrameRecord[];
  readonly blockMaxArrive: number[];
  /** How many frames of the source were indexed, and the last of them: the index is extended
   *  in place when the next source starts with the same frames (it only grew at the end). */
  srcLen: number;
  last: FrameRecord | undefined;
}

function recomputeBlocks(ix: FrameIndex, fromBlock: number): void {
  const n = Math.ceil(ix.sorted.length / BLOCK);
  ix.blockMaxArrive.length = n;
  for (let b = Math.max(0, fromBlock); b < n; b++) {
    let mx = -Infinity;
    for (let i = b * BLOCK, e = Math.min(ix.sorted.length, i + BLOCK); i < e; i++) mx = Math.max(mx, ix.sorted[i].arriveAtMs);
    ix.blockMaxArrive[b] = mx;
  }
}

/**
 * Indexes frames for framesInFlight. Given the previous index of the same growing run (the same
 * array appended to, or a copy that starts with the same frames), it only adds the new frames.
 */
export function indexFrames(frames: FrameList, prev?: FrameIndex | null): FrameIndex {
  if (isPacked(frames)) return prev?.log === frames ? prev : { log: frames, sorted: [], blockMaxArrive: [], srcLen: 0, last: undefined };
  const appended = prev && frames.length >= prev.srcLen && (prev.srcLen === 0 || frames.at(prev.srcLen - 1) === prev.last);
  if (!prev || !appended) {
    const sorted = frames.slice().sort((a, b) => a.sentAtMs - b.sentAtMs);
    const ix: FrameIndex = { sorted, blockMaxArrive: [], srcLen: frames.length, last: frames.at(-1) };
    recomputeBlocks(ix, 0);
    return ix;
  }
  let dirtyFrom = Infinity;
  for (let i = prev.srcLen; i < frames.length; i++) {
    const f = frames.at(i)!;
    const s = prev.sorted;
    if (s.length === 0 || s[s.length - 1].sentAtMs <= f.sentAtMs) {
      s.push(f);
      dirtyFrom = Math.min(dirtyFrom, s.length - 1);
    } else {
      // Sent earlier than the last one indexed (another node's window): insert in order.
      const at = sentIndex(s, f.sentAtMs, true);
      s.splice(at, 0, f);
      dirtyFrom = Math.min(dirtyFrom, at);
    }
  }
  prev.srcLen = frames.length;
  prev.last = frames.at(-1);
  if (dirtyFrom !== Infinity) recomputeBlocks(prev, Math.floor(dirtyFrom / BLOCK));
  return prev;
}

/** The frames on the wire at time t, oldest send first. Cost: one binary search and a walk over block maxima. */
export function framesInFlight(ix: FrameIndex, t: number): FrameRecord[] {
  if (ix.log) return inFlightOf(ix.log, t);
  const hi = sentIndex(ix.sorted, t, true);
  const out: FrameRecord[] = [];
  const lastBlock = Math.floor((hi - 1) / BLOCK);
  for (let b = 0; b <= lastBlock; b++) {
    if (ix.blockMaxArrive[b] <= t) continue;
    for (let i = b * BLOCK, e = Math.min(hi, i + BLOCK); i < e; i++) if (ix.sorted[i].arriveAtMs > t) out.push(ix.sorted[i]);
  }
  return out;
}

/**
 * A log's frames in flight at t, oldest send first (a stable sort of the log's order, as the
 * sorted index gives), the same array for the same log, length and t.
 */
function inFlightOf(log: PackedFrames, t: number): FrameRecord[] {
  const found = log.overlapping(t, t);
  let s = sortedInFlight.get(found);
  if (!s) sortedInFlight.set(found, (s = found.slice().sort((a, b) => a.sentAtMs - b.sentAtMs)));
  return s;
}
const sortedInFlight = new WeakMap<readonly FrameRecord[], FrameRecord[]>();

/** The frame with this id (see frameId), in flight or not. */
export function findFrame(ix: FrameIndex, id: string | undefined | null): FrameRecord | undefined {
  if (!id) return undefined;
  const sent = Number(id.slice(0, id.indexOf('|')));
  if (!Number.isFinite(sent)) return undefined;
  if (ix.log) return ix.log.sentAt(sent).find((f) => frameId(f) === id);
  for (let i = sentIndex(ix.sorted, sent, false); i < ix.sorted.length && ix.sorted[i].sentAtMs === sent; i++) {
    if (frameId(ix.sorted[i]) === id) return ix.sorted[i];
  }
  return undefined;
}

/** The in-flight frames of one direction of one link (from > to): pills, RDB bands, and how many were left out. */
export interface DirectionGroup {
  readonly from: string;
  readonly to: string;
  /** At most `cap` pills: the newest sends, oldest first. */
  readonly pills: FrameRecord[];
  readonly bands: FrameRecord[];
  hidden: number;
  /** The oldest frame left out (the furthest along), when some are. */
  hiddenLead?: FrameRecord;
}

/** Groups frames in flight by direction; keeps the newest `cap` pills of each (RDB transfers are bands). */
export function groupByDirection(frames: readonly FrameRecord[], cap: number): Map<string, DirectionGroup> {
  const groups = new Map<string, DirectionGroup>();
  for (const f of frames) {
    const k = `${f.from}>${f.to}`;
    let g = groups.get(k);
    if (!g) { g = { from: f.from, to: f.to, pills: [], bands: [], hidden: 0 }; groups.set(k, g); }
    if (f.kind === 'rdb') g.bands.push(f);
    else g.pills.push(f);
  }
  for (const g of groups.values()) {
    if (g.pills.length > cap) {
      g.hidden = g.pills.length - cap;
      g.hiddenLead = g.pills[0];
      g.pills.splice(0, g.hidden);
    }
  }
  return groups;
}

/**
 * Side lanes for pills on one path so they do not cover each other: pill i is centred at
 * centers[i] (pixels along the path) and is widths[i] wide. Pills nearest their sender (the newest
 * sends, what a person just typed) choose first; a pill that finds every lane taken at its spot
 * gets -1: it is bunched under a neighbour.
 */
export function assignLanes(centers: readonly number[], widths: readonly number[], maxLanes: number): number[] {
  const order = centers.map((_, i) => i).sort((a, b) => centers[a] - centers[b] || b - a);
  const taken: [number, number][][] = Array.from({ length: maxLanes }, () => []);
  const lanes = new Array<number>(centers.length).fill(-1);
  for (const i of order) {
    const lo = centers[i] - widths[i] / 2 - 3, hi = centers[i] + widths[i] / 2 + 3;
    const lane = taken.findIndex((spans) => spans.every(([a, b]) => hi <= a || lo >= b));
    if (lane >= 0) taken[lane].push([lo, hi]);
    lanes[i] = lane;
  }
  return lanes;
}

/** The label a pill shows: the command (meta.label), shortened to maxChars, and the byte count. */
export function pillText(f: Pick<FrameRecord, 'meta' | 'bytes' | 'kind'>, maxChars: number): string {
  const label = f.kind === 'fin' ? 'FIN' : f.meta.label;
  const short = label.length > maxChars ? `${label.slice(0, Math.max(1, maxChars - 1))}…` : label;
  return f.kind === 'fin' ? short : `${short} ${f.bytes} B`;
}

/** Approximate width of a pill for its text (monospace: about 0.62 em a character). */
export function pillWidth(text: string, fontPx: number): number {
  return Math.ceil(text.length * fontPx * 0.62 + 12);
}

/** A frame's first bytes as redis-cli's repr prints them: quoted, with \r\n visible; "…" when cut short. */
export function previewRepr(f: Pick<FrameRecord, 'preview' | 'bytes'>): string {
  return catRepr(f.preview) + (f.preview.length < f.bytes ? '…' : '');
}

/** The CSS colour of a frame kind (theme.css tokens). */
export function frameColour(kind: FrameRecord['kind']): string {
  switch (kind) {
    case 'stream': return 'var(--frame-stream)';
    case 'handshake': return 'var(--frame-handshake)';
    case 'ack': return 'var(--frame-ack)';
    case 'rdb': return 'var(--frame-rdb)';
    case 'keepalive':
    case 'sentinel': return 'var(--frame-sentinel)';
    case 'reply':
    case 'fin': return 'var(--frame-keepalive)';
  }
}
