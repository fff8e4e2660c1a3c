// The simulator's scheduler: it alone owns simulated time and delivery order. It runs the nodes
// in conservative time windows — no byte can reach another node sooner than the smallest link
// latency, so within [T, T + minLatency) each node can run on its own, in parallel — then, at the
// window's barrier, routes what crossed: TCP segments (in order, lost on a cut link and
// retransmitted when it heals), new connections, FINs and resets. Faults and user commands act
// at barriers. The hosts run in a pool (pool.ts): the inline pool runs every node's window here,
// the worker pool sends each node's window to its Web Worker. Both give the same trace, because
// both run this same loop.

import type { BacklogMode } from '../engine/backlog.ts';
import { FIRST_PORT, hostNode, isLoopback, networkIpAt, resolveAddress, SENTINEL_FIRST_PORT, type Via } from './address.ts';
import { cloneForResume, cloneSharingBlocks, packCheckpoint } from './checkpoint-clone.ts';
import { EventHeap } from './heap.ts';
import { Links } from './links.ts';
import { InlinePool, type BatchResult, type BatchResults, type HostPool, type NodeBatch, type WindowPlan } from './pool.ts';
import { SIM_EPOCH_MS, type HostInit, type HostOutput, type HostSnapshot, type LinkParams } from './protocol.ts';
import { SimNode, type NodeKind, type ReplyEvent, type SimOptions, type SimSnapshot } from './sim-types.ts';
import { DEFAULT_LINK, MIN_LATENCY_MS, Tcp, type FrameRecord, type NewEvent, type QueuedInput, type SimEvent } from './tcp.ts';
import { TraceHasher, type TraceEntry } from './trace.ts';
import { DEFAULT_VERSION, versionProfile, type RedisVersion } from '../engine/version.ts';
import { BUDGETS, BudgetExceeded } from '../engine/budget.ts';

export { SIM_EPOCH_MS, DEFAULT_LINK, MIN_LATENCY_MS, SimNode };
export type { NodeKind, LinkParams, FrameRecord, BatchResult, BatchResults, HostPool, NodeBatch, WindowPlan, ReplyEvent, SimOptions, SimSnapshot };

/** A way of running windows, written once: it yields each window's plan and gets back its results. */
type Windows<R> = Generator<WindowPlan, R, BatchResults>;

export class Sim {
  nowMs = SIM_EPOCH_MS;
  readonly seed: number;
  readonly nodes = new Map<string, SimNode>();
  private readonly net = new Links();
  /** Link parameters by "a|b" (names in order). */
  readonly links: ReadonlyMap<string, LinkParams> = this.net.params;
  readonly trace: TraceEntry[] = [];
  private readonly traceHasher = new TraceHasher();
  /**
   * Entries not hashed yet. With hosts that answer later (workers), a window's entries are hashed
   * while the hosts run the next window; anyone reading the hasher gets it up to date.
   */
  private readonly unhashed: TraceEntry[] = [];
  readonly backlogMode: BacklogMode;
  readonly version: RedisVersion;
  eventsProcessed = 0;
  windows = 0;
  private queue = new EventHeap<SimEvent>();
  private seq = 0;
  /** The connections and the receiving halves of TCP. */
  private tcp: Tcp;
  private readonly pool: HostPool;
  private opts: SimOptions;
  /** What add() does with each entry (read once: a trace entry comes for every byte sent). */
  private readonly hashAtOnce: boolean;
  private readonly keepTrace: boolean;
  private readonly hasOnTrace: boolean;

  /** Do the hosts run in this thread (a snapshot is a copy here, not a round trip to workers)? */
  get hostsInThisThread(): boolean {
    return this.pool.synchronous;
  }
  /** planWindow's list of what the network let through for one event (reused). */
  private readonly admitted: QueuedInput[] = [];

  constructor(opts: SimOptions) {
    this.opts = opts;
    this.pool = opts.pool ?? new InlinePool();
    this.hashAtOnce = this.pool.synchronous;
    this.keepTrace = opts.keepTrace === true;
    this.hasOnTrace = opts.onTrace !== undefined;
    this.seed = opts.seed;
    this.version = opts.version ?? DEFAULT_VERSION;
    this.backlogMode = opts.backlogMode ?? versionProfile(this.version).backlog;
    this.tcp = new Tcp({
      now: () => this.nowMs,
      push: (e) => this.push(e),
      link: (a, b) => this.link(a, b),
      minLatencyMs: () => this.minLatencyMs(),
      node: (name) => this.nodes.get(name),
      nodeByAddress: (host, port) => this.nodeByAddress(host, port),
      knownHost: (host) => this.knownHost(host),
      trace: (e) => this.add(e),
      frame: opts.onFrame,
    });
  }

