// The buttons over the stage's drawing: a press band along every link (long-press or right-click
// opens its menu), a button per node (select; ⋯ opens its menu), a ⋯ per link, and a button per
// frame or RDB transfer drawn (select it to read its bytes). On phones and touch screens the ⋯
// buttons stay visible and are 44 px tap targets (a small disc inside).

import { memo } from 'react';
import type { NodeView } from '../../runtime/protocol.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import { COARSE_POINTER, useMediaQuery } from '../use-media-query.ts';
import { fitText, textWidth, type TopologyLayout } from './topology-layout.ts';
import type { Scene } from './topology-scene.ts';
import { linkState } from './topology-links.ts';
import { nodeLines, type T } from './TopologySvg.tsx';
import type { MenuState, TopologyMenuApi } from './use-topology-menu.tsx';

export interface TopologyHitsProps {
  readonly views: readonly NodeView[];
  readonly layout: TopologyLayout;
  readonly scene: Scene;
  readonly cutLinks: readonly string[];
  readonly down: readonly string[];
  readonly selectedNode?: string | null;
  readonly selectedFrame?: string | null;
  onSelectNode(name: string | null): void;
  onSelectFrame(id: string | null): void;
  readonly idBase: string;
  readonly menu: Pick<TopologyMenuApi, 'menu' | 'setMenu' | 'press'>;
  readonly t: T;
  /** 44 px ⋯ buttons (a phone's stage, a touch screen). */
  readonly touch?: boolean;
}

// The strips and the node and link buttons are memoised: their props change when the views, the
// links, the selection or a menu do, not as frames move, so a playing frame redraws only the
// frames' buttons.

/** The whole line answers to a long-press or a right-click (under the nodes and frames). */
const LinkStrips = memo(function LinkStrips({ links, compact, press }: { links: Scene['links']; compact: boolean; press: TopologyMenuApi['press'] }) {
  const h = compact ? 28 : 16;
  return links.map((l) => {
    const angle = (Math.atan2(l.seg.b.y - l.seg.a.y, l.seg.b.x - l.seg.a.x) * 180) / Math.PI;
    return (
      <div key={`strip-${l.key}`} className="topo-link-strip" aria-hidden="true" data-testid={`topo-link-strip-${l.key}`}
        style={{ left: l.seg.a.x, top: l.seg.a.y - h / 2, width: l.seg.len, height: h, transform: `rotate(${angle.toFixed(2)}deg)`, transformOrigin: `0 ${h / 2}px` }}
        {...press(`link:${l.master}|${l.replica}`)} />
    );
  });
});

interface NodeButtonsProps {
  readonly views: readonly NodeView[];
  readonly layout: TopologyLayout;
  readonly cutLinks: readonly string[];
  readonly down: readonly string[];
  readonly selectedNode?: string | null;
  onSelectNode(name: string | null): void;
  readonly idBase: string;
  readonly menu: MenuState | null;
  readonly setMenu: TopologyMenuApi['setMenu'];
  readonly press: TopologyMenuApi['press'];
  readonly touch: boolean;
  readonly t: T;
}

const NodeButtons = memo(function NodeButtons(p: NodeButtonsProps) {
  const { views, layout, cutLinks, down, idBase, t, menu, setMenu, press } = p;
  const { m } = layout;
  const hitR = Math.max(m.r + 6, m.compact ? 22 : 0);
  return views.map((v) => {
    const place = layout.nodes.get(v.name);
    if (!place) return null;
    const lines = nodeLines(v, place, t, place.parent ? linkState(v, cutLinks, down, place.parent) : null, down.includes(v.name), m.compact);
    const sel = p.selectedNode === v.name;
    const ring = place.role === 'sub' ? 5 : 0;
    // The menu button follows the first text line (name and role).
    const w1 = Math.min(m.labelW, textWidth(fitText(lines[0], m.labelW, m.fontPx * 1.08), m.fontPx * 1.08));
    const size = p.touch ? 44 : 24;
    const lineEnd = place.label === 'below' ? place.x + w1 / 2 : place.x + m.r + ring + 8 + w1;
    let menuLeft = lineEnd + (p.touch ? 0 : 4);
    let menuTop = (place.label === 'below' ? place.y + m.r + ring + 4 : place.y - 1.5 * m.lineH) + m.lineH / 2 - size / 2;
    if (m.compact) {
      // A phone's stage has no room beside the labels: the ⋯ sits at the node's upper right.
      const d = (m.r + ring) * 0.75 + 10;
      menuLeft = place.x + d - size / 2;
      menuTop = place.y - d - size / 2;
    }
    menuLeft = Math.max(0, Math.min(menuLeft, layout.width - size));
    menuTop = Math.max(0, Math.min(menuTop, layout.height - size));
    const menuId = `${idBase}-menu-${v.name}`;
    const open = menu?.kind === 'node' && menu.node === v.name && !menu.inline;
    return [
      <button key={`s-${v.name}`} id={`${idBase}-node-${v.name}`} type="button" className="topo-hit topo-hit-node" data-testid={`topo-node-${v.name}`}
        style={{ left: place.x - hitR, top: place.y - hitR, width: 2 * hitR, height: 2 * hitR }}
        aria-pressed={sel} aria-label={down.includes(v.name) ? t('cards.aria.down', { name: v.name })
          : t('topology.aria.node', { name: v.name, role: t(`topology.role.${place.role}`), offset: v.masterReplOffset, status: lines[2] })}
        {...press(`node:${v.name}`, () => p.onSelectNode(sel ? null : v.name))} />,
      <button key={`m-${v.name}`} id={menuId} type="button" className="topo-btn topo-hit topo-menu-btn" data-testid={`topo-node-menu-${v.name}`} data-touch={p.touch}
        style={{ left: menuLeft, top: menuTop }} aria-haspopup="menu" aria-expanded={open} aria-label={t('topology.aria.nodeMenu', { name: v.name })}
        onClick={() => setMenu(open ? null : { kind: 'node', node: v.name, sub: 'main', x: menuLeft, y: menuTop + size, opener: menuId, inline: false })}>⋯</button>,
    ];
  });
});

