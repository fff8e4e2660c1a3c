// The replication protocol of each Redis version, seen as a learner sees it: the handshake's
// frames, the master's answers (+FULLRESYNC / +CONTINUE), the logs, and the sync counters, for the
// same situations (a cut link, a restart, a failover) under 2.6, 2.8, 4.0, 6.2 and 7.0.

import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../engine/io.ts';
import type { RedisVersion } from '../engine/version.ts';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';
import type { TraceEntry } from './trace.ts';

interface Run {
  readonly trace: TraceEntry[];
  /** What redis-cli printed for each command line, by the line's text. */
  readonly outputs: Map<string, string>;
}

function run(text: string, version?: RedisVersion): Run {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const trace: TraceEntry[] = [];
  const r = runScenario(p.steps, p.seed, { version, onTrace: (e) => trace.push(e) });
  expect(r.failures.map((f) => `${f.text}: ${f.failure}`)).toEqual([]);
  return { trace, outputs: new Map(r.transcript.map((t) => [t.text, t.output])) };
}

/** The labels of the handshake frames a node wrote (its commands as a replica, its answers as a master). */
function handshake(r: Run, node: string): string[] {
  return r.trace.flatMap((e) => (e.kind === 'send' && e.node === node && e.sendKind === 'handshake' ? [e.label] : []));
}

function frames(r: Run, node: string, label: string): { bytes: number }[] {
  return r.trace.flatMap((e) => (e.kind === 'send' && e.node === node && e.label === label ? [{ bytes: e.bytes }] : []));
}

function logs(r: Run, node: string): string[] {
  return r.trace.flatMap((e) => (e.kind === 'log' && e.node === node ? [e.text] : []));
}

function verdicts(r: Run, node: string): string[] {
  return r.trace.flatMap((e) => (e.kind === 'event' && e.node === node && e.event.type === 'psyncDecision' ? [e.event.verdict] : []));
}

function eventsOf<T extends NodeEvent['type']>(r: Run, node: string, type: T): Extract<NodeEvent, { type: T }>[] {
  return r.trace.flatMap((e) => (e.kind === 'event' && e.node === node && e.event.type === type ? [e.event as Extract<NodeEvent, { type: T }>] : []));
}

// A cut longer than repl-timeout, then a heal: the replica drops the link and comes back.
const CUT = `seed 3
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> CONFIG SET repl-timeout 5
m> CONFIG SET repl-timeout 5
r1> SLAVEOF m 6379
until r1 online within 10s
m> SET before-cut 1
sleep 1s
cut m r1
m> SET during-cut 1
sleep 8s
heal m r1
sleep 8s
expect r1> GET during-cut == "1"
m> INFO stats
`;

describe('2.6: SYNC, and every reconnect is a full resync', () => {
  const r = run(CUT, '2.6');

  it('the replica says PING, REPLCONF listening-port and SYNC, inline, with no PSYNC and no capa', () => {
    expect(handshake(r, 'r1')).toEqual([
      'PING', 'REPLCONF listening-port 6380', 'SYNC',
      'PING', 'REPLCONF listening-port 6380', 'SYNC',
    ]);
    expect(frames(r, 'r1', 'PING')[0].bytes).toBe('PING\r\n'.length);
    expect(frames(r, 'r1', 'SYNC')[0].bytes).toBe('SYNC\r\n'.length);
  });

  it('the master answers SYNC with the RDB alone (no +FULLRESYNC), once per connection', () => {
    expect(handshake(r, 'm').filter((l) => l.startsWith('+FULLRESYNC') || l.startsWith('+CONTINUE'))).toEqual([]);
    expect(verdicts(r, 'm')).toEqual(['sync', 'sync']);
    expect(logs(r, 'm').filter((l) => l === 'Slave ask for synchronization')).toHaveLength(2);
    expect(logs(r, 'm')).toContain('Starting BGSAVE for SYNC');
    expect(logs(r, 'm')).toContain('Synchronization with slave succeeded');
    expect(eventsOf(r, 'm', 'backlogCreated')).toEqual([]);
  });

  it('the replica sends no REPLCONF ACK and logs 2.6\'s words', () => {
    expect(r.trace.some((e) => e.kind === 'send' && e.sendKind === 'ack')).toBe(false);
    expect(logs(r, 'r1')).toContain('MASTER time out: no data nor PING received...');
    expect(logs(r, 'r1')).toContain('MASTER <-> SLAVE sync: Finished with success');
    expect(logs(r, 'r1')).not.toContain('Caching the disconnected master state.');
  });
});

