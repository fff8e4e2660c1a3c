// The hostile and careless inputs of issue 14, run through the parser, the engine and the runner
// with bounded time: each ends, quickly, with the message a user should see (never a hang, a
// stack trace or a NaN).

import { describe, expect, it } from 'vitest';
import { BUDGETS, BudgetExceeded } from '../engine/budget.ts';
import { formatScenarioError, parseScenario } from '../scenario/parse.ts';
import { channelHost } from './channel-host.ts';
import type { HostHandle } from './endpoint.ts';
import { InlinePool, type BatchResults, type WindowPlan } from './pool.ts';
import { runScenario, ScenarioFault, type RunResult } from './run-scenario.ts';
import { Sim } from './sim.ts';
import { Timeline } from './timeline.ts';
import { WorkerSim } from './worker-sim.ts';
import { unpackInputs } from './wire.ts';

/** Runs scenario text; returns the result, the parse errors, or the fault it stopped with. */
function attempt(text: string, simOptions = {}): { result?: RunResult; errors?: string[]; fault?: ScenarioFault } {
  const p = parseScenario(text, 'h.scn');
  if (!p.ok) return { errors: p.errors.map((e) => formatScenarioError('h.scn', e)) };
  try {
    return { result: runScenario(p.steps, p.seed, { simOptions }) };
  } catch (e) {
    if (e instanceof ScenarioFault) return { fault: e };
    throw e;
  }
}

/** A host pool that fails like an engine bug when a node is sent the command BOOM. */
class BreakingPool extends InlinePool {
  override runWindow(plan: WindowPlan): BatchResults {
    for (const b of plan.batches) {
      if (b.inputs.some((i) => i.input.type === 'command' && i.input.argv[0] === 'BOOM')) throw new TypeError('Cannot read properties of undefined (reading \'v\')');
    }
    return super.runWindow(plan);
  }
}

