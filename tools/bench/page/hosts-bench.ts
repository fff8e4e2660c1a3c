// Inline host vs worker host: the same write load on 1 master + N replicas, run on the inline Sim
// and on the WorkerSim (one host per node), timed in wall-clock time. Both runs follow the same
// algorithm, so they must end with the same trace hash. An optional profile pass splits the time
// of a window between the scheduler, the nodes' work and the messages to and from the workers.

import { ClosedLoopClients } from './closed-loop.ts';
import { prngCreate, prngNextU32 } from '../../../src/engine/prng.ts';
import type { Reply } from '../../../src/engine/resp.ts';
import type { HostHandle } from '../../../src/runtime/endpoint.ts';
import { Sim, type BatchResult, type ReplyEvent, type SimOptions, type WindowPlan } from '../../../src/runtime/sim.ts';
import { WorkerSim } from '../../../src/runtime/worker-sim.ts';

export interface HostsWorkload {
  /** SET commands in the timed part. */
  readonly writes: number;
  /** Closed-loop clients: each has one SET in flight. */
  readonly clients: number;
  readonly replicas: number;
  readonly seed: number;
  /** Simulated ms between a reply and the client's next SET. */
  readonly clientRttMs: number;
  /** Keys are key:<12 digits below keyspace>. */
  readonly keyspace: number;
  readonly valueBytes: number;
}

export type HostKind = 'inline' | 'worker';

export interface HostRun {
  readonly host: HostKind;
  readonly writes: number;
  readonly setupWallMs: number;
  /** Wall ms from the first write until every replica applied every write. */
  readonly wallMs: number;
  readonly simMs: number;
  readonly windows: number;
  /** Node batches run: a window runs one batch per node that has something to do. */
  readonly batches: number;
  /** Inputs delivered in those batches (commands, segments, connection events). */
  readonly inputs: number;
  readonly events: number;
  readonly masterOffset: number;
  readonly masterKeys: number;
  readonly traceHash: string;
  readonly profile?: RunProfile;
}

/** Where a run's wall time went (sums in ms over the timed part). */
export interface RunProfile {
  /** planWindow: taking the window's events and applying the network's rules. */
  readonly planMs: number;
  /** applyWindow: routing what crossed, the trace hash, replies. */
  readonly applyMs: number;
  /** Inline: the nodes' work (engine + host + view), all nodes one after another. */
  readonly computeMs?: number;
  /** Worker: time inside postMessage on this thread (serializing the batches). */
  readonly postMs?: number;
  /** Worker: time reading the replies' data on this thread (deserializing). */
  readonly readMs?: number;
  readonly messagesOut?: number;
  readonly messagesIn?: number;
  /** Worker: bytes of the messages (JSON length of a sample, scaled to all messages), each way. */
  readonly approxBytesOut?: number;
  readonly approxBytesIn?: number;
  /** Worker: time inside the workers (summed over the workers). */
  readonly workers?: WorkerTimes;
  /** Worker: wall ms of an empty message to every worker at once and back (median and p95 of many). */
  readonly emptyRoundTripMedianMs?: number;
  readonly emptyRoundTripP95Ms?: number;
}

/** Timers kept inside a profiling worker, summed over its messages. */
export interface WorkerTimes {
  /** The whole message handler: reading the batch, running it, building the view, posting the result. */
  handlerMs: number;
  /** Reading the incoming message's data (deserializing, if done lazily). */
  readMs: number;
  /** postMessage of the result (serializing). */
  postMs: number;
  messages: number;
}

const ADMIN = 'bench-admin';
const WARMUP_KEY = 'bench:warmup';
/** Longest simulated time a setup step may take before the run counts as stuck. */
const SIM_LIMIT_MS = 120_000;

/** The simulator behind one interface whether it runs windows at once or asynchronously. */
export interface Runner {
  readonly sim: Sim;
  runUntil(t: number): Promise<void>;
  stepOne(): Promise<boolean>;
  runUntilCondition(pred: () => boolean, limitMs: number): Promise<boolean>;
  dispose(): void;
}

export function inlineRunner(sim: Sim): Runner {
  return {
    sim,
    runUntil: async (t) => sim.runUntil(t),
    stepOne: async () => sim.stepOne(),
    runUntilCondition: async (p, l) => sim.runUntilCondition(p, l),
    dispose: () => {},
  };
}

export function workerRunner(sim: WorkerSim): Runner {
  return {
    sim,
    runUntil: (t) => sim.runUntilAsync(t),
    stepOne: () => sim.stepOneAsync(),
    runUntilCondition: (p, l) => sim.runUntilConditionAsync(p, l),
    dispose: () => sim.dispose(),
  };
}

