// Narration: what just happened, as typed items the stage words on one line (and the live region
// speaks). Made from the typed moments and the frames sent up to the cursor; a frame's label is
// shown as it is, never read. Each item says which panel shows it best.

import type { NodeView } from '../runtime/protocol.ts';
import { framesOfKindAt, positionsOfKindFrom, positionsSentAt, prefixKept, prefixMark, type FrameList, type PrefixMark } from '../runtime/frame-list.ts';
import type { Moment } from './run-index.ts';

/** The inspector tab that shows an item best. */
export type NarrationPanel = 'nodes' | 'backlog' | 'buffers' | 'handshake' | 'info' | 'sentinel';

export type NarrationWhat =
  /** A handshake frame, named by its label (PING, REPLCONF listening-port, +OK...). */
  | { readonly kind: 'frame'; readonly from: string; readonly to: string; readonly label: string }
  /** Stream bytes (a propagated command, a PING, the backlog) from a master to a replica. */
  | { readonly kind: 'stream'; readonly from: string; readonly to: string; readonly label: string; readonly fromOffset: number; readonly toOffset: number }
  /** A replica's PSYNC: the replication ID and the first offset it wants. */
  | { readonly kind: 'psyncAsk'; readonly from: string; readonly to: string; readonly replId: string; readonly offset: number }
  /**
   * The master's answer: +CONTINUE (and the backlog bytes that follow) or +FULLRESYNC and why;
   * for a diskless full sync, when the repl-diskless-sync-delay it waits first ends (else null).
   */
  | {
      readonly kind: 'psyncAnswer'; readonly from: string; readonly to: string; readonly verdict: Extract<Moment, { kind: 'psync' }>['verdict'];
      readonly offset: number; readonly backlogBytes: number; readonly waitEndMs: number | null;
    }
  | { readonly kind: 'moment'; readonly moment: Moment };

export type NarrationItem = NarrationWhat & {
  /** When it happened: ms since the run began. */
  readonly t: number;
  readonly panel: NarrationPanel;
  /** A stable key (for lists and to tell a new line from the same one). */
  readonly key: string;
};

export interface NarrationInput {
  readonly moments: readonly Moment[];
  readonly frames: FrameList;
  /** The views at the cursor (for a wait still running). */
  readonly views: readonly NodeView[];
  readonly cursorMs: number;
  /** Node name by port. */
  readonly nameOfPort: ReadonlyMap<number, string>;
}

/** A wait this much longer than the frames' own timing is a delay worth a line. */
const WAIT_WORTH_MS = 500;

function nameOf(addr: string, node: string | null, nameOfPort: ReadonlyMap<number, string>): string {
  if (node) return node;
  const i = addr.lastIndexOf(':');
  return (i >= 0 && nameOfPort.get(Number(addr.slice(i + 1)))) || addr;
}

const MOMENT_PANEL: Record<Moment['kind'], NarrationPanel> = {
  syncStarted: 'handshake', psync: 'handshake', rdbTransfer: 'handshake', syncFinished: 'info',
  linkLost: 'nodes', bufferLimit: 'buffers', roleChanged: 'info', action: 'nodes', sentinel: 'sentinel', sentinelVote: 'sentinel',
};

/** The items up to the cursor, oldest first. */
let shared: { readonly inp: NarrationInput; readonly frameCount: number; readonly items: NarrationItem[] } | null = null;

/**
 * narrationItems() for the page's readers of the same refresh (the line, the live region): the
 * items of the last call again while its inputs are the same (the frames by count: they only grow
 * while the other inputs stay the same).
 */
export function narrationItemsShared(inp: NarrationInput): NarrationItem[] {
  const p = shared;
  if (p && p.inp.moments === inp.moments && p.inp.frames === inp.frames && p.frameCount === inp.frames.length
    && p.inp.views === inp.views && p.inp.cursorMs === inp.cursorMs && p.inp.nameOfPort === inp.nameOfPort) return p.items;
  const items = narrationItems(inp);
  shared = { inp, frameCount: inp.frames.length, items };
  return items;
}

