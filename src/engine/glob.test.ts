import { describe, expect, it } from 'vitest';
import { GLOB_MAX_NESTING, stringMatch } from './glob.ts';
import { bulkTexts, T0, TestNode } from './test-node.ts';

// Every expectation below was checked against redis-server 7.0.15 (KEYS for the case-sensitive
// match, CONFIG GET for the case-insensitive one).

const KEYS = ['a', 'b', 'z', 'A', 'Z', 'ab', 'abc', 'aXc', 'a*', 'a?', 'a[', 'a]', 'a\\', 'a-b', 'hello', 'hallo',
  'hxllo', 'heeeello', '-', ']', '^', 'x^y'];
const keys = (p: string): string[] => KEYS.filter((k) => stringMatch(p, k)).sort();
const sorted = (a: readonly string[]): string[] => [...a].sort();

describe('stringmatchlen', () => {
  it('treats a reversed range as the same range', () => {
    expect(keys('[z-a]')).toEqual(sorted(['z', 'a', 'b']));
    expect(keys('[^z-a]')).toEqual(sorted([']', 'A', '-', '^', 'Z']));
    expect(keys('[z-A]')).toEqual(sorted(['z', ']', 'A', '^', 'Z', 'a', 'b']));
    // "a-]" is a range from a to ] (swapped), so the class never closes.
    expect(keys('[a-]')).toEqual(sorted([']', '^', 'a']));
  });

  it('reads escapes, negation and brackets as Redis does', () => {
    expect(keys('h[^e]llo')).toEqual(sorted(['hallo', 'hxllo']));
    expect(keys('a\\*')).toEqual(['a*']);
    expect(keys('a[\\]]')).toEqual(['a]']);
    expect(keys('a[\\-]b')).toEqual(['a-b']);
    expect(keys('[-a]')).toEqual(sorted(['-', 'a']));
    expect(keys('x[\\^]y')).toEqual(['x^y']);
    expect(keys('a\\')).toEqual(['a\\']);
    expect(keys('a[')).toEqual([]);
    expect(keys('[]]')).toEqual([]);
    // An empty negated class matches any one byte; "!" is not a negation.
    expect(keys('[^]')).toEqual(sorted(['z', ']', 'A', '-', '^', 'Z', 'a', 'b']));
    expect(keys('a[!b]c')).toEqual(['abc']);
  });

  it('answers at once on many stars', () => {
    const s = 'a'.repeat(5000);
    expect(stringMatch('*a'.repeat(200) + '*b', s)).toBe(false);
    expect(stringMatch('**********x', 'x'.repeat(100_000) + 'y')).toBe(false);
    expect(stringMatch('*a*a*a*a*a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaab')).toBe(true);
  });

  it('matches nothing past 1000 nested stars', () => {
    const s = 'a'.repeat(3000);
    expect(GLOB_MAX_NESTING).toBe(1000);
    expect(stringMatch('*a'.repeat(1000), s)).toBe(true);
    expect(stringMatch('*a'.repeat(1001), s)).toBe(false);
  });

  it('ignores case for letters only when asked (CONFIG GET)', () => {
    expect(stringMatch('REPL-BACKLOG-SIZ[D-F]', 'repl-backlog-size', true)).toBe(true);
    expect(stringMatch('REPL-BACKLOG-SIZ[D-F]', 'repl-backlog-size')).toBe(false);
    expect(stringMatch('repl-backlog-si\\Ze*', 'repl-backlog-size', true)).toBe(true);
    // An escape inside brackets compares the byte as it is.
    expect(stringMatch('repl-[\\D]*', 'repl-diskless-sync', true)).toBe(false);
  });
});

describe('CONFIG GET with hostile patterns', () => {
  it('answers a reversed range and a run of stars with the matching names', () => {
    const n = new TestNode({ nowMs: T0 });
    const names = (p: string): string[] => bulkTexts(n.command(['CONFIG', 'GET', p])).filter((_, i) => i % 2 === 0).sort();
    expect(names('[z-a]').length).toBe(0);
    expect(names('**********x')).toEqual(names('*x'));
    expect(names('*e').length).toBeGreaterThan(0);
    expect(names('**********e')).toEqual(names('*e'));
    expect(names('[Z-A]EPL-BACKLOG-SIZE')).toEqual(['repl-backlog-size']);
  });
});
