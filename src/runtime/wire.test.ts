import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { InlinePool, type BatchResults, type WindowPlan } from './pool.ts';
import { runScenario } from './run-scenario.ts';
import { Sim } from './sim.ts';
import { Timeline } from './timeline.ts';
import { applyViewDelta, packInputs, packOutputs, unpackInputs, unpackOutputs, viewDelta } from './wire.ts';
import type { NodeView } from './protocol.ts';

/** The inline pool, with every batch's inputs and outputs packed and unpacked on the way, as the worker pool does. */
class WirePool extends InlinePool {
  packed = 0;
  asIs = 0;
  /** The views sent: whole, only what changed, nothing. */
  deltas = { full: 0, changed: 0, none: 0 };
  private sentViews = new Map<string, NodeView>();
  private views = new Map<string, NodeView>();
  mismatches: string[] = [];
  override runWindow(plan: WindowPlan): BatchResults {
    for (const b of plan.batches) {
      const p = packInputs(b.inputs);
      this.count(p.n.length, p.o.length, p.o);
      const back = unpackInputs(p);
      if (json(back) !== json(b.inputs)) this.mismatches.push(`inputs of ${b.node}`);
      b.inputs = back;
    }
    const results = super.runWindow(plan);
    for (const [node, r] of results) {
      // The view as the worker pool gets it: what changed since the last one, put over it.
      const view = typeof r.view === 'function' ? r.view() : r.view;
      const delta = viewDelta(this.sentViews.get(node) ?? null, view);
      this.deltas[delta === null ? 'none' : 'full' in delta ? 'full' : 'changed']++;
      const rebuilt = applyViewDelta(this.views.get(node) ?? null, delta);
      if (json(rebuilt) !== json(view)) this.mismatches.push(`view of ${node}`);
      this.sentViews.set(node, view);
      this.views.set(node, rebuilt);
      const p = packOutputs(r.outputs, node);
      this.count(p.n.length, p.o.length, p.o);
      const back = unpackOutputs(p, node);
      // JSON keeps key order: the rebuilt objects have the same fields in the same order.
      if (json(back) !== json(r.outputs)) this.mismatches.push(`outputs of ${node}`);
      results.set(node, { ...r, outputs: back });
    }
    return results;
  }
  seen: unknown[] = [];
  private count(numbers: number, objects: number, o: readonly unknown[] = []): void {
    this.seen.push(...o);
    if (numbers > objects) this.packed++;
    this.asIs += objects;
  }
}

/** JSON with the key order kept (a bigint as its digits). */
function json(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

const DIR = join(import.meta.dirname, '../../scenarios');

describe('packed batches between the scheduler and a node host', () => {
  for (const f of ['two-replicas.scn', 'partial-resync.scn', 'sentinel-failover.scn']) {
    it(`rebuild every input and output of ${f} field for field, with the CLI's trace hash`, async () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      const p = parseScenario(text);
      if (!p.ok) throw new Error('invalid');
      const pools: WirePool[] = [];
      const r = Timeline.load(text, { makeSim: (o) => new Sim({ ...o, pool: pools[pools.push(new WirePool()) - 1] }) });
      if (!r.ok) throw new Error(r.errors.join('\n'));
      await r.timeline.advanceTo(r.timeline.scriptEndMs);
      expect(pools.flatMap((x) => x.mismatches)).toEqual([]);
      expect(pools.some((x) => x.packed > 0)).toBe(true);
      expect(r.timeline.snapshot().traceHash).toBe(runScenario(p.steps, p.seed).hash);
    });
  }

  it('packs the inputs and outputs of replicated writes; only the rare ones (timers) travel as objects', () => {
    const pool = new WirePool();
    const sim = new Sim({ seed: 5, pool });
    sim.addNode('m');
    sim.addNode('r');
    sim.command('m', ['CONFIG', 'SET', 'repl-diskless-sync-delay', '0']);
    sim.command('r', ['REPLICAOF', 'm', '6379']);
    sim.runUntil(sim.nowMs + 3000);
    const before = pool.asIs;
    for (let i = 0; i < 20; i++) sim.command('m', ['SET', `k${i}`, 'v']);
    sim.runUntil(sim.nowMs + 5);
    expect(pool.mismatches).toEqual([]);
    expect(sim.nodes.get('r')!.lastView!.keys).toBe(20);
    // After a node's first batch, its view travels as what changed.
    expect(pool.deltas.full).toBe(2);
    expect(pool.deltas.changed).toBeGreaterThan(0);
    const asIs = pool.seen.slice(before).map((x) => json(x));
    expect(asIs.length).toBeGreaterThan(0);
    expect(asIs.filter((x) => /connData|"command"|"segment"|"reply"|"send"|commandApplied|commandPropagated|backlogAppended/.test(x))).toEqual([]);
  });
});
