// Runs a parsed scenario on the simulator, line by line, the way a person would type it into
// redis-cli sessions: each command waits for its reply; sleep advances simulated time; faults act
// on links and nodes. Produces a transcript (each line and what redis-cli would print) and the
// trace hash.

import { repeatArgv, type ScenarioStep } from '../scenario/parse.ts';
import { replyAsPrinted } from '../engine/cli-format.ts';
import type { BacklogMode } from '../engine/backlog.ts';
import { notModelledCommand } from '../engine/not-modelled.ts';
import { commandOutput } from './command-output.ts';
import { Sim, SIM_EPOCH_MS, type ReplyEvent, type SimOptions } from './sim.ts';
import type { TraceEntry } from './trace.ts';
import type { TimedAction, UserAction } from './timeline-api.ts';
import { DEFAULT_VERSION, type RedisVersion } from '../engine/version.ts';
import { BUDGETS, BudgetExceeded, type Budget } from '../engine/budget.ts';

export interface TranscriptItem {
  readonly line: number;
  readonly text: string;
  /** What redis-cli would print for a command; empty for other directives. */
  readonly output: string;
  readonly timeMs: number;
  /** An `expect` that did not hold, or a command with no reply: the message. */
  readonly failure?: string;
  /** Messages a console in Pub/Sub mode printed while this line ran (text is that console's name). */
  readonly pushed?: true;
}

export interface RunResult {
  readonly sim: Sim;
  readonly transcript: TranscriptItem[];
  readonly failures: TranscriptItem[];
  readonly hash: string;
}

/**
 * The run stopped at a line: a budget went over, or something inside a node's step threw. Carries
 * what reproduces it: the seed, the simulated time, the line and the scenario up to that line.
 */
export class ScenarioFault extends Error {
  readonly line: number;
  readonly atMs: number;
  readonly seed: number;
  readonly scenario: string;
  readonly budget: Budget | null;
  readonly detail: unknown;
  constructor(o: { line: number; atMs: number; seed: number; scenario: string; budget: Budget | null; message: string; detail?: unknown }) {
    super(o.message);
    this.name = 'ScenarioFault';
    this.line = o.line;
    this.atMs = o.atMs;
    this.seed = o.seed;
    this.scenario = o.scenario;
    this.budget = o.budget;
    this.detail = o.detail;
  }
}

export interface RunOptions {
  readonly keepTrace?: boolean;
  readonly backlogMode?: BacklogMode;
  /** Overrides the scenario's own `version` line. */
  readonly version?: RedisVersion;
  readonly onItem?: (item: TranscriptItem) => void;
  readonly onTrace?: (e: TraceEntry) => void;
  readonly simOptions?: Partial<SimOptions>;
  /** Called after every step: the seed sweep checks invariants here. */
  readonly afterStep?: (sim: Sim, step: ScenarioStep) => void;
  /** Every action applied to the simulator, with its simulated time: replaying them reproduces the run. */
  readonly onAction?: (a: TimedAction) => void;
  /** Called before every step with its line and the simulated ms reached (progress of a long compile). */
  readonly onStep?: (line: number, atMs: number) => void;
}

/** The longest a command may wait for its reply (WAIT 0 0 would wait forever): one hour. */
const REPLY_LIMIT_MS = 3_600_000;

export { commandOutput };

/**
 * Replies come back in order per node console: each command sent registers a slot, and a reply
 * fills the oldest slot (a `nowait` slot is discarded when its reply comes).
 */
export class ReplyQueue {
  private slots = new Map<string, { discard: boolean; pubsub: boolean; r: ReplyEvent | null; gaveUpAt?: number }[]>();
  /** Consoles in redis-cli's Pub/Sub mode (after SUBSCRIBE / PSUBSCRIBE): every reply is printed as it comes. */
  readonly subscribed = new Set<string>();
  /** Replies printed by consoles in Pub/Sub mode, not yet shown. */
  pushed: ReplyEvent[] = [];

  expect(node: string, discard: boolean, pubsub = false): { discard: boolean; r: ReplyEvent | null } {
    const slot = { discard, pubsub, r: null as ReplyEvent | null };
    let q = this.slots.get(node);
    if (!q) this.slots.set(node, (q = []));
    q.push(slot);
    return slot;
  }

