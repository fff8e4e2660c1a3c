// How nodes reach each other: by name on 6379 (as services of a compose file), at their network
// address, or at 127.0.0.1 on their own port; and what INFO shows on both ends for each way.

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { hostNode, networkIpAt, resolveAddress } from './address.ts';
import { runScenario } from './run-scenario.ts';

function run(text: string) {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return runScenario(parsed.steps, parsed.seed, { keepTrace: true });
}

/** What the node's log said about its connects to a master. */
function connectErrors(res: ReturnType<typeof run>, node: string): string[] {
  return res.sim.trace.flatMap((e) => (e.node === node && e.kind === 'log' && e.text.startsWith('Error condition on socket for SYNC') ? [e.text] : []));
}

describe('addressing nodes', () => {
  const nodes = [{ name: 'm', port: 6379, ip: '172.18.0.2', namedPort: 6379 }, { name: 'r1', port: 6380, ip: '172.18.0.3', namedPort: 6379 }];

  it('resolves a name on 6379 or its own port, a network address likewise, the loopback on a node\'s own port', () => {
    expect(resolveAddress('r1', 6379, nodes)).toEqual({ node: nodes[1], via: 'network' });
    expect(resolveAddress('r1', 6380, nodes)).toEqual({ node: nodes[1], via: 'network' });
    expect(resolveAddress('172.18.0.3', 6379, nodes)).toEqual({ node: nodes[1], via: 'network' });
    expect(resolveAddress('127.0.0.1', 6380, nodes)).toEqual({ node: nodes[1], via: 'loopback' });
    expect(resolveAddress('LOCALHOST', 6379, nodes)).toEqual({ node: nodes[0], via: 'loopback' });
    expect(resolveAddress('r1', 6381, nodes)).toBeUndefined();
    expect(resolveAddress('127.0.0.1', 6381, nodes)).toBeUndefined();
    expect(resolveAddress('r2', 6379, nodes)).toBeUndefined();
    expect(networkIpAt(0)).toBe('172.18.0.2');
    expect(hostNode('172.18.0.2', nodes)).toBe(nodes[0]);
  });

  it('a replica reaches another node by its name on 6379; each master sees where its replica came from', () => {
    const res = run(`seed 9
node m r1 r2
r2> REPLICAOF r1 6379
r1> REPLICAOF 127.0.0.1 6379
until r1 online
until r2 online
sleep 1s
expect r2> INFO replication ~ "master_host:r1\\r\\nmaster_port:6379\\r\\nmaster_link_status:up"
expect r1> INFO replication ~ "master_host:127.0.0.1\\r\\nmaster_port:6379\\r\\nmaster_link_status:up"
expect r1> INFO replication ~ "slave0:ip=172.18.0.4,port=6381,state=online"
expect m> INFO replication ~ "slave0:ip=127.0.0.1,port=6380,state=online"
expect r2> ROLE ~ "2) \\"r1\\"\\n3) (integer) 6379\\n4) \\"connected\\""
`);
    expect(res.failures).toEqual([]);
  });

  it('reaches a node at its network address', () => {
    const res = run(`node m r1
r1> REPLICAOF 172.18.0.2 6379
until r1 online
sleep 1s
expect m> INFO replication ~ "slave0:ip=172.18.0.3,port=6380,state=online"
`);
    expect(res.failures).toEqual([]);
  });

  it('refuses a name on a port nobody listens on there', () => {
    const res = run(`node m r1 r2
r2> REPLICAOF r1 6381
sleep 10ms
expect r2> INFO replication ~ "master_link_status:down"
`);
    expect(res.failures).toEqual([]);
    expect(connectErrors(res, 'r2')).toEqual(['Error condition on socket for SYNC: Connection refused']);
  });
});
