// Tests of the fidelity check's comparison and difference classification, on hand-made runs.

import { describe, expect, it } from 'vitest';
import { compareRuns, decisionCounts, lcsPairs, mergeDiffs, type Difference } from './fidelity-compare.ts';
import type { LogEntry, NodeEnd, ScenarioContext, StepRecord, World, WorldRun } from './fidelity-types.ts';

interface StepSpec {
  line: number;
  text: string;
  kind?: StepRecord['kind'];
  node?: string | null;
  at: number;
  end?: number;
  replies?: [string[], string][];
  before?: number | null;
  after?: number | null;
  untilOk?: boolean | null;
}

const mkStep = (s: StepSpec): StepRecord => ({
  line: s.line, text: s.text, kind: s.kind ?? 'command', node: s.node ?? null, startMs: s.at, endMs: s.end ?? s.at,
  replies: (s.replies ?? []).map(([argv, printed]) => ({ argv, printed })),
  offsetBefore: s.before ?? null, offsetAfter: s.after ?? null, untilOk: s.untilOk ?? null,
});

interface WorldSpec {
  steps: StepSpec[];
  logs?: Record<string, [number, string][]>;
  pings?: Record<string, number[]>;
  end?: Record<string, Record<string, string>>;
  totalMs?: number;
}

function mkWorld(world: World, w: WorldSpec): WorldRun {
  const base = world === 'engine' ? 6379 : 7900;
  const ports = new Map([['m', base], ['r1', base + 1]]);
  const logs = new Map<string, LogEntry[]>();
  for (const [n, l] of Object.entries(w.logs ?? {})) logs.set(n, l.map(([ms, msg]) => ({ ms, role: 'M', level: '*', msg })));
  const end = new Map<string, NodeEnd>();
  for (const [n, f] of Object.entries(w.end ?? {})) end.set(n, { alive: true, fields: new Map(Object.entries(f)) });
  return {
    world, steps: w.steps.map(mkStep), end, logs, starts: new Map([['m', [0]], ['r1', [0]]]), stops: new Map(), ports,
    pings: world === 'engine' ? new Map(Object.entries(w.pings ?? {})) : null, totalMs: w.totalMs ?? 0,
  };
}

const ctx = (over: Partial<ScenarioContext> = {}): ScenarioContext => ({
  file: 't.scn', nodes: ['m', 'r1'], masterOf: new Map([['r1', 'm']]), pingPeriodSec: 10, cuts: [], ...over,
});

const kinds = (ds: readonly Difference[]) => ds.map((d) => [d.line, d.what, d.verdict.kind]);

const addr = (port: number) => `127.0.0.1:${port}`;
const attachLog = (port: number, at: number) => [at, `Replica ${addr(port)} asks for synchronization`] as [number, string];

