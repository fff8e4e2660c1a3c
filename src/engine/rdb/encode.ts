// Writing an RDB file (rdbSaveRio and friends): AUX fields, SELECTDB/RESIZEDB, EXPIRETIME_MS,
// the object encodings a default-configured 7.0 server picks, LZF-compressed strings, EOF and
// the CRC64 trailer.

import { crc64Init, crc64UpdateBytes, crc64Value } from '../crc64.ts';
import type { Keyspace, RedisValue } from '../keyspace.ts';
import { ByteWriter, toBinary, toBytes } from './bytes.ts';
import {
  QUICKLIST_NODE_CONTAINER_PACKED,
  RDB_14BITLEN, RDB_32BITLEN, RDB_64BITLEN, RDB_6BITLEN, RDB_ENCVAL, RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF,
  RDB_OPCODE_AUX, RDB_OPCODE_EOF, RDB_OPCODE_EXPIRETIME_MS, RDB_OPCODE_RESIZEDB, RDB_OPCODE_SELECTDB,
  RDB_TYPE_HASH, RDB_TYPE_HASH_LISTPACK, RDB_TYPE_LIST_QUICKLIST_2, RDB_TYPE_SET, RDB_TYPE_SET_INTSET, RDB_TYPE_STRING,
  RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK, RDB_VERSION,
  type RdbAux, type RdbEncodeOptions,
} from './format.ts';
import { ListpackBuilder, intsetBlob } from './listpack.ts';
import { lzfCompress, lzfStateCreate } from './lzf.ts';
import { d2string, double2ll, lpStringToInt64 } from '../numfmt.ts';

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
    const x = lpStringToInt64(s);
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
        const v = lpStringToInt64(m);
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
