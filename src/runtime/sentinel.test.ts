// Sentinel in the simulation, as Redis 7.0's sentinel.c behaves: three Sentinels watch a master
// and two replicas; a crash is noticed (+sdown), agreed on (+odown), a leader is elected by epoch
// votes, the best replica is promoted and the other one follows it with a partial resync; a
// partitioned master loses the writes it took once it rejoins as a replica; a quorum that cannot
// be reached leaves the master alone. Then a seed sweep checks the failover's invariants.

import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../engine/io.ts';
import { parseScenario } from '../scenario/parse.ts';
import { serializeStep } from '../scenario/serialize.ts';
import { resolveAddress } from './address.ts';
import { cliHash } from './cli-hash.ts';
import { Timeline } from './timeline.ts';
import { runScenario, type RunResult } from './run-scenario.ts';

function run(text: string): RunResult {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return runScenario(p.steps, p.seed, { keepTrace: true });
}

const out = (r: RunResult, text: string) => r.transcript.find((x) => x.text === text)!.output;

type SentinelEv = Extract<NodeEvent, { type: 'sentinelEvent' }>;
function sentinelEvents(r: RunResult, node?: string): (SentinelEv & { node: string; t: number })[] {
  return r.sim.trace.flatMap((e) => (e.kind === 'event' && e.event.type === 'sentinelEvent' && (!node || e.node === node) ? [{ ...e.event, node: e.node, t: e.t }] : []));
}
function logLines(r: RunResult, node: string): string[] {
  return r.sim.trace.flatMap((e) => (e.kind === 'log' && e.node === node ? [e.text] : []));
}

const SETUP = (seed: number, extra = '') => `seed ${seed}
node m r1 r2
r1> REPLICAOF 127.0.0.1 6379
r2> REPLICAOF 127.0.0.1 6379
until r1 online
until r2 online
sentinel s1 s2 s3 --sentinel monitor mymaster 127.0.0.1 6379 2 --sentinel down-after-milliseconds mymaster 5000${extra}
sleep 12s
`;

/** The failover's events, as the leader logs them, from +sdown to +switch-master. */
const LEADER_SEQUENCE = [
  '+sdown', '+odown', '+new-epoch', '+try-failover', '+vote-for-leader', '+elected-leader', '+failover-state-select-slave',
  '+selected-slave', '+failover-state-send-slaveof-noone', '+failover-state-wait-promotion', '+promoted-slave',
  '+failover-state-reconf-slaves', '+slave-reconf-sent', '+slave-reconf-inprog', '+slave-reconf-done', '+failover-end', '+switch-master',
];

