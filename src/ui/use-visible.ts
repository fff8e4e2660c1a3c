// While playing, panels off screen are not re-rendered: a panel watches whether it is on screen,
// and while it is not, the store slices it reads keep the values it last showed. Scrolled back
// into view, or when playback stops, it catches up at once (so what a screen reader reads of a
// paused run is always the run at the cursor).
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { AppState } from '../app/store.ts';
import { useApp } from './context.ts';

/**
 * Whether the element is on screen (always true where IntersectionObserver is missing): a panel
 * whose part in the viewport lies all under the fixed transport bar is not (the lane just below the
 * first screen, which would otherwise roll its odometers unseen on every refresh).
 */
export function useVisible(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver !== 'function') return;
    let io: IntersectionObserver | undefined;
    let barH = -1;
    const watch = () => {
      // Other properties of <html>'s style change too (--fit-h): only the bar's height matters here.
      const h = parseFloat(document.documentElement.style.getPropertyValue('--transport-h')) || 0;
      if (h === barH) return;
      barH = h;
      io?.disconnect();
      io = new IntersectionObserver((entries) => entries.forEach((e) => setVisible(e.isIntersecting)), { rootMargin: `0px 0px ${-h}px` });
      io.observe(el);
    };
    watch();
    // The bar's height (TransportBar.tsx's --transport-h) changes as it wraps (a narrower window, another language).
    const mo = new MutationObserver(watch);
    mo.observe(document.documentElement, { attributeFilter: ['style'] });
    return () => {
      mo.disconnect();
      io?.disconnect();
    };
  }, [ref]);
  return visible;
}

/** A selector that reads the state while `visible()`, and otherwise returns what it read last. */
export function holdWhileHidden<S, U>(selector: (s: S) => U, visible: () => boolean): (s: S) => U {
  let held: { value: U } | null = null;
  return (s) => {
    if (visible() || held === null) held = { value: selector(s) };
    return held.value;
  };
}

/** A slice of the app state that follows the store while `visible` or paused, and holds still while not. */
export function useAppWhile<U>(visible: boolean, selector: (s: AppState) => U): U {
  const playing = useApp((s) => s.playing);
  const visibleRef = useRef(visible);
  visibleRef.current = visible || !playing;
  const selectorRef = useRef(selector);
  selectorRef.current = selector;
  const [held] = useState(() => holdWhileHidden((s: AppState) => selectorRef.current(s), () => visibleRef.current));
  return useApp(held);
}
