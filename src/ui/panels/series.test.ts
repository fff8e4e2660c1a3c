// The offset and lag lines a reader sees, from views sampled on a real run, and their decimation.

import { describe, expect, it } from 'vitest';
import { buildCharts, decimate, orderSamples, sampleAt, type SeriesPoint } from './series.ts';
import { sample, scenario } from './console-test-run.ts';

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

describe('buildCharts on propagation.scn', () => {
  it("draws m's master_repl_offset and r1's slave_repl_offset reaching 301, and r1's lag back to 0", async () => {
    const samples = await sample(scenario('propagation.scn'), 3000, 10);
    const c = buildCharts(samples);
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
    expect(lag.points.find((p) => p.t === 50)!.v).toBeNull();
  });

  it('draws a crashed replica as a gap, not as the last offset it had, and its link as a gap', async () => {
    // replica-crash-restart.scn: r1 crashes at 1.008 s and restarts at 3.008 s.
    const c = buildCharts(await sample(scenario('replica-crash-restart.scn'), 6000, 20));
    const r1 = c.offsets.find((s) => s.id === 'r1')!;
    const at = (ms: number) => r1.points.find((p) => p.t === ms)!.v;
    expect(at(1000)).toBe(0);
    expect(at(2000)).toBeNull();
    expect(at(6000)).toBe(77);
    expect(c.lags.find((s) => s.id === 'm→r1')!.points.find((p) => p.t === 2000)!.v).toBeNull();
  });

  it('keeps each line within 500 points on a long run', async () => {
    const samples = await sample(scenario('propagation.scn'), 6000, 5);
    expect(samples.length).toBeGreaterThan(1000);
    const c = buildCharts(samples);
    for (const s of [...c.offsets, ...c.lags]) expect(s.points.length).toBeLessThanOrEqual(500);
  });

  it('orders samples taken after a step back, the later sample of a moment winning', () => {
    const a = { tMs: 10, views: [] };
    const b = { tMs: 5, views: [] };
    const a2 = { tMs: 10, views: [] };
    expect(orderSamples([a, b, a2])).toEqual([b, a2]);
    expect(sampleAt([b, a2], 7)).toBe(b);
    expect(sampleAt([b, a2], 4)).toBeNull();
  });
});