const LinkButtons = memo(function LinkButtons({ links, idBase, menu, setMenu, press, touch, t }: { links: Scene['links']; idBase: string; menu: MenuState | null; setMenu: TopologyMenuApi['setMenu']; press: TopologyMenuApi['press']; touch: boolean; t: T }) {
  const half = touch ? 22 : 11;
  return links.map((l) => {
    const id = `${idBase}-link-${l.key.replace('|', '-')}`;
    const open = menu?.kind === 'link' && menu.master === l.master && menu.replica === l.replica;
    return (
      <button key={l.key} id={id} type="button" className="topo-btn topo-hit topo-link-btn" data-testid={`topo-link-${l.key}`} data-touch={touch}
        style={{ left: l.mid.x - half, top: l.mid.y - half }} aria-haspopup="menu" aria-expanded={open}
        aria-label={t('topology.aria.linkMenu', { master: l.master, replica: l.replica, state: t(`topology.link.${l.state}`) })}
        {...press(`link:${l.master}|${l.replica}`, () => setMenu(open ? null : { kind: 'link', master: l.master, replica: l.replica, x: l.mid.x - half, y: l.mid.y + half, opener: id }))}>⋯</button>
    );
  });
});

/** The frames' button labels, written once per frame and language (not at every frame drawn). */
const frameLabels = new WeakMap<T, WeakMap<FrameRecord, string>>();
function frameLabel(f: FrameRecord, t: T): string {
  let byFrame = frameLabels.get(t);
  if (!byFrame) frameLabels.set(t, (byFrame = new WeakMap()));
  let label = byFrame.get(f);
  if (label === undefined) {
    label = t('topology.aria.frame', { kind: t(`topology.kind.${f.kind}`), label: f.meta.label, bytes: f.bytes, from: f.from, to: f.to });
    byFrame.set(f, label);
  }
  return label;
}

function FrameButtons({ scene, compact, selectedFrame, onSelectFrame, t }: { scene: Scene; compact: boolean; selectedFrame?: string | null; onSelectFrame(id: string | null): void; t: T }) {
  const bunchedLabel = (n: number, label: string) => (n > 0 ? t('topology.aria.bunched', { label, n }) : label);
  return (
    <>
      {scene.bands.map((b) => (
        <button key={b.id} type="button" className="topo-hit topo-hit-frame" aria-pressed={selectedFrame === b.id}
          style={{ left: b.label.x - 60, top: b.label.y - 10, width: 120, height: 20 }}
          aria-label={t('topology.aria.rdb', { from: b.frame.from, to: b.frame.to, bytes: b.frame.bytes, percent: Math.floor(b.p * 100) })}
          onClick={() => onSelectFrame(selectedFrame === b.id ? null : b.id)} />
      ))}
      {scene.pills.map((p) => {
        const hh = compact ? 44 : p.h; // a 44 px tap target on phones
        return (
          <button key={p.id} type="button" className="topo-hit topo-hit-frame" data-testid="topo-frame" aria-pressed={selectedFrame === p.id}
            // Moved by transform, not left/top: a frame crossing a link re-lays out nothing (frame budget).
            style={{ left: 0, top: 0, width: p.w, height: hh, transform: `translate(${(p.x - p.w / 2).toFixed(1)}px,${(p.y - hh / 2).toFixed(1)}px)${p.angle ? ` rotate(${p.angle.toFixed(1)}deg)` : ''}` }}
            aria-label={bunchedLabel(p.bunched, frameLabel(p.frame, t))}
            onClick={() => onSelectFrame(selectedFrame === p.id ? null : p.id)} />
        );
      })}
    </>
  );
}

export function TopologyHits(p: TopologyHitsProps) {
  const { scene, layout, idBase, t } = p;
  const compact = layout.m.compact;
  const { menu, setMenu, press } = p.menu;
  const coarse = useMediaQuery(COARSE_POINTER);
  const touch = p.touch ?? (compact || coarse);
  return (
    <div className="topo-hits">
      <LinkStrips links={scene.links} compact={compact} press={press} />
      <NodeButtons views={p.views} layout={layout} cutLinks={p.cutLinks} down={p.down} selectedNode={p.selectedNode} onSelectNode={p.onSelectNode}
        idBase={idBase} menu={menu} setMenu={setMenu} press={press} touch={touch} t={t} />
      <LinkButtons links={scene.links} idBase={idBase} menu={menu} setMenu={setMenu} press={press} touch={touch} t={t} />
      <FrameButtons scene={scene} compact={compact} selectedFrame={p.selectedFrame} onSelectFrame={p.onSelectFrame} t={t} />
    </div>
  );
}
