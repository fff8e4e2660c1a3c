// Reading an RDB file (rdbLoadRio and friends): versions 1-10, every non-stream, non-module type,
// checksum check and load-time expiry included.

import { binaryToBytes } from '../bytes.ts';
import { crc64Init, crc64UpdateBytes, crc64Value } from '../crc64.ts';
import { keyspaceCreate, DATABASES } from '../keyspace.ts';
import type { RedisValue } from '../keyspace.ts';
import { toBinary, toBytes } from './bytes.ts';
import {
  QUICKLIST_NODE_CONTAINER_PACKED, QUICKLIST_NODE_CONTAINER_PLAIN,
  RDB_14BITLEN, RDB_32BITLEN, RDB_64BITLEN, RDB_6BITLEN, RDB_ENCVAL, RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF,
  RDB_OPCODE_AUX, RDB_OPCODE_EOF, RDB_OPCODE_EXPIRETIME, RDB_OPCODE_EXPIRETIME_MS, RDB_OPCODE_FREQ, RDB_OPCODE_FUNCTION2,
  RDB_OPCODE_IDLE, RDB_OPCODE_RESIZEDB, RDB_OPCODE_SELECTDB,
  RDB_TYPE_HASH, RDB_TYPE_HASH_LISTPACK, RDB_TYPE_HASH_ZIPLIST, RDB_TYPE_HASH_ZIPMAP, RDB_TYPE_LIST, RDB_TYPE_LIST_QUICKLIST,
  RDB_TYPE_LIST_QUICKLIST_2, RDB_TYPE_LIST_ZIPLIST, RDB_TYPE_SET, RDB_TYPE_SET_INTSET, RDB_TYPE_STRING, RDB_TYPE_ZSET,
  RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_ZSET_ZIPLIST, RDB_VERSION,
  RdbError, fail, type RdbAux, type RdbLoadResult,
} from './format.ts';
import { parseIntset, parseListpack, parseZiplist, parseZipmap } from './listpack.ts';
import { lzfDecompress } from './lzf.ts';
import { parseCDouble } from '../numfmt.ts';

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

const EOF_ERROR = 'Unexpected EOF reading RDB file';

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
    const expired: [number, string][] = [];
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
        expired.push([dbid, key]);
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
    return { ok: true, ks, aux, keysLoaded, keysExpired, expired };
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
