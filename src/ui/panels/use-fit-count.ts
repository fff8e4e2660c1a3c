// How many items of a list fill its scrolling box, for lists that draw only their newest items
// while the run plays (the console's lines, the stream lane's blocks): enough to cover the box
// once over, so a box kept at its newest end looks the same as with every item drawn, and a
// refresh replaces a screenful of elements rather than a hundred.
import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * Items of at least `minItemPx` (plus `gapPx` between them) that cover `boxPx`, with one more
 * for a partly scrolled one; never more than `max`. Without a size (not laid out), `max`.
 */
export function fitCount(boxPx: number, minItemPx: number, gapPx: number, max: number): number {
  if (!(boxPx > 0) || !(minItemPx > 0)) return max;
  return Math.max(1, Math.min(max, Math.ceil(boxPx / (minItemPx + gapPx)) + 1));
}

/**
 * A number read from the element (`read`) once laid out and again whenever it is resized, while
 * `active` and `present`; `fallback` until then, or where ResizeObserver is missing (jsdom).
 */
export function useMeasured(ref: RefObject<HTMLElement | null>, read: (el: HTMLElement) => number, active: boolean, fallback: number,
  /** Whether the element is drawn now (it is measured once it appears). */
  present = true): number {
  const [value, setValue] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!active || !el || typeof ResizeObserver !== 'function') return;
    const update = () => setValue(read(el));
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, read, active, present]);
  return active && value !== null ? value : fallback;
}
