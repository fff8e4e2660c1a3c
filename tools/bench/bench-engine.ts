// The engine half of the benchmark: 1 master and 4 replicas on the inline simulator, fully
// synced, then SET writes from closed-loop simulated clients; measures wall-clock throughput until
// every replica has applied every write, and checks offsets and datasets agree.

import { ClosedLoopClients } from './page/closed-loop.ts';
import { performance } from 'node:perf_hooks';
import { Sim, type ReplyEvent } from '../../src/runtime/sim.ts';
import type { Reply } from '../../src/engine/resp.ts';
import { keyspaceDigest, keyspaceKeyCount } from '../../src/engine/keyspace.ts';
import { prngCreate, prngNextU32 } from '../../src/engine/prng.ts';
import { AllocationMeter, HeapSampler, benchKey, benchValue, infoInt, parseInfo, peakRssBytes, replicaStates, type Workload } from './bench-common.ts';

export interface EngineOptions {
  readonly seed: number;
  readonly replicas: number;
  /** Simulated round trip between a client and the master (the client waits this long between its commands). */
  readonly clientRttMs: number;
}

export interface EngineResult {
  readonly writes: number;
  /** Wall-clock ms from the first write to the last reply. */
  readonly ackWallMs: number;
  /** Wall-clock ms from the first write until every replica applied every write. */
  readonly replicatedWallMs: number;
  /** Simulated ms over the same span. */
  readonly simMs: number;
  readonly events: number;
  readonly setupWallMs: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly masterOffset: number;
  readonly keys: number;
  readonly traceHash: string;
  /** V8 heap bytes allocated from the first write until every replica applied every write. */
  readonly allocatedBytes: number;
  /** Garbage collections over the same span, and their time (wall-clock ms). */
  readonly gcCount: number;
  readonly gcMs: number;
  /** CPU time (user + system) of this process over the same span (ms): what the wall clock shows when the machine is not shared. */
  readonly cpuMs: number;
}

const ADMIN = 'bench-admin';
/** Written and deleted before timing, to see the stream reach every replica. */
export const WARMUP_KEY = 'bench:warmup';
/** Longest simulated time the setup and the catch-up may take before the run counts as stuck. */
const SIM_LIMIT_MS = 120_000;

class EngineCluster {
  readonly sim: Sim;
  readonly master = 'master';
  readonly replicaNames: string[] = [];
  private adminReply: ReplyEvent | null = null;
  /** Replies for the benchmark's clients go here. */
  onClientReply: (r: ReplyEvent) => void = () => {};

  constructor(seed: number, replicas: number) {
    this.sim = new Sim({
      seed,
      onReply: (r) => {
        if (r.clientId === ADMIN) this.adminReply = r;
        else this.onClientReply(r);
      },
    });
    this.sim.addNode(this.master);
    for (let i = 1; i <= replicas; i++) {
      const name = `replica${i}`;
      this.sim.addNode(name);
      this.replicaNames.push(name);
    }
  }

  /** Runs one command on a node, as redis-cli would, and advances the simulation to its reply. */
  admin(node: string, argv: readonly string[]): Reply {
    const sim = this.sim;
    this.adminReply = null;
    sim.command(node, argv, ADMIN);
    const limit = sim.nowMs + SIM_LIMIT_MS;
    while (this.adminReply === null) {
      const t = sim.nextEventTime();
      if (t === undefined || t > limit) break;
      sim.stepOne();
    }
    const r = this.adminReply as ReplyEvent | null;
    if (r === null || r.reply === null) throw new Error(`engine: no reply from ${node} to ${argv.join(' ')}`);
    if (r.reply.type === 'error') throw new Error(`engine: ${node}> ${argv.join(' ')}: ${r.reply.v}`);
    if (r.timeMs > sim.nowMs) sim.runUntil(r.timeMs);
    return r.reply;
  }

  info(node: string, section: string): Map<string, string> {
    const r = this.admin(node, ['INFO', section]);
    if (r.type !== 'bulk' || r.v === null) throw new Error(`engine: INFO ${section} on ${node} did not return text`);
    return parseInfo(r.v);
  }

  nodeState(name: string) {
    const s = this.sim.nodes.get(name)?.state;
    if (!s) throw new Error(`engine: node ${name} is not running`);
    return s;
  }

  /** Every replica's processed offset equals the master's (read from the node states: cheap enough to test after each event). */
  caughtUp(): boolean {
    const target = this.nodeState(this.master).masterReplOffset;
    for (const name of this.replicaNames) {
      const m = this.sim.nodes.get(name)?.state?.master;
      if (!m || m.reploff !== target) return false;
    }
    return true;
  }
}

function expectOk(r: Reply, what: string): void {
  if (r.type !== 'status' || r.v !== 'OK') throw new Error(`engine: ${what} answered ${JSON.stringify(r)}`);
}

