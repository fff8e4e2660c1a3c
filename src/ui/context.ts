// The React side of the app store and the language: contexts and the hooks components read with.
import { createContext, useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../app/store.ts';
import { t, type Lang, type MsgKey } from './i18n.ts';

export const StoreContext = createContext<AppStore | null>(null);
export const LangContext = createContext<Lang>('en');

export function useAppStore(): AppStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('no app store: render inside <StoreContext.Provider>');
  return s;
}

/** One slice of the app state; the component re-renders when that slice changes. */
export function useApp<U>(selector: (s: AppState) => U): U {
  return useStore(useAppStore(), selector);
}

export function useLang(): Lang {
  return useContext(LangContext);
}

/** The translator for the current language. */
export function useT(): (key: MsgKey, vars?: Record<string, string | number>) => string {
  const lang = useLang();
  return useCallback((key: MsgKey, vars?: Record<string, string | number>) => t(lang, key, vars), [lang]);
}
