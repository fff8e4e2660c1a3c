// The compact blobs inside RDB files: listpacks (listpack.c) and intsets (intset.c), written and
// read; ziplists and zipmaps (the encodings of older files), read.

import { ByteWriter, toBinary } from './bytes.ts';
import { fail } from './format.ts';
import { lpStringToInt64 } from '../numfmt.ts';

/** Builds a listpack by lpAppend()ing entries, byte for byte as listpack.c lays them out. */
export class ListpackBuilder {
  private w = new ByteWriter(64);
  count = 0;
  constructor() {
    this.w.len = 6; // header: total bytes (u32) + number of elements (u16), filled in by finish()
  }
  /** lpBytes() of the listpack as it stands (header and EOF byte included). */
  get size(): number {
    return this.w.len + 1;
  }
  appendString(s: string): void {
    const v = lpStringToInt64(s);
    if (v !== null) this.appendInteger(v);
    else this.appendRaw(s);
  }
  private appendRaw(s: string): void {
    const n = s.length;
    let hdr: number;
    if (n < 64) {
      this.w.byte(0x80 | n);
      hdr = 1;
    } else if (n < 4096) {
      this.w.byte(0xe0 | (n >> 8));
      this.w.byte(n & 0xff);
      hdr = 2;
    } else {
      this.w.byte(0xf0);
      this.w.u32le(n);
      hdr = 5;
    }
    this.w.binary(s);
    this.backlen(hdr + n);
  }
  /** lpEncodeIntegerGetType(): the smallest of the 7/13/16/24/32/64-bit integer encodings. */
  appendInteger(v: number | bigint): void {
    const w = this.w;
    const x = typeof v === 'number' ? v : v >= -2147483648n && v <= 2147483647n ? Number(v) : NaN;
    if (x >= 0 && x <= 127) {
      w.byte(x);
      this.backlen(1);
    } else if (x >= -4096 && x <= 4095) {
      const u = x < 0 ? x + (1 << 13) : x;
      w.byte((u >> 8) | 0xc0);
      w.byte(u & 0xff);
      this.backlen(2);
    } else if (x >= -32768 && x <= 32767) {
      w.byte(0xf1);
      w.u16le(x < 0 ? x + (1 << 16) : x);
      this.backlen(3);
    } else if (x >= -8388608 && x <= 8388607) {
      const u = x < 0 ? x + (1 << 24) : x;
      w.byte(0xf2);
      w.byte(u);
      w.byte(u >>> 8);
      w.byte(u >>> 16);
      this.backlen(4);
    } else if (x >= -2147483648 && x <= 2147483647) {
      w.byte(0xf3);
      w.u32le(x >>> 0);
      this.backlen(5);
    } else {
      w.byte(0xf4);
      w.u64le(BigInt(v));
      this.backlen(9);
    }
  }
  /** lpEncodeBacklen(): the entry's own length, stored so the listpack can be walked backwards. */
  private backlen(l: number): void {
    const w = this.w;
    if (l <= 127) {
      w.byte(l);
    } else if (l < 16383) {
      w.byte(l >>> 7);
      w.byte((l & 127) | 128);
    } else if (l < 2097151) {
      w.byte(l >>> 14);
      w.byte(((l >>> 7) & 127) | 128);
      w.byte((l & 127) | 128);
    } else if (l < 268435455) {
      w.byte(l >>> 21);
      w.byte(((l >>> 14) & 127) | 128);
      w.byte(((l >>> 7) & 127) | 128);
      w.byte((l & 127) | 128);
    } else {
      w.byte(Math.floor(l / 268435456));
      w.byte(((l >>> 21) & 127) | 128);
      w.byte(((l >>> 14) & 127) | 128);
      w.byte(((l >>> 7) & 127) | 128);
      w.byte((l & 127) | 128);
    }
    this.count++;
  }
  finish(): Uint8Array {
    const w = this.w;
    w.byte(0xff);
    const total = w.len;
    const b = w.buf;
    b[0] = total & 0xff;
    b[1] = (total >>> 8) & 0xff;
    b[2] = (total >>> 16) & 0xff;
    b[3] = (total >>> 24) & 0xff;
    const num = this.count < 65535 ? this.count : 65535; // LP_HDR_NUMELE_UNKNOWN
    b[4] = num & 0xff;
    b[5] = (num >>> 8) & 0xff;
    return w.buf.slice(0, total);
  }
}

