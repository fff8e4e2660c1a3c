import { describe, expect, it } from 'vitest';
import { fitHeight } from './use-fit.ts';
import { scrollToShow } from './display.ts';

describe('fitHeight', () => {
  it('is what the window leaves between the row and the transport bar, less what shows below it', () => {
    expect(fitHeight({ viewportH: 900, rowTop: 165, transportH: 140, belowH: 0, zoom: 1 })).toBe(583);
    expect(fitHeight({ viewportH: 900, rowTop: 165, transportH: 140, belowH: 200, zoom: 1 })).toBe(383);
  });
  it('is in the page’s own pixels when the body is zoomed (presenter mode)', () => {
    expect(fitHeight({ viewportH: 1080, rowTop: 80, transportH: 135, belowH: 0, zoom: 1.35 })).toBe(Math.floor((1080 - 80 - 135 - 12) / 1.35));
  });
});

describe('scrollToShow', () => {
  it('does not scroll a field already inside the visible band', () => {
    expect(scrollToShow({ top: 100, bottom: 140 }, { from: 8, to: 600 })).toBe(0);
  });
  it('brings a field hidden under the bar (or above the top) to the middle of the band', () => {
    expect(scrollToShow({ top: 700, bottom: 740 }, { from: 0, to: 400 })).toBe(520);
    expect(scrollToShow({ top: -60, bottom: -20 }, { from: 0, to: 400 })).toBe(-240);
  });
});
