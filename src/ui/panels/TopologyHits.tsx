// The buttons over the stage's drawing: a press band along every link (long-press or right-click
// opens its menu), a button per node (select; ⋯ opens its menu), a ⋯ per link, and a button per
// frame or RDB transfer drawn (select it to read its bytes).

import type { NodeView } from '../../runtime/protocol.ts';
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
}

/** The whole line answers to a long-press or a right-click (under the nodes and frames). */
function LinkStrips({ scene, compact, press }: { scene: Scene; compact: boolean; press: TopologyMenuApi['press'] }) {
  const h = compact ? 28 : 16;
  return scene.links.map((l) => {
    const angle = (Math.atan2(l.seg.b.y - l.seg.a.y, l.seg.b.x - l.seg.a.x) * 180) / Math.PI;
    return (
      <div key={`strip-${l.key}`} className="topo-link-strip" aria-hidden="true" data-testid={`topo-link-strip-${l.key}`}
        style={{ left: l.seg.a.x, top: l.seg.a.y - h / 2, width: l.seg.len, height: h, transform: `rotate(${angle.toFixed(2)}deg)`, transformOrigin: `0 ${h / 2}px` }}
        {...press(`link:${l.master}|${l.replica}`)} />
    );
  });
}

function NodeButtons(p: TopologyHitsProps) {
  const { views, layout, cutLinks, down, idBase, t } = p;
  const { menu, setMenu, press } = p.menu;
  const { m } = layout;
  const hitR = Math.max(m.r + 6, m.compact ? 22 : 0);
  return views.map((v) => {
    const place = layout.nodes.get(v.name);
    if (!place) return null;
    const lines = nodeLines(v, place, t, place.parent ? linkState(v, cutLinks, down) : null, down.includes(v.name), m.compact);
    const sel = p.selectedNode === v.name;
    const ring = place.role === 'sub' ? 5 : 0;
    // The menu button follows the first text line (name and role).
    const w1 = Math.min(m.labelW, textWidth(fitText(lines[0], m.labelW, m.fontPx * 1.08), m.fontPx * 1.08));
    const menuLeft = place.label === 'below' ? place.x + w1 / 2 + 4 : place.x + m.r + ring + 8 + w1 + 4;
    const menuTop = (place.label === 'below' ? place.y + m.r + ring + 4 : place.y - 1.5 * m.lineH) + m.lineH / 2 - 12;
    const menuId = `${idBase}-menu-${v.name}`;
    const open = menu?.kind === 'node' && menu.node === v.name && !menu.inline;
    return [
      <button key={`s-${v.name}`} id={`${idBase}-node-${v.name}`} type="button" className="topo-hit topo-hit-node" data-testid={`topo-node-${v.name}`}
        style={{ left: place.x - hitR, top: place.y - hitR, width: 2 * hitR, height: 2 * hitR }}
        aria-pressed={sel} aria-label={t('topology.aria.node', { name: v.name, role: t(`topology.role.${place.role}`), offset: v.masterReplOffset, status: lines[2] })}
        {...press(`node:${v.name}`, () => p.onSelectNode(sel ? null : v.name))} />,
      !m.compact && (
        <button key={`m-${v.name}`} id={menuId} type="button" className="topo-btn topo-hit topo-menu-btn" data-testid={`topo-node-menu-${v.name}`}
          style={{ left: menuLeft, top: menuTop }} aria-haspopup="menu" aria-expanded={open} aria-label={t('topology.aria.nodeMenu', { name: v.name })}
          onClick={() => setMenu(open ? null : { kind: 'node', node: v.name, sub: 'main', x: menuLeft, y: menuTop + 24, opener: menuId, inline: false })}>⋯</button>
      ),
    ];
  });
}

function LinkButtons({ scene, idBase, menu, setMenu, press, t }: { scene: Scene; idBase: string; menu: MenuState | null; setMenu: TopologyMenuApi['setMenu']; press: TopologyMenuApi['press']; t: T }) {
  return scene.links.map((l) => {
    const id = `${idBase}-link-${l.key.replace('|', '-')}`;
    const open = menu?.kind === 'link' && menu.master === l.master && menu.replica === l.replica;
    return (
      <button key={l.key} id={id} type="button" className="topo-btn topo-hit topo-link-btn" data-testid={`topo-link-${l.key}`}
        style={{ left: l.mid.x - 11, top: l.mid.y - 11 }} aria-haspopup="menu" aria-expanded={open}
        aria-label={t('topology.aria.linkMenu', { master: l.master, replica: l.replica, state: t(`topology.link.${l.state}`) })}
        {...press(`link:${l.master}|${l.replica}`, () => setMenu(open ? null : { kind: 'link', master: l.master, replica: l.replica, x: l.mid.x - 11, y: l.mid.y + 11, opener: id }))}>⋯</button>
    );
  });
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
            style={{ left: p.x - p.w / 2, top: p.y - hh / 2, width: p.w, height: hh, transform: p.angle ? `rotate(${p.angle.toFixed(1)}deg)` : undefined }}
            aria-label={bunchedLabel(p.bunched, t('topology.aria.frame', { kind: t(`topology.kind.${p.frame.kind}`), label: p.frame.meta.label, bytes: p.frame.bytes, from: p.frame.from, to: p.frame.to }))}
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
  return (
    <div className="topo-hits">
      <LinkStrips scene={scene} compact={compact} press={press} />
      <NodeButtons {...p} />
      {!compact && <LinkButtons scene={scene} idBase={idBase} menu={menu} setMenu={setMenu} press={press} t={t} />}
      <FrameButtons scene={scene} compact={compact} selectedFrame={p.selectedFrame} onSelectFrame={p.onSelectFrame} t={t} />
    </div>
  );
}
