// Opening an inspector tab from anywhere on the page (the narration line's "Show in…" button):
// whoever wants a panel calls openPanel(tab); the inspector switches to the latest request.
import { useSyncExternalStore } from 'react';
import type { NarrationPanel } from '../app/narration.ts';

export interface PanelRequest {
  readonly id: number;
  readonly tab: NarrationPanel;
  /** Switch the tab only: no scrolling, the focus stays where it is (a lesson step pointing at it). */
  readonly quiet?: boolean;
}

let current: PanelRequest | null = null;
const listeners = new Set<() => void>();

export function openPanel(tab: NarrationPanel, quiet = false): void {
  current = { id: (current?.id ?? 0) + 1, tab, ...(quiet ? { quiet } : {}) };
  for (const l of [...listeners]) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The latest request (a new object each time one is made). */
export function usePanelRequest(): PanelRequest | null {
  return useSyncExternalStore(subscribe, () => current, () => null);
}
