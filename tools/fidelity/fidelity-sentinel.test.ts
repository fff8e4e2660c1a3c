// Tests of the fidelity check's Sentinel part on hand-made logs and replies: event extraction and
// normalisation, pairing the Sentinels by role, the timing tolerance, the races it explains, the
// final roles, and the normalised SENTINEL replies. No real Redis needed.

import { describe, expect, it } from 'vitest';
import { normalizeSentinelReply } from './fidelity-normalize.ts';
import { SENTINEL_TIME_TOLERANCE_MS, compareSentinels, normalizeEventText, sentinelEvents } from './fidelity-sentinel.ts';
import { rewriteSentinelCommand, sentinelConfLines, simPortsOf } from './fidelity-driver.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { LogEntry, ScenarioContext, World, WorldRun } from './fidelity-types.ts';

const ID = (c: string) => c.repeat(40);

function world(w: World, ports: Record<string, number>, logs: Record<string, [number, string][]>, end: Record<string, Record<string, string> | null> = {}): WorldRun {
  const l = new Map<string, LogEntry[]>();
  for (const [n, entries] of Object.entries(logs)) l.set(n, entries.map(([ms, msg]) => ({ ms, role: 'X', level: '#', msg })));
  return {
    world: w, steps: [], logs: l, starts: new Map(), stops: new Map(), pings: null, totalMs: 20_000,
    ports: new Map(Object.entries(ports)),
    end: new Map(Object.entries(end).map(([n, f]) => [n, f ? { alive: true, fields: new Map(Object.entries(f)) } : { alive: false, fields: new Map() }])),
  };
}

const CTX: ScenarioContext = { file: 't.scn', nodes: ['m', 'r1'], sentinels: ['s1', 's2'], masterOf: new Map(), pingPeriodSec: 10, cuts: [] };
const ENG_PORTS = { m: 6379, r1: 6380, s1: 26379, s2: 26380 };
const REAL_PORTS = { m: 7600, r1: 7601, s1: 7602, s2: 7603 };

/** A failover led by `leader` (the other votes for it), in a world's ports, shifted by `dt` ms. */
function failoverLogs(p: Record<string, number>, leader: 's1' | 's2', dt: number, ids: Record<string, string>): Record<string, [number, string][]> {
  const other = leader === 's1' ? 's2' : 's1';
  const m = `127.0.0.1 ${p.m}`;
  const r1 = `127.0.0.1:${p.r1} 127.0.0.1 ${p.r1}`;
  return {
    [leader]: [
      [0, `Sentinel ID is ${ids[leader]}`],
      [5000 + dt, `+sdown master mymaster ${m}`],
      [5050 + dt, `+odown master mymaster ${m} #quorum 2/2`],
      [5050 + dt, '+new-epoch 1'],
      [5050 + dt, `+try-failover master mymaster ${m}`],
      [5051 + dt, `+vote-for-leader ${ids[leader]} 1`],
      [5100 + dt, `+elected-leader master mymaster ${m}`],
      [5150 + dt, `+selected-slave slave ${r1} @ mymaster ${m}`],
      [6200 + dt, `+switch-master mymaster ${m} 127.0.0.1 ${p.r1}`],
    ],
    [other]: [
      [0, `Sentinel ID is ${ids[other]}`],
      [5020 + dt, `+sdown master mymaster ${m}`],
      [5052 + dt, '+new-epoch 1'],
      [5052 + dt, `+vote-for-leader ${ids[leader]} 1`],
      [6100 + dt, `+config-update-from sentinel ${ids[leader]} 127.0.0.1 ${p[leader]} @ mymaster ${m}`],
      [6100 + dt, `+switch-master mymaster ${m} 127.0.0.1 ${p.r1}`],
    ],
  };
}


describe('Sentinel events from the logs', () => {
  it('reads the events, addresses and Sentinel IDs as node names', () => {
    const ports = new Map([[7600, 'm'], [7601, 'r1'], [7602, 's1']]);
    const ids = new Map([[ID('a'), 's1']]);
    expect(normalizeEventText(`slave 127.0.0.1:7601 127.0.0.1 7601 @ mymaster 127.0.0.1 7600`, ports, ids)).toBe('slave <r1> <r1> @ mymaster <m>');
    expect(normalizeEventText(`sentinel ${ID('a')} 127.0.0.1 7602 @ mymaster 127.0.0.1 7600`, ports, ids)).toBe('sentinel <s1> <s1> @ mymaster <m>');
    const logs = new Map<string, LogEntry[]>([['s1', [
      { ms: 1, role: 'X', level: '#', msg: `Sentinel ID is ${ID('a')}` },
      { ms: 2, role: 'X', level: '#', msg: '+monitor master mymaster 127.0.0.1 7600 quorum 2' },
      { ms: 3, role: 'X', level: '*', msg: 'Sentinel new configuration saved on disk' },
    ]]]);
    expect(sentinelEvents(logs, ['s1'], ports)).toEqual([{ ms: 2, sentinel: 's1', event: '+monitor', text: 'master mymaster <m> quorum 2' }]);
  });
});

