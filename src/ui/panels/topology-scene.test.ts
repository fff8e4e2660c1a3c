import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../runtime/sim.ts';
import { framesInFlight, indexFrames } from './frames.ts';
import { layoutTopology } from './topology-layout.ts';
import { linkState } from './topology-links.ts';
import { buildScene, type ScenePill } from './topology-scene.ts';
import { BUSY, CHAIN } from './topology-scenes.ts';
import { runTo, scenarioFile, type TopoRun } from './topology-test-run.ts';

function sceneAt(run: TopoRun, t: number, opts: { reducedMotion?: boolean; cutLinks?: string[]; width?: number } = {}) {
  const layout = layoutTopology(run.views, opts.width ?? 1280, 800);
  const inflight = framesInFlight(indexFrames(run.frames), t);
  return { layout, scene: buildScene({ layout, views: run.views, inflight, t, cutLinks: opts.cutLinks ?? [], reducedMotion: opts.reducedMotion }) };
}

/** Where a pill is along its path (px from the sender's rim) and how far from the line. */
function along(pill: ScenePill, from: { x: number; y: number }, to: { x: number; y: number }, rFrom: number) {
  const d = Math.hypot(to.x - from.x, to.y - from.y), ux = (to.x - from.x) / d, uy = (to.y - from.y) / d;
  const dx = pill.x - from.x, dy = pill.y - from.y;
  return { s: dx * ux + dy * uy - rFrom, side: Math.abs(dx * uy - dy * ux), len: d };
}

describe('frames on the stage', () => {
  let run: TopoRun;
  let ping: FrameRecord;
  const pillOf = (t: number, o: { reducedMotion?: boolean } = {}) => {
    const { layout, scene } = sceneAt(run, t, o);
    const pill = scene.pills.find((p) => p.frame === ping);
    const r1 = layout.nodes.get('r1')!, m = layout.nodes.get('m')!;
    return { pill, r1, m, layout };
  };

  it('is at its sender when sent, halfway at the midpoint of its flight, and gone once it arrives', async () => {
    run = await runTo(scenarioFile('first-sync.scn'), 7000);
    ping = run.frames.find((f) => f.meta.label === 'PING')!;
    expect([ping.from, ping.to]).toEqual(['r1', 'm']);
    const start = pillOf(ping.sentAtMs);
    const r = start.layout.m.r;
    const a0 = along(start.pill!, start.r1, start.m, r);
    // Its back edge touches r1's rim: its centre is half its width along the path.
    expect(a0.s).toBeCloseTo(start.pill!.w / 2, 0);
    expect(start.pill!.p).toBe(0);
    const mid = pillOf((ping.sentAtMs + ping.arriveAtMs) / 2);
    const a1 = along(mid.pill!, mid.r1, mid.m, r);
    const pathLen = a1.len - r - r * 1.08;
    expect(a1.s).toBeCloseTo(pathLen / 2, 0);
    expect(a1.side).toBeCloseTo(a0.side, 5);
    expect(pillOf(ping.arriveAtMs).pill).toBeUndefined();
    expect(pillOf(ping.sentAtMs - 0.001).pill).toBeUndefined();
  });

  it('with reduced motion, appears only at its receiver and fades in over its flight', () => {
    const first = pillOf(ping.sentAtMs, { reducedMotion: true });
    const mid = pillOf((ping.sentAtMs + ping.arriveAtMs) / 2, { reducedMotion: true });
    expect([first.pill!.x, first.pill!.y]).toEqual([mid.pill!.x, mid.pill!.y]);
    const r = first.layout.m.r;
    const a = along(first.pill!, first.r1, first.m, r);
    const pathLen = a.len - r - r * 1.08;
    // Its front edge touches m's rim.
    expect(a.s).toBeCloseTo(pathLen - first.pill!.w / 2, 0);
    expect(first.pill!.opacity).toBeLessThan(mid.pill!.opacity);
    expect(pillOf(ping.arriveAtMs, { reducedMotion: true }).pill).toBeUndefined();
  });

  it('draws an RDB transfer as a band filled as far as the bytes have gone, not as a pill', async () => {
    const chain = await runTo(CHAIN, 1000);
    const rdb = chain.frames.find((f) => f.kind === 'rdb')!;
    const t = rdb.sentAtMs + (rdb.arriveAtMs - rdb.sentAtMs) * 0.25;
    const { scene } = sceneAt(chain, t);
    expect(scene.pills.some((p) => p.frame === rdb)).toBe(false);
    const band = scene.bands.find((b) => b.frame === rdb)!;
    expect(band.p).toBeCloseTo(0.25, 5);
    const filled = Math.hypot(band.head.x - band.seg.a.x, band.head.y - band.seg.a.y);
    expect(filled / band.seg.len).toBeCloseTo(0.25, 5);
  });

  it('during a burst of 1000 writes draws at most 12 pills per link and accounts for every frame in flight', async () => {
    const busy = await runTo(BUSY, 700);
    const t = busy.cursorMs - 700 + 515;
    const { scene } = sceneAt(busy, t);
    const inflight = framesInFlight(indexFrames(busy.frames), t);
    for (const r of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      const pills = scene.pills.filter((p) => p.frame.to === r);
      expect(pills.length).toBeGreaterThan(0);
      expect(pills.length).toBeLessThanOrEqual(12);
      const counted = pills.length + pills.reduce((n, p) => n + p.bunched, 0) + scene.counters.filter((c) => c.to === r).reduce((n, c) => n + c.n, 0);
      expect(counted).toBe(inflight.filter((f) => f.to === r).length);
    }
  });
});

describe('link states', () => {
  it("is 'cut' when the link is in cutLinks even though the replica's view still says the link is up", async () => {
    const run = await runTo(CHAIN, 8900);
    const r2 = run.views.find((v) => v.name === 'r2')!;
    expect(r2.replState).toBe('REPL_STATE_CONNECTED');
    expect(r2.linkUp).toBe(true);
    const state = (cut: string[]) => sceneAt(run, run.cursorMs, { cutLinks: cut }).scene.links.find((l) => l.replica === 'r2')!.state;
    expect(state([])).toBe('online');
    expect(state(['m|r2'])).toBe('cut');
    expect(state(['r2|m'])).toBe('cut');
    expect(sceneAt(run, run.cursorMs, { cutLinks: ['m|r2'] }).scene.links.find((l) => l.replica === 'r1')!.state).toBe('online');
  });

  it('follows the replica through handshake, full sync and online', async () => {
    const states: string[] = [];
    for (const ms of [150, 470, 1000]) {
      const run = await runTo(CHAIN, ms);
      states.push(linkState(run.views.find((v) => v.name === 'r1')!, []));
    }
    expect(states).toEqual(['handshake', 'sync', 'online']);
  });

  it("is 'down' while either end is not running", async () => {
    const run = await runTo(scenarioFile('replica-crash-restart.scn'), 2500);
    const r1 = run.views.find((v) => v.name === 'r1')!;
    expect(linkState(r1, [], ['r1'])).toBe('down');
  });
});
