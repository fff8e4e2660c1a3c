// List commands (t_list.c): pushes and pops (with COUNT), ranges, LINDEX/LSET/LREM/LINSERT/LTRIM,
// LPOS, and the LMOVE/RPOPLPUSH pair. All propagate as sent; dirty counts elements changed.

import { E, R, type Reply } from '../resp.ts';
import type { CmdCtx, CommandSpec } from './types.ts';
import { LLONG_MIN, deleteKey, eqi, err, getLongLong, getPositiveLong, isErr, num, spec, syntaxErr, wrongType } from './util.ts';

type ListValue = { type: 'list'; v: string[] };

function push(ctx: CmdCtx, argv: readonly string[], head: boolean, onlyIfExists: boolean): Reply {
  const key = argv[1];
  let o = ctx.lookupWrite(key);
  if (o && o.type !== 'list') return wrongType();
  if (!o) {
    if (onlyIfExists) return R.zero;
    o = { type: 'list', v: [] };
    ctx.db.dict.set(key, o);
  }
  for (const el of argv.slice(2)) {
    if (head) o.v.unshift(el);
    else o.v.push(el);
    ctx.dirty++;
  }
  return R.int(o.v.length);
}

/** listElementsRemoved: deletes the key once the list is empty. */
function removed(ctx: CmdCtx, key: string, l: ListValue, count: number): void {
  if (l.v.length === 0) deleteKey(ctx, key);
  ctx.dirty += count;
}

function pop(ctx: CmdCtx, argv: readonly string[], head: boolean): Reply {
  const name = head ? 'lpop' : 'rpop';
  if (argv.length > 3) return R.err(E.wrongArgs(name));
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    const c = getPositiveLong(argv[2]);
    if (isErr(c)) return c;
    count = num(c);
  }
  const o = ctx.lookupWrite(argv[1]);
  if (!o) return hasCount ? R.nilArray : R.nil;
  if (o.type !== 'list') return wrongType();
  if (hasCount && count === 0) return R.emptyArray;
  if (!hasCount) {
    const v = head ? o.v.shift()! : o.v.pop()!;
    removed(ctx, argv[1], o, 1);
    return R.bulk(v);
  }
  const n = Math.min(count, o.v.length);
  const taken = head ? o.v.splice(0, n) : o.v.splice(o.v.length - n, n).reverse();
  removed(ctx, argv[1], o, n);
  return R.bulks(taken);
}

/** Converts Redis start/end indexes (negative from the tail) into a [from, to] range, or null. */
function range(start: bigint, end: bigint, len: number): [number, number] | null {
  const L = BigInt(len);
  if (start < 0n) start += L;
  if (end < 0n) end += L;
  if (start < 0n) start = 0n;
  if (start > end || start >= L) return null;
  if (end >= L) end = L - 1n;
  return [num(start), num(end)];
}

function lrange(ctx: CmdCtx, argv: readonly string[]): Reply {
  const a = getLongLong(argv[2]);
  if (isErr(a)) return a;
  const b = getLongLong(argv[3]);
  if (isErr(b)) return b;
  const o = ctx.lookupRead(argv[1]);
  if (!o) return R.emptyArray;
  if (o.type !== 'list') return wrongType();
  const r = range(a, b, o.v.length);
  return r ? R.bulks(o.v.slice(r[0], r[1] + 1)) : R.emptyArray;
}

function ltrim(ctx: CmdCtx, argv: readonly string[]): Reply {
  const a = getLongLong(argv[2]);
  if (isErr(a)) return a;
  const b = getLongLong(argv[3]);
  if (isErr(b)) return b;
  const o = ctx.lookupWrite(argv[1]);
  if (!o) return R.ok;
  if (o.type !== 'list') return wrongType();
  const len = o.v.length;
  const r = range(a, b, len);
  const kept = r ? o.v.slice(r[0], r[1] + 1) : [];
  o.v.splice(0, len, ...kept);
  removed(ctx, argv[1], o, len - kept.length);
  return R.ok;
}

/** A list index (negative from the tail) as a position, or -1 when out of range. */
function at(index: bigint, len: number): number {
  const i = index < 0n ? index + BigInt(len) : index;
  return i < 0n || i >= BigInt(len) ? -1 : num(i);
}

function lindex(ctx: CmdCtx, argv: readonly string[]): Reply {
  const o = ctx.lookupRead(argv[1]);
  if (!o) return R.nil;
  if (o.type !== 'list') return wrongType();
  const idx = getLongLong(argv[2]);
  if (isErr(idx)) return idx;
  const i = at(idx, o.v.length);
  return i < 0 ? R.nil : R.bulk(o.v[i]);
}

function lset(ctx: CmdCtx, argv: readonly string[]): Reply {
  const o = ctx.lookupWrite(argv[1]);
  if (!o) return err('no such key');
  if (o.type !== 'list') return wrongType();
  const idx = getLongLong(argv[2]);
  if (isErr(idx)) return idx;
  const i = at(idx, o.v.length);
  if (i < 0) return err('index out of range');
  o.v[i] = argv[3];
  ctx.dirty++;
  return R.ok;
}

function lrem(ctx: CmdCtx, argv: readonly string[]): Reply {
  const c = getLongLong(argv[2]);
  if (isErr(c)) return c;
  const o = ctx.lookupWrite(argv[1]);
  if (!o) return R.zero;
  if (o.type !== 'list') return wrongType();
  const fromTail = c < 0n;
  const limit = fromTail ? -c : c;
  let n = 0;
  const l = o.v;
  if (!fromTail) {
    for (let i = 0; i < l.length && (limit === 0n || BigInt(n) < limit);) {
      if (l[i] === argv[3]) {
        l.splice(i, 1);
        n++;
      } else i++;
    }
  } else {
    for (let i = l.length - 1; i >= 0 && BigInt(n) < limit; i--) {
      if (l[i] === argv[3]) {
        l.splice(i, 1);
        n++;
      }
    }
  }
  removed(ctx, argv[1], o, n);
  return R.int(n);
}

