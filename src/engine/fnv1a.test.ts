import { describe, expect, it } from 'vitest';
import { FNV1A_OFFSET, fnv1a, fnv1aBytes, fnv1aStep } from './fnv1a.ts';

describe('FNV-1a (32-bit)', () => {
  it('gives the reference values', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(fnv1aBytes('foobar')).toBe(0xbf9cf968);
  });

  it('continues from a previous hash, and steps one code unit at a time', () => {
    expect(fnv1a('bar', fnv1a('foo'))).toBe(fnv1a('foobar'));
    let h = FNV1A_OFFSET;
    for (const c of 'foobar') h = fnv1aStep(h, c.charCodeAt(0));
    expect(h).toBe(fnv1a('foobar'));
  });

  it('hashes the bytes of a binary string, and code units otherwise', () => {
    const bin = '\xff\x00\x80k';
    expect(fnv1aBytes(bin)).toBe(fnv1a(bin));
    expect(fnv1aBytes('\u0141')).toBe(fnv1a('\x41'));
    expect(fnv1a('\u0141')).not.toBe(fnv1a('\x41'));
  });

  it('takes another prime for a second, independent half', () => {
    let h = 0xcbf29ce4;
    for (const c of 'xy') h = fnv1aStep(h, c.charCodeAt(0) + 0x9e, 0x0100019b);
    let ref = 0xcbf29ce4;
    for (const c of 'xy') ref = Math.imul(ref ^ (c.charCodeAt(0) + 0x9e), 0x0100019b) >>> 0;
    expect(h).toBe(ref);
  });
});
