// The backlog ring's geometry and the PSYNC answers projected on it: where each offset sits on the
// ring, which bytes are held, where the write head is, and what a replica's PSYNC was told. Pure.

import type { NodeView } from '../../runtime/protocol.ts';
import type { PsyncAnswer } from './psync-answers.ts';

export { psyncAnswers, type PsyncAnswer } from './psync-answers.ts';

export type BacklogInfo = NonNullable<NodeView['backlog']>;

/** How long a PSYNC answer stays the "current" one on the ring (simulated ms). */
export const CURRENT_PSYNC_MS = 5000;

/** The latest answer of this master up to the cursor; `current` when it is at most windowMs old. */
export function latestPsync(answers: readonly PsyncAnswer[], node: string, cursorMs: number, windowMs = CURRENT_PSYNC_MS): { answer: PsyncAnswer; current: boolean } | null {
  for (let i = answers.length - 1; i >= 0; i--) {
    const a = answers[i];
    if (a.node !== node || a.t > cursorMs) continue;
    return { answer: a, current: cursorMs - a.t <= windowMs };
  }
  return null;
}

/**
 * Where the requested offset stands. "Did we still hold the bytes the replica asks for?" only
 * matters once the replication ID matched: a mismatch (or "PSYNC ? -1") makes the offset moot.
 */
export type OffsetVerdict = 'inside' | 'outside' | 'notApplicable';

export function psyncVerdict(a: PsyncAnswer): OffsetVerdict {
  switch (a.verdict) {
    case 'accepted': return 'inside';
    case 'offset-out-of-range': case 'no-backlog': return 'outside';
    case 'sync': case 'full-requested': case 'runid-mismatch': case 'replid-mismatch': case 'second-id-offset': return 'notApplicable';
  }
}

/** The catalogue key of the sentence that explains a verdict ("ahead": an offset past the master's). */
export function verdictKey(a: PsyncAnswer): string {
  switch (a.verdict) {
    case 'no-backlog': return 'stream.ring.verdict.noBacklog';
    case 'full-requested': return 'stream.ring.verdict.fullRequested';
    case 'sync': return 'stream.ring.verdict.sync';
    case 'runid-mismatch': return 'stream.ring.verdict.runId';
    case 'second-id-offset': return 'stream.ring.verdict.secondId';
    default: break;
  }
  const v = psyncVerdict(a);
  if (v === 'outside' && a.offset > a.backlogFirstByte + a.backlogHistlen) return 'stream.ring.verdict.ahead';
  return `stream.ring.verdict.${v}`;
}

/** The ring as drawn: `total` positions; pos 0 at twelve o'clock, growing clockwise. */
export interface RingGeometry {
  readonly mode: BacklogInfo['mode'];
  readonly total: number;
  readonly sizeBytes: number;
  readonly first: number;
  readonly histlen: number;
  /** master_repl_offset: the last byte written. */
  readonly head: number;
  /** Where the next byte goes (ring: repl_backlog_idx). */
  readonly headPos: number;
  /** Where the first byte held sits. */
  readonly firstPos: number;
  /** True when the held range crosses position 0 (the buffer's end wraps to its start). */
  readonly wraps: boolean;
  /** Shared buffer: where the last repl-backlog-size bytes begin (older bytes are held only until their block goes). */
  readonly configuredFromPos: number | null;
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/**
 * Ring (2.8–6.2): a fixed buffer of repl-backlog-size bytes; the write head is repl_backlog_idx
 * (feedReplicationBacklog), so the last byte written (master_repl_offset) sits at idx − 1 and the
 * first byte held at (idx − histlen) mod size. idx counts from 0 where the backlog was created
 * (or resized), so it equals master_repl_offset mod size only when that was at offset 0. Shared (7.0): a list of blocks trimmed a whole
 * block at a time, so histlen can exceed the size; drawn from the first byte held, on a ring of
 * max(size, histlen).
 */
export function ringGeometry(b: BacklogInfo, masterReplOffset: number): RingGeometry {
  const size = Math.max(1, b.sizeBytes);
  if (b.mode === 'ring') {
    const firstPos = mod(b.idx - b.histlen, size);
    return {
      mode: b.mode, total: size, sizeBytes: b.sizeBytes, first: b.firstByteOffset, histlen: b.histlen, head: masterReplOffset,
      headPos: mod(b.idx, size), firstPos, wraps: b.histlen > 0 && firstPos + b.histlen > size, configuredFromPos: null,
    };
  }
  const total = Math.max(size, b.histlen);
  return {
    mode: b.mode, total, sizeBytes: b.sizeBytes, first: b.firstByteOffset, histlen: b.histlen, head: masterReplOffset,
    headPos: mod(b.histlen, total), firstPos: 0, wraps: false, configuredFromPos: mod(b.histlen - size, total),
  };
}

/** Is byte `offset` in the backlog? [first, first + histlen). */
export function isHeld(g: RingGeometry, offset: number): boolean {
  return offset >= g.first && offset < g.first + g.histlen;
}

/**
 * Where byte `offset` sits. In a ring any offset has a slot (the bytes there may be newer); in the
 * shared buffer an offset outside the held range is pinned to the edge it fell off.
 */
export function offsetPos(g: RingGeometry, offset: number): { pos: number; pinned: 'before' | 'after' | null } {
  // The last byte written (head) sits just before the write head.
  if (g.mode === 'ring') return { pos: mod(g.headPos - 1 - (g.head - offset), g.total), pinned: null };
  if (offset < g.first) return { pos: 0, pinned: 'before' };
  if (offset > g.first + g.histlen) return { pos: g.histlen, pinned: 'after' };
  return { pos: offset - g.first, pinned: null };
}

/** The byte held at a slot, or null for a slot that holds nothing of the backlog. */
export function posToOffset(g: RingGeometry, pos: number): number | null {
  const p = mod(Math.floor(pos), g.total);
  const o = g.mode === 'ring' ? g.first + mod(p - g.firstPos, g.total) : g.first + p;
  return isHeld(g, o) ? o : null;
}

/** Angle of a position in radians, clockwise from twelve o'clock (d3.arc's convention). */
export function posAngle(g: RingGeometry, pos: number): number {
  return (pos / g.total) * 2 * Math.PI;
}

/** The slot under a pointer at (dx, dy) from the ring's centre (screen coordinates, y down). */
export function pointToPos(g: RingGeometry, dx: number, dy: number): number {
  const a = mod(Math.atan2(dx, -dy), 2 * Math.PI);
  return Math.min(g.total - 1, Math.floor((a / (2 * Math.PI)) * g.total));
}

/** The bytes a +CONTINUE sent: from the requested offset to the end of the backlog then. */
export function continueBytes(a: PsyncAnswer): number {
  return Math.max(0, a.backlogFirstByte + a.backlogHistlen - a.offset);
}