describe('2.8: PSYNC with the run_id', () => {
  it('a fresh replica asks PSYNC ? -1; the answer names the run_id; the first offset is 1', () => {
    const r = run(CUT, '2.8');
    expect(handshake(r, 'r1').slice(0, 4)).toEqual(['PING', 'REPLCONF listening-port 6380', 'REPLCONF capa eof', 'PSYNC ? -1']);
    expect(frames(r, 'r1', 'PSYNC ? -1')[0].bytes).toBe('PSYNC ? -1\r\n'.length);
    expect(handshake(r, 'm')).toContain('+FULLRESYNC 1');
    const full = logs(r, 'r1').find((l) => l.startsWith('Full resync from master: '))!;
    expect(full).toMatch(/^Full resync from master: [0-9a-f]{40}:1$/);
  });

  it('after a cut and a heal: PSYNC <run_id> <offset>, a plain +CONTINUE, only the missed bytes', () => {
    const r = run(CUT, '2.8');
    const psyncs = handshake(r, 'r1').filter((l) => l.startsWith('PSYNC'));
    expect(psyncs).toHaveLength(2);
    expect(psyncs[1]).toMatch(/^PSYNC [0-9a-f]{40} \d+$/);
    expect(frames(r, 'm', '+CONTINUE')).toEqual([{ bytes: '+CONTINUE\r\n'.length }]);
    expect(verdicts(r, 'm')).toEqual(['full-requested', 'accepted']);
    expect(r.outputs.get('m> INFO stats')).toContain('sync_full:1');
    expect(r.outputs.get('m> INFO stats')).toContain('sync_partial_ok:1');
    // Up to 4.0 the replica reconnects on the next replicationCron, not at once.
    expect(logs(r, 'r1').filter((l) => l.startsWith('Reconnecting to MASTER'))).toEqual([]);
  });
});

// The master restarts from the RDB it saved: its replica comes back asking for the old history.
const MASTER_RESTART = `seed 5
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> SLAVEOF m 6379
until r1 online within 10s
m> SET a 1
sleep 1s
m> SAVE
sleep 1s
crash m
sleep 1s
restart m
sleep 4s
until r1 online within 10s
expect r1> GET a == "1"
m> INFO stats
`;

describe('a restarted master', () => {
  for (const v of ['2.8', '4.0', '6.2'] as const) {
    it(`${v}: the replica's PSYNC names a history the new process does not know: full resync`, () => {
      const r = run(MASTER_RESTART, v);
      expect(verdicts(r, 'm').at(-1)).toBe(v === '2.8' ? 'runid-mismatch' : 'replid-mismatch');
      expect(r.outputs.get('m> INFO stats')).toContain('sync_full:1');
      expect(r.outputs.get('m> INFO stats')).toContain('sync_partial_err:1');
    });
  }

  it('7.0: it reloads its history from the RDB as replid2, and the replica continues', () => {
    const r = run(MASTER_RESTART, '7.0');
    expect(verdicts(r, 'm').at(-1)).toBe('accepted');
    expect(r.outputs.get('m> INFO stats')).toContain('sync_partial_ok:1');
  });

  it('2.8: the new +FULLRESYNC carries the new run_id', () => {
    const r = run(MASTER_RESTART, '2.8');
    const asked = handshake(r, 'r1').filter((l) => l.startsWith('PSYNC'))[1].split(' ')[1];
    const said = logs(r, 'm').find((l) => l.startsWith('Partial resynchronization not accepted: Runid mismatch'))!;
    expect(said).toMatch(new RegExp(`^Partial resynchronization not accepted: Runid mismatch \\(Client asked for '${asked}', I'm '[0-9a-f]{40}'\\)$`));
    expect(said).not.toContain(`I'm '${asked}'`);
  });
});

// The replica restarts from the RDB it received and its REPLICAOF in the config file.
const REPLICA_RESTART = `seed 9
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> SLAVEOF m 6379
r1> CONFIG REWRITE
until r1 online within 10s
m> SET a 1
sleep 1s
crash r1
m> SET b 2
sleep 2s
restart r1
sleep 2s
until r1 online within 10s
expect r1> GET b == "2"
m> INFO stats
`;

