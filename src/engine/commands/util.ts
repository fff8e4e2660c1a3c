// Shared helpers of the data commands: argument parsing as object.c/util.c do it, Redis's error
// replies, option matching with C-string semantics, key lookups and writes, glob matching.

import { E, R, type Reply } from '../resp.ts';
import { DATABASES, dbDelete, keyIsExpired, type RedisValue } from '../keyspace.ts';
import { LLONG_MAX, string2ll } from '../numfmt.ts';
import type { CmdCtx, CommandFlag, CommandSpec } from './types.ts';

export { LLONG_MAX, LLONG_MIN, string2ll } from '../numfmt.ts';
export { stringMatch } from '../glob.ts';

export function spec(
  name: string,
  arity: number,
  flags: readonly CommandFlag[],
  exec: (ctx: CmdCtx, argv: readonly string[]) => Reply,
): CommandSpec {
  return { name, arity, flags, exec };
}

/** True for error replies (parsers return either a value or the error to send). */
export function isErr(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && (x as Reply).type === 'error';
}

export const wrongType = (): Reply => R.err(E.wrongType);
export const syntaxErr = (): Reply => R.err(E.syntax);

/** The text a C "%s" or strcmp sees: up to the first NUL byte. */
export function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/** addReplyErrorFormat: trims CR/LF at both ends, turns inner CR/LF into spaces, adds "ERR ". */
export function errFmt(msg: string): Reply {
  const s = msg.replace(/^[\r\n]+|[\r\n]+$/g, '').replace(/[\r\n]/g, ' ');
  return R.err(s.startsWith('-') ? s.slice(1) : `ERR ${s}`);
}

/** addReplyError with a fixed message. */
export const err = (msg: string): Reply => R.err(`ERR ${msg}`);

/** ASCII-only lower-casing, as tolower() in the C locale. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** strcasecmp(arg, lit) == 0, with lit given in lower case. */
export function eqi(arg: string, lit: string): boolean {
  return asciiLower(cstr(arg)) === lit;
}

/** getLongLongFromObjectOrReply (long is 64-bit, so also getLongFromObjectOrReply). */
export function getLongLong(s: string, msg?: string): bigint | Reply {
  const v = string2ll(s);
  return v === null ? err(msg ?? 'value is not an integer or out of range') : v;
}

export function getRangeLong(s: string, min: bigint, max: bigint, msg?: string): bigint | Reply {
  const v = getLongLong(s, msg);
  if (isErr(v)) return v;
  if (v < min || v > max) return err(msg ?? `value is out of range, value must between ${min} and ${max}`);
  return v;
}

export function getPositiveLong(s: string, msg?: string): bigint | Reply {
  return getRangeLong(s, 0n, LLONG_MAX, msg ?? 'value is out of range, must be positive');
}

export function getInt(s: string, msg?: string): number | Reply {
  const v = getRangeLong(s, -2147483648n, 2147483647n, msg);
  return isErr(v) ? v : Number(v);
}

/** A 64-bit index as a JS number; beyond 2^53 only its magnitude matters to the callers. */
export const num = (v: bigint): number => Number(v);

export function bulkOrNil(v: string | undefined): Reply {
  return R.bulk(v ?? null);
}

/**
 * expireIfNeeded(db, key, 0): true when the key is logically expired. A master deletes it (the
 * lookup propagates the DEL); a replica only hides it; its master's stream still sees it.
 */
export function expireIfNeeded(ctx: CmdCtx, key: string): boolean {
  if (!ctx.db.dict.has(key) || !keyIsExpired(ctx.db, key, ctx.nowMs)) return false;
  if (ctx.isReplica && ctx.fromMaster) return false;
  ctx.lookupRead(key);
  return true;
}

/** Runs fn with another database selected, as MOVE/COPY do with selectDb(), then switches back. */
export function inDb<T>(ctx: CmdCtx, dbIndex: number, fn: () => T): T {
  const back = ctx.dbIndex;
  if (back === dbIndex) return fn();
  ctx.selectDb(dbIndex);
  try {
    return fn();
  } finally {
    ctx.selectDb(back);
  }
}

export function validDb(i: number): boolean {
  return i >= 0 && i < DATABASES;
}

/** db.c setKey(): looks the key up for writing (lazy expire), stores, drops the TTL unless kept. */
export function setKey(ctx: CmdCtx, key: string, value: RedisValue, keepTtl = false): void {
  ctx.lookupWrite(key);
  storeKey(ctx, key, value, keepTtl);
}

/** Stores without the lookup (the caller already knows whether the key exists). */
export function storeKey(ctx: CmdCtx, key: string, value: RedisValue, keepTtl = false): void {
  ctx.db.dict.set(key, value);
  if (!keepTtl) ctx.db.expires.delete(key);
}

/** dbSyncDelete: removes the key whatever its TTL; true if it was there. */
export function deleteKey(ctx: CmdCtx, key: string): boolean {
  return dbDelete(ctx.db, key);
}

/** Sets the absolute expire time in ms. */
export function setExpire(ctx: CmdCtx, key: string, whenMs: bigint): void {
  ctx.db.expires.set(key, Number(whenMs));
}

/**
 * The members of a set in the order Redis 7.0 would list a small set: an intset (all members
 * canonical integers, at most 512 of them) is sorted numerically; otherwise insertion order.
 */
export function setOrder(set: Set<string>): string[] {
  const members = [...set];
  if (members.length > 512) return members;
  const nums: bigint[] = [];
  for (const m of members) {
    const v = string2ll(m);
    if (v === null) return members;
    nums.push(v);
  }
  return nums.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}

/** Byte-order comparison (sdscmp/memcmp) of binary strings. */
export function cmpBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
