// Redis's number text helpers: what a user sees in replies and inside RDB files.

import { describe, expect, it } from 'vitest';
import {
  d2string, double2ll, formatDouble, formatDoubleExact, ld2string, ll2string, lpStringToInt64, parseCDouble, string2ld, string2ll,
} from './numfmt.ts';

describe('string2ll / lpStringToInt64', () => {
  it('accepts the canonical decimal text of an int64 only, as util.c string2ll does', () => {
    expect(string2ll('0')).toBe(0n);
    expect(string2ll('-123')).toBe(-123n);
    expect(string2ll('9223372036854775807')).toBe(9223372036854775807n);
    expect(string2ll('-9223372036854775808')).toBe(-9223372036854775808n);
    for (const bad of ['', '-', '-0', '01', '+1', ' 1', '1 ', '1.0', '9223372036854775808', '-9223372036854775809', '1e5', '0x10', '123456789012345678901']) {
      expect(string2ll(bad), bad).toBeNull();
      expect(lpStringToInt64(bad), bad).toBeNull();
    }
  });

  it('gives numbers up to 15 characters and bigints beyond', () => {
    expect(lpStringToInt64('7')).toBe(7);
    expect(lpStringToInt64('-99999999999999')).toBe(-99999999999999);
    expect(lpStringToInt64('999999999999999')).toBe(999999999999999);
    expect(lpStringToInt64('1000000000000000')).toBe(1000000000000000n);
  });
});

describe('ll2string / double2ll', () => {
  it('prints integers without exponent notation', () => {
    expect(ll2string(0)).toBe('0');
    expect(ll2string(-0)).toBe('0');
    expect(ll2string(-42)).toBe('-42');
    expect(ll2string(4611686018427387904)).toBe('4611686018427387904');
    expect(ll2string(-9223372036854775808n)).toBe('-9223372036854775808');
  });

  it('takes integral doubles within +-2^62 only', () => {
    expect(double2ll(3)).toBe(3);
    expect(double2ll(-0)).toBe(0);
    expect(double2ll(2 ** 62)).toBe(2 ** 62);
    expect(double2ll(2 ** 63)).toBeNull();
    expect(double2ll(1.5)).toBeNull();
    expect(double2ll(Infinity)).toBeNull();
    expect(double2ll(NaN)).toBeNull();
  });
});

describe('d2string (zset scores in listpacks, ZSCAN of small zsets)', () => {
  it('spells scores as Redis 7.0 does: integers plainly, the rest with %.17g', () => {
    expect(d2string(1)).toBe('1');
    expect(d2string(-0)).toBe('-0');
    expect(d2string(1.5)).toBe('1.5');
    expect(d2string(0.1)).toBe('0.10000000000000001');
    expect(d2string(1 / 3)).toBe('0.33333333333333331');
    expect(d2string(123.456)).toBe('123.456');
    expect(d2string(1e-5)).toBe('1.0000000000000001e-05');
    expect(d2string(3e-7)).toBe('2.9999999999999999e-07');
    expect(d2string(5e-324)).toBe('4.9406564584124654e-324');
    expect(d2string(1e21)).toBe('1e+21');
    expect(d2string(1e300)).toBe('1.0000000000000001e+300');
    expect(d2string(4611686018427387904)).toBe('4611686018427387904');
    expect(d2string(2 ** 63)).toBe('9.2233720368547758e+18');
  });

  it('spells infinities and NaN as inf, -inf, nan', () => {
    expect(d2string(Infinity)).toBe('inf');
    expect(d2string(-Infinity)).toBe('-inf');
    expect(d2string(NaN)).toBe('nan');
  });
});

describe('%.17g', () => {
  it('rounds exact ties to even, like glibc, where toExponential would round up', () => {
    expect(formatDouble(1000000000000000.25)).toBe('1000000000000000.2');
    expect(formatDouble(1000000000000000.75)).toBe('1000000000000000.8');
    expect(formatDouble(-2251799813685246.25)).toBe('-2251799813685246.2');
  });

  it('gives the exact BigInt result for any double', () => {
    const dv = new DataView(new ArrayBuffer(8));
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const xs: number[] = [];
    for (let i = 0; i < 4000; i++) {
      dv.setUint32(0, next());
      dv.setUint32(4, next());
      xs.push(dv.getFloat64(0));
    }
    // Values with few significant bits, where ties live.
    for (let i = 0; i < 2000; i++) xs.push(((next() % 2 ** 20) * 2 ** 33 + next()) / 2 ** ((next() % 60) + 1));
    for (const x of xs) {
      if (!Number.isFinite(x) || x === 0) continue;
      expect(formatDouble(x), String(x)).toBe(formatDoubleExact(x));
    }
  });
});

describe('ld2string (INCRBYFLOAT)', () => {
  it('prints %.17Lf without trailing zeros and -0 as 0', () => {
    expect(ld2string(string2ld('10.5')!)).toBe('10.5');
    expect(ld2string(string2ld('1e20')!)).toBe('100000000000000000000');
    expect(ld2string(string2ld('-0')!)).toBe('0');
    expect(ld2string(string2ld('inf')!)).toBe('inf');
  });
});

describe('parseCDouble (scores in RDB files)', () => {
  it('reads what Redis writes and rejects anything else as NaN', () => {
    expect(parseCDouble('1.5')).toBe(1.5);
    expect(parseCDouble('-inf')).toBe(-Infinity);
    expect(parseCDouble('1e+20')).toBe(1e20);
    expect(parseCDouble('2.9999999999999999e-07')).toBe(3e-7);
    expect(parseCDouble('abc')).toBeNaN();
  });
});
