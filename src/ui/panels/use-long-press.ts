// Press and hold: on a touch screen, holding a finger on a node or a link for half a second opens
// its actions menu (a tap selects; there is no right-click). Moving the finger more than 10 px,
// or the browser taking the touch for a scroll, cancels it; the finger lifting after a long-press
// makes no click (the menu has opened under it), and a click that comes anyway is not a tap. Right-click (contextmenu) opens the same menu with a mouse. UI timers only: the
// simulated world is never timed by these.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export const LONG_PRESS_MS = 500;
export const LONG_PRESS_SLOP_PX = 10;

/** Where the press was, in viewport coordinates. */
export interface PressPoint {
  readonly clientX: number;
  readonly clientY: number;
}

/** The parts of a pointer (or mouse) event the gesture reads. */
export interface PressEvent extends PressPoint {
  readonly pointerId: number;
  readonly pointerType: string;
  readonly button: number;
}

export interface Cancellable {
  /** 0 for a click made with the keyboard; 1 or more for one made with a pointer. */
  readonly detail?: number;
  readonly cancelable?: boolean;
  preventDefault(): void;
  stopPropagation(): void;
}

export interface LongPressOptions {
  readonly delayMs?: number;
  readonly slopPx?: number;
}

/** The gesture for many targets (one press at a time), keyed by what was pressed. */
export class LongPress<K> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private press: { key: K; id: number; x: number; y: number } | null = null;
  /** The last press opened the menu: the click it may still produce is not a tap. */
  private fired = false;
  private readonly delayMs: number;
  private readonly slopPx: number;

  constructor(private readonly onLongPress: (key: K, at: PressPoint) => void, opts: LongPressOptions = {}) {
    this.delayMs = opts.delayMs ?? LONG_PRESS_MS;
    this.slopPx = opts.slopPx ?? LONG_PRESS_SLOP_PX;
  }

  /** Is a press being held now (not yet a long-press)? */
  get pending(): boolean {
    return this.press !== null;
  }

  down(key: K, e: PressEvent): void {
    this.cancel();
    this.fired = false;
    // A mouse has its right button for the menu; only a finger or a pen holds.
    if (e.pointerType === 'mouse' || e.button !== 0) return;
    this.press = { key, id: e.pointerId, x: e.clientX, y: e.clientY };
    this.timer = setTimeout(() => {
      const p = this.press;
      this.timer = null;
      this.press = null;
      if (!p) return;
      this.fired = true;
      this.onLongPress(p.key, { clientX: p.x, clientY: p.y });
    }, this.delayMs);
  }

  move(e: PressEvent): void {
    const p = this.press;
    if (!p || e.pointerId !== p.id) return;
    if (Math.hypot(e.clientX - p.x, e.clientY - p.y) > this.slopPx) this.cancel();
  }

  up(e: Pick<PressEvent, 'pointerId'>): void {
    if (this.press && e.pointerId === this.press.id) this.cancel();
  }

  /** The press ends without a long-press (lifted, scrolled, left). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.press = null;
  }

  /**
   * The finger lifts. After a long-press the browser's click (and the mouse events before it) must
   * not happen: they would land on the menu that opened under the finger.
   */
  touchEnd(e: Cancellable): void {
    if (this.fired && e.cancelable !== false) e.preventDefault();
  }

  /** A click: swallowed (true) when it ends a long-press; a click from the keyboard always passes. */
  click(e: Cancellable): boolean {
    if (!this.fired || e.detail === 0) return false;
    this.fired = false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  /**
   * The context menu (right-click; on touch screens browsers send it for a long-press too): the
   * browser's own menu never shows, and ours opens once.
   */
  contextMenu(key: K, e: PressPoint & Cancellable): void {
    e.preventDefault();
    if (this.fired) return;
    const duringPress = this.press !== null;
    this.cancel();
    if (duringPress) this.fired = true;
    this.onLongPress(key, { clientX: e.clientX, clientY: e.clientY });
  }
}

type PressHandler = (e: PressEvent & Cancellable) => void;

export interface LongPressHandlers {
  readonly onPointerDown: PressHandler;
  readonly onPointerMove: PressHandler;
  readonly onPointerUp: PressHandler;
  readonly onPointerCancel: () => void;
  readonly onContextMenu: (e: PressPoint & Cancellable) => void;
  readonly onTouchEnd: (e: Cancellable) => void;
  readonly onClick: (e: Cancellable) => void;
}

/** The element props for one target: spread them on it. `onTap` is its ordinary click. */
export function longPressHandlers<K>(lp: LongPress<K>, key: K, onTap?: (e: Cancellable) => void): LongPressHandlers {
  return {
    onPointerDown: (e) => lp.down(key, e),
    onPointerMove: (e) => lp.move(e),
    onPointerUp: (e) => lp.up(e),
    onPointerCancel: () => lp.cancel(),
    onContextMenu: (e) => lp.contextMenu(key, e),
    onTouchEnd: (e) => lp.touchEnd(e),
    onClick: (e) => {
      if (!lp.click(e)) onTap?.(e);
    },
  };
}

/**
 * The gesture as a hook: bind(key, onTap) gives the props for one target. onLongPress may change
 * on every render; the gesture (and a press under way) stays.
 */
export function useLongPress<K>(onLongPress: (key: K, at: PressPoint) => void, opts?: LongPressOptions): (key: K, onTap?: (e: Cancellable) => void) => LongPressHandlers {
  const cb = useRef(onLongPress);
  useLayoutEffect(() => {
    cb.current = onLongPress;
  });
  const [lp] = useState(() => new LongPress<K>((k, at) => cb.current(k, at), opts));
  useEffect(() => () => lp.cancel(), [lp]);
  return useCallback((key: K, onTap?: (e: Cancellable) => void) => longPressHandlers(lp, key, onTap), [lp]);
}
