// The topology stage's drawing: links with their state, RDB bands, nodes with their role shape
// and text, frames as pills, and the timers nodes wait on as countdown rings with their names. Pure rendering of a Scene; d3 builds the crown path and the
// number format, React owns the elements. Not interactive: the buttons lie over it (Topology.tsx).

import { memo, useLayoutEffect, useRef, type RefObject } from 'react';
import { path as d3path } from 'd3-path';
import type { NodeView } from '../../runtime/protocol.ts';
import { fitText, textWidth, type Metrics, type NodePlace, type TopologyLayout } from './topology-layout.ts';
import { LINK_DASH, linkState, rimRadius, type LinkState } from './topology-links.ts';
import type { Scene, ScenePill, SceneTimer } from './topology-scene.ts';

export type T = (key: string, vars?: Record<string, string | number>) => string;

export const ROLE_COLOUR = { master: 'var(--role-master)', replica: 'var(--role-replica)', sub: 'var(--role-sub)', sentinel: 'var(--role-sentinel)' } as const;
export const LINK_COLOUR: Readonly<Record<LinkState, string>> = {
  handshake: 'var(--link-handshake)', sync: 'var(--link-sync)', online: 'var(--link-online)', cut: 'var(--link-cut)', down: 'var(--muted)',
};
export const PILL_DASH: Partial<Record<string, string>> = { handshake: '4 2', keepalive: '2 2', fin: '1 2', sentinel: '6 2 1 2' };

/** The crown over a master: a small zig-zag band, w wide and h high, its base at y = 0. */
export function crownPath(w: number, h: number): string {
  const p = d3path();
  p.moveTo(-w / 2, 0);
  p.lineTo(-w / 2, -h);
  p.lineTo(-w / 4, -h * 0.45);
  p.lineTo(0, -h);
  p.lineTo(w / 4, -h * 0.45);
  p.lineTo(w / 2, -h);
  p.lineTo(w / 2, 0);
  p.closePath();
  return p.toString();
}

/** A hexagon of circumradius r, centred at 0,0, flat top and bottom. */
export function hexagonPath(r: number): string {
  const p = d3path();
  for (let i = 0; i < 6; i++) {
    const a = (Math.PI / 3) * i;
    if (i === 0) p.moveTo(r * Math.cos(a), r * Math.sin(a));
    else p.lineTo(r * Math.cos(a), r * Math.sin(a));
  }
  p.closePath();
  return p.toString();
}

/** A node's shape, centred at 0,0: rounded square (master), circle (replica), double ring (sub-replica), hexagon (Sentinel). */
export function NodeShape({ role, r, down, crown }: { role: NodePlace['role']; r: number; down: boolean; crown: number }) {
  const fill = down ? 'var(--panel-2)' : ROLE_COLOUR[role];
  const stroke = { stroke: 'var(--fg)', strokeWidth: 'var(--stroke)', strokeDasharray: down ? '4 3' : undefined };
  if (role === 'sentinel') return <path d={hexagonPath(r * 1.05)} fill={fill} {...stroke} />;
  if (role === 'master') {
    const s = r * 1.08;
    return (
      <g>
        <rect x={-s} y={-s} width={2 * s} height={2 * s} rx={s * 0.3} fill={fill} {...stroke} />
        {crown > 0 && <path d={crownPath(s * 0.9, crown - 3)} transform={`translate(0,${-s - 1})`} fill={fill} {...stroke} strokeDasharray={undefined} />}
      </g>
    );
  }
  return (
    <g>
      {role === 'sub' && <circle r={r + 5} fill="none" {...stroke} />}
      <circle r={r} fill={fill} {...stroke} />
    </g>
  );
}

