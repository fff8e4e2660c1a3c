// The time machine: a run is (seed, the actions with their simulated times). The Timeline replays
// actions into the simulator as time advances, keeps checkpoints so any moment is reachable fast,
// steps forward and back, and forks history when someone acts in the past (the old future stays
// as a branch). It exports the whole run as a scenario that reproduces it exactly.

import { parseScenario, formatScenarioError, serializeStep } from '../scenario/parse.ts';
import { quoteArg } from '../scenario/split-args.ts';
import { binaryToUtf8 } from '../engine/bytes.ts';
import type { BacklogMode } from '../engine/backlog.ts';
import { runScenario, ScenarioFault, type TranscriptItem } from './run-scenario.ts';
import { BudgetExceeded, type Budget } from '../engine/budget.ts';
import { FrameLog } from './frame-log.ts';
import { Sim, SIM_EPOCH_MS, type FrameRecord, type ReplyEvent, type SimSnapshot } from './sim.ts';
import { isNotableEntry, type TraceEntry } from './trace.ts';
import { CompactLog } from './compact-log.ts';
import { cloneForResume, packCheckpoint, shareWithPrevious } from './checkpoint-clone.ts';
import type { TimerView } from './protocol.ts';
import type { Branch, DiskView, RunFault, TimedAction, TimelineEvents, TimelineSnapshot, UserAction } from './timeline-api.ts';
import { DEFAULT_VERSION, type RedisVersion } from '../engine/version.ts';

export type { Branch, DiskView, TimedAction, UserAction, RunFault, TimelineSnapshot };

/**
 * Events after which a checkpoint is taken (no sooner than CHECKPOINT_MIN_MS after the last): a
 * seek in a busy run re-simulates at most about a second. A busy hour (1 master, 2 replicas,
 * 100 writes/s) takes one every simulated second.
 */
const CHECKPOINT_EVERY_EVENTS = 320;
/** Simulated ms between two checkpoints taken for their events, at least. */
const CHECKPOINT_MIN_MS = 1000;
/** Checkpoints a branch keeps before it thins them (an hour of such checkpoints fits). */
const MAX_CHECKPOINTS = 4000;
/**
 * After taking this many checkpoints, a copy of the newest is made as a seek would make it, and
 * dropped: the code a restore runs is then compiled and warm before the first seek, whose restore
 * otherwise costs several times the usual (a garbage collection that drops compiled code, as a
 * forced one does, makes it cold again).
 */
const WARM_RESTORE_AT = new Set([3, 10, 30]);

interface Checkpoint {
  atMs: number;
  nextAction: number;
  snap: SimSnapshot;
  /** How many trace entries, moments and frames existed when it was taken. */
  traceLength: number;
  momentsLength: number;
  framesLength: number;
}

interface BranchState {
  id: number;
  parent: number | null;
  forkAtMs: number;
  actions: TimedAction[];
  checkpoints: Checkpoint[];
  headMs: number;
  /** Where the scenario's own story ends on this branch (0: the branch dropped it). */
  scriptEndMs: number;
}

export interface TimelineOptions {
  seed: number;
  version?: RedisVersion;
  backlogMode?: BacklogMode;
  actions: readonly TimedAction[];
  /** How the simulator runs the nodes: a factory so the page can use Web Workers. */
  makeSim?: (o: { seed: number; version?: RedisVersion; backlogMode?: BacklogMode; onReply: (r: ReplyEvent) => void; onTrace: (e: TraceEntry) => void; onFrame: (f: FrameRecord) => void; onWindow: (startMs: number) => void }) => Sim;
  /** Simulated ms between checkpoints (at most). */
  checkpointEveryMs?: number;
  /**
   * Events processed between checkpoints (at most), when the hosts run in this thread: a seek
   * re-simulates no more than this from its checkpoint, however busy the run. Checkpoints share
   * what did not change, so close ones are cheap.
   */
  checkpointEveryEvents?: number;
  events?: TimelineEvents;
  /** The scenario text the run came from, for fault reports. */
  source?: string;
  /** Where the scenario ends (ms since the start): after its last line, trailing sleeps included. */
  scriptEndMs?: number;
}

