import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';

/** Runs scenario text and returns the expect lines that did not hold. */
function failures(text: string): string[] {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return runScenario(p.steps, p.seed).failures.map((f) => `${f.line}: ${f.failure}`);
}

/** The log lines one node wrote while a scenario ran. */
function logLines(text: string, node: string): string[] {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const lines: string[] = [];
  runScenario(p.steps, p.seed, { onTrace: (e) => { if (e.kind === 'log' && e.node === node) lines.push(e.line); } });
  return lines;
}

const ATTACH = 'node m r1\nm> SET a 1\nr1> SLAVEOF m 6379\nuntil r1 online\nsleep 1100ms\n';

describe('what each Redis version shows a learner', () => {
  it('2.6: SYNC-era INFO replication, slave-* config names, no ROLE, no WAIT, no REPLICAOF', () => {
    expect(failures(`version 2.6\n${ATTACH}
expect m> INFO replication ~ "# Replication\\r\\nrole:master\\r\\nconnected_slaves:1\\r\\nslave0:172.18.0.3,6380,online"
expect r1> INFO replication ~ "master_sync_in_progress:0\\r\\nslave_priority:100\\r\\nslave_read_only:1\\r\\nconnected_slaves:0"
expect r1> CONFIG GET slave-read-only ~ "1) \\"slave-read-only\\"\\n2) \\"yes\\""
expect r1> CONFIG GET replica-read-only == (empty array)
expect r1> CONFIG SET replica-read-only no == (error) ERR Unsupported CONFIG parameter: replica-read-only
expect r1> CONFIG SET repl-backlog-size 1mb == (error) ERR Unsupported CONFIG parameter: repl-backlog-size
expect r1> CONFIG SET slave-read-only maybe == (error) ERR Invalid argument 'maybe' for CONFIG SET 'slave-read-only'
expect r1> REPLICAOF m 6379 == (error) ERR unknown command 'REPLICAOF'
expect r1> ROLE == (error) ERR unknown command 'ROLE'
expect m> WAIT 1 0 == (error) ERR unknown command 'WAIT'
expect r1> SET b 2 == (error) READONLY You can't write against a read only slave.
expect m> INFO server ~ "redis_version:2.6.17\\r\\n"
`)).toEqual([]);
    // Nothing follows the slave lines in 2.6, and its stats have no sync counters.
    expect(failures(`version 2.6\n${ATTACH}expect m> INFO replication ~ master_repl_offset\nexpect m> INFO stats ~ sync_full\n`)).toHaveLength(2);
  });

  it('2.8: key=value slave lines and the backlog fields, but no replication IDs; ROLE yes, WAIT no', () => {
    expect(failures(`version 2.8\n${ATTACH}
expect m> INFO replication ~ "role:master\\r\\nconnected_slaves:1\\r\\nslave0:ip=172.18.0.3,port=6380,state=online,offset="
expect m> INFO replication ~ "\\r\\nmaster_repl_offset:"
expect r1> INFO replication ~ "master_sync_in_progress:0\\r\\nslave_repl_offset:"
expect m> INFO stats ~ "sync_full:1\\r\\nsync_partial_ok:0\\r\\n"
expect r1> ROLE ~ 1) "slave"
expect m> WAIT 1 0 == (error) ERR unknown command 'WAIT'
expect r1> CONFIG GET repl-ping-slave-period ~ "1) \\"repl-ping-slave-period\\"\\n2) \\"10\\""
expect r1> CONFIG GET repl-diskless-sync ~ "1) \\"repl-diskless-sync\\"\\n2) \\"no\\""
`)).toEqual([]);
    expect(failures(`version 2.8\n${ATTACH}expect m> INFO replication ~ "master_replid"\n`)).toHaveLength(1);
  });

  it('4.0: PSYNC2 fields, SLAVEOF only, WAIT refused on a replica in slave words', () => {
    expect(failures(`version 4.0\n${ATTACH}
expect m> INFO replication ~ "\\r\\nmaster_replid2:0000000000000000000000000000000000000000\\r\\nmaster_repl_offset:"
expect m> INFO replication ~ "\\r\\nsecond_repl_offset:-1\\r\\nrepl_backlog_active:1\\r\\n"
expect r1> INFO replication ~ "slave_read_only:1\\r\\nconnected_slaves:0\\r\\nmaster_replid:"
expect r1> REPLICAOF m 6379 ~ "(error) ERR unknown command \`REPLICAOF\`, with args beginning with: \`m\`, \`6379\`, "
expect r1> WAIT 1 0 ~ "ERR WAIT cannot be used with slave instances."
expect m> WAIT 1 0 == (integer) 1
expect r1> CONFIG GET slave-lazy-flush ~ "1) \\"slave-lazy-flush\\"\\n2) \\"no\\""
`)).toEqual([]);
  });

  it('6.2: replica words and replica-* names (slave-* still accepted), no shared-buffer memory field', () => {
    expect(failures(`version 6.2\n${ATTACH}
expect r1> INFO replication ~ "slave_read_only:1\\r\\nreplica_announced:1\\r\\n"
expect m> INFO replication ~ "master_failover_state:no-failover\\r\\n"
expect r1> CONFIG GET slave-read-only ~ "1) \\"slave-read-only\\"\\n2) \\"yes\\""
expect r1> CONFIG GET replica-read-only ~ "1) \\"replica-read-only\\"\\n2) \\"yes\\""
expect r1> CONFIG GET repl-diskless-sync-max-replicas == (empty array)
expect r1> SET b 2 == (error) READONLY You can't write against a read only replica.
expect r1> REPLICAOF m 6379 == OK Already connected to specified master
expect m> INFO server ~ "redis_version:6.2.16\\r\\n"
expect m> FOO x ~ "(error) ERR unknown command \`FOO\`, with args beginning with: \`x\`, "
`)).toEqual([]);
    expect(failures(`version 6.2\n${ATTACH}expect m> INFO memory ~ "mem_total_replication_buffers"\n`)).toHaveLength(1);
  });

  it('7.0 (no version line) keeps its own words', () => {
    expect(failures(`${ATTACH}
expect r1> SET b 2 == (error) READONLY You can't write against a read only replica.
expect m> FOO x ~ "(error) ERR unknown command 'FOO', with args beginning with: 'x' "
expect m> INFO server ~ "redis_version:7.0.15\\r\\n"
expect m> INFO memory ~ "mem_total_replication_buffers"
`)).toEqual([]);
  });

  it('writes each version\'s log line: no role letter before 4.0, no year before 6.0, slave words before 5.0', () => {
    const l26 = logLines(`version 2.6\n${ATTACH}`, 'm');
    expect(l26.some((l) => /^\[\d+\] \d\d [A-Z][a-z]{2} \d\d:\d\d:\d\d\.\d{3} \* Slave ask for synchronization$/.test(l))).toBe(true);
    const l40 = logLines(`version 4.0\n${ATTACH}`, 'r1');
    expect(l40.some((l) => /^\d+:S \d\d [A-Z][a-z]{2} \d\d:\d\d:\d\d\.\d{3} \* MASTER <-> SLAVE sync started$/.test(l))).toBe(true);
    const l62 = logLines(`version 6.2\n${ATTACH}`, 'r1');
    expect(l62.some((l) => /^\d+:S \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} \* MASTER <-> REPLICA sync started$/.test(l))).toBe(true);
  });
});
