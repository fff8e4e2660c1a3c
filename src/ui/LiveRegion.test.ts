// What the live region says when playing starts, in both playback modes and both languages.
import { describe, expect, it } from 'vitest';
import { t, type Lang, type MsgKey } from './i18n.ts';
import { playingText } from './LiveRegion.tsx';

const tr = (lang: Lang) => (key: MsgKey, vars?: Record<string, string | number>) => t(lang, key, vars);

describe('the live region on Play', () => {
  it('names Follow mode and its factor, not a steady speed', () => {
    expect(playingText({ playMode: 'follow', followFactor: 1, speed: 1 }, tr('en'))).toBe('Playing in Follow mode at 1×.');
    expect(playingText({ playMode: 'follow', followFactor: 0.5, speed: 1 }, tr('en'))).toBe('Playing in Follow mode at ½×.');
    expect(playingText({ playMode: 'follow', followFactor: 2, speed: 1 }, tr('zh-CN'))).toBe('以跟随模式（2×）播放。');
  });
  it('says the steady speed in Steady mode', () => {
    expect(playingText({ playMode: 'steady', followFactor: 2, speed: 10 }, tr('en'))).toMatch(/^Playing at 10×\.$/);
    expect(playingText({ playMode: 'steady', followFactor: 2, speed: 10 }, tr('zh-CN'))).toMatch(/^以 10× 播放。$/);
  });
});
