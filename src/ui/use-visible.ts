// While playing, panels off screen are not re-rendered: a panel watches whether it is on screen,
// and while it is not, the store slices it reads keep the values it last showed. Scrolled back
// into view, or when playback stops, it catches up at once (so what a screen reader reads of a
// paused run is always the run at the cursor).
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { AppState } from '../app/store.ts';
import { useApp } from './context.ts';

/** Whether the element is on screen (always true where IntersectionObserver is missing). */
export function useVisible(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver !== 'function') return;
    const io = new IntersectionObserver((entries) => {
      for (const e of entries) setVisible(e.isIntersecting);
    });
    io.observe(el);
    return () => io.disconnect();
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
