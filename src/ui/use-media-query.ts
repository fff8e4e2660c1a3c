// Whether a CSS media query matches, following its changes (false where matchMedia is missing).
import { useSyncExternalStore } from 'react';

const subscribers = new Map<string, (cb: () => void) => () => void>();

function subscribeTo(query: string): (cb: () => void) => () => void {
  let s = subscribers.get(query);
  if (!s) {
    s = (cb) => {
      const mq = listFor(query);
      if (!mq) return () => {};
      mq.addEventListener('change', cb);
      return () => mq.removeEventListener('change', cb);
    };
    subscribers.set(query, s);
  }
  return s;
}

/** One MediaQueryList per query: reading `.matches` at each render is cheap, matchMedia() is not. */
const lists = new Map<string, MediaQueryList>();
function listFor(query: string): MediaQueryList | null {
  if (typeof matchMedia !== 'function') return null;
  let mq = lists.get(query);
  if (!mq) lists.set(query, (mq = matchMedia(query)));
  return mq;
}

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(subscribeTo(query), () => listFor(query)?.matches ?? false, () => false);
}

export const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
export const COARSE_POINTER = '(pointer: coarse)';
