// The page's spoken status line: components hand it short messages for the aria-live region.
import { createContext, useContext } from 'react';

export const AnnounceContext = createContext<(message: string) => void>(() => {});

export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}