function linsert(ctx: CmdCtx, argv: readonly string[]): Reply {
  let after: boolean;
  if (eqi(argv[2], 'after')) after = true;
  else if (eqi(argv[2], 'before')) after = false;
  else return syntaxErr();
  const o = ctx.lookupWrite(argv[1]);
  if (!o) return R.zero;
  if (o.type !== 'list') return wrongType();
  const i = o.v.indexOf(argv[3]);
  if (i < 0) return R.int(-1);
  o.v.splice(after ? i + 1 : i, 0, argv[4]);
  ctx.dirty++;
  return R.int(o.v.length);
}

function lpos(ctx: CmdCtx, argv: readonly string[]): Reply {
  let rank = 1n;
  let count = -1n;
  let maxlen = 0n;
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j > 0;
    if (eqi(argv[j], 'rank') && more) {
      const r = getLongLong(argv[++j]);
      if (isErr(r)) return r;
      if (r === 0n) {
        return err("RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
      }
      rank = r;
    } else if (eqi(argv[j], 'count') && more) {
      const r = getPositiveLong(argv[++j], "COUNT can't be negative");
      if (isErr(r)) return r;
      count = r;
    } else if (eqi(argv[j], 'maxlen') && more) {
      const r = getPositiveLong(argv[++j], "MAXLEN can't be negative");
      if (isErr(r)) return r;
      maxlen = r;
    } else return syntaxErr();
  }
  const fromTail = rank < 0n;
  // C negates a long: LONG_MIN stays negative, so every match satisfies "matches >= rank".
  if (fromTail && rank !== LLONG_MIN) rank = -rank;
  const o = ctx.lookupRead(argv[1]);
  if (!o) return count !== -1n ? R.emptyArray : R.nil;
  if (o.type !== 'list') return wrongType();
  const l = o.v;
  const found: number[] = [];
  let matches = 0n;
  for (let index = 0; index < l.length && (maxlen === 0n || BigInt(index) < maxlen); index++) {
    const pos = fromTail ? l.length - 1 - index : index;
    if (l[pos] !== argv[2]) continue;
    matches++;
    if (matches < rank) continue;
    found.push(pos);
    if (count === -1n || (count > 0n && matches - rank + 1n >= count)) break;
  }
  if (count !== -1n) return R.array(found.map((p) => R.int(p)));
  return found.length ? R.int(found[0]) : R.nil;
}

function lmoveGeneric(ctx: CmdCtx, src: string, dst: string, fromHead: boolean, toHead: boolean): Reply {
  const s = ctx.lookupWrite(src);
  if (!s) return R.nil;
  if (s.type !== 'list') return wrongType();
  if (s.v.length === 0) return R.nil;
  let d = ctx.lookupWrite(dst);
  if (d && d.type !== 'list') return wrongType();
  const value = fromHead ? s.v.shift()! : s.v.pop()!;
  if (!d) {
    d = { type: 'list', v: [] };
    ctx.db.dict.set(dst, d);
  }
  if (toHead) d.v.unshift(value);
  else d.v.push(value);
  if (s.v.length === 0) deleteKey(ctx, src);
  ctx.dirty++;
  return R.bulk(value);
}

function lmove(ctx: CmdCtx, argv: readonly string[]): Reply {
  const side = (s: string) => (eqi(s, 'right') ? 'right' : eqi(s, 'left') ? 'left' : null);
  const from = side(argv[3]);
  if (!from) return syntaxErr();
  const to = side(argv[4]);
  if (!to) return syntaxErr();
  return lmoveGeneric(ctx, argv[1], argv[2], from === 'left', to === 'left');
}

function llen(ctx: CmdCtx, argv: readonly string[]): Reply {
  const o = ctx.lookupRead(argv[1]);
  if (!o) return R.zero;
  if (o.type !== 'list') return wrongType();
  return R.int(o.v.length);
}

const WDF = ['write', 'denyoom', 'fast'] as const;
const WD = ['write', 'denyoom'] as const;

export const listCommands: readonly CommandSpec[] = [
  spec('lpush', -3, WDF, (ctx, a) => push(ctx, a, true, false)),
  spec('rpush', -3, WDF, (ctx, a) => push(ctx, a, false, false)),
  spec('lpushx', -3, WDF, (ctx, a) => push(ctx, a, true, true)),
  spec('rpushx', -3, WDF, (ctx, a) => push(ctx, a, false, true)),
  spec('lpop', -2, ['write', 'fast'], (ctx, a) => pop(ctx, a, true)),
  spec('rpop', -2, ['write', 'fast'], (ctx, a) => pop(ctx, a, false)),
  spec('llen', 2, ['readonly', 'fast'], llen),
  spec('lrange', 4, ['readonly'], lrange),
  spec('lindex', 3, ['readonly'], lindex),
  spec('lset', 4, WD, lset),
  spec('lrem', 4, ['write'], lrem),
  spec('linsert', 5, WD, linsert),
  spec('ltrim', 4, ['write'], ltrim),
  spec('lpos', -3, ['readonly'], lpos),
  spec('lmove', 5, WD, lmove),
  spec('rpoplpush', 3, WD, (ctx, a) => lmoveGeneric(ctx, a[1], a[2], false, true)),
];
