// Whether a CSS media query matches, following its changes (false where matchMedia is missing).
import { useSyncExternalStore } from 'react';

/**
 * One MediaQueryList per query, and what it last said: a render reads the remembered answer
 * (asking `.matches` can make the browser update style in the middle of a frame), kept current by
 * the list's change events.
 */
interface Watched {
  readonly list: MediaQueryList | null;
  matches: boolean;
  readonly subscribe: (cb: () => void) => () => void;
  readonly snapshot: () => boolean;
}

const watched = new Map<string, Watched>();

function watch(query: string): Watched {
  let w = watched.get(query);
  if (w) return w;
  const list = typeof matchMedia === 'function' ? matchMedia(query) : null;
  const listeners = new Set<() => void>();
  const entry: Watched = {
    list,
    matches: list?.matches ?? false,
    subscribe: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    snapshot: () => entry.matches,
  };
  list?.addEventListener('change', (e) => {
    entry.matches = e.matches;
    for (const cb of [...listeners]) cb();
  });
  watched.set(query, (w = entry));
  return w;
}

export function useMediaQuery(query: string): boolean {
  const w = watch(query);
  return useSyncExternalStore(w.subscribe, w.snapshot, () => false);
}

export const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
export const COARSE_POINTER = '(pointer: coarse)';