  // ------------------------------------------------------------------ topology

  /** A new node; `config`: its startup parameters (redis-server's command line), for every start. */
  addNode(name: string, config: Readonly<Record<string, string>> = {}, kind: NodeKind = 'redis'): SimNode {
    if (this.nodes.size >= BUDGETS.nodes) throw new BudgetExceeded({ kind: 'nodes', count: this.nodes.size + 1 });
    const same = [...this.nodes.values()].filter((x) => x.kind === kind).length;
    const n = new SimNode(name, (kind === 'sentinel' ? SENTINEL_FIRST_PORT : FIRST_PORT) + same, this.pool);
    n.kind = kind;
    n.ip = networkIpAt(this.nodes.size);
    n.config = { ...config };
    this.net.noteNode(name, this.nodes.keys());
    this.nodes.set(name, n);
    this.boot(n);
    return n;
  }

  private hostInit(n: SimNode): HostInit {
    const links = this.net.forBoot(n.name, this.nodes.keys());
    return { name: n.name, port: n.port, seed: this.seed, nowMs: this.nowMs, incarnation: n.incarnation, disk: n.disk, config: n.config, backlogMode: this.backlogMode, version: this.version, links, defaultLink: { ...DEFAULT_LINK }, ...(n.kind === 'sentinel' ? { sentinel: { networkIp: n.ip } } : {}) };
  }

  /** Starts a node's host: a new incarnation, from its disk. */
  private boot(n: SimNode): void {
    n.incarnation++;
    n.alive = true;
    const booted = this.pool.boot(this.hostInit(n));
    n.disk = booted.disk;
    this.net.takeUpdates(n.name);
    n.lastView = booted.view;
    this.applyOutputs(n, booted.outputs);
  }

  link(a: string, b: string): LinkParams {
    return this.net.get(a, b);
  }

  /** The smallest latency of any link: the length of a conservative window. */
  minLatencyMs(): number {
    return this.net.minLatencyMs();
  }

  /** The node listening at host:port and how the connection reaches it (address.ts). */
  nodeByAddress(host: string, port: number): { node: SimNode; via: Via } | undefined {
    return resolveAddress(host, port, this.nodes.values());
  }

  /** Is host a name this machine resolves (the loopback, a node's name or network address)? */
  knownHost(host: string): boolean {
    return isLoopback(host) || hostNode(host, this.nodes.values()) !== undefined;
  }

  // ------------------------------------------------------------------ user actions (at barriers)

  /** A console command typed on a node now. The reply comes through onReply. */
  command(node: string, argv: readonly string[], clientId = 'console'): void {
    const n = this.nodes.get(node);
    // One copy of the caller's argv, shared by the trace entry and the input: neither changes it.
    const copy = [...argv];
    this.record({ node, kind: 'command', argv: copy });
    if (!n || !n.alive) {
      this.opts.onReply?.({ node, clientId, reply: null, timeMs: this.nowMs - SIM_EPOCH_MS, note: 'refused' });
      return;
    }
    this.push({ type: 'input', node, inc: n.incarnation, input: { type: 'command', clientId, argv: copy }, timeMs: this.nowMs });
  }

  /**
   * The node's redis-cli exits (Ctrl+C): its connection closes and the server frees the client (a
   * client blocked in WAIT too). Nothing happens when the node is not running.
   */
  closeConsole(node: string, clientId = 'console'): void {
    const n = this.nodes.get(node);
    this.record({ node, kind: 'consoleClosed' });
    if (!n || !n.alive) return;
    this.push({ type: 'input', node, inc: n.incarnation, input: { type: 'consoleClosed', clientId }, timeMs: this.nowMs });
  }

