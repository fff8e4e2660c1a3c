// Set commands (t_set.c). SPOP propagates as SREM (one alsoPropagate'd SREM per member when a
// COUNT leaves members behind, DEL when it takes them all); random picks use the seeded PRNG.
// Member order: see setOrder() (intset-like sets sorted numerically, otherwise insertion order).

import { checkReplyBudget } from '../budget.ts';
import { R, type Reply } from '../resp.ts';
import { prngInt } from '../prng.ts';
import type { CmdCtx, CommandSpec } from './types.ts';
import {
  deleteKey, eqi, err, getPositiveLong, getRangeLong, isErr, num, setKey, setOrder, spec, syntaxErr, wrongType, LLONG_MAX,
} from './util.ts';

type SetValue = { type: 'set'; v: Set<string> };

function readSet(ctx: CmdCtx, key: string, write = false): SetValue | undefined | Reply {
  const o = write ? ctx.lookupWrite(key) : ctx.lookupRead(key);
  if (o && o.type !== 'set') return wrongType();
  return o;
}

function sadd(ctx: CmdCtx, argv: readonly string[]): Reply {
  let s = readSet(ctx, argv[1], true);
  if (isErr(s)) return s;
  if (!s) {
    s = { type: 'set', v: new Set() };
    ctx.db.dict.set(argv[1], s);
  }
  let added = 0;
  for (const m of argv.slice(2)) {
    if (!s.v.has(m)) {
      s.v.add(m);
      added++;
    }
  }
  ctx.dirty += added;
  return R.int(added);
}

function srem(ctx: CmdCtx, argv: readonly string[]): Reply {
  const s = readSet(ctx, argv[1], true);
  if (isErr(s)) return s;
  if (!s) return R.zero;
  let deleted = 0;
  for (const m of argv.slice(2)) {
    if (s.v.delete(m)) {
      deleted++;
      if (s.v.size === 0) {
        deleteKey(ctx, argv[1]);
        break;
      }
    }
  }
  ctx.dirty += deleted;
  return R.int(deleted);
}

function smove(ctx: CmdCtx, argv: readonly string[]): Reply {
  const [, src, dst, ele] = argv;
  const s = ctx.lookupWrite(src);
  const d = ctx.lookupWrite(dst);
  if (!s) return R.zero;
  if (s.type !== 'set' || (d && d.type !== 'set')) return wrongType();
  if (s === d) return s.v.has(ele) ? R.one : R.zero;
  if (!s.v.delete(ele)) return R.zero;
  if (s.v.size === 0) deleteKey(ctx, src);
  let target = d;
  if (!target) {
    target = { type: 'set', v: new Set() };
    ctx.db.dict.set(dst, target);
  }
  ctx.dirty++;
  if (!target.v.has(ele)) {
    target.v.add(ele);
    ctx.dirty++;
  }
  return R.one;
}

function sismember(ctx: CmdCtx, argv: readonly string[]): Reply {
  const s = readSet(ctx, argv[1]);
  if (isErr(s)) return s;
  return s?.v.has(argv[2]) ? R.one : R.zero;
}

function smismember(ctx: CmdCtx, argv: readonly string[]): Reply {
  const s = readSet(ctx, argv[1]);
  if (isErr(s)) return s;
  return R.array(argv.slice(2).map((m) => (s?.v.has(m) ? R.one : R.zero)));
}

function scard(ctx: CmdCtx, argv: readonly string[]): Reply {
  const s = readSet(ctx, argv[1]);
  if (isErr(s)) return s;
  return R.int(s?.v.size ?? 0);
}

/** setTypeRandomElement over the set's listing order. */
function randomMember(ctx: CmdCtx, members: readonly string[]): string {
  return members[prngInt(ctx.rng, members.length)];
}

function spop(ctx: CmdCtx, argv: readonly string[]): Reply {
  if (argv.length > 3) return syntaxErr();
  const key = argv[1];
  if (argv.length === 3) {
    const c = getPositiveLong(argv[2]);
    if (isErr(c)) return c;
    const s = readSet(ctx, key, true);
    if (isErr(s)) return s;
    if (!s || c === 0n) return R.emptyArray;
    const size = s.v.size;
    const count = c >= BigInt(size) ? size : num(c);
    ctx.dirty += count;
    if (count === size) {
      const all = setOrder(s.v);
      deleteKey(ctx, key);
      ctx.rewrite(['DEL', key]);
      return R.bulks(all);
    }
    const popped: string[] = [];
    const remaining = size - count;
    if (remaining * 5 > count) {
      for (let i = 0; i < count; i++) {
        const m = randomMember(ctx, setOrder(s.v));
        s.v.delete(m);
        popped.push(m);
      }
    } else {
      // Pick the members that stay; return the rest in the set's order.
      const keep = new Set<string>();
      for (let i = 0; i < remaining; i++) {
        const m = randomMember(ctx, setOrder(s.v));
        s.v.delete(m);
        keep.add(m);
      }
      popped.push(...setOrder(s.v));
      s.v = keep;
    }
    for (const m of popped) ctx.alsoPropagate(['SREM', key, m]);
    ctx.preventPropagation();
    return R.bulks(popped);
  }
  const s = readSet(ctx, key, true);
  if (isErr(s)) return s;
  if (!s) return R.nil;
  const m = randomMember(ctx, setOrder(s.v));
  s.v.delete(m);
  ctx.rewrite(['SREM', key, m]);
  if (s.v.size === 0) deleteKey(ctx, key);
  ctx.dirty++;
  return R.bulk(m);
}

