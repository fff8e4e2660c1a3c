// The state of each replication link as the stage draws it (handshake, full sync, online, cut,
// down), the geometry of a link: from rim to rim, with a side for each direction of traffic, and
// its settings (latency, jitter, bandwidth) as the branch's actions left them.

import type { NodeView } from '../../runtime/protocol.ts';
import { DEFAULT_LINK } from '../../runtime/protocol.ts';
import type { TimedAction } from '../../runtime/timeline-api.ts';
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
export function linkState(replica: Pick<NodeView, 'name' | 'masterHost' | 'replState'>, cutLinks: readonly string[], down: readonly string[] = [], master = replica.masterHost ?? ''): LinkState {
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
  return p.role === 'sub' ? m.r + 5 : p.role === 'master' ? m.r * 1.08 : p.role === 'sentinel' ? m.r * 1.05 : m.r;
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

/** A link's settings: one-way latency and jitter (ms) and bandwidth (bytes/s), the same both ways. */
export interface LinkSettings {
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly bytesPerSec: number;
}

/** A link nobody has set: the simulator's default (1 ms, no jitter, 1 Gbit/s). */
export const DEFAULT_LINK_SETTINGS: LinkSettings = {
  latencyMs: DEFAULT_LINK.latencyMs, jitterMs: DEFAULT_LINK.jitterMs, bytesPerSec: DEFAULT_LINK.bytesPerMs * 1000,
};

/** The link a–b (either order) at `atMs`: the last 'latency' and 'bandwidth' actions on it up to then. */
export function linkSettingsAt(actions: readonly TimedAction[], a: string, b: string, atMs: number): LinkSettings {
  let { latencyMs, jitterMs, bytesPerSec } = DEFAULT_LINK_SETTINGS;
  for (const { atMs: t, action: x } of actions) {
    if (t > atMs) break;
    if ((x.type !== 'latency' && x.type !== 'bandwidth') || !((x.a === a && x.b === b) || (x.a === b && x.b === a))) continue;
    if (x.type === 'latency') ({ latencyMs, jitterMs } = x);
    else bytesPerSec = x.bytesPerSec;
  }
  return { latencyMs, jitterMs, bytesPerSec };
}

/** Bandwidths offered in the link menu, bytes per second: 1 Gbit/s, 100, 10 and 1 Mbit/s, 64 kbit/s. */
export const BANDWIDTH_PRESETS: readonly number[] = [125_000_000, 12_500_000, 1_250_000, 125_000, 8_000];

/** What the link form accepts: whole milliseconds (as a scenario writes them) and whole bytes/s. */
export const LATENCY_RANGE = { min: 1, max: 60_000 } as const;
export const JITTER_RANGE = { min: 0, max: 60_000 } as const;
export const RATE_RANGE = { min: 1, max: 1_250_000_000 } as const;

/** A whole number typed into a field, within [min, max]; null if it is not one. */
export function parseWhole(text: string, range: { readonly min: number; readonly max: number }): number | null {
  const s = text.trim().replace(/[\s_,]/g, '');
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= range.min && n <= range.max ? n : null;
}

/** A rate in bits per second when it is a round one ("64 kbit/s", "1 Gbit/s"), else null (show bytes/s). */
export function bitRateText(bytesPerSec: number): string | null {
  const bits = bytesPerSec * 8;
  for (const [unit, f] of [['Gbit/s', 1e9], ['Mbit/s', 1e6], ['kbit/s', 1e3]] as const) {
    if (bits >= f && bits % f === 0) return `${bits / f} ${unit}`;
  }
  return null;
}
