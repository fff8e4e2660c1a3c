import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { cliHash } from './cli-hash.ts';
import { Timeline } from './timeline.ts';

const DIR = join(import.meta.dirname, '../../scenarios');
const EXAMPLES = readdirSync(DIR).filter((f) => f.endsWith('.scn')).sort();

function load(text: string): Timeline {
  const r = Timeline.load(text);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.timeline;
}


const BASIC = `seed 9
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online within 10s
m> SET a 1
sleep 2s
m> INCR n
sleep 3s
`;

describe('Timeline', () => {
  for (const f of EXAMPLES) {
    it(`replays ${f} to the same trace hash as the CLI`, async () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      const tl = load(text);
      await tl.advanceTo(tl.scriptEndMs);
      expect(tl.snapshot().traceHash).toBe(cliHash(text));
    });
  }

  it('gives the same run whether played in small steps or at once', async () => {
    const a = load(BASIC);
    await a.advanceTo(a.scriptEndMs + 5000);
    const b = load(BASIC);
    for (let t = 0; t <= b.scriptEndMs + 5000; t += 37.5) await b.advanceTo(t);
    await b.advanceTo(b.scriptEndMs + 5000);
    expect(b.snapshot().traceHash).toBe(a.snapshot().traceHash);
  });

  it('seeks back to a moment and finds it exactly as it was, then forward again', async () => {
    const tl = load(BASIC);
    await tl.advanceTo(1500);
    const at1500 = tl.snapshot();
    await tl.advanceTo(9000);
    const at9000 = tl.snapshot();
    const same = (x: ReturnType<Timeline['snapshot']>) => ({ ...x, headMs: 0 });
    await tl.seek(1500);
    expect(same(tl.snapshot())).toEqual(same(at1500));
    await tl.seek(9000);
    expect(same(tl.snapshot())).toEqual(same(at9000));
  });

  it('after a seek back, the trace, frames and moments are those of the run played straight there; the events rebuild the same trace', async () => {
    const lists = (t: Timeline) => ({ trace: t.trace.slice(), frames: t.frames.slice().map((f) => ({ ...f })), moments: [...t.moments] });
    const seen: unknown[] = [];
    const r = Timeline.load(BASIC, {
      checkpointEveryMs: 700,
      events: { onTrace: (b) => seen.push(...b), onRewind: (keep) => { seen.length = keep; } },
    });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const tl = r.timeline;
    await tl.advanceTo(9000);
    for (const ms of [6100, 2600, 1234]) {
      await tl.seek(ms);
      // A long seek may stop short (the page's progress), then go on: it lands the same.
      let calls = 0;
      if (ms === 2600) {
        await tl.seek(9000);
        await tl.seek(ms, () => ++calls > 3);
        expect(tl.cursorMs).toBeLessThan(ms);
        expect(tl.trace.length).toBe(tl.traceLength);
        await tl.advanceTo(ms);
      }
      expect(tl.cursorMs).toBe(ms);
      expect(tl.trace.length).toBe(tl.traceLength);
      expect(seen).toEqual(tl.trace.slice());
    }
    // The run played straight to the last moment.
    const fresh = Timeline.load(BASIC, { checkpointEveryMs: 700 });
    if (!fresh.ok) throw new Error(fresh.errors.join('\n'));
    await fresh.timeline.advanceTo(1234);
    expect(lists(tl)).toEqual(lists(fresh.timeline));
    // And on from there, the lists grow as the straight run's do.
    await tl.advanceTo(9000);
    await fresh.timeline.advanceTo(9000);
    expect(lists(tl)).toEqual(lists(fresh.timeline));
  });

  it('steps back to the previous event and forward to the same state', async () => {
    const tl = load(BASIC);
    await tl.advanceTo(3000);
    const here = tl.snapshot();
    await tl.stepBack();
    expect(tl.cursorMs).toBeLessThan(here.cursorMs);
    const back = tl.snapshot();
    expect(back.eventCount).toBeLessThan(here.eventCount);
    await tl.stepForward();
    expect(tl.cursorMs).toBeGreaterThan(back.cursorMs);
  });

  it('forks history when acting in the past, keeping the old future as a branch', async () => {
    const tl = load(BASIC);
    await tl.advanceTo(8000);
    const oldFuture = tl.snapshot();
    await tl.seek(1000);
    await tl.act({ type: 'cut', a: 'm', b: 'r1' });
    expect(tl.branches()).toHaveLength(2);
    expect(tl.branchId).not.toBe(0);
    // A fault starts a new story: the new branch has no actions after the fork but the new one.
    expect(tl.actions[tl.actions.length - 1].action).toMatchObject({ type: 'cut', a: 'm', b: 'r1' });
    await tl.advanceTo(8000);
    expect(tl.snapshot().traceHash).not.toBe(oldFuture.traceHash);
    await tl.switchBranch(0);
    await tl.advanceTo(8000);
    expect(tl.snapshot().traceHash).toBe(oldFuture.traceHash);
  });

  it('keeps the scenario going around a command typed in the past, in a new branch', async () => {
    const tl = load(BASIC);
    await tl.advanceTo(8000);
    const oldFuture = tl.snapshot();
    await tl.seek(1000);
    const scripted = tl.actions.filter((a) => a.atMs > 1000).map((a) => a.action);
    await tl.act({ type: 'command', node: 'm', argv: ['SET', 'b', '2'], wait: false });
    expect(tl.branches()).toHaveLength(2);
    // The command is placed at the cursor and the actions still to come follow it.
    const after = tl.actions.filter((a) => a.atMs >= 1000).map((a) => a.action);
    expect(after).toEqual([{ type: 'command', node: 'm', argv: ['SET', 'b', '2'], wait: false }, ...scripted]);
    await tl.advanceTo(8000);
    expect(tl.snapshot().traceHash).not.toBe(oldFuture.traceHash);
    // The new branch exports and replays to the same trace.
    expect(cliHash(tl.exportScenario())).toBe(tl.snapshot().traceHash);
    await tl.switchBranch(0);
    await tl.advanceTo(8000);
    expect(tl.snapshot().traceHash).toBe(oldFuture.traceHash);
  });

  it("keeps the scenario's end, trailing sleep included, after a command typed in the past; a fault drops it", async () => {
    const tl = load(BASIC);
    await tl.advanceTo(tl.scriptEndMs);
    const end = tl.scriptEndMs;
    const lastAction = tl.actions[tl.actions.length - 1].atMs;
    expect(end).toBeGreaterThanOrEqual(lastAction + 3000);
    await tl.seek(1000);
    await tl.act({ type: 'command', node: 'r1', argv: ['INFO', 'replication'], wait: true });
    expect(tl.scriptEndMs).toBe(end);
    await tl.act({ type: 'cut', a: 'm', b: 'r1' });
    expect(tl.scriptEndMs).toBeLessThan(end);
  });

  it('exports a scenario that reproduces the run exactly, forks and user actions included', async () => {
    const tl = load(BASIC);
    await tl.advanceTo(2500);
    await tl.act({ type: 'cut', a: 'm', b: 'r1' });
    await tl.advanceTo(4000);
    await tl.act({ type: 'command', node: 'm', argv: ['SET', 'x y', 'z'], wait: false });
    await tl.act({ type: 'heal', a: 'm', b: 'r1' });
    await tl.act({ type: 'crash', node: 'r1' });
    await tl.advanceTo(4500);
    await tl.act({ type: 'restart', node: 'r1' });
    await tl.advanceTo(7000);
    const text = tl.exportScenario();
    const p = parseScenario(text);
    expect(p.ok).toBe(true);
    expect(cliHash(text)).toBe(tl.snapshot().traceHash);
  });

  it("keeps a node's startup options across a seek back and a restart, and exports them", async () => {
    const tl = load('seed 4\nnode m --enable-debug-command local\nm> SET a 1\nsleep 6s\n');
    await tl.advanceTo(6000);
    await tl.seek(500);
    await tl.act({ type: 'crash', node: 'm' });
    await tl.act({ type: 'restart', node: 'm' });
    await tl.act({ type: 'command', node: 'm', argv: ['DEBUG', 'SLEEP', '0'], wait: false });
    await tl.advanceTo(1000);
    const replies = tl.trace.filter((e) => e.kind === 'reply' && e.node === 'm');
    expect(JSON.stringify(replies[replies.length - 1])).toContain('OK');
    const text = tl.exportScenario();
    expect(text).toContain('node m --enable-debug-command local');
    expect(cliHash(text)).toBe(tl.snapshot().traceHash);
  });

  it('removes a node: it is gone from the views, not counted as down, cannot be restarted, and the run exports', async () => {
    const tl = load(BASIC);
    await tl.advanceTo(2500);
    await tl.act({ type: 'remove', node: 'r1' });
    await tl.act({ type: 'restart', node: 'r1' });
    await tl.advanceTo(4000);
    const snap = tl.snapshot();
    expect(snap.views.map((v) => v.name)).toEqual(['m']);
    expect(snap.down).toEqual([]);
    // The master saw its replica's connection close.
    expect(snap.views[0].replicas).toHaveLength(0);
    expect(tl.trace.some((e) => e.kind === 'nodeAction' && e.action === 'remove' && e.node === 'r1')).toBe(true);
    const text = tl.exportScenario();
    expect(text).toContain('remove r1');
    expect(cliHash(text)).toBe(snap.traceHash);
  });

  it('reports a bad scenario as errors with line numbers', () => {
    const r = Timeline.load('node m\nm> SET a 1\nsleep forever\n', { fileName: 'bad.scn' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^bad\.scn:3: /);
  });
});
