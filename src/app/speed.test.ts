// Playback speed stops and how they read.
import { describe, expect, it } from 'vitest';
import { formatSpeed, nearestStop, SPEED_STOPS } from './speed.ts';

describe('playback speed', () => {
  it('has 1-2-5 stops from 1/1000x to 1000x', () => {
    expect(SPEED_STOPS.map(formatSpeed)).toEqual([
      '1/1000×', '1/500×', '1/200×', '1/100×', '1/50×', '1/20×', '1/10×', '1/5×', '1/2×',
      '1×', '2×', '5×', '10×', '20×', '50×', '100×', '200×', '500×', '1000×',
    ]);
  });

  it('finds the nearest stop on the log scale', () => {
    expect(SPEED_STOPS[nearestStop(1)]).toBe(1);
    expect(formatSpeed(SPEED_STOPS[nearestStop(0.011)])).toBe('1/100×');
    expect(SPEED_STOPS[nearestStop(700)]).toBe(500);
    expect(SPEED_STOPS[nearestStop(1e9)]).toBe(1000);
  });

  it('writes speeds between stops readably', () => {
    expect(formatSpeed(1 / 3)).toBe('1/3×');
    expect(formatSpeed(2.5)).toBe('2.5×');
  });
});
