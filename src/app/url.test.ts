// Reading what the page URL asks for.
import { describe, expect, it } from 'vitest';
import { readBootParams } from './url.ts';

describe('URL parameters', () => {
  it('reads an example, play=end and the host', () => {
    expect(readBootParams('?example=first-sync&play=end&host=inline')).toEqual({
      example: 'first-sync', scenario: null, playToEnd: true, host: 'inline', lang: null, failAt: null,
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
});
