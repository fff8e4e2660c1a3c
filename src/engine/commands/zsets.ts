// Sorted set commands (t_zset.c) other than the range family: ZADD/ZINCRBY, ZREM, ZSCORE,
// ZMSCORE, ZCARD, ZRANK/ZREVRANK, ZPOPMIN/ZPOPMAX. Members sort by score, then byte order.

import { R, type Reply } from '../resp.ts';
import type { CmdCtx, CommandSpec } from './types.ts';
import { formatDouble, string2d } from '../numfmt.ts';
import { cmpBytes, deleteKey, eqi, err, getPositiveLong, isErr, num, spec, syntaxErr, wrongType } from './util.ts';

export type ZsetValue = { type: 'zset'; v: Map<string, number> };

/** The members with their scores in zset order: score ascending, then member bytes. */
export function zsetSorted(z: Map<string, number>): [string, number][] {
  return [...z.entries()].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : cmpBytes(a[0], b[0])));
}

/**
 * Stores a score. A listpack-encoded zset (at most 128 members of at most 64 bytes) keeps an
 * integral score as an integer (zzlInsertAt/double2ll), so -0 comes back as 0 there.
 */
export function zstore(z: Map<string, number>, member: string, score: number): void {
  z.set(member, score);
  if (Object.is(score, -0) && z.size <= 128 && [...z.keys()].every((m) => m.length <= 64)) z.set(member, 0);
}

/** addReplyDouble in RESP2: a bulk string with "%.17g" (or inf/-inf). */
export const doubleReply = (x: number): Reply => R.bulk(formatDouble(x));

export function readZset(ctx: CmdCtx, key: string, write = false): ZsetValue | undefined | Reply {
  const o = write ? ctx.lookupWrite(key) : ctx.lookupRead(key);
  if (o && o.type !== 'zset') return wrongType();
  return o;
}

const Z_NX = 1, Z_XX = 2, Z_INCR = 4, Z_GT = 8, Z_LT = 16;

/** zaddGenericCommand: ZADD, and ZINCRBY as ZADD INCR. */
function zaddGeneric(ctx: CmdCtx, argv: readonly string[], baseFlags: number): Reply {
  const key = argv[1];
  let flags = baseFlags;
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const o = argv[idx];
    if (eqi(o, 'nx')) flags |= Z_NX;
    else if (eqi(o, 'xx')) flags |= Z_XX;
    else if (eqi(o, 'ch')) ch = true;
    else if (eqi(o, 'incr')) flags |= Z_INCR;
    else if (eqi(o, 'gt')) flags |= Z_GT;
    else if (eqi(o, 'lt')) flags |= Z_LT;
    else break;
  }
  const incr = (flags & Z_INCR) !== 0;
  const nx = (flags & Z_NX) !== 0;
  const xx = (flags & Z_XX) !== 0;
  const gt = (flags & Z_GT) !== 0;
  const lt = (flags & Z_LT) !== 0;
  const rest = argv.length - idx;
  if (rest % 2 || !rest) return syntaxErr();
  const elements = rest / 2;
  if (nx && xx) return err('XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) return err('GT, LT, and/or NX options at the same time are not compatible');
  if (incr && elements > 1) return err('INCR option supports a single increment-element pair');
  const scores: number[] = [];
  for (let j = 0; j < elements; j++) {
    const s = string2d(argv[idx + j * 2]);
    if (s === null) return err('value is not a valid float');
    scores.push(s);
  }
  let z = readZset(ctx, key, true);
  if (isErr(z)) return z;
  let added = 0, updated = 0, processed = 0;
  let score = 0;
  if (z || !xx) {
    if (!z) {
      z = { type: 'zset', v: new Map() };
      ctx.db.dict.set(key, z);
    }
    for (let j = 0; j < elements; j++) {
      const ele = argv[idx + 1 + j * 2];
      let s = scores[j];
      const cur = z.v.get(ele);
      if (cur !== undefined) {
        if (nx) continue;
        if (incr) {
          s += cur;
          if (Number.isNaN(s)) return err('resulting score is not a number (NaN)');
        }
        if ((lt && s >= cur) || (gt && s <= cur)) continue;
        if (s !== cur) {
          zstore(z.v, ele, s);
          updated++;
        }
      } else if (!xx) {
        zstore(z.v, ele, s);
        added++;
      } else continue;
      processed++;
      score = s;
    }
    ctx.dirty += added + updated;
  }
  if (incr) return processed ? doubleReply(score) : R.nil;
  return R.int(ch ? added + updated : added);
}

