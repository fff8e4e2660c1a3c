// The state of each replication link as the stage draws it (handshake, full sync, online, cut,
// down), and the geometry of a link: from rim to rim, with a side for each direction of traffic.

import type { NodeView } from '../../runtime/protocol.ts';
import { linkKey, type Metrics, type NodePlace } from './topology-layout.ts';

export type LinkState = 'handshake' | 'sync' | 'online' | 'cut' | 'down';

export const LINK_STATES: readonly LinkState[] = ['handshake', 'sync', 'online', 'cut', 'down'];

/** Dash patterns, so a link state never depends on colour alone ('' = solid). */
export const LINK_DASH: Readonly<Record<LinkState, string>> = {
  handshake: '7 4', sync: '', online: '', cut: '2 5', down: '1 7',
};

/** Is the link between a and b cut? cutLinks holds 'a|b' pairs in either order. */
export function isCut(cutLinks: readonly string[], a: string, b: string): boolean {
  return cutLinks.includes(`${a}|${b}`) || cutLinks.includes(`${b}|${a}`) || cutLinks.includes(linkKey(a, b));
}

/**
 * The state of a replica's link to its master, from the replica's side (replState is Redis's
 * REPL_STATE_*): a cut link is 'cut' whatever the views still say, since neither end knows yet.
 */
export function linkState(replica: Pick<NodeView, 'name' | 'masterHost' | 'replState'>, cutLinks: readonly string[], down: readonly string[] = []): LinkState {
  const master = replica.masterHost ?? '';
  if (isCut(cutLinks, replica.name, master)) return 'cut';
  if (down.includes(replica.name) || down.includes(master)) return 'down';
  switch (replica.replState) {
    case 'REPL_STATE_CONNECTED': return 'online';
    case 'REPL_STATE_TRANSFER': return 'sync';
    case 'REPL_STATE_NONE':
    case 'REPL_STATE_CONNECT': return 'down';
    default: return 'handshake';
  }
}

export interface Point { readonly x: number; readonly y: number }

/** Half the extent of a node's shape towards a direction (the master's square is a bit larger). */
export function rimRadius(p: Pick<NodePlace, 'role'>, m: Metrics): number {
  return p.role === 'sub' ? m.r + 5 : p.role === 'master' ? m.r * 1.08 : m.r;
}

export interface Segment {
  readonly a: Point;
  readonly b: Point;
  readonly len: number;
  /** Unit vector from a to b. */
  readonly ux: number;
  readonly uy: number;
}

/** The straight path from the rim of `from` to the rim of `to`. */
export function rimSegment(from: NodePlace, to: NodePlace, m: Metrics): Segment {
  const dx = to.x - from.x, dy = to.y - from.y;
  const d = Math.hypot(dx, dy) || 1;
  const ux = dx / d, uy = dy / d;
  const ra = rimRadius(from, m), rb = rimRadius(to, m);
  const a = { x: from.x + ux * ra, y: from.y + uy * ra };
  const b = { x: to.x - ux * rb, y: to.y - uy * rb };
  return { a, b, len: Math.max(0, d - ra - rb), ux, uy };
}

/**
 * The point at fraction p along the segment, moved `side` pixels to the left of the direction of
 * travel: traffic one way rides on one side of the line, the other way on the other side.
 */
export function pointAlong(s: Segment, p: number, side = 0): Point {
  const q = Math.min(1, Math.max(0, p));
  return { x: s.a.x + (s.b.x - s.a.x) * q + s.uy * side, y: s.a.y + (s.b.y - s.a.y) * q - s.ux * side };
}
