// A replica told to follow another master closes its link to the old one at once (7.0's
// replicationSetMaster frees the master client before it connects anew): the old master drops it
// straight away, and a later REPLICAOF back to it lists it once.

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';
import type { TraceEntry } from './trace.ts';

function run(text: string) {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return runScenario(parsed.steps, parsed.seed, { keepTrace: true });
}

/** The masters a node started a handshake with, and why, from `from` ms on. */
function handshakes(trace: readonly TraceEntry[], node: string, from: number): string[] {
  return trace.flatMap((e) => (e.node === node && e.t >= from && e.kind === 'event' && e.event.type === 'handshakeStarted' ? [`${e.event.master} ${e.event.why}`] : []));
}

const SWITCH = `seed 5
node m r1 o
m> CONFIG SET min-replicas-to-write 1
r1> REPLICAOF m 6379
until r1 online
m> SET a 1
r1> REPLICAOF o 6379
sleep 5ms
expect m> INFO replication ~ "connected_slaves:0"
expect m> INFO replication ~ "min_slaves_good_slaves:0"
expect m> ROLE ~ "3) (empty array)"
expect m> SET b 2 == (error) NOREPLICAS Not enough good replicas to write.
until r1 online
sleep 1s
expect o> INFO replication ~ "connected_slaves:1\\r\\nslave0:ip=172.18.0.3,port=6380,state=online"
`;

describe('REPLICAOF to another master', () => {
  it('closes the link to the old master at once: the old master drops the replica, counts no good replica, ROLE lists none', () => {
    const res = run(SWITCH);
    expect(res.failures).toEqual([]);
  });

  it('never reconnects to the old master', () => {
    const res = run(SWITCH);
    const switchedAt = res.transcript.find((t) => t.text === 'r1> REPLICAOF o 6379')!.timeMs;
    expect(handshakes(res.sim.trace, 'r1', switchedAt)).toEqual(['o:6379 replicaof']);
    const m = res.sim.nodes.get('m')!.state!;
    expect(m.stats.totalConnectionsReceived).toBe(1);
  });

  it('lists the replica once when it comes back, in INFO and ROLE', () => {
    const res = run(`${SWITCH}r1> REPLICAOF m 6379
until r1 online
sleep 2s
expect m> INFO replication ~ "min_slaves_good_slaves:1\\r\\nslave0:ip=172.18.0.3,port=6380,state=online"
expect m> ROLE ~ "3) 1) 1) \\"172.18.0.3\\"\\n      2) \\"6380\\""
expect o> INFO replication ~ "connected_slaves:0"
expect m> SET b 2 == OK
`);
    expect(res.failures).toEqual([]);
    const info = res.transcript.filter((t) => t.text.startsWith('expect m> INFO')).at(-1)!.output;
    expect(info.match(/^slave\d+:/gm)).toEqual(['slave0:']);
  });
});
