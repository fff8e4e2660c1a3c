import { describe, expect, it } from 'vitest';
import { crc64, crc64Init, crc64UpdateBinary, crc64UpdateBytes, crc64Value } from './crc64.ts';
import { utf8ToBinary } from './bytes.ts';

describe('crc64 (Redis crc64.c, Jones polynomial)', () => {
  it('gives crc64.c\'s own test vector for "123456789"', () => {
    expect(crc64(0n, '123456789')).toBe(0xe9c6d914c4b8d9can);
  });

  it('gives crc64.c\'s test vector for its lorem ipsum text (sizeof, so with the NUL)', () => {
    const li =
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed ' +
      'do eiusmod tempor incididunt ut labore et dolore magna ' +
      'aliqua. Ut enim ad minim veniam, quis nostrud exercitation ' +
      'ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis ' +
      'aute irure dolor in reprehenderit in voluptate velit esse ' +
      'cillum dolore eu fugiat nulla pariatur. Excepteur sint ' +
      'occaecat cupidatat non proident, sunt in culpa qui officia ' +
      'deserunt mollit anim id est laborum.\0';
    expect(crc64(0n, li)).toBe(0xc7794709e69683b3n);
  });

  it('is 0 for no data', () => {
    expect(crc64(0n, '')).toBe(0n);
  });

  it('gives the same value fed in pieces, as bytes or as a binary string', () => {
    const text = utf8ToBinary('héllo wörld, \u{1F600} and some more bytes \x00\xff');
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const whole = crc64(0n, text);
    expect(crc64(0n, bytes)).toBe(whole);
    const st = crc64Init();
    crc64UpdateBinary(st, text, 0, 7);
    crc64UpdateBytes(st, bytes, 7, 20);
    crc64UpdateBinary(st, text, 20);
    expect(crc64Value(st)).toBe(whole);
    // Continuing from a previous value is the same as one pass.
    expect(crc64(crc64(0n, text.slice(0, 11)), text.slice(11))).toBe(whole);
  });
});