/**
 * A scenario run once to learn when each action happens: plain data, so a worker can compile a
 * scenario (a shared link) while the page stays responsive.
 */
export type Compiled =
  | { ok: true; seed: number; version: RedisVersion; actions: TimedAction[]; transcript: TranscriptItem[]; endMs: number; text: string }
  | { ok: false; errors: string[]; budgets?: (Budget | null)[]; fault?: RunFault };

export interface CompileOptions {
  readonly seed?: number;
  readonly fileName?: string;
  readonly version?: RedisVersion;
  readonly backlogMode?: BacklogMode;
}

/** How far a compile has got: the scenario line it runs, of how many, and the simulated ms reached. */
export interface CompileProgress {
  readonly line: number;
  readonly lines: number;
  readonly atMs: number;
}

export function compileScenario(text: string, o: CompileOptions = {}, onProgress?: (p: CompileProgress) => void): Compiled {
  // The scenario's `version` line decides unless the caller picks one.
  const parsed = parseScenario(text, o.fileName);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => formatScenarioError(o.fileName ?? 'scenario', e)), budgets: parsed.errors.map((e) => e.budget ?? null) };
  const actions: TimedAction[] = [];
  const seed = o.seed ?? parsed.seed;
  const version = o.version ?? parsed.version;
  try {
    // Progress: the line running, and the simulated time reached (each window, so a long sleep moves it too).
    const lines = text.split('\n').length;
    let line = 0;
    const progress = onProgress ? {
      onStep: (l: number, atMs: number) => { line = l; onProgress({ line, lines, atMs }); },
      simOptions: { onWindow: (atMs: number) => onProgress({ line, lines, atMs }) },
    } : {};
    const res = runScenario(parsed.steps, seed, { backlogMode: o.backlogMode, version, onAction: (a) => actions.push(a), ...progress });
    return { ok: true, seed, version, actions, transcript: res.transcript, endMs: res.sim.nowMs - SIM_EPOCH_MS, text };
  } catch (e) {
    const file = o.fileName ?? 'scenario';
    if (!(e instanceof ScenarioFault)) return { ok: false, errors: [`${file}: the simulator stopped: ${(e as Error).message}`] };
    const fault: RunFault = { seed, atMs: e.atMs, window: 0, message: e.message, scenario: e.scenario, line: e.line, budget: e.budget };
    return { ok: false, errors: [`${file}:${e.line}: ${e.message}`], fault };
  }
}

export type LoadResult =
  | { ok: true; timeline: Timeline; transcript: TranscriptItem[] }
  | { ok: false; errors: string[]; budgets?: (Budget | null)[]; fault?: RunFault };

export class Timeline {
  readonly seed: number;
  readonly backlogMode: BacklogMode | undefined;
  readonly version: RedisVersion;
  private sim: Sim;
  private branchesById = new Map<number, BranchState>();
  private branch: BranchState;
  private next = 0;
  private nextBranchId = 1;
  private opts: TimelineOptions;
  /** Trace entries of the current branch up to the cursor (for the UI's log and step back). */
  readonly trace = new CompactLog<TraceEntry>({ notable: isNotableEntry });
  private pendingTrace: TraceEntry[] = [];
  /** Start times of the windows run so far on this branch (the moments step back returns to). */
  readonly moments: number[] = [];
  /** Every frame sent on this branch up to the cursor (for the stage, the lane, the diagrams). */
  readonly frames = new FrameLog();
  fault: RunFault | null = null;
  /**
   * While a seek back re-simulates from its checkpoint: how many trace entries, frames and moments
   * the run has reached. Those the seek started with are the same ones again (the run is
   * deterministic), so they stay as recorded; the lists are cut to these counts when it ends.
   */
  private replay: { trace: number; frames: number; moments: number } | null = null;
  private checkpointEveryMs: number;
  private checkpointEveryEvents: number;
  private checkpointMinMs = CHECKPOINT_MIN_MS;

