// What readers of a run's frames need (FrameList: an array works, and so does the packed
// FrameLog of frame-log.ts), and the queries they make: by kind, by time window, by send time,
// and marks for caches that extend as a run grows. A packed log answers them from its indexes;
// an array by a scan. Kept apart from FrameLog so the first screen does not load the packing.

import type { ListView } from './compact-log.ts';
import type { FrameRecord } from './tcp.ts';

export type FrameKind = FrameRecord['kind'];
/** What readers of the frames need: an array works, and so does a FrameLog. */
export type FrameList = ListView<FrameRecord>;

/** What a FrameLog answers from its indexes (see frame-log.ts). */
export interface PackedFrames extends FrameList {
  overlapping(fromMs: number, toMs: number): FrameRecord[];
  ofKind(kind: FrameKind): readonly FrameRecord[];
  positionsOfKind(kind: FrameKind): Uint32Array;
  positionsSentAt(ms: number): number[];
  sentAt(ms: number): FrameRecord[];
  mark(n?: number): { readonly cuts: number; readonly n: number };
  kept(m: { readonly cuts: number; readonly n: number }): number;
}

/** Is this list a packed log (rather than an array)? */
export function isPacked(list: FrameList): list is PackedFrames {
  return !Array.isArray(list) && typeof (list as Partial<PackedFrames>).positionsOfKind === 'function';
}

/** The frames of one kind: a FrameLog's index, or a filtered array. */
export function framesOfKind(list: FrameList, kind: FrameKind): readonly FrameRecord[] {
  return isPacked(list) ? list.ofKind(kind) : list.filter((f) => f.kind === kind);
}

/** Frames on the wire at some moment of [fromMs, toMs] (see FrameLog.overlapping), in list order. */
export function framesOverlapping(list: FrameList, fromMs: number, toMs: number): readonly FrameRecord[] {
  return isPacked(list) ? list.overlapping(fromMs, toMs) : list.filter((f) => f.sentAtMs <= toMs && f.arriveAtMs > fromMs);
}

/** The frames of one kind with their positions in the list. */
export function framesOfKindAt(list: FrameList, kind: FrameKind): { readonly frames: readonly FrameRecord[]; readonly positions: ArrayLike<number> } {
  if (isPacked(list)) return { frames: list.ofKind(kind), positions: list.positionsOfKind(kind) };
  const frames: FrameRecord[] = [];
  const positions: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const f = list.at(i)!;
    if (f.kind === kind) { frames.push(f); positions.push(i); }
  }
  return { frames, positions };
}

/** Positions of the frames sent at exactly this moment, in order. */
export function positionsSentAt(list: FrameList, ms: number): number[] {
  if (isPacked(list)) return list.positionsSentAt(ms);
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) if (list.at(i)!.sentAtMs === ms) out.push(i);
  return out;
}

/** A mark of a list's first n frames (see prefixHolds). */
export type PrefixMark = { readonly n: number; readonly cuts: number; readonly last: FrameRecord | undefined };

export function prefixMark(list: FrameList, n: number = list.length): PrefixMark {
  return isPacked(list) ? { ...list.mark(n), last: undefined } : { n, cuts: 0, last: n > 0 ? list.at(n - 1) : undefined };
}

/** Are the first frames a mark was taken of still the same ones (the list only grew, or was cut no further back)? */
export function prefixHolds(list: FrameList, m: PrefixMark): boolean {
  return prefixKept(list, m) === m.n;
}

/** How many of a mark's first frames are still the same ones (for an array: all or none). */
export function prefixKept(list: FrameList, m: PrefixMark): number {
  if (isPacked(list)) return list.kept(m);
  return m.n <= list.length && (m.n === 0 || list.at(m.n - 1) === m.last) ? m.n : 0;
}

/** Positions of the frames of one kind at or after position `from`, in order. */
export function positionsOfKindFrom(list: FrameList, kind: FrameKind, from: number): ArrayLike<number> {
  if (isPacked(list)) {
    const p = list.positionsOfKind(kind);
    let lo = 0, hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return p.subarray(lo);
  }
  const out: number[] = [];
  for (let i = from; i < list.length; i++) if (list.at(i)!.kind === kind) out.push(i);
  return out;
}
