// Lazy expiry on masters and replicas, and the order in which a call's ops reach the stream: the
// commands run on real nodes, the propagation is what the replica receives.

import { describe, expect, it } from 'vitest';
import { MasterUnderTest, NodePair } from '../test-node.ts';
import { createCmdCtx } from './ctx.ts';
import { dataCommands } from './index.ts';
import { keyspaceCreate } from '../keyspace.ts';
import { prngCreate } from '../prng.ts';

const NOW = 1_800_000_000_000;

/** A master holding k = "5", which expired 10 ms ago (nothing has touched it since). */
function withExpiredKey(): MasterUnderTest {
  const t = new MasterUnderTest({ nowMs: NOW });
  t.line('SET k 5 PX 10');
  t.nowMs += 20;
  return t;
}

/** A synced master and replica; k = "5" with a 50 ms TTL on both, its time not yet come. */
function pairWithShortLivedKey(): NodePair {
  const p = new NodePair({ nowMs: NOW });
  p.connect();
  p.onMaster('SET', 'k', '5', 'PX', '50');
  return p;
}

describe('lazy expiry', () => {
  it('deletes an expired key on a master read and propagates a DEL for it', () => {
    const t = withExpiredKey();
    const r = t.run('GET', 'k');
    expect(r.reply).toEqual({ type: 'bulk', v: null });
    expect(r.prop).toEqual([['DEL', 'k']]);
    expect(t.line('DBSIZE').wire).toBe(':0\r\n');
  });

  it('treats a key whose expire time is exactly now as still alive', () => {
    const t = new MasterUnderTest({ nowMs: NOW });
    t.line('SET k 5 PX 10');
    t.nowMs += 10;
    expect(t.run('GET', 'k').wire).toBe('$1\r\n5\r\n');
  });

  it('hides an expired key from a replica client but keeps it for the master to delete', () => {
    const p = pairWithShortLivedKey();
    p.now += 100;
    expect(p.onReplica('GET', 'k')).toBe('$-1\r\n');
    expect(p.onReplica('DBSIZE')).toBe(':1\r\n');
    expect(p.onReplica('EXISTS', 'k')).toBe(':0\r\n');
    expect(p.onReplica('TTL', 'k')).toBe(':-2\r\n');
    expect(p.onMaster('GET', 'k')).toBe('$-1\r\n');
    expect(p.onReplica('DBSIZE')).toBe(':0\r\n');
  });

  it("lets the master's stream see keys the replica considers expired", () => {
    const p = pairWithShortLivedKey();
    p.hold = true;
    p.now += 10;
    expect(p.onMaster('INCR', 'k')).toBe(':6\r\n');
    expect(p.onMaster('PERSIST', 'k')).toBe(':1\r\n');
    p.now += 100;
    p.release();
    expect(p.onReplica('GET', 'k')).toBe('$1\r\n6\r\n');
  });

  it('queues the lazy DEL ahead of the command that caused it', () => {
    const t = withExpiredKey();
    expect(t.run('SET', 'k', 'v').prop).toEqual([['MULTI'], ['DEL', 'k'], ['SET', 'k', 'v'], ['EXEC']]);
  });

  it('propagates only the lazy DEL when DEL finds nothing left to delete', () => {
    const t = withExpiredKey();
    const r = t.run('DEL', 'k');
    expect(r.wire).toBe(':0\r\n');
    expect(r.prop).toEqual([['DEL', 'k']]);
  });

  it('lets a replica DEL through from its master even for a logically expired key', () => {
    const p = pairWithShortLivedKey();
    p.hold = true;
    expect(p.onMaster('DEL', 'k')).toBe(':1\r\n');
    p.now += 100;
    p.release();
    expect(p.onReplica('DBSIZE')).toBe(':0\r\n');
  });

  it('lists no expired key in KEYS and deletes nothing doing so', () => {
    const t = withExpiredKey();
    t.run('SET', 'live', '1');
    const r = t.run('KEYS', '*');
    expect(r.wire).toBe('*1\r\n$4\r\nlive\r\n');
    expect(r.prop).toEqual([]);
    expect(t.line('DBSIZE').wire).toBe(':2\r\n');
  });

  it('returns a logically expired key from RANDOMKEY on a replica whose keys all have a TTL', () => {
    const p = pairWithShortLivedKey();
    p.now += 100;
    expect(p.onReplica('RANDOMKEY')).toBe('$1\r\nk\r\n');
  });

  it('expires keys RANDOMKEY picks on a master and draws again', () => {
    const t = withExpiredKey();
    t.run('SET', 'live', '1');
    const r = t.run('RANDOMKEY');
    expect(r.wire).toBe('$4\r\nlive\r\n');
  });
});

