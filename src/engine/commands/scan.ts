// SCAN, SSCAN, HSCAN, ZSCAN (db.c scanGenericCommand). The keyspace cursor walks keys in the order
// of a fixed 32-bit hash (FNV-1a), a key group at a time, so a key present for the whole iteration
// is returned exactly once whatever else is added or removed; the cursor is the next hash to visit.
// Collections are returned whole with cursor 0, as Redis does for its small encodings.

import { R, type Reply } from '../resp.ts';
import type { CmdCtx, CommandSpec } from './types.ts';
import { d2string, formatDouble } from '../numfmt.ts';
import { fnv1aBytes } from '../fnv1a.ts';
import { zsetSorted } from './zsets.ts';
import { asciiLower, cstr, eqi, err, expireIfNeeded, getLongLong, isErr, setOrder, spec, stringMatch, syntaxErr, wrongType } from './util.ts';

const ULONG_MAX = 18446744073709551615n;

/** parseScanCursorOrReply: strtoul(..., 10) with no leading space and nothing after the number. */
export function parseCursor(s: string): bigint | Reply {
  const bad = err('invalid cursor');
  const c = cstr(s);
  if (/^[ \t\n\v\f\r]/.test(s)) return bad;
  const m = /^([+-]?)([0-9]+)/.exec(c);
  if (!m) return c.length === 0 ? 0n : bad;
  if (m[0].length !== c.length) return bad;
  const v = BigInt(m[2]);
  if (v > ULONG_MAX) return bad;
  return m[1] === '-' && v !== 0n ? ULONG_MAX + 1n - v : v;
}

interface ScanOpts {
  count: number;
  pattern: string | null;
  type: string | null;
}

function parseOpts(argv: readonly string[], first: number, keyspace: boolean): ScanOpts | Reply {
  const o: ScanOpts = { count: 10, pattern: null, type: null };
  for (let i = first; i < argv.length; i += 2) {
    const more = argv.length - i >= 2;
    if (eqi(argv[i], 'count') && more) {
      const n = getLongLong(argv[i + 1]);
      if (isErr(n)) return n;
      if (n < 1n) return syntaxErr();
      o.count = n > 1000000000n ? 1000000000 : Number(n);
    } else if (eqi(argv[i], 'match') && more) {
      o.pattern = argv[i + 1] === '*' ? null : argv[i + 1];
    } else if (eqi(argv[i], 'type') && keyspace && more) {
      o.type = argv[i + 1];
    } else return syntaxErr();
  }
  return o;
}

const scanReply = (cursor: bigint, items: readonly string[]): Reply =>
  R.array([R.bulk(String(cursor)), R.bulks(items)]);

function scan(ctx: CmdCtx, argv: readonly string[]): Reply {
  const cursor = parseCursor(argv[1]);
  if (isErr(cursor)) return cursor;
  const o = parseOpts(argv, 2, true);
  if (isErr(o)) return o;
  const entries = [...ctx.db.dict.keys()]
    .map((k) => ({ k, h: fnv1aBytes(k) }))
    .filter((e) => BigInt(e.h) >= cursor)
    .sort((a, b) => a.h - b.h || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const picked: string[] = [];
  let i = 0;
  while (i < entries.length && picked.length < o.count) {
    const h = entries[i].h;
    while (i < entries.length && entries[i].h === h) picked.push(entries[i++].k);
  }
  const next = i < entries.length ? BigInt(entries[i - 1].h) + 1n : 0n;
  const out: string[] = [];
  for (const k of picked) {
    if (o.pattern !== null && !stringMatch(o.pattern, k)) continue;
    if (o.type !== null) {
      const t = ctx.lookupRead(k)?.type ?? 'none';
      if (asciiLower(cstr(o.type)) !== t) continue;
    }
    if (expireIfNeeded(ctx, k)) continue;
    out.push(k);
  }
  return scanReply(next, out);
}

/** HSCAN/SSCAN/ZSCAN: everything in one reply, cursor 0, MATCH applied to fields/members. */
function scanCollection(ctx: CmdCtx, argv: readonly string[], type: 'set' | 'hash' | 'zset'): Reply {
  const cursor = parseCursor(argv[2]);
  if (isErr(cursor)) return cursor;
  const v = ctx.lookupRead(argv[1]);
  if (!v) return scanReply(0n, []);
  if (v.type !== type) return wrongType();
  const o = parseOpts(argv, 3, false);
  if (isErr(o)) return o;
  let pairs: [string, string | null][] = [];
  if (v.type === 'set') pairs = setOrder(v.v).map((m) => [m, null]);
  else if (v.type === 'hash') pairs = [...v.v.entries()];
  else if (v.type === 'zset') {
    const fmt = zscanScore(v.v);
    pairs = zsetSorted(v.v).map(([m, s]) => [m, fmt(s)]);
  }
  const out: string[] = [];
  for (const [k, val] of pairs) {
    if (o.pattern !== null && !stringMatch(o.pattern, k)) continue;
    out.push(k);
    if (val !== null) out.push(val);
  }
  return scanReply(0n, out);
}

/** A listpack zset stores d2string() text; a skiplist one is printed with "%.17Lg". */
function zscanScore(z: Map<string, number>): (score: number) => string {
  const small = z.size <= 128 && [...z.keys()].every((m) => m.length <= 64);
  return small ? d2string : formatDouble;
}

export const scanCommands: readonly CommandSpec[] = [
  spec('scan', -2, ['readonly', 'touches-arbitrary-keys'], scan),
  spec('sscan', -3, ['readonly'], (ctx, a) => scanCollection(ctx, a, 'set')),
  spec('hscan', -3, ['readonly'], (ctx, a) => scanCollection(ctx, a, 'hash')),
  spec('zscan', -3, ['readonly'], (ctx, a) => scanCollection(ctx, a, 'zset')),
];