  /**
   * The runner stopped waiting for a command's reply (line `line`): its console stays blocked, as
   * redis-cli is, until that reply comes, the console is closed (ctrl-c) or the node goes away.
   */
  gaveUp(node: string, slot: { r: ReplyEvent | null }, line: number): void {
    const s = this.slots.get(node)?.find((x) => x === slot);
    if (s) s.gaveUpAt = line;
  }

  /** The line of the command its console still waits for, if the runner gave up on it. */
  blockedBy(node: string): number | null {
    const s = this.slots.get(node)?.find((x) => x.gaveUpAt !== undefined && x.r === null);
    return s?.gaveUpAt ?? null;
  }

  /** The console was closed: replies still owed to it will never be read. */
  closed(node: string): void {
    this.slots.delete(node);
    this.subscribed.delete(node);
  }

  deliver(r: ReplyEvent): void {
    const q = this.slots.get(r.node);
    if (this.subscribed.has(r.node)) {
      // The server went away: redis-cli in Pub/Sub mode exits.
      if (r.note !== undefined) this.subscribed.delete(r.node);
      else this.pushed.push(r);
      return;
    }
    if (!q || q.length === 0) return;
    if (r.note === 'exited' || r.note === 'refused') {
      // Every client of that node is answered at once: the node is gone.
      for (const s of q) s.r = r;
      q.length = 0;
      return;
    }
    const slot = q.shift()!;
    slot.r = r;
    if (slot.pubsub && r.note === undefined && r.reply?.type !== 'error') this.subscribed.add(r.node);
  }
}

/**
 * After every action, the simulator runs what is due at the current moment (the windows starting
 * now). A replay that runs to each action's time before applying it then does exactly the same.
 */
export function settle(sim: Sim): void {
  sim.runUntil(sim.nowMs);
}

/** Runs a command on a node and advances the simulation until its reply arrives. */
export function runCommand(sim: Sim, node: string, argv: readonly string[], replies: ReplyQueue, onAction?: (a: TimedAction) => void, line?: number): ReplyEvent | null {
  onAction?.({ atMs: sim.nowMs - SIM_EPOCH_MS, action: { type: 'command', node, argv: [...argv], wait: true }, line });
  const slot = replies.expect(node, false, isSubscribe(argv));
  sim.command(node, argv);
  const limit = Math.min(sim.nowMs + REPLY_LIMIT_MS, SIM_EPOCH_MS + BUDGETS.scenarioMs);
  while (slot.r === null) {
    const t = sim.nextEventTime();
    if (t === undefined || t > limit) break;
    sim.stepOne();
  }
  const r = slot.r as ReplyEvent | null;
  if (!r) replies.gaveUp(node, slot, line ?? 0);
  if (r && SIM_EPOCH_MS + r.timeMs > sim.nowMs) sim.runUntil(SIM_EPOCH_MS + r.timeMs);
  settle(sim);
  return r;
}

/** The version a scenario's `version` line names (7.0 without one). */
export function scenarioVersion(steps: readonly ScenarioStep[]): RedisVersion {
  for (const st of steps) if (st.type === 'version') return st.version;
  return DEFAULT_VERSION;
}