/** The three text lines of a node: name and role, master_repl_offset, link or replica count. */
export function nodeLines(v: NodeView, p: NodePlace, t: T, state: LinkState | null, down: boolean, compact = false): [string, string, string] {
  // A node that is not running has no role, offset or link: those died with its memory.
  if (down) return [`${v.name} · ${t('topology.node.notRunning')}`, '', ''];
  if (v.sentinel) return sentinelLines(v, t);
  const role = t(`topology.role.${p.role}`);
  const offset = t('topology.node.offset', { offset: v.masterReplOffset });
  let status: string;
  if (state) status = compact ? t(`topology.link.${state}`) : t('topology.node.linkTo', { state: t(`topology.link.${state}`) });
  else if (v.replicas.length === 1) status = t('topology.node.oneReplica');
  else status = v.replicas.length ? t('topology.node.replicas', { n: v.replicas.length }) : t('topology.node.noReplicas');
  return [`${v.name} · ${role}`, offset, status];
}

/** A Sentinel's three lines: its name, its view of the (first) master, its epoch and vote. */
export function sentinelLines(v: NodeView, t: T): [string, string, string] {
  const s = v.sentinel!;
  const m = s.masters[0];
  const name = `${v.name} · ${t('topology.role.sentinel')}`;
  if (!m) return [name, t('sentinel.node.noMaster'), t('sentinel.node.epoch', { epoch: s.currentEpoch })];
  const flags = m.oDown ? 'o_down' : m.sDown ? 's_down' : t('sentinel.node.ok');
  const fo = m.failoverState !== 'none' ? ` · ${m.failoverState}` : '';
  return [name, `${m.name}: ${flags}${fo}`, t('sentinel.node.epoch', { epoch: s.currentEpoch })];
}

/** An RDB band's caption: its label and how much has arrived, shortened to the band's length. */
export function bandText(label: string, p: number, len: number, fontPx: number): string {
  const pct = `${Math.floor(p * 100)}%`;
  const full = `${label} · ${pct}`;
  return textWidth(full, fontPx) <= Math.max(len, 80) ? full : `RDB · ${pct}`;
}

function NodeText({ lines, p, m }: { lines: [string, string, string]; p: NodePlace; m: Metrics }) {
  const ring = p.role === 'sub' ? 5 : 0;
  const below = p.label === 'below';
  const x = below ? 0 : m.r + ring + 8;
  const y0 = below ? m.r + ring + 4 : -1.5 * m.lineH;
  return (
    <text className="topo-label" x={x} textAnchor={below ? 'middle' : 'start'} fontSize={m.fontPx}>
      {lines.map((s, i) => (
        <tspan key={i} x={x} y={y0 + m.lineH * (i + 0.78)} className={i === 0 ? 'topo-label-name' : i === 1 ? 'topo-label-num' : 'topo-label-status'}>
          {fitText(s, m.labelW, i === 0 ? m.fontPx * 1.08 : m.fontPx)}
        </tspan>
      ))}
    </text>
  );
}

function Pill({ pill, selected, fontPx }: { pill: ScenePill; selected: boolean; fontPx: number }) {
  const { w, h } = pill;
  return (
    <g transform={`translate(${pill.x.toFixed(1)},${pill.y.toFixed(1)}) rotate(${pill.angle.toFixed(1)})`} opacity={pill.opacity} className="topo-pill" data-kind={pill.frame.kind} data-frame={pill.frame.kind}>
      {selected && <rect x={-w / 2 - 3} y={-h / 2 - 3} width={w + 6} height={h + 6} rx={h / 2 + 3} fill="none" stroke="var(--focus)" strokeWidth={3} />}
      <rect x={-w / 2} y={-h / 2} width={w} height={h} rx={h / 2} fill="var(--panel)" />
      <rect x={-w / 2} y={-h / 2} width={w} height={h} rx={h / 2} fill={pill.colour} fillOpacity={0.2} stroke={pill.colour} strokeWidth={2} strokeDasharray={PILL_DASH[pill.frame.kind]} />
      <text className="topo-pill-text" y={fontPx * 0.36} textAnchor="middle" fontSize={fontPx}>{pill.text}</text>
      {pill.bunched > 0 && (
        <g transform={`translate(${w / 2 - 2},${-h / 2 + 1})`} className="topo-bunch">
          <rect x={-3} y={-7} width={`+${pill.bunched}`.length * fontPx * 0.62 + 6} height={13} rx={6.5} fill="var(--fg)" />
          <text x={0} y={fontPx * 0.32} fontSize={fontPx - 1} fill="var(--panel)">{`+${pill.bunched}`}</text>
        </g>
      )}
    </g>
  );
}

