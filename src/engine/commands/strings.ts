// String commands (t_string.c): GET/SET and their variants, counters, ranges, multi-key MSET/MGET,
// with the argv rewrites Redis 7.0 makes before propagating them.

import { checkValueBudget } from '../budget.ts';
import { E, R, type Reply } from '../resp.ts';
import type { CmdCtx, CommandSpec } from './types.ts';
import { isFiniteX, ldAdd, ld2string, ll2string, string2ld } from '../numfmt.ts';
import {
  LLONG_MAX, LLONG_MIN, bulkOrNil, deleteKey, eqi, err, errFmt, getLongLong, isErr, num, setExpire, setKey,
  spec, storeKey, string2ll, syntaxErr, wrongType,
} from './util.ts';

const NX = 1, XX = 2, EX = 4, PX = 8, KEEPTTL = 16, GET = 32, EXAT = 64, PXAT = 128, PERSIST = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

/** Case-insensitive match of a C-string option against an upper-case word. */
const is = (opt: string, word: string) => eqi(opt, word.toLowerCase());

/** parseExtendedStringArgumentsOrReply: SET options from argv[3], GETEX options from argv[2]. */
function parseExtended(argv: readonly string[], forSet: boolean): { flags: number; expire: string | null } | Reply {
  let flags = 0;
  let expire: string | null = null;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = argv[j];
    const hasNext = j < argv.length - 1;
    if (forSet && is(opt, 'NX') && !(flags & XX)) flags |= NX;
    else if (forSet && is(opt, 'XX') && !(flags & NX)) flags |= XX;
    else if (forSet && is(opt, 'GET')) flags |= GET;
    else if (forSet && is(opt, 'KEEPTTL') && !(flags & (PERSIST | ANY_EXPIRE))) flags |= KEEPTTL;
    else if (!forSet && is(opt, 'PERSIST') && !(flags & (ANY_EXPIRE | KEEPTTL))) flags |= PERSIST;
    else if (hasNext && !(flags & (KEEPTTL | PERSIST)) && ['EX', 'PX', 'EXAT', 'PXAT'].some((w) => is(opt, w))) {
      const f = is(opt, 'EX') ? EX : is(opt, 'PX') ? PX : is(opt, 'EXAT') ? EXAT : PXAT;
      if (flags & ANY_EXPIRE & ~f) return syntaxErr();
      flags |= f;
      expire = argv[++j];
    } else return syntaxErr();
  }
  return { flags, expire };
}

/** getExpireMillisecondsOrReply: the absolute expire time in ms. */
function expireMs(ctx: CmdCtx, cmd: string, text: string, flags: number): bigint | Reply {
  let ms = getLongLong(text);
  if (isErr(ms)) return ms;
  const seconds = (flags & (EX | EXAT)) !== 0;
  const bad = errFmt(`invalid expire time in '${cmd}' command`);
  if (ms <= 0n || (seconds && ms > LLONG_MAX / 1000n)) return bad;
  if (seconds) ms *= 1000n;
  if (flags & (EX | PX)) ms += BigInt(ctx.nowMs);
  if (ms > LLONG_MAX || ms <= 0n) return bad;
  return ms;
}

/** getGenericCommand: replies with the value, nil, or WRONGTYPE. */
function getGeneric(ctx: CmdCtx, key: string): Reply {
  const o = ctx.lookupRead(key);
  if (!o) return R.nil;
  if (o.type !== 'string') return wrongType();
  return R.bulk(o.v);
}

function setGeneric(
  ctx: CmdCtx, argv: readonly string[], cmd: string, flags: number, key: string, val: string,
  expire: string | null, okReply: Reply, abortReply: Reply,
): Reply {
  let ms = 0n;
  if (expire !== null) {
    const r = expireMs(ctx, cmd, expire, flags);
    if (isErr(r)) return r;
    ms = r;
  }
  let reply = okReply;
  if (flags & GET) {
    reply = getGeneric(ctx, key);
    if (isErr(reply)) return reply;
  }
  const found = ctx.lookupWrite(key) !== undefined;
  if ((flags & NX && found) || (flags & XX && !found)) return flags & GET ? reply : abortReply;
  storeKey(ctx, key, { type: 'string', v: val }, (flags & KEEPTTL) !== 0);
  ctx.dirty++;
  if (expire !== null) {
    setExpire(ctx, key, ms);
    ctx.rewrite(['SET', key, val, 'PXAT', String(ms)]);
  } else if (flags & GET) {
    ctx.rewrite(argv.filter((a, j) => j < 3 || !is(a, 'GET')));
  }
  return reply;
}

