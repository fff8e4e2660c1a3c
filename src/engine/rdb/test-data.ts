// Shared data of the RDB writer and reader tests: a dataset with every type in every encoding,
// real Redis 7.0.15 files, and helpers that build or pick apart RDB bytes.

import { crc64 } from '../crc64.ts';
import { keyspaceCreate } from '../keyspace.ts';
import type { Keyspace, RedisValue } from '../keyspace.ts';
import { rdbEncode } from './encode.ts';
import type { RdbAux, RdbEncodeOptions, RdbLoadResult } from './format.ts';

export const FAR_FUTURE = 4102444800000; // 2100-01-01

export function toHex(s: string): string {
  let h = '';
  for (let i = 0; i < s.length; i++) h += s.charCodeAt(i).toString(16).padStart(2, '0');
  return h;
}

export function le64(v: bigint): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += String.fromCharCode(Number((v >> BigInt(8 * i)) & 0xffn));
  return s;
}

export const AUX: RdbAux = {
  redisVer: '7.0.15',
  redisBits: 64,
  ctimeSec: 1700000000,
  usedMem: 1234567,
  replStreamDb: 0,
  replId: '',
  replOffset: 0,
  aofBase: 0,
};

export function loaded(r: RdbLoadResult): Extract<RdbLoadResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the RDB to load, got: ${r.error}`);
  return r;
}

export function oneKey(key: string, v: RedisValue, expireAt?: number): Keyspace {
  const ks = keyspaceCreate();
  ks.dbs[0].dict.set(key, v);
  if (expireAt !== undefined) ks.dbs[0].expires.set(key, expireAt);
  return ks;
}

/** The RDB object type byte rdbEncode wrote for the only key of db 0. */
export function typeByte(v: RedisValue, opts?: RdbEncodeOptions): number {
  const bin = rdbEncode(oneKey('k', v), AUX, opts);
  const at = bin.indexOf('\xfe\x00\xfb\x01\x00');
  return bin.charCodeAt(at + 5);
}

/** The bytes rdbEncode wrote for the value of the only string key "k" of db 0. */
export function stringValueBytes(v: string, opts?: RdbEncodeOptions): string {
  const bin = rdbEncode(oneKey('k', { type: 'string', v }), AUX, opts);
  const at = bin.indexOf('\xfe\x00\xfb\x01\x00\x00\x01k');
  return bin.slice(at + 8, bin.length - 9);
}

/** A whole RDB file of the given version around body, with the trailer Redis would write. */
export function rdbFile(version: number, body: string): string {
  const head = `REDIS${String(version).padStart(4, '0')}` + body + '\xff';
  return version >= 5 ? head + le64(crc64(0n, head)) : head;
}

export const str = (v: string): RedisValue => ({ type: 'string', v });
export const list = (v: string[]): RedisValue => ({ type: 'list', v });
export const hash = (v: [string, string][]): RedisValue => ({ type: 'hash', v: new Map(v) });
export const set = (v: string[]): RedisValue => ({ type: 'set', v: new Set(v) });
export const zset = (v: [string, number][]): RedisValue => ({ type: 'zset', v: new Map(v) });
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A dataset with every type in every encoding rdbEncode can pick, plus expires in two dbs. */
export function everyType(): Keyspace {
  const ks = keyspaceCreate();
  const d0 = ks.dbs[0];
  const d7 = ks.dbs[7];
  const bin = range(300).map((i) => String.fromCharCode((i * 37 + 11) & 0xff)).join('');
  d0.dict.set('str', str('hello'));
  d0.dict.set('str:int8', str('-128'));
  d0.dict.set('str:int16', str('32767'));
  d0.dict.set('str:int32', str('-2147483648'));
  d0.dict.set('str:int64', str('-9223372036854775808'));
  d0.dict.set('str:notint', str('0012'));
  d0.dict.set('str:empty', str(''));
  d0.dict.set('str:bin', str(bin));
  d0.dict.set('str:lzf', str('abcd'.repeat(500)));
  d0.dict.set('42', str('an integer-looking key'));
  d0.dict.set('list', list(['a', '0', '127', '128', '-1', '-4096', '4096', '-32769', '8388608', '-2147483649', '9223372036854775807', 'x'.repeat(70), 'y'.repeat(5000), '']));
  d0.dict.set('list:long', list(range(9000).map((i) => (i % 5 ? `element-${i}` : String(i * 7919)))));
  d0.dict.set('list:bigelem', list(['a', 'b'.repeat(20000), 'c']));
  d0.dict.set('hash:lp', hash([['f', 'v'], ['n', '-300'], ['big', '99999999999'], ['e', '']]));
  d0.dict.set('hash:ht', hash(range(600).map((i) => [`f${i}`, `v${i}`])));
  d0.dict.set('hash:longval', hash([['a', '1'], ['b', 'z'.repeat(65)]]));
  d0.dict.set('set:int16', set(['1', '-7', '300']));
  d0.dict.set('set:int32', set(['1', '100000']));
  d0.dict.set('set:int64', set(['1', '-9223372036854775808', '9223372036854775807']));
  d0.dict.set('set:ht', set(['a', 'b', '1', '01']));
  d0.dict.set('set:manyints', set(range(600).map((i) => String(i * 3))));
  d0.dict.set('zset:lp', zset([['a', 1], ['b', 1.5], ['c', -0.25], ['d', Infinity], ['e', -Infinity], ['f', 1e21], ['g', 1 / 3], ['h', 3e-7], ['i', 4611686018427387904], ['j', 2 ** 63], ['1', 2], ['k', 5e-324]]));
  d0.dict.set('zset:sl', zset(range(200).map((i) => [`m${i}`, (i * 13) % 17 - 0.5])));
  d0.dict.set('zset:longmember', zset([['a', 1], ['q'.repeat(65), 2]]));
  d0.expires.set('str', FAR_FUTURE);
  d0.expires.set('list:long', FAR_FUTURE + 1);
  d0.expires.set('hash:lp', FAR_FUTURE + 2);
  d0.expires.set('set:int16', FAR_FUTURE + 3);
  d0.expires.set('zset:lp', FAR_FUTURE + 4);
  d0.expires.set('hash:ht', 1000);
  d7.dict.set('other', str('db seven'));
  d7.dict.set('other:list', list(['1', '2', '3']));
  d7.expires.set('other', FAR_FUTURE + 5);
  return ks;
}

// The dataset of fixtures/redis70-all-types.rdb, a real Redis 7.0.15 dump (made with SAVE).
export const FIXTURE_AUX: RdbAux = { redisVer: '7.0.15', redisBits: 64, ctimeSec: 1795314210, usedMem: 1150280, replStreamDb: 0, replId: '', replOffset: 0, aofBase: 0 };

// Two more files a real Redis 7.0.15 wrote: an empty dataset on a server without replication
// backlog, and a one-key dataset on a server with one (so with the repl-* AUX fields).
export const REAL_EMPTY =
  '524544495330303130fa0972656469732d76657206372e302e3135fa0a72656469732d62697473c040fa056374696d65c2ed51026bfa08757365642d6d656dc2489d1300fa08616f662d62617365c000ff868f37825a1af1bd';
export const REAL_WITH_REPL =
  '524544495330303130fa0972656469732d76657206372e302e3135fa0a72656469732d62697473c040fa056374696d65c2ef51026bfa08757365642d6d656dc2a04c1400fa0e7265706c2d73747265616d2d6462c000fa077265706c2d69642866333133373065343061653732323235373932666362616135383934376334316366393566636638fa0b7265706c2d6f6666736574c2f568de3afa08616f662d62617365c000fe00fb010000016b0176ff958027fecc152387';

