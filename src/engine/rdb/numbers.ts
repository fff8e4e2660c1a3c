// Numbers as Redis prints and parses them inside RDB files.

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * string2ll() / lpStringToInt64(): the value when s is the strict decimal form of an int64
 * (no sign but '-', no leading zeros, no spaces), else null. Values of up to 15 characters come
 * back as numbers (always exact), longer ones as bigints.
 */
export function strictInt(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n >= 21) return null;
  const c0 = s.charCodeAt(0);
  if (n === 1) return c0 >= 48 && c0 <= 57 ? c0 - 48 : null;
  let i = 0;
  if (c0 === 45) i = 1; // '-'
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return null; // 1-9 (a lone "0" was handled above)
  let v = first - 48;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (n <= 15) return i ? -v : v;
  const big = BigInt(s);
  if (big < INT64_MIN || big > INT64_MAX) return null;
  return big;
}

/** double2ll(): the long long a double equals exactly, when it is within +-LLONG_MAX/2. */
export function double2ll(d: number): number | null {
  if (!Number.isFinite(d) || !Number.isInteger(d)) return null;
  if (d < -4611686018427387904 || d > 4611686018427387904) return null;
  return d === 0 ? 0 : d;
}

/** printf("%.17g", x) for a finite, non-zero double. */
function formatG17(x: number): string {
  const m = /^(-?)(\d)\.(\d{16})e([+-]\d+)$/.exec(x.toExponential(16));
  if (!m) return String(x);
  const sign = m[1];
  const exp = Number(m[4]);
  const digits = m[2] + m[3];
  if (exp < -4 || exp >= 17) {
    const frac = m[3].replace(/0+$/, '');
    const ae = Math.abs(exp);
    return `${sign}${m[2]}${frac ? '.' + frac : ''}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (exp >= 0) {
    const frac = digits.slice(exp + 1).replace(/0+$/, '');
    return `${sign}${digits.slice(0, exp + 1)}${frac ? '.' + frac : ''}`;
  }
  return `${sign}0.${('0'.repeat(-exp - 1) + digits).replace(/0+$/, '')}`;
}

/** util.c d2string(): how a sorted-set score is spelled (inside listpacks, for instance). */
export function d2string(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const ll = double2ll(x);
  if (ll !== null) return BigInt(ll).toString();
  return formatG17(x);
}

/** strtod() on a score string as Redis stores it ("1.5", "inf", "-inf", "1e+20", ...). */
export function parseCDouble(s: string): number {
  const t = s.trim().toLowerCase();
  const m = /^([+-]?)(inf|infinity)$/.exec(t);
  if (m) return m[1] === '-' ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t);
  return NaN;
}
