// Redis 7.0 RDB snapshots (format version 10): rdbEncode writes the bytes rdbSaveRio writes for a
// keyspace (AUX fields, SELECTDB/RESIZEDB, EXPIRETIME_MS, the object encodings a default-configured
// 7.0 server picks, LZF-compressed strings, EOF and the CRC64 trailer), and rdbDecode loads such a
// file the way rdbLoadRio does, checksum check and load-time expiry included.
// Files are binary strings (one char per byte, see bytes.ts).

import { binaryToBytes } from './bytes.ts';
import { crc64Init, crc64UpdateBytes, crc64Value } from './crc64.ts';
import { keyspaceCreate, DATABASES } from './keyspace.ts';
import type { Keyspace, RedisValue } from './keyspace.ts';

// ---------------------------------------------------------------------------------------------
// Public API

export interface RdbAux {
  redisVer: string;
  redisBits: number;
  ctimeSec: number;
  usedMem: number;
  /** repl-stream-db, repl-id and repl-offset are written only when replId is non-empty: a server
   *  with no replication backlog (rdbPopulateSaveInfo() returns NULL) writes none of the three. */
  replStreamDb: number;
  replId: string;
  replOffset: number;
  aofBase: number;
}

/** Server settings that change what rdbEncode writes; every one defaults to Redis 7.0's default. */
export interface RdbEncodeOptions {
  /** rdbcompression (yes): LZF-compress strings and blobs longer than 20 bytes. */
  compression?: boolean;
  /** hash-max-listpack-entries (512) and hash-max-listpack-value (64). */
  hashMaxListpackEntries?: number;
  hashMaxListpackValue?: number;
  /** zset-max-listpack-entries (128) and zset-max-listpack-value (64). */
  zsetMaxListpackEntries?: number;
  zsetMaxListpackValue?: number;
  /** set-max-intset-entries (512). */
  setMaxIntsetEntries?: number;
  /** list-max-listpack-size (-2: quicklist nodes of up to 8 KB). */
  listMaxListpackSize?: number;
}

export type RdbLoadResult =
  | { ok: true; ks: Keyspace; aux: Partial<RdbAux>; keysLoaded: number; keysExpired: number }
  | { ok: false; error: string };

export const RDB_VERSION = 10;

// rdb.h
const RDB_6BITLEN = 0;
const RDB_14BITLEN = 1;
const RDB_32BITLEN = 0x80;
const RDB_64BITLEN = 0x81;
const RDB_ENCVAL = 3;
const RDB_ENC_INT8 = 0;
const RDB_ENC_INT16 = 1;
const RDB_ENC_INT32 = 2;
const RDB_ENC_LZF = 3;

const RDB_TYPE_STRING = 0;
const RDB_TYPE_LIST = 1;
const RDB_TYPE_SET = 2;
const RDB_TYPE_ZSET = 3;
const RDB_TYPE_HASH = 4;
const RDB_TYPE_ZSET_2 = 5;
const RDB_TYPE_HASH_ZIPMAP = 9;
const RDB_TYPE_LIST_ZIPLIST = 10;
const RDB_TYPE_SET_INTSET = 11;
const RDB_TYPE_ZSET_ZIPLIST = 12;
const RDB_TYPE_HASH_ZIPLIST = 13;
const RDB_TYPE_LIST_QUICKLIST = 14;
const RDB_TYPE_HASH_LISTPACK = 16;
const RDB_TYPE_ZSET_LISTPACK = 17;
const RDB_TYPE_LIST_QUICKLIST_2 = 18;

const RDB_OPCODE_FUNCTION2 = 245;
const RDB_OPCODE_IDLE = 248;
const RDB_OPCODE_FREQ = 249;
const RDB_OPCODE_AUX = 250;
const RDB_OPCODE_RESIZEDB = 251;
const RDB_OPCODE_EXPIRETIME_MS = 252;
const RDB_OPCODE_EXPIRETIME = 253;
const RDB_OPCODE_SELECTDB = 254;
const RDB_OPCODE_EOF = 255;

// quicklist.h
const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
const QUICKLIST_NODE_CONTAINER_PACKED = 2;

// Default configuration of a 7.0 server (config.c; note hash-max-listpack-entries is 512, zset's 128).
const DEFAULTS: Required<RdbEncodeOptions> = {
  compression: true,
  hashMaxListpackEntries: 512,
  hashMaxListpackValue: 64,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  listMaxListpackSize: -2,
};

