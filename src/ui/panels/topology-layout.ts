// Where the topology stage puts each node: a left-to-right tree (a master on the left, its
// replicas in the next column, a replica's own replicas further right), fitted to the stage's
// width and height. Pure and deterministic: the same views and size give the same picture.

import { NAMED_PORT, networkIpAt, resolveAddress, SENTINEL_FIRST_PORT } from '../../runtime/address.ts';

/** What the layout needs of a node (a NodeView has all of it). */
export interface LayoutNode {
  readonly name: string;
  readonly role: 'master' | 'replica';
  readonly masterHost: string | null;
  /** The master's port as REPLICAOF gave it, and the node's own port (to resolve 127.0.0.1:6380). */
  readonly masterPort?: number;
  readonly port?: number;
  /** Set for a Sentinel: it stands in a band of its own below the data nodes. */
  readonly sentinel?: object;
}

/**
 * The node a replica's master address names (by name on 6379 or its own port, network address,
 * or 127.0.0.1 and a node's port), as the simulator resolves it; null when none does.
 */
export function masterNodeOf(v: LayoutNode, views: readonly LayoutNode[]): string | null {
  if (v.role !== 'replica' || v.masterHost === null) return null;
  if (v.masterPort === undefined) return views.some((o) => o.name === v.masterHost) ? v.masterHost : null;
  const nodes = views.flatMap((o, i) => (o.port === undefined ? [] : [{ name: o.name, port: o.port, ip: networkIpAt(i), namedPort: o.port >= SENTINEL_FIRST_PORT ? SENTINEL_FIRST_PORT : NAMED_PORT }]));
  return resolveAddress(v.masterHost, v.masterPort, nodes)?.node.name ?? null;
}

/** The shape cue a node gets: master (rounded square), replica (circle), sub-replica (double ring), Sentinel (hexagon). */
export type NodeRole = 'master' | 'replica' | 'sub' | 'sentinel';

/** Where a node's three text lines go: under it (nodes with replicas, and all nodes on a phone) or to its right. */
export type LabelMode = 'below' | 'right';

export interface Metrics {
  /** Narrow stage (a phone): smaller nodes, larger tap targets. */
  readonly compact: boolean;
  /** Node radius (a master's square has the same half side). */
  readonly r: number;
  /** Height of the crown drawn above a master. */
  readonly crown: number;
  readonly lineH: number;
  readonly labelW: number;
  readonly fontPx: number;
  /** Room for the node's menu button after its text (none on phones: the menu is in the card). */
  readonly menuW: number;
}

export interface NodePlace {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly role: NodeRole;
  readonly depth: number;
  /** The node it replicates from, when that node is on the stage. */
  readonly parent: string | null;
  readonly label: LabelMode;
}

export interface Box { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }

/** A replication connection: the replica names its master in masterHost. */
export interface LinkPlace {
  readonly key: string;
  readonly master: string;
  readonly replica: string;
}

export interface TopologyLayout {
  /** At least the size asked for; more when the nodes need it (the stage scrolls). */
  readonly width: number;
  readonly height: number;
  readonly m: Metrics;
  readonly nodes: ReadonlyMap<string, NodePlace>;
  readonly links: readonly LinkPlace[];
  /** Where the Sentinels' band begins, when there are Sentinels: a row below the data nodes (bandY) or a column at their right (bandX). */
  readonly bandY?: number;
  readonly bandX?: number;
}

const MARGIN = 10;

export function layoutMetrics(width: number): Metrics {
  const compact = width < 640;
  return compact
    ? { compact, r: 17, crown: 10, lineH: 13, labelW: 92, fontPx: 11, menuW: 0 }
    : { compact, r: 26, crown: 13, lineH: 16, labelW: 140, fontPx: 12, menuW: 28 };
}

/** The canonical key of the link between two nodes: the two names in order, 'a|b'. */
export function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The rectangle a node occupies: its shape, its crown or rings, and its text. */
export function nodeBox(p: Pick<NodePlace, 'x' | 'y' | 'role' | 'label'>, m: Metrics): Box {
  const ring = p.role === 'sub' ? 5 : 0;
  const top = m.r + (p.role === 'master' ? m.crown : ring);
  // A Sentinel has room for a fourth line: the timer it waits on.
  const textH = (p.role === 'sentinel' ? 4 : 3) * m.lineH;
  if (p.label === 'below') {
    const half = Math.max(m.labelW / 2, m.r + ring);
    return { x0: p.x - half, y0: p.y - top, x1: p.x + half + m.menuW, y1: p.y + m.r + ring + 4 + textH };
  }
  // At the right, the first three lines are centred on the node; a Sentinel's fourth goes under them.
  return {
    x0: p.x - m.r - ring, y0: p.y - Math.max(top, 1.5 * m.lineH),
    x1: p.x + m.r + ring + 8 + m.labelW + m.menuW, y1: p.y + Math.max(m.r + ring, textH - 1.5 * m.lineH),
  };
}

