// Number parsing and printing as glibc does it, and the glob matcher, checked on their own.

import { describe, expect, it } from 'vitest';
import { d2string, formatDouble, ldAdd, ldToHuman, string2d, string2ld, strtodWhole } from './floats.ts';
import { string2ll, stringMatch } from './util.ts';

const ld = (s: string) => string2ld(s)!;

describe('%.17g (addReplyDouble)', () => {
  it('prints 17 significant digits and drops trailing zeros', () => {
    expect(formatDouble(0.1)).toBe('0.10000000000000001');
    expect(formatDouble(1.5)).toBe('1.5');
    expect(formatDouble(3)).toBe('3');
    expect(formatDouble(-2.25)).toBe('-2.25');
  });

  it('switches to exponent form below 1e-4 and from 1e17', () => {
    expect(formatDouble(1e-5)).toBe('1.0000000000000001e-05');
    expect(formatDouble(0.0001)).toBe('0.0001');
    expect(formatDouble(1e16)).toBe('10000000000000000');
    expect(formatDouble(1e17)).toBe('1e+17');
    expect(formatDouble(Number('123456789012345678'))).toBe('1.2345678901234568e+17');
    expect(formatDouble(Number.MIN_VALUE)).toBe('4.9406564584124654e-324');
    expect(formatDouble(Number.MAX_VALUE)).toBe('1.7976931348623157e+308');
  });

  it('rounds exact ties to even as glibc does', () => {
    expect(formatDouble(2251799813685246.25)).toBe('2251799813685246.2');
    expect(formatDouble(2251799813685246.75)).toBe('2251799813685246.8');
  });

  it('keeps the sign of zero and spells infinities inf', () => {
    expect(formatDouble(-0)).toBe('-0');
    expect(formatDouble(Infinity)).toBe('inf');
    expect(formatDouble(-Infinity)).toBe('-inf');
  });

  it('prints integral values up to 2^62 as integers in d2string', () => {
    expect(d2string(1e17)).toBe('100000000000000000');
    expect(d2string(1e20)).toBe('1e+20');
    expect(d2string(0.5)).toBe('0.5');
  });
});

describe('long double arithmetic (INCRBYFLOAT)', () => {
  it('adds in 64-bit precision and prints %.17Lf without trailing zeros', () => {
    expect(ldToHuman(ldAdd(ld('0.1'), ld('0.2')))).toBe('0.3');
    expect(ldToHuman(ldAdd(ld('10.5'), ld('0.1')))).toBe('10.6');
    expect(ldToHuman(ldAdd(ld('3'), ld('0.0000000000000000001')))).toBe('3');
    expect(ldToHuman(ld('1e20'))).toBe('100000000000000000000');
  });

  it('rounds the 17th decimal half to even and prints -0 as 0', () => {
    expect(ldToHuman(ld('0.000003814697265625'))).toBe('0.00000381469726562');
    expect(ldToHuman(ld('-0.000000000000000001'))).toBe('0');
  });

  it('overflows to infinity beyond the long double range', () => {
    expect(ldAdd(ld('1.1e4932'), ld('1.1e4932')).kind).toBe('inf');
    expect(ldAdd(ld('1e308'), ld('1e308')).kind).toBe('fin');
  });
});

describe('strict number parsing', () => {
  it('accepts what strtod accepts over the whole string', () => {
    expect(string2d('1.5')).toBe(1.5);
    expect(string2d('.5')).toBe(0.5);
    expect(string2d('5.')).toBe(5);
    expect(string2d('+3')).toBe(3);
    expect(string2d('0x10')).toBe(16);
    expect(string2d('0x1p-2')).toBe(0.25);
    expect(string2d('-inf')).toBe(-Infinity);
    expect(string2d('Infinity')).toBe(Infinity);
    expect(string2d('4.9e-324')).toBe(Number.MIN_VALUE);
  });

  it('refuses spaces, NaN, empty text and out-of-range values', () => {
    for (const s of [' 1', '1 ', 'nan', '', '1e400', '1e-400', 'abc', '1e', '0x']) expect(string2d(s)).toBeNull();
    expect(string2ld('1e4933')).toBeNull();
    expect(string2ld('1e4932')).not.toBeNull();
  });

  it('parses zset range bounds up to a NUL byte, with an empty text as 0', () => {
    expect(strtodWhole('')).toBe(0);
    expect(strtodWhole(' 1')).toBe(1);
    expect(strtodWhole('1e400')).toBe(Infinity);
    expect(strtodWhole('2\0junk')).toBe(2);
    expect(strtodWhole('1x')).toBeNull();
  });

  it('accepts only canonical int64 text as an integer', () => {
    expect(string2ll('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(string2ll('9223372036854775808')).toBeNull();
    expect(string2ll('007')).toBeNull();
    expect(string2ll('+1')).toBeNull();
    expect(string2ll('-0')).toBeNull();
    expect(string2ll('0')).toBe(0n);
  });
});

describe('glob matching (stringmatchlen)', () => {
  it('handles *, ?, classes, negation, ranges and escapes', () => {
    // As in Redis, no pattern matches the empty string here (KEYS * and MATCH * skip matching).
    expect(stringMatch('*', '')).toBe(false);
    expect(stringMatch('*', 'x')).toBe(true);
    expect(stringMatch('a*c', 'abbbc')).toBe(true);
    expect(stringMatch('a?c', 'ac')).toBe(false);
    expect(stringMatch('[a-c]x', 'bx')).toBe(true);
    expect(stringMatch('[c-a]x', 'bx')).toBe(true);
    expect(stringMatch('[^a]x', 'ax')).toBe(false);
    expect(stringMatch('a\\*', 'a*')).toBe(true);
    expect(stringMatch('a\\*', 'ab')).toBe(false);
  });

  it('treats an unterminated class as running to the end of the pattern', () => {
    expect(stringMatch('[a-', 'a')).toBe(true);
    expect(stringMatch('a[', 'a[')).toBe(false);
    expect(stringMatch('[', '[')).toBe(false);
  });

  it('compares class ranges as signed chars', () => {
    expect(stringMatch('[a-\xff]', '\xff')).toBe(true);
    expect(stringMatch('[a-\xff]', '0')).toBe(true);
    expect(stringMatch('[a-\xff]', 'z')).toBe(false);
  });
});