/** Colour of a timer's ring (each also has its name written beside it). */
const TIMER_COLOUR: Readonly<Record<SceneTimer['timer']['name'], string>> = {
  'repl-timeout': 'var(--bad)', 'repl-diskless-sync-delay': 'var(--warn)', 'debug-sleep': 'var(--accent)', 'wait-timeout': 'var(--accent)',
  'connect-retry': 'var(--link-handshake)', 'repl-ping-replica-period': 'var(--muted)', 'replica-ack': 'var(--frame-ack)',
  'down-after-milliseconds': 'var(--bad)', 'failover-timeout': 'var(--warn)',
};

/** Seconds left as a countdown shows them: tenths under 10 s, whole seconds (rounded up) above. */
export function timerSeconds(ms: number): string {
  return ms < 10_000 ? (Math.max(0, ms) / 1000).toFixed(1) : String(Math.ceil(ms / 1000));
}

/** A timer in words: "repl-timeout (r1) 56 s". */
export function timerText(x: SceneTimer, t: T, peerName: (peer: string) => string): string {
  const name = t(`timer.name.${x.timer.name}`);
  const secs = timerSeconds(x.leftMs);
  return x.timer.peer && x.atLink ? t('timer.left.peer', { name, peer: peerName(x.timer.peer), secs }) : t('timer.left', { name, secs });
}

/** The ring still to run: an arc from the top, clockwise, shrinking as the timer runs down. */
export function ringPath(r: number, left: number): string {
  const p = d3path();
  const a0 = -Math.PI / 2;
  if (left >= 0.999) {
    p.arc(0, 0, r, a0, a0 + 2 * Math.PI - 0.0001);
    return p.toString();
  }
  p.moveTo(0, -r);
  p.arc(0, 0, r, a0, a0 + 2 * Math.PI * left);
  return p.toString();
}

/**
 * The same ring as ringPath draws, as a dash along a circle of path length 1 turned to start at the
 * top (undefined: the whole ring).
 */
export function ringDash(left: number): string | undefined {
  return left >= 0.999 ? undefined : `${Math.max(0, left).toFixed(4)} 1`;
}

/** Can a ring's dash be a paused Web Animation here (not in jsdom)? */
export const ringsAnimated = (): boolean => typeof Element !== 'undefined' && typeof Element.prototype.animate === 'function';

/** Each ring drawn, by its timer's key: the paused animation of its dash (setRing moves it). */
export type RingMoves = Map<string, Animation>;

/** Moves a ring's dash to the fraction of its timer still to run. */
export function setRing(a: Animation, left: number): void {
  a.currentTime = (1 - Math.min(1, Math.max(0, left))) * RING_SPAN;
}

/** The ring's dash from whole (0) to gone (RING_SPAN): a paused animation whose time is set per frame. */
const RING_SPAN = 1000;
const RING_KEYFRAMES: Keyframe[] = [{ strokeDasharray: '1 1' }, { strokeDasharray: '0 1' }];

/**
 * The ring still to run, drawn each frame without writing an attribute or a style: its dash is a
 * paused Web Animation whose current time is moved (an SVG attribute or inline style written per
 * frame costs a parse and a style invalidation; frame budget). Where Web Animations are missing
 * (jsdom), the dash is written as an attribute.
 */
