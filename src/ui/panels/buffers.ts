// The numbers behind the output-buffer gauges: per replica of a master, its output buffer as the
// master counts it against client-output-buffer-limit (in 7.0 the shared replication-buffer blocks
// it still references, the bytes not yet sent within them), the bytes on the link (sent, not yet
// arrived), the limit it is near, and whether the master closed it for overcoming
// client-output-buffer-limit; plus the gauge's logarithmic scale and human byte sizes.

import { scaleSymlog } from 'd3-scale';
import { humanBytes } from './human-bytes.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import { framesOverlapping, type FrameList } from '../../runtime/frame-list.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { notableOf, type ListView } from '../../runtime/compact-log.ts';

export type Level = 'ok' | 'soft' | 'hard' | 'overflow';

/** A close for overcoming client-output-buffer-limit (the master's replicaDropped event). */
export interface Overflow {
  /** Ms since the start. */
  readonly t: number;
  /** Which limit it crossed, the bytes it held then, and the limits then. */
  readonly limit: 'hard' | 'soft';
  readonly usage: number;
  readonly hardBytes: number;
  readonly softBytes: number;
  readonly softSeconds: number;
}

export interface GaugeRow {
  /** The replica as the master knows it: "127.0.0.1:6380". */
  readonly addr: string;
  /** Its node name, when a node listens on that port. */
  readonly node: string | null;
  /** The master's state for it (wait_bgsave_start, wait_bgsave_end, send_bulk, online); null once closed. */
  readonly state: string | null;
  /** Stream bytes not yet written to its socket. */
  readonly pendingBytes: number;
  /** Its output buffer as the master counts it (CLIENT LIST's omem): pendingBytes are within it. */
  readonly bufferBytes: number;
  /** Shared replication-buffer blocks it references (CLIENT LIST's oll); 0 with the ring. */
  readonly bufferBlocks: number;
  readonly ackOffset: number | null;
  readonly lagS: number | null;
  /** Bytes the master sent to it that have not arrived at the cursor, by frame kind. */
  readonly link: { readonly rdb: number; readonly stream: number; readonly other: number; readonly total: number };
  readonly level: Level;
  /** The latest close for overcoming the output buffer limits, while the replica has not synced again. */
  readonly overflow: Overflow | null;
  /** Every such close up to the cursor. */
  readonly overflowCount: number;
  readonly lastOverflow: Overflow | null;
}

export { humanBytes };

/** The master's closes for overcoming output buffer limits up to untilMs, by the replica's address. */
export function findOverflows(master: string, trace: ListView<TraceEntry>, untilMs: number): Map<string, Overflow[]> {
  const out = new Map<string, Overflow[]>();
  for (const e of notableOf(trace)) {
    if (e.t > untilMs) break;
    if (e.node !== master || e.kind !== 'event' || e.event.type !== 'replicaDropped') continue;
    const d = e.event;
    const o: Overflow = { t: e.t, limit: d.limit, usage: d.usage, hardBytes: d.hardBytes, softBytes: d.softBytes, softSeconds: d.softSeconds };
    (out.get(d.replica) ?? out.set(d.replica, []).get(d.replica)!).push(o);
  }
  return out;
}

/** When the master last put this replica online (ms since the start), up to untilMs. */
function lastOnline(master: string, addr: string, trace: ListView<TraceEntry>, untilMs: number): number {
  let at = -1;
  for (const e of notableOf(trace)) {
    if (e.t > untilMs) break;
    if (e.node === master && e.kind === 'event' && e.event.type === 'replicaStateChanged' && e.event.replica === addr && e.event.to === 'online') at = e.t;
  }
  return at;
}

/** One gauge per replica of the master at the cursor, plus the replicas it closed for overflow and not yet resynced. */
export function gaugeRows(master: NodeView, views: readonly NodeView[], frames: FrameList, cursorMs: number, trace: ListView<TraceEntry>): GaugeRow[] {
  const overflows = findOverflows(master.name, trace, cursorMs);
  const addrs = master.replicas.map((r) => r.name);
  for (const a of overflows.keys()) if (!addrs.includes(a)) addrs.push(a);
  // By address, so a gauge keeps its place when its replica reconnects.
  addrs.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const lim = master.replicaBufferLimits;
  const hardBytes = master.replicaHardLimitBytes;
  return addrs.map((addr) => {
    const r = master.replicas.find((x) => x.name === addr) ?? null;
    const port = Number(addr.slice(addr.lastIndexOf(':') + 1));
    const node = views.find((v) => v.port === port && v.name !== master.name)?.name ?? null;
    const link = { rdb: 0, stream: 0, other: 0, total: 0 };
    if (node !== null) {
      for (const f of framesOverlapping(frames, cursorMs, cursorMs)) {
        if (f.from !== master.name || f.to !== node) continue;
        const k = f.kind === 'rdb' ? 'rdb' : f.kind === 'stream' ? 'stream' : 'other';
        link[k] += f.bytes;
        link.total += f.bytes;
      }
    }
    const list = overflows.get(addr) ?? [];
    const last = list.length ? list[list.length - 1] : null;
    const active = last !== null && (r === null || lastOnline(master.name, addr, trace, cursorMs) < last.t) ? last : null;
    const used = r?.bufferBytes ?? 0;
    const level: Level = active ? 'overflow' : hardBytes > 0 && used >= hardBytes ? 'hard' : lim.softBytes > 0 && used >= lim.softBytes ? 'soft' : 'ok';
    return {
      addr, node, state: r?.state ?? null, pendingBytes: r?.pendingBytes ?? 0, bufferBytes: used, bufferBlocks: r?.bufferBlocks ?? 0, ackOffset: r?.ackOffset ?? null, lagS: r?.lagS ?? null,
      link, level, overflow: active, overflowCount: list.length, lastOverflow: last,
    };
  });
}

export interface GaugeScale {
  readonly max: number;
  /** 0..1 along the track. */
  readonly pos: (bytes: number) => number;
  /** Gridlines: 32 B, 1 KB, 32 KB, 1 MB... below the end of the track. */
  readonly ticks: readonly number[];
}

/**
 * A symmetric-log scale from 0 to the hard limit the master applies (or the largest value, if
 * more): a 200-byte buffer and a 200 MB one are both visible on the same track.
 */
export function gaugeScale(limits: NodeView['replicaBufferLimits'], rows: readonly GaugeRow[], appliedHardBytes = limits.hardBytes): GaugeScale {
  const biggest = Math.max(appliedHardBytes, limits.softBytes, ...rows.map((r) => Math.max(r.bufferBytes, r.pendingBytes, r.link.total)));
  const max = Math.max(biggest, 1024);
  const s = scaleSymlog().domain([0, max]).range([0, 1]).clamp(true);
  const ticks: number[] = [];
  for (let v = 32; v < max * 0.9; v *= 32) ticks.push(v);
  return { max, pos: (b) => s(b), ticks };
}
