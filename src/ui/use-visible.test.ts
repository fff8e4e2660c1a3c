// A panel off screen holds what it showed; back on screen it catches up.
import { describe, expect, it } from 'vitest';
import { holdWhileHidden } from './use-visible.ts';

describe('holdWhileHidden', () => {
  it('follows the state while visible, holds the last value while hidden, and catches up when visible again', () => {
    let visible = true;
    const read = holdWhileHidden((s: { n: number }) => s.n, () => visible);
    expect(read({ n: 1 })).toBe(1);
    expect(read({ n: 2 })).toBe(2);
    visible = false;
    expect(read({ n: 3 })).toBe(2);
    expect(read({ n: 4 })).toBe(2);
    visible = true;
    expect(read({ n: 5 })).toBe(5);
  });

  it('reads the state once even when hidden from the start', () => {
    const read = holdWhileHidden((s: { n: number }) => s.n, () => false);
    expect(read({ n: 7 })).toBe(7);
    expect(read({ n: 8 })).toBe(7);
  });
});
