// The stage's row fits the first screen: its height is what the window leaves between the row's
// top and the fixed transport bar (less what must show below it, e.g. the stream lane in presenter
// mode), written to --fit-h on <html> in the page's own CSS pixels (presenter mode zooms the body).
import { useLayoutEffect, type RefObject } from 'react';

const GAP = 12; // between the row (or what follows it) and the transport bar

/** The height (CSS px) that makes `row` end just above the transport bar, less `below`'s height. */
export function fitHeight(m: { viewportH: number; rowTop: number; transportH: number; belowH: number; zoom: number }): number {
  const visual = m.viewportH - m.rowTop - m.transportH - m.belowH - GAP;
  return Math.floor(visual / (m.zoom > 0 ? m.zoom : 1));
}

function zoomOf(el: Element): number {
  const z = (el as Element & { currentCSSZoom?: number }).currentCSSZoom;
  return typeof z === 'number' && z > 0 ? z : 1;
}

export function useFitToViewport(row: RefObject<HTMLElement | null>, below: RefObject<HTMLElement | null> | null, key: unknown): void {
  useLayoutEffect(() => {
    const el = row.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const root = document.documentElement;
    const read = () => {
      // While a text field has the focus (a phone's keyboard is up) the layout holds still.
      const active = document.activeElement;
      if (active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA') && (active as HTMLInputElement).type !== 'range') return;
      const transport = document.querySelector('[data-testid="transport"]');
      const under = below?.current ?? null;
      const belowH = under ? under.getBoundingClientRect().height + (el.getBoundingClientRect().height ? GAP * zoomOf(el) : 0) : 0;
      const h = fitHeight({
        viewportH: window.visualViewport?.height ?? window.innerHeight,
        rowTop: el.getBoundingClientRect().top + window.scrollY,
        transportH: transport?.getBoundingClientRect().height ?? 0,
        belowH,
        zoom: zoomOf(el),
      });
      const v = `${h}px`;
      if (root.style.getPropertyValue('--fit-h') !== v) root.style.setProperty('--fit-h', v);
    };
    read();
    const ro = new ResizeObserver(read);
    // What lies above the row inside the page's shell, the transport bar, and what follows it.
    const shell = el.closest('.shell');
    for (let n = shell?.firstElementChild ?? null; n && !n.contains(el); n = n.nextElementSibling) ro.observe(n);
    // A part that appears above the row later (a scenario's summary once it loads) changes the
    // shell's size: the row's top is read again then (--fit-h is only written when it changes).
    if (shell) ro.observe(shell);
    const transport = document.querySelector('[data-testid="transport"]');
    if (transport) ro.observe(transport);
    if (below?.current) ro.observe(below.current);
    window.addEventListener('resize', read);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', read);
    };
  }, [row, below, key]);
}
