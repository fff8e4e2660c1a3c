import { describe, expect, it } from 'vitest';
import { boxesOverlap, layoutTopology, masterNodeOf, nodeBox, type LayoutNode, type TopologyLayout } from './topology-layout.ts';
import { BUSY, CHAIN, DEEP, LOOP } from './topology-scenes.ts';
import { runTo, scenarioFile } from './topology-test-run.ts';

function overlaps(l: TopologyLayout): string[] {
  const ps = [...l.nodes.values()];
  const out: string[] = [];
  for (let i = 0; i < ps.length; i++) {
    for (let j = i + 1; j < ps.length; j++) if (boxesOverlap(nodeBox(ps[i], l.m), nodeBox(ps[j], l.m))) out.push(`${ps[i].name}/${ps[j].name}`);
  }
  return out;
}

function outside(l: TopologyLayout): string[] {
  return [...l.nodes.values()].filter((p) => {
    const b = nodeBox(p, l.m);
    return b.x0 < 0 || b.y0 < 0 || b.x1 > l.width || b.y1 > l.height;
  }).map((p) => p.name);
}

const SIZES: [number, number][] = [[390, 844], [356, 420], [760, 430], [1280, 800], [1920, 1080]];

describe('layoutTopology', () => {
  it('puts the Sentinels apart from the data nodes: a row under them on a phone, a column at their right on a wide stage, never overlapping', () => {
    const node = (name: string, port: number, masterHost: string | null = null, masterPort = 0): LayoutNode =>
      ({ name, port, role: masterHost === null ? 'master' : 'replica', masterHost, masterPort });
    const sentinel = (name: string, port: number): LayoutNode => ({ name, port, role: 'master', masterHost: null, masterPort: 0, sentinel: {} });
    const views = [node('m', 6379), node('r1', 6380, '127.0.0.1', 6379), node('r2', 6381, '127.0.0.1', 6379), sentinel('s1', 26379), sentinel('s2', 26380), sentinel('s3', 26381)];
    const data = ['m', 'r1', 'r2'], sentinels = ['s1', 's2', 's3'];
    for (const [w, h] of SIZES) {
      const l = layoutTopology(views, w, h);
      expect(overlaps(l), `${w}x${h}`).toEqual([]);
      expect(outside(l), `${w}x${h}`).toEqual([]);
      for (const s of sentinels) expect(l.nodes.get(s)!.role).toBe('sentinel');
      if (l.bandY !== undefined) {
        for (const s of sentinels) for (const d of data) expect(nodeBox(l.nodes.get(s)!, l.m).y0).toBeGreaterThanOrEqual(nodeBox(l.nodes.get(d)!, l.m).y1);
      } else {
        expect(l.bandX, `${w}x${h}`).toBeDefined();
        for (const s of sentinels) for (const d of data) expect(nodeBox(l.nodes.get(s)!, l.m).x0).toBeGreaterThanOrEqual(nodeBox(l.nodes.get(d)!, l.m).x1);
      }
    }
    expect(layoutTopology(views, 390, 844).bandY).toBeDefined();
    expect(layoutTopology(views, 1280, 800).bandX).toBeDefined();
    // A laptop's stage (1440x900 leaves it about 780x300), after a failover (the old master down
    // and on its own): the Sentinels' column and the data nodes, with a timer's room over the top
    // node, fit its height without scrolling.
    const failedOver = [node('m', 6379), node('r1', 6380), node('r2', 6381, '127.0.0.1', 6380), ...views.slice(3)];
    for (const [w, h] of [[780, 300], [780, 320], [900, 340]]) {
      const l = layoutTopology(failedOver, w, h);
      expect(l.bandX, `${w}x${h}`).toBeDefined();
      expect(l.height, `${w}x${h}`).toBeLessThanOrEqual(h);
      expect(overlaps(l), `${w}x${h}`).toEqual([]);
      expect(outside(l), `${w}x${h}`).toEqual([]);
    }
  });

  it('draws a replica under the node its master address reaches: a name on 6379, 127.0.0.1 and a port, a network address', () => {
    const node = (name: string, port: number, masterHost: string | null = null, masterPort = 0): LayoutNode =>
      ({ name, port, role: masterHost === null ? 'master' : 'replica', masterHost, masterPort });
    const views = [node('m', 6379), node('r1', 6380, '127.0.0.1', 6379), node('r2', 6381, 'r1', 6379), node('r3', 6382, '172.18.0.2', 6379), node('r4', 6383, '127.0.0.1', 7000)];
    expect(views.map((v) => masterNodeOf(v, views))).toEqual([null, 'm', 'r1', 'm', null]);
    const l = layoutTopology(views, 1280, 800);
    expect(['m', 'r1', 'r2', 'r3', 'r4'].map((n) => l.nodes.get(n)!.parent)).toEqual([null, 'm', 'r1', 'm', null]);
    expect(l.nodes.get('r2')!.role).toBe('sub');
  });

  it('puts a replica of a replica to the right of its master, and that master right of the top master', async () => {
    const { views } = await runTo(CHAIN, 8000);
    expect(views.find((v) => v.name === 'r3')!.masterHost).toBe('r1');
    for (const [w, h] of SIZES) {
      const l = layoutTopology(views, w, h);
      const x = (n: string) => l.nodes.get(n)!.x;
      expect(x('r3')).toBeGreaterThan(x('r1'));
      expect(x('r1')).toBeGreaterThan(x('m'));
      expect(x('r2')).toBeGreaterThan(x('m'));
      expect(l.nodes.get('r3')!.role).toBe('sub');
      expect(l.nodes.get('r1')!.role).toBe('replica');
      expect(l.nodes.get('m')!.role).toBe('master');
    }
  });

  it('lets no two nodes overlap and keeps every node on the stage, at phone, laptop and projector sizes', async () => {
    const runs = await Promise.all([runTo(CHAIN, 8000), runTo(BUSY, 400), runTo(DEEP, 3000), runTo(LOOP, 100), runTo(scenarioFile('two-replicas.scn'), 8000), runTo('seed 1\nnode m r1 r2 r3 r4 r5\nsleep 10ms\n', 10)]);
    for (const { views } of runs) {
      for (const [w, h] of SIZES) {
        const l = layoutTopology(views, w, h);
        expect(l.nodes.size).toBe(views.length);
        expect(overlaps(l), `${views.map((v) => v.name)} at ${w}x${h}`).toEqual([]);
        expect(outside(l), `${w}x${h}`).toEqual([]);
        expect(l.width).toBeGreaterThanOrEqual(w);
        expect(l.height).toBeGreaterThanOrEqual(h);
      }
    }
  });

  it('fits a master, two replicas and a replica of a replica in a 390 px wide phone without scrolling sideways', async () => {
    const { views } = await runTo(CHAIN, 8000);
    expect(layoutTopology(views, 390, 844).width).toBe(390);
  });

  it('puts a master midway between its first and last replica', async () => {
    const { views } = await runTo(BUSY, 400);
    const l = layoutTopology(views, 1280, 800);
    const y = (n: string) => l.nodes.get(n)!.y;
    expect(Math.abs(y('m') - (y('r1') + y('r5')) / 2)).toBeLessThanOrEqual(1);
    expect(l.links.map((k) => k.key)).toEqual(['m|r1', 'm|r2', 'm|r3', 'm|r4', 'm|r5']);
  });

  it('stands unconnected nodes side by side before any REPLICAOF', async () => {
    const { views } = await runTo('seed 1\nnode m r1 r2\nsleep 10ms\n', 10);
    expect(views.every((v) => v.role === 'master')).toBe(true);
    const l = layoutTopology(views, 1280, 800);
    const ys = new Set([...l.nodes.values()].map((p) => p.y));
    expect(ys.size).toBe(1);
    expect(l.nodes.get('m')!.x).toBeLessThan(l.nodes.get('r1')!.x);
    expect(l.links).toEqual([]);
  });

  it('draws a replication loop as one chain, cut at its first node', async () => {
    const { views } = await runTo(LOOP, 100);
    expect(views.map((v) => [v.name, v.masterHost])).toEqual([['a', 'b'], ['b', 'a']]);
    const l = layoutTopology(views, 800, 400);
    expect(l.nodes.get('a')!.parent).toBeNull();
    expect(l.nodes.get('b')!.parent).toBe('a');
    expect(l.links.map((k) => `${k.master}>${k.replica}`)).toEqual(['a>b']);
  });

  it('gives the same picture for the same views and size', async () => {
    const { views } = await runTo(DEEP, 3000);
    const a = layoutTopology(views, 760, 430), b = layoutTopology([...views], 760, 430);
    expect([...a.nodes.values()]).toEqual([...b.nodes.values()]);
  });
});
