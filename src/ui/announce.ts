// The page's spoken status line: components hand it short messages for the aria-live region.
import { createContext, useContext } from 'react';

export const AnnounceContext = createContext<(message: string) => void>(() => {});

export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}

/**
 * The message the live region says, held outside React's page state: handing in a message
 * re-renders the region alone, not the whole page (the region speaks while playing).
 */
export interface Announcer {
  readonly announce: (message: string) => void;
  readonly subscribe: (onChange: () => void) => () => void;
  readonly current: () => string;
}

export function createAnnouncer(): Announcer {
  let message = '';
  const listeners = new Set<() => void>();
  return {
    announce: (m) => {
      if (m === message) return;
      message = m;
      for (const l of listeners) l();
    },
    subscribe: (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    current: () => message,
  };
}
