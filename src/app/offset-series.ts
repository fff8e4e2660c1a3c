// Offsets over time, from the trace: a point whenever an entry changes an offset. One line per
// node (master_repl_offset while it is a master, slave_repl_offset while it is a replica) and one
// lag line per master→replica link (master_repl_offset minus the offset the replica last
// acknowledged with REPLCONF ACK, while the replica is online). Gaps (null) where no offset is
// known: a node down, a replica not yet synced, a link not online.

import type { EntryOf, TraceEntry } from '../runtime/trace.ts';

export interface SeriesPoint {
  /** Milliseconds since the run began. */
  readonly t: number;
  readonly v: number | null;
}

export interface Series {
  /** 'm' for a node's offset, 'm→r1' for a lag line. */
  readonly id: string;
  readonly node: string;
  /** The INFO field the line follows. */
  readonly field: 'master_repl_offset' | 'slave_repl_offset' | 'lag';
  readonly role: 'master' | 'replica';
  readonly points: readonly SeriesPoint[];
}

export interface Charts {
  readonly offsets: readonly Series[];
  readonly lags: readonly Series[];
  /** [first point, cursor] (ms); null before anything is known. */
  readonly domain: readonly [number, number] | null;
}

interface Pt extends SeriesPoint {
  /** The trace index of the entry that made it (for cutting back). */
  readonly i: number;
}

interface Line {
  readonly id: string;
  readonly node: string;
  role: 'master' | 'replica';
  points: Pt[];
}

interface NodeOffsets {
  role: 'master' | 'replica';
  up: boolean;
  masterOffset: number | null;
  replicaOffset: number | null;
}

interface LinkOffsets {
  master: string;
  replica: string;
  online: boolean;
  ack: number | null;
}

/** Points kept per line before every other one is let go (the chart decimates further). */
const MAX_KEPT = 20_000;

/** What the index tells the series: a replica's node from its "ip:port". */
export interface AddressBook {
  nodeOfAddress(addr: string): string | null;
}

export class OffsetSeries {
  private lines = new Map<string, Line>();
  private nodes = new Map<string, NodeOffsets>();
  private links = new Map<string, LinkOffsets>();
  /** Undo log: the state before each entry that changed it (so cutting back restores it). */
  private undo: { i: number; nodes: [string, NodeOffsets][]; links: [string, LinkOffsets][] }[] = [];
  version = 0;

  add(e: TraceEntry, i: number, book: AddressBook): void {
    switch (e.kind) {
      case 'boot':
        this.node(e, i, (n) => {
          n.up = true;
          n.role = 'master';
          n.replicaOffset = null;
          // A fresh node starts at 0; a restarted one reads its offset from disk (shown when it moves).
          n.masterOffset = e.incarnation === 0 ? 0 : null;
        });
        break;
      case 'nodeAction':
        if (e.action === 'crash' || e.action === 'remove') this.node(e, i, (n) => { n.up = false; });
        break;
      case 'exit':
        this.node(e, i, (n) => { n.up = false; });
        break;
      case 'event':
        this.event(e, i, book);
        break;
      default:
        break;
    }
  }

  private event(e: EntryOf<'event'>, i: number, book: AddressBook): void {
    const ev = e.event;
    switch (ev.type) {
      case 'commandPropagated':
        this.node(e, i, (n) => { n.masterOffset = ev.toOffset - 1; });
        break;
      case 'reploffAdvanced':
        this.node(e, i, (n) => { n.replicaOffset = ev.reploff; });
        break;
      case 'syncFinished':
        this.node(e, i, (n) => { n.role = 'replica'; n.replicaOffset = ev.offset; });
        break;
      case 'replStateChanged':
        // Leaving REPL_STATE_NONE makes a replica; returning to it (REPLICAOF NO ONE) a master again.
        if (ev.from === 'REPL_STATE_NONE' || ev.to === 'REPL_STATE_NONE') {
          const to = ev.to === 'REPL_STATE_NONE' ? 'master' : 'replica';
          this.node(e, i, (n) => {
            if (to === 'master' && n.role === 'replica') n.masterOffset = n.replicaOffset;
            n.role = to;
          });
        }
        break;
      case 'roleChanged':
        this.node(e, i, (n) => {
          if (ev.to === 'master' && n.role === 'replica') n.masterOffset = n.replicaOffset;
          if (ev.to === 'replica' && n.role === 'master') n.replicaOffset = null;
          n.role = ev.to;
        });
        break;
      case 'ackReceived': {
        const r = book.nodeOfAddress(ev.replica);
        if (r) this.link(e, i, r, (l) => { l.ack = ev.offset; });
        break;
      }
      case 'replicaStateChanged': {
        const r = book.nodeOfAddress(ev.replica);
        if (r) this.link(e, i, r, (l) => { l.online = ev.to === 'online'; });
        break;
      }
      case 'linkLost': {
        if (ev.role !== 'master') break;
        const r = book.nodeOfAddress(ev.peer);
        if (r) this.link(e, i, r, (l) => { l.online = false; });
        break;
      }
      default:
        break;
    }
  }

