// Tests of the PING model the fidelity check uses to explain offset differences.

import { describe, expect, it } from 'vitest';
import {
  attachedAt, attachedDuring, enginePingCount, pingExplains, realPingRange, realPingTicks, realPingsBetween,
  type MasterTimeline,
} from './fidelity-pings.ts';

const tl = (events: [number, string, boolean][], starts = [0], stops: number[] = []): MasterTimeline => ({
  events: events.map(([ms, replica, attached]) => ({ ms, replica, attached })), starts, stops,
});

describe('attachment', () => {
  const t = tl([[100, 'r1', true], [7000, 'r1', false], [7001, 'r1', true], [9000, 'r2', true], [9500, 'r1', false]]);
  it('counts attached replicas at a time', () => {
    expect(attachedAt(t, 50)).toBe(0);
    expect(attachedAt(t, 100)).toBe(1);
    expect(attachedAt(t, 7000)).toBe(0);
    expect(attachedAt(t, 9200)).toBe(2);
    expect(attachedAt(t, 9600)).toBe(1);
  });
  it('tells any / all over an interval', () => {
    expect(attachedDuring(t, 6000, 8000)).toEqual({ any: true, all: false });
    expect(attachedDuring(t, 200, 6000)).toEqual({ any: true, all: true });
    expect(attachedDuring(t, 0, 50)).toEqual({ any: false, all: false });
  });
  it('forgets replicas across a crash and restart', () => {
    const c = tl([[100, 'r1', true]], [0, 5000], [3000]);
    expect(attachedAt(c, 2000)).toBe(1);
    expect(attachedAt(c, 4000)).toBe(0);
    expect(attachedAt(c, 6000)).toBe(0);
  });
});

describe('real ticks', () => {
  it('puts the k-th PING tick at k periods after the start, with drift', () => {
    const ticks = realPingTicks(tl([[100, 'r1', true]], [5]), 10, 25_000);
    expect(ticks.map((k) => [k.lo, k.hi, k.surely])).toEqual([[10_005, 10_305, true], [20_005, 20_505, true]]);
  });
  it('is unsure when a replica attaches or leaves during the tick window', () => {
    const ticks = realPingTicks(tl([[10_100, 'r1', true]]), 10, 11_000);
    expect(ticks).toEqual([{ lo: 10_000, hi: 10_300, surely: false, maybe: true }]);
  });
  it('counts surely-before and maybe-by', () => {
    const t = tl([[100, 'r1', true]]);
    expect(realPingRange(t, 10, 12_000, 12_000)).toMatchObject({ min: 1, max: 1 });
    expect(realPingRange(t, 10, 10_100, 10_100)).toMatchObject({ min: 0, max: 1 });
    expect(realPingRange(t, 10, 9_000, 9_000)).toMatchObject({ min: 0, max: 0 });
    expect(realPingsBetween(t, 10, 9_000, 9_010)).toEqual({ min: 0, max: 0 });
    expect(realPingsBetween(t, 10, 10_100, 10_101)).toEqual({ min: 0, max: 1 });
  });
  it('has no ticks without replicas', () => {
    expect(realPingRange(tl([]), 10, 30_000, 30_000)).toMatchObject({ min: 0, max: 0 });
  });
});

describe('pingExplains', () => {
  it('accepts whole PINGs the histories allow', () => {
    expect(pingExplains(14, { min: 1, max: 1 }, { min: 0, max: 0 })).toBe(1);
    expect(pingExplains(-14, { min: 0, max: 0 }, { min: 1, max: 1 })).toBe(-1);
    expect(pingExplains(28, { min: 1, max: 2 }, { min: 0, max: 0 })).toBe(2);
  });
  it('refuses other byte counts, no difference, or counts the histories exclude', () => {
    expect(pingExplains(13, { min: 1, max: 1 }, { min: 0, max: 0 })).toBeNull();
    expect(pingExplains(0, { min: 1, max: 1 }, { min: 0, max: 0 })).toBeNull();
    expect(pingExplains(14, { min: 0, max: 0 }, { min: 0, max: 0 })).toBeNull();
    expect(pingExplains(28, { min: 1, max: 1 }, { min: 0, max: 0 })).toBeNull();
  });
  it('counts engine PINGs by a time', () => {
    expect(enginePingCount([10_001, 20_001], 10_001)).toBe(1);
    expect(enginePingCount([10_001, 20_001], 10_000)).toBe(0);
  });
});
