// What the topology stage draws at one simulated moment, as plain data: each link with its state,
// each frame in flight as a pill (or an RDB band) at its place on its link, and the timers the
// nodes wait on as countdown rings (around the node, or at the link's end for repl-timeout).
// Pure: the component renders this; tests read it.

import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView, TimerView } from '../../runtime/protocol.ts';
import type { Metrics, NodePlace, TopologyLayout } from './topology-layout.ts';
import { linkState, pointAlong, rimSegment, type LinkState, type Point, type Segment } from './topology-links.ts';
import { assignLanes, frameColour, frameId, groupByDirection, pillText, pillWidth, progress } from './frames.ts';

export interface SceneLink {
  readonly key: string;
  readonly master: string;
  readonly replica: string;
  readonly state: LinkState;
  readonly seg: Segment;
  readonly mid: Point;
}

export interface ScenePill {
  readonly id: string;
  readonly frame: FrameRecord;
  /** Centre of the pill. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Degrees: pills lie along their link, text kept upright. */
  readonly angle: number;
  readonly text: string;
  readonly colour: string;
  readonly opacity: number;
  /** Fraction of the way from sender to receiver (1 = at the receiver). */
  readonly p: number;
  /** Frames at the same spot drawn under this one (shown as "+n"). */
  bunched: number;
}

export interface SceneBand {
  readonly id: string;
  readonly frame: FrameRecord;
  readonly seg: Segment;
  readonly p: number;
  /** Where the fill ends. */
  readonly head: Point;
  readonly label: Point;
}

/** Frames of one direction left out by the cap, counted at the place of the furthest of them. */
export interface SceneCounter {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly n: number;
  readonly x: number;
  readonly y: number;
}

/** A timer drawn as a countdown ring: centre, radius, the part still to run, its label's place. */
export interface SceneTimer {
  readonly key: string;
  readonly node: string;
  readonly timer: TimerView;
  readonly x: number;
  readonly y: number;
  readonly r: number;
  /** Fraction of the timer still to run (1 = just started, 0 = fires now). */
  readonly left: number;
  readonly leftMs: number;
  /** At the node's end of a link (repl-timeout), not around the node. */
  readonly atLink: boolean;
  readonly labelX: number;
  readonly labelY: number;
  readonly anchor: 'start' | 'middle';
  /** Written in its short form (a Sentinel's fourth line: what the timer leads to, and when). */
  readonly short?: boolean;
}

export interface Scene {
  readonly links: readonly SceneLink[];
  readonly pills: readonly ScenePill[];
  readonly bands: readonly SceneBand[];
  readonly counters: readonly SceneCounter[];
  readonly timers: readonly SceneTimer[];
}

export interface SceneInput {
  readonly layout: TopologyLayout;
  readonly views: readonly NodeView[];
  /** Frames on the wire at t (framesInFlight). */
  readonly inflight: readonly FrameRecord[];
  /** The cursor: ms since the run began. */
  readonly t: number;
  readonly cutLinks: readonly string[];
  readonly down?: readonly string[];
  /** Frames do not travel: they fade in at their receiver. */
  readonly reducedMotion?: boolean;
  /** Pills drawn per direction of a link; the rest are counted. */
  readonly cap?: number;
  /** The links as sceneLinks gave them for these layout, views, cut links and down nodes (computed when absent). */
  readonly links?: readonly SceneLink[];
}

export const PILLS_PER_DIRECTION = 12;

function distanceToSegment(p: Point, s: Segment): number {
  const q = Math.max(0, Math.min(s.len, (p.x - s.a.x) * s.ux + (p.y - s.a.y) * s.uy));
  return Math.hypot(p.x - (s.a.x + s.ux * q), p.y - (s.a.y + s.uy * q));
}


/**
 * Each link with its state and place. They change with the views, the cut links and the nodes
 * down, not as frames move: the stage computes them once per panel refresh and passes them to
 * buildScene, so what is drawn from them alone is not redrawn every frame.
 */
export function sceneLinks(inp: Pick<SceneInput, 'layout' | 'views' | 'cutLinks' | 'down'>): SceneLink[] {
  const { m, nodes } = inp.layout;
  const byName = new Map(inp.views.map((v) => [v.name, v]));
  const links: SceneLink[] = [];
  for (const l of inp.layout.links) {
    const a = nodes.get(l.master)!, b = nodes.get(l.replica)!;
    const seg = rimSegment(a, b, m);
    links.push({ ...l, state: linkState(byName.get(l.replica)!, inp.cutLinks, inp.down, l.master), seg, mid: pointAlong(seg, 0.5) });
  }
  return links;
}