/** An intset blob: encoding (2/4/8), length, then the sorted little-endian values. */
export function intsetBlob(values: bigint[]): Uint8Array {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let enc = 2;
  for (const v of sorted) {
    if (v < -2147483648n || v > 2147483647n) {
      enc = 8;
      break;
    }
    if (v < -32768n || v > 32767n) enc = 4;
  }
  const w = new ByteWriter(8 + enc * sorted.length);
  w.u32le(enc);
  w.u32le(sorted.length);
  for (const v of sorted) {
    if (enc === 2) w.u16le(Number(v) & 0xffff);
    else if (enc === 4) w.u32le(Number(v) >>> 0);
    else w.u64le(v);
  }
  return w.buf.slice(0, w.len);
}

/** The nb-byte little-endian two's-complement integer at b[p], as decimal text. */
function leInt(b: Uint8Array, p: number, nb: number): string {
  if (nb <= 4) {
    let u = 0;
    for (let i = nb - 1; i >= 0; i--) u = u * 256 + b[p + i];
    const bits = 2 ** (nb * 8);
    return String(u >= bits / 2 ? u - bits : u);
  }
  let u = 0n;
  for (let i = nb - 1; i >= 0; i--) u = (u << 8n) | BigInt(b[p + i]);
  return BigInt.asIntN(nb * 8, u).toString();
}

/** The entries of a listpack (integers as their decimal text), fully validated. */
export function parseListpack(lp: Uint8Array): string[] {
  const bad = (): never => fail('Listpack integrity check failed.');
  const size = lp.length;
  if (size < 7) bad();
  const total = (lp[0] | (lp[1] << 8) | (lp[2] << 16) | (lp[3] << 24)) >>> 0;
  if (total !== size || lp[size - 1] !== 0xff) bad();
  const numele = lp[4] | (lp[5] << 8);
  const out: string[] = [];
  let p = 6;
  const last = size - 1;
  while (p < last) {
    const c = lp[p];
    let entryLen: number; // encoding + data
    let value: string;
    if ((c & 0x80) === 0) {
      entryLen = 1;
      value = String(c & 0x7f);
    } else if ((c & 0xc0) === 0x80) {
      const n = c & 0x3f;
      entryLen = 1 + n;
      if (p + entryLen > last) bad();
      value = toBinary(lp, p + 1, p + 1 + n);
    } else if ((c & 0xe0) === 0xc0) {
      if (p + 2 > last) bad();
      let u = ((c & 0x1f) << 8) | lp[p + 1];
      if (u >= 1 << 12) u -= 1 << 13;
      entryLen = 2;
      value = String(u);
    } else if ((c & 0xf0) === 0xe0) {
      if (p + 2 > last) bad();
      const n = ((c & 0x0f) << 8) | lp[p + 1];
      entryLen = 2 + n;
      if (p + entryLen > last) bad();
      value = toBinary(lp, p + 2, p + 2 + n);
    } else if (c === 0xf0) {
      if (p + 5 > last) bad();
      const n = (lp[p + 1] | (lp[p + 2] << 8) | (lp[p + 3] << 16) | (lp[p + 4] << 24)) >>> 0;
      entryLen = 5 + n;
      if (p + entryLen > last) bad();
      value = toBinary(lp, p + 5, p + 5 + n);
    } else if (c === 0xf1 || c === 0xf2 || c === 0xf3 || c === 0xf4) {
      const nb = c === 0xf1 ? 2 : c === 0xf2 ? 3 : c === 0xf3 ? 4 : 8;
      entryLen = 1 + nb;
      if (p + entryLen > last) bad();
      value = leInt(lp, p + 1, nb);
    } else {
      return bad();
    }
    // The backlen after the entry must spell entryLen.
    let bl: number;
    if (entryLen <= 127) bl = 1;
    else if (entryLen < 16383) bl = 2;
    else if (entryLen < 2097151) bl = 3;
    else if (entryLen < 268435455) bl = 4;
    else bl = 5;
    const next = p + entryLen + bl;
    if (next > last) bad();
    let back = 0;
    for (let i = 0; i < bl; i++) back = back * 128 + (lp[p + entryLen + i] & 127);
    if (back !== entryLen) bad();
    out.push(value);
    p = next;
  }
  if (p !== last) bad();
  if (numele !== 65535 && numele !== out.length) bad();
  return out;
}