  constructor(opts: TimelineOptions) {
    this.opts = opts;
    this.checkpointEveryMs = opts.checkpointEveryMs ?? 5000;
    this.checkpointEveryEvents = opts.checkpointEveryEvents ?? CHECKPOINT_EVERY_EVENTS;
    this.seed = opts.seed;
    this.backlogMode = opts.backlogMode;
    this.version = opts.version ?? DEFAULT_VERSION;
    this.branch = { id: 0, parent: null, forkAtMs: 0, actions: [...opts.actions], checkpoints: [], headMs: 0, scriptEndMs: opts.scriptEndMs ?? 0 };
    this.branchesById.set(0, this.branch);
    this.sim = this.makeSim();
    // The run's first moment: no host runs yet, so the checkpoint is taken at once on any pool.
    this.branch.checkpoints.push({ atMs: 0, nextAction: 0, snap: this.sim.snapshot(), traceLength: 0, momentsLength: 0, framesLength: 0 });
  }

  /** Compiles scenario text into a timeline: runs it once (inline) to learn when each action happens. */
  static load(text: string, o: Omit<TimelineOptions, 'seed' | 'actions'> & { seed?: number; fileName?: string } = {}): LoadResult {
    const c = compileScenario(text, { seed: o.seed, fileName: o.fileName, version: o.version, backlogMode: o.backlogMode });
    return c.ok ? Timeline.fromCompiled(c, o) : c;
  }

  /** The timeline of a scenario compiled here or in a worker (compileScenario). */
  static fromCompiled(c: Extract<Compiled, { ok: true }>, o: Omit<TimelineOptions, 'seed' | 'actions' | 'version'> = {}): Extract<LoadResult, { ok: true }> {
    return { ok: true, timeline: new Timeline({ ...o, seed: c.seed, version: c.version, actions: c.actions, source: c.text, scriptEndMs: c.endMs }), transcript: c.transcript };
  }


  private makeSim(): Sim {
    const onReply = (r: ReplyEvent) => this.opts.events?.onReply?.(r);
    // Re-simulating after a seek back passes through what is recorded already: it is kept, not recorded again.
    const onTrace = (e: TraceEntry) => {
      const r = this.replay;
      if (r === null || r.trace++ >= this.trace.length) this.trace.add(e);
      this.pendingTrace.push(e);
    };
    const onFrame = (f: FrameRecord) => {
      const r = this.replay;
      if (r === null || r.frames++ >= this.frames.length) {
        shareWithLastFrame(f, this.frames.at(-1));
        this.frames.push(f);
      }
      this.opts.events?.onFrame?.(f);
    };
    const onWindow = (startMs: number) => {
      const r = this.replay;
      if (r === null || r.moments++ >= this.moments.length) this.moments.push(startMs);
    };
    if (this.opts.makeSim) return this.opts.makeSim({ seed: this.seed, version: this.version, backlogMode: this.opts.backlogMode, onReply, onTrace, onFrame, onWindow });
    return new Sim({ seed: this.seed, version: this.version, backlogMode: this.opts.backlogMode, onReply, onTrace, onFrame, onWindow });
  }

  private flushTrace(): void {
    if (this.pendingTrace.length === 0) return;
    const batch = this.pendingTrace;
    this.pendingTrace = [];
    this.opts.events?.onTrace?.(batch);
  }

  /** Simulated ms since the start, at the cursor. */
  get cursorMs(): number {
    return this.sim.nowMs - SIM_EPOCH_MS;
  }

  get headMs(): number {
    return this.branch.headMs;
  }

  get actions(): readonly TimedAction[] {
    return this.branch.actions;
  }