export function runScenario(steps: readonly ScenarioStep[], seed: number, opts: RunOptions = {}): RunResult {
  const pending = new ReplyQueue();
  const sim = new Sim({
    seed,
    backlogMode: opts.backlogMode,
    version: opts.version ?? scenarioVersion(steps),
    keepTrace: opts.keepTrace,
    onTrace: opts.onTrace,
    ...opts.simOptions,
    onReply: (r) => {
      if (r.clientId === 'console') pending.deliver(r);
      opts.simOptions?.onReply?.(r);
    },
  });
  const transcript: TranscriptItem[] = [];
  const failures: TranscriptItem[] = [];
  const push = (it: TranscriptItem) => {
    transcript.push(it);
    if (it.failure) failures.push(it);
    opts.onItem?.(it);
  };
  const act = (st: ScenarioStep, action: UserAction) => opts.onAction?.({ atMs: sim.nowMs - SIM_EPOCH_MS, action, line: st.line });
  for (const st of steps) {
    opts.onStep?.(st.line, sim.nowMs - SIM_EPOCH_MS);
    try {
      runStep(st);
    } catch (e) {
      if (e instanceof ScenarioFault) throw e;
      const err = e instanceof Error ? e : new Error(String(e));
      throw new ScenarioFault({
        line: st.line, atMs: sim.nowMs - SIM_EPOCH_MS, seed, budget: e instanceof BudgetExceeded ? e.budget : null,
        scenario: steps.filter((s) => s.line <= st.line).map((s) => s.text).join('\n') + '\n',
        message: err.message || err.name, detail: e,
      });
    }
  }
  return { sim, transcript, failures, hash: sim.traceHash() };

  /** Throws BudgetExceeded when this step would take the run past the scenario's budget. */
  function checkUntil(absMs: number): void {
    const ms = absMs - SIM_EPOCH_MS;
    if (ms > BUDGETS.scenarioMs) throw new BudgetExceeded({ kind: 'scenario', ms });
  }

  /** A command sent at `from` got no reply because the wait reached the scenario's budget. */
  function overBudget(from: number): void {
    if (from + REPLY_LIMIT_MS > SIM_EPOCH_MS + BUDGETS.scenarioMs) checkUntil(from + REPLY_LIMIT_MS);
  }

  function runStep(st: ScenarioStep): void {
    const base = { line: st.line, text: st.text, timeMs: sim.nowMs - SIM_EPOCH_MS };
    const refused = refusedLine(st, pending);
    if (refused !== null) {
      push({ ...base, output: '', failure: refused });
      return;
    }
    switch (st.type) {
      case 'seed':
      case 'version':
        push({ ...base, output: '' });
        break;
      case 'node':
        for (const n of st.names) {
          if (sim.nodes.has(n)) continue;
          act(st, { type: 'addNode', node: n, ...(st.config ? { config: st.config } : {}), ...(st.kind ? { kind: st.kind } : {}) });
          sim.addNode(n, st.config, st.kind ?? 'redis');
          settle(sim);
        }
        push({ ...base, output: '' });
        break;
      case 'command': {
        const from = sim.nowMs;
        const r = runCommand(sim, st.node, st.argv, pending, opts.onAction, st.line);
        if (!r) overBudget(from);
        if (!r) push({ ...base, output: '', failure: `no reply within ${REPLY_LIMIT_MS / 1000} s` });
        else push({ ...base, output: enterPubsub(st.argv, r) + commandOutput(st.argv, r, sim.nodes.get(st.node)?.port) });
        break;
      }
      case 'repeat': {
        // Prints the last reply, as a person would look at it after the loop.
        let last: ReplyEvent | null = null;
        let lastArgv: readonly string[] = st.argv;
        for (let i = 1; i <= st.count; i++) {
          lastArgv = repeatArgv(st.argv, i);
          const from = sim.nowMs;
          last = runCommand(sim, st.node, lastArgv, pending, opts.onAction, st.line);
          if (!last) overBudget(from);
          if (!last) break;
        }
        if (!last) push({ ...base, output: '', failure: `no reply within ${REPLY_LIMIT_MS / 1000} s` });
        else push({ ...base, output: commandOutput(lastArgv, last, sim.nodes.get(st.node)?.port) });
        break;
      }
      case 'nowait':
        act(st, { type: 'command', node: st.node, argv: [...st.argv], wait: false });
        pending.expect(st.node, true);
        sim.command(st.node, st.argv);
        settle(sim);
        push({ ...base, output: '' });
        break;
      case 'expect': {
        const from = sim.nowMs;
        const r = runCommand(sim, st.node, st.argv, pending, opts.onAction, st.line);
        if (!r) overBudget(from);
        const out = r ? enterPubsub(st.argv, r) + commandOutput(st.argv, r, sim.nodes.get(st.node)?.port) : '';
        const printed = r && r.reply ? replyAsPrinted(r.reply, st.argv) : out;
        const ok = r !== null && (st.op === '==' ? printed === st.expected : printed.includes(st.expected));
        push({ ...base, output: out, ...(ok ? {} : { failure: `expected ${st.op === '==' ? '' : 'to contain '}${JSON.stringify(st.expected)}, got ${JSON.stringify(printed)}` }) });
        break;
      }
      case 'at':
        checkUntil(SIM_EPOCH_MS + st.atMs);
        sim.runUntil(SIM_EPOCH_MS + st.atMs);
        push({ ...base, output: '' });
        break;
      case 'sleep':
        checkUntil(sim.nowMs + st.durationMs);
        sim.runUntil(sim.nowMs + st.durationMs);
        push({ ...base, output: '' });
        break;
      case 'cut':
        act(st, { type: 'cut', a: st.a, b: st.b });
        sim.cut(st.a, st.b);
        settle(sim);
        push({ ...base, output: '' });
        break;
      case 'heal':
        act(st, { type: 'heal', a: st.a, b: st.b });
        sim.heal(st.a, st.b);
        settle(sim);
        push({ ...base, output: '' });
        break;
      case 'kill':
        act(st, { type: 'kill', a: st.a, b: st.b });
        sim.kill(st.a, st.b);
        settle(sim);
        push({ ...base, output: '' });
        break;
      case 'crash':
      case 'restart':
      case 'remove':
        pending.subscribed.delete(st.node);
        act(st, { type: st.type, node: st.node });
        sim[st.type](st.node);
        settle(sim);
        push({ ...base, output: '' });
        break;
      case 'closeConsole':
        pending.closed(st.node);
        act(st, { type: 'closeConsole', node: st.node });
        sim.closeConsole(st.node);
        settle(sim);
        push({ ...base, output: '' });
        break;
      case 'latency':
        act(st, { type: 'latency', a: st.a, b: st.b, latencyMs: st.latencyMs, jitterMs: st.jitterMs });
        sim.setLatency(st.a, st.b, st.latencyMs, st.jitterMs);
        settle(sim);
        push({ ...base, output: '' });
        break;
      case 'bandwidth':
        act(st, { type: 'bandwidth', a: st.a, b: st.b, bytesPerSec: st.bytesPerSec });
        sim.setBandwidth(st.a, st.b, st.bytesPerSec);
        settle(sim);
        push({ ...base, output: '' });
        break;
      case 'until': {
        checkUntil(sim.nowMs + st.withinMs);
        const ok = sim.runUntilCondition(() => {
          const n = sim.nodes.get(st.node);
          return !!n?.state && n.state.replState === 'REPL_STATE_CONNECTED';
        }, sim.nowMs + st.withinMs);
        push({ ...base, output: '', ...(ok ? {} : { failure: `${st.node} was not online within ${st.withinMs / 1000} s` }) });
        break;
      }
    }
    for (const r of pending.pushed.splice(0)) {
      push({ line: st.line, text: r.node, output: commandOutput([], r), timeMs: r.timeMs, pushed: true });
    }
    opts.afterStep?.(sim, st);
  }
}