describe('hostile inputs end with a clear message', () => {
  const started = Date.now();

  it('answers glob patterns that used to crash or take minutes, at a master and a replica', () => {
    const t0 = Date.now();
    const r = attempt(`seed 3
node m r1
r1> REPLICAOF m 6379
sleep 7s
m> CONFIG GET [z-a]
m> CONFIG GET **********e
r1> CONFIG GET **********************************e
m> SET aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1
sleep 100ms
r1> KEYS *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b
m> KEYS [z-a]*
m> PSUBSCRIBE [z-a] *********x
`);
    expect(r.fault).toBeUndefined();
    const at = (line: number) => r.result!.transcript.find((x) => x.line === line)!.output;
    expect(at(5)).toBe('(empty array)\n');
    // Each node orders CONFIG GET's pairs by its own seed: compare the names.
    const names = (out: string) => out.split('\n').filter((_, i) => i % 2 === 0 && _ !== '').map((l) => l.replace(/^ *\d+\) /, '')).sort();
    expect(names(at(6)).length).toBeGreaterThan(3);
    expect(names(at(6))).toEqual(names(at(7)));
    for (const n of names(at(6))) expect(n).toMatch(/^"[a-z-]+e"$/);
    expect(at(10)).toBe('(empty array)\n');
    expect(at(11)).toBe('1) "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"\n');
    expect(at(12)).toContain('1) "psubscribe"\n2) "[z-a]"\n3) (integer) 1');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('stops at a line that would wait for ages, before running anything', () => {
    for (const [line, what] of [
      ['sleep 99999999m', 'this line would wait 1666667 h'],
      ['until r1 online within 100000000m', 'this line would wait 1666667 h'],
      ['m> DEBUG SLEEP 1e9', 'this line would wait 277778 h'],
      ['r1> WAIT 1 1e15', 'this line would wait'],
      ['at 100000000ms', 'the scenario would run past 27 h 46 min 40 s'],
    ]) {
      const r = attempt(`node m r1 --enable-debug-command yes\n${line}\n`);
      expect(r.errors).toEqual([expect.stringMatching(new RegExp(`^h\\.scn:2: ${what.replace(/[()]/g, '\\$&')}.*\\(replscope's budget\\)$`))]);
    }
    const many = Array.from({ length: 10_000 }, (_, i) => `n${i}`).join(' ');
    expect(attempt(`node ${many}\n`).errors).toEqual([`h.scn:1: this line would make 10000 nodes; a scenario may have at most ${BUDGETS.nodes} (replscope's budget)`]);
  });

  it('stops a command that would allocate without bound, with the line, the seed and the time', () => {
    const r = attempt('seed 8\nnode m r1\nr1> REPLICAOF m 6379\nm> SADD s a b c\nsleep 7s\nr1> SRANDMEMBER s -130000000\nm> SET never reached\n');
    expect(r.fault).toBeDefined();
    const f = r.fault!;
    expect(f.line).toBe(6);
    expect(f.seed).toBe(8);
    expect(f.atMs).toBe(7000);
    expect(f.budget).toEqual({ kind: 'reply', elements: 130_000_000, command: 'SRANDMEMBER' });
    expect(f.message).toBe(`SRANDMEMBER would build a reply of 130000000 elements; one command may build at most ${BUDGETS.replyElements} (replscope's budget; the simulation stops here)`);
    expect(f.scenario).toBe('seed 8\nnode m r1\nr1> REPLICAOF m 6379\nm> SADD s a b c\nsleep 7s\nr1> SRANDMEMBER s -130000000\n');
    const v = attempt('node m\nm> SETRANGE k 536870000 x\n').fault!;
    expect(v.budget).toEqual({ kind: 'value', bytes: 536870001, command: 'SETRANGE' });
    // Redis's own limit still answers first.
    expect(attempt('node m\nm> SETRANGE k 536870912 x\n').result!.transcript[1].output).toBe('(error) ERR string exceeds maximum allowed size (proto-max-bulk-len)\n');
  });

  it('stops when a version before 7.0 would allocate a huge backlog ring, where it is allocated', () => {
    const r = attempt('version 6.2\nnode m r1\nm> CONFIG SET repl-backlog-size 4gb\nr1> REPLICAOF m 6379\nsleep 7s\n');
    expect(r.fault!.line).toBe(5);
    expect(r.fault!.budget).toEqual({ kind: 'backlog', bytes: 4 * 1024 ** 3 });
    // 7.0's shared buffer grows only with what is written: the same size is fine there.
    expect(attempt('node m r1\nm> CONFIG SET repl-backlog-size 4gb\nr1> REPLICAOF m 6379\nsleep 7s\n').result!.failures).toEqual([]);
  });

  it('turns an exception inside a node\'s step into a fault at its line', () => {
    const r = attempt('seed 4\nnode m\nm> SET a 1\nsleep 2s\nm> BOOM\nm> GET a\n', { pool: new BreakingPool() });
    expect(r.fault).toBeDefined();
    expect(r.fault!.line).toBe(5);
    expect(r.fault!.atMs).toBe(2000);
    expect(r.fault!.budget).toBeNull();
    expect(r.fault!.message).toBe('Cannot read properties of undefined (reading \'v\')');
    expect(r.fault!.scenario).toBe('seed 4\nnode m\nm> SET a 1\nsleep 2s\nm> BOOM\n');
  });

  it('refuses a 17th node added while the run goes on', () => {
    const sim = new Sim({ seed: 1 });
    for (let i = 0; i < BUDGETS.nodes; i++) sim.addNode(`n${i}`);
    expect(() => sim.addNode('one-more')).toThrow(new BudgetExceeded({ kind: 'nodes', count: BUDGETS.nodes + 1 }));
    expect(sim.nodes.size).toBe(BUDGETS.nodes);
  });

  it('keeps the whole file of hostile inputs under a few seconds', () => {
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('a console whose command never replies', () => {
  it('stays blocked: later lines on it are refused at once, and ctrl-c frees it', () => {
    const r = attempt('seed 2\nnode m r1\nm> WAIT 1 0\nm> SET a 1\nm> GET a\nr1> SET b 2\nctrl-c m\nm> SET a 3\nm> GET a\n').result!;
    const byLine = new Map(r.transcript.map((x) => [x.line, x]));
    expect(byLine.get(3)!.failure).toBe('no reply within 3600 s');
    expect(byLine.get(4)!.failure).toBe('redis-cli at m is still waiting for the reply to line 3: use ctrl-c m first; nothing was sent');
    expect(byLine.get(5)!.failure).toBe('redis-cli at m is still waiting for the reply to line 3: use ctrl-c m first; nothing was sent');
    // Refused lines cost no simulated time; the other console is not blocked.
    expect(byLine.get(5)!.timeMs).toBe(byLine.get(4)!.timeMs);
    expect(byLine.get(6)!.output).toBe('OK\n');
    expect(byLine.get(6)!.timeMs).toBe(byLine.get(4)!.timeMs);
    expect(byLine.get(8)!.output).toBe('OK\n');
    expect(byLine.get(9)!.output).toBe('"3"\n');
    expect(r.failures.map((x) => x.line)).toEqual([3, 4, 5]);
  });

  it('takes its late reply on its own line when the reply comes after all', () => {
    const r = attempt('seed 2\nnode m --enable-debug-command yes\nnowait m> DEBUG SLEEP 2\nm> SET a 1\nm> GET a\n').result!;
    const byLine = new Map(r.transcript.map((x) => [x.line, x]));
    expect(byLine.get(4)!.output).toBe('OK\n');
    expect(byLine.get(5)!.output).toBe('"1"\n');
    expect(r.failures).toEqual([]);
  });
});

describe('faults on the page', () => {
  it('compiling a scenario that goes over a budget gives the line, seed and time, not "the simulator stopped"', () => {
    const r = Timeline.load('seed 6\nnode m\nm> SADD s x\nm> SRANDMEMBER s -2000000\n', { fileName: 'link.scn' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([`link.scn:4: SRANDMEMBER would build a reply of 2000000 elements; one command may build at most ${BUDGETS.replyElements} (replscope's budget; the simulation stops here)`]);
    expect(r.fault).toMatchObject({ seed: 6, atMs: 0, line: 4, budget: { kind: 'reply', elements: 2_000_000, command: 'SRANDMEMBER' } });
  });

  it('a budget met inside a node\'s host (worker) reaches the fault panel with its kind, the seed and the line', async () => {
    const text = 'seed 6\nnode m\nm> SADD s x\nsleep 1s\n';
    const loaded = Timeline.load(text, { makeSim: (o) => new WorkerSim({ ...o, spawn: () => channelHost() }) });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const tl = loaded.timeline;
    await tl.advanceTo(tl.scriptEndMs);
    await tl.act({ type: 'command', node: 'm', argv: ['SRANDMEMBER', 's', '-5000000'], wait: false });
    await tl.advanceTo(tl.cursorMs + 10);
    expect(tl.fault).toMatchObject({ seed: 6, budget: { kind: 'reply', elements: 5_000_000 } });
    expect(tl.fault!.scenario).toContain('SRANDMEMBER s -5000000');
    expect(new BudgetExceeded(tl.fault!.budget!).message).toBe(tl.fault!.message);
  });

  it('a node\'s host that stops answering is taken for hung: a fault with the seed, and the page stays up', async () => {
    /** A host that never answers a batch carrying HANG, as a worker stuck in a loop would. */
    const hanging = (): HostHandle => {
      const h = channelHost();
      return { ...h, postMessage: (m, transfer) => { if (m.type === 'batch' && unpackInputs(m.inputs).some((i) => i.input.type === 'command' && i.input.argv[0] === 'HANG')) return; h.postMessage(m, transfer); } };
    };
    const loaded = Timeline.load('seed 12\nnode m\nm> SET a 1\n', { makeSim: (o) => new WorkerSim({ ...o, spawn: hanging, watchdogMs: 200 }) });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const tl = loaded.timeline;
    await tl.advanceTo(tl.scriptEndMs);
    await tl.act({ type: 'command', node: 'm', argv: ['HANG'], wait: false });
    await tl.advanceTo(tl.cursorMs + 10);
    expect(tl.fault).toMatchObject({ seed: 12, message: 'm: its host stopped answering (no reply within 0.2 s)', budget: null });
    expect(tl.fault!.scenario).toContain('m> HANG');
    // Later calls return at once instead of waiting on the dead host.
    await tl.advanceTo(tl.cursorMs + 1000);
    expect(tl.fault!.message).toContain('stopped answering');
  });
});