  /** Where the scenario ends: after its last line (trailing sleeps included), or its last action. */
  get scriptEndMs(): number {
    const a = this.branch.actions;
    const last = a.length ? a[a.length - 1].atMs : 0;
    return Math.max(last, this.branch.scriptEndMs);
  }

  get simulator(): Sim {
    return this.sim;
  }

  /** How many trace entries the run has at the cursor (exact after a seek back: checkpoints keep the count). */
  get traceLength(): number {
    return this.sim.hasher.count;
  }

  /** When the next action of this branch's script happens (ms since the start), if any is left. */
  get nextActionMs(): number | null {
    return this.branch.actions[this.next]?.atMs ?? null;
  }

  /** The timers the nodes are waiting on at the cursor (as their last views report them). */
  timers(): { node: string; timer: TimerView }[] {
    const out: { node: string; timer: TimerView }[] = [];
    for (const n of this.sim.nodes.values()) {
      if (!n.alive || n.removed) continue;
      for (const timer of n.lastView?.timers ?? []) out.push({ node: n.name, timer });
    }
    return out;
  }

  /** Is this node's link to its master up at the cursor? */
  linkUp(node: string): boolean {
    return this.sim.nodes.get(node)?.lastView?.linkUp === true;
  }

  /** Stops the node hosts (workers) for good. */
  dispose(): void {
    this.sim.dispose();
  }

  snapshot(): TimelineSnapshot {
    const views = [...this.sim.nodes.values()].map((n) => n.lastView).filter((v): v is NonNullable<typeof v> => v !== null);
    const cutLinks = [...this.sim.links.entries()].filter(([, l]) => l.cut).map(([k]) => k).sort();
    const stopped = [...this.sim.nodes.values()].filter((n) => !n.alive && !n.removed);
    const down = stopped.map((n) => n.name);
    const disks = stopped.map((n): DiskView => ({
      node: n.name,
      rdbBytes: n.disk.rdb === null ? null : n.disk.rdb.length,
      rdbSavedAtMs: n.disk.rdb === null ? null : n.disk.rdbSavedAtMs - SIM_EPOCH_MS,
      replicaof: n.disk.configFile.replicaof ?? null,
    }));
    return { cursorMs: this.cursorMs, headMs: this.headMs, views, branch: this.branch.id, traceHash: this.sim.traceHash(), traceLength: this.traceLength, eventCount: this.sim.eventsProcessed, cutLinks, down, disks };
  }

  private apply(a: UserAction): void {
    const s = this.sim;
    switch (a.type) {
      case 'command': s.command(a.node, a.argv); break;
      case 'cut': s.cut(a.a, a.b); break;
      case 'heal': s.heal(a.a, a.b); break;
      case 'kill': s.kill(a.a, a.b); break;
      case 'crash': s.crash(a.node); break;
      case 'remove': s.remove(a.node); break;
      case 'closeConsole': s.closeConsole(a.node); break;
      case 'restart': s.restart(a.node); break;
      case 'latency': s.setLatency(a.a, a.b, a.latencyMs, a.jitterMs); break;
      case 'bandwidth': s.setBandwidth(a.a, a.b, a.bytesPerSec); break;
      case 'addNode': if (!s.nodes.has(a.node)) s.addNode(a.node, a.config, a.kind ?? 'redis'); break;
    }
  }

  /** Runs the simulator to absMs; with `stop`, maybe less far. True when it got there. */
  private async runSimUntil(absMs: number, stop?: () => boolean): Promise<boolean> {
    await this.sim.runUntilAsync(absMs, stop);
    return this.sim.nowMs >= absMs;
  }

  private async guard<T>(f: () => Promise<T>): Promise<T | null> {
    if (this.fault) return null;
    try {
      return await f();
    } catch (e) {
      const err = e as Error;
      this.fault = {
        seed: this.seed, atMs: this.cursorMs, window: this.sim.windows, message: err.message || String(e),
        scenario: this.exportScenario(), line: this.currentLine(), budget: e instanceof BudgetExceeded ? e.budget : null,
      };
      this.opts.events?.onFault?.(this.fault);
      return null;
    } finally {
      this.flushTrace();
    }
  }

