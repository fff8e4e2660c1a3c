// Set and sorted set commands: member order, SPOP's SREM propagation, ZADD options, ranges.

import { describe, expect, it } from 'vitest';
import { bulkTexts, MasterUnderTest } from '../test-node.ts';

const fresh = () => new MasterUnderTest();
const bulks = (...v: string[]) => `*${v.length}\r\n${v.map((x) => `$${x.length}\r\n${x}\r\n`).join('')}`;

describe('sets', () => {
  it('lists an all-integer set in numeric order, other sets in insertion order', () => {
    const t = fresh();
    t.line('SADD n 10 -2 3');
    expect(t.line('SMEMBERS n').wire).toBe(bulks('-2', '3', '10'));
    t.line('SADD s b a c');
    expect(t.line('SMEMBERS s').wire).toBe(bulks('b', 'a', 'c'));
  });

  it('does not propagate an SADD that added nothing', () => {
    const t = fresh();
    t.line('SADD s a');
    expect(t.line('SADD s a').prop).toEqual([]);
  });

  it('propagates SPOP as SREM of the member it popped', () => {
    const t = fresh();
    t.line('SADD s a b c');
    const r = t.line('spop s');
    const popped = r.reply.v as string;
    expect(r.prop).toEqual([['SREM', 's', popped]]);
    expect(t.run('SISMEMBER', 's', popped).wire).toBe(':0\r\n');
  });

  it('propagates SPOP with a count as one SREM per member, wrapped in MULTI/EXEC', () => {
    const t = fresh();
    t.line('SADD s 1 2 3 4 5 6 7 8 9 10');
    const r = t.line('SPOP s 3');
    const popped = bulkTexts(r.reply);
    expect(popped).toHaveLength(3);
    expect(r.prop).toEqual([['MULTI'], ...popped.map((m) => ['SREM', 's', m]), ['EXEC']]);
    expect(t.line('SCARD s').wire).toBe(':7\r\n');
  });

  it('propagates SPOP of the remaining members as SREMs when most of the set goes', () => {
    const t = fresh();
    t.line('SADD s 1 2 3 4 5 6');
    const r = t.line('SPOP s 5');
    const popped = bulkTexts(r.reply);
    expect(popped).toHaveLength(5);
    expect(r.prop).toEqual([['MULTI'], ...popped.map((m) => ['SREM', 's', m]), ['EXEC']]);
    expect(t.line('SCARD s').wire).toBe(':1\r\n');
  });

  it('propagates SPOP with a count covering the whole set as DEL', () => {
    const t = fresh();
    t.line('SADD s 2 1');
    const r = t.line('SPOP s 9');
    expect(r.wire).toBe(bulks('1', '2'));
    expect(r.prop).toEqual([['DEL', 's']]);
  });

  it('never propagates SRANDMEMBER, and repeats members for a negative count', () => {
    const t = fresh();
    t.line('SADD s only');
    const r = t.line('SRANDMEMBER s -3');
    expect(r.wire).toBe(bulks('only', 'only', 'only'));
    expect(r.prop).toEqual([]);
  });

  it('deletes the destination of an empty SINTERSTORE and propagates only if it existed', () => {
    const t = fresh();
    t.line('SADD a 1');
    t.line('SADD b 2');
    expect(t.line('SINTERSTORE d a b').prop).toEqual([]);
    t.line('SET d x');
    expect(t.line('SINTERSTORE d a b').prop).toEqual([['SINTERSTORE', 'd', 'a', 'b']]);
    expect(t.line('EXISTS d').wire).toBe(':0\r\n');
  });

  it('counts two changes for an SMOVE that adds to the destination', () => {
    const t = fresh();
    t.line('SADD a x');
    expect(t.line('SMOVE a b x').dirty).toBe(2);
  });
});

