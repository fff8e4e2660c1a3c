// Durations and rates in scenario lines: parsed exactly (no floating-point rounding) and printed
// in their canonical form.

import { fail, ok, type Parsed } from './lex.ts';

/** A decimal number times a whole factor, exactly: null unless the result is a safe whole number. */
function scaleExact(num: string, factor: bigint, divisor: bigint): number | null {
  const [int, frac = ''] = num.split('.');
  const scaled = BigInt(int + frac) * factor;
  const denom = 10n ** BigInt(frac.length) * divisor;
  if (scaled % denom !== 0n) return null;
  const v = scaled / denom;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null;
}

const DURATION_UNITS: Readonly<Record<string, bigint>> = { ms: 1n, s: 1000n, m: 60_000n };

/** `1500ms`, `2s`, `2.5s`, `1m`, `0.5m` -> whole milliseconds. */
export function parseDuration(tok: string): Parsed<number> {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(tok);
  if (!m) return fail(`bad duration '${tok}': write a number and a unit, ms, s or m (minutes), e.g. 1500ms, 2.5s, 1m`);
  if (m[2] === 'ms' && m[1].includes('.')) return fail(`bad duration '${tok}': milliseconds must be a whole number`);
  const ms = scaleExact(m[1], DURATION_UNITS[m[2]], 1n);
  if (ms === null) return fail(`bad duration '${tok}': it must come to a whole number of milliseconds, and not an absurd one`);
  return ok(ms);
}

/** Bits per second use powers of 1000; bytes per second use powers of 1024. */
const RATE_UNITS: Readonly<Record<string, { factor: bigint; divisor: bigint }>> = {
  bit: { factor: 1n, divisor: 8n },
  kbit: { factor: 1000n, divisor: 8n },
  mbit: { factor: 1_000_000n, divisor: 8n },
  gbit: { factor: 1_000_000_000n, divisor: 8n },
  b: { factor: 1n, divisor: 1n },
  kb: { factor: 1024n, divisor: 1n },
  mb: { factor: 1024n ** 2n, divisor: 1n },
  gb: { factor: 1024n ** 3n, divisor: 1n },
};

/** `10mbit`, `500kbit`, `1gbit` (bits/s, powers of 1000), `2mb`, `64kb`, `100b` (bytes/s, powers of 1024); optional `/s`. */
export function parseRate(tok: string): Parsed<number> {
  const m = /^(\d+(?:\.\d+)?)(bit|kbit|mbit|gbit|b|kb|mb|gb)(\/s)?$/.exec(tok);
  const units = 'bit, kbit, mbit, gbit (bits per second) or b, kb, mb, gb (bytes per second, 1kb = 1024 bytes)';
  if (!m) return fail(`bad rate '${tok}': write a number and a unit, ${units}, e.g. 10mbit or 2mb`);
  const u = RATE_UNITS[m[2]];
  const v = scaleExact(m[1], u.factor, u.divisor);
  if (v === null) return fail(`bad rate '${tok}': it must come to a whole number of bytes per second`);
  if (v === 0) return fail(`bad rate '${tok}': the rate must be above 0`);
  return ok(v);
}

/** Canonical duration text: whole minutes as m, from a second up in tenths as s, else ms. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Canonical rate text: the unit that gives the smallest whole number. */
export function formatRate(bytesPerSec: number): string {
  let best = `${bytesPerSec}b`;
  let bestValue = bytesPerSec;
  const bytes = BigInt(bytesPerSec);
  for (const unit of ['gbit', 'mbit', 'kbit', 'gb', 'mb', 'kb']) {
    const { factor, divisor } = RATE_UNITS[unit];
    const scaled = bytes * divisor;
    if (scaled % factor !== 0n) continue;
    const value = Number(scaled / factor);
    if (value < bestValue) {
      best = `${value}${unit}`;
      bestValue = value;
    }
  }
  return best;
}
