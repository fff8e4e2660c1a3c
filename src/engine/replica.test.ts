// The replica's side of replication, driven through nodeStep against a real master: the handshake
// it sends, the PSYNC it asks for after a lost link, its ACKs, its repl-timeout.

import { describe, expect, it } from 'vitest';
import type { NodeEffect, SendKind } from './io.ts';
import { NodePair, T0, parseStream, resp } from './test-node.ts';

/** What the replica wrote to its master of one kind, as commands, from effect index `from` on. */
function replicaSent(p: NodePair, kind: SendKind, from = 0): string[][] {
  const sends = p.replica.effects.slice(from).filter((e): e is Extract<NodeEffect, { type: 'send' }> => e.type === 'send' && e.kind === kind);
  return parseStream(sends.map((e) => e.data).join(''));
}

describe('the handshake', () => {
  it('sends PING, REPLCONF listening-port, REPLCONF capa eof capa psync2, then PSYNC with its own history', () => {
    const p = new NodePair({ nowMs: T0 });
    const own = p.replica.info('replication');
    const from = p.replica.effects.length;
    p.connect();
    expect(replicaSent(p, 'handshake', from)).toEqual([
      ['PING'],
      ['REPLCONF', 'listening-port', '6380'],
      ['REPLCONF', 'capa', 'eof', 'capa', 'psync2'],
      ['PSYNC', own.master_replid, String(Number(own.master_repl_offset) + 1)],
    ]);
    const after = p.replica.info('replication');
    const master = p.master.info('replication');
    expect(after.master_link_status).toBe('up');
    expect(after.master_replid).toBe(master.master_replid);
    expect(after.slave_repl_offset).toBe(master.master_repl_offset);
    expect(p.master.info('stats').sync_full).toBe('1');
  });

  it('loads the data the master had when the RDB was made', () => {
    const p = new NodePair({ nowMs: T0 });
    p.onMaster('SET', 'before', '1');
    p.onMaster('RPUSH', 'list', 'a', 'b');
    p.connect();
    expect(p.onReplica('GET', 'before')).toBe('$1\r\n1\r\n');
    expect(p.onReplica('LRANGE', 'list', '0', '-1')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n');
  });
});

describe('after a lost link', () => {
  it("asks PSYNC with the cached master's replid and offset + 1 and gets only what it missed", () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    p.onMaster('SET', 'a', '1');
    const seen = p.replica.info('replication');
    p.hold = true;
    p.onMaster('SET', 'missed', '2');
    p.hold = false;
    const from = p.replica.effects.length;
    p.resetLinks();
    expect(p.replica.logText()).toContain('Connection with master lost.');
    p.advance(p.now + 2000);
    const psyncs = replicaSent(p, 'handshake', from).filter((a) => a[0] === 'PSYNC');
    expect(psyncs).toEqual([['PSYNC', seen.master_replid, String(Number(seen.slave_repl_offset) + 1)]]);
    expect(p.replica.info('replication').master_link_status).toBe('up');
    expect(p.onReplica('GET', 'missed')).toBe('$1\r\n2\r\n');
    const stats = p.master.info('stats');
    expect([stats.sync_full, stats.sync_partial_ok]).toEqual(['1', '1']);
    expect(p.replica.info('replication').slave_repl_offset).toBe(p.master.info('replication').master_repl_offset);
  });
});

describe('REPLCONF ACK', () => {
  it('acknowledges its offset once a second', () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    p.onMaster('SET', 'a', '1');
    for (let i = 0; i < 5; i++) {
      const from = p.replica.effects.length;
      p.advance(p.now + 1000);
      const offset = p.replica.info('replication').slave_repl_offset;
      expect(replicaSent(p, 'ack', from)).toEqual([['REPLCONF', 'ACK', offset]]);
    }
  });

  it('answers REPLCONF GETACK from the stream with the offset before the GETACK', () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    p.onMaster('SET', 'a', '1');
    const before = p.replica.info('replication').slave_repl_offset;
    const from = p.replica.effects.length;
    p.master.step({ type: 'command', clientId: 'cli', argv: ['WAIT', '1', '0'] });
    p.pump();
    expect(replicaSent(p, 'ack', from)).toEqual([['REPLCONF', 'ACK', before]]);
    expect(p.master.effects).toContainEqual({ type: 'reply', clientId: 'cli', reply: { type: 'int', v: 1 } });
    const after = Number(p.replica.info('replication').slave_repl_offset);
    expect(after).toBe(Number(before) + resp(['REPLCONF', 'GETACK', '*']).length);
  });
});

describe('repl-timeout', () => {
  it('drops a master that sent nothing, not even a PING, for longer than repl-timeout', () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    const since = p.now;
    p.hold = true;
    p.advance(since + 59_000);
    expect(p.replica.info('replication').master_link_status).toBe('up');
    p.advance(since + 62_000);
    expect(p.replica.logText()).toContain('MASTER timeout: no data nor PING received...');
    expect(p.replica.info('replication').master_link_status).toBe('down');
  });

  it('keeps the link while the master PINGs every repl-ping-replica-period', () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    p.advance(p.now + 120_000);
    expect(p.replica.logText()).not.toContain('MASTER timeout: no data nor PING received...');
    expect(p.replica.info('replication').master_link_status).toBe('up');
  });
});
