// Transactions as a user of redis-cli meets them on Redis 7.0.15 (each reply below was read from a
// real redis-server 7.0.15): queueing, refusals, EXECABORT, WATCH, WAIT inside EXEC, and what
// reaches the replication stream.

import { describe, expect, it } from 'vitest';
import { NodePair, T0, TestNode, resp, syncedMaster } from './test-node.ts';

const node = () => new TestNode({ nowMs: T0 });
const offset = (m: TestNode) => Number(m.info('replication').master_repl_offset);

describe('MULTI / EXEC / DISCARD', () => {
  it('refuses SAVE, SHUTDOWN, SYNC and PSYNC while queueing, and EXEC then aborts', () => {
    const m = node();
    expect(m.wire('MULTI')).toBe('+OK\r\n');
    for (const argv of [['SAVE'], ['SHUTDOWN'], ['SYNC'], ['PSYNC', 'a', 'b']]) {
      expect(m.wire(...argv)).toBe('-ERR Command not allowed inside a transaction\r\n');
    }
    expect(m.wire('SET', 'a', '1')).toBe('+QUEUED\r\n');
    expect(m.wire('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    expect(m.wire('GET', 'a')).toBe('$-1\r\n');
  });

  it('queues REPLICAOF and UNWATCH, runs MULTI / WATCH at once with their errors', () => {
    const m = node();
    m.wire('MULTI');
    expect(m.wire('REPLICAOF', 'NO', 'ONE')).toBe('+QUEUED\r\n');
    expect(m.wire('UNWATCH')).toBe('+QUEUED\r\n');
    expect(m.wire('WATCH', 'a')).toBe('-ERR WATCH inside MULTI is not allowed\r\n');
    expect(m.wire('MULTI')).toBe('-ERR MULTI calls can not be nested\r\n');
    expect(m.wire('EXEC')).toBe('*2\r\n+OK\r\n+OK\r\n');
  });

  it('ends the transaction when EXEC has arguments, naming the reason', () => {
    const m = node();
    m.wire('MULTI');
    m.wire('SET', 'a', '1');
    expect(m.wire('EXEC', 'x')).toBe("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
    expect(m.wire('EXEC')).toBe('-ERR EXEC without MULTI\r\n');
    expect(m.wire('DISCARD')).toBe('-ERR DISCARD without MULTI\r\n');
    expect(m.wire('GET', 'a')).toBe('$-1\r\n');
    expect(m.wire('EXEC', 'x')).toBe("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
  });

  it('flags the transaction on a wrong arity while queueing', () => {
    const m = node();
    m.wire('MULTI');
    expect(m.wire('MULTI', 'x')).toBe("-ERR wrong number of arguments for 'multi' command\r\n");
    expect(m.wire('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
  });

  it('refuses a write queued on a read-only replica, so EXEC aborts', () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    const r = p.replica;
    expect(r.wire('MULTI')).toBe('+OK\r\n');
    expect(r.wire('SET', 'a', '1')).toBe("-READONLY You can't write against a read only replica.\r\n");
    expect(r.wire('GET', 'a')).toBe('+QUEUED\r\n');
    expect(r.wire('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
  });

  it('answers WAIT inside EXEC at once with the replicas that acknowledged', () => {
    const { m } = syncedMaster({ nowMs: T0 });
    m.wire('MULTI');
    expect(m.wire('WAIT', '1', '0')).toBe('+QUEUED\r\n');
    expect(m.wire('WAIT', '5', '0')).toBe('+QUEUED\r\n');
    expect(m.wire('EXEC')).toBe('*2\r\n:1\r\n:1\r\n');
  });
});

describe('propagation of a transaction', () => {
  it('sends one write as it is and several wrapped in MULTI / EXEC', () => {
    const { m, r } = syncedMaster({ nowMs: T0 });
    m.command(['SET', 'x', '0']);
    r.collect();
    let from = r.offset;
    m.wire('MULTI');
    m.wire('SET', 'a', '1');
    m.wire('GET', 'a');
    m.wire('EXEC');
    r.collect();
    expect(r.streamFrom(from + 1)).toBe(resp(['SET', 'a', '1']));
    from = r.offset;
    m.wire('MULTI');
    m.wire('SET', 'a', '1');
    m.wire('SET', 'b', '2');
    m.wire('EXEC');
    r.collect();
    expect(r.streamFrom(from + 1)).toBe([['MULTI'], ['SET', 'a', '1'], ['SET', 'b', '2'], ['EXEC']].map(resp).join(''));
  });
});

describe('WATCH', () => {
  it('aborts EXEC with a nil array when another client changed a watched key, and propagates nothing', () => {
    const { m } = syncedMaster({ nowMs: T0 });
    m.command(['SET', 'w', '1']);
    expect(m.wire('WATCH', 'w')).toBe('+OK\r\n');
    m.command(['SET', 'w', '1'], 'other');
    const before = offset(m);
    m.wire('MULTI');
    m.wire('INCR', 'n');
    expect(m.wire('EXEC')).toBe('*-1\r\n');
    expect(offset(m)).toBe(before);
    expect(m.wire('GET', 'n')).toBe('$-1\r\n');
  });

  it('runs EXEC when the watched key did not change, and after UNWATCH', () => {
    const m = node();
    m.wire('WATCH', 'w');
    m.command(['SET', 'other', '1'], 'other');
    m.wire('MULTI');
    m.wire('INCR', 'n');
    expect(m.wire('EXEC')).toBe('*1\r\n:1\r\n');
    m.wire('WATCH', 'w');
    m.command(['SET', 'w', '1'], 'other');
    expect(m.wire('UNWATCH')).toBe('+OK\r\n');
    m.wire('MULTI');
    m.wire('INCR', 'n');
    expect(m.wire('EXEC')).toBe('*1\r\n:2\r\n');
  });

  it('aborts after FLUSHALL emptied a watched key, not when the key did not exist', () => {
    const m = node();
    m.command(['SET', 'w', '1']);
    m.wire('WATCH', 'w', 'absent');
    m.command(['FLUSHALL'], 'other');
    m.wire('MULTI');
    m.wire('PING');
    expect(m.wire('EXEC')).toBe('*-1\r\n');
    m.wire('WATCH', 'absent');
    m.command(['FLUSHALL'], 'other');
    m.wire('MULTI');
    m.wire('PING');
    expect(m.wire('EXEC')).toBe('*1\r\n+PONG\r\n');
  });

  it('aborts when a watched key expired after WATCH', () => {
    const m = node();
    m.command(['SET', 'w', '1', 'PX', '100']);
    m.wire('WATCH', 'w');
    m.now += 200;
    m.wire('MULTI');
    m.wire('PING');
    expect(m.wire('EXEC')).toBe('*-1\r\n');
  });

  it('aborts on a replica when the master stream changed the watched key', () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    p.replica.wire('WATCH', 'w');
    p.onMaster('SET', 'w', '1');
    p.replica.wire('MULTI');
    p.replica.wire('GET', 'w');
    expect(p.replica.wire('EXEC')).toBe('*-1\r\n');
  });

  it('is ended by DISCARD and by an aborted EXEC', () => {
    const m = node();
    m.wire('WATCH', 'w');
    m.command(['SET', 'w', '1'], 'other');
    m.wire('MULTI');
    expect(m.wire('DISCARD')).toBe('+OK\r\n');
    m.wire('MULTI');
    m.wire('PING');
    expect(m.wire('EXEC')).toBe('*1\r\n+PONG\r\n');
  });
});