/** Attaches every replica and waits (in simulated time) until the master lists them all online. */
function syncReplicas(c: EngineCluster): void {
  const port = c.sim.nodes.get(c.master)!.port;
  expectOk(c.admin(c.master, ['CONFIG', 'SET', 'repl-diskless-sync-delay', '0']), 'CONFIG SET repl-diskless-sync-delay 0');
  for (const r of c.replicaNames) expectOk(c.admin(r, ['REPLICAOF', '127.0.0.1', String(port)]), `${r} REPLICAOF`);
  const deadline = c.sim.nowMs + SIM_LIMIT_MS;
  while (c.sim.nowMs < deadline) {
    c.sim.runUntil(c.sim.nowMs + 100);
    const m = c.info(c.master, 'replication');
    const states = replicaStates(m);
    const linksUp = c.replicaNames.every((r) => c.info(r, 'replication').get('master_link_status') === 'up');
    if (states.length === c.replicaNames.length && states.every((s) => s === 'online') && linksUp) break;
  }
  if (c.sim.nowMs >= deadline) throw new Error(`engine: the replicas were not all online after ${SIM_LIMIT_MS / 1000} simulated seconds`);
  // "online" after a diskless sync still holds the stream back until the replica's next ACK:
  // a write that reaches every replica shows the stream flows (the same check as on the real cluster).
  c.admin(c.master, ['SET', WARMUP_KEY, '1']);
  c.admin(c.master, ['DEL', WARMUP_KEY]);
  if (!c.sim.runUntilCondition(() => c.caughtUp(), c.sim.nowMs + SIM_LIMIT_MS)) {
    throw new Error('engine: a first write did not reach every replica');
  }
}

/** Offsets through INFO, datasets through a canonical digest: every replica must equal the master. */
function verify(c: EngineCluster, writes: number): { masterOffset: number; keys: number } {
  const masterOffset = infoInt(c.info(c.master, 'replication'), 'master_repl_offset', 'engine master');
  const masterState = c.nodeState(c.master);
  const digest = keyspaceDigest(masterState.ks);
  const keys = keyspaceKeyCount(masterState.ks);
  if (keys === 0 || keys > writes) throw new Error(`engine: master holds ${keys} keys after ${writes} writes`);
  const problems: string[] = [];
  for (const r of c.replicaNames) {
    const off = infoInt(c.info(r, 'replication'), 'slave_repl_offset', `engine ${r}`);
    if (off !== masterOffset) problems.push(`${r} slave_repl_offset ${off} != master_repl_offset ${masterOffset}`);
    const s = c.nodeState(r);
    if (keyspaceDigest(s.ks) !== digest) problems.push(`${r} dataset differs from the master's (${keyspaceKeyCount(s.ks)} keys vs ${keys})`);
  }
  if (problems.length > 0) throw new Error(`engine: replicas disagree with the master:\n  ${problems.join('\n  ')}`);
  return { masterOffset, keys };
}

export function runEngineBench(w: Workload, o: EngineOptions): EngineResult {
  const heap = new HeapSampler();
  const setupStart = performance.now();
  const c = new EngineCluster(o.seed, o.replicas);
  syncReplicas(c);
  const setupWallMs = performance.now() - setupStart;
  heap.sample();

  const sim = c.sim;
  const rng = prngCreate(o.seed, 0xbe4c);
  const value = benchValue(w.valueBytes);
  const simStart = sim.nowMs;
  const clients = new ClosedLoopClients(w.clients, simStart, o.clientRttMs);
  c.onClientReply = (r) => clients.onReply(r);

  const events0 = sim.eventsProcessed;
  const alloc = new AllocationMeter();
  alloc.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let issued = 0;
  while (issued < w.writes) {
    const at = clients.nextSendAt();
    if (at === Infinity) {
      // Every client waits for a reply: let the simulation run on.
      if (!sim.stepOne()) throw new Error('engine: every client waits for a reply and nothing is scheduled');
      continue;
    }
    if (at > sim.nowMs) sim.runUntil(at);
    const before = issued;
    issued += clients.sendDue(sim.nowMs, w.writes - issued, (id) => {
      sim.command(c.master, ['SET', benchKey(prngNextU32(rng) % w.keyspace), value], id);
    });
    if (issued >> 12 !== before >> 12) heap.sample();
  }
  while (clients.replies < w.writes) {
    if (!sim.stepOne()) throw new Error(`engine: ${w.writes - clients.replies} writes never got a reply`);
  }
  const t1 = performance.now();
  if (!sim.runUntilCondition(() => c.caughtUp(), sim.nowMs + SIM_LIMIT_MS)) {
    throw new Error(`engine: the replicas had not caught up ${SIM_LIMIT_MS / 1000} simulated seconds after the last write`);
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const allocated = alloc.stop();
  const events = sim.eventsProcessed - events0;
  const simMs = sim.nowMs - simStart;
  heap.sample();
  if (clients.errors > 0) throw new Error(`engine: ${clients.errors} of ${w.writes} writes failed; first: ${clients.firstError}`);
  const { masterOffset, keys } = verify(c, w.writes);
  return {
    writes: w.writes,
    ackWallMs: t1 - t0,
    replicatedWallMs: t2 - t0,
    simMs,
    events,
    setupWallMs,
    peakRssBytes: peakRssBytes(),
    peakHeapBytes: heap.peakHeapBytes,
    masterOffset,
    keys,
    traceHash: sim.traceHash(),
    ...allocated,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