describe('Sentinel: discovery and replies', () => {
  const r = run(`${SETUP(5)}s1> SENTINEL CKQUORUM mymaster
s1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster
s1> INFO sentinel
s1> INFO
s1> ROLE
s1> PING
s1> GET a
s1> SENTINEL MASTER nosuch
s1> SENTINEL MONITOR other m 6379 2
s1> SENTINEL MONITOR mymaster 127.0.0.1 6379 2
s1> SENTINEL MONITOR other 127.0.0.1 6379 0
s1> SENTINEL SET mymaster down-after-milliseconds soon
s1> SENTINEL SET mymaster color blue
s1> SENTINEL IS-MASTER-DOWN-BY-ADDR 127.0.0.1 6379 0 *
s1> PUBLISH news hi
s1> SENTINEL SET mymaster parallel-syncs 2
s2> SENTINEL MONITOR extra 127.0.0.1 6380 1
s2> SENTINEL REMOVE extra
`);

  it('finds the replicas from INFO and the other Sentinels from their hello messages', () => {
    for (const s of ['s1', 's2', 's3']) {
      const names = sentinelEvents(r, s).map((e) => `${e.name} ${e.detail}`);
      expect(names.filter((n) => n.startsWith('+slave '))).toEqual([
        '+slave slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
        '+slave slave 127.0.0.1:6381 127.0.0.1 6381 @ mymaster 127.0.0.1 6379',
      ]);
      const sentinels = names.filter((n) => n.startsWith('+sentinel '));
      expect(sentinels).toHaveLength(2);
      for (const n of sentinels) expect(n).toMatch(/^\+sentinel sentinel [0-9a-f]{40} 127\.0\.0\.1 2638[0-1]|^\+sentinel sentinel [0-9a-f]{40} 127\.0\.0\.1 26379/);
    }
    expect(logLines(r, 's1').slice(0, 8)).toEqual([
      'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
      expect.stringMatching(/^Redis version=7\.0\.15, bits=64, commit=00000000, modified=0, pid=\d+, just started$/),
      'Configuration loaded', 'monotonic clock: POSIX clock_gettime', 'Running mode=sentinel, port=26379.',
      'Sentinel new configuration saved on disk', expect.stringMatching(/^Sentinel ID is [0-9a-f]{40}$/),
      '+monitor master mymaster 127.0.0.1 6379 quorum 2',
    ]);
    const line = r.sim.trace.find((e) => e.kind === 'log' && e.node === 's1' && e.text.startsWith('+monitor'));
    expect(line?.kind === 'log' && line.line).toMatch(/^\d+:X 01 Jan 2026 00:00:\d\d\.\d{3} # \+monitor master mymaster 127\.0\.0\.1 6379 quorum 2$/);
  });

  it("answers SENTINEL, INFO, ROLE and PING with Redis's replies", () => {
    expect(out(r, 's1> SENTINEL CKQUORUM mymaster')).toBe('OK 3 usable Sentinels. Quorum and failover authorization can be reached\n');
    expect(out(r, 's1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster')).toBe('1) "127.0.0.1"\n2) "6379"\n');
    expect(out(r, 's1> INFO sentinel')).toContain('master0:name=mymaster,status=ok,address=127.0.0.1:6379,slaves=2,sentinels=3');
    expect(out(r, 's1> INFO').split(/\r?\n/).filter((l) => l.startsWith('#'))).toEqual(['# Server', '# Clients', '# Stats', '# CPU', '# Sentinel']);
    expect(out(r, 's1> INFO')).toContain('redis_mode:sentinel');
    expect(out(r, 's1> ROLE')).toBe('1) "sentinel"\n2) 1) "mymaster"\n');
    expect(out(r, 's1> PING')).toBe('PONG\n');
    expect(out(r, 's1> GET a')).toBe("(error) ERR unknown command 'GET', with args beginning with: 'a' \n");
    expect(out(r, 's1> SENTINEL MASTER nosuch')).toBe('(error) ERR No such master with that name\n');
    expect(out(r, 's1> SENTINEL MONITOR other m 6379 2')).toBe('(error) ERR Invalid IP address or hostname specified\n');
    expect(out(r, 's1> SENTINEL MONITOR mymaster 127.0.0.1 6379 2')).toBe('(error) ERR Duplicate master name.\n');
    expect(out(r, 's1> SENTINEL MONITOR other 127.0.0.1 6379 0')).toBe('(error) ERR Quorum must be 1 or greater.\n');
    expect(out(r, 's1> SENTINEL SET mymaster down-after-milliseconds soon')).toBe("(error) ERR Invalid argument 'soon' for SENTINEL SET 'down-after-milliseconds'\n");
    expect(out(r, 's1> SENTINEL SET mymaster color blue')).toBe("(error) ERR Unknown option or number of arguments for SENTINEL SET 'color'\n");
    expect(out(r, 's1> SENTINEL IS-MASTER-DOWN-BY-ADDR 127.0.0.1 6379 0 *')).toBe('1) (integer) 0\n2) "*"\n3) (integer) 0\n');
    expect(out(r, 's1> PUBLISH news hi')).toBe('(error) ERR Only HELLO messages are accepted by Sentinel instances.\n');
    expect(out(r, 's1> SENTINEL SET mymaster parallel-syncs 2')).toBe('OK\n');
    expect(logLines(r, 's1')).toContain('+set master mymaster 127.0.0.1 6379 parallel-syncs 2');
    expect(out(r, 's2> SENTINEL MONITOR extra 127.0.0.1 6380 1')).toBe('OK\n');
    expect(out(r, 's2> SENTINEL REMOVE extra')).toBe('OK\n');
    expect(logLines(r, 's2')).toContain('-monitor master extra 127.0.0.1 6380');
  });

  it('the hello messages travel as PUBLISH through the master, moving its replication offset', () => {
    const published = r.sim.trace.filter((e) => e.kind === 'event' && e.node === 'm' && e.event.type === 'commandPropagated' && e.event.argv[0] === 'PUBLISH');
    expect(published.length).toBeGreaterThan(10);
  });
});

describe('Sentinel: a clean failover', () => {
  const r = run(`${SETUP(7)}m> SET a 1
crash m
sleep 30s
s1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster
r1> GET a
`);
  const leader = sentinelEvents(r).find((e) => e.name === '+elected-leader')!.node;

  it('goes from +sdown to +switch-master in sentinel.c order on the leader', () => {
    const names = sentinelEvents(r, leader).map((e) => e.name).filter((n) => LEADER_SEQUENCE.includes(n));
    const from = names.indexOf('+sdown');
    expect(names.slice(from, from + LEADER_SEQUENCE.length)).toEqual(LEADER_SEQUENCE);
    expect(logLines(r, leader)).toContain('+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380');
    // The others learn the new configuration from the leader's hello.
    for (const s of ['s1', 's2', 's3'].filter((x) => x !== leader)) {
      const n = sentinelEvents(r, s).map((e) => e.name);
      expect(n).toContain('+config-update-from');
      expect(n).toContain('+switch-master');
      expect(n).not.toContain('+elected-leader');
    }
  });

  it('the others switch right after +promoted-slave: the leader sends its hello at once, not 2 s later', () => {
    for (const seed of [7, 8, 9, 10, 11]) {
      const x = seed === 7 ? r : run(`${SETUP(seed)}crash m\nsleep 30s\n`);
      const ev = sentinelEvents(x);
      const lead = ev.find((e) => e.name === '+elected-leader')!.node;
      const promoted = ev.find((e) => e.node === lead && e.name === '+promoted-slave')!.t;
      const end = ev.find((e) => e.node === lead && e.name === '+failover-end')!.t;
      for (const s of ['s1', 's2', 's3'].filter((n) => n !== lead)) {
        const sw = ev.find((e) => e.node === s && e.name === '+switch-master')!.t;
        // sentinelForceHelloUpdateForMaster(): the next timer tick (10-19 per second) publishes it.
        expect(sw).toBeGreaterThan(promoted);
        expect(sw - promoted, `seed ${seed}, ${s}`).toBeLessThan(200);
        expect(sw).toBeLessThan(end);
      }
    }
  });

  it('promotes r1 and the other replica follows it with a partial resync', () => {
    expect(out(r, 's1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster')).toBe('1) "127.0.0.1"\n2) "6380"\n');
    expect(out(r, 'r1> GET a')).toBe('"1"\n');
    const r1 = r.sim.nodes.get('r1')!.state!;
    const r2 = r.sim.nodes.get('r2')!.state!;
    expect(r1.masterHost).toBeNull();
    expect([r2.masterHost, r2.masterPort, r2.replState]).toEqual(['127.0.0.1', 6380, 'REPL_STATE_CONNECTED']);
    const crashAt = r.sim.trace.find((e) => e.kind === 'nodeAction' && e.action === 'crash')!.t;
    const syncs = r.sim.trace.filter((e) => e.kind === 'event' && e.node === 'r2' && e.t > crashAt && e.event.type === 'syncFinished');
    expect(syncs.map((e) => e.kind === 'event' && e.event.type === 'syncFinished' && e.event.mode)).toEqual(['partial']);
  });
});

describe('Sentinel: a partition', () => {
  const cutAll = ['r1', 'r2', 's1', 's2', 's3'].map((x) => `cut m ${x}`).join('\n');
  const healAll = ['r1', 'r2', 's1', 's2', 's3'].map((x) => `heal m ${x}`).join('\n');
  const r = run(`${SETUP(3)}${cutAll}
m> SET lost 1
sleep 30s
expect m> GET lost == "1"
${healAll}
sleep 30s
m> GET lost
m> ROLE
`);

  it('the old master takes writes alone, then rejoins as a replica of the new one and loses them', () => {
    expect(r.failures).toEqual([]);
    expect(out(r, 'm> GET lost')).toBe('(nil)\n');
    expect(out(r, 'm> ROLE')).toMatch(/^1\) "slave"\n2\) "127\.0\.0\.1"\n3\) \(integer\) 6380\n4\) "connected"/);
    expect(sentinelEvents(r).filter((e) => e.name === '+convert-to-slave').map((e) => e.detail)).toEqual([
      'slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6380',
    ]);
  });
});

