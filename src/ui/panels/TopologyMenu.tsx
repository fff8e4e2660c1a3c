// The actions a person can take on a node or a link of the topology stage, and the menu that
// offers them (keyboard: arrows, Home/End, Escape). The items are data, so tests can read them.

import { useEffect, useRef, type CSSProperties, type RefObject } from 'react';
import type { NodeView } from '../../runtime/protocol.ts';
import type { UserAction } from '../../runtime/timeline-api.ts';
import { actionById, type ActionTarget, type LinkActionId, type NodeActionId } from '../../app/actions.ts';
import { DEFAULT_LINK_SETTINGS, bitRateText, type LinkSettings, type LinkState } from './topology-links.ts';
import { masterNodeOf } from './topology-layout.ts';
import type { T } from './TopologySvg.tsx';

/** The catalogue's actions the stage's menus offer (src/app/actions.ts). */
export type MenuActionId = Exclude<NodeActionId, 'untilOnline'> | LinkActionId;

/**
 * What choosing a menu item does: run one of the catalogue's actions on a node or a link (the page
 * runs it), act directly (a REPLICAOF target), or move within the menu.
 */
export type MenuEffect =
  | { readonly type: 'run'; readonly id: MenuActionId; readonly target: ActionTarget }
  | { readonly type: 'action'; readonly action: UserAction }
  | { readonly type: 'replicaOfMenu'; readonly node: string }
  | { readonly type: 'back'; readonly node: string }
  /** Opens the link's latency or bandwidth form in the menu. */
  | { readonly type: 'linkForm'; readonly form: 'latency' | 'bandwidth'; readonly a: string; readonly b: string };

export interface MenuItem {
  readonly key: string;
  readonly label: string;
  readonly effect: MenuEffect;
  readonly disabled?: boolean;
}

/** A catalogue action as a menu item: its id is the item's key, its label the catalogue's. */
function runItem(id: MenuActionId, target: ActionTarget, t: T, disabled?: boolean): MenuItem {
  const vars: Record<string, string> = target.node !== undefined ? { name: target.node } : { a: target.a ?? '', b: target.b ?? '' };
  return { key: id, label: t(actionById(id).label, vars), effect: { type: 'run', id, target }, disabled };
}

/** A node's menu: crash or restart, add a replica of it, make it a replica of another, promote, remove. */
export function nodeMenuItems(v: NodeView, down: boolean, t: T, monitorable = false): MenuItem[] {
  const name = v.name;
  const node = { node: name };
  // A Sentinel replicates from no one: it can crash, restart or go.
  if (v.sentinel) return [runItem(down ? 'restart' : 'crash', node, t), runItem('remove', node, t)];
  const items: MenuItem[] = [
    runItem(down ? 'restart' : 'crash', node, t),
    runItem('addReplica', node, t),
    { key: 'replicaOf', label: t('topology.action.replicaOf', { name }), effect: { type: 'replicaOfMenu', node: name }, disabled: down },
  ];
  if (v.role === 'replica') items.push(runItem('promote', node, t, down));
  if (v.role === 'master') {
    items.push(runItem('addSentinel', node, t));
    if (monitorable) items.push(runItem('monitor', node, t, down));
  }
  items.push(runItem('remove', node, t));
  return items;
}

/** "Make this a replica of…": every other node, with the port REPLICAOF needs. */
export function replicaOfItems(v: NodeView, views: readonly NodeView[], t: T): MenuItem[] {
  const items: MenuItem[] = [{ key: 'back', label: t('topology.action.back'), effect: { type: 'back', node: v.name } }];
  for (const o of views) {
    if (o.name === v.name) continue;
    const current = masterNodeOf(v, views) === o.name;
    items.push({
      key: `of-${o.name}`, disabled: current,
      label: current ? t('topology.action.currentMaster', { other: o.name }) : t('topology.action.replicaOfTarget', { other: o.name, port: o.port }),
      effect: { type: 'action', action: { type: 'command', node: v.name, argv: ['REPLICAOF', o.name, String(o.port)], wait: false } },
    });
  }
  if (items.length === 1) items.push({ key: 'none', label: t('topology.action.noOther'), effect: { type: 'back', node: v.name }, disabled: true });
  return items;
}

