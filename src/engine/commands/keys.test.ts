// Keyspace commands: the EXPIRE family's rewrites, TTL replies, DEL/RENAME/COPY/MOVE, FLUSH*,
// SELECT, KEYS globbing and SCAN cursors.

import { describe, expect, it } from 'vitest';
import { bulkTexts, MasterUnderTest, NodePair, scanParts } from '../test-node.ts';

const NOW = 1_800_000_000_000;
const fresh = () => new MasterUnderTest({ nowMs: NOW });

describe('EXPIRE family', () => {
  it('rewrites EXPIRE to PEXPIREAT with the absolute time, keeping the options as typed', () => {
    const t = fresh();
    t.line('SET k v');
    expect(t.line('expire k 10 nx').prop).toEqual([['PEXPIREAT', 'k', String(NOW + 10_000), 'nx']]);
  });

  it('rewrites PEXPIRE and EXPIREAT but keeps a PEXPIREAT exactly as sent', () => {
    const t = fresh();
    t.line('SET k v');
    expect(t.line('PEXPIRE k 250').prop).toEqual([['PEXPIREAT', 'k', String(NOW + 250)]]);
    expect(t.line('EXPIREAT k 1900000000').prop).toEqual([['PEXPIREAT', 'k', '1900000000000']]);
    expect(t.line('pexpireat k 1900000000123').prop).toEqual([['pexpireat', 'k', '1900000000123']]);
    expect(t.line('PEXPIRETIME k').wire).toBe(':1900000000123\r\n');
  });

  it('turns an expire time in the past into a DEL on a master', () => {
    const t = fresh();
    t.line('SET k v');
    const r = t.line('EXPIRE k -5');
    expect(r.wire).toBe(':1\r\n');
    expect(r.prop).toEqual([['DEL', 'k']]);
    expect(t.line('DBSIZE').wire).toBe(':0\r\n');
  });

  it("keeps a key its master's stream expires in the past, waiting for the master's DEL", () => {
    const p = new NodePair({ nowMs: NOW });
    p.connect();
    p.onMaster('SET', 'k', 'v');
    p.hold = true;
    expect(p.onMaster('PEXPIREAT', 'k', String(p.now + 50))).toBe(':1\r\n');
    p.now += 100;
    p.release();
    expect(p.onReplica('EXISTS', 'k')).toBe(':0\r\n');
    expect(p.onReplica('DBSIZE')).toBe(':1\r\n');
    expect(p.onMaster('GET', 'k')).toBe('$-1\r\n');
    expect(p.onReplica('DBSIZE')).toBe(':0\r\n');
  });

  it('propagates nothing when the key is missing or a condition fails', () => {
    const t = fresh();
    expect(t.line('EXPIRE nokey 10').prop).toEqual([]);
    t.line('SET k v EX 100');
    expect(t.line('EXPIRE k 10 NX').prop).toEqual([]);
    expect(t.line('EXPIRE k 10 GT').prop).toEqual([]);
    expect(t.line('EXPIRE k 1000 LT').prop).toEqual([]);
    expect(t.line('PERSIST nokey').prop).toEqual([]);
  });

  it('checks option conflicts before the time argument', () => {
    const t = fresh();
    expect(t.line('EXPIRE k abc NX XX').wire).toBe('-ERR NX and XX, GT or LT options at the same time are not compatible\r\n');
    expect(t.line('EXPIRE k 1 GT LT').wire).toBe('-ERR GT and LT options at the same time are not compatible\r\n');
    expect(t.line('EXPIRE k 1 bogus').wire).toBe('-ERR Unsupported option bogus\r\n');
    expect(t.line('EXPIRE k 9223372036854775807').wire).toBe("-ERR invalid expire time in 'expire' command\r\n");
  });

  it('rounds TTL to the nearest second and reports -1 and -2', () => {
    const t = fresh();
    t.line('SET k v PX 1499');
    expect(t.line('TTL k').wire).toBe(':1\r\n');
    expect(t.line('PTTL k').wire).toBe(':1499\r\n');
    t.line('SET k v PX 1500');
    expect(t.line('TTL k').wire).toBe(':2\r\n');
    t.line('PERSIST k');
    expect(t.line('TTL k').wire).toBe(':-1\r\n');
    expect(t.line('PTTL nokey').wire).toBe(':-2\r\n');
  });
});

describe('DEL, RENAME, COPY, MOVE', () => {
  it('propagates DEL only when it deleted something', () => {
    const t = fresh();
    expect(t.line('DEL a b').prop).toEqual([]);
    t.line('SET a 1');
    const r = t.line('del a b');
    expect(r.wire).toBe(':1\r\n');
    expect(r.prop).toEqual([['del', 'a', 'b']]);
  });

  it('carries the TTL over on RENAME and refuses a missing source', () => {
    const t = fresh();
    t.line('SET a 1 EX 30');
    expect(t.line('RENAME a b').prop).toEqual([['RENAME', 'a', 'b']]);
    expect(t.line('TTL b').wire).toBe(':30\r\n');
    expect(t.line('RENAME a c').wire).toBe('-ERR no such key\r\n');
  });

  it('does not propagate a RENAMENX onto an existing key', () => {
    const t = fresh();
    t.line('MSET a 1 b 2');
    const r = t.line('RENAMENX a b');
    expect(r.wire).toBe(':0\r\n');
    expect(r.prop).toEqual([]);
  });

  it('copies a value deeply, so the copy changes on its own', () => {
    const t = fresh();
    t.line('RPUSH l a');
    t.line('COPY l m');
    t.line('RPUSH m b');
    expect(t.line('LLEN l').wire).toBe(':1\r\n');
  });

  it('moves a key with its TTL and propagates MOVE in the source database', () => {
    const t = fresh();
    t.line('SET k v EX 40');
    const r = t.line('MOVE k 3');
    expect(r.ops).toEqual([{ dbIndex: 0, argv: ['MOVE', 'k', '3'] }]);
    t.line('SELECT 3');
    expect(t.line('TTL k').wire).toBe(':40\r\n');
  });
});

