// The sorted set range family (t_zset.c zrangeGenericCommand and friends): ZRANGE with
// BYSCORE/BYLEX/REV/LIMIT/WITHSCORES, ZRANGESTORE, the older Z[REV]RANGE[BYSCORE|BYLEX] forms,
// ZCOUNT, ZLEXCOUNT and ZREMRANGEBY{RANK,SCORE,LEX}. Ranges are walked like a listpack is.

import { R, type Reply } from '../resp.ts';
import type { CmdCtx, CommandSpec } from './types.ts';
import { strtodWhole } from '../numfmt.ts';
import { cmpBytes, deleteKey, eqi, err, getLongLong, isErr, num, setKey, spec, syntaxErr } from './util.ts';
import { doubleReply, readZset, zsetSorted, zstore } from './zsets.ts';

type Entry = [string, number];

interface Bounds {
  /** The range can hold nothing (min above max, or equal with an open end). */
  empty: boolean;
  gteMin(e: Entry): boolean;
  lteMax(e: Entry): boolean;
}

/** zslParseRange: "(" makes a bound exclusive; the rest must be all strtod() text. */
export function parseScoreRange(minArg: string, maxArg: string): Bounds | null {
  const item = (a: string) => {
    const ex = a[0] === '(';
    const v = strtodWhole(ex ? a.slice(1) : a);
    return v === null || Number.isNaN(v) ? null : { v, ex };
  };
  const min = item(minArg);
  const max = item(maxArg);
  if (!min || !max) return null;
  return {
    empty: min.v > max.v || (min.v === max.v && (min.ex || max.ex)),
    gteMin: ([, s]) => (min.ex ? s > min.v : s >= min.v),
    lteMax: ([, s]) => (max.ex ? s < max.v : s <= max.v),
  };
}

type LexItem = { kind: 'min' } | { kind: 'max' } | { kind: 'str'; s: string; ex: boolean };

/** sdscmplex: "-" sorts before everything, "+" after everything. */
function cmpLex(a: LexItem | string, b: LexItem | string): number {
  const ka = typeof a === 'string' ? 'str' : a.kind;
  const kb = typeof b === 'string' ? 'str' : b.kind;
  if (ka !== 'str' && ka === kb) return 0;
  if (ka === 'min' || kb === 'max') return -1;
  if (ka === 'max' || kb === 'min') return 1;
  const sa = typeof a === 'string' ? a : (a as { s: string }).s;
  const sb = typeof b === 'string' ? b : (b as { s: string }).s;
  return cmpBytes(sa, sb);
}

/** zslParseLexRange: "-", "+", "(member" or "[member". */
export function parseLexRange(minArg: string, maxArg: string): Bounds | null {
  const item = (a: string): LexItem | null => {
    if (a[0] === '+') return a.length === 1 || a[1] === '\0' ? { kind: 'max' } : null;
    if (a[0] === '-') return a.length === 1 || a[1] === '\0' ? { kind: 'min' } : null;
    if (a[0] === '(' || a[0] === '[') return { kind: 'str', s: a.slice(1), ex: a[0] === '(' };
    return null;
  };
  const min = item(minArg);
  const max = item(maxArg);
  if (!min || !max) return null;
  const exclusive = (x: LexItem) => x.kind !== 'str' || x.ex;
  const c = cmpLex(min, max);
  return {
    empty: c > 0 || (c === 0 && (exclusive(min) || exclusive(max))),
    gteMin: ([m]) => (exclusive(min) ? cmpLex(m, min) > 0 : cmpLex(m, min) >= 0),
    lteMax: ([m]) => (exclusive(max) ? cmpLex(m, max) < 0 : cmpLex(m, max) <= 0),
  };
}

/**
 * The positions a range visits, as zzlFirstInRange/zzlLastInRange plus the offset/limit loops:
 * start at the first (last, if reverse) member in range, skip offset, then take members while
 * they stay within the far bound, at most limit (negative: no limit) of them.
 */
