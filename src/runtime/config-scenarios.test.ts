// Startup parameters, CONFIG's errors, DEBUG's gate, replica-serve-stale-data, the DELs a master
// propagates for keys that expired while it was down, and a writable replica's own expires, as
// scenarios checked against what redis-server 7.0.15 answers.

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario, type RunResult } from './run-scenario.ts';

function run(text: string): RunResult {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const res = runScenario(parsed.steps, parsed.seed, { keepTrace: true });
  expect(res.failures.map((f) => `${f.line}: ${f.failure}`)).toEqual([]);
  return res;
}

const DEBUG_REFUSED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';
const MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";

describe('startup parameters and DEBUG', () => {
  it('refuses DEBUG unless the node was started with enable-debug-command, also after a restart', () => {
    run(`node m
node r1 --enable-debug-command local
expect m> DEBUG SLEEP 0 == (error) ${DEBUG_REFUSED}
m> MULTI
expect m> DEBUG SLEEP 0 == (error) ${DEBUG_REFUSED}
expect m> EXEC == (error) EXECABORT Transaction discarded because of previous errors.
expect r1> DEBUG SLEEP 0 == OK
expect r1> CONFIG GET enable-debug-command ~ "2) \\"local\\""
expect r1> CONFIG SET enable-debug-command no == (error) ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config
crash r1
restart r1
expect r1> DEBUG SLEEP 0 == OK
`);
  });

  it('starts a replica from --replicaof, and the command line wins over CONFIG REWRITE at a restart', () => {
    run(`node m
node r1 --replicaof m 6379 --repl-timeout 30
until r1 online within 30s
expect r1> CONFIG GET replicaof ~ "2) \\"m 6379\\""
r1> CONFIG SET repl-timeout 40
r1> CONFIG REWRITE
crash r1
restart r1
expect r1> CONFIG GET repl-timeout ~ "2) \\"30\\""
until r1 online within 30s
`);
  });
});

describe("CONFIG in Redis's words", () => {
  it('reports range, duplicate, immutable, protected, unknown and syntax errors as redis-server 7.0.15 does', () => {
    const prefix = 'ERR CONFIG SET failed (possibly related to argument';
    run(`node m
expect m> CONFIG SET repl-backlog-size 0 == (error) ${prefix} 'repl-backlog-size') - argument must be between 1 and 9223372036854775807 inclusive
expect m> CONFIG SET repl-backlog-size -1 == (error) ${prefix} 'repl-backlog-size') - argument must be a memory value
expect m> CONFIG SET REPL-TIMEOUT 0 == (error) ${prefix} 'repl-timeout') - argument must be between 1 and 2147483647 inclusive
expect m> CONFIG SET repl-timeout 5 REPL-TIMEOUT 6 == (error) ${prefix} 'REPL-TIMEOUT') - duplicate parameter
expect m> CONFIG SET replicaof "m 6379" == (error) ${prefix} 'replicaof') - can't set immutable config
expect m> CONFIG SET replicaof x foo bar == (error) ${prefix} 'replicaof') - can't set immutable config
expect m> CONFIG SET foo bar replicaof x == (error) ERR Unknown option or number of arguments for CONFIG SET - 'foo'
expect m> CONFIG SET repl-timeout 0 foo bar == (error) ERR Unknown option or number of arguments for CONFIG SET - 'foo'
expect m> CONFIG SET dbfilename x.rdb == (error) ${prefix} 'dbfilename') - can't set protected config
expect m> CONFIG SET slave-read-only maybe == (error) ${prefix} 'slave-read-only') - argument must be 'yes' or 'no'
expect m> CONFIG SET repl-timeout 5 hz == (error) ERR syntax error
expect m> CONFIG SET hz 5 repl-timeout 0 == (error) ${prefix} 'repl-timeout') - argument must be between 1 and 2147483647 inclusive
expect m> CONFIG GET hz ~ "2) \\"10\\""
expect m> CONFIG SET replica-read-only no slave-read-only yes == OK
expect m> CONFIG GET replica-read-only ~ "2) \\"yes\\""
expect m> CONFIG GET REPL-timeout ~ "1) \\"REPL-timeout\\""
expect m> CONFIG GET slaveof ~ "1) \\"slaveof\\"\\n2) \\"\\""
`);
  });

  it('raises hz 0 to 1 and lowers hz above 500 to 500', () => {
    run(`node m
expect m> CONFIG SET hz 0 == OK
expect m> CONFIG GET hz ~ "2) \\"1\\""
expect m> CONFIG SET hz 1000 == OK
expect m> CONFIG GET hz ~ "2) \\"500\\""
expect m> CONFIG SET hz -1 == (error) ERR CONFIG SET failed (possibly related to argument 'hz') - argument must be between 0 and 2147483647 inclusive
`);
  });
});