describe('Sentinel: a partition with min-replicas-to-write', () => {
  const cutAll = ['r1', 'r2', 's1', 's2', 's3'].map((x) => `cut m ${x}`).join('\n');
  const healAll = ['r1', 'r2', 's1', 's2', 's3'].map((x) => `heal m ${x}`).join('\n');
  const r = run(`${SETUP(8)}m> CONFIG SET min-replicas-to-write 1
m> CONFIG SET min-replicas-max-lag 10
${cutAll}
m> SET early 1
sleep 12s
m> SET late 1
sleep 20s
${healAll}
sleep 30s
m> GET early
m> ROLE
`);

  it('the isolated master stops taking writes once its replicas lag, so less is lost', () => {
    expect(out(r, 'm> SET early 1')).toBe('OK\n');
    expect(out(r, 'm> SET late 1')).toBe('(error) NOREPLICAS Not enough good replicas to write.\n');
    expect(out(r, 'm> GET early')).toBe('(nil)\n');
    expect(out(r, 'm> ROLE')).toMatch(/^1\) "slave"/);
  });
});

describe('Sentinel: a quorum that cannot be reached', () => {
  const r = run(`${SETUP(11).replace('mymaster 127.0.0.1 6379 2', 'mymaster 127.0.0.1 6379 3')}crash s3
sleep 10s
s1> SENTINEL CKQUORUM mymaster
crash m
sleep 30s
s1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster
s1> INFO sentinel
`);

  it('sees the master down but never agrees it is, and promotes no one', () => {
    expect(out(r, 's1> SENTINEL CKQUORUM mymaster')).toBe('(error) NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master\n');
    const names = sentinelEvents(r).map((e) => `${e.node} ${e.name}`);
    expect(names).toContain('s1 +sdown');
    expect(names.filter((n) => n.endsWith('+odown') || n.endsWith('+try-failover') || n.endsWith('+switch-master'))).toEqual([]);
    expect(out(r, 's1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster')).toBe('1) "127.0.0.1"\n2) "6379"\n');
    expect(out(r, 's1> INFO sentinel')).toContain('master0:name=mymaster,status=sdown,address=127.0.0.1:6379,slaves=2,sentinels=3');
  });
});

