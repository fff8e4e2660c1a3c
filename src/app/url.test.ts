// Reading what the page URL asks for.
import { describe, expect, it } from 'vitest';
import { readBootParams } from './url.ts';

describe('URL parameters', () => {
  it('reads an example, play=end and the host', () => {
    expect(readBootParams('?example=first-sync&play=end&host=inline')).toEqual({
      example: 'first-sync', scenario: null, playToEnd: true, host: 'inline', lang: null, failAt: null, theme: null, present: false,
    });
  });

  it('reads URL-encoded scenario text, keeping newlines, quotes and plus signs', () => {
    const text = 'node m\nm> SET "a b" 1+1\n';
    expect(readBootParams('?scenario=' + encodeURIComponent(text)).scenario).toBe(text);
  });

  it('ignores unknown hosts and languages', () => {
    const p = readBootParams('?host=gpu&lang=fr');
    expect(p.host).toBeNull();
    expect(p.lang).toBeNull();
    expect(readBootParams('?lang=zh').lang).toBe('zh-CN');
  });

  it('reads the theme and presenter mode, ignoring other values', () => {
    expect(readBootParams('?theme=dark&present=1')).toMatchObject({ theme: 'dark', present: true });
    expect(readBootParams('?theme=neon&present=yes')).toMatchObject({ theme: null, present: false });
  });
});
