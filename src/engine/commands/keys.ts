// Keyspace commands (db.c, expire.c): DEL, EXISTS, the EXPIRE family and TTLs, TYPE, RENAME,
// KEYS, RANDOMKEY, DBSIZE, FLUSHDB/FLUSHALL, SELECT, COPY, MOVE, SWAPDB, TOUCH.

import { R, type Reply } from '../resp.ts';
import { dupValue, keyIsExpired, keyspaceFlushAll } from '../keyspace.ts';
import { prngInt } from '../prng.ts';
import type { CmdCtx, CommandSpec } from './types.ts';
import {
  LLONG_MAX, LLONG_MIN, deleteKey, eqi, err, errFmt, expireIfNeeded, getInt, getLongLong, inDb, isErr, setExpire,
  spec, stringMatch, syntaxErr, validDb, cstr,
} from './util.ts';

function del(ctx: CmdCtx, argv: readonly string[]): Reply {
  let n = 0;
  for (const key of argv.slice(1)) {
    expireIfNeeded(ctx, key);
    if (deleteKey(ctx, key)) {
      ctx.dirty++;
      n++;
    }
  }
  return R.int(n);
}

function countExisting(ctx: CmdCtx, argv: readonly string[]): Reply {
  return R.int(argv.slice(1).filter((k) => ctx.lookupRead(k) !== undefined).length);
}

const E_NX = 1, E_XX = 2, E_GT = 4, E_LT = 8;

/** expireGenericCommand: basetime is now for EXPIRE/PEXPIRE, 0 for the *AT forms. */
function expireGeneric(ctx: CmdCtx, argv: readonly string[], cmd: string, relative: boolean, seconds: boolean): Reply {
  const key = argv[1];
  let flags = 0;
  for (const opt of argv.slice(3)) {
    if (eqi(opt, 'nx')) flags |= E_NX;
    else if (eqi(opt, 'xx')) flags |= E_XX;
    else if (eqi(opt, 'gt')) flags |= E_GT;
    else if (eqi(opt, 'lt')) flags |= E_LT;
    else return errFmt(`Unsupported option ${cstr(opt)}`);
  }
  if (flags & E_NX && flags & (E_XX | E_GT | E_LT)) {
    return err('NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags & E_GT && flags & E_LT) return err('GT and LT options at the same time are not compatible');
  let when = getLongLong(argv[2]);
  if (isErr(when)) return when;
  const badTime = errFmt(`invalid expire time in '${cmd}' command`);
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) return badTime;
    when *= 1000n;
  }
  const base = relative ? BigInt(ctx.nowMs) : 0n;
  if (when > LLONG_MAX - base) return badTime;
  when += base;
  if (ctx.lookupWrite(key) === undefined) return R.zero;
  if (flags) {
    const cur = ctx.db.expires.get(key);
    if (flags & E_NX && cur !== undefined) return R.zero;
    if (flags & E_XX && cur === undefined) return R.zero;
    if (flags & E_GT && (cur === undefined || when <= BigInt(cur))) return R.zero;
    if (flags & E_LT && cur !== undefined && when >= BigInt(cur)) return R.zero;
  }
  if (when <= BigInt(ctx.nowMs) && !ctx.isReplica) {
    // checkAlreadyExpired: delete now and propagate a DEL (lazyfree-lazy-expire no).
    deleteKey(ctx, key);
    ctx.dirty++;
    ctx.rewrite(['DEL', key]);
    return R.one;
  }
  setExpire(ctx, key, when);
  const out = [...argv];
  if (cmd !== 'pexpireat') out[0] = 'PEXPIREAT';
  if (relative || seconds) out[2] = String(when);
  ctx.rewrite(out);
  ctx.dirty++;
  return R.one;
}

/** ttlGenericCommand: TTL, PTTL, EXPIRETIME, PEXPIRETIME. */
function ttl(ctx: CmdCtx, key: string, ms: boolean, abs: boolean): Reply {
  if (ctx.lookupRead(key) === undefined) return R.int(-2);
  const when = ctx.db.expires.get(key);
  if (when === undefined) return R.int(-1);
  let t = abs ? when : when - ctx.nowMs;
  if (t < 0) t = 0;
  return R.int(ms ? t : Math.floor((t + 500) / 1000));
}

