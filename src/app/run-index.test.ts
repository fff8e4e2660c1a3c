// The run index: the log, the moments and the offsets over time, from typed trace entries.
import { describe, expect, it } from 'vitest';
import { inlineStores } from './test-stores.ts';

const { loaded } = inlineStores();

const WRITES = `seed 4
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online within 10s
m> SET a 1
sleep 1s
m> SET b 22
sleep 1s
m> INCR n
sleep 2s
cut m r1
sleep 1s
`;

describe('run index', () => {
  it('draws every step of the offsets after "Run to end", not one step at the end', async () => {
    const store = await loaded(WRITES);
    await store.getState().runToEnd();
    const s = store.getState();
    const m = s.charts.offsets.find((x) => x.node === 'm')!;
    const values = [...new Set(m.points.map((p) => p.v).filter((v): v is number => v !== null))];
    // 0, then one value per write (SELECT rides with the first), ending at master_repl_offset.
    expect(values.length).toBeGreaterThanOrEqual(4);
    expect(values.at(-1)).toBe(s.views.find((v) => v.name === 'm')!.masterReplOffset);
    const r1 = s.charts.offsets.find((x) => x.node === 'r1')!;
    expect(r1.field).toBe('slave_repl_offset');
    expect(r1.points.at(-1)!.v).toBe(s.views.find((v) => v.name === 'r1')!.slaveReplOffset);
    // The lag line m→r1 exists and is 0 once r1 has acknowledged everything.
    expect(s.charts.lags.map((l) => l.id)).toEqual(['m→r1']);
    expect(s.charts.domain![1]).toBe(s.cursorMs);
  });

  it('cuts the log, the moments and the charts back when time goes back, and rebuilds them the same', async () => {
    const store = await loaded(WRITES);
    await store.getState().runToEnd();
    const end = store.getState();
    const endLog = end.log.length;
    const endPoints = end.charts.offsets.find((x) => x.node === 'm')!.points;
    expect(end.log.some((l) => l.kind === 'linkAction' && l.action === 'cut')).toBe(true);
    await store.getState().seek(1000);
    const back = store.getState();
    expect(back.log.length).toBeLessThan(endLog);
    expect(back.log.some((l) => l.kind === 'linkAction')).toBe(false);
    expect(back.moments.every((m) => m.t <= 1000)).toBe(true);
    expect(back.charts.offsets.flatMap((x) => x.points).every((p) => p.t <= 1000)).toBe(true);
    await store.getState().runToEnd();
    expect(store.getState().log.length).toBe(endLog);
    expect(store.getState().charts.offsets.find((x) => x.node === 'm')!.points).toEqual(endPoints);
  });

  it('records actions as moments and names nodes by port', async () => {
    const store = await loaded(WRITES);
    await store.getState().runToEnd();
    const s = store.getState();
    const cut = s.moments.find((m) => m.kind === 'action');
    expect(cut).toMatchObject({ kind: 'action', node: 'm|r1', entry: { kind: 'linkAction', action: 'cut', a: 'm', b: 'r1' } });
    expect(s.nameOfPort.get(6379)).toBe('m');
    expect(s.nameOfPort.get(6380)).toBe('r1');
  });
});
