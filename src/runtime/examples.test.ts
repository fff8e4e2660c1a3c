import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { checkInvariants, newInvariantMemory } from './invariants.ts';
import { runScenario } from './run-scenario.ts';

const DIR = join(import.meta.dirname, '../../scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.scn')).sort();

describe('example scenarios', () => {
  it('ships the six stories the docs promise', () => {
    expect(FILES).toEqual(expect.arrayContaining([
      'first-sync.scn', 'propagation.scn', 'partial-resync.scn', 'full-resync-small-backlog.scn', 'two-replicas.scn', 'replica-crash-restart.scn',
    ]));
  });
  for (const f of FILES) {
    it(`${f}: every expect holds and every invariant holds after every step`, () => {
      const parsed = parseScenario(readFileSync(join(DIR, f), 'utf8'), f);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const mem = newInvariantMemory();
      const violations: string[] = [];
      const res = runScenario(parsed.steps, parsed.seed, {
        afterStep: (sim, st) => violations.push(...checkInvariants(sim, mem).map((v) => `line ${st.line}: ${v}`)),
      });
      expect(res.failures.map((x) => `${x.line}: ${x.failure}`)).toEqual([]);
      expect(violations).toEqual([]);
    });
  }
  it('gives the same trace hash on every run of the same scenario and seed', () => {
    const text = readFileSync(join(DIR, 'partial-resync.scn'), 'utf8');
    const p = parseScenario(text);
    if (!p.ok) throw new Error('invalid');
    const a = runScenario(p.steps, p.seed).hash;
    expect(runScenario(p.steps, p.seed).hash).toBe(a);
    expect(runScenario(p.steps, p.seed + 1).hash).not.toBe(a);
  });
  it('propagates exactly the RESP bytes Redis writes: SELECT 0 (23 B) then SET a 1 (27 B)', () => {
    // After a diskless sync the master streams only once the replica's next ACK (1 s) arrives.
    const p = parseScenario('node m r1\nm> CONFIG SET repl-diskless-sync-delay 0\nr1> REPLICAOF m 6379\nuntil r1 online\nm> SET a 1\nsleep 1100ms\n');
    if (!p.ok) throw new Error('invalid');
    const res = runScenario(p.steps, 1);
    const m = res.sim.nodes.get('m')!.state!;
    const r = res.sim.nodes.get('r1')!.state!;
    expect(m.masterReplOffset).toBe(23 + 27);
    expect(r.master!.reploff).toBe(50);
  });
});
