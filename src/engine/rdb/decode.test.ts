import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToBinary } from '../bytes.ts';
import { rdbEncode } from './encode.ts';
import { rdbDecode } from './decode.ts';
import { keyspaceDigest } from '../keyspace.ts';
import { AUX, FAR_FUTURE, everyType, hash, list, loaded, range, rdbFile, set, str, zset } from './test-data.ts';
import type { RdbAux } from './format.ts';

// A real Redis 7.0.15 dump (made with SAVE): one key of each type and encoding, expires, db 2,
// and a 5000-element list that needs two quicklist nodes.
const FIXTURE = bytesToBinary(new Uint8Array(readFileSync(new URL('../fixtures/redis70-all-types.rdb', import.meta.url))));

describe('rdbDecode', () => {
  it('loads a real Redis 7.0 dump of every type, with its AUX fields and expires', () => {
    const r = loaded(rdbDecode(FIXTURE, 0, { isMaster: true }));
    expect(r.aux).toEqual({ redisVer: '7.0.15', redisBits: 64, ctimeSec: 1795314210, usedMem: 1150280, aofBase: 0 });
    expect(r.keysLoaded).toBe(15);
    expect(r.keysExpired).toBe(0);
    const d0 = r.ks.dbs[0];
    expect(d0.dict.get('str:plain')).toEqual(str('hello'));
    expect(d0.expires.get('str:plain')).toBe(4102444800000);
    expect(d0.dict.get('str:int')).toEqual(str('1234'));
    expect(d0.dict.get('str:neg')).toEqual(str('-70000'));
    expect(d0.dict.get('str:big')).toEqual(str('9007199254740993'));
    expect(d0.dict.get('str:lzf')).toEqual(str('abc'.repeat(40)));
    expect(d0.dict.get('str:bin')).toEqual(str('b\x00\xff\x80z'));
    expect(d0.dict.get('list')).toEqual(list(['a', '1', '-2', '300', '70000', '-9000000000', 'two words']));
    expect(d0.dict.get('list:long')).toEqual(list(range(5000).map((i) => String(i % 100))));
    expect(d0.dict.get('hash:lp')).toEqual(hash([['f1', 'v1'], ['n', '42']]));
    expect(d0.expires.get('hash:lp')).toBe(4102444800500);
    expect(d0.dict.get('hash:ht')).toEqual(hash([['short', 'x'], ['long', 'L'.repeat(70)]]));
    expect(d0.dict.get('set:int')).toEqual(set(['-40000', '1', '2', '3']));
    expect(d0.dict.get('set:str')).toEqual(set(['apple', 'banana']));
    expect(d0.dict.get('zset:lp')).toEqual(zset([['minf', -Infinity], ['tenth', 0.1], ['one', 1], ['two-and-half', 2.5]]));
    expect(d0.dict.get('zset:sl')).toEqual(zset([['M'.repeat(70), 2], ['a', 1]]));
    expect(r.ks.dbs[2].dict.get('in-db2')).toEqual(str('yes'));
    expect(r.ks.dbs[2].expires.get('in-db2')).toBe(4102444801000);
  });

  it('round-trips every type with expiries (as a replica, which keeps expired keys)', () => {
    const ks = everyType();
    const aux: RdbAux = { ...AUX, replStreamDb: 7, replId: '0123456789abcdef0123456789abcdef01234567', replOffset: 123456789012, aofBase: 0 };
    for (const compression of [true, false]) {
      const r = loaded(rdbDecode(rdbEncode(ks, aux, { compression }), FAR_FUTURE * 2, { isMaster: false }));
      expect(keyspaceDigest(r.ks)).toBe(keyspaceDigest(ks));
      expect(r.aux).toEqual(aux);
      expect(r.keysLoaded).toBe(26);
      expect(r.keysExpired).toBe(0);
    }
  });

  it('drops keys already expired at load time on a master and counts them, as rdbLoad does', () => {
    const ks = everyType();
    const r = loaded(rdbDecode(rdbEncode(ks, AUX), FAR_FUTURE + 2, { isMaster: true }));
    // hash:ht (1000), str (FAR_FUTURE) and list:long (+1) are in the past; hash:lp expires at
    // exactly nowMs, which is not yet expired (Redis drops only expiretime < now).
    expect(r.keysExpired).toBe(3);
    expect(r.keysLoaded).toBe(23);
    // Named in file order with their database, for the DELs a restarting master propagates.
    expect(new Set(r.expired.map(([db, k]) => `${db}:${k}`))).toEqual(new Set(['0:hash:ht', '0:str', '0:list:long']));
    expect(r.ks.dbs[0].dict.has('hash:ht')).toBe(false);
    expect(r.ks.dbs[0].dict.has('str')).toBe(false);
    expect(r.ks.dbs[0].dict.has('list:long')).toBe(false);
    expect(r.ks.dbs[0].expires.has('str')).toBe(false);
    expect(r.ks.dbs[0].expires.get('hash:lp')).toBe(FAR_FUTURE + 2);
    expect(r.ks.dbs[7].expires.get('other')).toBe(FAR_FUTURE + 5);

    const f = loaded(rdbDecode(FIXTURE, 4102444800200, { isMaster: true }));
    expect(f.keysExpired).toBe(1);
    expect(f.ks.dbs[0].dict.has('str:plain')).toBe(false);
    const replica = loaded(rdbDecode(FIXTURE, 4102444800200, { isMaster: false }));
    expect(replica.keysExpired).toBe(0);
    expect(replica.expired).toEqual([]);
    expect(replica.ks.dbs[0].expires.get('str:plain')).toBe(4102444800000);
  });

  it('detects a checksum mismatch', () => {
    const at = FIXTURE.indexOf('hello');
    const flipped = FIXTURE.slice(0, at) + 'j' + FIXTURE.slice(at + 1);
    const r = rdbDecode(flipped, 0, { isMaster: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^Wrong RDB checksum expected: \([0-9a-f]+\) but got \([0-9a-f]+\)\. Aborting now\.$/);

    const badTrailer = FIXTURE.slice(0, -1) + String.fromCharCode(FIXTURE.charCodeAt(FIXTURE.length - 1) ^ 1);
    const r2 = rdbDecode(badTrailer, 0, { isMaster: true });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toContain('Wrong RDB checksum');
  });

  it('skips the check when the stored checksum is zero (rdbchecksum no)', () => {
    const bin = rdbEncode(everyType(), AUX);
    const r = rdbDecode(bin.slice(0, -8) + '\0'.repeat(8), 0, { isMaster: false });
    expect(r.ok).toBe(true);
  });

  it('rejects every truncation of a file without throwing', () => {
    const bins = [FIXTURE, rdbEncode(everyType(), AUX)];
    for (const bin of bins) {
      const step = bin === FIXTURE ? 1 : Math.floor(bin.length / 200); // every prefix of the small one
      for (let n = 0; n < bin.length; n += step) {
        const r = rdbDecode(bin.slice(0, n), 0, { isMaster: true });
        expect(r.ok, `prefix of ${n} bytes`).toBe(false);
      }
      const r = rdbDecode(bin.slice(0, -1), 0, { isMaster: true });
      expect(r).toEqual({ ok: false, error: 'Unexpected EOF reading RDB file' });
    }
  });

  it('never throws on corrupted bytes', () => {
    let seed = 1;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const pos = rnd(FIXTURE.length - 8);
      const bad = FIXTURE.slice(0, pos) + String.fromCharCode(rnd(256)) + FIXTURE.slice(pos + 1);
      const r = rdbDecode(bad, 0, { isMaster: true });
      if (!r.ok) expect(typeof r.error).toBe('string');
    }
    for (let i = 0; i < 300; i++) {
      const junk = 'REDIS0010' + range(rnd(200)).map(() => String.fromCharCode(rnd(256))).join('');
      expect(() => rdbDecode(junk, 0, { isMaster: false })).not.toThrow();
    }
  });

  it('rejects a wrong signature and versions it cannot handle', () => {
    expect(rdbDecode('', 0, { isMaster: true }).ok).toBe(false);
    expect(rdbDecode('RADIS0010\xff', 0, { isMaster: true })).toEqual({ ok: false, error: 'Wrong signature trying to load DB from file' });
    expect(rdbDecode(rdbFile(11, ''), 0, { isMaster: true })).toEqual({ ok: false, error: "Can't handle RDB format version 11" });
  });

  it('reports a duplicated key and a db number over 15', () => {
    const dup = rdbFile(10, '\xfe\x00\x00\x01k\x01a\x00\x01k\x01b');
    expect(rdbDecode(dup, 0, { isMaster: true })).toEqual({ ok: false, error: "RDB has duplicated key 'k' in DB 0" });
    expect(rdbDecode(rdbFile(10, '\xfe\x10'), 0, { isMaster: true }).ok).toBe(false);
  });

  it('reads the plain and older encodings (lists, sets, zsets, hashes, ziplists, zipmaps, second expires)', () => {
    const ziplist = (entries: string): string => {
      const total = 10 + entries.length + 1;
      return String.fromCharCode(total, 0, 0, 0) + '\x00\x00\x00\x00' + '\x00\x00' + entries + '\xff';
    };
    const lz = ziplist('\x00\x01a' + '\x03\xf6' + '\x02\xc0\x2c\x01' + '\x04\xfe\xf9'); // "a", 5, 300, -7
    const zz = ziplist('\x00\x01m' + '\x03\xf3'); // "m", 2
    const hz = ziplist('\x00\x01f' + '\x03\x01v');
    const zipmap = '\x01\x01f\x01\x00v\xff';
    const body =
      '\xfe\x00' +
      '\x01\x01l\x02\x01a\xc0\x05' + // RDB_TYPE_LIST
      '\x02\x01s\x02\x01x\x01y' + // RDB_TYPE_SET
      '\x03\x01z\x02\x01a\x031.5\x01b\xfe' + // RDB_TYPE_ZSET with text doubles (+inf)
      '\x04\x01h\x01\x01f\x01v' + // RDB_TYPE_HASH
      '\xfd\x00\x00\x00\x80' + '\x0a\x02lz' + String.fromCharCode(lz.length) + lz + // EXPIRETIME (s) + ziplist list
      '\x0c\x02zz' + String.fromCharCode(zz.length) + zz +
      '\x0d\x02hz' + String.fromCharCode(hz.length) + hz +
      '\x09\x02hm' + String.fromCharCode(zipmap.length) + zipmap +
      '\x0e\x02ql\x01' + String.fromCharCode(lz.length) + lz; // RDB_TYPE_LIST_QUICKLIST of ziplists
    const r = loaded(rdbDecode(rdbFile(6, body), 0, { isMaster: false }));
    const d = r.ks.dbs[0].dict;
    expect(d.get('l')).toEqual(list(['a', '5']));
    expect(d.get('s')).toEqual(set(['x', 'y']));
    expect(d.get('z')).toEqual(zset([['a', 1.5], ['b', Infinity]]));
    expect(d.get('h')).toEqual(hash([['f', 'v']]));
    expect(d.get('lz')).toEqual(list(['a', '5', '300', '-7']));
    expect(r.ks.dbs[0].expires.get('lz')).toBe(0x80000000 * -1000);
    expect(d.get('zz')).toEqual(zset([['m', 2]]));
    expect(d.get('hz')).toEqual(hash([['f', 'v']]));
    expect(d.get('hm')).toEqual(hash([['f', 'v']]));
    expect(d.get('ql')).toEqual(list(['a', '5', '300', '-7']));

    // Before version 5 there is no checksum after EOF.
    const v4 = loaded(rdbDecode(rdbFile(4, '\x00\x01k\x01v'), 0, { isMaster: true }));
    expect(v4.ks.dbs[0].dict.get('k')).toEqual(str('v'));
  });

  it('skips empty collections the way Redis skips empty keys', () => {
    const emptyIntset = '\x02\x00\x00\x00\x00\x00\x00\x00';
    const r = loaded(rdbDecode(rdbFile(10, '\x01\x01a\x00\x0b\x01b\x08' + emptyIntset + '\x00\x01c\x01v'), 0, { isMaster: true }));
    expect(r.keysLoaded).toBe(1);
    expect([...r.ks.dbs[0].dict.keys()]).toEqual(['c']);
  });
});