// quicklist.c
const QUICKLIST_OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
const QUICKLIST_SIZE_SAFETY_LIMIT = 8192;
const QUICKLIST_SIZE_ESTIMATE_OVERHEAD = 8;

/** _quicklistNodeAllowInsert(): may an element of sz bytes join a node of nodeSz bytes and count entries? */
function quicklistAllowInsert(nodeSz: number, count: number, fill: number, sz: number): boolean {
  const newSz = nodeSz + sz + QUICKLIST_SIZE_ESTIMATE_OVERHEAD;
  if (fill < 0) {
    const offset = -fill - 1;
    if (offset < QUICKLIST_OPTIMIZATION_LEVEL.length && newSz <= QUICKLIST_OPTIMIZATION_LEVEL[offset]) return true;
  }
  if (newSz > QUICKLIST_SIZE_SAFETY_LIMIT) return false;
  return count < fill;
}

/**
 * The whole RDB file rdbSaveRio() writes for this keyspace: "REDIS0010", the AUX fields of
 * rdbSaveInfoAuxFields(), per non-empty db SELECTDB + RESIZEDB + its keys (EXPIRETIME_MS first
 * where set), EOF, and the little-endian CRC64 of everything before it.
 * Keys are written in each db's Map order (Redis writes them in hash-table order, which no other
 * program can reproduce; the size is the same). Empty collections are not written.
 */
export function rdbEncode(ks: Keyspace, aux: RdbAux, opts: RdbEncodeOptions = {}): string {
  const enc = new Encoder({ ...DEFAULTS, ...opts });
  enc.file(ks, aux);
  return toBinary(enc.w.buf, 0, enc.w.len);
}

/**
 * Loads an RDB file (versions 1-10, every non-stream, non-module type) the way rdbLoadRio()
 * does. Never throws: bad input gives { ok: false, error } with Redis's wording where it has one.
 * On a master, keys whose expire time is before nowMs are dropped and counted in keysExpired;
 * on a replica they are kept (the master will send their DELs).
 */
