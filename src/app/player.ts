// The playback loop: on every animation frame it hands the wall time elapsed since the previous
// frame to a tick, awaits it, and only then asks for the next frame, so ticks never overlap.
// The frame scheduler is injected (requestAnimationFrame in the page, a hand-driven one in tests).

export type FrameCallback = (nowMs: number) => void | Promise<void>;

export interface FrameScheduler {
  request(cb: FrameCallback): number;
  cancel(handle: number): void;
}

/** The browser's frames. */
export const animationFrames: FrameScheduler = {
  request: (cb) => requestAnimationFrame((t) => void cb(t)),
  cancel: (h) => cancelAnimationFrame(h),
};

/**
 * The longest wall time one frame may account for: after a stall (a background tab, a long
 * window of simulation) playback slows down instead of leaping ahead.
 */
export const MAX_FRAME_MS = 100;

/** A tick advances by dtMs of wall time; it resolves false to stop the loop. */
export type Tick = (dtMs: number) => Promise<boolean>;

export class Player {
  private running = false;
  private handle: number | null = null;
  private lastMs: number | null = null;
  /** The tick under way, if any: a frame after a quick stop/start waits for it. */
  private inFlight: Promise<boolean> | null = null;
  /** How many times play started: a tick knows whether it still belongs to the play it ran in. */
  private starts = 0;

  constructor(private readonly frames: FrameScheduler, private readonly tick: Tick) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.starts++;
    this.lastMs = null;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== null) this.frames.cancel(this.handle);
    this.handle = null;
  }

  private schedule(): void {
    this.handle = this.frames.request((now) => this.frame(now));
  }

  private async frame(now: number): Promise<void> {
    this.handle = null;
    if (this.inFlight) await this.inFlight;
    if (!this.running || this.handle !== null) return;
    // The first frame only sets the clock: time starts flowing from the moment play was pressed.
    const dt = this.lastMs === null ? 0 : Math.min(Math.max(0, now - this.lastMs), MAX_FRAME_MS);
    this.lastMs = now;
    const starts = this.starts;
    this.inFlight = this.tick(dt);
    const more = await this.inFlight.finally(() => { this.inFlight = null; });
    // A tick that ended the play does not end a play started again meanwhile.
    if (!more && this.starts === starts) this.running = false;
    if (this.running && this.handle === null) this.schedule();
  }
}