describe('replica-serve-stale-data no', () => {
  it('answers MASTERDOWN to PING and data commands while the link is down, and serves the stale-flagged ones', () => {
    run(`node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> CONFIG SET replica-serve-stale-data no
r1> REPLICAOF m 6379
until r1 online
expect r1> PING == PONG
r1> MULTI
expect r1> GET a == QUEUED
crash m
sleep 1s
expect r1> EXEC == (error) EXECABORT Transaction discarded because of: ${MASTERDOWN}
r1> DISCARD
expect r1> PING == (error) ${MASTERDOWN}
expect r1> GET a == (error) ${MASTERDOWN}
expect r1> ECHO hi == "hi"
expect r1> INFO replication ~ master_link_status:down
r1> CONFIG SET replica-serve-stale-data yes
expect r1> PING == PONG
`);
  });

  it("refuses a sub-replica's handshake PING the same way, so it cannot attach", () => {
    const res = run(`node m r1 r2
m> CONFIG SET repl-diskless-sync-delay 0
r1> CONFIG SET replica-serve-stale-data no
r1> REPLICAOF m 6379
until r1 online
crash m
sleep 1s
r2> REPLICAOF r1 6380
sleep 3s
expect r2> INFO replication ~ master_link_status:down
`);
    const logs = res.sim.trace.flatMap((e) => (e.kind === 'log' && e.node === 'r2' ? [e.text] : []));
    expect(logs).toContain(`Error reply to PING from master: '-${MASTERDOWN}'`);
  });
});

describe('a master restarting from its RDB', () => {
  it('propagates a DEL for each key that expired while it was down: its replica resumes and gets them', () => {
    const res = run(`seed 5
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online
sleep 2s
m> SET a 1 PX 500
m> SET b 2
m> SAVE
crash m
sleep 1s
restart m
until r1 online within 30s
sleep 1s
expect m> INFO stats ~ sync_partial_ok:1
expect m> INFO replication ~ repl_backlog_histlen:43
expect r1> DBSIZE == (integer) 1
`);
    const m = res.sim.nodes.get('m')!.state!;
    const r = res.sim.nodes.get('r1')!.state!;
    // SELECT 0 (23 bytes) and DEL a (20 bytes) past the offset saved in the RDB.
    expect(m.masterReplOffset).toBe(m.secondReplOffset - 1 + 43);
    expect(r.master!.reploff).toBe(m.masterReplOffset);
  });

  it('moves the offset of a master without replication info in its RDB, and drops the backlog again', () => {
    run(`node s
s> SET a 1 PX 500
s> SET b 2
s> SAVE
crash s
sleep 1s
restart s
expect s> INFO replication ~ master_repl_offset:43
expect s> INFO replication ~ repl_backlog_active:0
expect s> DBSIZE == (integer) 1
`);
  });
});

describe('a writable replica', () => {
  it("expires the keys its own clients gave a TTL; the master's keys wait for the master's DEL", () => {
    run(`node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online
sleep 2s
m> SET frommaster x PX 1000
sleep 100ms
r1> CONFIG SET replica-read-only no
r1> SET own y PX 1000
r1> SET plain z
expect r1> INFO stats ~ slave_expires_tracked_keys:1
cut m r1
sleep 3s
expect r1> INFO stats ~ slave_expires_tracked_keys:0
expect r1> DBSIZE == (integer) 2
expect r1> INFO stats ~ expired_keys:1
expect r1> GET frommaster == (nil)
heal m r1
sleep 2s
expect r1> DBSIZE == (integer) 1
`);
  });

  it('expires nothing on its own when read-only, not even after its master is gone', () => {
    run(`node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online
sleep 2s
m> SET k v PX 500
sleep 100ms
crash m
sleep 3s
expect r1> DBSIZE == (integer) 1
expect r1> INFO stats ~ expired_keys:0
`);
  });

  it('DEBUG SET-ACTIVE-EXPIRE 0: the master keeps an expired key, counted by DBSIZE on both, until a read deletes it and sends the DEL', () => {
    run(`node m r1 --enable-debug-command local
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online
m> DEBUG SET-ACTIVE-EXPIRE 0
m> SET visits 10
m> SET session abc PX 2000
sleep 3s
expect r1> GET session == (nil)
expect r1> DBSIZE == (integer) 2
expect m> DBSIZE == (integer) 2
expect r1> INFO keyspace ~ db0:keys=2,expires=1,avg_ttl=0
expect m> GET session == (nil)
sleep 100ms
expect r1> DBSIZE == (integer) 1
m> DEBUG SET-ACTIVE-EXPIRE 1
m> SET token xyz PX 100
sleep 1s
expect m> DBSIZE == (integer) 1
expect m> INFO stats ~ expired_keys:2
`);
  });
});

describe('before 7.0', () => {
  it('6.2 runs DEBUG for anyone, answers PING on stale data, and drops expired keys at load without a DEL', () => {
    run(`version 6.2
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
expect m> DEBUG SLEEP 0 == OK
r1> CONFIG SET replica-serve-stale-data no
r1> REPLICAOF m 6379
until r1 online
sleep 2s
m> SET a 1 PX 500
m> SET b 2
m> SAVE
crash m
sleep 100ms
expect r1> PING == PONG
expect r1> GET b == (error) ${MASTERDOWN}
sleep 1s
restart m
until r1 online within 30s
sleep 1s
expect m> INFO replication ~ repl_backlog_histlen:0
`);
  });

  it('4.0 names slave-serve-stale-data in MASTERDOWN, and its writable replica expires its own keys', () => {
    run(`version 4.0
node m r1
r1> CONFIG SET slave-serve-stale-data no
r1> CONFIG SET slave-read-only no
r1> SLAVEOF m 6379
crash m
sleep 1s
expect r1> GET b == (error) MASTERDOWN Link with MASTER is down and slave-serve-stale-data is set to 'no'.
r1> CONFIG SET slave-serve-stale-data yes
r1> SET own y PX 500
sleep 2s
expect r1> DBSIZE == (integer) 0
`);
  });
});