export function rdbDecode(bin: string, nowMs: number, opts: { isMaster: boolean }): RdbLoadResult {
  try {
    return new Decoder(binaryToBytes(bin), nowMs, opts.isMaster).file();
  } catch (e) {
    if (e instanceof RdbError) return { ok: false, error: e.message };
    return { ok: false, error: `Corrupt RDB: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers as Redis prints and parses them

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
function double2ll(d: number): number | null {
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
function parseCDouble(s: string): number {
  const t = s.trim().toLowerCase();
  const m = /^([+-]?)(inf|infinity)$/.exec(t);
  if (m) return m[1] === '-' ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t);
  return NaN;
}

// ---------------------------------------------------------------------------------------------
// LZF (lzf_c.c / lzf_d.c, with HLOG 16 and VERY_FAST as Redis builds them)

const LZF_HSIZE = 1 << 16;
const LZF_MAX_LIT = 1 << 5;
const LZF_MAX_OFF = 1 << 13;
const LZF_MAX_REF = (1 << 8) + (1 << 3);

/** The compressor's hash table. Redis leaves it uninitialised (INIT_HTAB 0); a fresh table is the
 *  deterministic equivalent. A generation counter makes "fresh" O(1) per call. */
export interface LzfState {
  gen: Uint32Array;
  pos: Int32Array;
  cur: number;
}

export function lzfStateCreate(): LzfState {
  return { gen: new Uint32Array(LZF_HSIZE), pos: new Int32Array(LZF_HSIZE), cur: 0 };
}

function lzfIdx(h: number): number {
  return ((h >>> 8) - Math.imul(h, 5)) & (LZF_HSIZE - 1);
}

/**
 * lzf_compress(in, in_len, out, out_len): the compressed length, or 0 when the output would not
 * fit in outLen bytes. `out` must have at least outLen + 4 bytes of room.
 */
export function lzfCompress(st: LzfState, inp: Uint8Array, out: Uint8Array, outLen: number): number {
  const inEnd = inp.length;
  if (inEnd === 0 || outLen === 0) return 0;
  st.cur = (st.cur + 1) >>> 0;
  if (st.cur === 0) {
    st.gen.fill(0);
    st.cur = 1;
  }
  const gen = st.gen;
  const pos = st.pos;
  const g = st.cur;
  let ip = 0;
  let op = 1; // start run
  let lit = 0;
  let hval = (inp[0] << 8) | (inEnd > 1 ? inp[1] : 0);
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | inp[ip + 2]) >>> 0;
    let slot = lzfIdx(hval);
    const ref = gen[slot] === g ? pos[slot] : -1;
    gen[slot] = g;
    pos[slot] = ip;
    const off = ip - ref - 1;
    if (
      ref > 0 &&
      off < LZF_MAX_OFF &&
      inp[ref + 2] === inp[ip + 2] &&
      inp[ref] === inp[ip] &&
      inp[ref + 1] === inp[ip + 1]
    ) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > LZF_MAX_REF) maxlen = LZF_MAX_REF;
      if (op + 3 + 1 >= outLen && op - (lit ? 0 : 1) + 3 + 1 >= outLen) return 0;
      out[op - lit - 1] = (lit - 1) & 0xff; // stop run
      if (!lit) op--; // undo run if length is zero
      let stopped = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (inp[ref + len] !== inp[ip + len]) {
            stopped = true;
            break;
          }
        }
      }
      if (!stopped) {
        do len++;
        while (len < maxlen && inp[ref + len] === inp[ip + len]);
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      ip -= 2;
      hval = (inp[ip] << 8) | inp[ip + 1];
      hval = ((hval << 8) | inp[ip + 2]) >>> 0;
      slot = lzfIdx(hval);
      gen[slot] = g;
      pos[slot] = ip;
      ip++;
      hval = ((hval << 8) | inp[ip + 2]) >>> 0;
      slot = lzfIdx(hval);
      gen[slot] = g;
      pos[slot] = ip;
      ip++;
    } else {
      if (op >= outLen) return 0;
      lit++;
      out[op++] = inp[ip++];
      if (lit === LZF_MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return 0;
  while (ip < inEnd) {
    lit++;
    out[op++] = inp[ip++];
    if (lit === LZF_MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = (lit - 1) & 0xff; // end run
  if (!lit) op--;
  return op;
}

/** lzf_decompress(): the outLen decompressed bytes, or null when the data are corrupt. */
export function lzfDecompress(inp: Uint8Array, outLen: number): Uint8Array | null {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  const inEnd = inp.length;
  while (ip < inEnd) {
    let ctrl = inp[ip++];
    if (ctrl < 1 << 5) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > inEnd) return null;
      out.set(inp.subarray(ip, ip + ctrl), op);
      op += ctrl;
      ip += ctrl;
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inEnd) return null;
      if (len === 7) {
        len += inp[ip++];
        if (ip >= inEnd) return null;
      }
      ref -= inp[ip++];
      if (op + len + 2 > outLen || ref < 0) return null;
      len += 2;
      for (let k = 0; k < len; k++) out[op++] = out[ref++];
    }
  }
  return op === outLen ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Byte output

class ByteWriter {
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

function toBytes(s: string): Uint8Array {
  return binaryToBytes(s);
}

/** Bytes [start, end) as a binary string (bytes.ts's bytesToBinary, without its array copies). */
function toBinary(b: Uint8Array, start: number, end: number): string {
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

// ---------------------------------------------------------------------------------------------
// Listpacks (listpack.c) and intsets (intset.c)

/** Builds a listpack by lpAppend()ing entries, byte for byte as listpack.c lays them out. */
class ListpackBuilder {
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
    const v = strictInt(s);
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
function intsetBlob(values: bigint[]): Uint8Array {
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

// ---------------------------------------------------------------------------------------------
// Encoder (rdbSaveRio and friends)

function zsetCompare(a: [string, number], b: [string, number]): number {
  if (a[1] < b[1]) return -1;
  if (a[1] > b[1]) return 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

class Encoder {
  w = new ByteWriter(1 << 16);
  private lzf = lzfStateCreate();
  private lzfOut = new Uint8Array(256);
  constructor(private cfg: Required<RdbEncodeOptions>) {}

  file(ks: Keyspace, aux: RdbAux): void {
    const w = this.w;
    w.binary(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
    this.auxField('redis-ver', aux.redisVer);
    this.auxField('redis-bits', String(aux.redisBits));
    this.auxField('ctime', String(aux.ctimeSec));
    this.auxField('used-mem', String(aux.usedMem));
    if (aux.replId !== '') {
      this.auxField('repl-stream-db', String(aux.replStreamDb));
      this.auxField('repl-id', aux.replId);
      this.auxField('repl-offset', String(aux.replOffset));
    }
    this.auxField('aof-base', String(aux.aofBase));
    ks.dbs.forEach((db, dbid) => {
      const keys: [string, RedisValue][] = [];
      let expires = 0;
      for (const [k, v] of db.dict) {
        if (valueIsEmpty(v)) continue;
        keys.push([k, v]);
        if (db.expires.has(k)) expires++;
      }
      if (keys.length === 0) return;
      w.byte(RDB_OPCODE_SELECTDB);
      this.len(dbid);
      w.byte(RDB_OPCODE_RESIZEDB);
      this.len(keys.length);
      this.len(expires);
      for (const [k, v] of keys) {
        const when = db.expires.get(k);
        if (when !== undefined) {
          w.byte(RDB_OPCODE_EXPIRETIME_MS);
          w.u64le(BigInt(Math.trunc(when)));
        }
        this.keyValue(k, v);
      }
    });
    w.byte(RDB_OPCODE_EOF);
    const st = crc64Init();
    crc64UpdateBytes(st, w.buf, 0, w.len);
    w.u64le(crc64Value(st));
  }

  private auxField(key: string, val: string): void {
    this.w.byte(RDB_OPCODE_AUX);
    this.rawString(key);
    this.rawString(val);
  }

  /** rdbSaveLen(). */
  private len(n: number): void {
    const w = this.w;
    if (n < 1 << 6) {
      w.byte((RDB_6BITLEN << 6) | n);
    } else if (n < 1 << 14) {
      w.byte((RDB_14BITLEN << 6) | (n >> 8));
      w.byte(n & 0xff);
    } else if (n <= 0xffffffff) {
      w.byte(RDB_32BITLEN);
      w.u32be(n);
    } else {
      w.byte(RDB_64BITLEN);
      w.u32be(Math.floor(n / 4294967296));
      w.u32be(n >>> 0);
    }
  }

  /** rdbSaveRawString() on a binary string. */
  private rawString(s: string): void {
    const n = s.length;
    if (n <= 11 && this.tryInteger(s)) return;
    if (this.cfg.compression && n > 20 && this.tryLzf(toBytes(s))) return;
    this.len(n);
    this.w.binary(s);
  }

  /** rdbSaveRawString() on a blob (a listpack or an intset). */
  private rawBytes(b: Uint8Array): void {
    const n = b.length;
    if (n <= 11 && this.tryInteger(toBinary(b, 0, n))) return;
    if (this.cfg.compression && n > 20 && this.tryLzf(b)) return;
    this.len(n);
    this.w.bytes(b);
  }

  /** rdbTryIntegerEncoding(): RDB_ENC_INT8/16/32 for the decimal form of a 32-bit integer. */
  private tryInteger(s: string): boolean {
    const x = strictInt(s);
    if (typeof x !== 'number' || x < -2147483648 || x > 2147483647) return false;
    const w = this.w;
    if (x >= -128 && x <= 127) {
      w.byte((RDB_ENCVAL << 6) | RDB_ENC_INT8);
      w.byte(x);
    } else if (x >= -32768 && x <= 32767) {
      w.byte((RDB_ENCVAL << 6) | RDB_ENC_INT16);
      w.u16le(x);
    } else {
      w.byte((RDB_ENCVAL << 6) | RDB_ENC_INT32);
      w.u32le(x >>> 0);
    }
    return true;
  }

  /** rdbSaveLzfStringObject(): worth it only when it saves at least four bytes. */
  private tryLzf(b: Uint8Array): boolean {
    const n = b.length;
    if (n <= 4) return false;
    const outLen = n - 4;
    if (this.lzfOut.length < outLen + 8) this.lzfOut = new Uint8Array(Math.max(outLen + 8, this.lzfOut.length * 2));
    const clen = lzfCompress(this.lzf, b, this.lzfOut, outLen);
    if (clen === 0) return false;
    this.w.byte((RDB_ENCVAL << 6) | RDB_ENC_LZF);
    this.len(clen);
    this.len(n);
    this.w.bytes(this.lzfOut.subarray(0, clen));
    return true;
  }

  /** rdbSaveKeyValuePair() after the expire: object type, key, object (rdbSaveObject). */
  private keyValue(key: string, v: RedisValue): void {
    const w = this.w;
    switch (v.type) {
      case 'string':
        w.byte(RDB_TYPE_STRING);
        this.rawString(key);
        this.rawString(v.v);
        return;
      case 'list':
        w.byte(RDB_TYPE_LIST_QUICKLIST_2);
        this.rawString(key);
        this.quicklist(v.v);
        return;
      case 'set':
        this.set(key, v.v);
        return;
      case 'hash':
        this.hash(key, v.v);
        return;
      case 'zset':
        this.zset(key, v.v);
        return;
    }
  }

  /** A quicklist of listpack nodes, split as quicklistPushTail() (RPUSH) splits them. */
  private quicklist(items: string[]): void {
    const nodes: Uint8Array[] = [];
    let cur: ListpackBuilder | null = null;
    for (const it of items) {
      if (cur !== null && !quicklistAllowInsert(cur.size, cur.count, this.cfg.listMaxListpackSize, it.length)) {
        nodes.push(cur.finish());
        cur = null;
      }
      if (cur === null) cur = new ListpackBuilder();
      cur.appendString(it);
    }
    if (cur !== null) nodes.push(cur.finish());
    this.len(nodes.length);
    for (const lp of nodes) {
      this.len(QUICKLIST_NODE_CONTAINER_PACKED);
      this.rawBytes(lp);
    }
  }

  private set(key: string, members: Set<string>): void {
    const w = this.w;
    if (members.size <= this.cfg.setMaxIntsetEntries) {
      const ints: bigint[] = [];
      for (const m of members) {
        const v = strictInt(m);
        if (v === null) break;
        ints.push(BigInt(v));
      }
      if (ints.length === members.size) {
        w.byte(RDB_TYPE_SET_INTSET);
        this.rawString(key);
        this.rawBytes(intsetBlob(ints));
        return;
      }
    }
    w.byte(RDB_TYPE_SET);
    this.rawString(key);
    this.len(members.size);
    for (const m of members) this.rawString(m);
  }

  private hash(key: string, h: Map<string, string>): void {
    const w = this.w;
    let small = h.size <= this.cfg.hashMaxListpackEntries;
    if (small) {
      for (const [f, v] of h) {
        if (f.length > this.cfg.hashMaxListpackValue || v.length > this.cfg.hashMaxListpackValue) {
          small = false;
          break;
        }
      }
    }
    if (small) {
      const lp = new ListpackBuilder();
      for (const [f, v] of h) {
        lp.appendString(f);
        lp.appendString(v);
      }
      w.byte(RDB_TYPE_HASH_LISTPACK);
      this.rawString(key);
      this.rawBytes(lp.finish());
      return;
    }
    w.byte(RDB_TYPE_HASH);
    this.rawString(key);
    this.len(h.size);
    for (const [f, v] of h) {
      this.rawString(f);
      this.rawString(v);
    }
  }

  private zset(key: string, z: Map<string, number>): void {
    const w = this.w;
    const entries = [...z.entries()].sort(zsetCompare);
    let small = entries.length <= this.cfg.zsetMaxListpackEntries;
    if (small) {
      for (const [m] of entries) {
        if (m.length > this.cfg.zsetMaxListpackValue) {
          small = false;
          break;
        }
      }
    }
    if (small) {
      // zzlInsertAt(): the member, then the score as an integer when double2ll() allows it,
      // otherwise as its d2string() text.
      const lp = new ListpackBuilder();
      for (const [m, score] of entries) {
        lp.appendString(m);
        const ll = double2ll(score);
        if (ll !== null) lp.appendInteger(ll);
        else lp.appendString(d2string(score));
      }
      w.byte(RDB_TYPE_ZSET_LISTPACK);
      this.rawString(key);
      this.rawBytes(lp.finish());
      return;
    }
    // Skiplist: from the greatest element to the smallest, scores as binary doubles.
    w.byte(RDB_TYPE_ZSET_2);
    this.rawString(key);
    this.len(entries.length);
    const dv = new DataView(new ArrayBuffer(8));
    const tmp = new Uint8Array(dv.buffer);
    for (let i = entries.length - 1; i >= 0; i--) {
      this.rawString(entries[i][0]);
      dv.setFloat64(0, entries[i][1], true);
      w.bytes(tmp);
    }
  }
}

function valueIsEmpty(v: RedisValue): boolean {
  switch (v.type) {
    case 'string':
      return false;
    case 'list':
      return v.v.length === 0;
    default:
      return v.v.size === 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Decoder (rdbLoadRio and friends)

class RdbError extends Error {}

const EOF_ERROR = 'Unexpected EOF reading RDB file';

function fail(msg: string): never {
  throw new RdbError(msg);
}

/** Returned by loadObject() for an empty collection: Redis skips such keys silently. */
const EMPTY = Symbol('empty');

class Decoder {
  private p = 0;
  constructor(
    private b: Uint8Array,
    private nowMs: number,
    private isMaster: boolean,
  ) {}

  file(): RdbLoadResult {
    const b = this.b;
    if (b.length < 9) fail(EOF_ERROR);
    if (toBinary(b, 0, 5) !== 'REDIS') fail('Wrong signature trying to load DB from file');
    const verText = toBinary(b, 5, 9);
    const rdbver = /^\d{4}$/.test(verText) ? Number(verText) : 0;
    if (rdbver < 1 || rdbver > RDB_VERSION) fail(`Can't handle RDB format version ${rdbver}`);
    this.p = 9;

    const ks = keyspaceCreate();
    const aux: Partial<RdbAux> = {};
    let db = ks.dbs[0];
    let dbid = 0;
    let keysLoaded = 0;
    let keysExpired = 0;
    let expiretime = -1;

    for (;;) {
      const type = this.u8();
      if (type === RDB_OPCODE_EXPIRETIME) {
        expiretime = this.i32le() * 1000;
        continue;
      } else if (type === RDB_OPCODE_EXPIRETIME_MS) {
        expiretime = this.i64le();
        continue;
      } else if (type === RDB_OPCODE_FREQ) {
        this.u8();
        continue;
      } else if (type === RDB_OPCODE_IDLE) {
        this.len();
        continue;
      } else if (type === RDB_OPCODE_EOF) {
        break;
      } else if (type === RDB_OPCODE_SELECTDB) {
        dbid = this.len();
        if (dbid >= DATABASES) {
          fail(`FATAL: Data file was created with a Redis server configured to handle more than ${DATABASES} databases.`);
        }
        db = ks.dbs[dbid];
        continue;
      } else if (type === RDB_OPCODE_RESIZEDB) {
        this.len();
        this.len();
        continue;
      } else if (type === RDB_OPCODE_AUX) {
        const k = this.str();
        const v = this.str();
        readAux(aux, k, v);
        continue;
      } else if (type === RDB_OPCODE_FUNCTION2) {
        this.str(); // a function library's code: there are no functions in the simulation
        continue;
      } else if (type >= 245) {
        fail(`Unsupported RDB opcode ${type} (module data and pre-release function formats are not simulated)`);
      }

      const key = this.str();
      const val = this.object(type);
      if (val === EMPTY) {
        // rdbLoadObject skipping empty key
      } else if (this.isMaster && expiretime !== -1 && expiretime < this.nowMs) {
        keysExpired++;
      } else {
        if (db.dict.has(key)) fail(`RDB has duplicated key '${key}' in DB ${dbid}`);
        db.dict.set(key, val);
        keysLoaded++;
        if (expiretime !== -1) db.expires.set(key, expiretime);
      }
      expiretime = -1;
    }

    if (rdbver >= 5) {
      const end = this.p;
      const stored = this.u64le();
      if (stored !== 0n) {
        const st = crc64Init();
        crc64UpdateBytes(st, b, 0, end);
        const expected = crc64Value(st);
        if (stored !== expected) {
          fail(`Wrong RDB checksum expected: (${expected.toString(16)}) but got (${stored.toString(16)}). Aborting now.`);
        }
      }
    }
    return { ok: true, ks, aux, keysLoaded, keysExpired };
  }

  // --- primitive reads

  private need(n: number): void {
    if (this.p + n > this.b.length) fail(EOF_ERROR);
  }
  private u8(): number {
    if (this.p >= this.b.length) fail(EOF_ERROR);
    return this.b[this.p++];
  }
  private i32le(): number {
    this.need(4);
    const b = this.b;
    const p = this.p;
    this.p += 4;
    return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  }
  private u64le(): bigint {
    this.need(8);
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(this.b[this.p + i]);
    this.p += 8;
    return v;
  }
  private i64le(): number {
    return Number(BigInt.asIntN(64, this.u64le()));
  }
  private take(n: number): Uint8Array {
    this.need(n);
    const out = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }

  /** rdbLoadLenByRef(): a length (>= 0), or -1 - n for the special string encoding n. */
  private lenOrEnc(): number {
    const first = this.u8();
    const type = (first & 0xc0) >> 6;
    if (type === RDB_ENCVAL) return -1 - (first & 0x3f);
    if (type === RDB_6BITLEN) return first & 0x3f;
    if (type === RDB_14BITLEN) return ((first & 0x3f) << 8) | this.u8();
    if (first === RDB_32BITLEN) {
      this.need(4);
      const b = this.b;
      const p = this.p;
      this.p += 4;
      return ((b[p] << 24) >>> 0) + (b[p + 1] << 16) + (b[p + 2] << 8) + b[p + 3];
    }
    if (first === RDB_64BITLEN) {
      this.need(8);
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.b[this.p + i]);
      this.p += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`Length ${v} in RDB is too large`);
      return Number(v);
    }
    return fail(`Unknown length encoding ${type} in rdbLoadLen()`);
  }

  private len(): number {
    const r = this.lenOrEnc();
    if (r < 0) fail(`Unexpected string encoding ${-1 - r} where a length was expected`);
    return r;
  }

  /** rdbGenericLoadStringObject() with RDB_LOAD_PLAIN: the string's bytes. */
  private strBytes(): Uint8Array {
    const r = this.lenOrEnc();
    if (r >= 0) return this.take(r);
    const enc = -1 - r;
    switch (enc) {
      case RDB_ENC_INT8: {
        const x = this.u8();
        return toBytes(String(x > 127 ? x - 256 : x));
      }
      case RDB_ENC_INT16: {
        const lo = this.u8();
        const hi = this.u8();
        return toBytes(String(((hi << 8) | lo) << 16 >> 16));
      }
      case RDB_ENC_INT32:
        return toBytes(String(this.i32le()));
      case RDB_ENC_LZF: {
        const clen = this.len();
        const len = this.len();
        const c = this.take(clen);
        // A back-reference of 3 bytes yields at most 264: anything claiming more is corrupt
        // (and must not make us allocate gigabytes).
        if (len > clen * 100 + 64) fail('Invalid LZF compressed string');
        const out = lzfDecompress(c, len);
        if (out === null) fail('Invalid LZF compressed string');
        return out;
      }
      default:
        return fail(`Unknown RDB string encoding type ${enc}`);
    }
  }

  /** A string as a binary string. */
  private str(): string {
    const r = this.lenOrEnc();
    if (r >= 0) {
      this.need(r);
      const s = toBinary(this.b, this.p, this.p + r);
      this.p += r;
      return s;
    }
    this.p--; // let strBytes() re-read the encoding byte
    const bytes = this.strBytes();
    return toBinary(bytes, 0, bytes.length);
  }

  /** rdbLoadDoubleValue(): the old text-encoded double of RDB_TYPE_ZSET. */
  private textDouble(): number {
    const n = this.u8();
    if (n === 255) return -Infinity;
    if (n === 254) return Infinity;
    if (n === 253) return NaN;
    const b = this.take(n);
    return parseCDouble(toBinary(b, 0, n));
  }

  private binaryDouble(): number {
    const b = this.take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
  }

  // --- objects

  private object(type: number): RedisValue | typeof EMPTY {
    switch (type) {
      case RDB_TYPE_STRING:
        return { type: 'string', v: this.str() };
      case RDB_TYPE_LIST: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const items: string[] = [];
        for (let i = 0; i < n; i++) items.push(this.str());
        return { type: 'list', v: items };
      }
      case RDB_TYPE_SET: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const s = new Set<string>();
        for (let i = 0; i < n; i++) {
          const m = this.str();
          if (s.has(m)) fail('Duplicate set members detected');
          s.add(m);
        }
        return { type: 'set', v: s };
      }
      case RDB_TYPE_ZSET:
      case RDB_TYPE_ZSET_2: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const z = new Map<string, number>();
        for (let i = 0; i < n; i++) {
          const m = this.str();
          const score = type === RDB_TYPE_ZSET_2 ? this.binaryDouble() : this.textDouble();
          if (Number.isNaN(score)) fail('Zset with NAN score detected');
          if (z.has(m)) fail('Duplicate zset fields detected');
          z.set(m, score);
        }
        return { type: 'zset', v: z };
      }
      case RDB_TYPE_HASH: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const h = new Map<string, string>();
        for (let i = 0; i < n; i++) {
          const f = this.str();
          const v = this.str();
          if (h.has(f)) fail('Duplicate hash fields detected');
          h.set(f, v);
        }
        return { type: 'hash', v: h };
      }
      case RDB_TYPE_LIST_QUICKLIST:
      case RDB_TYPE_LIST_QUICKLIST_2: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const items: string[] = [];
        for (let i = 0; i < n; i++) {
          let container = QUICKLIST_NODE_CONTAINER_PACKED;
          if (type === RDB_TYPE_LIST_QUICKLIST_2) {
            container = this.len();
            if (container !== QUICKLIST_NODE_CONTAINER_PACKED && container !== QUICKLIST_NODE_CONTAINER_PLAIN) {
              fail('Quicklist integrity check failed.');
            }
          }
          const data = this.strBytes();
          if (data.length === 0) fail('Quicklist integrity check failed.');
          if (container === QUICKLIST_NODE_CONTAINER_PLAIN) {
            items.push(toBinary(data, 0, data.length));
          } else if (type === RDB_TYPE_LIST_QUICKLIST_2) {
            for (const e of parseListpack(data)) items.push(e);
          } else {
            for (const e of parseZiplist(data)) items.push(e);
          }
        }
        if (items.length === 0) return EMPTY;
        return { type: 'list', v: items };
      }
      case RDB_TYPE_HASH_ZIPMAP:
      case RDB_TYPE_LIST_ZIPLIST:
      case RDB_TYPE_SET_INTSET:
      case RDB_TYPE_ZSET_ZIPLIST:
      case RDB_TYPE_ZSET_LISTPACK:
      case RDB_TYPE_HASH_ZIPLIST:
      case RDB_TYPE_HASH_LISTPACK:
        return this.blobObject(type, this.strBytes());
      default:
        if (type === 6 || type === 7) fail(`Unsupported RDB object type ${type} (module values are not simulated)`);
        if (type === 15 || type === 19) fail(`Unsupported RDB object type ${type} (streams are not simulated)`);
        return fail(`Unknown RDB encoding type ${type}`);
    }
  }

  private blobObject(type: number, blob: Uint8Array): RedisValue | typeof EMPTY {
    switch (type) {
      case RDB_TYPE_SET_INTSET: {
        const vals = parseIntset(blob);
        if (vals.length === 0) return EMPTY;
        const s = new Set<string>();
        for (const v of vals) {
          if (s.has(v)) fail('Intset integrity check failed.');
          s.add(v);
        }
        return { type: 'set', v: s };
      }
      case RDB_TYPE_LIST_ZIPLIST: {
        const items = parseZiplist(blob);
        return items.length === 0 ? EMPTY : { type: 'list', v: items };
      }
      case RDB_TYPE_HASH_ZIPMAP:
        return pairsToHash(parseZipmap(blob), 'Hash zipmap with dup elements');
      case RDB_TYPE_HASH_ZIPLIST:
        return pairsToHash(parseZiplist(blob), 'Hash ziplist integrity check failed.');
      case RDB_TYPE_HASH_LISTPACK:
        return pairsToHash(parseListpack(blob), 'Hash listpack integrity check failed.');
      case RDB_TYPE_ZSET_ZIPLIST:
        return pairsToZset(parseZiplist(blob), 'Zset ziplist integrity check failed.');
      default:
        return pairsToZset(parseListpack(blob), 'Zset listpack integrity check failed.');
    }
  }
}