function persist(ctx: CmdCtx, argv: readonly string[]): Reply {
  if (ctx.lookupWrite(argv[1]) && ctx.db.expires.delete(argv[1])) {
    ctx.dirty++;
    return R.one;
  }
  return R.zero;
}

function type(ctx: CmdCtx, argv: readonly string[]): Reply {
  return R.status(ctx.lookupRead(argv[1])?.type ?? 'none');
}

function rename(ctx: CmdCtx, argv: readonly string[], nx: boolean): Reply {
  const [, src, dst] = argv;
  const o = ctx.lookupWrite(src);
  if (!o) return err('no such key');
  if (src === dst) return nx ? R.zero : R.ok;
  const expire = ctx.db.expires.get(src);
  if (ctx.lookupWrite(dst) !== undefined) {
    if (nx) return R.zero;
    deleteKey(ctx, dst);
  }
  ctx.db.dict.set(dst, o);
  if (expire !== undefined) ctx.db.expires.set(dst, expire);
  deleteKey(ctx, src);
  ctx.dirty++;
  return nx ? R.one : R.ok;
}

function keys(ctx: CmdCtx, argv: readonly string[]): Reply {
  const pattern = argv[1];
  const all = pattern === '*';
  const out: string[] = [];
  for (const k of ctx.db.dict.keys()) {
    if ((all || stringMatch(pattern, k)) && !keyIsExpired(ctx.db, k, ctx.nowMs)) out.push(k);
  }
  return R.bulks(out);
}

/** dbRandomKey: a seeded fair pick; expired picks are expired (master) and another is drawn. */
function randomkey(ctx: CmdCtx): Reply {
  const db = ctx.db;
  let tries = 100;
  const allVolatile = db.dict.size === db.expires.size;
  for (;;) {
    if (db.dict.size === 0) return R.nil;
    const names = [...db.dict.keys()];
    const key = names[prngInt(ctx.rng, names.length)];
    if (db.expires.has(key)) {
      if (allVolatile && ctx.isReplica && --tries === 0) return R.bulk(key);
      if (expireIfNeeded(ctx, key)) continue;
    }
    return R.bulk(key);
  }
}

function flush(ctx: CmdCtx, argv: readonly string[], all: boolean): Reply {
  if (argv.length > 2 || (argv.length === 2 && !eqi(argv[1], 'sync') && !eqi(argv[1], 'async'))) return syntaxErr();
  if (all) {
    ctx.dirty += keyspaceFlushAll(ctx.ks);
  } else {
    ctx.dirty += ctx.db.dict.size;
    ctx.db.dict.clear();
    ctx.db.expires.clear();
  }
  // forceCommandPropagation: goes out even when nothing was there to delete.
  ctx.alsoPropagate(argv);
  ctx.preventPropagation();
  return R.ok;
}

function select(ctx: CmdCtx, argv: readonly string[]): Reply {
  const id = getInt(argv[1]);
  if (isErr(id)) return id;
  if (!validDb(id)) return err('DB index is out of range');
  ctx.selectDb(id);
  return R.ok;
}

function copy(ctx: CmdCtx, argv: readonly string[]): Reply {
  const src = ctx.dbIndex;
  let dst = src;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    if (eqi(argv[j], 'replace')) replace = true;
    else if (eqi(argv[j], 'db') && j + 1 < argv.length) {
      const id = getInt(argv[j + 1]);
      if (isErr(id)) return id;
      if (!validDb(id)) return err('DB index is out of range');
      dst = id;
      j++;
    } else return syntaxErr();
  }
  const [, key, newkey] = argv;
  if (src === dst && key === newkey) return err('source and destination objects are the same');
  const o = ctx.lookupRead(key);
  if (!o) return R.zero;
  const expire = ctx.db.expires.get(key);
  const exists = inDb(ctx, dst, () => ctx.lookupWrite(newkey) !== undefined);
  if (exists && !replace) return R.zero;
  const target = ctx.ks.dbs[dst];
  target.dict.delete(newkey);
  target.expires.delete(newkey);
  target.dict.set(newkey, dupValue(o));
  if (expire !== undefined) target.expires.set(newkey, expire);
  ctx.dirty++;
  return R.one;
}

