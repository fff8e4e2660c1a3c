// Byte buffers for the RDB writer and reader: a growing little/big-endian writer, and the
// conversions between byte arrays and binary strings (one char per byte, see bytes.ts).

import { binaryToBytes } from '../bytes.ts';

export class ByteWriter {
  buf: Uint8Array;
  len = 0;
  constructor(cap = 1024) {
    this.buf = new Uint8Array(cap);
  }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b & 0xff;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  binary(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.len = p;
  }
  u16le(v: number): void {
    this.byte(v);
    this.byte(v >>> 8);
  }
  u32le(v: number): void {
    this.byte(v);
    this.byte(v >>> 8);
    this.byte(v >>> 16);
    this.byte(v >>> 24);
  }
  u64le(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    for (let i = 0; i < 8; i++) {
      this.byte(Number(u & 0xffn));
      u >>= 8n;
    }
  }
  u32be(v: number): void {
    this.byte(v >>> 24);
    this.byte(v >>> 16);
    this.byte(v >>> 8);
    this.byte(v);
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

export function toBytes(s: string): Uint8Array {
  return binaryToBytes(s);
}

/** Bytes [start, end) as a binary string (bytes.ts's bytesToBinary, without its array copies). */
export function toBinary(b: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
    return s;
  }
  const CHUNK = 8192;
  if (end - start <= CHUNK) return String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
  const parts: string[] = [];
  for (let i = start; i < end; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]));
  }
  return parts.join('');
}
