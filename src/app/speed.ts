// Playback speed: simulated time per wall time, on a log scale from 1/1000x to 1000x, in
// 1-2-5 steps so every stop has a readable value ("1/100×", "1×", "50×").

export const MIN_SPEED = 1 / 1000;
export const MAX_SPEED = 1000;
export const DEFAULT_SPEED = 1;

/** The slider's stops: 1/1000, 1/500, 1/200, 1/100 … 1 … 200, 500, 1000. */
export const SPEED_STOPS: readonly number[] = (() => {
  const out: number[] = [];
  for (let e = -3; e <= 3; e++) {
    for (const m of [1, 2, 5]) {
      const x = e < 0 ? 1 / (10 ** -e / m) : m * 10 ** e;
      if (x >= MIN_SPEED - 1e-12 && x <= MAX_SPEED + 1e-9) out.push(x);
    }
  }
  return out;
})();

export function clampSpeed(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return DEFAULT_SPEED;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
}

/** The stop nearest to a speed, on the log scale. */
export function nearestStop(x: number): number {
  const lx = Math.log10(clampSpeed(x));
  let best = 0;
  for (let i = 1; i < SPEED_STOPS.length; i++) {
    if (Math.abs(Math.log10(SPEED_STOPS[i]) - lx) < Math.abs(Math.log10(SPEED_STOPS[best]) - lx)) best = i;
  }
  return best;
}

/** "1/100×" below 1, "1×", "2.5×" or "1000×" from 1 up. */
export function formatSpeed(x: number): string {
  if (x < 1) {
    const d = 1 / x;
    const r = Math.round(d);
    return Math.abs(d - r) < 1e-6 * d ? `1/${r}×` : `1/${Number(d.toPrecision(3))}×`;
  }
  return `${Number(x.toPrecision(4))}×`;
}