describe('replies', () => {
  it('finds nothing to report in identical runs', () => {
    const spec: WorldSpec = { steps: [{ line: 3, text: 'm> SET a 1', node: 'm', at: 0, replies: [[['SET', 'a', '1'], 'OK']], before: 0, after: 50 }] };
    const r = compareRuns(ctx(), mkWorld('engine', spec), mkWorld('real', spec));
    expect(r.diffs).toEqual([]);
    expect([r.replyLines, r.replyLinesSame, r.replies]).toEqual([1, 1, 1]);
    expect(r.offsets.map((o) => [o.line, o.real, o.engine, o.verdict.kind])).toEqual([[3, 50, 50, 'same']]);
  });

  it('marks a different reply DIFF and a random command explained', () => {
    const eng = mkWorld('engine', { steps: [
      { line: 3, text: 'm> GET a', node: 'm', at: 0, replies: [[['GET', 'a'], '"1"']] },
      { line: 4, text: 'm> SPOP s', node: 'm', at: 0, replies: [[['SPOP', 's'], '"x"']] },
    ] });
    const real = mkWorld('real', { steps: [
      { line: 3, text: 'm> GET a', node: 'm', at: 5, replies: [[['GET', 'a'], '"2"']] },
      { line: 4, text: 'm> SPOP s', node: 'm', at: 6, replies: [[['SPOP', 's'], '"z"']] },
    ] });
    const r = compareRuns(ctx(), eng, real);
    expect(kinds(r.diffs)).toEqual([[3, 'm> GET a', 'DIFF'], [4, 'm> SPOP s', 'explained']]);
    expect([r.replyLines, r.replyLinesSame]).toEqual([2, 0]);
  });

  it('reports one entry for a repeat line, with how many replies differ', () => {
    const argvs = [1, 2, 3].map((i) => ['INCR', `k${i}`]);
    const eng = mkWorld('engine', { steps: [{ line: 2, text: 'repeat 3 m> INCR k{i}', kind: 'repeat', node: 'm', at: 0, replies: argvs.map((a) => [a, '(integer) 1']) }] });
    const real = mkWorld('real', { steps: [{ line: 2, text: 'repeat 3 m> INCR k{i}', kind: 'repeat', node: 'm', at: 0, replies: argvs.map((a, i) => [a, i === 0 ? '(integer) 1' : '(integer) 2']) }] });
    const r = compareRuns(ctx(), eng, real);
    expect(r.diffs.map((d) => d.what)).toEqual(['m> INCR k2 (reply 2 of 3); 2 of 3 replies differ']);
    expect(r.replies).toBe(3);
  });

  it('compares INFO by field, and normalises ports and IDs', () => {
    const inf = (id: string, port: number, state: string) => `# Replication\r\nrole:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=${port},state=${state},offset=0,lag=0\r\nmaster_replid:${id}\r\nmaster_repl_offset:0\r\n`;
    const engLog = { m: [attachLog(6380, 7), [101, `Synchronization with replica ${addr(6380)} succeeded`]] as [number, string][] };
    const realLog = { m: [attachLog(7901, 60), [66, `Synchronization with replica ${addr(7901)} succeeded`]] as [number, string][] };
    const eng = mkWorld('engine', { steps: [{ line: 9, text: 'm> INFO replication', node: 'm', at: 8, replies: [[['INFO', 'replication'], inf('a'.repeat(40), 6380, 'wait_bgsave')]] }], logs: engLog });
    const real = mkWorld('real', { steps: [{ line: 9, text: 'm> INFO replication', node: 'm', at: 115, replies: [[['INFO', 'replication'], inf('b'.repeat(40), 7901, 'online')]] }], logs: realLog });
    const r = compareRuns(ctx(), eng, real);
    expect(kinds(r.diffs)).toEqual([[9, 'm> INFO replication: slave0.state', 'explained']]);
    expect(r.diffs[0].verdict).toMatchObject({ why: expect.stringContaining('observation instant') });
  });

  it('does not explain a state difference the logs do not show', () => {
    const inf = (port: number, state: string) => `role:master\r\nslave0:ip=127.0.0.1,port=${port},state=${state},offset=0,lag=0\r\n`;
    const eng = mkWorld('engine', { steps: [{ line: 9, text: 'm> INFO', node: 'm', at: 8, replies: [[['INFO'], inf(6380, 'wait_bgsave')]] }] });
    const real = mkWorld('real', { steps: [{ line: 9, text: 'm> INFO', node: 'm', at: 115, replies: [[['INFO'], inf(7901, 'online')]] }] });
    expect(kinds(compareRuns(ctx(), eng, real).diffs)).toEqual([[9, 'm> INFO: slave0.state', 'DIFF']]);
  });
});