/** A latency as the menu shows it: "20 ms", or "20 ms + up to 5 ms jitter". */
export function latencyText(s: Pick<LinkSettings, 'latencyMs' | 'jitterMs'>, t: T): string {
  return s.jitterMs > 0 ? t('topology.value.latencyJitter', { ms: s.latencyMs, jitter: s.jitterMs }) : t('topology.value.latency', { ms: s.latencyMs });
}

/** A bandwidth as the menu shows it: "64 kbit/s" when round in bits, else bytes per second. */
export function rateText(bytesPerSec: number, t: T): string {
  return bitRateText(bytesPerSec) ?? t('topology.value.bytesPerSec', { n: bytesPerSec });
}

/** A link's menu: cut or heal it, reset its connection (kill), set its latency or bandwidth. */
export function linkMenuItems(master: string, replica: string, state: LinkState, t: T, settings: LinkSettings = DEFAULT_LINK_SETTINGS): MenuItem[] {
  const ab = { a: master, b: replica };
  return [
    runItem(state === 'cut' ? 'heal' : 'cut', ab, t),
    runItem('kill', ab, t),
    { key: 'latency', label: t('topology.action.latency', { ...ab, value: latencyText(settings, t) }), effect: { type: 'linkForm', form: 'latency', ...ab } },
    { key: 'bandwidth', label: t('topology.action.bandwidth', { ...ab, value: rateText(settings.bytesPerSec, t) }), effect: { type: 'linkForm', form: 'bandwidth', ...ab } },
  ];
}

/** A press anywhere outside `ref` closes it (an element that opened a menu toggles it instead). */
export function useDismiss(ref: RefObject<HTMLElement | null>, onClose: () => void): void {
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    const down = (e: PointerEvent) => {
      const el = e.target as Element | null;
      if (ref.current && el && !ref.current.contains(el) && !el.closest('[aria-expanded="true"]')) closeRef.current();
    };
    document.addEventListener('pointerdown', down);
    return () => document.removeEventListener('pointerdown', down);
  }, [ref]);
}

export interface ActionMenuProps {
  readonly label: string;
  readonly items: readonly MenuItem[];
  onPick(e: MenuEffect): void;
  onClose(): void;
  readonly style?: CSSProperties;
  readonly testId?: string;
  /** Names the list shown: focus moves to its first item when this changes (not on every render). */
  readonly listKey: string;
}

/** A menu of buttons; focus moves to its first item when it opens; it closes when focus or a press goes elsewhere. */
export function ActionMenu({ label, items, onPick, onClose, style, testId, listKey }: ActionMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    // The whole list in view, clear of the transport bar (its scroll-margin).
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [listKey]);
  useDismiss(ref, onClose);
  const move = (dir: number | 'home' | 'end') => {
    const all = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
    if (all.length === 0) return;
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = dir === 'home' ? 0 : dir === 'end' ? all.length - 1 : (i + dir + all.length) % all.length;
    all[next].focus();
  };
  return (
    <div ref={ref} role="menu" aria-label={label} className="topo-menu" style={style} data-testid={testId}
      onKeyDown={(e) => {
        const k = { ArrowDown: 1, ArrowUp: -1, Home: 'home', End: 'end' } as const;
        if (e.key in k) { e.preventDefault(); move(k[e.key as keyof typeof k]); }
        else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); onClose(); }
      }}
      onBlur={(e) => { if (e.relatedTarget && !e.currentTarget.contains(e.relatedTarget as Node)) onClose(); }}>
      {items.map((it) => (
        <button key={it.key} type="button" role="menuitem" className="topo-menu-item" disabled={it.disabled} onClick={() => onPick(it.effect)}>
          {it.label}
        </button>
      ))}
    </div>
  );
}
