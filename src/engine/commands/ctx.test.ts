// Lazy expiry on masters and replicas, and the order in which a call's ops reach the stream.

import { describe, expect, it } from 'vitest';
import { makeTestCtx, makeTestServer } from './test-ctx.ts';
import { createCmdCtx, wrapInTransaction } from './ctx.ts';
import { dataCommands } from './index.ts';
import { prngCreate } from '../prng.ts';

const NOW = 1_800_000_000_000;

function withExpiredKey(opts: { isReplica?: boolean; fromMaster?: boolean } = {}) {
  const t = makeTestServer({ nowMs: NOW, ...opts });
  t.ks.dbs[0].dict.set('k', { type: 'string', v: '5' });
  t.ks.dbs[0].expires.set('k', NOW - 1);
  return t;
}

describe('lazy expiry', () => {
  it('deletes an expired key on a master read and propagates a DEL for it', () => {
    const t = withExpiredKey();
    const r = t.run('GET', 'k');
    expect(r.reply).toEqual({ type: 'bulk', v: null });
    expect(r.prop).toEqual([['DEL', 'k']]);
    expect(t.ks.dbs[0].dict.has('k')).toBe(false);
  });

  it('treats a key whose expire time is exactly now as still alive', () => {
    const t = withExpiredKey();
    t.ks.dbs[0].expires.set('k', NOW);
    expect(t.run('GET', 'k').wire).toBe('$1\r\n5\r\n');
  });

  it('hides an expired key from a replica client but keeps it for the master to delete', () => {
    const t = withExpiredKey({ isReplica: true });
    const r = t.run('GET', 'k');
    expect(r.wire).toBe('$-1\r\n');
    expect(r.prop).toEqual([]);
    expect(t.ks.dbs[0].dict.has('k')).toBe(true);
    expect(t.run('DBSIZE').wire).toBe(':1\r\n');
    expect(t.run('EXISTS', 'k').wire).toBe(':0\r\n');
    expect(t.run('TTL', 'k').wire).toBe(':-2\r\n');
  });

  it("lets the master's stream see keys the replica considers expired", () => {
    const t = withExpiredKey({ isReplica: true, fromMaster: true });
    expect(t.run('INCR', 'k').wire).toBe(':6\r\n');
    expect(t.ks.dbs[0].dict.get('k')).toEqual({ type: 'string', v: '6' });
  });

  it('queues the lazy DEL ahead of the command that caused it', () => {
    const t = withExpiredKey();
    expect(t.run('SET', 'k', 'v').prop).toEqual([['DEL', 'k'], ['SET', 'k', 'v']]);
  });

  it('propagates only the lazy DEL when DEL finds nothing left to delete', () => {
    const t = withExpiredKey();
    const r = t.run('DEL', 'k');
    expect(r.wire).toBe(':0\r\n');
    expect(r.prop).toEqual([['DEL', 'k']]);
  });

  it('lets a replica DEL through from its master even for a logically expired key', () => {
    const t = withExpiredKey({ isReplica: true, fromMaster: true });
    expect(t.run('DEL', 'k').wire).toBe(':1\r\n');
  });

  it('lists no expired key in KEYS and deletes nothing doing so', () => {
    const t = withExpiredKey();
    t.run('SET', 'live', '1');
    const r = t.run('KEYS', '*');
    expect(r.wire).toBe('*1\r\n$4\r\nlive\r\n');
    expect(r.prop).toEqual([]);
    expect(t.ks.dbs[0].dict.has('k')).toBe(true);
  });

  it('returns a logically expired key from RANDOMKEY on a replica whose keys all have a TTL', () => {
    const t = withExpiredKey({ isReplica: true });
    expect(t.run('RANDOMKEY').wire).toBe('$1\r\nk\r\n');
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
    const h = makeTestCtx({ nowMs: NOW });
    h.ks.dbs[0].dict.set('k', { type: 'string', v: 'v' });
    h.ks.dbs[0].expires.set('k', NOW - 1);
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
    const t = makeTestServer();
    t.run('SET', 'a', '1');
    expect(t.run('GET', 'a').prop).toEqual([]);
    expect(t.run('STRLEN', 'a').dirty).toBe(0);
  });

  it('keeps the client casing of a command it does not rewrite', () => {
    const t = makeTestServer();
    expect(t.run('lPush', 'l', 'a').prop).toEqual([['lPush', 'l', 'a']]);
  });

  it('tags each op with the database it happened in', () => {
    const t = makeTestServer({ nowMs: NOW });
    t.run('SELECT', '2');
    t.run('SET', 'n', '1', 'PX', '5');
    t.nowMs += 10;
    t.run('SELECT', '0');
    t.run('SET', 'n', '1');
    const r = t.run('COPY', 'n', 'n', 'DB', '2');
    expect(r.ops).toEqual([
      { dbIndex: 2, argv: ['DEL', 'n'] },
      { dbIndex: 0, argv: ['COPY', 'n', 'n', 'DB', '2'] },
    ]);
    expect(t.dbIndex).toBe(0);
  });

  it('wraps several ops of one call in MULTI/EXEC, except for SCAN and RANDOMKEY', () => {
    const ops = [{ dbIndex: 1, argv: ['DEL', 'a'] }, { dbIndex: 1, argv: ['SREM', 's', 'x'] }];
    expect(wrapInTransaction(ops, dataCommands.get('spop')!).map((o) => o.argv[0])).toEqual(['MULTI', 'DEL', 'SREM', 'EXEC']);
    expect(wrapInTransaction(ops, dataCommands.get('scan')!)).toEqual(ops);
    expect(wrapInTransaction(ops.slice(0, 1), dataCommands.get('get')!)).toEqual(ops.slice(0, 1));
  });

  it('reports SELECT to the server and propagates nothing for it', () => {
    const seen: number[] = [];
    const h = createCmdCtx({
      ks: makeTestServer().ks, dbIndex: 0, nowMs: NOW, rng: prngCreate(1), isReplica: false, fromMaster: false,
      onSelect: (i) => seen.push(i),
    });
    dataCommands.get('select')!.exec(h.ctx, ['SELECT', '9']);
    expect(seen).toEqual([9]);
    expect(h.ctx.dbIndex).toBe(9);
    expect(h.propagation(['SELECT', '9'])).toEqual([]);
  });

  it('propagates the rewritten argv rather than the original', () => {
    const t = makeTestServer({ nowMs: NOW });
    expect(t.run('set', 'k', 'v', 'ex', '1').prop).toEqual([['SET', 'k', 'v', 'PXAT', String(NOW + 1000)]]);
  });
});