describe('Sentinel: a failover without a majority', () => {
  const r = run(`seed 12
node m r1
r1> REPLICAOF 127.0.0.1 6379
until r1 online
sentinel s1 s2 --sentinel monitor mymaster 127.0.0.1 6379 1 --sentinel down-after-milliseconds mymaster 5000
sleep 12s
crash s2
crash m
sleep 30s
s1> SENTINEL CKQUORUM mymaster
s1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster
`);

  it('reaches o_down with quorum 1 but, alone of two, is never elected and gives up', () => {
    const names = sentinelEvents(r, 's1').filter((e) => e.instance === 'master').map((e) => e.name);
    const from = names.indexOf('+odown');
    expect(names.slice(from)).toEqual(['+odown', '+new-epoch', '+try-failover', '+vote-for-leader', '-failover-abort-not-elected']);
    expect(logLines(r, 's1')).toContain('+odown master mymaster 127.0.0.1 6379 #quorum 1/1');
    const tries = sentinelEvents(r, 's1').filter((e) => e.name === '+try-failover' || e.name === '-failover-abort-not-elected').map((e) => e.t);
    expect(tries[1] - tries[0]).toBeGreaterThan(10_000);
    expect(tries[1] - tries[0]).toBeLessThan(11_200);
    expect(logLines(r, 's1')).toContain('Next failover delay: I will not start a failover before Thu Jan  1 00:06:22 2026');
    expect(out(r, 's1> SENTINEL CKQUORUM mymaster')).toBe('(error) NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover\n');
    expect(out(r, 's1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster')).toBe('1) "127.0.0.1"\n2) "6379"\n');
  });
});

describe('Sentinel: which replica is promoted', () => {
  it('the lower replica-priority first, even with a smaller offset', () => {
    const r = run(`${SETUP(2)}r2> CONFIG SET replica-priority 10
cut m r2
m> SET a 1
sleep 11s
crash m
sleep 30s
s1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster
`);
    expect(out(r, 's1> SENTINEL GET-MASTER-ADDR-BY-NAME mymaster')).toBe('1) "127.0.0.1"\n2) "6381"\n');
  });
});