export function buildScene(inp: SceneInput): Scene {
  const { layout, t } = inp;
  const { m, nodes } = layout;
  const links = inp.links ?? sceneLinks(inp);

  const pills: ScenePill[] = [];
  const bands: SceneBand[] = [];
  const counters: SceneCounter[] = [];
  const h = m.compact ? 16 : 18;
  const fontPx = m.fontPx - 1;
  const maxChars = m.compact ? 7 : 16;
  const maxLanes = m.compact ? 2 : 3;
  const linkOf = new Map(links.map((l) => [`${l.master}>${l.replica}`, l]));
  // How many lanes of pills fit beside a link: half the room to the nearest other link at its middle.
  const lanesFor = (l: SceneLink | undefined): number => {
    if (!l) return maxLanes;
    let room = Infinity;
    for (const o of links) if (o !== l) room = Math.min(room, distanceToSegment(l.mid, o.seg));
    return Math.max(1, Math.min(maxLanes, Math.floor((room / 2 - 5) / (h + 3))));
  };
  for (const [key, g] of groupByDirection(inp.inflight, inp.cap ?? PILLS_PER_DIRECTION)) {
    const from = nodes.get(g.from), to = nodes.get(g.to);
    if (!from || !to) continue;
    const seg = rimSegment(from, to, m);
    for (const f of g.bands) {
      const p = progress(t, f.sentAtMs, f.arriveAtMs);
      bands.push({ id: frameId(f), frame: f, seg, p, head: pointAlong(seg, p), label: pointAlong(seg, 0.5, -(h / 2 + 8)) });
    }
    // Pills ride on the outer side of a fan of links (away from the sibling links): above a
    // link that climbs from its master, below one that descends. Both directions use the same
    // sign, which puts them on opposite sides since "left of travel" flips with the direction.
    const link = linkOf.get(`${g.from}>${g.to}`) ?? linkOf.get(`${g.to}>${g.from}`);
    const sign = link && link.seg.uy > 0.05 ? -1 : 1;
    const ps = g.pills.map((f) => (inp.reducedMotion ? 1 : progress(t, f.sentAtMs, f.arriveAtMs)));
    const texts = g.pills.map((f) => pillText(f, maxChars));
    const ws = texts.map((s) => pillWidth(s, fontPx));
    // Along the path, a pill's centre stays half its width inside the rims when the path is long enough.
    const centers = ps.map((p, i) => {
      const half = Math.min(ws[i] / 2, seg.len / 2);
      return half + (seg.len - 2 * half) * p;
    });
    const lanes = assignLanes(centers, ws, lanesFor(link));
    let angle = (Math.atan2(seg.uy, seg.ux) * 180) / Math.PI;
    if (angle > 90) angle -= 180;
    else if (angle < -90) angle += 180;
    const drawn: ScenePill[] = [];
    g.pills.forEach((f, i) => {
      if (lanes[i] < 0) return;
      const q = seg.len > 0 ? centers[i] / seg.len : ps[i];
      const pt = pointAlong(seg, q, sign * (h / 2 + 7 + lanes[i] * (h + 3)));
      drawn.push({
        id: frameId(f), frame: f, x: pt.x, y: pt.y, w: ws[i], h, angle, text: texts[i], colour: frameColour(f.kind),
        opacity: inp.reducedMotion ? 0.35 + 0.65 * progress(t, f.sentAtMs, f.arriveAtMs) : 1, p: ps[i], bunched: 0,
      });
    });
    // A pill with no free lane is counted on the drawn pill nearest to it.
    g.pills.forEach((_, i) => {
      if (lanes[i] >= 0) return;
      let best = 0;
      for (let j = 1; j < drawn.length; j++) if (Math.abs(drawn[j].p - ps[i]) < Math.abs(drawn[best].p - ps[i])) best = j;
      drawn[best].bunched++;
    });
    pills.push(...drawn);
    if (g.hidden > 0) {
      // The frames left out are the oldest: the furthest along. Where the first of them is next
      // to a drawn pill, that pill counts them; otherwise a counter stands at its place.
      const p = inp.reducedMotion ? 1 : progress(t, g.hiddenLead!.sentAtMs, g.hiddenLead!.arriveAtMs);
      const near = drawn.find((d) => Math.abs(d.p - p) * seg.len < d.w);
      if (near) near.bunched += g.hidden;
      else {
        const pt = pointAlong(seg, Math.min(0.97, Math.max(0.03, p)), sign * (h / 2 + 7));
        counters.push({ key, from: g.from, to: g.to, n: g.hidden, x: pt.x, y: pt.y });
      }
    }
  }
  return { links, pills, bands, counters, timers: sceneTimers(inp) };
}

/** Which timers matter most when a node waits on several (first in this list first). */
const TIMER_ORDER: readonly TimerView['name'][] = [
  'debug-sleep', 'wait-timeout', 'down-after-milliseconds', 'failover-timeout', 'repl-diskless-sync-delay', 'connect-retry', 'repl-timeout', 'repl-ping-replica-period', 'replica-ack',
];
/** repl-timeout is drawn once a link has been silent this long (a healthy link talks every second). */
export const SILENT_MS = 2000;

