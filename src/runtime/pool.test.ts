import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelHost } from './channel-host.ts';
import { cliHash } from './cli-hash.ts';
import { InlinePool, type BatchResults, type HostPool, type WindowPlan } from './pool.ts';
import type { HostSnapshot } from './protocol.ts';
import { Sim } from './sim.ts';
import { Timeline } from './timeline.ts';
import { WorkerSim } from './worker-sim.ts';

const DIR = join(import.meta.dirname, '../../scenarios');

/** The inline pool's hosts, answering one turn later: a pool that is not synchronous, without workers. */
class LaterPool implements HostPool {
  readonly synchronous = false;
  windows = 0;
  private inline = new InlinePool();
  boot = this.inline.boot.bind(this.inline);
  restore = this.inline.restore.bind(this.inline);
  stop = this.inline.stop.bind(this.inline);
  engineState = this.inline.engineState.bind(this.inline);
  dispose = this.inline.dispose.bind(this.inline);
  async runWindow(plan: WindowPlan): Promise<BatchResults> {
    this.windows++;
    await Promise.resolve();
    return this.inline.runWindow(plan);
  }
  async snapshot(nodes: readonly string[]): Promise<Map<string, HostSnapshot>> {
    await Promise.resolve();
    return this.inline.snapshot(nodes);
  }
}

const sims: Sim[] = [];
afterEach(() => { for (const s of sims.splice(0)) s.dispose(); });

describe('the scheduler over a host pool', () => {
  it('gives the CLI run\'s trace hash on a pool that answers later', async () => {
    const text = readFileSync(join(DIR, 'partial-resync.scn'), 'utf8');
    const pool = new LaterPool();
    const r = Timeline.load(text, { makeSim: (o) => new Sim({ ...o, pool }), checkpointEveryMs: 1000 });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const tl = r.timeline;
    await tl.advanceTo(tl.scriptEndMs);
    expect(tl.fault).toBeNull();
    expect(tl.snapshot().traceHash).toBe(cliHash(text));
    expect(pool.windows).toBe(tl.simulator.windows);
    await tl.seek(tl.scriptEndMs / 2);
    await tl.advanceTo(tl.scriptEndMs);
    expect(tl.snapshot().traceHash).toBe(cliHash(text));
  });

  it('runs the same windows through the async methods as through the synchronous ones', async () => {
    const drive = async (sync: boolean) => {
      const s = new Sim({ seed: 5 });
      s.addNode('m');
      s.addNode('r1');
      s.command('r1', ['REPLICAOF', 'm', '6379']);
      if (sync) s.runUntil(s.nowMs + 3000);
      else await s.runUntilAsync(s.nowMs + 3000);
      s.command('m', ['SET', 'k', 'v']);
      const online = () => s.nodes.get('r1')!.lastView?.slaveReplOffset === s.nodes.get('m')!.lastView?.masterReplOffset;
      const ok = sync ? s.runUntilCondition(online, s.nowMs + 5000) : await s.runUntilConditionAsync(online, s.nowMs + 5000);
      const stepped = sync ? s.stepOne() : await s.stepOneAsync();
      return { ok, stepped, hash: s.traceHash(), windows: s.windows, now: s.nowMs, snap: sync ? s.snapshot() : await s.snapshotAsync() };
    };
    const a = await drive(true);
    const b = await drive(false);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
  });

  it('needs the async methods when the hosts run in workers', () => {
    const s = new WorkerSim({ seed: 1, spawn: () => channelHost() });
    sims.push(s);
    expect(s.snapshot().nodes).toEqual([]);
    s.addNode('m');
    expect(() => s.runUntil(s.nowMs + 10)).toThrow(/asynchronously/);
    expect(() => s.stepOne()).toThrow(/asynchronously/);
    expect(() => s.runUntilCondition(() => false, s.nowMs + 10)).toThrow(/asynchronously/);
    expect(() => s.snapshot()).toThrow(/asynchronously/);
    expect(s.nodes.get('m')!.state).toBeNull();
  });
});