function walk(sorted: readonly Entry[], b: Bounds, reverse: boolean, offset: number, limit: number): number[] {
  const n = sorted.length;
  if (b.empty || n === 0 || !b.gteMin(sorted[n - 1]) || !b.lteMax(sorted[0])) return [];
  let i = -1;
  if (!reverse) {
    for (let k = 0; k < n; k++) if (b.gteMin(sorted[k])) { i = b.lteMax(sorted[k]) ? k : -1; break; }
  } else {
    for (let k = n - 1; k >= 0; k--) if (b.lteMax(sorted[k])) { i = b.gteMin(sorted[k]) ? k : -1; break; }
  }
  if (i < 0) return [];
  const step = reverse ? -1 : 1;
  if (offset < 0) return [];
  i += step * offset;
  const out: number[] = [];
  for (; i >= 0 && i < n && limit-- !== 0; i += step) {
    if (reverse ? !b.gteMin(sorted[i]) : !b.lteMax(sorted[i])) break;
    out.push(i);
  }
  return out;
}

type Kind = 'auto' | 'rank' | 'score' | 'lex';

function zrangeGeneric(ctx: CmdCtx, argv: readonly string[], start: number, dst: string | null, kind: Kind, rev: boolean | null): Reply {
  const key = argv[start];
  let minIdx = start + 1;
  let maxIdx = start + 2;
  let withScores = false;
  let offset = 0n;
  let limit = -1n;
  for (let j = start + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    if (dst === null && eqi(argv[j], 'withscores')) withScores = true;
    else if (eqi(argv[j], 'limit') && left >= 2) {
      const o = getLongLong(argv[j + 1]);
      if (isErr(o)) return o;
      const l = getLongLong(argv[j + 2]);
      if (isErr(l)) return l;
      offset = o;
      limit = l;
      j += 2;
    } else if (rev === null && eqi(argv[j], 'rev')) rev = true;
    else if (kind === 'auto' && eqi(argv[j], 'bylex')) kind = 'lex';
    else if (kind === 'auto' && eqi(argv[j], 'byscore')) kind = 'score';
    else return syntaxErr();
  }
  const reverse = rev ?? false;
  if (kind === 'auto') kind = 'rank';
  if (limit !== -1n && kind === 'rank') {
    return err('syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && kind === 'lex') return err('syntax error, WITHSCORES not supported in combination with BYLEX');
  if (reverse && kind !== 'rank') [minIdx, maxIdx] = [maxIdx, minIdx];
  let bounds: Bounds | null = null;
  let rankFrom = 0n;
  let rankTo = 0n;
  if (kind === 'rank') {
    const a = getLongLong(argv[minIdx]);
    if (isErr(a)) return a;
    const b = getLongLong(argv[maxIdx]);
    if (isErr(b)) return b;
    rankFrom = a;
    rankTo = b;
  } else if (kind === 'score') {
    bounds = parseScoreRange(argv[minIdx], argv[maxIdx]);
    if (!bounds) return err('min or max is not a float');
  } else {
    bounds = parseLexRange(argv[minIdx], argv[maxIdx]);
    if (!bounds) return err('min or max not valid string range item');
  }
  const z = readZset(ctx, key);
  if (!z) return dst !== null ? storeRange(ctx, dst, []) : R.emptyArray;
  if (isErr(z)) return z;
  let sorted = zsetSorted(z.v);
  let picked: Entry[];
  if (kind === 'rank') {
    const len = BigInt(sorted.length);
    let s = rankFrom < 0n ? rankFrom + len : rankFrom;
    let e = rankTo < 0n ? rankTo + len : rankTo;
    if (s < 0n) s = 0n;
    if (s > e || s >= len) picked = [];
    else {
      if (e >= len) e = len - 1n;
      if (reverse) sorted = sorted.reverse();
      picked = sorted.slice(num(s), num(e) + 1);
    }
  } else {
    if (offset > 0n && offset >= BigInt(sorted.length)) picked = [];
    else {
      const off = offset > BigInt(sorted.length) ? sorted.length : num(offset);
      const lim = limit < 0n ? -1 : limit > BigInt(sorted.length) ? sorted.length : num(limit);
      picked = walk(sorted, bounds!, reverse, off, lim).map((i) => sorted[i]);
    }
  }
  if (dst !== null) return storeRange(ctx, dst, picked);
  const out: Reply[] = [];
  for (const [m, s] of picked) {
    out.push(R.bulk(m));
    if (withScores) out.push(doubleReply(s));
  }
  return R.array(out);
}

/** zrangeResultFinalizeStore: a non-empty result replaces dst, an empty one deletes it. */
function storeRange(ctx: CmdCtx, dst: string, picked: readonly Entry[]): Reply {
  if (picked.length > 0) {
    const z = new Map<string, number>();
    for (const [m, sc] of picked) zstore(z, m, sc);
    setKey(ctx, dst, { type: 'zset', v: z });
    ctx.dirty++;
    return R.int(picked.length);
  }
  if (deleteKey(ctx, dst)) ctx.dirty++;
  return R.zero;
}

function count(ctx: CmdCtx, argv: readonly string[], lex: boolean): Reply {
  const b = lex ? parseLexRange(argv[2], argv[3]) : parseScoreRange(argv[2], argv[3]);
  if (!b) return err(lex ? 'min or max not valid string range item' : 'min or max is not a float');
  const z = readZset(ctx, argv[1]);
  if (isErr(z)) return z;
  if (!z) return R.zero;
  return R.int(walk(zsetSorted(z.v), b, false, 0, -1).length);
}

function zremrange(ctx: CmdCtx, argv: readonly string[], kind: 'rank' | 'score' | 'lex'): Reply {
  let b: Bounds | null = null;
  let from = 0n;
  let to = 0n;
  if (kind === 'rank') {
    const a = getLongLong(argv[2]);
    if (isErr(a)) return a;
    const c = getLongLong(argv[3]);
    if (isErr(c)) return c;
    from = a;
    to = c;
  } else {
    b = kind === 'lex' ? parseLexRange(argv[2], argv[3]) : parseScoreRange(argv[2], argv[3]);
    if (!b) return err(kind === 'lex' ? 'min or max not valid string range item' : 'min or max is not a float');
  }
  const z = readZset(ctx, argv[1], true);
  if (isErr(z)) return z;
  if (!z) return R.zero;
  const sorted = zsetSorted(z.v);
  let victims: Entry[];
  if (kind === 'rank') {
    const len = BigInt(sorted.length);
    if (from < 0n) from += len;
    if (to < 0n) to += len;
    if (from < 0n) from = 0n;
    if (from > to || from >= len) return R.zero;
    if (to >= len) to = len - 1n;
    victims = sorted.slice(num(from), num(to) + 1);
  } else {
    victims = walk(sorted, b!, false, 0, -1).map((i) => sorted[i]);
  }
  for (const [m] of victims) z.v.delete(m);
  if (z.v.size === 0) deleteKey(ctx, argv[1]);
  ctx.dirty += victims.length;
  return R.int(victims.length);
}

const RO = ['readonly'] as const;

export const zrangeCommands: readonly CommandSpec[] = [
  spec('zrange', -4, RO, (ctx, a) => zrangeGeneric(ctx, a, 1, null, 'auto', null)),
  spec('zrangestore', -5, ['write', 'denyoom'], (ctx, a) => zrangeGeneric(ctx, a, 2, a[1], 'auto', null)),
  spec('zrevrange', -4, RO, (ctx, a) => zrangeGeneric(ctx, a, 1, null, 'rank', true)),
  spec('zrangebyscore', -4, RO, (ctx, a) => zrangeGeneric(ctx, a, 1, null, 'score', false)),
  spec('zrevrangebyscore', -4, RO, (ctx, a) => zrangeGeneric(ctx, a, 1, null, 'score', true)),
  spec('zrangebylex', -4, RO, (ctx, a) => zrangeGeneric(ctx, a, 1, null, 'lex', false)),
  spec('zrevrangebylex', -4, RO, (ctx, a) => zrangeGeneric(ctx, a, 1, null, 'lex', true)),
  spec('zcount', 4, ['readonly', 'fast'], (ctx, a) => count(ctx, a, false)),
  spec('zlexcount', 4, ['readonly', 'fast'], (ctx, a) => count(ctx, a, true)),
  spec('zremrangebyrank', 4, ['write'], (ctx, a) => zremrange(ctx, a, 'rank')),
  spec('zremrangebyscore', 4, ['write'], (ctx, a) => zremrange(ctx, a, 'score')),
  spec('zremrangebylex', 4, ['write'], (ctx, a) => zremrange(ctx, a, 'lex')),
];