describe('propagation order', () => {
  it("appends the command's own argv after queued ops only when it changed something", () => {
    const ks = keyspaceCreate();
    ks.dbs[0].dict.set('k', { type: 'string', v: 'v' });
    ks.dbs[0].expires.set('k', NOW - 1);
    const h = createCmdCtx({ ks, dbIndex: 0, nowMs: NOW, rng: prngCreate(1), isReplica: false, fromMaster: false });
    expect(h.ctx.lookupWrite('k')).toBeUndefined();
    expect(h.propagation(['CMD'])).toEqual([{ dbIndex: 0, argv: ['DEL', 'k'] }]);
    h.ctx.dirty++;
    expect(h.propagation(['CMD'])).toEqual([{ dbIndex: 0, argv: ['DEL', 'k'] }, { dbIndex: 0, argv: ['CMD'] }]);
    h.ctx.rewrite(['OTHER']);
    expect(h.propagation(['CMD'])[1].argv).toEqual(['OTHER']);
    h.ctx.preventPropagation();
    expect(h.propagation(['CMD'])).toEqual([{ dbIndex: 0, argv: ['DEL', 'k'] }]);
  });

  it('propagates nothing for read-only commands', () => {
    const t = new MasterUnderTest();
    t.run('SET', 'a', '1');
    expect(t.run('GET', 'a').prop).toEqual([]);
    expect(t.run('STRLEN', 'a').dirty).toBe(0);
  });

  it('keeps the client casing of a command it does not rewrite', () => {
    const t = new MasterUnderTest();
    expect(t.run('lPush', 'l', 'a').prop).toEqual([['lPush', 'l', 'a']]);
  });

  it('tags each op with the database it happened in', () => {
    const t = new MasterUnderTest({ nowMs: NOW });
    t.run('SELECT', '2');
    t.run('SET', 'n', '1', 'PX', '5');
    t.nowMs += 10;
    t.run('SELECT', '0');
    t.run('SET', 'n', '1');
    const r = t.run('COPY', 'n', 'n', 'DB', '2');
    expect(r.ops).toEqual([
      { dbIndex: 2, argv: ['MULTI'] },
      { dbIndex: 2, argv: ['DEL', 'n'] },
      { dbIndex: 0, argv: ['COPY', 'n', 'n', 'DB', '2'] },
      { dbIndex: 0, argv: ['EXEC'] },
    ]);
    expect(t.run('SET', 'after', '1').ops).toEqual([{ dbIndex: 0, argv: ['SET', 'after', '1'] }]);
  });

  it('wraps several ops of one call in MULTI/EXEC, except for SCAN and RANDOMKEY', () => {
    const t = new MasterUnderTest({ nowMs: NOW });
    t.line('SELECT 1');
    t.line('SADD s x y z');
    t.line('SET a 1 PX 5');
    t.line('SET b 1 PX 5');
    t.nowMs += 10;
    expect(t.line('SPOP s 2').prop.map((a) => a[0])).toEqual(['MULTI', 'SREM', 'SREM', 'EXEC']);
    const scan = t.line('SCAN 0 COUNT 100');
    expect(scan.prop.map((a) => a.join(' ')).sort()).toEqual(['DEL a', 'DEL b']);
    expect(scan.ops.map((o) => o.dbIndex)).toEqual([1, 1]);
    t.line('SET c 1 PX 5');
    t.nowMs += 10;
    expect(t.line('GET c').prop).toEqual([['DEL', 'c']]);
  });

  it('reports SELECT to the server and propagates nothing for it', () => {
    const seen: number[] = [];
    const h = createCmdCtx({
      ks: keyspaceCreate(), dbIndex: 0, nowMs: NOW, rng: prngCreate(1), isReplica: false, fromMaster: false,
      onSelect: (i) => seen.push(i),
    });
    dataCommands.get('select')!.exec(h.ctx, ['SELECT', '9']);
    expect(seen).toEqual([9]);
    expect(h.ctx.dbIndex).toBe(9);
    expect(h.propagation(['SELECT', '9'])).toEqual([]);
    const t = new MasterUnderTest();
    expect(t.line('SELECT 9').prop).toEqual([]);
    expect(t.line('SET k v').ops).toEqual([{ dbIndex: 9, argv: ['SET', 'k', 'v'] }]);
  });

  it('propagates the rewritten argv rather than the original', () => {
    const t = new MasterUnderTest({ nowMs: NOW });
    expect(t.run('set', 'k', 'v', 'ex', '1').prop).toEqual([['SET', 'k', 'v', 'PXAT', String(NOW + 1000)]]);
  });
});
