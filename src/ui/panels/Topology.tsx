// The topology stage: the cluster's nodes and replication links, with the frames on the wire at
// the cursor's simulated moment. Everything that moves is a pure function of cursorMs, so
// pause, step back and scrub need no timers. Buttons over the drawing select nodes and frames
// and open the node and link menus (also by right-click, or by pressing and holding a node or a
// link on a touch screen); cards below show a node's INFO fields and a frame's bytes.

import { useId, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { REDUCED_MOTION, useMediaQuery } from '../use-media-query.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { FrameList } from '../../runtime/frame-list.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { DiskView, UserAction } from '../../runtime/timeline-api.ts';
import type { ActionTarget } from '../../app/actions.ts';
import { findFrame, framesInFlight, indexFrames, progress, type FrameIndex } from './frames.ts';
import { layoutTopology } from './topology-layout.ts';
import { buildScene, sceneDrawKey, sceneLinks, type Scene } from './topology-scene.ts';
import type { LinkSettings } from './topology-links.ts';
import { sentinelLines, setRing, timersSummary, timerTextsOf, TopologySvg, type RingMoves, type T } from './TopologySvg.tsx';
import { FrameCard, Legend, NodeCard } from './TopologyCards.tsx';
import type { MenuActionId } from './TopologyMenu.tsx';
import { TopologyHits } from './TopologyHits.tsx';
import { useTopologyMenu } from './use-topology-menu.tsx';
import './topology.css';

export interface TopologyProps {
  readonly views: readonly NodeView[];
  /** Every frame of the run so far (appending to the same array, or passing a longer copy, is cheap). */
  readonly frames: FrameList;
  /** The cursor: ms since the run began. */
  readonly cursorMs: number;
  /** Links cut now, as 'a|b' pairs in either order. */
  readonly cutLinks: readonly string[];
  /** Nodes not running (crashed) at the cursor. */
  readonly down?: readonly string[];
  /** What the nodes not running have on their disks (their cards show it). */
  readonly disks?: readonly DiskView[];
  readonly selectedNode?: string | null;
  readonly selectedFrame?: string | null;
  onSelectNode(name: string | null): void;
  onSelectFrame(id: string | null): void;
  /** A menu item of the action catalogue chosen (crash, restart, add a replica, promote, remove; cut, heal, kill). */
  onRun(id: MenuActionId, target: ActionTarget): void;
  /** What the other items do: a REPLICAOF target, a link's latency or bandwidth. */
  onAction(a: UserAction): void;
  /** A link's latency, jitter and bandwidth now (the simulator's default link when absent). */
  linkSettings?(a: string, b: string): LinkSettings;
  /** Frames fade in at the receiver instead of travelling (default: the prefers-reduced-motion setting). */
  readonly reducedMotion?: boolean;
  /** The stage size; measured from the container when absent. */
  readonly width?: number;
  readonly height?: number;
  readonly t: T;
}

function useStageSize(ref: RefObject<HTMLDivElement | null>, fixed: { width?: number; height?: number }) {
  const [size, setSize] = useState({ width: fixed.width ?? 800, height: fixed.height ?? 420 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || (fixed.width && fixed.height) || typeof ResizeObserver !== 'function') return;
    const read = () => setSize((s) => {
      const w = fixed.width ?? Math.floor(el.clientWidth), h = fixed.height ?? Math.max(240, Math.floor(el.clientHeight));
      return s.width === w && s.height === h ? s : { width: w, height: h };
    });
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fixed.width, fixed.height]);
  return { width: fixed.width ?? size.width, height: fixed.height ?? size.height };
}