describe('offsets and PING timing', () => {
  const end = (off: number) => ({ m: { master_repl_offset: String(off) }, r1: { master_repl_offset: String(off) } });

  it('explains a 14-byte end difference by a real PING tick with a replica attached', () => {
    const eng = mkWorld('engine', { steps: [], end: end(123), totalMs: 12_000, logs: { m: [attachLog(6380, 7), [7001, `Connection with replica ${addr(6380)} lost.`], attachLog(6380, 10_008)] } });
    const real = mkWorld('real', { steps: [], end: end(137), totalMs: 12_100, logs: { m: [attachLog(7901, 60)] } });
    const r = compareRuns(ctx(), eng, real);
    expect(r.offsets.map((o) => o.verdict.kind)).toEqual(['explained', 'explained']);
    expect(r.diffs[0].verdict).toMatchObject({ why: expect.stringMatching(/PING timing: 1 PING\(s\) of 14 bytes more.*tick \+10\.001s no replica attached/) });
  });

  it('does not explain by PINGs what is not a multiple of 14', () => {
    const eng = mkWorld('engine', { steps: [], end: end(123), totalMs: 12_000 });
    const real = mkWorld('real', { steps: [], end: end(136), totalMs: 12_100, logs: { m: [attachLog(7901, 60)] } });
    expect(compareRuns(ctx(), eng, real).offsets.map((o) => o.verdict.kind)).toEqual(['DIFF', 'DIFF']);
  });

  it('does not explain a PING the real log says could not happen', () => {
    const eng = mkWorld('engine', { steps: [], end: end(123), totalMs: 12_000 });
    const real = mkWorld('real', { steps: [], end: end(137), totalMs: 12_100, logs: { m: [] } });
    expect(compareRuns(ctx(), eng, real).offsets.map((o) => o.verdict.kind)).toEqual(['DIFF', 'DIFF']);
  });

  it('compares per-command deltas', () => {
    const eng = mkWorld('engine', { steps: [{ line: 5, text: 'm> SET a 1', node: 'm', at: 0, replies: [[['SET', 'a', '1'], 'OK']], before: 0, after: 50 }] });
    const real = mkWorld('real', { steps: [{ line: 5, text: 'm> SET a 1', node: 'm', at: 0, end: 2, replies: [[['SET', 'a', '1'], 'OK']], before: 0, after: 37 }] });
    const r = compareRuns(ctx(), eng, real);
    expect(r.offsets.map((o) => [o.real, o.engine, o.verdict.kind])).toEqual([[37, 50, 'DIFF']]);
    expect(kinds(r.diffs)).toEqual([[5, 'master_repl_offset delta of m> SET a 1', 'DIFF']]);
  });
});

