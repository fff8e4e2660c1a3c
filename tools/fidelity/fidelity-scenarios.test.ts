// The fidelity check's own scenarios (tools/fidelity/scenarios), played in the engine: every
// expect holds, and the output-buffer loop shows what real Redis 7.0 logs and counts.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.ts';
import { runScenario } from '../../src/runtime/run-scenario.ts';
import type { TraceEntry } from '../../src/runtime/trace.ts';

const DIR = join(import.meta.dirname, 'scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.scn')).sort();

function run(file: string) {
  const parsed = parseScenario(readFileSync(join(DIR, file), 'utf8'), file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const trace: TraceEntry[] = [];
  const res = runScenario(parsed.steps, parsed.seed, { onTrace: (e) => trace.push(e) });
  return { res, trace, transcript: res.transcript };
}

describe('fidelity scenarios in the engine', () => {
  for (const f of FILES) {
    it(`${f}: every expect holds`, () => {
      expect(run(f).res.failures.map((x) => `${x.line}: ${x.failure}`)).toEqual([]);
    });
  }

  it('a replica limited below two blocks is dropped at each new block and resumes with a partial resync', () => {
    const { trace, transcript } = run('output-buffer-loop.scn');
    const logs = (node: string) => trace.flatMap((e) => (e.kind === 'log' && e.node === node ? [e.text] : []));
    const dropped = logs('m').filter((t) => t.endsWith('scheduled to be closed ASAP for overcoming of output buffer limits.'));
    expect(dropped.length).toBeGreaterThanOrEqual(3);
    // Both blocks count: two allocations of 20 440 bytes plus their headers and list nodes.
    for (const d of dropped) expect(d).toMatch(/^Client id=\d+ addr=[\d.]+:\d+ .* flags=S .* oll=2 omem=41008 /);
    expect(logs('m').filter((t) => t.startsWith('Partial resynchronization request from 172.18.0.3:6380 accepted.'))).toHaveLength(dropped.length);
    expect(logs('r1').filter((t) => t === 'Connection with master lost.')).toHaveLength(dropped.length);
    // sync_partial_ok grows with each drop; never a full resync again.
    const stats = transcript.filter((t) => t.text === 'm> INFO stats').map((t) => t.output);
    const partialOk = stats.map((o) => Number(/sync_partial_ok:(\d+)/.exec(o)![1]));
    expect(partialOk).toEqual([...partialOk].sort((a, b) => a - b));
    expect(partialOk.at(-1)).toBe(dropped.length);
    expect(new Set(partialOk).size).toBeGreaterThanOrEqual(3);
    for (const o of stats) expect(o).toContain('sync_full:1\r\n');
  });
});
