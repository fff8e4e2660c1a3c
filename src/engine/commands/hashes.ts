// Hash commands (t_hash.c). Fields keep insertion order, as a listpack-encoded hash does.
// HINCRBYFLOAT propagates as HSET with the final value; everything else as sent.

import { E, R, type Reply } from '../resp.ts';
import type { CmdCtx, CommandSpec } from './types.ts';
import { isFiniteX, ldAdd, ld2string, ll2string, string2ld } from '../numfmt.ts';
import { LLONG_MAX, LLONG_MIN, deleteKey, err, getLongLong, isErr, spec, string2ll, wrongType } from './util.ts';

type HashValue = { type: 'hash'; v: Map<string, string> };

/** hashTypeLookupWriteOrCreate: the hash at key, created empty if missing, or WRONGTYPE. */
function lookupOrCreate(ctx: CmdCtx, key: string): HashValue | Reply {
  const o = ctx.lookupWrite(key);
  if (o && o.type !== 'hash') return wrongType();
  if (o) return o;
  const h: HashValue = { type: 'hash', v: new Map() };
  ctx.db.dict.set(key, h);
  return h;
}

function readHash(ctx: CmdCtx, key: string): HashValue | undefined | Reply {
  const o = ctx.lookupRead(key);
  if (o && o.type !== 'hash') return wrongType();
  return o;
}

function hset(ctx: CmdCtx, argv: readonly string[], hmset: boolean): Reply {
  if (argv.length % 2 === 1) return R.err(E.wrongArgs(hmset ? 'hmset' : 'hset'));
  const h = lookupOrCreate(ctx, argv[1]);
  if (isErr(h)) return h;
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (!h.v.has(argv[i])) created++;
    h.v.set(argv[i], argv[i + 1]);
  }
  ctx.dirty += (argv.length - 2) / 2;
  return hmset ? R.ok : R.int(created);
}

function hsetnx(ctx: CmdCtx, argv: readonly string[]): Reply {
  const h = lookupOrCreate(ctx, argv[1]);
  if (isErr(h)) return h;
  if (h.v.has(argv[2])) return R.zero;
  h.v.set(argv[2], argv[3]);
  ctx.dirty++;
  return R.one;
}

function hincrby(ctx: CmdCtx, argv: readonly string[]): Reply {
  const incr = getLongLong(argv[3]);
  if (isErr(incr)) return incr;
  const h = lookupOrCreate(ctx, argv[1]);
  if (isErr(h)) return h;
  const cur = h.v.get(argv[2]);
  const value = cur === undefined ? 0n : string2ll(cur);
  if (value === null) return err('hash value is not an integer');
  if ((incr < 0n && value < 0n && incr < LLONG_MIN - value) || (incr > 0n && value > 0n && incr > LLONG_MAX - value)) {
    return R.err(E.overflow);
  }
  const next = value + incr;
  h.v.set(argv[2], ll2string(next));
  ctx.dirty++;
  return R.int(next);
}

function hincrbyfloat(ctx: CmdCtx, argv: readonly string[]): Reply {
  const incr = string2ld(argv[3]);
  if (incr === null) return R.err(E.notFloat);
  if (!isFiniteX(incr)) return err('value is NaN or Infinity');
  const h = lookupOrCreate(ctx, argv[1]);
  if (isErr(h)) return h;
  const cur = h.v.get(argv[2]);
  const value = cur === undefined ? string2ld('0') : string2ld(cur);
  if (value === null) return err('hash value is not a float');
  const sum = ldAdd(value, incr);
  if (!isFiniteX(sum)) return err('increment would produce NaN or Infinity');
  const text = ld2string(sum);
  h.v.set(argv[2], text);
  ctx.dirty++;
  ctx.rewrite(['HSET', argv[1], argv[2], text]);
  return R.bulk(text);
}

function hget(ctx: CmdCtx, argv: readonly string[]): Reply {
  const h = readHash(ctx, argv[1]);
  if (isErr(h)) return h;
  return R.bulk(h?.v.get(argv[2]) ?? null);
}

function hmget(ctx: CmdCtx, argv: readonly string[]): Reply {
  const h = readHash(ctx, argv[1]);
  if (isErr(h)) return h;
  return R.bulks(argv.slice(2).map((f) => h?.v.get(f) ?? null));
}

function hdel(ctx: CmdCtx, argv: readonly string[]): Reply {
  const o = ctx.lookupWrite(argv[1]);
  if (!o) return R.zero;
  if (o.type !== 'hash') return wrongType();
  let deleted = 0;
  for (const f of argv.slice(2)) {
    if (o.v.delete(f)) {
      deleted++;
      if (o.v.size === 0) {
        deleteKey(ctx, argv[1]);
        break;
      }
    }
  }
  ctx.dirty += deleted;
  return R.int(deleted);
}

function hlen(ctx: CmdCtx, argv: readonly string[]): Reply {
  const h = readHash(ctx, argv[1]);
  if (isErr(h)) return h;
  return R.int(h?.v.size ?? 0);
}

function hstrlen(ctx: CmdCtx, argv: readonly string[]): Reply {
  const h = readHash(ctx, argv[1]);
  if (isErr(h)) return h;
  return R.int(h?.v.get(argv[2])?.length ?? 0);
}

function hexists(ctx: CmdCtx, argv: readonly string[]): Reply {
  const h = readHash(ctx, argv[1]);
  if (isErr(h)) return h;
  return h?.v.has(argv[2]) ? R.one : R.zero;
}

function hgetall(ctx: CmdCtx, argv: readonly string[], keys: boolean, values: boolean): Reply {
  const h = readHash(ctx, argv[1]);
  if (isErr(h)) return h;
  const out: string[] = [];
  for (const [f, v] of h?.v ?? []) {
    if (keys) out.push(f);
    if (values) out.push(v);
  }
  return R.bulks(out);
}

const WDF = ['write', 'denyoom', 'fast'] as const;
const RF = ['readonly', 'fast'] as const;

export const hashCommands: readonly CommandSpec[] = [
  spec('hset', -4, WDF, (ctx, a) => hset(ctx, a, false)),
  spec('hmset', -4, WDF, (ctx, a) => hset(ctx, a, true)),
  spec('hsetnx', 4, WDF, hsetnx),
  spec('hget', 3, RF, hget),
  spec('hmget', -3, RF, hmget),
  spec('hgetall', 2, ['readonly'], (ctx, a) => hgetall(ctx, a, true, true)),
  spec('hkeys', 2, ['readonly'], (ctx, a) => hgetall(ctx, a, true, false)),
  spec('hvals', 2, ['readonly'], (ctx, a) => hgetall(ctx, a, false, true)),
  spec('hdel', -3, ['write', 'fast'], hdel),
  spec('hlen', 2, RF, hlen),
  spec('hexists', 3, RF, hexists),
  spec('hstrlen', 3, RF, hstrlen),
  spec('hincrby', 4, WDF, hincrby),
  spec('hincrbyfloat', 4, WDF, hincrbyfloat),
];
