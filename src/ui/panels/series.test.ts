// The offset and lag lines a reader sees, as the store builds them from a real run's trace, and their decimation.

import { describe, expect, it } from 'vitest';
import { decimate, type SeriesPoint } from './series.ts';
import { chartsAt, scenario } from './console-test-run.ts';

/** A line's value at a moment: its last point at or before it. */
const valueAt = (points: readonly SeriesPoint[], t: number) => points.filter((p) => p.t <= t).at(-1)?.v;

describe('decimate', () => {
  const ramp: SeriesPoint[] = Array.from({ length: 5000 }, (_, i) => ({ t: i, v: i * 3 }));

  it('keeps at most 500 points, the first and the last among them', () => {
    const d = decimate(ramp, 500);
    expect(d.length).toBeLessThanOrEqual(500);
    expect(d[0]).toEqual(ramp[0]);
    expect(d[d.length - 1]).toEqual(ramp[4999]);
    expect(d.every((p, i) => i === 0 || p.t > d[i - 1].t)).toBe(true);
  });

  it('keeps a one-sample spike and a gap', () => {
    const pts = ramp.map((p) => (p.t === 2345 ? { t: p.t, v: 1e9 } : p.t === 4000 ? { t: p.t, v: null } : p));
    const d = decimate(pts, 500);
    expect(d.some((p) => p.v === 1e9)).toBe(true);
    expect(d.some((p) => p.v === null)).toBe(true);
  });

  it('leaves a short line as it is', () => {
    expect(decimate(ramp.slice(0, 10), 500)).toEqual(ramp.slice(0, 10));
  });
});

describe('the offset charts of propagation.scn', () => {
  it("draws m's master_repl_offset and r1's slave_repl_offset reaching 301, and r1's lag back to 0", async () => {
    const { charts: c } = await chartsAt(scenario('propagation.scn'), 3000);
    expect(c.domain).toEqual([0, 3000]);
    expect(c.offsets.map((s) => [s.id, s.field])).toEqual([['m', 'master_repl_offset'], ['r1', 'slave_repl_offset']]);
    const last = (id: string) => c.offsets.find((s) => s.id === id)!.points.at(-1)!.v;
    expect(last('m')).toBe(301);
    expect(last('r1')).toBe(301);
    const lag = c.lags.find((s) => s.id === 'm→r1')!;
    expect(lag.node).toBe('r1');
    // Online with nothing acknowledged yet: 301 bytes behind; after its first REPLCONF ACK: 0.
    expect(Math.max(...lag.points.map((p) => p.v ?? 0))).toBe(301);
    expect(lag.points.at(-1)!.v).toBe(0);
    // During the full sync there is no lag line (a gap), not a 0.
    expect(valueAt(lag.points, 50) ?? null).toBeNull();
  });

  it('draws a crashed replica as a gap, not as the last offset it had, and its link as a gap', async () => {
    // replica-crash-restart.scn: r1 crashes at 1.008 s and restarts at 3.008 s.
    const { charts: c } = await chartsAt(scenario('replica-crash-restart.scn'), 6000);
    const r1 = c.offsets.find((s) => s.id === 'r1')!;
    expect(valueAt(r1.points, 1000)).toBe(0);
    expect(valueAt(r1.points, 2000)).toBeNull();
    expect(valueAt(r1.points, 6000)).toBe(77);
    expect(valueAt(c.lags.find((s) => s.id === 'm→r1')!.points, 2000) ?? null).toBeNull();
  });
});
