// Whether a CSS media query matches, following its changes (false where matchMedia is missing).
import { useSyncExternalStore } from 'react';

const subscribers = new Map<string, (cb: () => void) => () => void>();

function subscribeTo(query: string): (cb: () => void) => () => void {
  let s = subscribers.get(query);
  if (!s) {
    s = (cb) => {
      if (typeof matchMedia !== 'function') return () => {};
      const mq = matchMedia(query);
      mq.addEventListener('change', cb);
      return () => mq.removeEventListener('change', cb);
    };
    subscribers.set(query, s);
  }
  return s;
}

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(subscribeTo(query), () => typeof matchMedia === 'function' && matchMedia(query).matches, () => false);
}

export const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
export const COARSE_POINTER = '(pointer: coarse)';