function move(ctx: CmdCtx, argv: readonly string[]): Reply {
  const key = argv[1];
  const id = getInt(argv[2]);
  if (isErr(id)) return id;
  if (!validDb(id)) return err('DB index is out of range');
  if (id === ctx.dbIndex) return err('source and destination objects are the same');
  const o = ctx.lookupWrite(key);
  if (!o) return R.zero;
  const expire = ctx.db.expires.get(key);
  if (inDb(ctx, id, () => ctx.lookupWrite(key) !== undefined)) return R.zero;
  const target = ctx.ks.dbs[id];
  target.dict.set(key, o);
  if (expire !== undefined) target.expires.set(key, expire);
  deleteKey(ctx, key);
  ctx.dirty++;
  return R.one;
}

function swapdb(ctx: CmdCtx, argv: readonly string[]): Reply {
  const a = getInt(argv[1], 'invalid first DB index');
  if (isErr(a)) return a;
  const b = getInt(argv[2], 'invalid second DB index');
  if (isErr(b)) return b;
  if (!validDb(a) || !validDb(b)) return err('DB index is out of range');
  if (a !== b) {
    const x = ctx.ks.dbs[a];
    const y = ctx.ks.dbs[b];
    [x.dict, y.dict] = [y.dict, x.dict];
    [x.expires, y.expires] = [y.expires, x.expires];
  }
  ctx.dirty++;
  return R.ok;
}

const RF = ['readonly', 'fast'] as const;
const WF = ['write', 'fast'] as const;

export const keyCommands: readonly CommandSpec[] = [
  spec('del', -2, ['write'], del),
  spec('unlink', -2, WF, del),
  spec('exists', -2, RF, countExisting),
  spec('touch', -2, RF, countExisting),
  spec('expire', -3, WF, (ctx, a) => expireGeneric(ctx, a, 'expire', true, true)),
  spec('pexpire', -3, WF, (ctx, a) => expireGeneric(ctx, a, 'pexpire', true, false)),
  spec('expireat', -3, WF, (ctx, a) => expireGeneric(ctx, a, 'expireat', false, true)),
  spec('pexpireat', -3, WF, (ctx, a) => expireGeneric(ctx, a, 'pexpireat', false, false)),
  spec('ttl', 2, RF, (ctx, a) => ttl(ctx, a[1], false, false)),
  spec('pttl', 2, RF, (ctx, a) => ttl(ctx, a[1], true, false)),
  spec('expiretime', 2, RF, (ctx, a) => ttl(ctx, a[1], false, true)),
  spec('pexpiretime', 2, RF, (ctx, a) => ttl(ctx, a[1], true, true)),
  spec('persist', 2, WF, persist),
  spec('type', 2, RF, type),
  spec('rename', 3, ['write'], (ctx, a) => rename(ctx, a, false)),
  spec('renamenx', 3, WF, (ctx, a) => rename(ctx, a, true)),
  spec('keys', 2, ['readonly'], keys),
  spec('randomkey', 1, ['readonly', 'touches-arbitrary-keys'], randomkey),
  spec('dbsize', 1, RF, (ctx) => R.int(ctx.db.dict.size)),
  spec('flushall', -1, ['write'], (ctx, a) => flush(ctx, a, true)),
  spec('flushdb', -1, ['write'], (ctx, a) => flush(ctx, a, false)),
  spec('select', 2, ['loading', 'stale', 'fast'], select),
  spec('copy', -3, ['write', 'denyoom'], copy),
  spec('move', 3, WF, move),
  spec('swapdb', 3, WF, swapdb),
];