/**
 * redis-cli enters Pub/Sub mode after a SUBSCRIBE or PSUBSCRIBE that did not fail: it prints
 * "Reading messages..." and from then on every reply as it comes, until Ctrl+C.
 */
function enterPubsub(argv: readonly string[], r: ReplyEvent): string {
  return isSubscribe(argv) && r.note === undefined ? 'Reading messages... (press Ctrl-C to quit)\n' : '';
}

function isSubscribe(argv: readonly string[]): boolean {
  const cmd = (argv[0] ?? '').toLowerCase();
  return cmd === 'subscribe' || cmd === 'psubscribe' || cmd === 'ssubscribe';
}

/** A line that cannot be typed: a command the engine does not model, or a console reading messages. */
function refusedLine(st: ScenarioStep, pending: ReplyQueue): string | null {
  if (st.type !== 'command' && st.type !== 'expect' && st.type !== 'repeat' && st.type !== 'nowait') return null;
  const missing = notModelledCommand(st.argv);
  if (missing !== null) return `${missing} is a Redis command replscope does not model; nothing was sent`;
  if (pending.subscribed.has(st.node)) return `redis-cli at ${st.node} is reading messages (press Ctrl-C to quit): use ctrl-c ${st.node} first`;
  const blocked = pending.blockedBy(st.node);
  if (blocked !== null) return `redis-cli at ${st.node} is still waiting for the reply to line ${blocked}: use ctrl-c ${st.node} first; nothing was sent`;
  return null;
}
