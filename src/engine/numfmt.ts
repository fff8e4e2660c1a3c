// Numbers the way Redis's C code reads and writes them, shared by the commands and the RDB files:
// util.c's string2ll/ll2string (strict int64 text), string2d/string2ld (glibc strtod/strtold),
// d2string and "%.17g" (addReplyDouble, zset scores), ld2string LD_STR_HUMAN ("%.17Lf",
// INCRBYFLOAT), and x87 80-bit long double addition. Floats are computed exactly with BigInt.

// ---------------------------------------------------------------------------------------------
// Integers

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;

/**
 * listpack.c lpStringToInt64() (the same test as util.c string2ll): the value when s is the
 * strict decimal form of an int64 (no sign but '-', no leading zeros, no spaces), else null.
 * Up to 15 characters the value comes back as a number (always exact), longer ones as a bigint.
 */
export function lpStringToInt64(s: string): number | bigint | null {
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
  if (big < LLONG_MIN || big > LLONG_MAX) return null;
  return big;
}

/** util.c string2ll: canonical decimal int64 only (no '+', no leading zeros, no spaces). */
export function string2ll(s: string): bigint | null {
  const v = lpStringToInt64(s);
  return v === null ? null : typeof v === 'bigint' ? v : BigInt(v);
}

/** util.c ll2string: the decimal text of an integer (never exponent notation). */
export function ll2string(v: number | bigint): string {
  return typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

/** util.c double2ll(): the long long a double equals exactly, when it is within +-LLONG_MAX/2. */
export function double2ll(d: number): number | null {
  if (!Number.isFinite(d) || !Number.isInteger(d)) return null;
  if (d < -4611686018427387904 || d > 4611686018427387904) return null;
  return d === 0 ? 0 : d;
}

// ---------------------------------------------------------------------------------------------
// Floats

/** A binary float: (-1)^neg * m * 2^e, or an infinity, or NaN. */
export type XFloat =
  | { readonly kind: 'fin'; readonly neg: boolean; readonly m: bigint; readonly e: number }
  | { readonly kind: 'inf'; readonly neg: boolean }
  | { readonly kind: 'nan' };

interface Format {
  /** Significand bits. */
  readonly p: number;
  /** Exponent of the least significant bit of the smallest subnormal. */
  readonly eMin: number;
  /** Every finite value is below 2^eMax. */
  readonly eMax: number;
}

export const LONG_DOUBLE: Format = { p: 64, eMin: -16445, eMax: 16384 };
export const DOUBLE: Format = { p: 53, eMin: -1074, eMax: 1024 };

const ZERO: XFloat = { kind: 'fin', neg: false, m: 0n, e: 0 };

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Rounds num/den * 2^shift (num, den > 0) to the nearest value of the format, ties to even. */
function roundRational(neg: boolean, num: bigint, den: bigint, shift: number, f: Format): { v: XFloat; erange: boolean } {
  if (num === 0n) return { v: { kind: 'fin', neg, m: 0n, e: 0 }, erange: false };
  // Binary exponent e2 of the value: 2^e2 <= num/den * 2^shift < 2^(e2+1).
  const k = bitLength(num) - bitLength(den);
  const ge = k >= 0 ? num >= den << BigInt(k) : num << BigInt(-k) >= den;
  const e2 = (ge ? k : k - 1) + shift;
  let q = Math.max(e2 - (f.p - 1), f.eMin);
  // M = floor(num/den * 2^(shift-q)), with remainder rem over d.
  const s = shift - q;
  let n = num;
  let d = den;
  if (s >= 0) n = num << BigInt(s);
  else d = den << BigInt(-s);
  let m = n / d;
  const rem = n % d;
  const twice = rem * 2n;
  if (twice > d || (twice === d && (m & 1n) === 1n)) m += 1n;
  if (m === 1n << BigInt(f.p)) {
    m >>= 1n;
    q += 1;
  }
  if (m === 0n) return { v: { kind: 'fin', neg, m: 0n, e: 0 }, erange: true };
  if (bitLength(m) + q > f.eMax) return { v: { kind: 'inf', neg }, erange: true };
  return { v: { kind: 'fin', neg, m, e: q }, erange: false };
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const lower = (s: string) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

export interface ScanResult {
  v: XFloat;
  /** Index just past the parsed text; 0 when nothing could be parsed (strtod's endptr == nptr). */
  end: number;
  erange: boolean;
}

/** glibc strtod/strtold in the C locale, rounding to the given format. */
export function scanFloat(s: string, f: Format): ScanResult {
  let i = 0;
  while (isSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const word = lower(s.slice(i, i + 8));
  if (word.startsWith('inf')) {
    return { v: { kind: 'inf', neg }, end: i + (word === 'infinity' ? 8 : 3), erange: false };
  }
  if (word.startsWith('nan')) {
    let end = i + 3;
    if (s[end] === '(') {
      let j = end + 1;
      while (j < s.length && /^[0-9A-Za-z_]$/.test(s[j])) j++;
      if (s[j] === ')') end = j + 1;
    }
    return { v: { kind: 'nan' }, end, erange: false };
  }
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    const r = scanHex(s, i + 2, neg, f);
    if (r) return r;
  }
  // Decimal.
  let j = i;
  let digits = '';
  let fracLen = 0;
  while (isDigit(s[j])) digits += s[j++];
  if (s[j] === '.') {
    j++;
    while (isDigit(s[j])) {
      digits += s[j++];
      fracLen++;
    }
  }
  if (digits.length === 0) return { v: ZERO, end: 0, erange: false };
  const ex = scanExponent(s, j, 'e');
  const exp = ex.exp;
  j = ex.end;
  return { ...decimalToFloat(neg, digits, exp - fracLen, f), end: j };
}

/**
 * strtod's exponent part at j: the marker ('e' for decimal, 'p' for hex, either case), an optional
 * sign and digits. Without digits there is no exponent and the number ends at j.
 */
function scanExponent(s: string, j: number, marker: 'e' | 'p'): { exp: number; end: number } {
  if (s[j]?.toLowerCase() !== marker) return { exp: 0, end: j };
  let k = j + 1;
  let neg = false;
  if (s[k] === '+' || s[k] === '-') {
    neg = s[k] === '-';
    k++;
  }
  if (!isDigit(s[k])) return { exp: 0, end: j };
  let exp = 0;
  while (isDigit(s[k])) {
    if (exp < 1e9) exp = exp * 10 + (s.charCodeAt(k) - 48);
    k++;
  }
  return { exp: neg ? -exp : exp, end: k };
}

function decimalToFloat(neg: boolean, digits: string, e10: number, f: Format): { v: XFloat; erange: boolean } {
  const d = digits.replace(/^0+/, '');
  if (d.length === 0) return { v: { kind: 'fin', neg, m: 0n, e: 0 }, erange: false };
  const mag = d.length + e10;
  if (mag > 4934) return { v: { kind: 'inf', neg }, erange: true };
  if (mag < -4952) return { v: { kind: 'fin', neg, m: 0n, e: 0 }, erange: true };
  const n = BigInt(d);
  return e10 >= 0 ? roundRational(neg, n * pow10(e10), 1n, 0, f) : roundRational(neg, n, pow10(-e10), 0, f);
}

function scanHex(s: string, start: number, neg: boolean, f: Format): ScanResult | null {
  let j = start;
  let hex = '';
  let fracLen = 0;
  while (isHex(s[j])) hex += s[j++];
  if (s[j] === '.') {
    const save = j;
    j++;
    while (isHex(s[j])) {
      hex += s[j++];
      fracLen++;
    }
    if (hex.length === 0) j = save;
  }
  if (hex.length === 0) return null; // "0x" alone parses as "0"
  const ex = scanExponent(s, j, 'p');
  const exp = ex.exp;
  j = ex.end;
  const n = BigInt('0x' + hex);
  const shift = exp - 4 * fracLen;
  if (n !== 0n && bitLength(n) + shift > f.eMax + 1) return { v: { kind: 'inf', neg }, end: j, erange: true };
  if (n !== 0n && bitLength(n) + shift < f.eMin - 2) return { v: { kind: 'fin', neg, m: 0n, e: 0 }, end: j, erange: true };
  return { ...roundRational(neg, n, 1n, shift, f), end: j };
}

/** util.c string2ld: the whole string must be a long double, no leading space, no NaN. */
export function string2ld(s: string): XFloat | null {
  if (s.length === 0 || s.length >= 5 * 1024 || isSpace(s[0])) return null;
  const r = scanFloat(s, LONG_DOUBLE);
  if (r.end !== s.length || r.v.kind === 'nan') return null;
  if (r.erange && (r.v.kind === 'inf' || r.v.m === 0n)) return null;
  return r.v;
}

/** util.c string2d: the whole string must be a double, no leading space, no NaN. */
export function string2d(s: string): number | null {
  if (s.length === 0 || isSpace(s[0])) return null;
  const r = scanFloat(s, DOUBLE);
  if (r.end !== s.length || r.v.kind === 'nan') return null;
  if (r.erange && (r.v.kind === 'inf' || r.v.m === 0n)) return null;
  return toNumber(r.v);
}

/** strtod() on a C string followed by the caller's "eptr[0] != '\0'" test (zslParseRange). */
export function strtodWhole(s: string): number | null {
  const nul = s.indexOf('\0');
  const c = nul >= 0 ? s.slice(0, nul) : s;
  const r = scanFloat(c, DOUBLE);
  if (r.end !== c.length) return null;
  return toNumber(r.v);
}

/** Exact conversion of a double format value to a JS number. */
export function toNumber(v: XFloat): number {
  if (v.kind === 'nan') return NaN;
  if (v.kind === 'inf') return v.neg ? -Infinity : Infinity;
  if (v.m === 0n) return v.neg ? -0 : 0;
  // m < 2^53, so Number(m) is exact; scale by powers of two in exact steps.
  let x = Number(v.m);
  let e = v.e;
  while (e > 0) {
    const step = Math.min(e, 1000);
    x *= 2 ** step;
    e -= step;
  }
  while (e < 0) {
    const step = Math.min(-e, 1000);
    x /= 2 ** step;
    e += step;
  }
  return v.neg ? -x : x;
}

/** Exact binary value of a JS number. */
export function fromNumber(x: number): XFloat {
  if (Number.isNaN(x)) return { kind: 'nan' };
  if (!Number.isFinite(x)) return { kind: 'inf', neg: x < 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const neg = hi >>> 31 === 1;
  const bexp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bexp === 0) return { kind: 'fin', neg, m: frac, e: -1074 };
  return { kind: 'fin', neg, m: frac | (1n << 52n), e: bexp - 1075 };
}

/** Long double a + b, rounded to nearest even. */
export function ldAdd(a: XFloat, b: XFloat): XFloat {
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan' };
  if (a.kind === 'inf' && b.kind === 'inf') return a.neg === b.neg ? a : { kind: 'nan' };
  if (a.kind === 'inf') return a;
  if (b.kind === 'inf') return b;
  if (a.m === 0n && b.m === 0n) return { kind: 'fin', neg: a.neg && b.neg, m: 0n, e: 0 };
  const e = Math.min(a.e, b.e);
  const sa = (a.neg ? -a.m : a.m) << BigInt(a.e - e);
  const sb = (b.neg ? -b.m : b.m) << BigInt(b.e - e);
  const sum = sa + sb;
  if (sum === 0n) return ZERO;
  const neg = sum < 0n;
  return roundRational(neg, neg ? -sum : sum, 1n, e, LONG_DOUBLE).v;
}

export function isFiniteX(v: XFloat): boolean {
  return v.kind === 'fin';
}

/** Rounds |v| * 10^digits to an integer, ties to even (what glibc printf does). */
function scaledRound(v: { m: bigint; e: number }, digits: number): bigint {
  let num = v.m * (digits >= 0 ? pow10(digits) : 1n);
  let den = digits < 0 ? pow10(-digits) : 1n;
  if (v.e >= 0) num <<= BigInt(v.e);
  else den <<= BigInt(-v.e);
  const q = num / den;
  const twice = (num % den) * 2n;
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** util.c ld2string(LD_STR_HUMAN): "%.17Lf" with trailing zeros (and a bare '.') removed, "-0" -> "0". */
export function ld2string(v: XFloat): string {
  if (v.kind === 'inf') return v.neg ? '-inf' : 'inf';
  if (v.kind === 'nan') return 'nan';
  const s = scaledRound(v, 17).toString().padStart(18, '0');
  let out = (v.neg ? '-' : '') + s.slice(0, -17) + '.' + s.slice(-17);
  out = out.replace(/0+$/, '').replace(/\.$/, '');
  return out === '-0' ? '0' : out;
}

/** The name the commands know ld2string(LD_STR_HUMAN) by. */
export const ldToHuman = ld2string;

const G17 = /^(-?)(\d)\.(\d{16})e([+-]\d+)$/;

/**
 * printf("%.17g") of a double (addReplyDouble, d2string for non-integers). toExponential() rounds
 * exactly too, but breaks ties away from zero where glibc breaks them to even; a tie needs the
 * exact value to end with an 18th significant digit 5, so only then is the BigInt path needed.
 */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const e18 = x.toExponential(17);
  if (e18.charCodeAt(e18.indexOf('e') - 1) === 53) return formatDoubleExact(x); // '5'
  const m = G17.exec(x.toExponential(16));
  if (!m) return formatDoubleExact(x);
  const sign = m[1];
  const X = Number(m[4]);
  const ds = m[2] + m[3];
  return g17Text(sign, ds, X);
}

/** "%.17g" from the sign, the 17 significant digits and the decimal exponent. */
function g17Text(sign: string, ds: string, X: number): string {
  if (X < -4 || X >= 17) {
    const mant = (ds[0] + '.' + ds.slice(1)).replace(/0+$/, '').replace(/\.$/, '');
    const ex = Math.abs(X).toString().padStart(2, '0');
    return `${sign}${mant}e${X < 0 ? '-' : '+'}${ex}`;
  }
  let body: string;
  if (X >= 0) body = ds.slice(0, X + 1) + '.' + ds.slice(X + 1);
  else body = '0.' + '0'.repeat(-X - 1) + ds;
  return sign + body.replace(/0+$/, '').replace(/\.$/, '');
}

/** formatDouble() computed entirely with BigInt (finite, non-zero x); exported for the tests. */
export function formatDoubleExact(x: number): string {
  const v = fromNumber(x) as { kind: 'fin'; neg: boolean; m: bigint; e: number };
  // Decimal exponent X with 10^X <= |x| < 10^(X+1).
  let X = Math.floor(Math.log10(Math.abs(x)));
  const cmpPow = (k: number) => {
    // sign of |x| - 10^k
    let num = v.m;
    let den = 1n;
    if (v.e >= 0) num <<= BigInt(v.e);
    else den <<= BigInt(-v.e);
    if (k >= 0) den *= pow10(k);
    else num *= pow10(-k);
    return num === den ? 0 : num > den ? 1 : -1;
  };
  while (cmpPow(X) < 0) X--;
  while (cmpPow(X + 1) >= 0) X++;
  let S = scaledRound(v, 16 - X);
  if (S === pow10(17)) {
    S = pow10(16);
    X++;
  }
  return g17Text(v.neg ? '-' : '', S.toString(), X);
}

/** util.c d2string: integral values within +-2^62 (double2ll) as integers, anything else as "%.17g". */
export function d2string(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const ll = double2ll(x);
  return ll !== null ? ll2string(ll) : formatDouble(x);
}

/**
 * The score text of an RDB file (the text doubles of RDB_TYPE_ZSET, the scores inside zset
 * ziplists/listpacks) as a number: surrounding spaces, "inf"/"infinity"/"nan" in any case, or a
 * plain decimal; anything else is NaN. Stricter than the strtod()/sscanf() Redis uses there, but
 * every file Redis or rdbEncode writes spells its scores this way.
 */
export function parseCDouble(s: string): number {
  const t = s.trim().toLowerCase();
  const m = /^([+-]?)(inf|infinity)$/.exec(t);
  if (m) return m[1] === '-' ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t);
  return NaN;
}