/** The members of an intset blob, as decimal strings. */
export function parseIntset(b: Uint8Array): string[] {
  const bad = (): never => fail('Intset integrity check failed.');
  if (b.length < 8) bad();
  const enc = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  const n = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0;
  if (enc !== 2 && enc !== 4 && enc !== 8) bad();
  if (8 + enc * n !== b.length) bad();
  const out: string[] = [];
  let prev: bigint | null = null;
  for (let i = 0; i < n; i++) {
    const p = 8 + i * enc;
    const v = BigInt(leInt(b, p, enc));
    if (prev !== null && v <= prev) bad();
    prev = v;
    out.push(v.toString());
  }
  return out;
}

/** The entries of a ziplist (pre-7.0 RDB files). */
export function parseZiplist(z: Uint8Array): string[] {
  const bad = (): never => fail('Ziplist integrity check failed.');
  const size = z.length;
  if (size < 11) bad();
  const total = (z[0] | (z[1] << 8) | (z[2] << 16) | (z[3] << 24)) >>> 0;
  if (total !== size || z[size - 1] !== 0xff) bad();
  const out: string[] = [];
  let p = 10;
  const last = size - 1;
  while (p < last) {
    // prevlen
    if (z[p] < 254) p += 1;
    else p += 5;
    if (p >= last) bad();
    const c = z[p];
    const hi = c >> 6;
    if (hi === 0 || hi === 1 || hi === 2) {
      let n: number;
      let hdr: number;
      if (hi === 0) {
        n = c & 0x3f;
        hdr = 1;
      } else if (hi === 1) {
        if (p + 2 > last) bad();
        n = ((c & 0x3f) << 8) | z[p + 1];
        hdr = 2;
      } else {
        if (p + 5 > last) bad();
        n = ((z[p + 1] << 24) >>> 0) + (z[p + 2] << 16) + (z[p + 3] << 8) + z[p + 4];
        hdr = 5;
      }
      if (p + hdr + n > last) bad();
      out.push(toBinary(z, p + hdr, p + hdr + n));
      p += hdr + n;
      continue;
    }
    let nb: number;
    if (c === 0xc0) nb = 2;
    else if (c === 0xd0) nb = 4;
    else if (c === 0xe0) nb = 8;
    else if (c === 0xf0) nb = 3;
    else if (c === 0xfe) nb = 1;
    else if (c >= 0xf1 && c <= 0xfd) {
      out.push(String((c & 0x0f) - 1));
      p += 1;
      continue;
    } else return bad();
    if (p + 1 + nb > last) bad();
    out.push(leInt(z, p + 1, nb));
    p += 1 + nb;
  }
  if (p !== last) bad();
  return out;
}

/** The field/value pairs of a zipmap (Redis 2.4 hashes), flattened. */
export function parseZipmap(z: Uint8Array): string[] {
  const bad = (): never => fail('Zipmap integrity check failed.');
  const out: string[] = [];
  let p = 1;
  const readLen = (): number => {
    if (p >= z.length) bad();
    const c = z[p];
    if (c < 254) {
      p += 1;
      return c;
    }
    if (c !== 254 || p + 5 > z.length) bad();
    const n = (z[p + 1] | (z[p + 2] << 8) | (z[p + 3] << 16) | (z[p + 4] << 24)) >>> 0;
    p += 5;
    return n;
  };
  for (;;) {
    if (p >= z.length) bad();
    if (z[p] === 0xff) break;
    const klen = readLen();
    if (p + klen > z.length) bad();
    out.push(toBinary(z, p, p + klen));
    p += klen;
    const vlen = readLen();
    if (p >= z.length) bad();
    const free = z[p++];
    if (p + vlen + free > z.length) bad();
    out.push(toBinary(z, p, p + vlen));
    p += vlen + free;
  }
  if (p !== z.length - 1) bad();
  return out;
}
