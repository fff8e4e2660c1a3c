import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToBinary } from '../bytes.ts';
import { rdbEncode } from './encode.ts';
import { rdbDecode } from './decode.ts';
import { crc64 } from '../crc64.ts';
import { keyspaceCreate } from '../keyspace.ts';
import { AUX, FIXTURE_AUX, REAL_EMPTY, REAL_WITH_REPL, FAR_FUTURE, everyType, hash, le64, list, loaded, oneKey, range, set, str, stringValueBytes, toHex, typeByte, zset } from './test-data.ts';
import type { RdbAux, RdbEncodeOptions } from './format.ts';

// A real Redis 7.0.15 dump (made with SAVE): one key of each type and encoding, expires, db 2,
// and a 5000-element list that needs two quicklist nodes.
const FIXTURE = bytesToBinary(new Uint8Array(readFileSync(new URL('../fixtures/redis70-all-types.rdb', import.meta.url))));

describe('rdbEncode', () => {
  it('writes an empty dataset exactly as Redis 7.0.15 does', () => {
    const aux = { ...AUX, ctimeSec: 1795314157, usedMem: 1285448 };
    expect(toHex(rdbEncode(keyspaceCreate(), aux))).toBe(REAL_EMPTY);
  });

  it('writes repl-stream-db, repl-id and repl-offset between used-mem and aof-base when given a repl id', () => {
    const ks = oneKey('k', str('v'));
    const aux: RdbAux = { ...AUX, ctimeSec: 1795314159, usedMem: 1330336, replStreamDb: 0, replId: 'f31370e40ae72225792fcbaa58947c41cf95fcf8', replOffset: 987654389 };
    expect(toHex(rdbEncode(ks, aux))).toBe(REAL_WITH_REPL);
  });

  it('reproduces a real Redis 7.0 dump byte for byte from its dataset', () => {
    const r = loaded(rdbDecode(FIXTURE, 0, { isMaster: false }));
    const again = rdbEncode(r.ks, FIXTURE_AUX);
    expect(again.length).toBe(FIXTURE.length);
    expect(toHex(again)).toBe(toHex(FIXTURE));
  });

  it('ends with EOF and the little-endian CRC64 of everything before it', () => {
    const bin = rdbEncode(everyType(), AUX);
    expect(bin.startsWith('REDIS0010\xfa\x09redis-ver\x067.0.15')).toBe(true);
    expect(bin.charCodeAt(bin.length - 9)).toBe(0xff);
    expect(bin.slice(-8)).toBe(le64(crc64(0n, bin.slice(0, -8))));
  });

  it('writes SELECTDB and RESIZEDB (keys, expires) for each non-empty db only', () => {
    const ks = keyspaceCreate();
    ks.dbs[3].dict.set('a', str('1'));
    ks.dbs[3].dict.set('b', str('2'));
    ks.dbs[3].expires.set('b', FAR_FUTURE);
    ks.dbs[9].dict.set('c', list([])); // empty collections are not written
    const bin = rdbEncode(ks, AUX);
    expect(bin).toContain('\xfe\x03\xfb\x02\x01');
    expect(bin).not.toContain('\xfe\x09');
    expect(bin).toContain('\xfc' + le64(BigInt(FAR_FUTURE)) + '\x00\x01b\xc0\x02');
  });

  it('picks the object encodings of a default-configured Redis 7.0', () => {
    expect(typeByte(str('x'))).toBe(0);
    expect(typeByte(list(['a']))).toBe(18); // RDB_TYPE_LIST_QUICKLIST_2
    expect(typeByte(hash([['f', 'v']]))).toBe(16); // RDB_TYPE_HASH_LISTPACK
    expect(typeByte(hash(range(512).map((i) => [`f${i}`, 'v'])))).toBe(16);
    expect(typeByte(hash(range(513).map((i) => [`f${i}`, 'v'])))).toBe(4); // RDB_TYPE_HASH
    expect(typeByte(hash([['f', 'v'.repeat(64)]]))).toBe(16);
    expect(typeByte(hash([['f', 'v'.repeat(65)]]))).toBe(4);
    expect(typeByte(hash([['f'.repeat(65), 'v']]))).toBe(4);
    expect(typeByte(set(['1', '2']))).toBe(11); // RDB_TYPE_SET_INTSET
    expect(typeByte(set(range(512).map(String)))).toBe(11);
    expect(typeByte(set(range(513).map(String)))).toBe(2); // RDB_TYPE_SET
    expect(typeByte(set(['1', '02']))).toBe(2);
    expect(typeByte(zset([['m', 1]]))).toBe(17); // RDB_TYPE_ZSET_LISTPACK
    expect(typeByte(zset(range(128).map((i) => [`m${i}`, i])))).toBe(17);
    expect(typeByte(zset(range(129).map((i) => [`m${i}`, i])))).toBe(5); // RDB_TYPE_ZSET_2
    expect(typeByte(zset([['m'.repeat(64), 1]]))).toBe(17);
    expect(typeByte(zset([['m'.repeat(65), 1]]))).toBe(5);
  });

  it('follows configuration overrides of the encoding limits', () => {
    const h = hash(range(200).map((i) => [`f${i}`, 'v']));
    expect(typeByte(h, { hashMaxListpackEntries: 128 })).toBe(4);
    expect(typeByte(set(['1', '2', '3']), { setMaxIntsetEntries: 2 })).toBe(2);
    expect(typeByte(zset([['a', 1], ['b', 2]]), { zsetMaxListpackEntries: 1 })).toBe(5);
    const l = list(range(100).map(String));
    const nodes = (opts: RdbEncodeOptions): number => {
      const bin = rdbEncode(oneKey('k', l), AUX, { ...opts, compression: false });
      return bin.charCodeAt(bin.indexOf('\x12\x01k') + 3);
    };
    expect(nodes({})).toBe(1);
    expect(nodes({ listMaxListpackSize: 10 })).toBe(10); // at most 10 entries per node
  });

  it('stores integer-looking strings as RDB_ENC_INT8/16/32 and others verbatim', () => {
    expect(toHex(stringValueBytes('7'))).toBe('c007');
    expect(toHex(stringValueBytes('-1'))).toBe('c0ff');
    expect(toHex(stringValueBytes('300'))).toBe('c12c01');
    expect(toHex(stringValueBytes('-70000'))).toBe('c290eefeff');
    expect(toHex(stringValueBytes('2147483647'))).toBe('c2ffffff7f');
    expect(stringValueBytes('2147483648')).toBe('\x0a2147483648');
    expect(stringValueBytes('007')).toBe('\x03007');
    expect(stringValueBytes('-0')).toBe('\x02-0');
    expect(stringValueBytes('+5')).toBe('\x02+5');
    expect(stringValueBytes('')).toBe('\x00');
  });

  it('LZF-compresses strings over 20 bytes when that saves 4 bytes, as rdbcompression yes does', () => {
    expect(stringValueBytes('a'.repeat(20))).toBe('\x14' + 'a'.repeat(20));
    const c = stringValueBytes('a'.repeat(100));
    expect(c.charCodeAt(0)).toBe(0xc3); // RDB_ENC_LZF
    expect(c.length).toBeLessThan(20);
    const noisy = range(40).map((i) => String.fromCharCode((i * 97 + 13) & 0xff)).join('');
    expect(stringValueBytes(noisy)).toBe('\x28' + noisy);
    expect(stringValueBytes('a'.repeat(100), { compression: false })).toBe('\x40\x64' + 'a'.repeat(100));
  });

  it('writes expire times as absolute milliseconds', () => {
    const bin = rdbEncode(oneKey('k', str('v'), 1700000000123), AUX);
    expect(bin).toContain('\xfc' + le64(1700000000123n) + '\x00\x01k');
  });
});