function readAux(aux: Partial<RdbAux>, k: string, v: string): void {
  const num = (): number => {
    const n = Number.parseInt(v, 10);
    return Number.isNaN(n) ? 0 : n;
  };
  switch (k.toLowerCase()) {
    case 'redis-ver': aux.redisVer = v; break;
    case 'redis-bits': aux.redisBits = num(); break;
    case 'ctime': aux.ctimeSec = num(); break;
    case 'used-mem': aux.usedMem = num(); break;
    case 'repl-stream-db': aux.replStreamDb = num(); break;
    case 'repl-id': aux.replId = v; break;
    case 'repl-offset': aux.replOffset = num(); break;
    case 'aof-base': aux.aofBase = num(); break;
    default: break; // unknown AUX fields are skipped, as the AUX contract says
  }
}

function pairsToHash(items: string[], dupError: string): RedisValue | typeof EMPTY {
  if (items.length % 2 !== 0) fail(dupError);
  if (items.length === 0) return EMPTY;
  const h = new Map<string, string>();
  for (let i = 0; i < items.length; i += 2) {
    if (h.has(items[i])) fail(dupError);
    h.set(items[i], items[i + 1]);
  }
  return { type: 'hash', v: h };
}

function pairsToZset(items: string[], error: string): RedisValue | typeof EMPTY {
  if (items.length % 2 !== 0) fail(error);
  if (items.length === 0) return EMPTY;
  const z = new Map<string, number>();
  for (let i = 0; i < items.length; i += 2) {
    const score = parseCDouble(items[i + 1]);
    if (z.has(items[i]) || Number.isNaN(score)) fail(error);
    z.set(items[i], score);
  }
  return { type: 'zset', v: z };
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
function parseZipmap(z: Uint8Array): string[] {
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
