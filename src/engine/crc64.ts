// CRC-64/Jones exactly as Redis 7.0's crc64.c computes it (reflected polynomial 0xad93d23594c935a9,
// initial value 0, no final xor): the checksum that closes every RDB file.

/** The polynomial as crc64.c writes it (non-reflected). */
export const CRC64_POLY = 0xad93d23594c935a9n;

// The table-driven reflected algorithm works on the bit-reversed polynomial. It is kept as two
// 32-bit halves so the per-byte loop runs on plain numbers instead of BigInt.
const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);

function reflect64(v: bigint): bigint {
  let r = 0n;
  for (let i = 0; i < 64; i++) {
    r = (r << 1n) | (v & 1n);
    v >>= 1n;
  }
  return r;
}

(function buildTable(): void {
  const rp = reflect64(CRC64_POLY);
  const pLo = Number(rp & 0xffffffffn) >>> 0;
  const pHi = Number(rp >> 32n) >>> 0;
  for (let i = 0; i < 256; i++) {
    let lo = i >>> 0;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        lo = (lo ^ pLo) >>> 0;
        hi = (hi ^ pHi) >>> 0;
      }
    }
    TABLE_LO[i] = lo;
    TABLE_HI[i] = hi;
  }
})();

/** A running CRC64 as two unsigned 32-bit halves. */
export interface Crc64State {
  lo: number;
  hi: number;
}

export function crc64Init(crc: bigint = 0n): Crc64State {
  const c = BigInt.asUintN(64, crc);
  return { lo: Number(c & 0xffffffffn) >>> 0, hi: Number(c >> 32n) >>> 0 };
}

/** Feeds bytes [start, end) of a byte array into the running CRC. */
export function crc64UpdateBytes(st: Crc64State, b: Uint8Array, start = 0, end = b.length): void {
  let lo = st.lo;
  let hi = st.hi;
  for (let i = start; i < end; i++) {
    const idx = (lo ^ b[i]) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[idx]) >>> 0;
  }
  st.lo = lo;
  st.hi = hi;
}

/** Feeds chars [start, end) of a binary string (one char per byte) into the running CRC. */
export function crc64UpdateBinary(st: Crc64State, s: string, start = 0, end = s.length): void {
  let lo = st.lo;
  let hi = st.hi;
  for (let i = start; i < end; i++) {
    const idx = (lo ^ s.charCodeAt(i)) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[idx]) >>> 0;
  }
  st.lo = lo;
  st.hi = hi;
}

export function crc64Value(st: Crc64State): bigint {
  return (BigInt(st.hi) << 32n) | BigInt(st.lo);
}

/** crc64(crc, s, l) of crc64.c over a binary string: crc64(0n, "123456789") = 0xe9c6d914c4b8d9ca. */
export function crc64(crc: bigint, data: string | Uint8Array): bigint {
  const st = crc64Init(crc);
  if (typeof data === 'string') crc64UpdateBinary(st, data);
  else crc64UpdateBytes(st, data);
  return crc64Value(st);
}