/** The nodes' part of the description: it changes with the views, the links and the nodes down, not as frames move. */
export function describeNodes(views: readonly NodeView[], links: Scene['links'], down: readonly string[], t: T): string[] {
  const parts: string[] = [];
  const linkOf = new Map(links.map((l) => [l.replica, l]));
  for (const v of views) {
    const l = linkOf.get(v.name);
    if (down.includes(v.name)) parts.push(t('topology.desc.down', { name: v.name }));
    else if (v.sentinel) parts.push(`${v.name} (${t('topology.role.sentinel')}): ${sentinelLines(v, t).slice(1).join(', ')}.`);
    else if (!l) {
      const n = v.replicas.length;
      parts.push(t('topology.desc.master', { name: v.name, offset: v.masterReplOffset, replicas: n === 1 ? t('topology.node.oneReplica') : n ? t('topology.node.replicas', { n }) : t('topology.node.noReplicas') }));
    } else {
      parts.push(t('topology.desc.replica', { name: v.name, master: l.master, role: t(views.find((x) => x.name === l.master)?.role === 'replica' ? 'topology.role.sub' : 'topology.role.replica'), state: t(`topology.link.${l.state}`), offset: v.masterReplOffset }));
    }
  }
  return parts;
}

/** The text a screen reader gets for the drawing: who replicates from whom, link states, traffic. */
export function describeScene(views: readonly NodeView[], scene: Scene, inflight: readonly FrameRecord[], t: T, cursorMs: number,
  nodes: readonly string[]): string {
  const parts = [t('topology.desc.summary', { nodes: views.length, links: scene.links.length, frames: inflight.length }), ...nodes];
  // Frames on the wire, by direction (inflight is in send order: the last is the newest).
  const byDir = new Map<string, { from: string; to: string; n: number; label: string }>();
  for (const f of inflight) {
    if (f.kind === 'rdb') continue;
    const k = `${f.from}>${f.to}`;
    const g = byDir.get(k) ?? { from: f.from, to: f.to, n: 0, label: '' };
    g.n++;
    g.label = f.meta.label;
    byDir.set(k, g);
  }
  for (const g of byDir.values()) parts.push(t('topology.desc.frames', g));
  for (const b of scene.bands) parts.push(t('topology.desc.rdb', { from: b.frame.from, to: b.frame.to, percent: Math.floor(progress(cursorMs, b.frame.sentAtMs, b.frame.arriveAtMs) * 100) }));
  return parts.join(' ');
}

const NONE: readonly string[] = [];