describe('compareSentinels', () => {
  const realIds = { s1: ID('a'), s2: ID('b') };
  const engIds = { s1: ID('c'), s2: ID('d') };

  it('pairs the leader with the leader: a failover led by s2 in one run and s1 in the other is the same', () => {
    const real = world('real', REAL_PORTS, failoverLogs(REAL_PORTS, 's2', 300, realIds), { m: null, r1: { role: 'master' } });
    const eng = world('engine', ENG_PORTS, failoverLogs(ENG_PORTS, 's1', 0, engIds), { m: null, r1: { role: 'master' } });
    const rep = compareSentinels(CTX, eng, real)!;
    expect(rep.pairs.get('s2')).toBe('s1');
    expect(rep.pairs.get('s1')).toBe('s2');
    expect(rep.events.every((e) => e.verdict.kind === 'same')).toBe(true);
    expect(rep.eventsSame).toBe(13);
    expect(rep.selected).toEqual({ real: ['r1'], engine: ['r1'], verdict: { kind: 'same' } });
    expect(rep.roles.map((r) => [r.node, r.real, r.engine, r.verdict.kind])).toEqual([['m', 'down', 'down', 'same'], ['r1', 'master', 'master', 'same']]);
  });

  it('flags an event more than the tolerance apart, an event in one run only, another replica and another role', () => {
    const rl = failoverLogs(REAL_PORTS, 's1', 0, realIds);
    rl.s1[7] = [5150, `+selected-slave slave 127.0.0.1:7600 127.0.0.1 7600 @ mymaster 127.0.0.1 7600`];
    rl.s2.push([9000, '+fix-slave-config slave 127.0.0.1:7601 127.0.0.1 7601 @ mymaster 127.0.0.1 7601']);
    const el = failoverLogs(ENG_PORTS, 's1', 0, engIds);
    el.s1[8] = [6200 + SENTINEL_TIME_TOLERANCE_MS + 1, el.s1[8][1]];
    const rep = compareSentinels(CTX, world('engine', ENG_PORTS, el, { m: { role: 'slave', master_port: '6380', master_link_status: 'up' }, r1: { role: 'master' } }),
      world('real', REAL_PORTS, rl, { m: null, r1: { role: 'master' } }))!;
    const bad = rep.events.filter((e) => e.verdict.kind === 'DIFF').map((e) => `${e.real ? 'real' : '-'}/${e.engine ? 'engine' : '-'} ${(e.real ?? e.engine)!.event}`);
    expect(bad).toEqual(['real/- +selected-slave', '-/engine +selected-slave', 'real/engine +switch-master', 'real/- +fix-slave-config']);
    expect(rep.selected.verdict.kind).toBe('DIFF');
    expect(rep.roles.find((r) => r.node === 'm')).toMatchObject({ real: 'down', engine: 'replica of r1', verdict: { kind: 'DIFF' } });
  });

  it('explains a Sentinel that also asked for votes in the same epoch when the leader is the same', () => {
    const rl = failoverLogs(REAL_PORTS, 's1', 0, realIds);
    // s2 reached o_down as well and asked for itself before it saw s1's request.
    rl.s2.splice(2, 2, [5040, '+odown master mymaster 127.0.0.1 7600 #quorum 2/2'], [5040, '+new-epoch 1'], [5040, '+try-failover master mymaster 127.0.0.1 7600'], [5041, `+vote-for-leader ${ID('b')} 1`]);
    const rep = compareSentinels(CTX, world('engine', ENG_PORTS, failoverLogs(ENG_PORTS, 's1', 0, engIds)), world('real', REAL_PORTS, rl))!;
    const notSame = rep.events.filter((e) => e.verdict.kind !== 'same');
    expect(notSame.map((e) => [(e.real ?? e.engine)!.event, e.verdict.kind])).toEqual([
      ['+odown', 'DIFF'], ['+try-failover', 'explained'], ['+vote-for-leader', 'explained'], ['+vote-for-leader', 'explained'],
    ]);
  });

  it('explains the same +convert-to-slave sent by another Sentinel', () => {
    const rl = failoverLogs(REAL_PORTS, 's1', 0, realIds);
    const el = failoverLogs(ENG_PORTS, 's1', 0, engIds);
    rl.s2.push([20_900, '+convert-to-slave slave 127.0.0.1:7600 127.0.0.1 7600 @ mymaster 127.0.0.1 7601']);
    el.s1.push([20_500, '+convert-to-slave slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6380']);
    const rep = compareSentinels(CTX, world('engine', ENG_PORTS, el), world('real', REAL_PORTS, rl))!;
    const conv = rep.events.filter((e) => (e.real ?? e.engine)!.event === '+convert-to-slave');
    expect(conv.map((e) => e.verdict.kind)).toEqual(['explained', 'explained']);
  });

  it('explains an +odown 1 s late in the run where that Sentinel saw +sdown first (its first ask came too soon)', () => {
    const rl = failoverLogs(REAL_PORTS, 's1', 0, realIds);
    const el = failoverLogs(ENG_PORTS, 's1', 0, engIds);
    rl.s2.push([6700, '+odown master mymaster 127.0.0.1 7600 #quorum 2/2']);
    rl.s2[1] = [4900, rl.s2[1][1]]; // s2's +sdown before s1's
    el.s2.push([5030, '+odown master mymaster 127.0.0.1 6379 #quorum 2/2']);
    const rep = compareSentinels(CTX, world('engine', ENG_PORTS, el), world('real', REAL_PORTS, rl))!;
    const od = rep.events.filter((e) => e.real?.sentinel === 's2' && e.real.event === '+odown');
    expect(od).toHaveLength(1);
    expect(od[0].verdict.kind).toBe('explained');
    expect(od[0].verdict.kind === 'explained' && od[0].verdict.why).toContain('SENTINEL_ASK_PERIOD');
  });

  it('explains a +convert-to-slave two Sentinels sent at once in one run and one sent in the other', () => {
    const rl = failoverLogs(REAL_PORTS, 's1', 0, realIds);
    const el = failoverLogs(ENG_PORTS, 's1', 0, engIds);
    rl.s1.push([20_900, '+convert-to-slave slave 127.0.0.1:7600 127.0.0.1 7600 @ mymaster 127.0.0.1 7601']);
    rl.s2.push([20_902, '+convert-to-slave slave 127.0.0.1:7600 127.0.0.1 7600 @ mymaster 127.0.0.1 7601']);
    el.s1.push([20_500, '+convert-to-slave slave 127.0.0.1:6379 127.0.0.1 6379 @ mymaster 127.0.0.1 6380']);
    const rep = compareSentinels(CTX, world('engine', ENG_PORTS, el), world('real', REAL_PORTS, rl))!;
    const conv = rep.events.filter((e) => (e.real ?? e.engine)!.event === '+convert-to-slave');
    expect(conv.map((e) => [e.real?.sentinel ?? '-', e.engine?.sentinel ?? '-', e.verdict.kind])).toEqual([['s1', 's1', 'same'], ['s2', '-', 'explained']]);
  });

  it("explains the leader's -odown just before +failover-end in one run only, not one long before it", () => {
    const rl = failoverLogs(REAL_PORTS, 's1', 0, realIds);
    const el = failoverLogs(ENG_PORTS, 's1', 0, engIds);
    rl.s1.push([6190, '+failover-end master mymaster 127.0.0.1 7600']);
    el.s1.push([6190, '-odown master mymaster 127.0.0.1 6379'], [6190, '+failover-end master mymaster 127.0.0.1 6379']);
    const rep = compareSentinels(CTX, world('engine', ENG_PORTS, el), world('real', REAL_PORTS, rl))!;
    const od = rep.events.find((e) => e.engine?.event === '-odown')!;
    expect(od.verdict.kind).toBe('explained');
    expect(od.verdict.kind === 'explained' && od.verdict.why).toContain('is-master-down-by-addr');
    el.s1.splice(-2, 1, [3000, '-odown master mymaster 127.0.0.1 6379']);
    const rep2 = compareSentinels(CTX, world('engine', ENG_PORTS, el), world('real', REAL_PORTS, rl))!;
    expect(rep2.events.find((e) => e.engine?.event === '-odown')!.verdict.kind).toBe('DIFF');
  });

  it('is null without Sentinels', () => {
    expect(compareSentinels({ ...CTX, sentinels: [] }, world('engine', {}, {}), world('real', {}, {}))).toBeNull();
  });
});

