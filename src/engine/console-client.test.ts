// A console client blocked in WAIT, as Redis treats one: its next commands wait in the query
// buffer until it is unblocked, closing its connection frees it without a reply, and its master
// turning replica answers it with UNBLOCKED and closes it.

import { describe, expect, it } from 'vitest';
import type { NodeEffect } from './io.ts';
import { TestNode, T0 } from './test-node.ts';

const replies = (effects: readonly NodeEffect[], clientId = 'cli') =>
  effects.filter((e): e is Extract<NodeEffect, { type: 'reply' }> => e.type === 'reply' && e.clientId === clientId).map((e) => e.reply);

describe('a console client blocked in WAIT', () => {
  it('runs the commands typed meanwhile after the timeout answers, in order, with no error', () => {
    const m = new TestNode({ nowMs: T0 });
    m.command(['SET', 'k', 'v']);
    expect(replies(m.step({ type: 'command', clientId: 'cli', argv: ['WAIT', '1', '3000'] }))).toEqual([]);
    expect(replies(m.step({ type: 'command', clientId: 'cli', argv: ['GET', 'k'] }))).toEqual([]);
    expect(m.info('clients').blocked_clients).toBe('1');
    m.advance(T0 + 2999);
    expect(replies(m.effects)).toEqual([{ type: 'status', v: 'OK' }]);
    m.advance(T0 + 3000);
    expect(replies(m.effects)).toEqual([{ type: 'status', v: 'OK' }, { type: 'int', v: 0 }, { type: 'bulk', v: 'v' }]);
    expect(m.info('clients').blocked_clients).toBe('0');
  });

  it('is freed when its connection closes: no reply, not blocked any more, a new client gets a new id', () => {
    const m = new TestNode({ nowMs: T0 });
    const id = m.command(['CLIENT', 'ID']);
    m.step({ type: 'command', clientId: 'cli', argv: ['WAIT', '5', '0'] });
    expect(m.info('clients').blocked_clients).toBe('1');
    const closed = m.step({ type: 'consoleClosed', clientId: 'cli' });
    expect(replies(closed)).toEqual([]);
    expect(m.info('clients').blocked_clients).toBe('0');
    const again = m.command(['CLIENT', 'ID']);
    expect(again.type === 'int' && id.type === 'int' && again.v > id.v).toBe(true);
    expect(m.command(['PING'])).toEqual({ type: 'status', v: 'PONG' });
  });

  it('gets UNBLOCKED and is closed when another client makes its master a replica; what it typed meanwhile is dropped', () => {
    const m = new TestNode({ nowMs: T0 });
    m.command(['SET', 'k', 'v']);
    const id = m.step({ type: 'command', clientId: 'cli', argv: ['CLIENT', 'ID'] });
    m.step({ type: 'command', clientId: 'cli', argv: ['WAIT', '1', '0'] });
    m.step({ type: 'command', clientId: 'cli', argv: ['GET', 'k'] });
    const switched = m.step({ type: 'command', clientId: 'other', argv: ['REPLICAOF', 'elsewhere', '6379'] });
    expect(replies(switched)).toEqual([{ type: 'error', v: 'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)' }]);
    expect(replies(switched, 'other')).toEqual([{ type: 'status', v: 'OK' }]);
    expect(m.info('clients').blocked_clients).toBe('0');
    const again = m.step({ type: 'command', clientId: 'cli', argv: ['CLIENT', 'ID'] });
    const [a, b] = [replies(id)[0], replies(again)[0]];
    expect(a.type === 'int' && b.type === 'int' && b.v > a.v).toBe(true);
  });
});