export function Topology(props: TopologyProps) {
  const { views, frames, cursorMs, cutLinks, t } = props;
  const down = props.down ?? NONE;
  const idBase = useId().replace(/:/g, '');
  const stageRef = useRef<HTMLDivElement>(null);
  const { width, height } = useStageSize(stageRef, { width: props.width, height: props.height });
  // The cards go beside the stage only if the stage stays wide (not compact) with them there;
  // otherwise they overlay it as a sheet, so opening them never flips the layout back and forth.
  const bodyRef = useRef<HTMLDivElement>(null);
  const bodyWidth = useStageSize(bodyRef, { width: props.width ? props.width + 300 : undefined, height: props.height }).width;
  const prefersRM = useMediaQuery(REDUCED_MOTION);
  const reducedMotion = props.reducedMotion ?? prefersRM;
  const canvasRef = useRef<HTMLDivElement>(null);

  // The layout changes only when the structure does (who replicates whom) or the stage is resized.
  const shape = views.map((v) => `${v.name}:${v.role}:${v.masterHost ?? ''}:${v.masterPort}:${v.sentinel ? 'S' : ''}`).join(',');
  const layout = useMemo(() => layoutTopology(views, width, height), [shape, width, height]); // not on each view's offsets
  const indexRef = useRef<FrameIndex | null>(null);
  const index = useMemo(() => (indexRef.current = indexFrames(frames, indexRef.current)), [frames, frames.length]);
  const inflight = framesInFlight(index, cursorMs);
  // The links change with the views, not as frames move (one array per panel refresh).
  const links = useMemo(() => sceneLinks({ layout, views, cutLinks, down }), [layout, views, cutLinks, down]);
  const fresh = buildScene({ layout, views, inflight, t: cursorMs, cutLinks, down, reducedMotion, links });
  const nodesDesc = useMemo(() => describeNodes(views, links, down, t), [views, links, down, t]);
  const timerTexts = timerTextsOf(views, fresh, t);
  const desc = describeScene(views, fresh, inflight, t, cursorMs, nodesDesc) + timersSummary(fresh, timerTexts, t);
  // While playing, most frames draw what the last one drew (the frames on the wire at the same
  // places, the same timer words): the drawing and its buttons keep the last scene and are not
  // rendered again; the rings move and the description is written in place (frame budget).
  const drawKey = sceneDrawKey(fresh, timerTexts);
  const drawn = useRef<{ key: string; scene: Scene } | null>(null);
  const scene = drawn.current?.key === drawKey && drawn.current.scene.links === fresh.links ? drawn.current.scene : fresh;
  const rings = useRef<RingMoves>(new Map()).current;
  const descRef = useRef<SVGDescElement>(null);
  // The description as first drawn (a page rendered on a server has it); then written in place.
  const [firstDesc] = useState(desc);
  useLayoutEffect(() => {
    drawn.current = { key: drawKey, scene };
    for (const x of fresh.timers) {
      const a = rings.get(x.key);
      if (a) setRing(a, x.left);
    }
    if (descRef.current!.textContent !== desc) descRef.current!.textContent = desc;
  });
  const { m } = layout;

  const selectedView = views.find((v) => v.name === props.selectedNode);
  const selectedFrame = useMemo(() => findFrame(index, props.selectedFrame), [index, props.selectedFrame, frames.length]);
  const menus = useTopologyMenu({
    views, down, scene, compact: m.compact, width: layout.width, height: layout.height, selectedNode: props.selectedNode, idBase, canvasRef, t,
    onAction: props.onAction, onRun: props.onRun, linkSettings: props.linkSettings,
  });
  const { menu, setMenu } = menus;

  const cards = (selectedView || selectedFrame) && (
    <div className={m.compact || bodyWidth - 300 < 640 ? 'topo-cards topo-cards-sheet' : 'topo-cards'}>
      {selectedView && (
        <NodeCard view={selectedView} role={layout.nodes.get(selectedView.name)?.role ?? 'master'} down={down.includes(selectedView.name)}
          disk={props.disks?.find((d) => d.node === selectedView.name)} t={t} onClose={() => props.onSelectNode(null)}>
          {m.compact && (
            <div className="topo-card-actions">
              <button type="button" id={`${idBase}-cardmenu`} className="topo-btn" aria-haspopup="menu" aria-expanded={menu?.kind === 'node' && menu.inline}
                onClick={() => setMenu(menu ? null : { kind: 'node', node: selectedView.name, sub: 'main', x: 0, y: 0, opener: `${idBase}-cardmenu`, inline: true })}>
                {t('topology.action.actions')}
              </button>
              {menu?.kind === 'node' && menu.inline && menus.render()}
            </div>
          )}
        </NodeCard>
      )}
      {selectedFrame && <FrameCard frame={selectedFrame} cursorMs={cursorMs} t={t} onClose={() => props.onSelectFrame(null)} />}
    </div>
  );

  return (
    <section className="topo" aria-label={t('topology.title')} data-testid="topology" data-compact={m.compact}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || menu) return;
        if (props.selectedFrame) props.onSelectFrame(null);
        else if (props.selectedNode) props.onSelectNode(null);
      }}>
      <Legend t={t} compact={m.compact} sentinels={layout.bandY !== undefined || layout.bandX !== undefined} />
      <div className="topo-body" ref={bodyRef}>
        <div className="topo-stage" ref={stageRef}>
          <div className="topo-canvas" ref={canvasRef} style={{ width: layout.width, height: layout.height }}>
            <TopologySvg layout={layout} views={views} scene={scene} cutLinks={cutLinks} down={down} selectedNode={props.selectedNode}
              selectedFrame={props.selectedFrame} title={t('topology.title')} desc={firstDesc} descRef={descRef} rings={rings} idBase={idBase} t={t} />
            <TopologyHits views={views} layout={layout} scene={scene} cutLinks={cutLinks} down={down} selectedNode={props.selectedNode}
              selectedFrame={props.selectedFrame} onSelectNode={props.onSelectNode} onSelectFrame={props.onSelectFrame} idBase={idBase} menu={menus} t={t} />
            {menus.popover()}
          </div>
        </div>
        {cards}
      </div>
    </section>
  );
}