describe('Sentinel: scenario lines', () => {
  it('parses and prints a sentinel line with its sentinel.conf options', () => {
    const p = parseScenario('node m\nsentinel s1 s2 --sentinel monitor mymaster 127.0.0.1 6379 2 --sentinel failover-timeout mymaster 10000\n');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const st = p.steps[1];
    expect(st).toMatchObject({ type: 'node', kind: 'sentinel', names: ['s1', 's2'] });
    expect(serializeStep(st)).toBe('sentinel s1 s2 --sentinel monitor mymaster 127.0.0.1 6379 2 --sentinel failover-timeout mymaster 10000');
    const bad = parseScenario('sentinel s1 --sentinel monitr mymaster 127.0.0.1 6379 2\n');
    expect(!bad.ok && bad.errors[0].message).toBe("sentinel option '--sentinel monitr mymaster 127.0.0.1 6379 2': Unrecognized sentinel configuration statement.");
  });

  it('a Sentinel answers by name on 26379 and on its own port; over the network the hello names its network address', () => {
    const nodes = [{ name: 'm', port: 6379, ip: '172.18.0.2', namedPort: 6379 }, { name: 's1', port: 26379, ip: '172.18.0.3', namedPort: 26379 }, { name: 's2', port: 26380, ip: '172.18.0.4', namedPort: 26379 }];
    expect(resolveAddress('s2', 26379, nodes)?.node.name).toBe('s2');
    expect(resolveAddress('s2', 26380, nodes)?.node.name).toBe('s2');
    expect(resolveAddress('s2', 6379, nodes)).toBeUndefined();
    expect(resolveAddress('127.0.0.1', 26380, nodes)?.node.name).toBe('s2');
    const r = run(`node m
sentinel s1 s2
s2> SENTINEL MONITOR mymaster 172.18.0.2 6379 1
sleep 3s
s1> SENTINEL MONITOR mymaster 172.18.0.2 6379 1
sleep 3s
s1> SENTINEL SENTINELS mymaster
`);
    expect(out(r, 's1> SENTINEL SENTINELS mymaster')).toMatch(/"ip"\n\s+4\) "172\.18\.0\.4"\n\s+5\) "port"\n\s+6\) "26380"/);
  });
});

describe('Sentinel seed sweep: failover invariants', () => {
  for (const seed of [1, 4, 9, 21]) {
    it(`seed ${seed}: one promoted replica per epoch, the best offset, everyone follows it`, () => {
      const r = run(`${SETUP(seed)}cut m r2
m> SET a 1
m> SET b 2
sleep 1s
heal m r2
crash m
sleep 40s
`);
      const evs = sentinelEvents(r);
      const promoted = new Map<number, Set<string>>();
      for (const e of evs.filter((x) => x.name === '+promoted-slave')) {
        const set = promoted.get(e.epoch) ?? new Set<string>();
        set.add(e.instanceName);
        promoted.set(e.epoch, set);
      }
      expect(promoted.size).toBeGreaterThan(0);
      for (const set of promoted.values()) expect(set.size).toBe(1);
      for (const e of r.sim.trace) {
        if (e.kind !== 'event' || e.event.type !== 'sentinelSelected') continue;
        const chosen = e.event.candidates[0];
        for (const c of e.event.candidates) if (c.priority === chosen.priority) expect(chosen.offset).toBeGreaterThanOrEqual(c.offset);
      }
      const master = evs.filter((x) => x.name === '+switch-master').at(-1)!.detail.split(' ');
      const newPort = Number(master[4]);
      for (const name of ['r1', 'r2']) {
        const st = r.sim.nodes.get(name)!.state!;
        if (st.port === newPort) expect(st.masterHost).toBeNull();
        else expect([st.masterPort, st.replState]).toEqual([newPort, 'REPL_STATE_CONNECTED']);
      }
    });
  }
});

describe('Sentinel on the time machine', () => {
  it('replays a failover to the CLI hash, and a seek back and forth finds the same run', async () => {
    const text = `${SETUP(6)}crash m
sleep 25s
`;
    const r = Timeline.load(text);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const tl = r.timeline;
    await tl.advanceTo(tl.scriptEndMs);
    const end = tl.snapshot();
    expect(end.traceHash).toBe(cliHash(text));
    await tl.seek(14_000);
    await tl.seek(tl.scriptEndMs);
    expect({ ...tl.snapshot(), headMs: 0 }).toEqual({ ...end, headMs: 0 });
  });
});
