// Transactions in the scenario language, as a learner types them at two redis-cli prompts:
// WATCH aborted by the replication stream, an aborted EXEC that moves no offset, commands
// refused inside MULTI, WAIT answered at once inside EXEC (replies as Redis 7.0.15 gives them).

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';

function failures(text: string): string[] {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return runScenario(p.steps, p.seed).failures.map((f) => `${f.line}: ${f.failure}`);
}

const SYNCED = `seed 3
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online within 10s
`;

describe('transactions in a scenario', () => {
  it('a replica aborts EXEC when its master changed a key it watches', () => {
    expect(failures(`${SYNCED}m> SET w 1
sleep 1s
r1> WATCH w
m> SET w 2
sleep 1s
r1> MULTI
expect r1> GET w == QUEUED
expect r1> EXEC == (nil)
expect r1> GET w == "2"
`)).toEqual([]);
  });

  it('an EXEC aborted by WATCH propagates nothing: master_repl_offset stays where it was', () => {
    expect(failures(`${SYNCED}m> WATCH k
m> SET k 1
expect m> INFO replication ~ master_repl_offset:50
m> MULTI
m> INCR n
expect m> EXEC == (nil)
expect m> INFO replication ~ master_repl_offset:50
expect m> GET n == (nil)
`)).toEqual([]);
  });

  it('SAVE inside MULTI is refused and EXEC aborts; EXEC with an argument ends the transaction', () => {
    expect(failures(`${SYNCED}m> MULTI
expect m> SAVE == (error) ERR Command not allowed inside a transaction
expect m> EXEC == (error) EXECABORT Transaction discarded because of previous errors.
m> MULTI
m> SET a 1
expect m> EXEC x == (error) EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command
expect m> EXEC == (error) ERR EXEC without MULTI
`)).toEqual([]);
  });

  it('WAIT inside EXEC answers at once with the replicas that acknowledged', () => {
    expect(failures(`${SYNCED}m> SET a 1
sleep 3s
m> MULTI
m> INCR n
expect m> WAIT 1 0 == QUEUED
expect m> WAIT 2 5000 == QUEUED
expect m> EXEC ~ 2) (integer) 1
`)).toEqual([]);
  });
});
