import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostHandle } from './endpoint.ts';
import { channelHost, failingHost } from './channel-host.ts';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';
import { Timeline } from './timeline.ts';
import { WorkerSim } from './worker-sim.ts';

/** A host in this thread behind a real MessageChannel; with breakOn, one that fails like a bug would. */
function channelHostFor(opts: { breakOn?: string } = {}): HostHandle {
  return opts.breakOn ? failingHost(channelHost(), opts.breakOn) : channelHost();
}

const sims: WorkerSim[] = [];
afterEach(() => { for (const s of sims.splice(0)) s.dispose(); });

function workerTimeline(text: string, spawnOpts: { breakOn?: string } = {}): Timeline {
  const r = Timeline.load(text, {
    makeSim: (o) => {
      const s = new WorkerSim({ ...o, spawn: () => channelHostFor(spawnOpts) });
      sims.push(s);
      return s;
    },
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.timeline;
}

const DIR = join(import.meta.dirname, '../../scenarios');

describe('worker host over a MessageChannel', () => {
  for (const f of ['first-sync.scn', 'partial-resync.scn', 'replica-crash-restart.scn', 'two-replicas.scn']) {
    it(`gives the same trace hash as the inline CLI run for ${f}`, async () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      const p = parseScenario(text);
      if (!p.ok) throw new Error('invalid');
      const inline = runScenario(p.steps, p.seed).hash;
      const tl = workerTimeline(text);
      await tl.advanceTo(tl.scriptEndMs);
      expect(tl.fault).toBeNull();
      expect(tl.snapshot().traceHash).toBe(inline);
    });
  }

  it('terminates a crashed node and starts a fresh host on restart', async () => {
    const tl = workerTimeline('seed 3\nnode m r1\nm> CONFIG SET repl-diskless-sync-delay 0\nr1> REPLICAOF m 6379\nr1> CONFIG REWRITE\nsleep 2s\n');
    await tl.advanceTo(tl.scriptEndMs);
    await tl.act({ type: 'crash', node: 'r1' });
    expect(tl.snapshot().views.find((v) => v.name === 'r1')).toBeDefined();
    await tl.act({ type: 'command', node: 'm', argv: ['SET', 'k', 'v'], wait: false });
    await tl.advanceTo(tl.cursorMs + 1000);
    await tl.act({ type: 'restart', node: 'r1' });
    await tl.advanceTo(tl.cursorMs + 3000);
    const r1 = tl.snapshot().views.find((v) => v.name === 'r1')!;
    expect(r1.linkUp).toBe(true);
    expect(r1.keys).toBe(1);
    expect(tl.fault).toBeNull();
  });

  it('seeks back and forth on the worker host to the same states as inline', async () => {
    const text = readFileSync(join(DIR, 'partial-resync.scn'), 'utf8');
    const w = workerTimeline(text);
    const r = Timeline.load(text);
    if (!r.ok) throw new Error('invalid');
    const inl = r.timeline;
    await w.advanceTo(9000);
    await w.seek(4000);
    await inl.advanceTo(4000);
    expect(w.snapshot().traceHash).toBe(inl.snapshot().traceHash);
    await w.advanceTo(12000);
    await inl.advanceTo(12000);
    expect(w.snapshot().traceHash).toBe(inl.snapshot().traceHash);
  });

  it('turns a host that throws into a fault value with the seed and the scenario so far', async () => {
    const tl = workerTimeline('seed 77\nnode m\nm> SET a 1\nsleep 1s\nm> FLUSHALL\nsleep 1s\n', { breakOn: 'FLUSHALL' });
    await tl.advanceTo(tl.scriptEndMs + 100);
    expect(tl.fault).not.toBeNull();
    expect(tl.fault!.seed).toBe(77);
    expect(tl.fault!.message).toContain('assertion failed');
    expect(tl.fault!.scenario).toContain('nowait m> FLUSHALL');
  });

  it('sends the buffers of packed lists back once read, and a view as what changed', async () => {
    const batches: { spare: boolean }[] = [];
    const dones: { spare: boolean; view: string }[] = [];
    const spy = (): HostHandle => {
      const h = channelHost();
      return {
        ...h,
        postMessage: (m, transfer) => {
          if (m.type === 'batch') batches.push({ spare: m.spare !== undefined });
          h.postMessage(m, transfer);
        },
        addEventListener: (t, fn) => h.addEventListener(t, (ev) => {
          const m = ev.data;
          if (m.type === 'batchDone') dones.push({ spare: m.spare !== undefined, view: m.view === null ? 'none' : 'full' in m.view ? 'full' : 'changed' });
          fn(ev);
        }),
      };
    };
    const sim = new WorkerSim({ seed: 4, spawn: spy });
    sims.push(sim);
    sim.addNode('m');
    sim.addNode('r');
    sim.command('m', ['CONFIG', 'SET', 'repl-diskless-sync-delay', '0']);
    sim.command('r', ['REPLICAOF', 'm', '6379']);
    await sim.runUntilAsync(sim.nowMs + 3000);
    for (let i = 0; i < 30; i++) sim.command('m', ['SET', `k${i}`, 'v']);
    await sim.runUntilAsync(sim.nowMs + 10);
    expect(sim.nodes.get('r')!.lastView!.keys).toBe(30);
    expect(sim.nodes.get('r')!.lastView!.slaveReplOffset).toBe(sim.nodes.get('m')!.lastView!.masterReplOffset);
    // Every answer returns its inputs' buffer; every batch after a node's first returns its last results' buffer.
    expect(dones.every((d) => d.spare)).toBe(true);
    expect(batches.filter((b) => !b.spare).length).toBe(2);
    // The whole view only with each node's first batch.
    expect(dones.filter((d) => d.view === 'full').length).toBe(2);
    expect(dones.filter((d) => d.view === 'changed').length).toBeGreaterThan(0);
  });
});
