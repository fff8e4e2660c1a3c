// The topology stage: the cluster's nodes and replication links, with the frames on the wire at
// the cursor's simulated moment. Everything that moves is a pure function of cursorMs, so
// pause, step back and scrub need no timers. Buttons over the drawing select nodes and frames
// and open the node and link menus (also by right-click, or by pressing and holding a node or a
// link on a touch screen); cards below show a node's INFO fields and a frame's bytes.

import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { REDUCED_MOTION, useMediaQuery } from '../use-media-query.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { UserAction } from '../../runtime/timeline-api.ts';
import { findFrame, framesInFlight, indexFrames, progress, type FrameIndex } from './frames.ts';
import { fitText, layoutTopology, textWidth } from './topology-layout.ts';
import { buildScene, type Scene } from './topology-scene.ts';
import { DEFAULT_LINK_SETTINGS, linkState, type LinkSettings } from './topology-links.ts';
import { TopologySvg, nodeLines, type T } from './TopologySvg.tsx';
import { FrameCard, Legend, NodeCard } from './TopologyCards.tsx';
import { ActionMenu, linkMenuItems, nodeMenuItems, replicaOfItems, type MenuEffect, type MenuItem } from './TopologyMenu.tsx';
import { LinkForm } from './LinkForm.tsx';
import { useLongPress, type PressPoint } from './use-long-press.ts';
import { assertNever } from '../../engine/assert.ts';
import './topology.css';

export interface TopologyProps {
  readonly views: readonly NodeView[];
  /** Every frame of the run so far (appending to the same array, or passing a longer copy, is cheap). */
  readonly frames: readonly FrameRecord[];
  /** The cursor: ms since the run began. */
  readonly cursorMs: number;
  /** Links cut now, as 'a|b' pairs in either order. */
  readonly cutLinks: readonly string[];
  /** Nodes not running (crashed) at the cursor. */
  readonly down?: readonly string[];
  readonly selectedNode?: string | null;
  readonly selectedFrame?: string | null;
  onSelectNode(name: string | null): void;
  onSelectFrame(id: string | null): void;
  onAction(a: UserAction): void;
  onAddReplica(of: string): void;
  onRemove(node: string): void;
  /** A link's latency, jitter and bandwidth now (the simulator's default link when absent). */
  linkSettings?(a: string, b: string): LinkSettings;
  /** Frames fade in at the receiver instead of travelling (default: the prefers-reduced-motion setting). */
  readonly reducedMotion?: boolean;
  /** The stage size; measured from the container when absent. */
  readonly width?: number;
  readonly height?: number;
  readonly t: T;
}

/** A link's latency or bandwidth form, shown in place of the menu's list. */
type FormState = { readonly kind: 'latency' | 'bandwidth'; readonly a: string; readonly b: string };

type MenuState =
  | { kind: 'node'; node: string; sub: 'main' | 'replicaOf'; x: number; y: number; opener: string; inline: boolean; form?: FormState }
  | { kind: 'link'; master: string; replica: string; x: number; y: number; opener: string; form?: FormState };

const menuKey = (s: MenuState) =>
  (s.kind === 'node' ? `node-${s.node}-${s.sub}` : `link-${s.master}-${s.replica}`) + (s.form ? `-${s.form.kind}-${s.form.a}-${s.form.b}` : '');


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

