// Offsets and lag over simulated time, from the node views sampled as time advances: one offset
// line per node (master_repl_offset on a master, slave_repl_offset on a replica) and one lag line
// per master→replica link (master_repl_offset − the offset the replica last acknowledged), each
// decimated to a bounded number of points so long runs stay cheap to draw.

import type { NodeView } from '../../runtime/protocol.ts';

export interface Sample {
  /** Simulated ms since the run began. */
  readonly tMs: number;
  readonly views: readonly NodeView[];
  /** Nodes not running at that moment (their views are the last they had): drawn as gaps. */
  readonly down?: readonly string[];
}

/** A point of a line; v null is a gap (no offset known: handshake, full sync, node gone). */
export interface SeriesPoint {
  readonly t: number;
  readonly v: number | null;
}

export interface Series {
  /** 'm' for a node's offset, 'm→r1' for a lag line. */
  readonly id: string;
  readonly node: string;
  /** The INFO field the line follows: master_repl_offset, slave_repl_offset, or the lag. */
  readonly field: 'master_repl_offset' | 'slave_repl_offset' | 'lag';
  /** Role at the last sample that has the node. */
  readonly role: 'master' | 'replica';
  readonly points: readonly SeriesPoint[];
}

export const MAX_POINTS = 500;

/**
 * At most `max` points, the first and the last always kept. Each bucket keeps its lowest and
 * highest value (so a jump is never smoothed away) and its first gap (so a gap stays a gap).
 */
export function decimate(points: readonly SeriesPoint[], max = MAX_POINTS): SeriesPoint[] {
  if (points.length <= max) return [...points];
  const inner = points.length - 2;
  const buckets = Math.max(1, Math.floor((max - 2) / 3));
  const out: SeriesPoint[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const v = points[i].v;
      if (v === null) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < (points[lo].v as number)) lo = i;
      if (hi < 0 || v > (points[hi].v as number)) hi = i;
    }
    for (const i of [...new Set([lo, hi, gap])].filter((i) => i >= 0).sort((a, b2) => a - b2)) out.push(points[i]);
  }
  out.push(points[points.length - 1]);
  return out;
}

/** Samples in time order, one per moment (a later sample of the same moment wins). */
export function orderSamples(samples: readonly Sample[]): Sample[] {
  let sorted = true;
  for (let i = 1; i < samples.length && sorted; i++) sorted = samples[i - 1].tMs < samples[i].tMs;
  if (sorted) return [...samples];
  const byT = new Map<number, Sample>();
  for (const s of samples) byT.set(s.tMs, s);
  return [...byT.values()].sort((a, b) => a.tMs - b.tMs);
}

/** The node a replica entry ('ip:port') is, found by port among the views. */
function replicaNode(entryName: string, views: readonly NodeView[]): string {
  const port = Number(entryName.slice(entryName.lastIndexOf(':') + 1));
  return views.find((v) => v.port === port)?.name ?? entryName;
}

function offsetOf(v: NodeView): number | null {
  return v.role === 'master' ? v.masterReplOffset : v.slaveReplOffset;
}

export interface Charts {
  readonly offsets: readonly Series[];
  readonly lags: readonly Series[];
  /** [first, last] sample time (ms); null with no samples. */
  readonly domain: readonly [number, number] | null;
}

/** Samples -> one offset line per node and one lag line per master→replica link. */
export function buildCharts(samples: readonly Sample[], max = MAX_POINTS): Charts {
  const ordered = orderSamples(samples);
  if (ordered.length === 0) return { offsets: [], lags: [], domain: null };
  const offsets = new Map<string, { role: Series['role']; points: SeriesPoint[] }>();
  const lags = new Map<string, { node: string; points: SeriesPoint[] }>();
  ordered.forEach((s, i) => {
    const seen = new Set<string>();
    for (const v of s.views) {
      const up = !(s.down ?? []).includes(v.name);
      let o = offsets.get(v.name);
      if (!o) offsets.set(v.name, (o = { role: v.role, points: ordered.slice(0, i).map((p) => ({ t: p.tMs, v: null })) }));
      o.role = v.role;
      o.points.push({ t: s.tMs, v: up ? offsetOf(v) : null });
      for (const r of up ? v.replicas : []) {
        const id = `${v.name}→${replicaNode(r.name, s.views)}`;
        let l = lags.get(id);
        if (!l) lags.set(id, (l = { node: replicaNode(r.name, s.views), points: ordered.slice(0, i).map((p) => ({ t: p.tMs, v: null })) }));
        l.points.push({ t: s.tMs, v: r.state === 'online' ? v.masterReplOffset - r.ackOffset : null });
        seen.add(id);
      }
    }
    // A node or link missing from this sample is a gap.
    for (const o of offsets.values()) if (o.points.length < i + 1) o.points.push({ t: s.tMs, v: null });
    for (const [id, l] of lags) if (!seen.has(id) && l.points.length < i + 1) l.points.push({ t: s.tMs, v: null });
  });
  const offsetSeries = [...offsets].map(([name, o]): Series => ({
    id: name, node: name, field: o.role === 'master' ? 'master_repl_offset' : 'slave_repl_offset', role: o.role, points: decimate(o.points, max),
  }));
  const lagSeries = [...lags].map(([id, l]): Series => ({ id, node: l.node, field: 'lag', role: 'replica', points: decimate(l.points, max) }));
  return { offsets: offsetSeries, lags: lagSeries, domain: [ordered[0].tMs, ordered[ordered.length - 1].tMs] };
}

/** The sample at the cursor: the last one at or before it. */
export function sampleAt(samples: readonly Sample[], t: number): Sample | null {
  let best: Sample | null = null;
  for (const s of samples) if (s.tMs <= t && (best === null || s.tMs >= best.tMs)) best = s;
  return best;
}
