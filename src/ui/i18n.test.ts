// The catalogue is complete in both languages, and the Chinese texts load only when asked for.
import { describe, expect, it, vi } from 'vitest';
import { CATALOGUE } from './i18n.ts';
import { addPanelWords, PANEL_CATALOGUE } from './i18n/panels.ts';
import * as handshakeWords from './i18n/handshake.ts';
import * as notesWords from './i18n/notes.ts';
import * as versionPanelWords from './i18n/version-panels.ts';
import * as lessonPanelWords from './i18n/lesson-panels.ts';
import * as infoChartWords from './i18n/info-charts.ts';
import * as sentinelPanelWords from './i18n/sentinel-panel.ts';
import * as backlogRingWords from './i18n/backlog-ring.ts';
import * as shortcutsDialogWords from './i18n/shortcuts-dialog.ts';
import * as galleryWords from './i18n/gallery.ts';

// Fragments of panels loaded on demand are checked too.
addPanelWords(handshakeWords);
addPanelWords(notesWords);
addPanelWords(versionPanelWords);
addPanelWords(lessonPanelWords);
addPanelWords(infoChartWords);
addPanelWords(sentinelPanelWords);
addPanelWords(backlogRingWords);
addPanelWords(shortcutsDialogWords);
addPanelWords(galleryWords);

describe('i18n catalogue', () => {
  it('has every string in English and Simplified Chinese, with the same placeholders', () => {
    const en = CATALOGUE.en;
    const zh = CATALOGUE['zh-CN']!;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[k].trim(), k).not.toBe('');
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(vars(zh[k]), k).toEqual(vars(en[k]));
    }
  });
});

describe('the panels\' catalogue fragments', () => {
  it('have every string in English and Simplified Chinese, with the same placeholders', () => {
    const en = PANEL_CATALOGUE.en;
    const zh = PANEL_CATALOGUE['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(en)) {
      expect(zh[k].trim(), k).not.toBe('');
      expect(vars(zh[k]), k).toEqual(vars(en[k]));
    }
  });
});

describe('loading a language', () => {
  // Fresh copies of the modules: the Chinese texts not loaded yet, as on an English page.
  async function fresh() {
    vi.resetModules();
    const i18n = await import('./i18n.ts');
    const panels = await import('./i18n/panels.ts');
    const lang = await import('./i18n/lang.ts');
    return { ...i18n, ...panels, ...lang };
  }

  it('an English page has no Chinese until it asks, then has all of the first screen\'s', async () => {
    const m = await fresh();
    expect(m.langLoaded('en')).toBe(true);
    expect(m.langLoaded('zh-CN')).toBe(false);
    expect(m.t('zh-CN', 'transport.play')).toBe('Play');
    await m.loadLang('zh-CN');
    expect(m.langLoaded('zh-CN')).toBe(true);
    expect(m.t('zh-CN', 'transport.play')).not.toBe('Play');
    expect(Object.keys(m.PANEL_CATALOGUE['zh-CN']).sort()).toEqual(Object.keys(m.PANEL_CATALOGUE.en).sort());
  });

  it('an example\'s summary is in Chinese once the Chinese texts are loaded, in English before', async () => {
    const m = await fresh();
    const { loadExamples } = await import('../app/examples.ts');
    const [ex] = await loadExamples();
    expect(m.exampleSummary(ex, 'zh-CN')).toBe(ex.summary);
    await m.loadLang('zh-CN');
    expect(m.exampleSummary(ex, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    expect(m.exampleSummary(ex, 'en')).toBe(ex.summary);
  });

  it('keeps the Chinese words a panel loaded on demand added before', async () => {
    const m = await fresh();
    m.addPanelWords(handshakeWords);
    await m.loadLang('zh-CN');
    const key = Object.keys(handshakeWords.zh)[0] as keyof typeof handshakeWords.zh;
    expect(m.panelT('zh-CN')(key)).toBe(handshakeWords.zh[key]);
  });

  it('a link or a browser in Chinese starts in Chinese, anything else in English', async () => {
    const { bootLang } = await fresh();
    expect(bootLang('?lang=zh-CN', 'en-GB')).toBe('zh-CN');
    expect(bootLang('?lang=zh', 'en-GB')).toBe('zh-CN');
    expect(bootLang('?lang=en', 'zh-CN')).toBe('en');
    expect(bootLang('', 'zh-TW')).toBe('zh-CN');
    expect(bootLang('', 'fr-FR')).toBe('en');
  });
});
