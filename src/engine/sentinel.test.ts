// sentinel.c's small pure pieces: the order in which replicas are considered for promotion, and
// the ctime text of "Next failover delay".

import { describe, expect, it } from 'vitest';
import { createInstance, ctime } from './sentinel-core.ts';
import { compareSlavesForPromotion } from './sentinel-failover.ts';

function replica(name: string, priority: number, offset: number, runId: string | null) {
  const r = createInstance('slave', name, '127.0.0.1', Number(name), 5000, 0);
  return { ...r, slavePriority: priority, slaveReplOffset: offset, runId };
}

describe('compareSlavesForPromotion', () => {
  it('orders by lower priority, then higher offset, then the smaller run id, a replica without one last', () => {
    const list = [
      replica('6381', 100, 500, 'bbbb'),
      replica('6382', 100, 900, 'ffff'),
      replica('6383', 10, 100, 'eeee'),
      replica('6384', 100, 500, null),
      replica('6385', 100, 500, 'AAAA'),
    ];
    expect([...list].sort(compareSlavesForPromotion).map((r) => r.name)).toEqual(['6383', '6382', '6385', '6381', '6384']);
  });
});

describe('ctime', () => {
  it("prints a time as ctime_r does, the day of the month padded with a blank", () => {
    expect(ctime(Date.UTC(2026, 11, 7, 12, 51, 24))).toBe('Mon Dec  7 12:51:24 2026');
    expect(ctime(Date.UTC(2026, 0, 1, 0, 6, 22, 999))).toBe('Thu Jan  1 00:06:22 2026');
    expect(ctime(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe('Thu Feb 29 23:59:59 2024');
  });
});
