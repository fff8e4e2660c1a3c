// Offsets and lag over simulated time, for drawing: the store builds the lines from the trace (one
// offset line per node, one lag line per master→replica link, see app/offset-series.ts); each is
// decimated here to a bounded number of points so long runs stay cheap to draw.

import type { Charts, Series, SeriesPoint } from '../../app/offset-series.ts';

export type { Charts, Series, SeriesPoint };

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