function RemainingArc({ r, left, colour, ringKey, rings }: { r: number; left: number; colour: string; ringKey: string; rings?: RingMoves }) {
  const ref = useRef<SVGCircleElement>(null);
  const anim = useRef<Animation | null>(null);
  const animated = ringsAnimated();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !animated) return;
    if (!anim.current) {
      anim.current = el.animate(RING_KEYFRAMES, { duration: RING_SPAN, fill: 'both' });
      anim.current.pause();
    }
    setRing(anim.current, left);
    // Between the drawing's renders, the stage moves the ring by its key (Topology.tsx).
    rings?.set(ringKey, anim.current);
  });
  useLayoutEffect(() => () => {
    anim.current?.cancel();
    rings?.delete(ringKey);
  }, [rings, ringKey]);
  return (
    <circle ref={ref} r={r} transform="rotate(-90)" pathLength={1} fill="none" stroke={colour} strokeWidth={3} strokeLinecap="round"
      strokeDasharray={animated ? undefined : ringDash(left)} />
  );
}

function TimerRing({ x, rings }: { x: SceneTimer; rings?: RingMoves }) {
  const colour = TIMER_COLOUR[x.timer.name];
  return (
    <g className="topo-timer" data-timer={x.timer.name} data-node={x.node}>
      <g transform={`translate(${x.x.toFixed(1)},${x.y.toFixed(1)})`}>
        <circle r={x.r} fill="none" stroke={colour} strokeOpacity={0.2} strokeWidth={3} />
        <RemainingArc r={x.r} left={x.left} colour={colour} ringKey={x.key} rings={rings} />
      </g>
    </g>
  );
}

/**
 * Where each timer's label goes: kept inside the drawing (a node near the edge has its label moved
 * in), and a label that would overlap one placed before it (Sentinels side by side on a narrow
 * screen, each with a long down-after-milliseconds) is raised a line at a time until it is clear.
 */
export function timerLabelSpots(timers: readonly SceneTimer[], texts: readonly string[], fontPx: number, width: number): { x: number; y: number }[] {
  const placed: { l: number; r: number; y: number }[] = [];
  return timers.map((x, i) => {
    const w = textWidth(texts[i], fontPx) + 8;
    const half = w / 2;
    const cx = x.anchor === 'middle' ? Math.max(half, Math.min(width - half, x.labelX)) : x.labelX;
    const l = x.anchor === 'middle' ? cx - half : cx;
    let y = x.labelY;
    for (let k = 0; k < 6 && placed.some((p) => p.l < l + w && l < p.r && Math.abs(p.y - y) < fontPx + 2); k++) y -= fontPx + 3;
    placed.push({ l, r: l + w, y });
    return { x: cx, y };
  });
}

/** The words beside a timer's ring; a short one (under a Sentinel) shows the whole text on hover. */
function TimerLabel({ x, fontPx, text, full, at }: { x: SceneTimer; fontPx: number; text: string; full: string; at: { x: number; y: number } }) {
  return (
    <text className="topo-timer-text" data-timer-label={x.timer.name} x={at.x} y={at.y} textAnchor={x.anchor} fontSize={fontPx}>
      {text !== full && <title>{full}</title>}
      {text}
    </text>
  );
}

/** A timer in its short form: what it leads to and when ("+sdown in 3.0 s"). */
export function timerShortText(x: SceneTimer, t: T): string {
  return t(`timer.short.${x.timer.name}`, { secs: timerSeconds(x.leftMs) });
}

/** Each timer of the scene in words ("repl-timeout (r1) 56 s"), a link's peer by its node's name. */
export function timerTextsOf(views: readonly NodeView[], scene: Scene, t: T): string[] {
  const byPort = new Map(views.map((v) => [v.port, v.name]));
  const peerName = (peer: string) => byPort.get(Number(peer.slice(peer.lastIndexOf(':') + 1))) ?? peer;
  return scene.timers.map((x) => timerText(x, t, peerName));
}

