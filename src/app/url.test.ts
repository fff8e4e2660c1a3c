// Reading what the page URL asks for.
import { describe, expect, it } from 'vitest';
import { decodeScenario, encodeScenario, lessonSearch, linkSearch, readBootParams, withVersions } from './url.ts';

describe('URL parameters', () => {
  it('reads a lesson and its step (1-based), and writes them keeping the language and presenter mode', () => {
    expect(readBootParams('?lesson=partial-resync&step=3')).toMatchObject({ lesson: 'partial-resync', step: 3 });
    expect(readBootParams('?lesson=backlog').step).toBeUndefined();
    expect(readBootParams('?lesson=backlog&step=0').step).toBeUndefined();
    expect(readBootParams('?lesson=../x').lesson).toBeUndefined();
    expect(lessonSearch('?example=first-sync&lang=zh-CN&present=1&t=40', 'wait', 2)).toBe('?lesson=wait&step=2&lang=zh-CN&present=1');
  });

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

describe('links', () => {
  it('reads z= and t=, ignoring a t that is not a moment', () => {
    expect(readBootParams('?z=abc&t=1008.00390625')).toMatchObject({ z: 'abc', t: 1008.00390625 });
    expect(readBootParams('?example=x&t=-5').t).toBeUndefined();
    expect(readBootParams('?example=x&t=soon').t).toBeUndefined();
  });

  it('writes ?example= or ?z= with &t=, keeping the language, theme and presenter mode only', () => {
    expect(linkSearch('?example=first-sync&lang=zh-CN&theme=dark&present=1&host=inline&play=end', { example: 'partial-resync' }))
      .toBe('?example=partial-resync&lang=zh-CN&theme=dark&present=1');
    expect(linkSearch('?lang=en', { z: 'q_-9', t: 1008.00390625 })).toBe('?z=q_-9&t=1008.00390625&lang=en');
    expect(linkSearch('', { example: 'a', t: 0 })).toBe('?example=a');
  });

  it('compresses scenario text into base64url and back, exactly', async () => {
    const text = 'seed 3\nnode m r1\nnowait m> SET "a b" "héllo 你好"\nat 1008.00390625ms\ncut m r1\n' + 'nowait m> INCR visits\n'.repeat(40);
    const z = await encodeScenario(text);
    expect(z).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(z.length).toBeLessThan(text.length / 2);
    expect(await decodeScenario(z)).toEqual({ ok: true, text });
    // Through a URL and back.
    expect(readBootParams(linkSearch('', { z })).z).toBe(z);
  });

  it('says a truncated or altered link is broken, and which way', async () => {
    const z = await encodeScenario('seed 3\nnode m r1\nr1> REPLICAOF m 6379\nsleep 8s\n'.repeat(3));
    for (const cut of [1, 3, 5, Math.floor(z.length / 2)]) {
      const r = await decodeScenario(z.slice(0, z.length - cut));
      expect(r.ok).toBe(false);
    }
    expect(await decodeScenario(z.slice(0, 4 * Math.floor(z.length / 4) + 1))).toEqual({ ok: false, problem: 'base64' });
    expect(await decodeScenario(z.slice(0, 8))).toEqual({ ok: false, problem: 'deflate' });
    expect(await decodeScenario('not base64!')).toEqual({ ok: false, problem: 'base64' });
    expect(await decodeScenario('')).toEqual({ ok: false, problem: 'base64' });
  });

  it('reads the Redis version and the compared one, ignoring versions replscope does not play', () => {
    expect(readBootParams('?example=x&version=2.8&compare=4.0')).toMatchObject({ version: '2.8', compare: '4.0' });
    const odd = readBootParams('?example=x&version=3.2&compare=latest');
    expect(odd.version).toBeUndefined();
    expect(odd.compare).toBeUndefined();
  });

  it('sets and drops version= and compare= in the address, keeping the rest in place', () => {
    expect(withVersions('?example=x&lang=en', { version: '2.6', compare: null })).toBe('?example=x&lang=en&version=2.6');
    expect(withVersions('?example=x&version=2.6&lang=en&compare=7.0', { version: null, compare: '4.0' })).toBe('?example=x&lang=en&compare=4.0');
    expect(withVersions('?version=2.6', { version: null, compare: null })).toBe('');
  });
});
