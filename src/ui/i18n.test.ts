// The catalogue is complete in both languages.
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './i18n.ts';
import { addPanelWords, PANEL_CATALOGUE } from './i18n/panels.ts';
import * as handshakeWords from './i18n/handshake.ts';
import * as notesWords from './i18n/notes.ts';
import * as versionPanelWords from './i18n/version-panels.ts';
import * as lessonPanelWords from './i18n/lesson-panels.ts';
import * as infoChartWords from './i18n/info-charts.ts';

// Fragments of panels loaded on demand are checked too.
addPanelWords(handshakeWords);
addPanelWords(notesWords);
addPanelWords(versionPanelWords);
addPanelWords(lessonPanelWords);
addPanelWords(infoChartWords);

describe('i18n catalogue', () => {
  it('has every string in English and Simplified Chinese, with the same placeholders', () => {
    const en = CATALOGUE.en;
    const zh = CATALOGUE['zh-CN'];
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