  /**
   * Runs forward to simulated time ms (since the start), applying the actions due on the way.
   * With `stop` (playback's time budget for a frame), it may stop short, between two windows;
   * where it stops does not change the run (windows depend only on the events).
   */
  async advanceTo(ms: number, stop?: () => boolean): Promise<void> {
    await this.guard(async () => {
      const acts = this.branch.actions;
      let reached = true;
      while (this.next < acts.length && acts[this.next].atMs <= ms) {
        const a = acts[this.next];
        reached = await this.runSimUntil(SIM_EPOCH_MS + a.atMs, stop);
        await this.maybeCheckpoint();
        if (!reached) break;
        this.apply(a.action);
        this.next++;
        // As the scenario runner does after every action: run what is due now.
        await this.runSimUntil(this.sim.nowMs);
      }
      if (reached) await this.runSimUntil(SIM_EPOCH_MS + ms, stop);
      await this.maybeCheckpoint();
      this.branch.headMs = Math.max(this.branch.headMs, this.cursorMs);
    });
  }

  private async maybeCheckpoint(): Promise<void> {
    const cps = this.branch.checkpoints;
    const last = cps[cps.length - 1];
    // By events only where a snapshot is a copy in this thread: a worker pool's is a round trip
    // carrying every node's state, kept to the simulated-time spacing.
    // At most one a simulated second, so that playing a busy run at 1x takes few of them.
    const byEvents = this.sim.hostsInThisThread && this.cursorMs - last.atMs >= Math.min(this.checkpointMinMs, this.checkpointEveryMs)
      && this.sim.eventsProcessed - last.snap.eventsProcessed >= this.checkpointEveryEvents;
    if (this.cursorMs - last.atMs < this.checkpointEveryMs && !byEvents) return;
    if (this.cursorMs === last.atMs) return;
    // What did not change since the last checkpoint is shared with it; keyspaces keep only the keys that changed, ring backlogs the pages.
    const packed = this.sim.hostsInThisThread ? this.sim.packedSnapshot(last.snap) : packCheckpoint(await this.sim.snapshotAsync(), last.snap);
    const snap = shareWithPrevious(packed, last.snap);
    const r = this.replay;
    cps.push({
      atMs: this.cursorMs, nextAction: this.next, snap,
      traceLength: r ? r.trace : this.trace.length, momentsLength: r ? r.moments : this.moments.length, framesLength: r ? r.frames : this.frames.length,
    });
    if (WARM_RESTORE_AT.has(cps.length)) cloneForResume(snap);
    // Keep memory bounded: past MAX_CHECKPOINTS, keep every other one and space the next ones
    // twice as far apart, so checkpoints stay evenly spread over the whole run.
    if (cps.length > MAX_CHECKPOINTS) {
      this.branch.checkpoints = cps.filter((_, i) => i % 2 === 0);
      this.checkpointEveryMs *= 2;
      this.checkpointEveryEvents *= 2;
      this.checkpointMinMs *= 2;
    }
  }

  /** Goes to the next moment something happens (the next window of events, or the next action). */
  async stepForward(): Promise<void> {
    const t = this.sim.nextEventTime();
    const a = this.branch.actions[this.next];
    const candidates = [t === undefined ? Infinity : t - SIM_EPOCH_MS, a ? a.atMs : Infinity];
    const target = Math.min(...candidates);
    if (target === Infinity) return;
    await this.advanceTo(Math.max(target, this.cursorMs));
  }

  /** The moment of the checkpoint a seek back to ms starts from (ms since the start). */
  checkpointMsBefore(ms: number): number {
    let at = 0;
    for (const c of this.branch.checkpoints) if (c.atMs <= ms) at = c.atMs;
    return at;
  }