function srandmember(ctx: CmdCtx, argv: readonly string[]): Reply {
  if (argv.length > 3) return syntaxErr();
  if (argv.length === 2) {
    const s = readSet(ctx, argv[1]);
    if (isErr(s)) return s;
    return s ? R.bulk(randomMember(ctx, setOrder(s.v))) : R.nil;
  }
  const l = getRangeLong(argv[2], -LLONG_MAX, LLONG_MAX);
  if (isErr(l)) return l;
  const s = readSet(ctx, argv[1]);
  if (isErr(s)) return s;
  if (!s || l === 0n) return R.emptyArray;
  const members = setOrder(s.v);
  const count = l < 0n ? -l : l;
  if (l < 0n || count === 1n) {
    checkReplyBudget('SRANDMEMBER', count);
    const out: string[] = [];
    for (let i = 0n; i < count; i++) out.push(randomMember(ctx, members));
    return R.bulks(out);
  }
  if (count >= BigInt(members.length)) return R.bulks(members);
  const pool = [...members];
  const picked: string[] = [];
  for (let i = 0; i < num(count); i++) picked.push(pool.splice(prngInt(ctx.rng, pool.length), 1)[0]);
  return R.bulks(picked);
}

/** The sets named by keys (undefined for a missing key), or WRONGTYPE. */
function readSets(ctx: CmdCtx, keys: readonly string[]): (SetValue | undefined)[] | Reply {
  const out: (SetValue | undefined)[] = [];
  for (const k of keys) {
    const s = readSet(ctx, k);
    if (isErr(s)) return s;
    out.push(s);
  }
  return out;
}

/** SINTERSTORE/SUNIONSTORE/SDIFFSTORE: store a non-empty result, or delete dst. */
function store(ctx: CmdCtx, dst: string, result: readonly string[]): Reply {
  if (result.length > 0) {
    setKey(ctx, dst, { type: 'set', v: new Set(result) });
    ctx.dirty++;
    return R.int(result.length);
  }
  if (deleteKey(ctx, dst)) ctx.dirty++;
  return R.zero;
}

function sinter(ctx: CmdCtx, keys: readonly string[], dst: string | null): Reply {
  const sets = readSets(ctx, keys);
  if (isErr(sets)) return sets;
  if (sets.some((s) => s === undefined)) return dst !== null ? store(ctx, dst, []) : R.emptyArray;
  const sorted = (sets as SetValue[]).slice().sort((a, b) => a.v.size - b.v.size);
  const result = setOrder(sorted[0].v).filter((m) => sorted.every((s) => s.v.has(m)));
  if (dst !== null) return store(ctx, dst, setOrder(new Set(result)));
  return R.bulks(result);
}

function sunionDiff(ctx: CmdCtx, keys: readonly string[], dst: string | null, diff: boolean): Reply {
  const sets = readSets(ctx, keys);
  if (isErr(sets)) return sets;
  const acc = new Set<string>();
  if (!diff) {
    for (const s of sets) if (s) for (const m of setOrder(s.v)) acc.add(m);
  } else if (sets[0] && !sets.slice(1).includes(sets[0])) {
    for (const m of setOrder(sets[0].v)) if (!sets.slice(1).some((s) => s?.v.has(m))) acc.add(m);
  }
  const result = setOrder(acc);
  return dst !== null ? store(ctx, dst, result) : R.bulks(result);
}

function sintercard(ctx: CmdCtx, argv: readonly string[]): Reply {
  const n = getRangeLong(argv[1], 1n, LLONG_MAX, 'numkeys should be greater than 0');
  if (isErr(n)) return n;
  if (n > BigInt(argv.length - 2)) return err("Number of keys can't be greater than number of args");
  const numkeys = num(n);
  let limit = 0n;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (eqi(argv[j], 'limit') && j + 1 < argv.length) {
      const l = getPositiveLong(argv[++j], "LIMIT can't be negative");
      if (isErr(l)) return l;
      limit = l;
    } else return syntaxErr();
  }
  const sets = readSets(ctx, argv.slice(2, 2 + numkeys));
  if (isErr(sets)) return sets;
  if (sets.some((s) => s === undefined)) return R.zero;
  const sorted = (sets as SetValue[]).slice().sort((a, b) => a.v.size - b.v.size);
  let card = 0n;
  for (const m of setOrder(sorted[0].v)) {
    if (!sorted.every((s) => s.v.has(m))) continue;
    card++;
    if (limit && card >= limit) break;
  }
  return R.int(card);
}

const R0 = ['readonly'] as const;
const RF = ['readonly', 'fast'] as const;
const WD = ['write', 'denyoom'] as const;

export const setCommands: readonly CommandSpec[] = [
  spec('sadd', -3, ['write', 'denyoom', 'fast'], sadd),
  spec('srem', -3, ['write', 'fast'], srem),
  spec('smove', 4, ['write', 'fast'], smove),
  spec('sismember', 3, RF, sismember),
  spec('smismember', -3, RF, smismember),
  spec('scard', 2, RF, scard),
  spec('spop', -2, ['write', 'fast'], spop),
  spec('srandmember', -2, R0, srandmember),
  spec('smembers', 2, R0, (ctx, a) => sinter(ctx, a.slice(1), null)),
  spec('sinter', -2, R0, (ctx, a) => sinter(ctx, a.slice(1), null)),
  spec('sintercard', -3, R0, sintercard),
  spec('sinterstore', -3, WD, (ctx, a) => sinter(ctx, a.slice(2), a[1])),
  spec('sunion', -2, R0, (ctx, a) => sunionDiff(ctx, a.slice(1), null, false)),
  spec('sunionstore', -3, WD, (ctx, a) => sunionDiff(ctx, a.slice(2), a[1], false)),
  spec('sdiff', -2, R0, (ctx, a) => sunionDiff(ctx, a.slice(1), null, true)),
  spec('sdiffstore', -3, WD, (ctx, a) => sunionDiff(ctx, a.slice(2), a[1], true)),
];
