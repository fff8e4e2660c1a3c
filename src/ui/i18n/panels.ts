// The panels' catalogue fragments merged into one, and the translator panels take as a prop.
import { useMemo } from 'react';
import * as consoleMsgs from './console.ts';
import * as streamMsgs from './stream.ts';
import * as topologyMsgs from './topology.ts';
import * as inspectorMsgs from './inspector.ts';
import * as shortcutsMsgs from './shortcuts.ts';
import * as momentMsgs from './moments.ts';
import * as layoutMsgs from './layout.ts';
import * as consoleWaitMsgs from './console-wait.ts';
import * as cardMsgs from './cards.ts';
import * as linkMsgs from './link.ts';
import * as narrationMsgs from './narration.ts';
import * as playbackMsgs from './playback.ts';
import * as versionMsgs from './versions.ts';
import * as lessonMsgs from './lessons.ts';
import * as sentinelMsgs from './sentinel.ts';
import { fillVars, type Lang } from '../i18n.ts';
import { useLang } from '../context.ts';

// The handshake and buffer gauges' words (./handshake.ts) and the fidelity notes' (./notes.ts) come
// with those panels, which load on demand: each adds its fragment with addPanelWords. The Chinese of
// these fragments (./zh-CN/) comes when the page first needs Chinese (./lang.ts).
const FRAGMENTS = [consoleMsgs, streamMsgs, topologyMsgs, inspectorMsgs, shortcutsMsgs, momentMsgs, layoutMsgs, consoleWaitMsgs, cardMsgs, linkMsgs, narrationMsgs, playbackMsgs, versionMsgs, lessonMsgs, sentinelMsgs];

export const PANEL_CATALOGUE: Record<Lang, Record<string, string>> = {
  en: Object.assign({}, ...FRAGMENTS.map((f) => f.en)),
  'zh-CN': {},
};

/** A panel loaded on demand adds its catalogue fragment when its code arrives. */
export function addPanelWords(fragment: { readonly en: Record<string, string>; readonly zh: Record<string, string> }): void {
  Object.assign(PANEL_CATALOGUE.en, fragment.en);
  Object.assign(PANEL_CATALOGUE['zh-CN'], fragment.zh);
}

export type PanelT = (key: string, vars?: Record<string, string | number>) => string;

export function panelT(lang: Lang): PanelT {
  return (key, vars = {}) => fillVars(PANEL_CATALOGUE[lang][key] ?? PANEL_CATALOGUE.en[key] ?? key, vars);
}

export function usePanelT(): PanelT {
  const lang = useLang();
  return useMemo(() => panelT(lang), [lang]);
}
