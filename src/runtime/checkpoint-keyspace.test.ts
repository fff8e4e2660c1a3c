import { describe, expect, it } from 'vitest';
import { keyspaceCreate, type Keyspace, type RedisValue } from '../engine/keyspace.ts';
import { prngCreate, prngNextU32 } from '../engine/prng.ts';
import { PackedKeyspace, _forTests, copyKeyspace, packKeyspace, unpackKeyspace } from './checkpoint-keyspace.ts';

/** The keyspace as plain data, in its Maps' order (the order SCAN, KEYS and the RDB follow). */
function dump(ks: Keyspace): unknown {
  return ks.dbs.map((db) => ({ dict: [...db.dict].map(([k, v]) => [k, v.type, typeof v.v === 'string' ? v.v : [...v.v]]), expires: [...db.expires] }));
}

function value(rng: ReturnType<typeof prngCreate>, i: number): RedisValue {
  switch (prngNextU32(rng) % 6) {
    case 0: return { type: 'list', v: [`a${i}`, `b${i}`] };
    case 1: return { type: 'hash', v: new Map([['f', `${i}`], ['g', 'x']]) };
    case 2: return { type: 'set', v: new Set([`m${i}`, 'n']) };
    case 3: return { type: 'zset', v: new Map([['z', i]]) };
    default: return { type: 'string', v: `v${i}` };
  }
}

describe('checkpoint keyspaces kept as changes', () => {
  it('gives back every state in its exact order through sets, deletes, re-adds, expiries and in-place changes', () => {
    const rng = prngCreate(7, 1);
    const live = keyspaceCreate();
    let prev: PackedKeyspace | null = null;
    const kept: [PackedKeyspace, unknown][] = [];
    let deltas = 0;
    for (let step = 0; step < 120; step++) {
      for (let j = 0; j < 12; j++) {
        const db = live.dbs[prngNextU32(rng) % 2];
        const key = `k${prngNextU32(rng) % 60}`;
        const r = prngNextU32(rng) % 10;
        if (r === 0) db.dict.delete(key);
        else if (r === 1) { db.dict.delete(key); db.dict.set(key, value(rng, step)); }
        else if (r === 2) { const v = db.dict.get(key); if (v?.type === 'list') v.v.push('more'); else db.dict.set(key, value(rng, step)); }
        else if (r === 3) db.expires.set(key, 1000 + step);
        else if (r === 4) db.expires.delete(key);
        else db.dict.set(key, value(rng, step));
      }
      const packed = packKeyspace(copyKeyspace(live), prev);
      if (!(packed instanceof PackedKeyspace)) throw new Error('not packed');
      if (packed.dbs.some((d) => d.base !== null)) deltas++;
      kept.push([packed, dump(live)]);
      prev = packed;
    }
    // Most checkpoints are changes on a previous one, and a chain stays short.
    expect(deltas).toBeGreaterThan(60);
    for (const [p] of kept) for (const d of p.dbs) expect(d.depth).toBeLessThanOrEqual(_forTests.MAX_CHAIN);
    for (const [p, want] of kept) expect(dump(unpackKeyspace(p))).toEqual(want);
  });

  it("shares a db with another node's equal one in the same checkpoint, and gives back each node's own when they differ", () => {
    const rng = prngCreate(11, 2);
    const master = keyspaceCreate();
    let replica = copyKeyspace(master);
    const prev: (PackedKeyspace | null)[] = [null, null];
    const kept: [PackedKeyspace, unknown][] = [];
    let sharedDbs = 0;
    for (let step = 0; step < 100; step++) {
      const lagging = prngNextU32(rng) % 3 === 0;
      // A lagging replica holds the master's state of the step before (a write still on its way).
      if (!lagging) replica = copyKeyspace(master);
      for (let j = 0; j < 8; j++) {
        const key = `k${prngNextU32(rng) % 40}`;
        if (prngNextU32(rng) % 7 === 0) master.dbs[0].dict.delete(key);
        else master.dbs[0].dict.set(key, value(rng, step));
      }
      if (!lagging) replica = copyKeyspace(master);
      const canon = new Map<string, string>();
      const m = packKeyspace(copyKeyspace(master), prev[0], canon) as PackedKeyspace;
      const r = packKeyspace(copyKeyspace(replica), prev[1], canon, [m]) as PackedKeyspace;
      if (r.dbs[0] === m.dbs[0] && m.dbs[0].size > 0) sharedDbs++;
      if (!lagging) expect(r.dbs[0]).toBe(m.dbs[0]);
      kept.push([m, dump(master)], [r, dump(replica)]);
      prev[0] = m;
      prev[1] = r;
    }
    expect(sharedDbs).toBeGreaterThan(50);
    for (const [p, want] of kept) expect(dump(unpackKeyspace(p))).toEqual(want);
  });

  it('restores fresh values: the resumed run writing into them leaves the checkpoint as it was', () => {
    const live = keyspaceCreate();
    live.dbs[0].dict.set('l', { type: 'list', v: ['a'] });
    live.dbs[0].dict.set('s', { type: 'string', v: 'x' });
    const p = packKeyspace(copyKeyspace(live), null) as PackedKeyspace;
    const want = dump(unpackKeyspace(p));
    const resumed = unpackKeyspace(p);
    const l = resumed.dbs[0].dict.get('l');
    if (l?.type === 'list') l.v.push('b');
    resumed.dbs[0].dict.delete('s');
    expect(dump(unpackKeyspace(p))).toEqual(want);
  });
});
