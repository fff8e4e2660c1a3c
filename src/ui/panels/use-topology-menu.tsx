// The stage's node and link menus: which one is open and where, what choosing an item does, and
// the open menu drawn as a list or as the link form it has moved on to. A menu opens from a node's
// or a link's ⋯ button, the card's "Actions…" button on a phone, or a long-press / right-click.

import { useEffect, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
import type { NodeView } from '../../runtime/protocol.ts';
import type { UserAction } from '../../runtime/timeline-api.ts';
import type { ActionTarget } from '../../app/actions.ts';
import type { Scene } from './topology-scene.ts';
import { DEFAULT_LINK_SETTINGS, type LinkSettings } from './topology-links.ts';
import type { T } from './TopologySvg.tsx';
import { ActionMenu, linkMenuItems, nodeMenuItems, replicaOfItems, type MenuActionId, type MenuEffect, type MenuItem } from './TopologyMenu.tsx';
import { LinkForm } from './LinkForm.tsx';
import { useLongPress, type Cancellable, type LongPressHandlers, type PressPoint } from './use-long-press.ts';
import { assertNever } from '../../engine/assert.ts';

/** A link's latency or bandwidth form, shown in place of the menu's list. */
type FormState = { readonly kind: 'latency' | 'bandwidth'; readonly a: string; readonly b: string };

export type MenuState =
  | { kind: 'node'; node: string; sub: 'main' | 'replicaOf'; x: number; y: number; opener: string; inline: boolean; form?: FormState }
  | { kind: 'link'; master: string; replica: string; x: number; y: number; opener: string; form?: FormState };

const menuKey = (s: MenuState) =>
  (s.kind === 'node' ? `node-${s.node}-${s.sub}` : `link-${s.master}-${s.replica}`) + (s.form ? `-${s.form.kind}-${s.form.a}-${s.form.b}` : '');

export interface TopologyMenuInput {
  readonly views: readonly NodeView[];
  readonly down: readonly string[];
  readonly scene: Scene;
  /** The phone layout: links have no buttons of their own. */
  readonly compact: boolean;
  /** The stage's size, to keep a popover on it. */
  readonly width: number;
  readonly height: number;
  readonly selectedNode?: string | null;
  /** Prefix of the ids of the buttons a menu returns focus to. */
  readonly idBase: string;
  /** The drawing, to place a menu opened by a press. */
  readonly canvasRef: RefObject<HTMLDivElement | null>;
  readonly t: T;
  onAction(a: UserAction): void;
  onRun(id: MenuActionId, target: ActionTarget): void;
  linkSettings?(a: string, b: string): LinkSettings;
}

export interface TopologyMenuApi {
  readonly menu: MenuState | null;
  setMenu(m: MenuState | null): void;
  /** Long-press and right-click handlers for a node ('node:name') or a link ('link:master|replica'). */
  press(key: string, onTap?: (e: Cancellable) => void): LongPressHandlers;
  /** The open menu, at `style` (a popover) or in the flow (the card's inline menu). */
  render(style?: CSSProperties): ReactNode;
  /** The open menu as a popover over the drawing, unless it is the card's inline one. */
  popover(): ReactNode;
}

/** The open menu's title and items, or null when its node or link is gone. */
function menuList(menu: MenuState | null, inp: TopologyMenuInput, settingsOf: (a: string, b: string) => LinkSettings): { label: string; items: MenuItem[] } | null {
  if (!menu) return null;
  const { t, scene } = inp;
  if (menu.kind === 'link') {
    const l = scene.links.find((x) => x.master === menu.master && x.replica === menu.replica);
    return l ? { label: t('topology.aria.linkMenu', { master: l.master, replica: l.replica, state: t(`topology.link.${l.state}`) }), items: linkMenuItems(l.master, l.replica, l.state, t, settingsOf(l.master, l.replica)) } : null;
  }
  const v = inp.views.find((x) => x.name === menu.node);
  if (!v) return null;
  const label = t('topology.aria.nodeMenu', { name: v.name });
  if (menu.sub === 'replicaOf') return { label, items: replicaOfItems(v, inp.views, t) };
  const monitorable = !v.sentinel && inp.views.some((o) => o.sentinel && !inp.down.includes(o.name) && !o.sentinel.masters.some((m) => m.port === v.port));
  const items = nodeMenuItems(v, inp.down.includes(v.name), t, monitorable);
  // On a phone the links have no buttons of their own: their actions join the node's menu.
  if (menu.inline || inp.compact) {
    for (const l of scene.links) {
      if (l.master !== v.name && l.replica !== v.name) continue;
      items.push(...linkMenuItems(l.master, l.replica, l.state, t, settingsOf(l.master, l.replica)).map((it) => ({ ...it, key: `${l.key}-${it.key}` })));
    }
  }
  return { label, items };
}

export function useTopologyMenu(inp: TopologyMenuInput): TopologyMenuApi {
  const { idBase, canvasRef, t } = inp;
  const [menu, setMenu] = useState<MenuState | null>(null);

  // A menu whose node is gone, or (on a phone) whose node is no longer the selected one, closes.
  useEffect(() => {
    if (menu?.kind === 'node' && (!inp.views.some((v) => v.name === menu.node) || (menu.inline && menu.node !== inp.selectedNode))) setMenu(null);
  });

  const closeMenu = () => {
    const opener = menu?.opener;
    setMenu(null);
    if (opener) document.getElementById(opener)?.focus();
  };
  const pick = (e: MenuEffect) => {
    switch (e.type) {
      case 'run': inp.onRun(e.id, e.target); closeMenu(); break;
      case 'action': inp.onAction(e.action); closeMenu(); break;
      case 'replicaOfMenu': if (menu?.kind === 'node') setMenu({ ...menu, sub: 'replicaOf' }); break;
      case 'back': if (menu?.kind === 'node') setMenu({ ...menu, sub: 'main' }); break;
      case 'linkForm': if (menu) setMenu({ ...menu, form: { kind: e.form, a: e.a, b: e.b } }); break;
      default: assertNever(e);
    }
  };
  const settingsOf = (a: string, b: string) => inp.linkSettings?.(a, b) ?? DEFAULT_LINK_SETTINGS;
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
  const openMenu = menuList(menu, inp, settingsOf);
  /** The open menu's list, or the link form it has moved on to. */
  const render = (style?: CSSProperties) => {
    if (!menu || !openMenu) return null;
    if (menu.form) {
      const f = menu.form;
      return (
        <LinkForm key={menuKey(menu)} kind={f.kind} a={f.a} b={f.b} settings={settingsOf(f.a, f.b)} style={style} t={t}
          onApply={(a) => { inp.onAction(a); closeMenu(); }} onBack={() => setMenu({ ...menu, form: undefined })} onClose={closeMenu} />
      );
    }
    return <ActionMenu label={openMenu.label} items={openMenu.items} onPick={pick} onClose={closeMenu} style={style} testId="topo-menu" listKey={menuKey(menu)} />;
  };
  const popover = () => {
    if (!menu || (menu.kind === 'node' && menu.inline)) return null;
    return render({
      left: Math.max(4, Math.min(menu.x, inp.width - 270)),
      ...(menu.y > inp.height / 2 ? { bottom: inp.height - menu.y + 6 } : { top: menu.y + 6 }),
    });
  };
  return { menu, setMenu, press, render, popover };
}
