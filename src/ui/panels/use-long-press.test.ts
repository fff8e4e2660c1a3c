// Press and hold opens the menu: simulated pointer events on fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LONG_PRESS_MS, LongPress, longPressHandlers, type PressEvent } from './use-long-press.ts';

const touch = (x = 100, y = 100, id = 1): PressEvent & { preventDefault(): void; stopPropagation(): void; detail: number } => ({
  pointerId: id, pointerType: 'touch', button: 0, clientX: x, clientY: y, detail: 1,
  preventDefault: vi.fn(), stopPropagation: vi.fn(),
});
const mouse = (button = 0) => ({ ...touch(), pointerType: 'mouse', button });

describe('long-press', () => {
  let opened: [string, number, number][];
  let lp: LongPress<string>;
  beforeEach(() => {
    vi.useFakeTimers();
    opened = [];
    lp = new LongPress<string>((k, at) => opened.push([k, at.clientX, at.clientY]));
  });
  afterEach(() => vi.useRealTimers());

  it('opens the menu of what was held after half a second, where it was held, and not before', () => {
    lp.down('node:r1', touch(40, 60));
    vi.advanceTimersByTime(LONG_PRESS_MS - 1);
    expect(opened).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(opened).toEqual([['node:r1', 40, 60]]);
    lp.up(touch());
    vi.advanceTimersByTime(2000);
    expect(opened).toHaveLength(1);
  });

  it('is a tap, not a long-press, when the finger lifts early', () => {
    lp.down('node:m', touch());
    vi.advanceTimersByTime(300);
    lp.up(touch());
    vi.advanceTimersByTime(1000);
    expect(opened).toEqual([]);
    const tap = vi.fn();
    longPressHandlers(lp, 'node:m', tap).onClick(touch());
    expect(tap).toHaveBeenCalledTimes(1);
  });

  it('is cancelled by moving the finger more than 10 px, but not by a small wobble', () => {
    lp.down('link:m|r1', touch(100, 100));
    lp.move(touch(106, 107));
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(opened).toHaveLength(1);

    lp.down('link:m|r1', touch(100, 100));
    vi.advanceTimersByTime(200);
    lp.move(touch(100, 112));
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(opened).toHaveLength(1);
  });

  it('is cancelled when the browser takes the touch for a scroll (pointercancel)', () => {
    const h = longPressHandlers(lp, 'node:r2');
    h.onPointerDown(touch());
    h.onPointerCancel();
    vi.advanceTimersByTime(LONG_PRESS_MS * 2);
    expect(opened).toEqual([]);
    expect(lp.pending).toBe(false);
  });

  it('ignores other fingers, a held mouse button, and buttons other than the primary one', () => {
    lp.down('node:m', touch(100, 100, 1));
    lp.move(touch(300, 300, 2));
    lp.up(touch(300, 300, 2));
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(opened).toHaveLength(1);
    lp.down('node:m', mouse());
    lp.down('node:m', { ...touch(), button: 2 });
    vi.advanceTimersByTime(LONG_PRESS_MS * 2);
    expect(opened).toHaveLength(1);
  });

  it('keeps the lifting finger from clicking what opened under it, and only after a long-press', () => {
    const h = longPressHandlers(lp, 'node:r1');
    h.onPointerDown(touch());
    vi.advanceTimersByTime(LONG_PRESS_MS);
    const lift = touch();
    h.onTouchEnd(lift);
    expect(lift.preventDefault).toHaveBeenCalled();
    h.onPointerDown(touch());
    h.onPointerUp(touch());
    const tapLift = touch();
    h.onTouchEnd(tapLift);
    expect(tapLift.preventDefault).not.toHaveBeenCalled();
  });

  it('does not also select: the click that ends a long-press is swallowed, once', () => {
    const tap = vi.fn();
    const h = longPressHandlers(lp, 'node:r1', tap);
    h.onPointerDown(touch());
    vi.advanceTimersByTime(LONG_PRESS_MS);
    h.onPointerUp(touch());
    const click = touch();
    h.onClick(click);
    expect(tap).not.toHaveBeenCalled();
    expect(click.preventDefault).toHaveBeenCalled();
    expect(click.stopPropagation).toHaveBeenCalled();
    // The next tap selects again.
    h.onPointerDown(touch());
    h.onPointerUp(touch());
    h.onClick(touch());
    expect(tap).toHaveBeenCalledTimes(1);
  });

  it('lets a click from the keyboard through even right after a long-press', () => {
    const tap = vi.fn();
    const h = longPressHandlers(lp, 'node:r1', tap);
    h.onPointerDown(touch());
    vi.advanceTimersByTime(LONG_PRESS_MS);
    h.onClick({ ...touch(), detail: 0 });
    expect(tap).toHaveBeenCalledTimes(1);
  });

  it('opens on right-click at once, without the browser\'s menu, and the next left click still selects', () => {
    const tap = vi.fn();
    const h = longPressHandlers(lp, 'node:m', tap);
    const e = { ...mouse(2), clientX: 7, clientY: 9 };
    h.onContextMenu(e);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(opened).toEqual([['node:m', 7, 9]]);
    h.onPointerDown(mouse());
    h.onClick(mouse());
    expect(tap).toHaveBeenCalledTimes(1);
  });

  it('opens once when a touch long-press also brings a contextmenu event, before or after the timer', () => {
    const tap = vi.fn();
    const h = longPressHandlers(lp, 'node:r1', tap);
    // The browser's contextmenu comes first: the timer is dropped, the click after is swallowed.
    h.onPointerDown(touch());
    vi.advanceTimersByTime(450);
    h.onContextMenu(touch());
    vi.advanceTimersByTime(LONG_PRESS_MS);
    h.onPointerUp(touch());
    h.onClick(touch());
    expect(opened).toHaveLength(1);
    expect(tap).not.toHaveBeenCalled();
    // The timer comes first: the contextmenu after it only keeps the browser's menu away.
    h.onPointerDown(touch());
    vi.advanceTimersByTime(LONG_PRESS_MS);
    const e = touch();
    h.onContextMenu(e);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(opened).toHaveLength(2);
  });
});