  private node(e: TraceEntry, i: number, change: (n: NodeOffsets) => void): void {
    const name = e.node;
    const before = this.nodes.get(name);
    const n: NodeOffsets = before ? { ...before } : { role: 'master', up: true, masterOffset: 0, replicaOffset: null };
    change(n);
    this.nodes.set(name, n);
    this.remember(i, [[name, before]], []);
    this.pointNode(name, e.t, i);
    // A master's offset moves every lag line from it.
    for (const [id, l] of this.links) if (l.master === name) this.pointLink(id, e.t, i);
  }

  private link(e: TraceEntry, i: number, replica: string, change: (l: LinkOffsets) => void): void {
    const id = `${e.node}→${replica}`;
    const before = this.links.get(id);
    const l: LinkOffsets = before ? { ...before } : { master: e.node, replica, online: false, ack: null };
    change(l);
    this.links.set(id, l);
    this.remember(i, [], [[id, before]]);
    this.pointLink(id, e.t, i);
  }

  private remember(i: number, nodes: [string, NodeOffsets | undefined][], links: [string, LinkOffsets | undefined][]): void {
    const last = this.undo[this.undo.length - 1];
    const entry = last && last.i === i ? last : { i, nodes: [], links: [] };
    if (entry !== last) this.undo.push(entry);
    for (const [k, v] of nodes) if (!entry.nodes.some(([x]) => x === k)) entry.nodes.push([k, v as NodeOffsets]);
    for (const [k, v] of links) if (!entry.links.some(([x]) => x === k)) entry.links.push([k, v as LinkOffsets]);
  }

  private pointNode(name: string, t: number, i: number): void {
    const n = this.nodes.get(name)!;
    const v = !n.up ? null : n.role === 'master' ? n.masterOffset : n.replicaOffset;
    this.push(name, name, n.role, { t, v, i });
  }

  private pointLink(id: string, t: number, i: number): void {
    const l = this.links.get(id)!;
    const m = this.nodes.get(l.master);
    const v = l.online && l.ack !== null && m?.up && m.masterOffset !== null ? m.masterOffset - l.ack : null;
    this.push(id, l.replica, 'replica', { t, v, i });
  }

  private push(id: string, node: string, role: Line['role'], p: Pt): void {
    let line = this.lines.get(id);
    if (!line) this.lines.set(id, (line = { id, node, role, points: [] }));
    line.role = role;
    const last = line.points[line.points.length - 1];
    if (last && last.v === p.v) return;
    line.points.push(p);
    if (line.points.length > MAX_KEPT) line.points = line.points.filter((q, k) => k % 2 === 0 || q.v === null || k === line!.points.length - 1);
    this.version++;
  }

  /** Forgets every point and change made by entries from index `keep` on. */
  cutBack(keep: number): void {
    while (this.undo.length > 0 && this.undo[this.undo.length - 1].i >= keep) {
      const u = this.undo.pop()!;
      for (const [k, v] of u.nodes) if (v) this.nodes.set(k, v); else this.nodes.delete(k);
      for (const [k, v] of u.links) if (v) this.links.set(k, v); else this.links.delete(k);
    }
    for (const [id, line] of this.lines) {
      let n = line.points.length;
      while (n > 0 && line.points[n - 1].i >= keep) n--;
      if (n === 0) this.lines.delete(id);
      else line.points.length = n;
    }
    this.version++;
  }

  /** The lines up to the cursor, each carried on to it. */
  charts(cursorMs: number): Charts {
    const offsets: Series[] = [];
    const lags: Series[] = [];
    let first = Infinity;
    for (const line of this.lines.values()) {
      if (line.points.length === 0) continue;
      first = Math.min(first, line.points[0].t);
      const last = line.points[line.points.length - 1];
      const points: SeriesPoint[] = line.points.map(({ t, v }) => ({ t, v }));
      if (last.t < cursorMs) points.push({ t: cursorMs, v: last.v });
      const isLag = line.id.includes('→');
      const s: Series = {
        id: line.id, node: line.node, role: line.role, points,
        field: isLag ? 'lag' : line.role === 'master' ? 'master_repl_offset' : 'slave_repl_offset',
      };
      (isLag ? lags : offsets).push(s);
    }
    return { offsets, lags, domain: first === Infinity ? null : [first, Math.max(first, cursorMs)] };
  }
}