/** The inline Sim with a timer around the nodes' work of each window (profile pass only). */
export class TimedInlineSim extends Sim {
  computeMs = 0;
  protected override runBatchesInline(plan: WindowPlan): Map<string, BatchResult> {
    const t = performance.now();
    const r = super.runBatchesInline(plan);
    this.computeMs += performance.now() - t;
    return r;
  }
}

interface WindowCounters {
  batches: number;
  inputs: number;
  planMs: number;
  applyMs: number;
}

/** Counts each window's node batches and inputs; with `timed`, also times planning and applying. */
function watchWindows(sim: Sim, timed: boolean): WindowCounters {
  const c: WindowCounters = { batches: 0, inputs: 0, planMs: 0, applyMs: 0 };
  const plan = sim.planWindow.bind(sim);
  const apply = sim.applyWindow.bind(sim);
  sim.planWindow = (limitMs) => {
    const t = timed ? performance.now() : 0;
    const p = plan(limitMs);
    if (timed) c.planMs += performance.now() - t;
    if (p) {
      c.batches += p.batches.length;
      for (const b of p.batches) c.inputs += b.inputs.length;
    }
    return p;
  };
  if (timed) {
    sim.applyWindow = (p, r) => {
      const t = performance.now();
      apply(p, r);
      c.applyMs += performance.now() - t;
    };
  }
  return c;
}

/** redis-benchmark's key for -r: "key:" and the number zero-padded to 12 digits. */
function benchKey(n: number): string {
  return `key:${String(n).padStart(12, '0')}`;
}

class Cluster {
  readonly run: Runner;
  readonly master = 'master';
  readonly replicaNames: string[] = [];
  private adminReply: ReplyEvent | null = null;
  onClientReply: (r: ReplyEvent) => void = () => {};

  constructor(make: (opts: SimOptions) => Runner, w: HostsWorkload) {
    this.run = make({
      seed: w.seed,
      onReply: (r) => {
        if (r.clientId === ADMIN) this.adminReply = r;
        else this.onClientReply(r);
      },
    });
    const sim = this.run.sim;
    sim.addNode(this.master);
    for (let i = 1; i <= w.replicas; i++) {
      const name = `replica${i}`;
      sim.addNode(name);
      this.replicaNames.push(name);
    }
  }

  get sim(): Sim {
    return this.run.sim;
  }

  /** One command on a node, as redis-cli would run it: the simulation advances to its reply. */
  async admin(node: string, argv: readonly string[]): Promise<Reply> {
    this.adminReply = null;
    this.sim.command(node, argv, ADMIN);
    await this.run.runUntilCondition(() => this.adminReply !== null, this.sim.nowMs + SIM_LIMIT_MS);
    const r = this.adminReply as ReplyEvent | null;
    if (r === null || r.reply === null) throw new Error(`no reply from ${node} to ${argv.join(' ')}`);
    if (r.reply.type === 'error') throw new Error(`${node}> ${argv.join(' ')}: ${r.reply.v}`);
    if (r.timeMs > this.sim.nowMs) await this.run.runUntil(r.timeMs);
    return r.reply;
  }

  private view(name: string) {
    const v = this.sim.nodes.get(name)?.lastView;
    if (!v) throw new Error(`${name} has no view`);
    return v;
  }

  /** Every replica's processed offset equals the master's (from the views the hosts report). */
  caughtUp(): boolean {
    const target = this.view(this.master).masterReplOffset;
    return this.replicaNames.every((r) => this.view(r).slaveReplOffset === target);
  }

  allOnline(): boolean {
    const m = this.view(this.master);
    return m.replicas.length === this.replicaNames.length && m.replicas.every((r) => r.state === 'online') &&
      this.replicaNames.every((r) => this.view(r).linkUp);
  }

  async sync(): Promise<void> {
    const port = this.sim.nodes.get(this.master)!.port;
    await this.admin(this.master, ['CONFIG', 'SET', 'repl-diskless-sync-delay', '0']);
    for (const r of this.replicaNames) await this.admin(r, ['REPLICAOF', '127.0.0.1', String(port)]);
    if (!(await this.run.runUntilCondition(() => this.allOnline(), this.sim.nowMs + SIM_LIMIT_MS))) {
      throw new Error(`the replicas were not all online after ${SIM_LIMIT_MS / 1000} simulated seconds`);
    }
    // A write that reaches every replica shows the stream flows.
    await this.admin(this.master, ['SET', WARMUP_KEY, '1']);
    await this.admin(this.master, ['DEL', WARMUP_KEY]);
    if (!(await this.run.runUntilCondition(() => this.caughtUp(), this.sim.nowMs + SIM_LIMIT_MS))) {
      throw new Error('a first write did not reach every replica');
    }
  }
}