describe('normalizeSentinelReply', () => {
  const ports = new Map([[7600, 'm'], [7601, 'r1'], [7602, 's1']]);
  const ids = new Map([[ID('a'), 's1']]);

  it('replaces ports, run ids, ages and offsets by what they stand for, and keeps flags and counts', () => {
    const printed = [
      ' 1) "name"', ' 2) "mymaster"', ' 3) "ip"', ' 4) "127.0.0.1"', ' 5) "port"', ' 6) "7600"', ' 7) "runid"', ` 8) "${ID('e')}"`,
      ' 9) "flags"', '10) "master"', '11) "last-ping-sent"', '12) "0"', '13) "last-ok-ping-reply"', '14) "412"',
      '15) "num-slaves"', '16) "1"',
    ].join('\n');
    expect(normalizeSentinelReply(['SENTINEL', 'MASTER', 'mymaster'], printed, ports, ids)).toBe([
      ' 1) "name"', ' 2) "mymaster"', ' 3) "ip"', ' 4) "127.0.0.1"', ' 5) "port"', ' 6) "<m>"', ' 7) "runid"', ' 8) "<runid>"',
      ' 9) "flags"', '10) "master"', '11) "last-ping-sent"', '12) "0"', '13) "last-ok-ping-reply"', '14) "<ms>"',
      '15) "num-slaves"', '16) "1"',
    ].join('\n'));
    expect(normalizeSentinelReply(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'], '1) "127.0.0.1"\n2) "7601"', ports, ids)).toBe('1) "127.0.0.1"\n2) "<r1>"');
  });

  it('sorts the instance lists, which Redis prints in hash order, and names Sentinels by their run id', () => {
    const a = ['1)  1) "name"', `    2) "${ID('a')}"`, '    3) "port"', '    4) "7602"', '    5) "voted-leader"', `    6) "${ID('a')}"`].join('\n');
    const b = ['1)  1) "name"', '    2) "127.0.0.1:7601"', '    3) "slave-repl-offset"', '    4) "8812"'].join('\n');
    const two = `${a}\n${b.replace(/^1\)/, '2)')}`;
    const swapped = `${b}\n${a.replace(/^1\)/, '2)')}`;
    const n1 = normalizeSentinelReply(['SENTINEL', 'SENTINELS', 'mymaster'], two, ports, ids);
    expect(n1).toBe(normalizeSentinelReply(['SENTINEL', 'SENTINELS', 'mymaster'], swapped, ports, ids));
    expect(n1).toContain('"<sentinel s1>"');
    expect(n1).toContain('"<a sentinel>"');
    expect(n1).toContain('"<r1>"');
    expect(n1).toContain('"<n>"');
  });
});