/** Estimated width of text in the UI font: CJK characters about 1 em, others about 0.62 em. */
export function textWidth(s: string, fontPx: number): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) w += s.charCodeAt(i) > 0x2e80 ? fontPx : fontPx * 0.62;
  return w;
}

/** The text shortened with "…" so that it fits in px. */
export function fitText(s: string, px: number, fontPx: number): string {
  if (textWidth(s, fontPx) <= px) return s;
  let out = s;
  while (out.length > 1 && textWidth(`${out}…`, fontPx) > px) out = out.slice(0, -1);
  return `${out}…`;
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Each node's parent on the stage: its master when that is another node here; cycles are broken. */
function parentsOf(views: readonly LayoutNode[]): Map<string, string | null> {
  const parent = new Map<string, string | null>();
  for (const v of views) {
    const m = masterNodeOf(v, views);
    parent.set(v.name, m !== v.name ? m : null);
  }
  // A loop (a replica of its own replica) has no root: cut it at the first node of the loop in view order.
  for (const v of views) {
    const seen = new Set<string>();
    let n: string | null = v.name;
    while (n !== null && !seen.has(n)) {
      seen.add(n);
      n = parent.get(n) ?? null;
    }
    if (n !== null) {
      const loop: string[] = [];
      let k: string = n;
      do { loop.push(k); k = parent.get(k)!; } while (k !== n);
      const first = views.find((x) => loop.includes(x.name))!;
      parent.set(first.name, null);
    }
  }
  return parent;
}

interface Placed { name: string; x: number; y: number; role: NodeRole; depth: number; parent: string | null; label: LabelMode }

/**
 * Places the nodes. Tree mode (some node replicates another on the stage): depth decides the
 * column, sibling subtrees are stacked so their boxes never meet, and a node sits midway between
 * its first and last replica. Row mode (no replication at all): the nodes stand side by side.
 */
export function layoutTopology(all: readonly LayoutNode[], width: number, height: number): TopologyLayout {
  const sentinels = all.filter((v) => v.sentinel);
  return sentinels.length === 0 ? layoutData(all, width, height) : layoutWithSentinels(all.filter((v) => !v.sentinel), sentinels, width, height);
}

/**
 * Sentinels stand apart from the data nodes (they replicate from no one): on a wide stage (a
 * laptop's, a projector's) in a column at the right, leaving the stage's height to the data
 * nodes; otherwise (a phone) in rows under them, wrapping when the stage is too narrow.
 */
function layoutWithSentinels(views: readonly LayoutNode[], sentinels: readonly LayoutNode[], width: number, fullHeight: number): TopologyLayout {
  const m = layoutMetrics(width);
  const gapY = m.compact ? 12 : 22;
  const gapX = m.compact ? 10 : 18;
  // On a phone the text goes under the Sentinel, as under every node there (the menu button sits at its shape).
  const sLabel: LabelMode = m.compact ? 'below' : 'right';
  const sBox = nodeBox({ x: 0, y: 0, role: 'sentinel', label: sLabel }, m);
  const bandPad = m.fontPx + 8;
  const place = (v: LayoutNode, x: number, y: number): NodePlace => ({ name: v.name, x: Math.round(x), y: Math.round(y), role: 'sentinel', depth: 0, parent: null, label: sLabel });

  const colW = sBox.x1 - sBox.x0 + 2 * gapX;
  // The column's height with its Sentinels as close as they may stand (they spread over the rest).
  const colH = sentinels.length * (sBox.y1 - sBox.y0 + MIN_SENTINEL_GAP) - MIN_SENTINEL_GAP + bandPad + 4;
  if (!m.compact && width - colW >= 460) {
    const data = layoutData(views, width - colW, fullHeight, m);
    if (colH <= Math.max(fullHeight, data.height)) {
      const H = Math.max(data.height, colH);
      const nodes = new Map(data.nodes);
      const stepY = (H - bandPad - 4) / sentinels.length;
      sentinels.forEach((v, i) => nodes.set(v.name, place(v, data.width + gapX - sBox.x0, bandPad + stepY * (i + 0.5))));
      return { width: Math.ceil(data.width + colW), height: Math.ceil(H), m, nodes, links: data.links, bandX: Math.round(data.width) };
    }
  }
  const sW = sBox.x1 - sBox.x0 + gapX;
  const sRowH = sBox.y1 - sBox.y0 + gapY;
  const perRow = Math.max(1, Math.min(sentinels.length, Math.floor((width - 2 * MARGIN) / sW)));
  const rows = Math.ceil(sentinels.length / perRow);
  const bandTotal = rows * sRowH - gapY + bandPad + 4;
  const data = layoutData(views, width, Math.max(120, fullHeight - bandTotal), m);
  const w = Math.max(data.width, perRow * sW + 2 * MARGIN);
  const h = data.height;
  const nodes = new Map(data.nodes);
  sentinels.forEach((v, i) => {
    const row = Math.floor(i / perRow), inRow = Math.min(perRow, sentinels.length - row * perRow);
    const step = Math.min((w - 2 * MARGIN) / inRow, sW * 1.8);
    const left = (w - step * inRow) / 2 + step / 2;
    nodes.set(v.name, place(v, left + (i % perRow) * step - (sBox.x1 + sBox.x0) / 2, h + bandPad + row * sRowH - sBox.y0));
  });
  return { width: Math.ceil(w), height: Math.ceil(h + bandTotal), m, nodes, links: data.links, bandY: Math.round(h) };
}

/** Room over a node for a timer: its ring around the node and the label over the ring. */
function timerHead(m: Metrics): number {
  return Math.ceil(m.r * 1.08 * 1.25 + 12 + 6 + m.fontPx + 2);
}

/** Pixels between two Sentinels in a column, at the least. */
const MIN_SENTINEL_GAP = 8;

/** How far a timer's room reaches above the box of the node at the top, at most (a replica's box reaches least high). */
function headBeyondBox(m: Metrics): number {
  return Math.max(0, timerHead(m) + nodeBox({ x: 0, y: 0, role: 'replica', label: 'below' }, m).y0);
}

/** The data nodes: a tree when some replicate others, else a row (`m`: the whole stage's metrics). */
function layoutData(views: readonly LayoutNode[], width: number, height: number, m: Metrics = layoutMetrics(width)): TopologyLayout {
  const parent = parentsOf(views);
  const roleByName = new Map(views.map((v) => [v.name, v.role]));
  const children = new Map<string, string[]>(views.map((v) => [v.name, []]));
  for (const v of views) { const p = parent.get(v.name); if (p) children.get(p)!.push(v.name); }
  const links: LinkPlace[] = views.filter((v) => parent.get(v.name)).map((v) => ({ key: linkKey(v.name, parent.get(v.name)!), master: parent.get(v.name)!, replica: v.name }));
  const roleOf = (n: string): NodeRole => {
    if (roleByName.get(n) === 'master') return 'master';
    const p = parent.get(n);
    return p && roleByName.get(p) === 'replica' ? 'sub' : 'replica';
  };
  const placed: Placed[] = [];
  const gapY = m.compact ? 12 : 22;
  const gapX = m.compact ? 10 : 18;

  if (links.length === 0) {
    // Row mode: side by side, wrapping when the stage is too narrow.
    const box = nodeBox({ x: 0, y: 0, role: 'master', label: 'below' }, m);
    const boxW = box.x1 - box.x0;
    const step = Math.max(boxW + gapX, Math.min(m.compact ? 150 : 260, (width - 2 * MARGIN - boxW) / Math.max(1, views.length - 1)));
    const perRow = Math.max(1, Math.min(views.length, Math.floor((width - 2 * MARGIN - boxW) / step) + 1));
    const rowH = box;
    views.forEach((v, i) => placed.push({
      name: v.name, x: (i % perRow) * step, y: Math.floor(i / perRow) * (rowH.y1 - rowH.y0 + gapY),
      role: roleOf(v.name), depth: 0, parent: null, label: 'below',
    }));
  } else {
    // Tree mode, pass 1: vertical positions (depth gives the column; x comes later). Sibling
    // subtrees are stacked `gap` apart; a node sits midway between its first and last replica.
    const stackAll = (gap: number): number => {
      placed.length = 0;
      const stack = (name: string, depth: number, top: number): { bottom: number; y: number } => {
        const kids = children.get(name)!;
        // On a phone every label goes under its node: the width is for the links.
        const label: LabelMode = kids.length > 0 || m.compact ? 'below' : 'right';
        const role = roleOf(name);
        const box = nodeBox({ x: 0, y: 0, role, label }, m);
        const me: Placed = { name, x: depth, y: 0, role, depth, parent: parent.get(name) ?? null, label };
        placed.push(me);
        if (kids.length === 0) {
          me.y = top - box.y0;
          return { bottom: top + box.y1 - box.y0, y: me.y };
        }
        let cursor = top;
        const ys: number[] = [];
        const first = placed.length;
        for (const k of kids) {
          const r = stack(k, depth + 1, cursor);
          ys.push(r.y);
          cursor = r.bottom + gap;
        }
        let bottom = cursor - gap;
        me.y = (ys[0] + ys[ys.length - 1]) / 2;
        // If this node's box pokes above its subtree, push the whole subtree down.
        const shift = Math.max(0, top - (me.y + box.y0));
        if (shift > 0) { for (let i = first; i < placed.length; i++) placed[i].y += shift; me.y += shift; bottom += shift; }
        return { bottom: Math.max(bottom, me.y + box.y1), y: me.y };
      };
      let cursor = 0;
      for (const v of views) if (!parent.get(v.name)) cursor = stack(v.name, 0, cursor).bottom + gap;
      return cursor - gap;
    };
    // Spread the rows over the stage's height when there is room (wider angles between links
    // leave room for the frames on them), up to a limit.
    const h0 = stackAll(gapY);
    const perGap = stackAll(gapY + 1) - h0;
    // The rows spread over the height left once a timer's room over the top node is kept (see Fit).
    const avail = height - 2 * MARGIN - headBeyondBox(m);
    const spread = perGap > 0 && h0 < avail ? Math.min(m.compact ? 120 : 110, gapY + (avail - h0) / perGap) : gapY;
    if (stackAll(spread) > Math.max(avail, h0)) stackAll(gapY);

    // Pass 2: the column step. Two nodes whose boxes share some height need their columns far enough apart.
    let need = m.compact ? 2 * m.r + 60 : 2 * m.r + 120;
    const boxes = placed.map((p) => nodeBox({ ...p, x: 0 }, m));
    for (let i = 0; i < placed.length; i++) {
      for (let j = 0; j < placed.length; j++) {
        const a = placed[i], b = placed[j], ba = boxes[i], bb = boxes[j];
        if (b.depth <= a.depth || ba.y0 + a.y >= bb.y1 + b.y || bb.y0 + b.y >= ba.y1 + a.y) continue;
        need = Math.max(need, (ba.x1 - bb.x0 + gapX) / (b.depth - a.depth));
      }
    }
    const left = Math.max(...placed.map((p, i) => (p.depth === 0 ? -boxes[i].x0 : 0)));
    let availX = Infinity;
    placed.forEach((p, i) => { if (p.depth > 0) availX = Math.min(availX, (width - 2 * MARGIN - left - boxes[i].x1) / p.depth); });
    const step = Math.min(m.compact ? 220 : 400, Math.max(need, availX));
    for (const p of placed) p.x = p.depth * step;
  }

  // Fit: the bounding box of every node's box, centred on the stage, or the stage grows.
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of placed) {
    const b = nodeBox(p, m);
    x0 = Math.min(x0, b.x0); y0 = Math.min(y0, b.y0, p.y - timerHead(m)); x1 = Math.max(x1, b.x1); y1 = Math.max(y1, b.y1);
  }
  if (placed.length === 0) { x0 = y0 = 0; x1 = y1 = 0; }
  const w = Math.max(width, x1 - x0 + 2 * MARGIN);
  const h = Math.max(height, y1 - y0 + 2 * MARGIN);
  const dx = (w - (x1 - x0)) / 2 - x0;
  const dy = (h - (y1 - y0)) / 2 - y0;
  const nodes = new Map<string, NodePlace>();
  for (const p of placed) nodes.set(p.name, { ...p, x: Math.round(p.x + dx), y: Math.round(p.y + dy) });
  return { width: Math.ceil(w), height: Math.ceil(h), m, nodes, links };
}
