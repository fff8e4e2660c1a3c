import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { checkInvariants, newInvariantMemory, replicatedDigest, SentinelWatch } from './invariants.ts';
import { randomScenario, randomSentinelScenario } from './random-scenario.ts';
import { ReplicationWatch } from './replication-watch.ts';
import type { Sim } from './sim.ts';
import { runScenario, type RunOptions, type RunResult } from './run-scenario.ts';

const SEEDS = Number(process.env.SWEEP_SEEDS ?? 300);
const SENTINEL_SEEDS = Number(process.env.SENTINEL_SWEEP_SEEDS ?? 12);

/**
 * Runs a generated scenario, checking the invariants after every step (problems are pushed to
 * `problems`); `live.sim` is the simulator as the run goes, for watches that read node state.
 */
function runChecked(seed: number, text: string, live: { sim: Sim | null }, onTrace: RunOptions['onTrace'], problems: string[]): RunResult {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(`seed ${seed}: generated an invalid scenario: ${JSON.stringify(parsed.errors)}`);
  const mem = newInvariantMemory();
  const res = runScenario(parsed.steps, parsed.seed, {
    onTrace,
    afterStep: (sim, step) => {
      live.sim = sim;
      for (const v of checkInvariants(sim, mem)) problems.push(`seed ${seed} line ${step.line} (${step.text}): ${v}`);
    },
  });
  for (const f of res.failures) problems.push(`seed ${seed}: ${JSON.stringify(f)}`);
  return res;
}

describe('seed sweep: random writes and faults', () => {
  it(`keeps every invariant after every step and converges, over ${SEEDS} seeds`, () => {
    const problems: string[] = [];
    const seen = { continues: 0, refusals: 0, multiOp: 0, counters: 0 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const live: { sim: Sim | null } = { sim: null };
      const watch = new ReplicationWatch((node) => live.sim?.nodes.get(node)?.state ?? null);
      const res = runChecked(seed, randomScenario(seed), live, watch.onTrace, problems);
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

describe('seed sweep: Sentinel failovers', () => {
  it(`one replica per failover epoch, the best one, and every node following it after recovery, over ${SENTINEL_SEEDS} seeds`, () => {
    const problems: string[] = [];
    let selections = 0;
    let moved = 0;
    for (let seed = 1; seed <= SENTINEL_SEEDS; seed++) {
      const sc = randomSentinelScenario(seed);
      const live: { sim: Sim | null } = { sim: null };
      const watch = new SentinelWatch(() => live.sim, sc.priority);
      const res = runChecked(seed, sc.text, live, watch.onTrace, problems);
      for (const p of [...watch.problems, ...watch.converged(res.sim, sc.nodes, sc.sentinels, '127.0.0.1:6379')]) problems.push(`seed ${seed}: ${p}`);
      selections += watch.selections;
      if (res.sim.nodes.get('m')!.state?.masterHost !== null) moved++;
      if (problems.length > 5) break;
    }
    expect(problems).toEqual([]);
    // Most seeds fail over (a partition can leave m's side too small to matter, or no replica eligible).
    if (SENTINEL_SEEDS >= 10) expect(moved).toBeGreaterThan(SENTINEL_SEEDS / 2);
    console.log(`sentinel sweep: ${SENTINEL_SEEDS} seeds; ${selections} replicas selected, m a replica at the end in ${moved}`);
  }, 120_000);

  it('flags two replicas selected in one epoch, a replica-priority 0 candidate, a worse offset chosen and a vote changed', () => {
    const watch = new SentinelWatch(() => null, new Map([['127.0.0.1:6382', 0]]));
    const c = (replica: string, offset: number, priority = 100) => ({ replica, offset, priority, runId: '' });
    const selected = (node: string, epoch: number, candidates: ReturnType<typeof c>[]) => watch.onTrace({
      t: 1000, node, kind: 'event', event: { type: 'sentinelSelected', master: 'mymaster', replica: candidates[0].replica, offset: candidates[0].offset, priority: candidates[0].priority, epoch, candidates },
    });
    selected('s1', 1, [c('127.0.0.1:6380', 10), c('127.0.0.1:6381', 10)]);
    expect(watch.problems).toEqual([]);
    selected('s2', 1, [c('127.0.0.1:6381', 10)]);
    selected('s3', 2, [c('127.0.0.1:6380', 5), c('127.0.0.1:6381', 9)]);
    selected('s3', 3, [c('127.0.0.1:6380', 5), c('127.0.0.1:6382', 1)]);
    watch.onTrace({ t: 1000, node: 's1', kind: 'event', event: { type: 'sentinelVote', voter: 'a', leader: 'b', epoch: 4, master: 'mymaster' } });
    watch.onTrace({ t: 1000, node: 's2', kind: 'event', event: { type: 'sentinelVote', voter: 'a', leader: 'c', epoch: 4, master: 'mymaster' } });
    expect(watch.problems).toEqual([
      's2 at 1000 ms, epoch 1: selected 127.0.0.1:6381, but 127.0.0.1:6380 was selected in the same epoch',
      's3 at 1000 ms, epoch 2: selected 127.0.0.1:6380 (priority 100, offset 5) over 127.0.0.1:6381 (priority 100, offset 9)',
      's3 at 1000 ms, epoch 3: 127.0.0.1:6382 has replica-priority 0 but was a candidate',
      'a voted for b and c in epoch 4',
    ]);
  });
});
