import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { checkInvariants, newInvariantMemory, replicatedDigest } from './invariants.ts';
import { randomScenario } from './random-scenario.ts';
import { ReplicationWatch } from './replication-watch.ts';
import type { Sim } from './sim.ts';
import { runScenario } from './run-scenario.ts';

const SEEDS = Number(process.env.SWEEP_SEEDS ?? 300);

describe('seed sweep: random writes and faults', () => {
  it(`keeps every invariant after every step and converges, over ${SEEDS} seeds`, () => {
    const problems: string[] = [];
    const seen = { continues: 0, refusals: 0, multiOp: 0, counters: 0 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const text = randomScenario(seed);
      const parsed = parseScenario(text);
      if (!parsed.ok) throw new Error(`seed ${seed}: generated an invalid scenario: ${JSON.stringify(parsed.errors)}`);
      const mem = newInvariantMemory();
      let simNow: Sim | null = null;
      const watch = new ReplicationWatch((node) => simNow?.nodes.get(node)?.state ?? null);
      const res = runScenario(parsed.steps, parsed.seed, {
        onTrace: watch.onTrace,
        afterStep: (sim, step) => {
          simNow = sim;
          for (const v of checkInvariants(sim, mem)) problems.push(`seed ${seed} line ${step.line} (${step.text}): ${v}`);
        },
      });
      for (const f of res.failures) problems.push(`seed ${seed}: ${JSON.stringify(f)}`);
      watch.finish(res.sim.nodes.keys());
      for (const p of watch.problems) problems.push(`seed ${seed}: ${p}`);
      for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] += watch.seen[k];
      // After every fault is repaired and 30 s pass, every replica is online with its master's data.
      const m = res.sim.nodes.get('m')!.state!;
      for (const n of res.sim.nodes.values()) {
        if (n.name === 'm') continue;
        const s = n.state!;
        if (s.replState !== 'REPL_STATE_CONNECTED') problems.push(`seed ${seed}: ${n.name} not connected at the end (${s.replState})`);
        else if (replicatedDigest(s.ks) !== replicatedDigest(m.ks)) problems.push(`seed ${seed}: ${n.name} dataset differs from m at the end`);
      }
      if (problems.length > 5) break;
    }
    expect(problems).toEqual([]);
    // Each trace property was put to the test many times.
    if (SEEDS >= 100) for (const n of Object.values(seen)) expect(n).toBeGreaterThan(20);
    console.log(`sweep: ${SEEDS} seeds; +CONTINUE checked ${seen.continues}×, full resyncs ${seen.refusals}×, multi-op commands ${seen.multiOp}×, sync counters ${seen.counters}×`);
  }, 300_000);

  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const run = (seed: number) => {
      const p = parseScenario(randomScenario(seed));
      if (!p.ok) throw new Error('invalid');
      return runScenario(p.steps, p.seed).hash;
    };
    expect(run(17)).toBe(run(17));
    expect(run(17)).not.toBe(run(18));
  });
});
