import { describe, expect, it } from 'vitest';
import { PackedRing, VIEW_FROM_STATE, shareWithPrevious } from './checkpoint-clone.ts';
import { Timeline } from './timeline.ts';

describe('checkpoints sharing what did not change', () => {
  it('shares equal parts with the previous checkpoint and keeps the new one equal to itself', () => {
    const prev = structuredClone({ ks: new Map([['a', { type: 'string', v: '1' }], ['b', { type: 'string', v: '2' }]]), n: 1, cfg: { x: [1, 2] } });
    const next = structuredClone({ ks: new Map([['a', { type: 'string', v: '1' }], ['b', { type: 'string', v: '3' }]]), n: 2, cfg: { x: [1, 2] } });
    const want = structuredClone(next);
    const got = shareWithPrevious(next, prev);
    expect(got).toEqual(want);
    expect(got.cfg).toBe(prev.cfg);
    expect(got.ks.get('a')).toBe(prev.ks.get('a'));
    expect(got.ks.get('b')).not.toBe(prev.ks.get('b'));
    expect(got.ks).not.toBe(prev.ks);
  });

  it('keeps aliasing as it was: one object stays one, two stay two', () => {
    const shared = { v: 1 };
    const prev = structuredClone({ a: shared, b: shared });
    const two = structuredClone({ a: { v: 1 }, b: { v: 1 } });
    const got = shareWithPrevious(two, prev);
    expect(got.a).not.toBe(got.b);
    const one = { v: 1 };
    const prev2 = structuredClone({ a: { v: 1 }, b: { v: 1 } });
    const got2 = shareWithPrevious(structuredClone({ a: one, b: one }), prev2);
    expect(got2.a).toBe(got2.b);
  });

  it('seeks back into a long run land on the states the run went through', async () => {
    const lines = ['seed 3', 'node m r1', 'r1> REPLICAOF 127.0.0.1 6379', 'sleep 1s'];
    for (let i = 0; i < 400; i++) lines.push(`m> SET k${i % 37} v${i}`, 'sleep 50ms');
    const r = Timeline.load(lines.join('\n') + '\n', { checkpointEveryMs: 1000 });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    await check(r.timeline);
  });

  it('keeps a view only where its state does not give it, and a seek to a checkpoint gives the views the run had there', async () => {
    const lines = ['seed 4', 'node m r1 r2', 'r1> REPLICAOF 127.0.0.1 6379', 'r2> REPLICAOF 127.0.0.1 6379', 'sleep 1s'];
    for (let i = 0; i < 200; i++) lines.push(`m> SET k${i % 23} v${i}`, 'sleep 40ms');
    lines.push('crash r2', 'sleep 2s', 'restart r2', 'sleep 3s');
    const text = lines.join('\n') + '\n';
    const load = () => {
      const r = Timeline.load(text, { checkpointEveryMs: 700 });
      if (!r.ok) throw new Error(r.errors.join('\n'));
      return r.timeline;
    };
    const tl = load();
    await tl.advanceTo(tl.scriptEndMs);
    type Cp = { atMs: number; snap: { nodes: { lastView: unknown }[] } };
    const cps = (tl as unknown as { branch: { checkpoints: Cp[] } }).branch.checkpoints;
    const marks = cps.flatMap((c) => c.snap.nodes.map((n) => n.lastView === VIEW_FROM_STATE));
    expect(marks.filter(Boolean).length).toBeGreaterThan(marks.length / 2);
    // Replicas mostly share their master's keyspace; only the newest checkpoint keeps a db's memo.
    type Db = { latest: unknown };
    const dbsOf = (c: Cp) => c.snap.nodes.flatMap((n) => ((n as { host?: { state: { ks: unknown } } | null }).host?.state.ks as { dbs?: Db[] } | undefined)?.dbs ?? []);
    const older = new Set(cps.slice(0, -1).flatMap(dbsOf));
    for (const d of cps.slice(-1).flatMap(dbsOf)) older.delete(d);
    expect([...older].filter((d) => d.latest !== null)).toEqual([]);
    const shared = cps.filter((c) => new Set(dbsOf(c).filter((d) => (d as unknown as { size: number }).size > 0)).size < dbsOf(c).filter((d) => (d as unknown as { size: number }).size > 0).length).length;
    expect(shared).toBeGreaterThan(cps.length / 2);
    const played = load();
    const views = new Map<number, string>();
    for (const c of cps) {
      await played.advanceTo(c.atMs);
      views.set(c.atMs, JSON.stringify(played.snapshot().views));
    }
    for (const c of [...cps].reverse()) {
      await tl.seek(c.atMs);
      expect(JSON.stringify(tl.snapshot().views)).toBe(views.get(c.atMs));
    }
  });

  it('a ring backlog (6.2) kept in shared pages gives back the bytes a partial resync after a seek sends', async () => {
    const lines = ['seed 5', 'version 6.2', 'node m r1', 'm> CONFIG SET repl-backlog-size 16384', 'r1> REPLICAOF 127.0.0.1 6379', 'sleep 1s'];
    for (let i = 0; i < 400; i++) {
      lines.push(`m> SET k${i % 29} ${'x'.repeat(i % 300)}${i}`, 'sleep 50ms');
      if (i % 100 === 40) lines.push('cut m r1');
      if (i % 100 === 44) lines.push('heal m r1');
    }
    const r = Timeline.load(lines.join('\n') + '\n', { checkpointEveryMs: 1000 });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    await check(r.timeline);
    // The checkpoints hold the ring in pages, most of them the previous checkpoint's.
    const cps = (r.timeline as unknown as { branch: { checkpoints: { snap: { nodes: { name: string; host: unknown }[] } }[] } }).branch.checkpoints;
    const rings = cps.map((c) => (c.snap.nodes.find((n) => n.name === 'm')?.host as { state: { backlog: { ring: unknown } | null } } | null)?.state.backlog?.ring)
      .filter((x): x is PackedRing => x instanceof PackedRing);
    expect(rings.length).toBeGreaterThan(10);
    const shared = rings.slice(1).filter((x, i) => x.pages.some((p, j) => p === rings[i].pages[j])).length;
    expect(shared).toBeGreaterThan(rings.length / 2);
  });
});

async function check(tl: Timeline): Promise<void> {
  const stops = [3100, 7400, 12050, 17000, 21000];
  const seen = new Map<number, string>();
  for (const s of stops) {
    await tl.advanceTo(s);
    seen.set(s, `${tl.snapshot().traceHash} ${tl.snapshot().eventCount} ${JSON.stringify(tl.snapshot().views)}`);
  }
  for (const s of [...stops].reverse()) {
    await tl.seek(s);
    expect(`${tl.snapshot().traceHash} ${tl.snapshot().eventCount} ${JSON.stringify(tl.snapshot().views)}`).toBe(seen.get(s));
  }
  // And forward again from the earliest, through the same states.
  for (const s of stops.slice(1)) {
    await tl.advanceTo(s);
    expect(tl.snapshot().traceHash).toBe(seen.get(s)!.split(' ')[0]);
  }
}