/** The timers worth drawing on a node at t: running, the soonest of each kind, the most relevant few. */
export function timersToDraw(v: NodeView, t: number, max: number): TimerView[] {
  const running = v.timers.filter((x) => x.startMs <= t && t < x.endMs && (x.name !== 'repl-timeout' || t - x.startMs >= SILENT_MS));
  running.sort((a, b) => TIMER_ORDER.indexOf(a.name) - TIMER_ORDER.indexOf(b.name) || a.endMs - b.endMs);
  const seen = new Set<string>();
  return running.filter((x) => !seen.has(x.name) && (seen.add(x.name), true)).slice(0, max);
}

/**
 * A Sentinel's timer (the one it waits on first): a ring close around its hexagon and its words as
 * a fourth line under its own, so that Sentinels stacked close together (and the band's title above
 * them) never meet another's label.
 */
function sentinelTimer(v: NodeView, p: NodePlace, t: number, m: Metrics): SceneTimer[] {
  const x = timersToDraw(v, t, 1)[0];
  if (!x) return [];
  const leftMs = x.endMs - t;
  const left = Math.max(0, Math.min(1, leftMs / Math.max(1, x.endMs - x.startMs)));
  const label = p.label === 'below'
    ? { labelX: p.x, labelY: p.y + m.r + 4 + m.lineH * 3.78, anchor: 'middle' as const }
    : { labelX: p.x + m.r + 8, labelY: p.y + m.lineH * 2.28, anchor: 'start' as const };
  return [{ key: `${v.name}:${x.name}`, node: v.name, timer: x, x: p.x, y: p.y, r: m.r + 5, left, leftMs, atLink: false, short: true, ...label }];
}

function sceneTimers(inp: SceneInput): SceneTimer[] {
  const { layout, t } = inp;
  const { m, nodes } = layout;
  const out: SceneTimer[] = [];
  const byPort = new Map(inp.views.map((v) => [v.port, v.name]));
  for (const v of inp.views) {
    const p = nodes.get(v.name);
    if (!p || inp.down?.includes(v.name)) continue;
    if (p.role === 'sentinel') {
      out.push(...sentinelTimer(v, p, t, m));
      continue;
    }
    const rim = p.role === 'sub' ? m.r + 5 : p.role === 'master' ? m.r * 1.08 : m.r;
    const drawn = timersToDraw(v, t, m.compact ? 1 : 3).map((x) => {
      const peer = x.name === 'repl-timeout' && x.peer ? nodes.get(byPort.get(Number(x.peer.slice(x.peer.lastIndexOf(':') + 1))) ?? '') : undefined;
      return { x, peer };
    });
    const rings = drawn.filter((d) => !d.peer).length;
    // Labels stack above the node, the first nearest: clear of its rings (and a master's crown).
    const top = rings > 0 ? rim * 1.25 + 12 + (rings - 1) * 6 + 3 : rim + (p.role === 'master' ? m.crown : 0);
    let ring = 0;
    drawn.forEach(({ x, peer }, k) => {
      const leftMs = x.endMs - t;
      const left = Math.max(0, Math.min(1, leftMs / Math.max(1, x.endMs - x.startMs)));
      const label = { labelX: p.x, labelY: p.y - top - 6 - k * (m.fontPx + 3), anchor: 'middle' as const };
      if (peer) {
        // The ring sits at this node's end of the link to the peer.
        const seg = rimSegment(p, peer, m);
        const c = pointAlong(seg, Math.min(0.4, 16 / Math.max(1, seg.len)));
        out.push({ key: `${v.name}:${x.name}:${x.peer}`, node: v.name, timer: x, x: c.x, y: c.y, r: 8, left, leftMs, atLink: true, ...label });
        return;
      }
      out.push({ key: `${v.name}:${x.name}`, node: v.name, timer: x, x: p.x, y: p.y, r: rim * 1.25 + 12 + ring * 6, left, leftMs, atLink: false, ...label });
      ring++;
    });
  }
  return out;
}

/**
 * What the stage draws from a scene's frames and timers, as a key (its links are compared by
 * identity; a pill's size follows from its text): two scenes with the same key draw the same, except the rings' arcs (`left`), which
 * the stage moves without redrawing; `timerTexts` are the timers' words as drawn.
 */
export function sceneDrawKey(scene: Scene, timerTexts: readonly string[]): string {
  return JSON.stringify([
    scene.pills.map((p) => [p.id, p.x, p.y, p.angle, p.opacity, p.bunched, p.text]),
    scene.bands.map((b) => [b.id, b.p, b.head]), scene.counters,
    scene.timers.map((x, i) => [x.key, x.x, x.y, x.r, x.labelX, x.labelY, timerTexts[i]]),
  ]);
}