/** The text a screen reader gets for the drawing: who replicates from whom, link states, traffic. */
export function describeScene(views: readonly NodeView[], scene: Scene, inflight: readonly FrameRecord[], down: readonly string[], t: T, cursorMs: number): string {
  const parts = [t('topology.desc.summary', { nodes: views.length, links: scene.links.length, frames: inflight.length })];
  const linkOf = new Map(scene.links.map((l) => [l.replica, l]));
  for (const v of views) {
    const l = linkOf.get(v.name);
    if (down.includes(v.name)) parts.push(t('topology.desc.down', { name: v.name }));
    else if (!l) {
      const n = v.replicas.length;
      parts.push(t('topology.desc.master', { name: v.name, offset: v.masterReplOffset, replicas: n === 1 ? t('topology.node.oneReplica') : n ? t('topology.node.replicas', { n }) : t('topology.node.noReplicas') }));
    } else {
      parts.push(t('topology.desc.replica', { name: v.name, master: l.master, role: t(views.find((x) => x.name === l.master)?.role === 'replica' ? 'topology.role.sub' : 'topology.role.replica'), state: t(`topology.link.${l.state}`), offset: v.masterReplOffset }));
    }
  }
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

export function Topology(props: TopologyProps) {
  const { views, frames, cursorMs, cutLinks, t } = props;
  const down = props.down ?? [];
  const idBase = useId().replace(/:/g, '');
  const stageRef = useRef<HTMLDivElement>(null);
  const { width, height } = useStageSize(stageRef, { width: props.width, height: props.height });
  // The cards go beside the stage only if the stage stays wide (not compact) with them there;
  // otherwise they overlay it as a sheet, so opening them never flips the layout back and forth.
  const bodyRef = useRef<HTMLDivElement>(null);
  const bodyWidth = useStageSize(bodyRef, { width: props.width ? props.width + 300 : undefined, height: props.height }).width;
  const prefersRM = useMediaQuery(REDUCED_MOTION);
  const reducedMotion = props.reducedMotion ?? prefersRM;
  const [menu, setMenu] = useState<MenuState | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);

  // The layout changes only when the structure does (who replicates whom) or the stage is resized.
  const shape = views.map((v) => `${v.name}:${v.role}:${v.masterHost ?? ''}`).join(',');
  const layout = useMemo(() => layoutTopology(views, width, height), [shape, width, height]); // not on each view's offsets
  const indexRef = useRef<FrameIndex | null>(null);
  const index = useMemo(() => (indexRef.current = indexFrames(frames, indexRef.current)), [frames, frames.length]);
  const inflight = framesInFlight(index, cursorMs);
  const scene = buildScene({ layout, views, inflight, t: cursorMs, cutLinks, down, reducedMotion });
  const desc = describeScene(views, scene, inflight, down, t, cursorMs);
  const { m } = layout;

  const selectedView = views.find((v) => v.name === props.selectedNode);
  const selectedFrame = useMemo(() => findFrame(index, props.selectedFrame), [index, props.selectedFrame, frames.length]);
  const viewOf = (n: string) => views.find((v) => v.name === n);

  // A menu whose node is gone, or (on a phone) whose node is no longer the selected one, closes.
  useEffect(() => {
    if (menu?.kind === 'node' && (!viewOf(menu.node) || (menu.inline && menu.node !== props.selectedNode))) setMenu(null);
  });

  const closeMenu = () => {
    const opener = menu?.opener;
    setMenu(null);
    if (opener) document.getElementById(opener)?.focus();
  };
  const pick = (e: MenuEffect) => {
    switch (e.type) {
      case 'action': props.onAction(e.action); closeMenu(); break;
      case 'addReplica': props.onAddReplica(e.node); closeMenu(); break;
      case 'remove': props.onRemove(e.node); closeMenu(); break;
      case 'replicaOfMenu': if (menu?.kind === 'node') setMenu({ ...menu, sub: 'replicaOf' }); break;
      case 'back': if (menu?.kind === 'node') setMenu({ ...menu, sub: 'main' }); break;
      case 'linkForm': if (menu) setMenu({ ...menu, form: { kind: e.form, a: e.a, b: e.b } }); break;
      default: assertNever(e);
    }
  };
  const settingsOf = (a: string, b: string) => props.linkSettings?.(a, b) ?? DEFAULT_LINK_SETTINGS;
  // Press and hold (touch) or right-click (mouse) on a node or a link opens its menu where it was pressed.
  const press = useLongPress<string>((key: string, at: PressPoint) => {
    const r = canvasRef.current?.getBoundingClientRect();
    const x = at.clientX - (r?.left ?? 0), y = at.clientY - (r?.top ?? 0);
    if (key.startsWith('node:')) {
      const node = key.slice(5);
      setMenu({ kind: 'node', node, sub: 'main', x, y, opener: `${idBase}-node-${node}`, inline: false });
    } else {
      const [master, replica] = key.slice(5).split('|');
      setMenu({ kind: 'link', master, replica, x, y, opener: `${idBase}-link-${master}-${replica}` });
    }
  });
  const menuItems = (): { label: string; items: MenuItem[] } | null => {
    if (!menu) return null;
    if (menu.kind === 'link') {
      const l = scene.links.find((x) => x.master === menu.master && x.replica === menu.replica);
      return l ? { label: t('topology.aria.linkMenu', { master: l.master, replica: l.replica, state: t(`topology.link.${l.state}`) }), items: linkMenuItems(l.master, l.replica, l.state, t, settingsOf(l.master, l.replica)) } : null;
    }
    const v = viewOf(menu.node);
    if (!v) return null;
    const label = t('topology.aria.nodeMenu', { name: v.name });
    if (menu.sub === 'replicaOf') return { label, items: replicaOfItems(v, views, t) };
    const items = nodeMenuItems(v, down.includes(v.name), t);
    // On a phone the links have no buttons of their own: their actions join the node's menu.
    if (menu.inline || m.compact) {
      for (const l of scene.links) {
        if (l.master !== v.name && l.replica !== v.name) continue;
        items.push(...linkMenuItems(l.master, l.replica, l.state, t, settingsOf(l.master, l.replica)).map((it) => ({ ...it, key: `${l.key}-${it.key}` })));
      }
    }
    return { label, items };
  };
  const openMenu = menuItems();
  /** The open menu's list, or the link form it has moved on to. */
  const renderMenu = (style?: CSSProperties) => {
    if (!menu || !openMenu) return null;
    if (menu.form) {
      const f = menu.form;
      return (
        <LinkForm key={menuKey(menu)} kind={f.kind} a={f.a} b={f.b} settings={settingsOf(f.a, f.b)} style={style} t={t}
          onApply={(a) => { props.onAction(a); closeMenu(); }} onBack={() => setMenu({ ...menu, form: undefined })} onClose={closeMenu} />
      );
    }
    return <ActionMenu label={openMenu.label} items={openMenu.items} onPick={pick} onClose={closeMenu} style={style} testId="topo-menu" listKey={menuKey(menu)} />;
  };
  const popoverStyle = (x: number, y: number): CSSProperties => ({
    left: Math.max(4, Math.min(x, layout.width - 270)),
    ...(y > layout.height / 2 ? { bottom: layout.height - y + 6 } : { top: y + 6 }),
  });

  const bunchedLabel = (n: number, label: string) => (n > 0 ? t('topology.aria.bunched', { label, n }) : label);
  const hitR = Math.max(m.r + 6, m.compact ? 22 : 0);
  const cards = (selectedView || selectedFrame) && (
    <div className={m.compact || bodyWidth - 300 < 640 ? 'topo-cards topo-cards-sheet' : 'topo-cards'}>
      {selectedView && (
        <NodeCard view={selectedView} role={layout.nodes.get(selectedView.name)?.role ?? 'master'} down={down.includes(selectedView.name)} t={t} onClose={() => props.onSelectNode(null)}>
          {m.compact && (
            <div className="topo-card-actions">
              <button type="button" id={`${idBase}-cardmenu`} className="topo-btn" aria-haspopup="menu" aria-expanded={menu?.kind === 'node' && menu.inline}
                onClick={() => setMenu(menu ? null : { kind: 'node', node: selectedView.name, sub: 'main', x: 0, y: 0, opener: `${idBase}-cardmenu`, inline: true })}>
                {t('topology.action.actions')}
              </button>
              {menu?.kind === 'node' && menu.inline && renderMenu()}
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
      <Legend t={t} compact={m.compact} />
      <div className="topo-body" ref={bodyRef}>
        <div className="topo-stage" ref={stageRef}>
          <div className="topo-canvas" ref={canvasRef} style={{ width: layout.width, height: layout.height }}>
            <TopologySvg layout={layout} views={views} scene={scene} cutLinks={cutLinks} down={down} selectedNode={props.selectedNode}
              selectedFrame={props.selectedFrame} title={t('topology.title')} desc={desc} idBase={idBase} t={t} />
            <div className="topo-hits">
              {scene.links.map((l) => {
                // The whole line answers to a long-press or a right-click (under the nodes and frames).
                const h = m.compact ? 28 : 16;
                const angle = (Math.atan2(l.seg.b.y - l.seg.a.y, l.seg.b.x - l.seg.a.x) * 180) / Math.PI;
                return (
                  <div key={`strip-${l.key}`} className="topo-link-strip" aria-hidden="true" data-testid={`topo-link-strip-${l.key}`}
                    style={{ left: l.seg.a.x, top: l.seg.a.y - h / 2, width: l.seg.len, height: h, transform: `rotate(${angle.toFixed(2)}deg)`, transformOrigin: `0 ${h / 2}px` }}
                    {...press(`link:${l.master}|${l.replica}`)} />
                );
              })}
              {views.map((v) => {
                const p = layout.nodes.get(v.name);
                if (!p) return null;
                const isDown = down.includes(v.name);
                const lines = nodeLines(v, p, t, p.parent ? linkState(v, cutLinks, down) : null, isDown, m.compact);
                const sel = props.selectedNode === v.name;
                const ring = p.role === 'sub' ? 5 : 0;
                // The menu button follows the first text line (name and role).
                const w1 = Math.min(m.labelW, textWidth(fitText(lines[0], m.labelW, m.fontPx * 1.08), m.fontPx * 1.08));
                const menuLeft = p.label === 'below' ? p.x + w1 / 2 + 4 : p.x + m.r + ring + 8 + w1 + 4;
                const menuTop = (p.label === 'below' ? p.y + m.r + ring + 4 : p.y - 1.5 * m.lineH) + m.lineH / 2 - 12;
                const menuId = `${idBase}-menu-${v.name}`;
                const open = menu?.kind === 'node' && menu.node === v.name && !menu.inline;
                return [
                  <button key={`s-${v.name}`} id={`${idBase}-node-${v.name}`} type="button" className="topo-hit topo-hit-node" data-testid={`topo-node-${v.name}`}
                    style={{ left: p.x - hitR, top: p.y - hitR, width: 2 * hitR, height: 2 * hitR }}
                    aria-pressed={sel} aria-label={t('topology.aria.node', { name: v.name, role: t(`topology.role.${p.role}`), offset: v.masterReplOffset, status: lines[2] })}
                    {...press(`node:${v.name}`, () => props.onSelectNode(sel ? null : v.name))} />,
                  !m.compact && (
                    <button key={`m-${v.name}`} id={menuId} type="button" className="topo-btn topo-hit topo-menu-btn" data-testid={`topo-node-menu-${v.name}`}
                      style={{ left: menuLeft, top: menuTop }} aria-haspopup="menu" aria-expanded={open} aria-label={t('topology.aria.nodeMenu', { name: v.name })}
                      onClick={() => setMenu(open ? null : { kind: 'node', node: v.name, sub: 'main', x: menuLeft, y: menuTop + 24, opener: menuId, inline: false })}>⋯</button>
                  ),
                ];
              })}
              {!m.compact && scene.links.map((l) => {
                const id = `${idBase}-link-${l.key.replace('|', '-')}`;
                const open = menu?.kind === 'link' && menu.master === l.master && menu.replica === l.replica;
                return (
                  <button key={l.key} id={id} type="button" className="topo-btn topo-hit topo-link-btn" data-testid={`topo-link-${l.key}`}
                    style={{ left: l.mid.x - 11, top: l.mid.y - 11 }} aria-haspopup="menu" aria-expanded={open}
                    aria-label={t('topology.aria.linkMenu', { master: l.master, replica: l.replica, state: t(`topology.link.${l.state}`) })}
                    {...press(`link:${l.master}|${l.replica}`, () => setMenu(open ? null : { kind: 'link', master: l.master, replica: l.replica, x: l.mid.x - 11, y: l.mid.y + 11, opener: id }))}>⋯</button>
                );
              })}
              {scene.bands.map((b) => (
                <button key={b.id} type="button" className="topo-hit topo-hit-frame" aria-pressed={props.selectedFrame === b.id}
                  style={{ left: b.label.x - 60, top: b.label.y - 10, width: 120, height: 20 }}
                  aria-label={t('topology.aria.rdb', { from: b.frame.from, to: b.frame.to, bytes: b.frame.bytes, percent: Math.floor(b.p * 100) })}
                  onClick={() => props.onSelectFrame(props.selectedFrame === b.id ? null : b.id)} />
              ))}
              {scene.pills.map((p) => {
                const hh = m.compact ? 44 : p.h; // a 44 px tap target on phones
                return (
                  <button key={p.id} type="button" className="topo-hit topo-hit-frame" data-testid="topo-frame" aria-pressed={props.selectedFrame === p.id}
                    style={{ left: p.x - p.w / 2, top: p.y - hh / 2, width: p.w, height: hh, transform: p.angle ? `rotate(${p.angle.toFixed(1)}deg)` : undefined }}
                    aria-label={bunchedLabel(p.bunched, t('topology.aria.frame', { kind: t(`topology.kind.${p.frame.kind}`), label: p.frame.meta.label, bytes: p.frame.bytes, from: p.frame.from, to: p.frame.to }))}
                    onClick={() => props.onSelectFrame(props.selectedFrame === p.id ? null : p.id)} />
                );
              })}
            </div>
            {menu && !(menu.kind === 'node' && menu.inline) && renderMenu(popoverStyle(menu.x, menu.y))}
          </div>
        </div>
        {cards}
      </div>
    </section>
  );
}