/** The timers' sentence of the drawing's description ('' without timers), with a space before it. */
export function timersSummary(scene: Scene, timerTexts: readonly string[], t: T): string {
  return scene.timers.length ? ' ' + t('timer.summary', { list: scene.timers.map((x, i) => `${x.node}: ${timerTexts[i]}`).join('; ') }) : '';
}

export interface TopologySvgProps {
  readonly layout: TopologyLayout;
  readonly views: readonly NodeView[];
  readonly scene: Scene;
  readonly cutLinks: readonly string[];
  readonly down: readonly string[];
  readonly selectedNode?: string | null;
  readonly selectedFrame?: string | null;
  readonly title: string;
  /** The text description as first drawn (timersSummary gives the timers' sentence of it). */
  readonly desc: string;
  /** The description's element: the stage writes its text in place as it changes (every frame, maybe) without redrawing. */
  readonly descRef: RefObject<SVGDescElement | null>;
  /** Where the rings register how to move them between renders. */
  readonly rings?: RingMoves;
  readonly idBase: string;
  readonly t: T;
}

/** The links: redrawn only when a link's state or place changes (not as frames move). */
const LinksLayer = memo(function LinksLayer({ links }: { links: Scene['links']; linksKey: string }) {
  return (
    <>
      {links.map((l) => (
        <g key={l.key} className="topo-link" data-state={l.state} data-link={l.key}>
          {l.state === 'sync' && <line x1={l.seg.a.x} y1={l.seg.a.y} x2={l.seg.b.x} y2={l.seg.b.y} stroke="var(--link-sync)" strokeOpacity={0.25} strokeWidth={12} strokeLinecap="round" />}
          <line x1={l.seg.a.x} y1={l.seg.a.y} x2={l.seg.b.x} y2={l.seg.b.y} stroke={LINK_COLOUR[l.state]} strokeWidth={l.state === 'online' ? 3 : 2.5}
            strokeDasharray={LINK_DASH[l.state] || undefined} strokeLinecap={l.state === 'down' || l.state === 'cut' ? 'round' : 'butt'} />
          {l.state === 'cut' && (
            <g transform={`translate(${l.mid.x},${l.mid.y})`} stroke="var(--link-cut)" strokeWidth={3} strokeLinecap="round">
              <line x1={-6} y1={-6} x2={6} y2={6} /><line x1={-6} y1={6} x2={6} y2={-6} />
            </g>
          )}
        </g>
      ))}
    </>
  );
}, (a, b) => a.linksKey === b.linksKey);

/** The nodes: redrawn when the nodes' views, links or the selection change (not as frames move). */
const NodesLayer = memo(function NodesLayer({ layout, views, cutLinks, down, selectedNode, t }: {
  layout: TopologyLayout; views: readonly NodeView[]; cutLinks: readonly string[]; down: readonly string[]; selectedNode?: string | null; t: T;
}) {
  const { m } = layout;
  return (
    <>
      {views.map((v) => {
        const p = layout.nodes.get(v.name);
        if (!p) return null;
        const isDown = down.includes(v.name);
        const state = p.parent ? linkState(v, cutLinks, down, p.parent) : null;
        const sel = selectedNode === v.name;
        return (
          <g key={v.name} className="topo-node" data-node={v.name} data-role={p.role} transform={`translate(${p.x},${p.y})`} opacity={isDown ? 0.75 : 1}>
            {sel && <circle r={rimRadius(p, m) * 1.25 + 6} fill="none" stroke="var(--focus)" strokeWidth={3} />}
            <NodeShape role={p.role} r={m.r} down={isDown} crown={m.crown} />
            <NodeText lines={nodeLines(v, p, t, state, isDown, m.compact)} p={p} m={m} />
          </g>
        );
      })}
    </>
  );
});

/** A key that changes when a link's state or place does. */
function linksKey(links: Scene['links']): string {
  return links.map((l) => `${l.key}:${l.state}:${l.seg.a.x},${l.seg.a.y},${l.seg.b.x},${l.seg.b.y}`).join(';');
}