function set(ctx: CmdCtx, argv: readonly string[]): Reply {
  const p = parseExtended(argv, true);
  if (isErr(p)) return p;
  return setGeneric(ctx, argv, 'set', p.flags, argv[1], argv[2], p.expire, R.ok, R.nil);
}

function getex(ctx: CmdCtx, argv: readonly string[]): Reply {
  const p = parseExtended(argv, false);
  if (isErr(p)) return p;
  const key = argv[1];
  const o = ctx.lookupRead(key);
  if (!o) return R.nil;
  if (o.type !== 'string') return wrongType();
  let ms = 0n;
  if (p.expire !== null) {
    const r = expireMs(ctx, 'getex', p.expire, p.flags);
    if (isErr(r)) return r;
    ms = r;
  }
  const reply = R.bulk(o.v);
  if (p.flags & (EXAT | PXAT) && ms <= BigInt(ctx.nowMs) && !ctx.isReplica) {
    deleteKey(ctx, key);
    ctx.rewrite(['DEL', key]);
    ctx.dirty++;
  } else if (p.expire !== null) {
    setExpire(ctx, key, ms);
    ctx.rewrite(['PEXPIREAT', key, String(ms)]);
    ctx.dirty++;
  } else if (p.flags & PERSIST && ctx.db.expires.delete(key)) {
    ctx.rewrite(['PERSIST', key]);
    ctx.dirty++;
  }
  return reply;
}

function getdel(ctx: CmdCtx, argv: readonly string[]): Reply {
  const reply = getGeneric(ctx, argv[1]);
  if (isErr(reply)) return reply;
  if (deleteKey(ctx, argv[1])) {
    ctx.rewrite(['DEL', argv[1]]);
    ctx.dirty++;
  }
  return reply;
}

function getset(ctx: CmdCtx, argv: readonly string[]): Reply {
  const reply = getGeneric(ctx, argv[1]);
  if (isErr(reply)) return reply;
  setKey(ctx, argv[1], { type: 'string', v: argv[2] });
  ctx.dirty++;
  ctx.rewrite(['SET', ...argv.slice(1)]);
  return reply;
}

/** checkStringLength: proto-max-bulk-len (512MB), not enforced on the master's stream. */
function checkLength(ctx: CmdCtx, total: bigint): Reply | null {
  return total > 512n * 1024n * 1024n && !ctx.fromMaster ? err('string exceeds maximum allowed size (proto-max-bulk-len)') : null;
}

function setrange(ctx: CmdCtx, argv: readonly string[]): Reply {
  const key = argv[1];
  const value = argv[3];
  const off = getLongLong(argv[2]);
  if (isErr(off)) return off;
  if (off < 0n) return err('offset is out of range');
  const o = ctx.lookupWrite(key);
  let cur = '';
  if (!o) {
    if (value.length === 0) return R.zero;
  } else {
    if (o.type !== 'string') return wrongType();
    cur = o.v;
    if (value.length === 0) return R.int(cur.length);
  }
  const tooLong = checkLength(ctx, off + BigInt(value.length));
  if (tooLong) return tooLong;
  checkValueBudget('SETRANGE', Math.max(cur.length, Number(off) + value.length));
  const at = num(off);
  const padded = cur.length < at ? cur + '\0'.repeat(at - cur.length) : cur;
  const next = padded.slice(0, at) + value + padded.slice(at + value.length);
  ctx.db.dict.set(key, { type: 'string', v: next });
  ctx.dirty++;
  return R.int(next.length);
}

function getrange(ctx: CmdCtx, argv: readonly string[]): Reply {
  const a = getLongLong(argv[2]);
  if (isErr(a)) return a;
  const b = getLongLong(argv[3]);
  if (isErr(b)) return b;
  const o = ctx.lookupRead(argv[1]);
  if (!o) return R.bulk('');
  if (o.type !== 'string') return wrongType();
  const len = BigInt(o.v.length);
  let start = a;
  let end = b;
  if (start < 0n && end < 0n && start > end) return R.bulk('');
  if (start < 0n) start += len;
  if (end < 0n) end += len;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= len) end = len - 1n;
  if (start > end || len === 0n) return R.bulk('');
  return R.bulk(o.v.slice(num(start), num(end) + 1));
}

function mset(ctx: CmdCtx, argv: readonly string[], nx: boolean): Reply {
  if (argv.length % 2 === 0) return R.err(E.wrongArgs(nx ? 'msetnx' : 'mset'));
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) if (ctx.lookupWrite(argv[j])) return R.zero;
  }
  for (let j = 1; j < argv.length; j += 2) setKey(ctx, argv[j], { type: 'string', v: argv[j + 1] });
  ctx.dirty += (argv.length - 1) / 2;
  return nx ? R.one : R.ok;
}