function zrem(ctx: CmdCtx, argv: readonly string[]): Reply {
  const z = readZset(ctx, argv[1], true);
  if (isErr(z)) return z;
  if (!z) return R.zero;
  let deleted = 0;
  for (const m of argv.slice(2)) {
    if (z.v.delete(m)) deleted++;
    if (z.v.size === 0) {
      deleteKey(ctx, argv[1]);
      break;
    }
  }
  ctx.dirty += deleted;
  return R.int(deleted);
}

function zscore(ctx: CmdCtx, argv: readonly string[]): Reply {
  const z = readZset(ctx, argv[1]);
  if (isErr(z)) return z;
  const s = z?.v.get(argv[2]);
  return s === undefined ? R.nil : doubleReply(s);
}

function zmscore(ctx: CmdCtx, argv: readonly string[]): Reply {
  const z = readZset(ctx, argv[1]);
  if (isErr(z)) return z;
  return R.array(argv.slice(2).map((m) => {
    const s = z?.v.get(m);
    return s === undefined ? R.nil : doubleReply(s);
  }));
}

function zcard(ctx: CmdCtx, argv: readonly string[]): Reply {
  const z = readZset(ctx, argv[1]);
  if (isErr(z)) return z;
  return R.int(z?.v.size ?? 0);
}

function zrank(ctx: CmdCtx, argv: readonly string[], reverse: boolean): Reply {
  const z = readZset(ctx, argv[1]);
  if (isErr(z)) return z;
  if (!z || !z.v.has(argv[2])) return R.nil;
  const i = zsetSorted(z.v).findIndex(([m]) => m === argv[2]);
  return R.int(reverse ? z.v.size - 1 - i : i);
}

function zpop(ctx: CmdCtx, argv: readonly string[], max: boolean): Reply {
  if (argv.length > 3) return syntaxErr();
  let count = -1;
  if (argv.length === 3) {
    const c = getPositiveLong(argv[2]);
    if (isErr(c)) return c;
    count = num(c);
  }
  const z = readZset(ctx, argv[1], true);
  if (isErr(z)) return z;
  if (!z || count === 0) return R.emptyArray;
  if (count === -1) count = 1;
  const sorted = zsetSorted(z.v);
  if (max) sorted.reverse();
  const out: Reply[] = [];
  for (const [m, s] of sorted.slice(0, Math.min(count, sorted.length))) {
    z.v.delete(m);
    ctx.dirty++;
    out.push(R.bulk(m), doubleReply(s));
  }
  if (z.v.size === 0) deleteKey(ctx, argv[1]);
  return R.array(out);
}

const WF = ['write', 'fast'] as const;
const RF = ['readonly', 'fast'] as const;

export const zsetCommands: readonly CommandSpec[] = [
  spec('zadd', -4, ['write', 'denyoom', 'fast'], (ctx, a) => zaddGeneric(ctx, a, 0)),
  spec('zincrby', 4, ['write', 'denyoom', 'fast'], (ctx, a) => zaddGeneric(ctx, a, Z_INCR)),
  spec('zrem', -3, WF, zrem),
  spec('zscore', 3, RF, zscore),
  spec('zmscore', -3, RF, zmscore),
  spec('zcard', 2, RF, zcard),
  spec('zrank', 3, RF, (ctx, a) => zrank(ctx, a, false)),
  spec('zrevrank', 3, RF, (ctx, a) => zrank(ctx, a, true)),
  spec('zpopmin', -2, WF, (ctx, a) => zpop(ctx, a, false)),
  spec('zpopmax', -2, WF, (ctx, a) => zpop(ctx, a, true)),
];
