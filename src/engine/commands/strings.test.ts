// String commands: replies, TTL handling, and the argv each one puts on the replication stream.

import { describe, expect, it } from 'vitest';
import { MasterUnderTest } from '../test-node.ts';

const NOW = 1_800_000_000_000;
const fresh = () => new MasterUnderTest({ nowMs: NOW });

describe('SET', () => {
  it('rewrites SET EX to SET PXAT with the absolute time', () => {
    expect(fresh().run('SET', 'k', 'v', 'EX', '10').prop).toEqual([['SET', 'k', 'v', 'PXAT', String(NOW + 10_000)]]);
  });

  it('rewrites PX and EXAT to PXAT too, and keeps PXAT', () => {
    const t = fresh();
    expect(t.line('SET k v PX 1500').prop).toEqual([['SET', 'k', 'v', 'PXAT', String(NOW + 1500)]]);
    expect(t.line('SET k v EXAT 1900000000').prop).toEqual([['SET', 'k', 'v', 'PXAT', '1900000000000']]);
    expect(t.line('set k v pxat 1900000000001').prop).toEqual([['SET', 'k', 'v', 'PXAT', '1900000000001']]);
  });

  it('drops NX, XX and GET when it rewrites an expiring SET', () => {
    const t = fresh();
    const r = t.line('SET k v NX GET EX 10');
    expect(r.wire).toBe('$-1\r\n');
    expect(r.prop).toEqual([['SET', 'k', 'v', 'PXAT', String(NOW + 10_000)]]);
  });

  it('propagates SET ... GET without the GET, keeping the rest as the client typed it', () => {
    const t = fresh();
    t.line('SET k old');
    const r = t.line('set k new get KEEPTTL gEt');
    expect(r.wire).toBe('$3\r\nold\r\n');
    expect(r.prop).toEqual([['set', 'k', 'new', 'KEEPTTL']]);
  });

  it('does not propagate a SET NX that did nothing', () => {
    const t = fresh();
    t.line('SET k v');
    const r = t.line('SET k w NX');
    expect(r.wire).toBe('$-1\r\n');
    expect(r.prop).toEqual([]);
    expect(t.line('GET k').wire).toBe('$1\r\nv\r\n');
  });

  it('does not propagate a SET XX on a missing key', () => {
    expect(fresh().line('SET k v XX').prop).toEqual([]);
  });

  it('drops the TTL unless KEEPTTL is given', () => {
    const t = fresh();
    t.line('SET k v EX 100');
    t.line('SET k w KEEPTTL');
    expect(t.line('TTL k').wire).toBe(':100\r\n');
    t.line('SET k x');
    expect(t.line('TTL k').wire).toBe(':-1\r\n');
  });

  it('names the command in an invalid expire time error', () => {
    const t = fresh();
    expect(t.line('SET k v EX 0').wire).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(t.line('SETEX k -1 v').wire).toBe("-ERR invalid expire time in 'setex' command\r\n");
    expect(t.line('PSETEX k 0 v').wire).toBe("-ERR invalid expire time in 'psetex' command\r\n");
    expect(t.line('SET k v').prop).toEqual([['SET', 'k', 'v']]);
    expect(t.line('GETEX k PX 0').wire).toBe("-ERR invalid expire time in 'getex' command\r\n");
  });

  it('rejects conflicting options with a syntax error', () => {
    const t = fresh();
    for (const l of ['SET k v NX XX', 'SET k v EX 1 PX 1', 'SET k v KEEPTTL EX 1', 'SET k v EX', 'SET k v PERSIST']) {
      expect(t.line(l).wire).toBe('-ERR syntax error\r\n');
    }
  });

  it('answers WRONGTYPE to SET ... GET on a list and leaves the list alone', () => {
    const t = fresh();
    t.line('LPUSH l a');
    const r = t.line('SET l v GET');
    expect(r.wire).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
    expect(r.prop).toEqual([]);
    expect(t.line('TYPE l').wire).toBe('+list\r\n');
  });
});