describe('FLUSHALL, FLUSHDB, SELECT, SWAPDB', () => {
  it('propagates FLUSHALL even when there was nothing to flush', () => {
    const r = fresh().line('flushall async');
    expect(r.wire).toBe('+OK\r\n');
    expect(r.prop).toEqual([['flushall', 'async']]);
  });

  it('flushes only the selected database with FLUSHDB', () => {
    const t = fresh();
    t.line('SET a 1');
    t.line('SELECT 1');
    t.line('SET b 1');
    t.line('FLUSHDB');
    expect(t.line('DBSIZE').wire).toBe(':0\r\n');
    t.line('SELECT 0');
    expect(t.line('DBSIZE').wire).toBe(':1\r\n');
  });

  it('refuses database indexes outside 0..15', () => {
    const t = fresh();
    t.line('SET a 1');
    expect(t.line('SELECT 16').wire).toBe('-ERR DB index is out of range\r\n');
    expect(t.line('SELECT 2147483648').wire).toBe('-ERR value is out of range, value must between -2147483648 and 2147483647\r\n');
    expect(t.line('GET a').wire).toBe('$1\r\n1\r\n');
    expect(t.line('SET b 2').ops).toEqual([{ dbIndex: 0, argv: ['SET', 'b', '2'] }]);
  });

  it('swaps the contents of two databases', () => {
    const t = fresh();
    t.line('SET a 1');
    expect(t.line('SWAPDB 0 5').prop).toEqual([['SWAPDB', '0', '5']]);
    expect(t.line('DBSIZE').wire).toBe(':0\r\n');
    t.line('SELECT 5');
    expect(t.line('GET a').wire).toBe('$1\r\n1\r\n');
  });
});

describe('KEYS and SCAN', () => {
  it('matches KEYS patterns like stringmatchlen', () => {
    const t = fresh();
    t.line('MSET hello 1 hallo 2 hxllo 3 world 4');
    const keys = (p: string) => bulkTexts(t.line(`KEYS ${p}`).reply).sort();
    expect(keys('h?llo')).toEqual(['hallo', 'hello', 'hxllo']);
    expect(keys('h[ae]llo')).toEqual(['hallo', 'hello']);
    expect(keys('h[^e]llo')).toEqual(['hallo', 'hxllo']);
    expect(keys('h[a-b]llo')).toEqual(['hallo']);
    expect(keys('*o*')).toEqual(['hallo', 'hello', 'hxllo', 'world']);
    expect(keys('w\\orld')).toEqual(['world']);
  });

  it('visits every key exactly once across SCAN calls while keys come and go', () => {
    const t = fresh();
    for (let i = 0; i < 50; i++) t.run('SET', `key:${i}`, 'v');
    const seen: string[] = [];
    let cursor = '0';
    let round = 0;
    do {
      const r = scanParts(t.run('SCAN', cursor, 'COUNT', '7').reply);
      cursor = r.cursor;
      seen.push(...r.keys);
      t.run('SET', `new:${round++}`, 'v');
    } while (cursor !== '0');
    const original = seen.filter((k) => k.startsWith('key:'));
    expect(new Set(original).size).toBe(50);
    expect(original.length).toBe(50);
  });

  it('filters SCAN by MATCH and TYPE', () => {
    const t = fresh();
    t.line('SET s1 v');
    t.line('LPUSH l1 v');
    expect(t.line('SCAN 0 TYPE list COUNT 100').wire).toBe('*2\r\n$1\r\n0\r\n*1\r\n$2\r\nl1\r\n');
    expect(t.line('SCAN 0 MATCH s* COUNT 100').wire).toBe('*2\r\n$1\r\n0\r\n*1\r\n$2\r\ns1\r\n');
  });

  it('deletes the expired keys SCAN meets and propagates their DELs without MULTI', () => {
    const t = fresh();
    t.line('SET gone v PX 10');
    t.line('SET kept v');
    t.nowMs += 20;
    const r = t.line('SCAN 0');
    expect(r.wire).toBe('*2\r\n$1\r\n0\r\n*1\r\n$4\r\nkept\r\n');
    expect(r.prop).toEqual([['DEL', 'gone']]);
  });

  it('refuses bad cursors and counts', () => {
    const t = fresh();
    expect(t.line('SCAN x').wire).toBe('-ERR invalid cursor\r\n');
    expect(t.line('SCAN 0 COUNT 0').wire).toBe('-ERR syntax error\r\n');
  });
});

describe('RANDOMKEY', () => {
  it('draws the same keys for the same seed', () => {
    const draw = () => {
      const t = new MasterUnderTest({ seed: 42 });
      for (let i = 0; i < 20; i++) t.run('SET', `k${i}`, 'v');
      return Array.from({ length: 5 }, () => t.line('RANDOMKEY').wire);
    };
    expect(draw()).toEqual(draw());
    expect(new Set(draw()).size).toBeGreaterThan(1);
  });
});
