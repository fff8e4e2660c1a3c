import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate, parseDuration, parseRate } from './parse.ts';
import { errorOf } from './parse-test-helpers.ts';

describe('durations', () => {
  it('reads ms, s and m, with decimals for s and m', () => {
    expect(parseDuration('1500ms')).toEqual({ ok: true, value: 1500 });
    expect(parseDuration('2s')).toEqual({ ok: true, value: 2000 });
    expect(parseDuration('2.5s')).toEqual({ ok: true, value: 2500 });
    expect(parseDuration('0.001s')).toEqual({ ok: true, value: 1 });
    expect(parseDuration('1m')).toEqual({ ok: true, value: 60_000 });
    expect(parseDuration('0.5m')).toEqual({ ok: true, value: 30_000 });
    expect(parseDuration('0ms')).toEqual({ ok: true, value: 0 });
  });

  it('computes decimals exactly', () => {
    expect(parseDuration('0.3s')).toEqual({ ok: true, value: 300 });
    expect(parseDuration('1.1m')).toEqual({ ok: true, value: 66_000 });
  });

  it('rejects a duration without a unit, with an unknown unit, or below a millisecond', () => {
    expect(errorOf('sleep 100')).toMatch(/^bad duration '100': write a number and a unit, ms, s or m/);
    expect(errorOf('sleep 1h')).toMatch(/^bad duration '1h'/);
    expect(errorOf('sleep 1.5ms')).toBe("bad duration '1.5ms': milliseconds must be a whole number");
    expect(errorOf('sleep 0.0005s')).toMatch(/^bad duration '0.0005s': it must come to a whole number of milliseconds/);
    expect(errorOf('sleep -1s')).toMatch(/^bad duration '-1s'/);
    expect(errorOf('sleep 1 s')).toMatch(/^too many arguments/);
  });

  it('rejects an absurdly long duration', () => {
    expect(errorOf('sleep 99999999999999999999m')).toMatch(/^bad duration/);
  });

  it('writes durations back in the largest exact unit', () => {
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(2000)).toBe('2s');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(1001)).toBe('1001ms');
    expect(formatDuration(20)).toBe('20ms');
    expect(formatDuration(0)).toBe('0ms');
  });
});

describe('bandwidth', () => {
  it('reads bits per second in powers of 1000 and bytes per second in powers of 1024', () => {
    expect(parseRate('10mbit')).toEqual({ ok: true, value: 1_250_000 });
    expect(parseRate('1gbit')).toEqual({ ok: true, value: 125_000_000 });
    expect(parseRate('500kbit')).toEqual({ ok: true, value: 62_500 });
    expect(parseRate('8bit')).toEqual({ ok: true, value: 1 });
    expect(parseRate('2mb')).toEqual({ ok: true, value: 2 * 1024 * 1024 });
    expect(parseRate('64kb')).toEqual({ ok: true, value: 65_536 });
    expect(parseRate('1gb')).toEqual({ ok: true, value: 1024 ** 3 });
    expect(parseRate('100b')).toEqual({ ok: true, value: 100 });
    expect(parseRate('1.5mbit')).toEqual({ ok: true, value: 187_500 });
    expect(parseRate('10mbit/s')).toEqual({ ok: true, value: 1_250_000 });
  });

  it('rejects unknown units, other letter cases, zero and fractions of a byte', () => {
    expect(errorOf('bandwidth m r1 10Mbit')).toMatch(/^bad rate '10Mbit': write a number and a unit/);
    expect(errorOf('bandwidth m r1 10mbps')).toMatch(/^bad rate '10mbps'/);
    expect(errorOf('bandwidth m r1 10')).toMatch(/^bad rate '10'/);
    expect(errorOf('bandwidth m r1 0mbit')).toBe("bad rate '0mbit': the rate must be above 0");
    expect(errorOf('bandwidth m r1 1bit')).toBe("bad rate '1bit': it must come to a whole number of bytes per second");
  });

  it('writes rates back in the unit giving the smallest whole number', () => {
    expect(formatRate(1_250_000)).toBe('10mbit');
    expect(formatRate(2 * 1024 * 1024)).toBe('2mb');
    expect(formatRate(125)).toBe('1kbit');
    expect(formatRate(100)).toBe('100b');
    expect(formatRate(1)).toBe('1b');
  });
});

