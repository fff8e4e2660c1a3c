import { describe, expect, it } from 'vitest';
import { fitCount } from './use-fit-count.ts';

describe('fitCount', () => {
  it('draws enough items of the smallest size to cover the box, and one more for a partly scrolled one', () => {
    // A 1380 px lane of blocks at least 120 px wide with 6 px gaps: 11 cover it.
    expect(fitCount(1380, 120, 6, 24)).toBe(12);
    expect(11 * 126).toBeGreaterThanOrEqual(1380);
    // The console at its 640 px max-height, rows of at least one 18.85 px line and a 2 px margin.
    expect(fitCount(640, 18.85, 2, 100)).toBe(32);
  });

  it('never draws more than the cap, nor fewer than one', () => {
    expect(fitCount(100_000, 10, 0, 100)).toBe(100);
    expect(fitCount(1, 500, 0, 100)).toBe(2);
  });

  it('draws the cap when the box or the item has no size (not laid out)', () => {
    expect(fitCount(0, 120, 6, 24)).toBe(24);
    expect(fitCount(800, NaN, 2, 100)).toBe(100);
  });
});
