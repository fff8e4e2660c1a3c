// The RDB file format shared by the writer and the reader: the public types, rdb.h's type and
// opcode numbers, and the error a malformed file raises while it is being read.

import type { Keyspace } from '../keyspace.ts';

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
  | {
    ok: true; ks: Keyspace; aux: Partial<RdbAux>; keysLoaded: number; keysExpired: number;
    /** The keys dropped as expired, [db, key] in file order (a master propagates their DELs). */
    expired: [number, string][];
  }
  | { ok: false; error: string };

export const RDB_VERSION = 10;
// rdb.h
export const RDB_6BITLEN = 0;
export const RDB_14BITLEN = 1;
export const RDB_32BITLEN = 0x80;
export const RDB_64BITLEN = 0x81;
export const RDB_ENCVAL = 3;
export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3;
export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_ZSET_2 = 5;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;

export const RDB_OPCODE_FUNCTION2 = 245;
export const RDB_OPCODE_IDLE = 248;
export const RDB_OPCODE_FREQ = 249;
export const RDB_OPCODE_AUX = 250;
export const RDB_OPCODE_RESIZEDB = 251;
export const RDB_OPCODE_EXPIRETIME_MS = 252;
export const RDB_OPCODE_EXPIRETIME = 253;
export const RDB_OPCODE_SELECTDB = 254;
export const RDB_OPCODE_EOF = 255;

// quicklist.h
export const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
export const QUICKLIST_NODE_CONTAINER_PACKED = 2;

/** A malformed file: its message is what rdbDecode reports. */
export class RdbError extends Error {}

export function fail(msg: string): never {
  throw new RdbError(msg);
}
