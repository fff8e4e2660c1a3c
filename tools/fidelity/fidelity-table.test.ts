// Tests of the fidelity table's text layout and of how the real run rewrites REPLICAOF.

import { describe, expect, it } from 'vitest';
import { rewriteReplicaof, startupLines } from './fidelity-driver.ts';
import type { ScenarioReport } from './fidelity-compare.ts';
import { MAPPING_NOTES, WIDTH, fit, renderScenario, summaryLine, unexplainedCount, wrap } from './fidelity-table.ts';

const report: ScenarioReport = {
  file: 'scenarios/x.scn', realMs: 12_100, engineMs: 12_000, replyLines: 3, replyLinesSame: 2, replies: 4,
  offsets: [
    { line: 11, label: 'm> SET before-cut 1', real: 60, engine: 60, verdict: { kind: 'same' } },
    { line: null, label: 'm master_repl_offset at the end', real: 137, engine: 123, verdict: { kind: 'explained', why: 'PING timing' } },
  ],
  counters: [{ node: 'm', counter: 'sync_full', real: '1', engine: '2', verdict: { kind: 'DIFF' } }],
  psync: [{
    real: { ms: 60, node: 'm', kind: 'accepted', replica: '<r1>', msg: 'Partial resynchronization request from <r1> accepted. Sending 0 bytes of backlog starting from offset 124.' },
    engine: null, verdict: { kind: 'explained', why: 'x' },
  }],
  diffs: [
    { line: 20, what: 'm> INFO stats: sync_full', real: '1', engine: '2', verdict: { kind: 'DIFF' } },
    { line: null, what: 'm master_repl_offset at the end', real: '137', engine: '123', verdict: { kind: 'explained', why: 'PING timing: '.repeat(20) } },
  ],
  mapped: [{ line: 13, text: 'cut m r1', note: 'not done (emulated at heal)' }],
};

describe('layout', () => {
  it('fits and wraps text', () => {
    expect(fit('abcdef', 6)).toBe('abcdef');
    expect(fit('abcdefg', 6)).toBe('abc...');
    expect(wrap('aa bb cc dd', 8, '  ', '> ')).toEqual(['> aa bb', '  cc dd']);
    expect(wrap('', 8, '  ')).toEqual([]);
  });

  it('renders a scenario within the width, with every part', () => {
    const lines = renderScenario(report);
    for (const l of [...lines, ...MAPPING_NOTES]) expect(l.length).toBeLessThanOrEqual(WIDTH);
    const text = lines.join('\n');
    expect(text).toContain('replies        3 command lines (4 replies): 2 same, 1 different');
    expect(text).toMatch(/ {4}end {2}m master_repl_offset at the end +137 +123 {2}explained/);
    expect(text).toMatch(/sync_full +1 +2 {2}DIFF/);
    expect(text).toContain('real:   Partial resynchronization request from <r1> accepted.');
    expect(text).toContain('differences    2 (1 unexplained)');
    expect(text).toMatch(/L20 {3}m> INFO stats: sync_full\n {8}real: {3}1\n {8}engine: 2\n {8}DIFF/);
    expect(text).toContain('  L13    cut m r1: not done (emulated at heal)');
  });

  it('sums up', () => {
    expect(unexplainedCount([report, report])).toBe(2);
    expect(summaryLine(6, 0)).toBe('fidelity: 6 scenarios, 0 unexplained differences');
  });
});

describe('rewriteReplicaof', () => {
  const sim = new Map([[6379, 'm'], [6380, 'r1']]);
  const real = new Map([['m', 7900], ['r1', 7901]]);
  it('points REPLICAOF and SLAVEOF at the real port', () => {
    expect(rewriteReplicaof(['REPLICAOF', 'm', '6379'], sim, real)).toEqual(['REPLICAOF', '127.0.0.1', '7900']);
    expect(rewriteReplicaof(['slaveof', '127.0.0.1', '6380'], sim, real)).toEqual(['slaveof', '127.0.0.1', '7901']);
  });
  it('reaches a node by its name on 6379 or on its own port', () => {
    expect(rewriteReplicaof(['REPLICAOF', 'r1', '6379'], sim, real)).toEqual(['REPLICAOF', '127.0.0.1', '7901']);
    expect(rewriteReplicaof(['REPLICAOF', 'r1', '6380'], sim, real)).toEqual(['REPLICAOF', '127.0.0.1', '7901']);
  });
  it('leaves NO ONE, other commands and unknown addresses alone', () => {
    expect(rewriteReplicaof(['REPLICAOF', 'NO', 'ONE'], sim, real)).toEqual(['REPLICAOF', 'NO', 'ONE']);
    expect(rewriteReplicaof(['SET', 'm', '6379'], sim, real)).toEqual(['SET', 'm', '6379']);
    expect(rewriteReplicaof(['REPLICAOF', 'elsewhere', '1234'], sim, real)).toEqual(['REPLICAOF', 'elsewhere', '1234']);
    // as in the simulator, a node name goes with 6379 or that node's own port only
    expect(rewriteReplicaof(['REPLICAOF', 'm', '6380'], sim, real)).toEqual(['REPLICAOF', 'm', '6380']);
    expect(rewriteReplicaof(['REPLICAOF', 'r1', '6381'], sim, real)).toEqual(['REPLICAOF', 'r1', '6381']);
    expect(rewriteReplicaof(['REPLICAOF', 'localhost', '6381'], sim, real)).toEqual(['REPLICAOF', 'localhost', '6381']);
  });
});

describe('startupLines', () => {
  const sim = new Map([[6379, 'm'], [6380, 'r1']]);
  const real = new Map([['m', 7900], ['r1', 7901]]);
  it("writes a node's startup options as redis.conf lines, replicaof pointed at the real port", () => {
    expect(startupLines({ 'enable-debug-command': 'local', save: '', 'repl-timeout': '30', replicaof: 'm 6379' }, sim, real)).toEqual([
      'enable-debug-command local', 'save ""', 'repl-timeout 30', 'replicaof 127.0.0.1 7900',
    ]);
    expect(startupLines({ replicaof: '' }, sim, real)).toEqual(['replicaof no one']);
  });
});
