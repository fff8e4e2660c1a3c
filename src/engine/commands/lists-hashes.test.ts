// List and hash commands: element order, key removal when emptied, and what gets propagated.

import { describe, expect, it } from 'vitest';
import { MasterUnderTest } from '../test-node.ts';

const fresh = () => new MasterUnderTest();
const bulks = (...v: string[]) => `*${v.length}\r\n${v.map((x) => `$${x.length}\r\n${x}\r\n`).join('')}`;

describe('lists', () => {
  it('pushes each LPUSH argument to the head in turn', () => {
    const t = fresh();
    t.line('LPUSH l a b c');
    expect(t.line('LRANGE l 0 -1').wire).toBe(bulks('c', 'b', 'a'));
  });

  it('does nothing and propagates nothing for LPUSHX on a missing key', () => {
    const r = fresh().line('LPUSHX l a');
    expect(r.wire).toBe(':0\r\n');
    expect(r.prop).toEqual([]);
    expect(r.dirty).toBe(0);
  });

  it('pops with a count in pop order and deletes the emptied list', () => {
    const t = fresh();
    t.line('RPUSH l a b c');
    expect(t.line('RPOP l 2').wire).toBe(bulks('c', 'b'));
    const r = t.line('LPOP l 5');
    expect(r.wire).toBe(bulks('a'));
    expect(r.prop).toEqual([['LPOP', 'l', '5']]);
    expect(t.line('EXISTS l').wire).toBe(':0\r\n');
    expect(t.line('LPOP l 5').wire).toBe('*-1\r\n');
    expect(t.line('LPOP l').wire).toBe('$-1\r\n');
  });

  it('does not propagate an LTRIM that keeps everything', () => {
    const t = fresh();
    t.line('RPUSH l a b');
    expect(t.line('LTRIM l 0 -1').prop).toEqual([]);
    expect(t.line('LTRIM l 1 -1').prop).toEqual([['LTRIM', 'l', '1', '-1']]);
  });

  it('removes from the tail when LREM gets a negative count', () => {
    const t = fresh();
    t.line('RPUSH l x a x b x');
    expect(t.line('LREM l -2 x').wire).toBe(':2\r\n');
    expect(t.line('LRANGE l 0 -1').wire).toBe(bulks('x', 'a', 'b'));
  });

  it('rotates a list that LMOVE moves onto itself', () => {
    const t = fresh();
    t.line('RPUSH l a b c');
    expect(t.line('LMOVE l l LEFT RIGHT').wire).toBe('$1\r\na\r\n');
    expect(t.line('LRANGE l 0 -1').wire).toBe(bulks('b', 'c', 'a'));
  });

  it('checks the destination type before popping anything', () => {
    const t = fresh();
    t.line('RPUSH l a');
    t.line('SET s v');
    expect(t.line('RPOPLPUSH l s').wire).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
    expect(t.line('LLEN l').wire).toBe(':1\r\n');
  });

  it('propagates RPOPLPUSH as sent and deletes the emptied source', () => {
    const t = fresh();
    t.line('RPUSH src a');
    const r = t.line('RPOPLPUSH src dst');
    expect(r.prop).toEqual([['RPOPLPUSH', 'src', 'dst']]);
    expect(t.line('EXISTS src').wire).toBe(':0\r\n');
  });

  it('finds positions with LPOS RANK, COUNT and MAXLEN', () => {
    const t = fresh();
    t.line('RPUSH l a b a c a');
    expect(t.line('LPOS l a RANK -1').wire).toBe(':4\r\n');
    expect(t.line('LPOS l a COUNT 0').wire).toBe('*3\r\n:0\r\n:2\r\n:4\r\n');
    expect(t.line('LPOS l a COUNT 0 MAXLEN 3').wire).toBe('*2\r\n:0\r\n:2\r\n');
  });
});

describe('hashes', () => {
  it('keeps fields in insertion order, updates in place', () => {
    const t = fresh();
    t.line('HSET h b 1 a 2');
    t.line('HSET h b 3');
    expect(t.line('HGETALL h').wire).toBe(bulks('b', '3', 'a', '2'));
  });

  it('propagates HSET even when the value does not change', () => {
    const t = fresh();
    t.line('HSET h f v');
    const r = t.line('HSET h f v');
    expect(r.wire).toBe(':0\r\n');
    expect(r.prop).toEqual([['HSET', 'h', 'f', 'v']]);
  });

  it('replicates HINCRBYFLOAT as HSET with the final value', () => {
    const t = fresh();
    t.line('HSET h f 1.5');
    const r = t.line('hincrbyfloat h f 0.25');
    expect(r.wire).toBe('$4\r\n1.75\r\n');
    expect(r.prop).toEqual([['HSET', 'h', 'f', '1.75']]);
  });

  it('refuses HINCRBY on a non-integer field and on overflow', () => {
    const t = fresh();
    t.line('HSET h s x n 9223372036854775807');
    expect(t.line('HINCRBY h s 1').wire).toBe('-ERR hash value is not an integer\r\n');
    expect(t.line('HINCRBY h n 1').wire).toBe('-ERR increment or decrement would overflow\r\n');
  });

  it('deletes the key with its last field and propagates HDEL only if a field went', () => {
    const t = fresh();
    t.line('HSET h f v');
    expect(t.line('HDEL h nope').prop).toEqual([]);
    expect(t.line('HDEL h f nope').prop).toEqual([['HDEL', 'h', 'f', 'nope']]);
    expect(t.line('EXISTS h').wire).toBe(':0\r\n');
  });

  it('answers HMSET with OK and an odd argument count with its own arity error', () => {
    const t = fresh();
    expect(t.line('HMSET h a 1').wire).toBe('+OK\r\n');
    expect(t.line('HMSET h a 1 b').wire).toBe("-ERR wrong number of arguments for 'hmset' command\r\n");
  });
});