describe('SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX', () => {
  it('propagates a successful SETNX as sent and a failed one not at all', () => {
    const t = fresh();
    expect(t.line('setnx k v').prop).toEqual([['setnx', 'k', 'v']]);
    expect(t.line('setnx k w').prop).toEqual([]);
  });

  it('rewrites SETEX and PSETEX to SET PXAT', () => {
    const t = fresh();
    expect(t.line('SETEX k 5 v').prop).toEqual([['SET', 'k', 'v', 'PXAT', String(NOW + 5000)]]);
    expect(t.line('PSETEX k 5 v').prop).toEqual([['SET', 'k', 'v', 'PXAT', String(NOW + 5)]]);
  });

  it('propagates GETSET as SET, which also clears the TTL', () => {
    const t = fresh();
    t.line('SET k v EX 100');
    const r = t.line('getset k w');
    expect(r.wire).toBe('$1\r\nv\r\n');
    expect(r.prop).toEqual([['SET', 'k', 'w']]);
    expect(t.line('TTL k').wire).toBe(':-1\r\n');
  });

  it('propagates GETDEL as DEL, and nothing for a missing key', () => {
    const t = fresh();
    t.line('SET k v');
    expect(t.line('getdel k').prop).toEqual([['DEL', 'k']]);
    expect(t.line('getdel k').prop).toEqual([]);
  });

  it('propagates GETEX EX as PEXPIREAT and GETEX PERSIST as PERSIST', () => {
    const t = fresh();
    t.line('SET k v');
    expect(t.line('GETEX k EX 7').prop).toEqual([['PEXPIREAT', 'k', String(NOW + 7000)]]);
    expect(t.line('GETEX k PERSIST').prop).toEqual([['PERSIST', 'k']]);
    expect(t.line('GETEX k PERSIST').prop).toEqual([]);
    expect(t.line('GETEX k').prop).toEqual([]);
  });

  it('deletes the key for a GETEX PXAT in the past and propagates a DEL', () => {
    const t = fresh();
    t.line('SET k v');
    const r = t.line('GETEX k PXAT 1000');
    expect(r.wire).toBe('$1\r\nv\r\n');
    expect(r.prop).toEqual([['DEL', 'k']]);
    expect(t.line('EXISTS k').wire).toBe(':0\r\n');
  });
});

describe('counters', () => {
  it('increments past 2^53 exactly and stops at the int64 limit', () => {
    const t = fresh();
    t.line('SET n 9007199254740993');
    expect(t.line('INCR n').wire).toBe(':9007199254740994\r\n');
    t.line('SET n 9223372036854775806');
    expect(t.line('INCR n').wire).toBe(':9223372036854775807\r\n');
    const r = t.line('INCR n');
    expect(r.wire).toBe('-ERR increment or decrement would overflow\r\n');
    expect(r.prop).toEqual([]);
  });

  it('keeps the TTL of a key it increments', () => {
    const t = fresh();
    t.line('SET n 1 EX 50');
    t.line('INCRBY n 5');
    expect(t.line('TTL n').wire).toBe(':50\r\n');
  });

  it('replicates INCRBYFLOAT as SET ... KEEPTTL with the final text', () => {
    const t = fresh();
    t.line('SET f 10.5');
    const r = t.line('incrbyfloat f 0.1');
    expect(r.wire).toBe('$4\r\n10.6\r\n');
    expect(r.prop).toEqual([['SET', 'f', '10.6', 'KEEPTTL']]);
  });

  it('formats INCRBYFLOAT results as %.17Lf without trailing zeros', () => {
    const t = fresh();
    expect(t.line('INCRBYFLOAT a 0.1').wire).toBe('$3\r\n0.1\r\n');
    expect(t.line('INCRBYFLOAT a 0.2').wire).toBe('$3\r\n0.3\r\n');
    expect(t.line('INCRBYFLOAT b 1e20').wire).toBe('$21\r\n100000000000000000000\r\n');
    expect(t.line('INCRBYFLOAT c -1e-18').wire).toBe('$1\r\n0\r\n');
  });

  it('refuses values that are not numbers', () => {
    const t = fresh();
    t.line('SET s abc');
    expect(t.line('INCR s').wire).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.line('INCRBYFLOAT s 1').wire).toBe('-ERR value is not a valid float\r\n');
    expect(t.line('INCRBYFLOAT x inf').wire).toBe('-ERR increment would produce NaN or Infinity\r\n');
  });
});

describe('multi-key and range commands', () => {
  it('counts one change per MSET pair and propagates it as sent', () => {
    const r = fresh().line('MSET a 1 b 2');
    expect(r.dirty).toBe(2);
    expect(r.prop).toEqual([['MSET', 'a', '1', 'b', '2']]);
  });

  it('does nothing for MSETNX when one key exists', () => {
    const t = fresh();
    t.line('SET b x');
    const r = t.line('MSETNX a 1 b 2');
    expect(r.wire).toBe(':0\r\n');
    expect(r.prop).toEqual([]);
    expect(t.line('EXISTS a').wire).toBe(':0\r\n');
  });

  it('answers MGET with nil for missing keys and keys of other types', () => {
    const t = fresh();
    t.line('SET a 1');
    t.line('LPUSH l x');
    expect(t.line('MGET a l zz').wire).toBe('*3\r\n$1\r\n1\r\n$-1\r\n$-1\r\n');
  });

  it('pads SETRANGE with zero bytes and counts bytes, not characters', () => {
    const t = fresh();
    expect(t.line('SETRANGE k 3 ab').wire).toBe(':5\r\n');
    expect(t.line('GET k').wire).toBe('$5\r\n\0\0\0ab\r\n');
    expect(t.run('APPEND', 'k', '\xc3\xa9').wire).toBe(':7\r\n');
  });

  it('does not propagate a SETRANGE that writes nothing', () => {
    const t = fresh();
    t.line('SET k abc');
    expect(t.run('SETRANGE', 'k', '1', '').prop).toEqual([]);
  });
});