/**
 * Runs the workload on one host: sync, then closed-loop SETs from `clients` clients (all start at
 * the same simulated instant, so the master takes each round together), until every replica has
 * applied every write.
 */
export async function runHostsWorkload(
  host: HostKind, w: HostsWorkload, make: (opts: SimOptions) => Runner,
  opts: { profile?: boolean; progress?: (s: string) => void; onTimedStart?: () => Promise<void> | void; collect?: () => Promise<Partial<RunProfile>> } = {},
): Promise<HostRun> {
  const setupStart = performance.now();
  const c = new Cluster(make, w);
  try {
    await c.sync();
    const setupWallMs = performance.now() - setupStart;
    const sim = c.sim;
    const run = c.run;
    const rng = prngCreate(w.seed, 0xbe4c);
    const value = 'x'.repeat(w.valueBytes);
    const simStart = sim.nowMs;
    const clients = new ClosedLoopClients(w.clients, simStart, w.clientRttMs);
    c.onClientReply = (r) => clients.onReply(r);
    const counters = watchWindows(sim, opts.profile === true);
    const computeStart = sim instanceof TimedInlineSim ? sim.computeMs : 0;
    const windows0 = sim.windows;
    const events0 = sim.eventsProcessed;
    await opts.onTimedStart?.();
    const t0 = performance.now();
    const quarter = Math.max(1, Math.round(w.writes / 4));
    let issued = 0;
    while (issued < w.writes) {
      const at = clients.nextSendAt();
      if (at === Infinity) {
        if (!(await run.stepOne())) throw new Error('every client waits for a reply and nothing is scheduled');
        continue;
      }
      if (at > sim.nowMs) await run.runUntil(at);
      const before = issued;
      issued += clients.sendDue(sim.nowMs, w.writes - issued, (id) => {
        sim.command(c.master, ['SET', benchKey(prngNextU32(rng) % w.keyspace), value], id);
      });
      if (opts.progress && Math.floor(issued / quarter) > Math.floor(before / quarter) && issued < w.writes) {
        opts.progress(`${host} host: ${issued} of ${w.writes} writes sent (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      }
    }
    while (clients.replies < w.writes) {
      if (!(await run.stepOne())) throw new Error(`${w.writes - clients.replies} writes never got a reply`);
    }
    if (!(await run.runUntilCondition(() => c.caughtUp(), sim.nowMs + SIM_LIMIT_MS))) {
      throw new Error(`the replicas had not caught up ${SIM_LIMIT_MS / 1000} simulated seconds after the last write`);
    }
    const wallMs = performance.now() - t0;
    if (clients.errors > 0) throw new Error(`${clients.errors} of ${w.writes} writes failed; first: ${clients.firstError}`);
    const mv = sim.nodes.get(c.master)!.lastView!;
    for (const r of c.replicaNames) {
      const v = sim.nodes.get(r)!.lastView!;
      if (v.slaveReplOffset !== mv.masterReplOffset || v.keys !== mv.keys) {
        throw new Error(`${r} disagrees with the master: offset ${v.slaveReplOffset} vs ${mv.masterReplOffset}, ${v.keys} keys vs ${mv.keys}`);
      }
    }
    // The hosts are still up here: the profile pass reads the workers' own timers now.
    const collected = opts.collect ? await opts.collect() : {};
    const profile: RunProfile | undefined = opts.profile
      ? { planMs: counters.planMs, applyMs: counters.applyMs, ...(sim instanceof TimedInlineSim ? { computeMs: sim.computeMs - computeStart } : {}), ...collected }
      : undefined;
    return {
      host,
      writes: w.writes,
      setupWallMs,
      wallMs,
      simMs: sim.nowMs - simStart,
      windows: sim.windows - windows0,
      batches: counters.batches,
      inputs: counters.inputs,
      events: sim.eventsProcessed - events0,
      masterOffset: mv.masterReplOffset,
      masterKeys: mv.keys,
      traceHash: sim.traceHash(),
      ...(profile ? { profile } : {}),
    };
  } finally {
    c.run.dispose();
  }
}

/** Makes an inline runner (timed for the profile pass). */
export function makeInline(timed: boolean): (opts: SimOptions) => Runner {
  return (opts) => inlineRunner(timed ? new TimedInlineSim(opts) : new Sim(opts));
}

/** Makes a worker runner whose nodes are started by `spawn`. */
export function makeWorker(spawn: (node: string) => HostHandle): (opts: SimOptions) => Runner {
  return (opts) => workerRunner(new WorkerSim({ ...opts, spawn }));
}