  /** Goes back to the previous moment something happened (the state after the window before). */
  async stepBack(): Promise<void> {
    const now = this.cursorMs;
    let i = this.moments.length - 1;
    while (i >= 0 && this.moments[i] > now) i--;
    await this.seek(i > 0 ? this.moments[i - 1] : 0);
  }

  /**
   * Goes to any simulated moment: from the nearest checkpoint before it, re-simulating the rest.
   * With `stop` (checked between windows), it may stop short of the moment, on the way there: a
   * long seek can let the page draw its progress, or be cancelled.
   */
  async seek(ms: number, stop?: () => boolean): Promise<void> {
    const target = Math.max(0, ms);
    if (this.fault) return;
    const cps = this.branch.checkpoints;
    let cp = cps[0];
    for (const c of cps) if (c.atMs <= target) cp = c;
    // Forward: run on from here (the trace and frames up to the cursor stay continuous).
    if (target >= this.cursorMs) {
      await this.advanceTo(target, stop);
      return;
    }
    this.sim.restore(cp.snap);
    this.next = cp.nextAction;
    this.pendingTrace = [];
    this.opts.events?.onRewind?.(this.traceLength);
    // The trace, frames and moments up to the old cursor stay; re-simulating counts through them,
    // and what is past the new cursor is cut off after.
    this.replay = {
      trace: Math.min(this.trace.length, cp.traceLength),
      frames: Math.min(this.frames.length, cp.framesLength),
      moments: Math.min(this.moments.length, cp.momentsLength),
    };
    try {
      await this.advanceTo(target, stop);
    } finally {
      const r = this.replay;
      this.replay = null;
      // The trace shown is the trace up to the cursor.
      this.trace.length = Math.min(this.trace.length, r.trace);
      this.moments.length = Math.min(this.moments.length, r.moments);
      this.frames.length = Math.min(this.frames.length, r.frames);
    }
  }

  /** Runs until the condition holds (checked after each window) or until limitMs. */
  async runUntil(pred: (tl: Timeline) => boolean, limitMs: number): Promise<boolean> {
    const r = await this.guard(async () => {
      for (;;) {
        if (pred(this)) return true;
        if (this.cursorMs >= limitMs) return false;
        const before = this.cursorMs;
        await this.stepForward();
        if (this.cursorMs === before && this.sim.nextEventTime() === undefined) return false;
      }
    });
    return r === true;
  }

  /**
   * Does something now, at the cursor. If the cursor is before this branch's head, history forks:
   * the new branch keeps the actions before now and this one; the old future stays a branch.
   * A command typed at a console (INFO, ROLE, a write) keeps the actions still to come, so the
   * scenario goes on around it; a fault or a topology change starts a new story without them.
   */
  async act(action: UserAction): Promise<void> {
    const at = this.cursorMs;
    let slot = this.branch.actions.length;
    if (at < this.branch.headMs - 1e-9 || this.next < this.branch.actions.length) {
      this.forkHere(action.type === 'command');
      slot = this.next;
    }
    this.branch.actions.splice(slot, 0, { atMs: at, action });
    await this.guard(async () => {
      this.apply(action);
      this.next = slot + 1;
      await this.runSimUntil(this.sim.nowMs);
      this.branch.headMs = Math.max(this.branch.headMs, this.cursorMs);
    });
  }

  /**
   * Starts a new branch at the cursor without doing anything (a learner's "try it yourself"): it
   * keeps the actions still to come, so the story goes on unless the learner changes it; the
   * branch it came from stays as it was. Returns the new branch's id.
   */
  fork(): number {
    this.forkHere(true);
    return this.branch.id;
  }

  private forkHere(keepFuture: boolean): void {
    const at = this.cursorMs;
    const parent = this.branch;
    const child: BranchState = {
      id: this.nextBranchId++, parent: parent.id, forkAtMs: at,
      actions: keepFuture ? [...parent.actions] : parent.actions.slice(0, this.next),
      checkpoints: parent.checkpoints.filter((c) => c.atMs <= at && c.nextAction <= this.next),
      headMs: at,
      // A console command keeps the scenario going around it, trailing sleeps included.
      scriptEndMs: keepFuture ? parent.scriptEndMs : 0,
    };
    this.branchesById.set(child.id, child);
    this.branch = child;
  }