/** The stage's SVG: role="img" with a text summary; the drawing itself is hidden from assistive tech. */
export const TopologySvg = memo(function TopologySvg(props: TopologySvgProps) {
  const { layout, views, scene, t } = props;
  const { m } = layout;
  const fontPx = m.fontPx - 1;
  const timerTexts = timerTextsOf(views, scene, t);
  const labelTexts = scene.timers.map((x, i) => (x.short ? timerShortText(x, t) : timerTexts[i]));
  const labelSpots = timerLabelSpots(scene.timers, labelTexts, m.fontPx, layout.width);
  return (
    <svg className="topo-svg" width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img" aria-labelledby={`${props.idBase}-title ${props.idBase}-desc`}>
      <title id={`${props.idBase}-title`}>{props.title}</title>
      <desc id={`${props.idBase}-desc`} ref={props.descRef}>{props.desc}</desc>
      <g aria-hidden="true">
        {layout.bandX !== undefined && (
          <g className="topo-sentinel-band">
            <line x1={layout.bandX} x2={layout.bandX} y1={8} y2={layout.height - 8} stroke="var(--line)" strokeWidth={1} strokeDasharray="4 4" />
            <text x={layout.bandX + 8} y={m.fontPx + 4} fontSize={m.fontPx} className="topo-band-title">{t('sentinel.band')}</text>
          </g>
        )}
        {layout.bandY !== undefined && (
          <g className="topo-sentinel-band">
            <line x1={8} x2={layout.width - 8} y1={layout.bandY} y2={layout.bandY} stroke="var(--line)" strokeWidth={1} strokeDasharray="4 4" />
            <text x={10} y={layout.bandY + m.fontPx + 2} fontSize={m.fontPx} className="topo-band-title">{t('sentinel.band')}</text>
          </g>
        )}
        <LinksLayer links={scene.links} linksKey={linksKey(scene.links)} />
        {scene.bands.map((b) => (
          <g key={b.id} className="topo-band" data-frame={b.frame.kind}>
            <line x1={b.seg.a.x} y1={b.seg.a.y} x2={b.seg.b.x} y2={b.seg.b.y} stroke="var(--frame-rdb)" strokeOpacity={0.25} strokeWidth={12} />
            <line x1={b.seg.a.x} y1={b.seg.a.y} x2={b.head.x} y2={b.head.y} stroke="var(--frame-rdb)" strokeWidth={12} />
            {props.selectedFrame === b.id && <line x1={b.seg.a.x} y1={b.seg.a.y} x2={b.seg.b.x} y2={b.seg.b.y} stroke="var(--focus)" strokeWidth={2} />}
            <text className="topo-band-text" x={b.label.x} y={b.label.y + fontPx * 0.36} textAnchor="middle" fontSize={fontPx}>
              {bandText(b.frame.meta.label, b.p, b.seg.len, fontPx)}
            </text>
          </g>
        ))}
        {scene.timers.map((x) => <TimerRing key={x.key} x={x} rings={props.rings} />)}
        <NodesLayer layout={layout} views={views} cutLinks={props.cutLinks} down={props.down} selectedNode={props.selectedNode} t={t} />
        {scene.timers.map((x, i) => <TimerLabel key={x.key} x={x} fontPx={m.fontPx} text={labelTexts[i]} full={timerTexts[i]} at={labelSpots[i]} />)}
        {scene.pills.map((pill) => <Pill key={pill.id} pill={pill} selected={props.selectedFrame === pill.id} fontPx={fontPx} />)}
        {scene.counters.map((c) => (
          <text key={c.key} className="topo-counter" x={c.x} y={c.y} textAnchor="middle" fontSize={fontPx}>{t('topology.more', { n: c.n })}</text>
        ))}
      </g>
    </svg>
  );
});
