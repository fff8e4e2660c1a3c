// Timers on the stage: which are drawn, where, and how much of each ring is left.
import { describe, expect, it } from 'vitest';
import { framesInFlight, indexFrames } from './frames.ts';
import { boxesOverlap, layoutTopology, nodeBox, textWidth } from './topology-layout.ts';
import { buildScene, timersToDraw } from './topology-scene.ts';
import { ringPath, timerSeconds, timerShortText } from './TopologySvg.tsx';
import { runTo, scenarioFile, type TopoRun } from './topology-test-run.ts';
import { panelT } from '../i18n/panels.ts';

const t = panelT('en');

function sceneAt(run: TopoRun, t: number, width = 1280) {
  const layout = layoutTopology(run.views, width, 800);
  return { layout, scene: buildScene({ layout, views: run.views, inflight: framesInFlight(indexFrames(run.frames), t), t, cutLinks: [] }) };
}

describe('timers on the stage', () => {
  it('during the diskless delay: a ring around the master for repl-diskless-sync-delay, counting down to the tick that starts the RDB', async () => {
    const run = await runTo(scenarioFile('first-sync.scn'), 1000);
    const { layout, scene } = sceneAt(run, 1000);
    const m = layout.nodes.get('m')!;
    const delay = scene.timers.find((x) => x.timer.name === 'repl-diskless-sync-delay')!;
    expect(delay).toMatchObject({ node: 'm', x: m.x, y: m.y, anchor: 'middle', leftMs: 4001 });
    expect(delay.left).toBeCloseTo(4001 / (5001 - delay.timer.startMs), 5);
    // The delay is the first ring (nearest the node); the next PING is the other one on the master.
    expect(scene.timers.filter((x) => x.node === 'm').map((x) => x.timer.name)).toEqual(['repl-diskless-sync-delay', 'repl-ping-replica-period']);
    expect(scene.timers.find((x) => x.timer.name === 'repl-ping-replica-period')!.r).toBeGreaterThan(delay.r);
    expect(timerSeconds(delay.leftMs)).toBe('4.0');
    // On a phone, one ring per node: the most relevant.
    const phone = sceneAt(run, 1000, 360).scene;
    expect(phone.timers.filter((x) => x.node === 'm').map((x) => x.timer.name)).toEqual(['repl-diskless-sync-delay']);
  });

  it('a link cut: after two silent seconds, repl-timeout at both ends of the link, beside it', async () => {
    const text = scenarioFile('partial-resync.scn');
    const run = await runTo(text, 3500);
    const mv = run.views.find((v) => v.name === 'm')!;
    const lastAck = mv.timers.find((x) => x.name === 'repl-timeout')!.startMs;
    // A link quiet for less than two seconds is a healthy one (ACKs come every second).
    expect(timersToDraw(mv, lastAck + 1500, 3).some((x) => x.name === 'repl-timeout')).toBe(false);
    expect(timersToDraw(mv, lastAck + 2000, 3).some((x) => x.name === 'repl-timeout')).toBe(true);
    const { layout, scene } = sceneAt(run, 3500);
    const ends = scene.timers.filter((x) => x.timer.name === 'repl-timeout');
    expect(ends.map((x) => x.node).sort()).toEqual(['m', 'r1']);
    for (const x of ends) {
      const p = layout.nodes.get(x.node)!;
      // At the node's end of the link: just outside its rim, towards the other node.
      expect(Math.hypot(x.x - p.x, x.y - p.y)).toBeLessThan(layout.m.r * 1.08 + 30);
      expect(x.atLink).toBe(true);
      expect(x.leftMs).toBeGreaterThan(0);
    }
    expect(ends.find((x) => x.node === 'm')!.timer.peer).toBe('172.18.0.3:6380');
  });

  it('draws the part still to run', () => {
    expect(ringPath(10, 1)).toContain('A10,10');
    expect(ringPath(10, 0.25)).toMatch(/^M0,-10A10,10,0,0,1,10,0/);
  });
});

describe('Sentinels\' timers', () => {
  it('while the master is down: each Sentinel\'s down-after-milliseconds is written under its own lines, clear of the band title and of the other Sentinels', async () => {
    const run = await runTo(scenarioFile('sentinel-failover.scn'), 19000);
    for (const width of [1280, 360]) {
      const { layout, scene } = sceneAt(run, 19000, width);
      const timers = scene.timers.filter((x) => x.node.startsWith('s'));
      expect(timers.map((x) => x.timer.name)).toEqual(['down-after-milliseconds', 'down-after-milliseconds', 'down-after-milliseconds']);
      const boxes = timers.map((x) => nodeBox(layout.nodes.get(x.node)!, layout.m));
      const bandTop = layout.bandY ?? 0;
      timers.forEach((x, i) => {
        const box = boxes[i];
        // Inside the Sentinel's own box, below the band's title line, and at the ring around its hexagon.
        expect(x.labelY).toBeGreaterThan(box.y0);
        expect(x.labelY).toBeLessThanOrEqual(box.y1);
        expect(x.labelY).toBeGreaterThan(bandTop + layout.m.fontPx * 2);
        expect(x.r).toBeLessThan(layout.m.r + 8);
        boxes.forEach((b, j) => { if (j !== i) expect(boxesOverlap(box, b)).toBe(false); });
        // Short enough to fit the label's width: what the wait leads to, and when.
        expect(timerShortText(x, t)).toMatch(/^\+sdown in \d\.\d s$/);
      });
      // Side by side (a phone) or stacked (a laptop), no two labels meet and each stays on the stage.
      const spans = timers.map((x) => {
        const w = textWidth(timerShortText(x, t), layout.m.fontPx);
        const l = x.anchor === 'middle' ? x.labelX - w / 2 : x.labelX;
        return { l, r: l + w, y: x.labelY };
      });
      spans.forEach((a, i) => {
        expect(a.l).toBeGreaterThanOrEqual(0);
        expect(a.r).toBeLessThanOrEqual(layout.width);
        spans.forEach((b, j) => { if (j !== i) expect(a.r <= b.l || b.r <= a.l || Math.abs(a.y - b.y) > layout.m.fontPx).toBe(true); });
      });
    }
  });
});