  branches(): Branch[] {
    return [...this.branchesById.values()].map((b) => ({ id: b.id, parent: b.parent, forkAtMs: b.forkAtMs, actions: b.actions, headMs: b.headMs }));
  }

  get branchId(): number {
    return this.branch.id;
  }

  /** Returns to another branch, at the same moment if it reaches it. */
  async switchBranch(id: number): Promise<void> {
    const b = this.branchesById.get(id);
    if (!b || b === this.branch || this.fault) return;
    const at = this.cursorMs;
    this.branch = b;
    const cp = b.checkpoints[0];
    this.sim.restore(cp.snap);
    this.next = cp.nextAction;
    this.trace.length = 0;
    this.moments.length = 0;
    this.frames.length = 0;
    this.pendingTrace = [];
    this.opts.events?.onRewind?.(this.traceLength);
    await this.advanceTo(Math.min(at, Math.max(b.headMs, at)));
  }

  /** The run as a scenario that reproduces it exactly: each action at its simulated moment. */
  /** The scenario line of the last action applied (what the run was doing), if it came from one. */
  private currentLine(): number | null {
    for (let i = Math.min(this.next, this.branch.actions.length) - 1; i >= 0; i--) {
      const l = this.branch.actions[i].line;
      if (l !== undefined) return l;
    }
    return null;
  }

  exportScenario(): string {
    const lines = [`# replscope run, exported: every action at its simulated time`, `seed ${this.seed}`];
    if (this.version !== DEFAULT_VERSION) lines.push(`version ${this.version}`);
    for (const ta of this.branch.actions) {
      if (ta.atMs > 0) lines.push(`at ${ta.atMs}ms`);
      lines.push(actionLine(ta.action));
    }
    // The run goes on to the cursor when that is past the last action (a branch may have dropped
    // the scenario's own end).
    const last = this.branch.actions[this.branch.actions.length - 1]?.atMs ?? 0;
    if (this.cursorMs > last) lines.push(`at ${this.cursorMs}ms`);
    return lines.join('\n') + '\n';
  }
}

/**
 * A master sends each write to every replica in turn: frames one after another carry equal
 * previews and labels. Sharing them with the frame before keeps an hour of frames smaller.
 */
function shareWithLastFrame(f: FrameRecord, last: FrameRecord | undefined): void {
  if (!last) return;
  if (f.preview === last.preview) f.preview = last.preview;
  const m = f.meta;
  const l = last.meta;
  if (m !== l && m.label === l.label && m.fromOffset === l.fromOffset && m.toOffset === l.toOffset && Object.keys(m).length === Object.keys(l).length) f.meta = l;
}

function actionLine(a: UserAction): string {
  switch (a.type) {
    case 'command': return `nowait ${a.node}> ${a.argv.map((x) => quoteArg(x)).join(' ')}`;
    case 'cut': case 'heal': case 'kill': return `${a.type} ${a.a} ${a.b}`;
    case 'crash': case 'restart': case 'remove': return `${a.type} ${a.node}`;
    case 'closeConsole': return `ctrl-c ${a.node}`;
    case 'latency': return `latency ${a.a} ${a.b} ${a.latencyMs}ms${a.jitterMs ? ` jitter ${a.jitterMs}ms` : ''}`;
    case 'bandwidth': return `bandwidth ${a.a} ${a.b} ${a.bytesPerSec}b`;
    case 'addNode': return serializeStep({ type: 'node', line: 0, text: '', names: [a.node], ...(a.config ? { config: a.config } : {}), ...(a.kind ? { kind: a.kind } : {}) });
  }
}

export const _forTests = { actionLine, binaryToUtf8 };
