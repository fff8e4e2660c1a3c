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

  it("lists each replica in the master's CLIENT LIST from where it came and at the address it dialed", () => {
    const res = run(`seed 9
node m r1 r2
r1> REPLICAOF m 6379
r2> REPLICAOF 127.0.0.1 6379
until r1 online
until r2 online
sleep 2s
m> CLIENT LIST
`);
    const text = res.transcript.find((i) => i.text === 'm> CLIENT LIST')!.output;
    const lines = text.split('\n').filter((l) => l.startsWith('id='));
    const field = (l: string, k: string) => new RegExp(`(?:^| )${k}=(\\S*)`).exec(l)![1];
    const byLaddr = lines.map((l) => [field(l, 'flags'), field(l, 'addr').replace(/:\d+$/, ''), field(l, 'laddr')]);
    // r1 came by name: from its network address to m's network address on 6379; r2 over the loopback.
    expect(byLaddr).toContainEqual(['S', '172.18.0.3', '172.18.0.2:6379']);
    expect(byLaddr).toContainEqual(['S', '127.0.0.1', '127.0.0.1:6379']);
    expect(byLaddr).toContainEqual(['N', '127.0.0.1', '127.0.0.1:6379']);
    // In creation order, as server.clients: the replicas before the console that asked.
    const ids = lines.map((l) => Number(field(l, 'id')));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(field(lines[lines.length - 1], 'cmd')).toBe('client|list');
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

  it('fails the connect to a host nobody resolves inside connect(), then retries each second, as redis-server 7.0.15 logs it', () => {
    const res = run(`node m r1
r1> REPLICAOF nosuchhost 6379
sleep 2500ms
expect r1> INFO replication ~ "master_host:nosuchhost\\r\\nmaster_port:6379\\r\\nmaster_link_status:down"
`);
    expect(res.failures).toEqual([]);
    const lines = res.sim.trace.flatMap((e) => (e.node === 'r1' && e.kind === 'log' ? [e.text] : []));
    const from = lines.findIndex((l) => l.startsWith('Connecting to MASTER nosuchhost:6379'));
    expect(lines.slice(from, from + 3)).toEqual([
      'Connecting to MASTER nosuchhost:6379',
      'Unable to connect to MASTER: Invalid argument',
      expect.stringMatching(/^REPLICAOF nosuchhost:6379 enabled \(user request from 'id=\d+ addr=/),
    ]);
    expect(lines.filter((l) => l === 'Unable to connect to MASTER: Invalid argument').length).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => l.startsWith('MASTER <-> REPLICA sync started'))).toBe(false);
    expect(connectErrors(res, 'r1')).toEqual([]);
  });

  it('says "Reconnecting to MASTER" without "after failure" when the link to its master is lost', () => {
    const res = run(`node m r1
r1> REPLICAOF m 6379
until r1 online
sleep 1s
r1> CLIENT KILL TYPE master
sleep 100ms
`);
    const lines = res.sim.trace.flatMap((e) => (e.node === 'r1' && e.kind === 'log' ? [e.text] : []));
    const lost = lines.lastIndexOf('Connection with master lost.');
    expect(lines.slice(lost, lost + 4)).toEqual(['Connection with master lost.', 'Caching the disconnected master state.', 'Reconnecting to MASTER m:6379', 'MASTER <-> REPLICA sync started']);
  });
});