describe('a restarted replica', () => {
  it('2.8: its RDB has no replication info: PSYNC ? -1 and a full resync', () => {
    const r = run(REPLICA_RESTART, '2.8');
    expect(handshake(r, 'r1').filter((l) => l.startsWith('PSYNC'))).toEqual(['PSYNC ? -1', 'PSYNC ? -1']);
    expect(r.outputs.get('m> INFO stats')).toContain('sync_full:2');
  });

  it('4.0: it reloads the master\'s replid and offset from the RDB and continues partially', () => {
    const r = run(REPLICA_RESTART, '4.0');
    const psyncs = handshake(r, 'r1').filter((l) => l.startsWith('PSYNC'));
    expect(psyncs[1]).toMatch(/^PSYNC [0-9a-f]{40} \d+$/);
    expect(verdicts(r, 'm')).toEqual(['replid-mismatch', 'accepted']);
    expect(r.outputs.get('m> INFO stats')).toContain('sync_partial_ok:1');
    expect(logs(r, 'r1')).toContain('Before turning into a slave, using my master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.');
    expect(handshake(r, 'm').filter((l) => l === '+CONTINUE')).toHaveLength(1);
  });
});

// r1 is promoted, r2 follows it.
const FAILOVER = `seed 11
node m r1 r2
m> CONFIG SET repl-diskless-sync-delay 0
r1> SLAVEOF m 6379
r2> SLAVEOF m 6379
until r1 online within 10s
until r2 online within 10s
m> SET a 1
sleep 1s
r1> SLAVEOF NO ONE
r2> SLAVEOF 127.0.0.1 6380
sleep 2s
until r2 online within 10s
r1> SET b 2
sleep 1s
expect r2> GET b == "2"
r1> INFO stats
`;

describe('a failover: r1 promoted, r2 moved under it', () => {
  it('2.8: r2 forgets its master and asks PSYNC ? -1: full resync from r1', () => {
    const r = run(FAILOVER, '2.8');
    expect(verdicts(r, 'r1')).toEqual(['full-requested']);
    expect(r.outputs.get('r1> INFO stats')).toContain('sync_full:1');
  });

  it('4.0: r2 asks for the old master\'s history, r1 still serves it as replid2: +CONTINUE with r1\'s new ID', () => {
    const r = run(FAILOVER, '4.0');
    expect(verdicts(r, 'r1')).toEqual(['accepted']);
    expect(r.outputs.get('r1> INFO stats')).toContain('sync_partial_ok:1');
    const changed = eventsOf(r, 'r1', 'replIdChanged').at(-1)!;
    expect(handshake(r, 'r1')).toContain('+CONTINUE');
    expect(logs(r, 'r2')).toContain(`Master replication ID changed to ${changed.replId}`);
  });
});

describe('4.0 and 6.2 against 7.0 in the handshake', () => {
  it('4.0 writes each command inline and waits for its reply; 6.2 pipelines RESP like 7.0', () => {
    const v40 = run(CUT, '4.0');
    expect(handshake(v40, 'r1').slice(0, 4)).toEqual(['PING', 'REPLCONF listening-port 6380', 'REPLCONF capa eof capa psync2', expect.stringMatching(/^PSYNC [0-9a-f]{40} 1$/)]);
    expect(frames(v40, 'r1', 'PING')[0].bytes).toBe(6);
    const v62 = run(CUT, '6.2');
    expect(frames(v62, 'r1', 'PING')[0].bytes).toBe('*1\r\n$4\r\nPING\r\n'.length);
  });

  it('up to 6.2 the full sync goes through disk (repl-diskless-sync no); 7.0 streams it', () => {
    expect(logs(run(CUT, '6.2'), 'm')).toContain('Starting BGSAVE for SYNC with target: disk');
    expect(logs(run(CUT, '7.0'), 'm')).toContain('Starting BGSAVE for SYNC with target: replicas sockets');
  });
});

describe('a replica asked to sync while its own master is away', () => {
  const CHAIN = `seed 2
node m r1 r2
crash m
r1> SLAVEOF m 6379
r2> SLAVEOF 127.0.0.1 6380
sleep 1500ms
`;

  it('2.8: a plain -ERR to PSYNC, so the sub-replica falls back to SYNC, which fails the same way', () => {
    const r = run(CHAIN, '2.8');
    expect(logs(r, 'r2').slice(-8)).toEqual(expect.arrayContaining([
      "Master does not support PSYNC or is in error state (reply: -ERR Can't SYNC while not connected with my master)",
      'Retrying with SYNC...',
      "MASTER aborted replication with an error: ERR Can't SYNC while not connected with my master",
    ]));
    expect(handshake(r, 'r2').slice(0, 5)).toEqual(['PING', 'REPLCONF listening-port 6381', 'REPLCONF capa eof', 'PSYNC ? -1', 'SYNC']);
  });

  it('4.0: -NOMASTERLINK, and the sub-replica waits to try again later', () => {
    const r = run(CHAIN, '4.0');
    expect(logs(r, 'r2')).toContain("Master is currently unable to PSYNC but should be in the future: -NOMASTERLINK Can't SYNC while not connected with my master");
    expect(handshake(r, 'r2')).not.toContain('SYNC');
  });
});