describe('PSYNC decisions and the cut/heal emulation', () => {
  const idm = (at: number, port: number): [number, string][] => [
    attachLog(port, at), [at, "Partial resynchronization not accepted: Replication ID mismatch (Replica asked for 'x', my replication IDs are 'y' and 'z')"],
  ];
  const acc = (at: number, port: number, n: number, off: number): [number, string][] => [
    attachLog(port, at), [at, `Partial resynchronization request from ${addr(port)} accepted. Sending ${n} bytes of backlog starting from offset ${off}.`],
  ];
  const lob = (at: number, port: number, off: number): [number, string][] => [
    attachLog(port, at), [at, `Unable to partial resync with replica ${addr(port)} for lack of backlog (Replica request was: ${off}).`],
  ];
  const steps = (cut: number, write: number, heal: number, written: number): StepSpec[] => [
    { line: 13, text: 'cut m r1', kind: 'cut', at: cut },
    { line: 14, text: 'm> SET x 1', node: 'm', at: write, replies: [[['SET', 'x', '1'], 'OK']], before: 60, after: 60 + written },
    { line: 17, text: 'heal m r1', kind: 'heal', at: heal },
  ];
  const cuts = [{ line: 13, a: 'm', b: 'r1', type: 'cut' as const }, { line: 17, a: 'm', b: 'r1', type: 'heal' as const }];
  const counters = (full: number, ok: number, err: number) => ({ m: { sync_full: String(full), sync_partial_ok: String(ok), sync_partial_err: String(err) } });

  it('explains a real resync during the cut, and the counters it adds', () => {
    const eng = mkWorld('engine', { steps: steps(1008, 1008, 9008, 37), end: counters(1, 1, 1), logs: { m: [...idm(7, 6380), ...acc(10_008, 6380, 63, 61)] } });
    const real = mkWorld('real', { steps: steps(1116, 1117, 9121, 37), end: counters(1, 2, 1), logs: {
      m: [...idm(60, 7901), ...acc(7087, 7901, 0, 124), ...acc(9125, 7901, 0, 124)],
      r1: [[7086, 'MASTER timeout: no data nor PING received...'], [7086, 'Connection with master lost.']],
    } });
    const r = compareRuns(ctx({ cuts }), eng, real);
    expect(r.psync.map((p) => [p.real?.ms ?? null, p.engine?.ms ?? null, p.verdict.kind])).toEqual([[60, 7, 'same'], [7087, null, 'explained'], [9125, 10_008, 'same']]);
    expect(r.psync[1].verdict).toMatchObject({ why: expect.stringContaining("after its own 'MASTER timeout") });
    expect(r.counters.map((c) => [c.counter, c.real, c.engine, c.verdict.kind])).toEqual([
      ['sync_full', '1', '1', 'same'], ['sync_partial_ok', '2', '1', 'explained'], ['sync_partial_err', '1', '1', 'same'],
    ]);
    expect(r.diffs.filter((d) => d.verdict.kind === 'DIFF')).toEqual([]);
  });

  it('explains lack of backlog in the engine against an accepted real PSYNC after the heal', () => {
    const eng = mkWorld('engine', { steps: steps(8, 8, 8008, 84_810), end: counters(2, 0, 2), logs: { m: [...idm(7, 6380), ...lob(9008, 6380, 1)] } });
    const real = mkWorld('real', { steps: steps(135, 135, 8209, 84_810), end: counters(1, 2, 1), logs: { m: [...idm(81, 7901), ...acc(7094, 7901, 0, 84_811), ...acc(8211, 7901, 0, 84_811)] } });
    const r = compareRuns(ctx({ cuts }), eng, real);
    expect(r.psync.map((p) => [p.real?.kind ?? null, p.engine?.kind ?? null, p.verdict.kind])).toEqual([
      ['id mismatch', 'id mismatch', 'same'], ['accepted', null, 'explained'], ['accepted', 'lack of backlog', 'explained'],
    ]);
    expect(r.psync[2].verdict).toMatchObject({ why: expect.stringContaining('asked for offset 84811') });
    expect(r.counters.map((c) => c.verdict.kind)).toEqual(['explained', 'explained', 'explained']);
  });

  it('keeps a decision mismatch unexplained when nothing was written during the cut', () => {
    const eng = mkWorld('engine', { steps: steps(8, 8, 8008, 0), logs: { m: [...idm(7, 6380), ...lob(9008, 6380, 1)] } });
    const real = mkWorld('real', { steps: steps(135, 135, 8209, 0), logs: { m: [...idm(81, 7901), ...acc(8211, 7901, 0, 61)] } });
    const r = compareRuns(ctx({ cuts }), eng, real);
    expect(r.psync.map((p) => p.verdict.kind)).toEqual(['same', 'DIFF']);
  });

  it('keeps decision mismatches unexplained without any cut', () => {
    const eng = mkWorld('engine', { steps: [], logs: { m: [...idm(7, 6380), ...lob(9008, 6380, 1)] } });
    const real = mkWorld('real', { steps: [], logs: { m: [...idm(81, 7901), ...acc(8211, 7901, 0, 61)] } });
    expect(compareRuns(ctx(), eng, real).psync.map((p) => p.verdict.kind)).toEqual(['same', 'DIFF']);
  });
});

describe('helpers', () => {
  it('aligns sequences on a longest common subsequence', () => {
    expect(lcsPairs(['a', 'x', 'b'], ['a', 'b'])).toEqual([[0, 0], [2, 1]]);
    expect(lcsPairs([], ['a'])).toEqual([]);
  });
  it('counts what a PSYNC decision adds to the sync counters', () => {
    expect(decisionCounts('accepted')).toEqual({ sync_full: 0, sync_partial_ok: 1, sync_partial_err: 0 });
    expect(decisionCounts('full requested')).toEqual({ sync_full: 1, sync_partial_ok: 0, sync_partial_err: 0 });
    expect(decisionCounts('lack of backlog')).toEqual({ sync_full: 1, sync_partial_ok: 0, sync_partial_err: 1 });
  });
  it('merges same-valued differences of a line', () => {
    const v = { kind: 'DIFF' } as const;
    const d = (what: string, real = '1'): Difference => ({ line: 4, what, real, engine: '2', verdict: v });
    expect(mergeDiffs([d('r1> INFO: a'), d('r1> INFO: b'), d('r1> INFO: c', '3')]).map((x) => x.what)).toEqual(['r1> INFO: a, b', 'r1> INFO: c']);
  });
});