describe('the real run of Sentinels', () => {
  const p = parseScenario('node m r1\nsentinel s1 s2 --sentinel monitor mymaster 127.0.0.1 6379 2 --sentinel down-after-milliseconds mymaster 1000\n');
  if (!p.ok) throw new Error('parse');
  const sim = simPortsOf(p.steps);
  const real = new Map([['m', 7600], ['r1', 7601], ['s1', 7602], ['s2', 7603]]);

  it('knows the simulated ports: data nodes from 6379, Sentinels from 26379', () => {
    expect([...sim]).toEqual([[6379, 'm'], [6380, 'r1'], [26379, 's1'], [26380, 's2']]);
  });

  it("writes the sentinel.conf lines with the monitored master's real port", () => {
    const st = p.steps.find((s) => s.type === 'node' && s.kind === 'sentinel');
    expect(st?.type === 'node' && sentinelConfLines(st.config ?? {}, sim, real)).toEqual([
      'sentinel monitor mymaster 127.0.0.1 7600 2', 'sentinel down-after-milliseconds mymaster 1000',
    ]);
  });

  it('points SENTINEL MONITOR and IS-MASTER-DOWN-BY-ADDR at real ports, other commands as typed', () => {
    expect(rewriteSentinelCommand(['SENTINEL', 'MONITOR', 'x', '127.0.0.1', '6380', '1'], sim, real)).toEqual(['SENTINEL', 'MONITOR', 'x', '127.0.0.1', '7601', '1']);
    expect(rewriteSentinelCommand(['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '0', '*'], sim, real)).toEqual(['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '7600', '0', '*']);
    expect(rewriteSentinelCommand(['SENTINEL', 'MONITOR', 'x', '10.0.0.1', '6380', '1'], sim, real)).toEqual(['SENTINEL', 'MONITOR', 'x', '10.0.0.1', '6380', '1']);
    expect(rewriteSentinelCommand(['GET', '127.0.0.1', '6379'], sim, real)).toEqual(['GET', '127.0.0.1', '6379']);
  });
});
