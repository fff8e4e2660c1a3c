// The master's replication decisions, driven through nodeStep with replicas that speak the
// protocol: what PSYNC is answered, which bytes follow, what INFO reports, when a replica is let go.

import { describe, expect, it } from 'vitest';
import { NodePair, ScriptedReplica, T0, TestNode, resp, syncedMaster } from './test-node.ts';

/** A synced master (disk-based full syncs, so +FULLRESYNC comes right after PSYNC) with writes. */
function masterWithHistory(config: Record<string, string> = {}) {
  const { m, r } = syncedMaster({ nowMs: T0, config: { 'repl-diskless-sync': 'no', ...config } });
  const start = r.offset;
  for (let i = 0; i < 5; i++) m.command(['SET', `k${i}`, `v${i}`]);
  r.collect();
  return { m, r, start };
}

let nextPort = 50_100;
const second = (m: TestNode) => new ScriptedReplica(m, `replica-${nextPort}`, 6381, nextPort++);

describe('PSYNC answers', () => {
  it('continues a replica whose replid matches and whose offset is in the backlog, sending exactly the missing bytes', () => {
    const { m, r, start } = masterWithHistory();
    const info = m.info('replication');
    expect(Number(info.master_repl_offset)).toBe(r.offset);
    const resumeAt = start + 1 + resp(['SELECT', '0']).length + resp(['SET', 'k0', 'v0']).length;
    const r2 = second(m);
    expect(r2.handshake(info.master_replid, resumeAt)).toBe(`+CONTINUE ${info.master_replid}\r\n`);
    expect(r2.stream).toBe(r.streamFrom(resumeAt));
    expect(r2.commandsSince(0)).toEqual([1, 2, 3, 4].map((i) => ['SET', `k${i}`, `v${i}`]));
    expect(r2.offset).toBe(r.offset);
    expect(m.info('stats').sync_partial_ok).toBe('1');
    m.command(['SET', 'after', '1']);
    r.collect();
    r2.collect();
    expect(r2.stream.endsWith(resp(['SET', 'after', '1']))).toBe(true);
    expect(r2.offset).toBe(r.offset);
  });

  it('continues with nothing to send when the replica already has every byte', () => {
    const { m, r } = masterWithHistory();
    const r2 = second(m);
    expect(r2.handshake(r.replId, r.offset + 1)).toBe(`+CONTINUE ${r.replId}\r\n`);
    expect(r2.stream).toBe('');
  });

  it('answers +FULLRESYNC with its replid and offset when the offset is past master_repl_offset + 1', () => {
    const { m, r } = masterWithHistory();
    const r2 = second(m);
    expect(r2.handshake(r.replId, r.offset + 2)).toBe(`+FULLRESYNC ${r.replId} ${r.offset}\r\n`);
    expect(m.info('stats').sync_partial_err).toBe('1');
  });

  it('answers +FULLRESYNC when the bytes asked for have left the backlog', () => {
    const { m, r, start } = masterWithHistory({ 'repl-backlog-size': '16384' });
    for (let i = 0; i < 60; i++) m.command(['SET', `big${i}`, 'x'.repeat(1000)]);
    r.collect();
    const info = m.info('replication');
    const first = Number(info.repl_backlog_first_byte_offset);
    expect(first).toBeGreaterThan(start + 1);
    expect(Number(info.repl_backlog_histlen)).toBe(r.offset - first + 1);
    expect(second(m).handshake(r.replId, first - 1)).toBe(`+FULLRESYNC ${r.replId} ${r.offset}\r\n`);
    const r3 = second(m);
    expect(r3.handshake(r.replId, first)).toBe(`+CONTINUE ${r.replId}\r\n`);
    expect(r3.stream).toBe(r.streamFrom(first));
  });

  it('answers +FULLRESYNC to an unknown replid, and counts the refused partial sync', () => {
    const { m, r } = masterWithHistory();
    const r2 = second(m);
    expect(r2.handshake('0123456789012345678901234567890123456789', r.offset)).toBe(`+FULLRESYNC ${r.replId} ${r.offset}\r\n`);
    expect(m.info('stats').sync_partial_err).toBe('1');
    expect(m.info('stats').sync_full).toBe('2');
  });

  it('answers PSYNC ? -1 with +FULLRESYNC, then sends the RDB preceded by its length', () => {
    const { m, r } = masterWithHistory();
    const r2 = second(m);
    expect(r2.handshake()).toBe(`+FULLRESYNC ${r.replId} ${r.offset}\r\n`);
    m.advance(m.now + 1000);
    r2.collect();
    const rdb = r2.rdbSend();
    expect(rdb?.data).toMatch(/^\$\d+\r\nREDIS0010/);
    expect(m.info('stats').sync_partial_err).toBe('0');
  });

  it('accepts the replid it had before a promotion, up to second_repl_offset', () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    p.onMaster('SET', 'a', '1');
    p.onMaster('SET', 'b', '2');
    const old = p.master.info('replication');
    expect(p.onReplica('REPLICAOF', 'NO', 'ONE')).toBe('+OK\r\n');
    const promoted = p.replica.info('replication');
    expect(promoted.role).toBe('master');
    expect(promoted.master_replid2).toBe(old.master_replid);
    expect(promoted.second_repl_offset).toBe(String(Number(old.master_repl_offset) + 1));
    expect(promoted.master_replid).not.toBe(old.master_replid);

    const lateBy = resp(['SET', 'b', '2']).length;
    const sibling = new ScriptedReplica(p.replica, 'sibling', 6382, 50_900);
    const at = Number(old.master_repl_offset) + 1 - lateBy;
    expect(sibling.handshake(old.master_replid, at)).toBe(`+CONTINUE ${promoted.master_replid}\r\n`);
    expect(sibling.commandsSince(0)).toEqual([['SET', 'b', '2']]);

    const tooFar = new ScriptedReplica(p.replica, 'too-far', 6383, 50_901);
    tooFar.handshake(old.master_replid, Number(promoted.second_repl_offset) + 1);
    p.replica.advance(p.now + 6000);
    tooFar.collect();
    expect(tooFar.received.map((e) => e.data).join('')).toContain(`+FULLRESYNC ${promoted.master_replid} `);
  });
});

