// The page's language: which one it starts in, and loading a language's tables before the page
// switches to it. English is always loaded; the Chinese tables (./zh-CN.ts) are a chunk of their
// own, fetched the first time the page needs Chinese, so English readers never download them and a
// Chinese page never shows English while they arrive.
import { useCallback, useRef, useState } from 'react';
import type { Example } from '../../app/examples.ts';
import { readBootParams } from '../../app/url.ts';
import { CATALOGUE, type Lang } from '../i18n.ts';
import { PANEL_CATALOGUE } from './panels.ts';

/** The language a visit starts in: the link's ?lang=, else the browser's language. */
export function bootLang(search: string, browserLanguage: string): Lang {
  const fromUrl = readBootParams(search).lang;
  if (fromUrl) return fromUrl;
  return browserLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Whether every table the first screen needs in this language is loaded. */
export function langLoaded(lang: Lang): boolean {
  return lang === 'en' || CATALOGUE[lang] !== undefined;
}

let loading: Promise<void> | null = null;
let exampleSummariesZh: Readonly<Record<string, string>> = {};

/** What an example shows, in the page's language (its English comment lines until Chinese is loaded). */
export function exampleSummary(ex: Pick<Example, 'name' | 'summary'>, lang: Lang): string {
  return (lang === 'zh-CN' ? exampleSummariesZh[ex.name] : undefined) ?? ex.summary;
}

/** Loads a language's tables (once; a failed load is tried again on the next call). */
export function loadLang(lang: Lang): Promise<void> {
  if (langLoaded(lang)) return Promise.resolve();
  loading ??= import('./zh-CN.ts').then(
    (zh) => {
      CATALOGUE['zh-CN'] = zh.APP;
      exampleSummariesZh = zh.EXAMPLE_SUMMARIES;
      // Panels loaded on demand may already have added their own Chinese words: keep them.
      Object.assign(PANEL_CATALOGUE['zh-CN'], zh.PANELS);
    },
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/**
 * The page's language and the way to choose another: the choice takes effect once its tables are
 * loaded (the page keeps the current language until then); of quick successive choices the last wins.
 */
export function useLanguage(initial: () => Lang): readonly [Lang, (lang: Lang) => void] {
  const [lang, setLang] = useState(initial);
  const wanted = useRef<Lang>(lang);
  const choose = useCallback((next: Lang) => {
    wanted.current = next;
    if (langLoaded(next)) {
      setLang(next);
      return;
    }
    loadLang(next).then(
      () => {
        if (wanted.current === next) setLang(next);
      },
      (e: unknown) => {
        console.warn(`replscope: the ${next} texts could not be loaded:`, e);
      },
    );
  }, []);
  return [lang, choose] as const;
}