function incrDecr(ctx: CmdCtx, key: string, incr: bigint): Reply {
  const o = ctx.lookupWrite(key);
  if (o && o.type !== 'string') return wrongType();
  const value = o ? string2ll(o.v) : 0n;
  if (value === null) return R.err(E.notInteger);
  if ((incr < 0n && value < 0n && incr < LLONG_MIN - value) || (incr > 0n && value > 0n && incr > LLONG_MAX - value)) {
    return R.err(E.overflow);
  }
  const next = value + incr;
  ctx.db.dict.set(key, { type: 'string', v: ll2string(next) });
  ctx.dirty++;
  return R.int(next);
}

function incrby(ctx: CmdCtx, argv: readonly string[], sign: 1n | -1n): Reply {
  const incr = getLongLong(argv[2]);
  if (isErr(incr)) return incr;
  if (sign < 0n && incr === LLONG_MIN) return err('decrement would overflow');
  return incrDecr(ctx, argv[1], incr * sign);
}

function incrbyfloat(ctx: CmdCtx, argv: readonly string[]): Reply {
  const key = argv[1];
  const o = ctx.lookupWrite(key);
  if (o && o.type !== 'string') return wrongType();
  const value = o ? string2ld(o.v) : string2ld('0');
  const incr = string2ld(argv[2]);
  if (value === null || incr === null) return R.err(E.notFloat);
  const sum = ldAdd(value, incr);
  if (!isFiniteX(sum)) return err('increment would produce NaN or Infinity');
  const text = ld2string(sum);
  ctx.db.dict.set(key, { type: 'string', v: text });
  ctx.dirty++;
  ctx.rewrite(['SET', key, text, 'KEEPTTL']);
  return R.bulk(text);
}

function append(ctx: CmdCtx, argv: readonly string[]): Reply {
  const o = ctx.lookupWrite(argv[1]);
  let next = argv[2];
  if (o) {
    if (o.type !== 'string') return wrongType();
    const tooLong = checkLength(ctx, BigInt(o.v.length + argv[2].length));
    if (tooLong) return tooLong;
    checkValueBudget('APPEND', o.v.length + argv[2].length);
    next = o.v + argv[2];
  }
  ctx.db.dict.set(argv[1], { type: 'string', v: next });
  ctx.dirty++;
  return R.int(next.length);
}

function strlen(ctx: CmdCtx, argv: readonly string[]): Reply {
  const o = ctx.lookupRead(argv[1]);
  if (!o) return R.zero;
  if (o.type !== 'string') return wrongType();
  return R.int(o.v.length);
}

function mget(ctx: CmdCtx, argv: readonly string[]): Reply {
  return R.array(argv.slice(1).map((k) => {
    const o = ctx.lookupRead(k);
    return bulkOrNil(o && o.type === 'string' ? o.v : undefined);
  }));
}

const WD = ['write', 'denyoom'] as const;
const WDF = ['write', 'denyoom', 'fast'] as const;
const WF = ['write', 'fast'] as const;
const RF = ['readonly', 'fast'] as const;

export const stringCommands: readonly CommandSpec[] = [
  spec('get', 2, RF, (ctx, a) => getGeneric(ctx, a[1])),
  spec('set', -3, WD, set),
  spec('setnx', 3, WDF, (ctx, a) => setGeneric(ctx, a, 'setnx', NX, a[1], a[2], null, R.one, R.zero)),
  spec('setex', 4, WD, (ctx, a) => setGeneric(ctx, a, 'setex', EX, a[1], a[3], a[2], R.ok, R.nil)),
  spec('psetex', 4, WD, (ctx, a) => setGeneric(ctx, a, 'psetex', PX, a[1], a[3], a[2], R.ok, R.nil)),
  spec('getex', -2, WF, getex),
  spec('getdel', 2, WF, getdel),
  spec('getset', 3, WDF, getset),
  spec('append', 3, WDF, append),
  spec('strlen', 2, RF, strlen),
  spec('incr', 2, WDF, (ctx, a) => incrDecr(ctx, a[1], 1n)),
  spec('decr', 2, WDF, (ctx, a) => incrDecr(ctx, a[1], -1n)),
  spec('incrby', 3, WDF, (ctx, a) => incrby(ctx, a, 1n)),
  spec('decrby', 3, WDF, (ctx, a) => incrby(ctx, a, -1n)),
  spec('incrbyfloat', 3, WDF, incrbyfloat),
  spec('mset', -3, WD, (ctx, a) => mset(ctx, a, false)),
  spec('msetnx', -3, WD, (ctx, a) => mset(ctx, a, true)),
  spec('mget', -2, RF, mget),
  spec('getrange', 4, ['readonly'], getrange),
  spec('substr', 4, ['readonly'], getrange),
  spec('setrange', 4, WD, setrange),
];