describe('replicas after the sync', () => {
  it('writes a SELECT before the first command after a full sync', () => {
    const { m, r } = syncedMaster({ nowMs: T0 });
    const from = r.stream.length;
    m.command(['SET', 'a', '1']);
    r.collect();
    expect(r.stream.slice(from)).toBe(resp(['SELECT', '0']) + resp(['SET', 'a', '1']));
  });

  it('reports what a replica acknowledged in INFO', () => {
    const { m, r } = syncedMaster({ nowMs: T0 });
    m.command(['SET', 'a', '1']);
    r.collect();
    m.now += 1000;
    r.ack();
    expect(m.info('replication').slave0).toBe(`ip=127.0.0.1,port=6380,state=online,offset=${r.offset},lag=0`);
  });

  it('PINGs its replicas every repl-ping-replica-period seconds through the stream', () => {
    const { m, r } = syncedMaster({ nowMs: T0 });
    const from = r.stream.length;
    const until = m.now + 20_500;
    while (m.now < until) {
      m.advance(m.now + 1000);
      r.collect();
      r.ack();
    }
    expect(r.commandsSince(from)).toEqual([['PING'], ['PING']]);
  });

  it('drops a replica silent for longer than repl-timeout, and keeps one that ACKs', () => {
    const { m, r } = syncedMaster({ nowMs: T0, config: { 'repl-timeout': '5' } });
    const start = m.now;
    while (m.now < start + 10_000) {
      m.advance(m.now + 1000);
      r.collect();
      r.ack();
    }
    expect(r.closed).toBe(false);
    m.advance(m.now + 5_500);
    r.collect();
    expect(r.closed).toBe(false);
    m.advance(m.now + 2_000);
    r.collect();
    expect(r.closed).toBe(true);
    expect(m.logText()).toContain('Disconnecting timedout replica (streaming sync): 127.0.0.1:6380');
    expect(m.info('replication').connected_slaves).toBe('0');
  });
});