describe('sorted sets', () => {
  it('orders by score, then by member bytes', () => {
    const t = fresh();
    t.line('ZADD z 1 b 1 a 0 c');
    expect(t.line('ZRANGE z 0 -1').wire).toBe(bulks('c', 'a', 'b'));
  });

  it('prints scores like %.17g', () => {
    const t = fresh();
    t.line('ZADD z 0.1 a 1e20 b 3 c');
    expect(t.line('ZRANGE z 0 -1 WITHSCORES').wire).toBe(bulks('a', '0.10000000000000001', 'c', '3', 'b', '1e+20'));
  });

  it('answers ZADD INCR with the new score, or nil when a condition blocks it', () => {
    const t = fresh();
    t.line('ZADD z 1 a');
    expect(t.line('ZADD z INCR 2.5 a').wire).toBe('$3\r\n3.5\r\n');
    const r = t.line('ZADD z INCR GT -1 a');
    expect(r.wire).toBe('$-1\r\n');
    expect(r.prop).toEqual([]);
  });

  it('counts changed members with CH and respects GT/LT', () => {
    const t = fresh();
    t.line('ZADD z 5 a');
    expect(t.line('ZADD z GT CH 4 a 1 b').wire).toBe(':1\r\n');
    expect(t.line('ZSCORE z a').wire).toBe('$1\r\n5\r\n');
    expect(t.line('ZADD z LT CH 4 a').wire).toBe(':1\r\n');
  });

  it('does not propagate a ZADD that changed nothing', () => {
    const t = fresh();
    t.line('ZADD z 1 a');
    expect(t.line('ZADD z 1 a').prop).toEqual([]);
    expect(t.line('ZADD z NX 2 a').prop).toEqual([]);
  });

  it('refuses a NaN result of ZINCRBY', () => {
    const t = fresh();
    t.line('ZADD z inf a');
    expect(t.line('ZINCRBY z -inf a').wire).toBe('-ERR resulting score is not a number (NaN)\r\n');
  });

  it('walks BYSCORE ranges with open bounds, REV and LIMIT', () => {
    const t = fresh();
    t.line('ZADD z 1 a 2 b 3 c 4 d');
    expect(t.line('ZRANGE z (1 4 BYSCORE LIMIT 1 2').wire).toBe(bulks('c', 'd'));
    expect(t.line('ZRANGE z (4 -inf BYSCORE REV').wire).toBe(bulks('c', 'b', 'a'));
    expect(t.line('ZCOUNT z (1 (4').wire).toBe(':2\r\n');
  });

  it('walks BYLEX ranges', () => {
    const t = fresh();
    t.line('ZADD z 0 a 0 b 0 c');
    expect(t.line('ZRANGEBYLEX z (a +').wire).toBe(bulks('b', 'c'));
    expect(t.line('ZREVRANGEBYLEX z [b -').wire).toBe(bulks('b', 'a'));
  });

  it('propagates ZPOPMIN as sent and deletes the emptied key', () => {
    const t = fresh();
    t.line('ZADD z 2 b 1 a');
    const r = t.line('ZPOPMIN z 5');
    expect(r.wire).toBe(bulks('a', '1', 'b', '2'));
    expect(r.prop).toEqual([['ZPOPMIN', 'z', '5']]);
    expect(t.line('EXISTS z').wire).toBe(':0\r\n');
  });

  it('stores a range with ZRANGESTORE and deletes the destination for an empty one', () => {
    const t = fresh();
    t.line('ZADD z 1 a 2 b');
    expect(t.line('ZRANGESTORE d z 1 -1').wire).toBe(':1\r\n');
    expect(t.line('ZRANGE d 0 -1 WITHSCORES').wire).toBe(bulks('b', '2'));
    const r = t.line('ZRANGESTORE d z 5 9');
    expect(r.wire).toBe(':0\r\n');
    expect(r.prop).toEqual([['ZRANGESTORE', 'd', 'z', '5', '9']]);
    expect(t.line('EXISTS d').wire).toBe(':0\r\n');
  });

  it('gives ranks from either end', () => {
    const t = fresh();
    t.line('ZADD z 1 a 2 b 3 c');
    expect(t.line('ZRANK z b').wire).toBe(':1\r\n');
    expect(t.line('ZREVRANK z a').wire).toBe(':2\r\n');
    expect(t.line('ZRANK z nope').wire).toBe('$-1\r\n');
  });
});