export function narrationItems(inp: NarrationInput): NarrationItem[] {
  const { frames, cursorMs } = inp;
  const items: NarrationItem[] = [];
  // Frames by position (a packed list builds a frame anew at each read).
  const used = new Set<number>();
  const handshakes = framesOfKindAt(frames, 'handshake');
  for (const m of inp.moments) {
    if (m.t > cursorMs) continue;
    if (m.kind !== 'psync') {
      if (m.kind !== 'rdbTransfer' || m.phase === 'started') items.push({ kind: 'moment', moment: m, t: m.t, panel: MOMENT_PANEL[m.kind], key: `m${m.index}` });
      continue;
    }
    const replica = nameOf(m.replica, m.replicaNode, inp.nameOfPort);
    // The PSYNC that arrived at the master at the moment of its answer, from that replica.
    const k = findLastIndex(handshakes.frames, (f) => f.to === m.node && f.from === replica && f.arriveAtMs === m.t);
    const ask = k < 0 ? undefined : handshakes.frames[k];
    if (ask) {
      used.add(handshakes.positions[k]);
      items.push({ kind: 'psyncAsk', from: replica, to: m.node, replId: m.replId, offset: m.offset, t: ask.sentAtMs, panel: 'handshake', key: `a${m.index}` });
    }
    let backlogBytes = 0;
    if (m.verdict === 'accepted') {
      const sentThen = positionsSentAt(frames, m.t);
      const bi = sentThen.find((i) => { const f = frames.at(i)!; return f.kind === 'stream' && f.from === m.node && f.to === replica && f.meta.fromOffset === m.offset; });
      if (bi !== undefined) {
        used.add(bi);
        backlogBytes = (frames.at(bi)!.meta.toOffset ?? m.offset) - m.offset;
      }
      const ci = sentThen.find((i) => { const f = frames.at(i)!; return f.kind === 'handshake' && f.from === m.node && f.to === replica; });
      if (ci !== undefined) used.add(ci);
    }
    items.push({
      kind: 'psyncAnswer', from: m.node, to: replica, verdict: m.verdict, offset: m.offset, backlogBytes, waitEndMs: disklessWait(inp, m, replica),
      t: m.t, panel: m.verdict === 'accepted' ? 'backlog' : 'handshake', key: `p${m.index}`,
    });
  }
  const fi = frameItems(frames);
  for (let k = 0; k < fi.items.length; k++) if (fi.items[k].t <= cursorMs && !used.has(fi.pos[k])) items.push(fi.items[k]);
  // By time; at the same ms the frames first (a +FULLRESYNC goes before the RDB it announces), else in order.
  const rank = (x: NarrationItem) => (x.kind === 'frame' || x.kind === 'stream' ? 0 : 1);
  return items.map((x, i) => [x, i] as const).sort((a, b) => a[0].t - b[0].t || rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([x]) => x);
}

/**
 * A full resync's diskless delay: the master's RDB for that replica started well after its answer
 * (the end is then known), or the master's view is waiting on repl-diskless-sync-delay now.
 */
function disklessWait(inp: NarrationInput, m: Extract<Moment, { kind: 'psync' }>, replica: string): number | null {
  if (m.verdict === 'accepted') return null;
  const start = inp.moments.find((x) => x.kind === 'rdbTransfer' && x.phase === 'started' && x.node === m.node && x.t >= m.t && x.t <= inp.cursorMs
    && nameOf(x.replica, null, inp.nameOfPort) === replica);
  if (start && start.kind === 'rdbTransfer') return start.target === 'socket' && start.t - m.t >= WAIT_WORTH_MS ? start.t : null;
  const timer = inp.views.find((v) => v.name === m.node)?.timers.find((x) => x.name === 'repl-diskless-sync-delay');
  return timer && timer.endMs >= inp.cursorMs ? timer.endMs : null;
}

/**
 * The items of the handshake and stream frames, in the order they were sent, kept per list and
 * extended as it grows (a list cut back keeps the items of the frames still in it): a refresh
 * reads only the frames sent since the last one.
 */
function frameItems(frames: FrameList): { readonly items: readonly NarrationItem[]; readonly pos: readonly number[] } {
  let c = frameItemCache.get(frames);
  if (!c) frameItemCache.set(frames, (c = { mark: prefixMark(frames, 0), items: [], pos: [] }));
  const kept = prefixKept(frames, c.mark);
  if (kept < c.mark.n) {
    let k = c.pos.length;
    while (k > 0 && c.pos[k - 1] >= kept) k--;
    c.items.length = k;
    c.pos.length = k;
  }
  const from = kept;
  const hs = positionsOfKindFrom(frames, 'handshake', from);
  const st = positionsOfKindFrom(frames, 'stream', from);
  for (let a = 0, b = 0; a < hs.length || b < st.length;) {
    const i = a < hs.length && (b >= st.length || hs[a] < st[b]) ? hs[a++] : st[b++];
    const f = frames.at(i)!;
    if (f.kind === 'handshake') {
      c.items.push({ kind: 'frame', from: f.from, to: f.to, label: f.meta.label, t: f.sentAtMs, panel: 'handshake', key: `f${i}` });
      c.pos.push(i);
    } else if (f.meta.fromOffset !== undefined && f.meta.toOffset !== undefined) {
      c.items.push({ kind: 'stream', from: f.from, to: f.to, label: f.meta.label, fromOffset: f.meta.fromOffset, toOffset: f.meta.toOffset, t: f.sentAtMs, panel: 'backlog', key: `f${i}` });
      c.pos.push(i);
    }
  }
  c.mark = prefixMark(frames);
  return c;
}
const frameItemCache = new WeakMap<FrameList, { mark: PrefixMark; items: NarrationItem[]; pos: number[] }>();

function findLastIndex<T>(xs: readonly T[], ok: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (ok(xs[i])) return i;
  return -1;
}

/** The line for the cursor: the latest item at or before it. */
export function currentNarration(items: readonly NarrationItem[]): NarrationItem | null {
  return items.length ? items[items.length - 1] : null;
}