  /**
   * Silent partition: nothing crosses the link. The ends learn only through their own timeouts;
   * TCP keeps retransmitting, so what was sent arrives after heal if both ends are still open.
   */
  cut(a: string, b: string): void {
    this.link(a, b).cut = true;
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'cut' });
  }

  heal(a: string, b: string): void {
    this.link(a, b).cut = false;
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'heal' });
    this.tcp.heal(a, b);
  }

  /** Connection reset: both ends see it at once, in-flight bytes are lost. */
  kill(a: string, b: string): void {
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'kill' });
    this.tcp.kill(a, b);
  }

  setLatency(a: string, b: string, latencyMs: number, jitterMs = 0): void {
    this.net.setLatency(a, b, latencyMs, jitterMs);
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'latency', latencyMs, jitterMs });
  }

  setBandwidth(a: string, b: string, bytesPerSec: number): void {
    this.net.setBandwidth(a, b, bytesPerSec);
    this.record({ node: `${a}|${b}`, kind: 'linkAction', a, b, action: 'bandwidth', bytesPerSec });
  }

  /** The process dies: memory is lost, the disk stays; the kernel closes its sockets (peers see FIN). */
  crash(node: string): void {
    const n = this.nodes.get(node);
    if (!n || !n.alive) return;
    this.record({ node, kind: 'nodeAction', action: 'crash' });
    this.die(n);
  }

  /**
   * Takes a node out of the cluster: it dies as in a crash (its peers see their connections
   * close) and is never restarted; it is no longer shown. Its name and port stay taken.
   */
  remove(node: string): void {
    const n = this.nodes.get(node);
    if (!n || n.removed) return;
    this.record({ node, kind: 'nodeAction', action: 'remove' });
    if (n.alive) this.die(n);
    n.removed = true;
    n.lastView = null;
  }

  private die(n: SimNode): void {
    const disk = this.pool.stop(n.name);
    if (disk) n.disk = disk;
    n.alive = false;
    this.tcp.died(n.name);
  }

  restart(node: string): void {
    const n = this.nodes.get(node);
    if (!n || n.alive || n.removed) return;
    this.record({ node, kind: 'nodeAction', action: 'restart' });
    this.boot(n);
  }

  // ------------------------------------------------------------------ running

  /**
   * Processes every event up to and including time t, then sets the clock to t. With `stop`, it
   * may stop earlier, between two windows, when stop() says so (the clock stays at that window).
   */
  runUntil(t: number, stop?: () => boolean): void {
    this.runNow(this.windowsUntil(t, stop));
  }

  /** runUntil() on any pool. */
  runUntilAsync(t: number, stop?: () => boolean): Promise<void> {
    return this.run(this.windowsUntil(t, stop));
  }

  /** Runs the next window; false when nothing is left to run. */
  stepOne(): boolean {
    return this.runNow(this.nextWindow());
  }

  /** stepOne() on any pool. */
  stepOneAsync(): Promise<boolean> {
    return this.run(this.nextWindow());
  }

  /** Runs windows until pred() holds (checked after each window), or until the time limit. */
  runUntilCondition(pred: () => boolean, limitMs: number): boolean {
    return this.runNow(this.windowsUntilCondition(pred, limitMs));
  }

  /** runUntilCondition() on any pool. */
  runUntilConditionAsync(pred: () => boolean, limitMs: number): Promise<boolean> {
    return this.run(this.windowsUntilCondition(pred, limitMs));
  }

  nextEventTime(): number | undefined {
    return this.queue.peek()?.timeMs;
  }

  private *windowsUntil(t: number, stop?: () => boolean): Windows<void> {
    for (;;) {
      const plan = this.planWindow(t);
      if (!plan) break;
      this.applyWindow(plan, yield plan);
      if (stop?.()) return;
    }
    if (t > this.nowMs) this.nowMs = t;
  }

  private *nextWindow(): Windows<boolean> {
    const plan = this.planWindow(Infinity);
    if (!plan) return false;
    this.applyWindow(plan, yield plan);
    return true;
  }

  private *windowsUntilCondition(pred: () => boolean, limitMs: number): Windows<boolean> {
    if (pred()) return true;
    for (;;) {
      const plan = this.planWindow(limitMs);
      if (!plan) {
        this.nowMs = Math.max(this.nowMs, limitMs);
        return false;
      }
      this.applyWindow(plan, yield plan);
      if (pred()) return true;
    }
  }

  /** Runs windows at once: the synchronous methods, for a pool whose hosts run in this thread. */
  private runNow<R>(windows: Windows<R>): R {
    if (!this.pool.synchronous) throw new Error('the hosts answer asynchronously (worker pool): use the async methods');
    let w = windows.next();
    while (!w.done) w = windows.next(this.runBatchesInline(w.value));
    return w.value;
  }

  /**
   * Runs windows on any pool: it waits at a window's barrier only when the hosts answer later, and
   * hashes the last window's entries meanwhile.
   */
  private async run<R>(windows: Windows<R>): Promise<R> {
    let w = windows.next();
    while (!w.done) {
      if (this.pool.synchronous) w = windows.next(this.runBatchesInline(w.value));
      else {
        const results = this.pool.runWindow(w.value);
        this.hashPending();
        w = windows.next(await results);
      }
    }
    return w.value;
  }

  /** Runs a window's batches at once, on a pool whose hosts run in this thread (a subclass may time it). */
  protected runBatchesInline(plan: WindowPlan): BatchResults {
    return settled(this.pool.runWindow(plan));
  }

  private push(e: NewEvent): void {
    const ev = e as SimEvent;
    ev.seq = this.seq++;
    this.queue.push(ev);
  }

  /**
   * Takes the next window's events (times in [T, T + minLatency) where T is the earliest), applies
   * the network's delivery rules to them, and groups them by node. Null when the earliest event is
   * after limitMs. A window is never cut short by the limit: windows depend only on the events, so
   * running to t1 then to t2 does exactly what running to t2 does, in any host, at any speed.
   */
  planWindow(limitMs: number): WindowPlan | null {
    const first = this.queue.peek();
    if (!first || first.timeMs > limitMs) return null;
    const endMs = first.timeMs + this.minLatencyMs();
    this.opts.onWindow?.(first.timeMs - SIM_EPOCH_MS);
    const byNode = new Map<string, NodeBatch>();
    const admitted = this.admitted;
    for (;;) {
      const e = this.queue.peek();
      if (!e || e.timeMs >= endMs) break;
      this.queue.pop();
      this.nowMs = Math.max(this.nowMs, e.timeMs);
      if (e.type === 'syn') {
        this.tcp.trySyn(e.conn);
        continue;
      }
      if (e.type === 'accept') {
        const q = this.tcp.accept(e.conn, e.timeMs, e.seq);
        if (q) addToBatch(byNode, q);
        continue;
      }
      this.tcp.admitInto(e, admitted);
      for (let i = 0; i < admitted.length; i++) addToBatch(byNode, admitted[i]);
      admitted.length = 0;
    }
    this.windows++;
    const batches = [...byNode.values()].sort((x, y) => (x.node < y.node ? -1 : x.node > y.node ? 1 : 0));
    for (const b of batches) {
      const links = this.net.takeUpdates(b.node);
      if (links) b.links = links;
    }
    return { endMs, batches };
  }

  /** Applies a window's results in node-name order: trace, segments, connects, replies, exits. */
  applyWindow(plan: WindowPlan, results: BatchResults): void {
    for (const b of plan.batches) {
      const r = results.get(b.node);
      const n = this.nodes.get(b.node)!;
      if (!r) continue;
      this.eventsProcessed += r.processed;
      if (typeof r.view === 'function') n.viewFrom(r.view);
      else n.lastView = r.view;
      if (r.disk) n.disk = r.disk;
      this.applyOutputs(n, r.outputs);
    }
  }

  private applyOutputs(n: SimNode, outputs: readonly HostOutput[]): void {
    for (const o of outputs) {
      switch (o.type) {
        case 'trace':
          this.add(o.entry);
          break;
        case 'segment':
          this.tcp.route(n.name, o);
          break;
        case 'self':
          this.push({ type: 'input', node: n.name, inc: n.incarnation, input: o.input, timeMs: o.timeMs });
          break;
        case 'connect':
          this.tcp.connect(n.name, n.incarnation, o.conn, o.host, o.port, o.timeMs);
          break;
        case 'reply':
          this.opts.onReply?.({ node: n.name, clientId: o.clientId, reply: o.reply, timeMs: o.timeMs - SIM_EPOCH_MS });
          break;
        case 'exit':
          this.nowMs = Math.max(this.nowMs, o.timeMs);
          this.opts.onReply?.({ node: n.name, clientId: 'console', reply: null, timeMs: o.timeMs - SIM_EPOCH_MS, note: 'exited' });
          this.die(n);
          return;
      }
    }
  }

  /** Open connections between two nodes (for the UI and tests). */
  connectionsBetween(a: string, b: string): string[] {
    return this.tcp.between(a, b);
  }

  /** Records an entry at the current moment. */
  private record(e: DistributiveOmit<TraceEntry, 't'>): void {
    // Every caller passes a new object: it becomes the entry (the same fields, in the same order, as a copy would have).
    (e as { t?: number }).t = this.nowMs - SIM_EPOCH_MS;
    this.add(e as TraceEntry);
  }

  private add(e: TraceEntry): void {
    if (this.hashAtOnce) this.traceHasher.add(e);
    else this.unhashed.push(e);
    if (this.keepTrace) this.trace.push(e);
    if (this.hasOnTrace) this.opts.onTrace!(e);
  }

  /** The trace's hash so far (every entry hashed, in order). */
  get hasher(): TraceHasher {
    this.hashPending();
    return this.traceHasher;
  }

  private hashPending(): void {
    const u = this.unhashed;
    if (u.length === 0) return;
    for (let i = 0; i < u.length; i++) this.traceHasher.add(u[i]);
    u.length = 0;
  }

  traceHash(): string {
    return this.hasher.digest();
  }

  // ------------------------------------------------------------------ checkpoints

  /**
   * Everything needed to continue this run later from here (taken between windows), at once: it
   * needs a pool whose hosts run in this thread, unless no host runs yet (a run's first moment).
   */
  snapshot(): SimSnapshot {
    return this.captureNow(false);
  }

  /**
   * A checkpoint packed at once (packCheckpoint on top of `prev`), from the hosts' own keyspaces
   * rather than copies of them: for a pool whose hosts run in this thread.
   */
  packedSnapshot(prev: SimSnapshot): SimSnapshot {
    return packCheckpoint(this.captureNow(true), prev, true);
  }

  private captureNow(liveKeyspaces: boolean): SimSnapshot {
    const alive = this.aliveNodes();
    if (alive.length === 0) return this.capture(new Map());
    if (!this.pool.synchronous) throw new Error('the hosts answer asynchronously (worker pool): use snapshotAsync');
    return this.capture(settled(this.pool.snapshot(alive)), liveKeyspaces);
  }

  /** snapshot() on any pool: the hosts' states are fetched first. */
  async snapshotAsync(): Promise<SimSnapshot> {
    return this.capture(await this.pool.snapshot(this.aliveNodes()));
  }

  private aliveNodes(): string[] {
    return [...this.nodes.values()].filter((n) => n.alive).map((n) => n.name);
  }

  private capture(hosts: ReadonlyMap<string, HostSnapshot>, liveKeyspaces = false): SimSnapshot {
    // Backlog blocks are shared with the live run and other checkpoints (their bytes never change).
    return cloneSharingBlocks({
      nowMs: this.nowMs,
      seq: this.seq,
      eventsProcessed: this.eventsProcessed,
      windows: this.windows,
      queue: this.queue.toArray(),
      conns: this.tcp.save(),
      ...this.net.save(),
      hasher: this.hasher.save(),
      traceLength: this.trace.length,
      nodes: [...this.nodes.values()].map((n) => ({
        name: n.name, port: n.port, kind: n.kind, ip: n.ip, alive: n.alive, incarnation: n.incarnation, disk: n.disk, lastView: n.lastView, removed: n.removed, config: n.config,
        host: n.alive ? hosts.get(n.name) ?? null : null,
      })),
    }, liveKeyspaces);
  }

  /** Puts the run back where snapshot() was taken. */
  restore(s: SimSnapshot): void {
    const c = cloneForResume(s);
    this.nowMs = c.nowMs;
    this.seq = c.seq;
    this.eventsProcessed = c.eventsProcessed;
    this.windows = c.windows;
    this.queue.clear();
    for (const e of c.queue) this.queue.push(e as SimEvent);
    this.tcp.load(c.conns);
    this.net.load(c.links, c.linkUpdates);
    this.hasher.load(c.hasher);
    if (this.trace.length > c.traceLength) this.trace.length = c.traceLength;
    for (const n of this.nodes.values()) if (n.alive) this.pool.stop(n.name);
    this.nodes.clear();
    for (const x of c.nodes) {
      const n = new SimNode(x.name, x.port, this.pool);
      n.kind = x.kind ?? 'redis';
      n.ip = x.ip ?? networkIpAt(this.nodes.size);
      n.alive = x.alive;
      n.incarnation = x.incarnation;
      n.disk = x.disk;
      n.lastView = x.lastView;
      n.removed = x.removed;
      n.config = x.config ?? {};
      this.nodes.set(n.name, n);
      if (x.alive && x.host) this.pool.restore(x.host as HostSnapshot);
    }
  }

  /** Stops the nodes' hosts for good (the worker pool terminates its workers). */
  dispose(): void {
    this.pool.dispose();
  }
}

/** Adds an admitted input to its node's batch of the window. */
function addToBatch(byNode: Map<string, NodeBatch>, q: QueuedInput): void {
  let b = byNode.get(q.node);
  if (!b) byNode.set(q.node, (b = { node: q.node, inc: q.inc, inputs: [] }));
  b.inputs.push(q.peer === undefined ? { timeMs: q.timeMs, input: q.input } : { timeMs: q.timeMs, input: q.input, peer: q.peer });
}

/** The answer of a pool whose hosts run in this thread. */
function settled<T>(r: T | Promise<T>): T {
  if (r instanceof Promise) throw new Error('the hosts answer asynchronously (worker pool): use the async methods');
  return r;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
