// What the store's slices share: the current Timeline and its run index, the promise queue every
// Timeline call goes through (calls never interleave), and publishing the run's state. The core
// owns the run's published state (cursor, views, trace, frames, charts, moments, log...); the
// slices own theirs (loading, playback, navigation, history) and call the core.

import type { StoreApi } from 'zustand/vanilla';
import type { Timeline } from '../../runtime/timeline.ts';
import type { ReplyEvent } from '../../runtime/sim.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { RunIndex } from '../run-index.ts';
import { TranscriptBuilder } from '../transcript.ts';
import type { AppState, RunState } from './types.ts';

/**
 * The panel groups a publish refreshes: `state` (node views, links, charts, the panels' moment)
 * and `text` (the event log, the transcript, the moments).
 */
export interface Panels { readonly state: boolean; readonly text: boolean }
export const ALL_PANELS: Panels = { state: true, text: true };
export const NO_PANELS: Panels = { state: false, text: false };

export type SetState = StoreApi<AppState>['setState'];
export type GetState = StoreApi<AppState>['getState'];

export const INITIAL_RUN: RunState = {
  timeline: null,
  cursorMs: 0,
  headMs: 0,
  scriptEndMs: 0,
  views: [],
  down: [],
  disks: [],
  frames: [],
  trace: [],
  cutLinks: [],
  previousViews: null,
  charts: { offsets: [], lags: [], domain: null },
  moments: [],
  nameOfPort: new Map(),
  version: 0,
  panelMs: 0,
  panelVersion: 0,
  traceHash: '',
  eventCount: 0,
  branchId: 0,
  branches: [],
  log: [],
  transcript: [],
  fault: null,
  busy: false,
};

export class StoreCore {
  /** The current timeline; null before a load and after dispose. */
  current: Timeline | null = null;
  /** Bumped per load: events from an older timeline are ignored. */
  generation = 0;
  index = new RunIndex();
  private readonly transcript = new TranscriptBuilder();
  private seen = { log: -1, transcript: -1, moments: -1 };
  private branchSig = '';
  private chain: Promise<unknown> = Promise.resolve();
  private depth = 0;
  /** The last publish left a panel group out (while playing): pausing publishes them all. */
  panelsBehind = false;
  /** Called after a publish that refreshed panels while playing (playback measures its cost). */
  onRefreshed: (t0: number) => void = () => undefined;
  /** Called when a publish finds the run stopped by a fault (playback pauses). */
  onFault: () => void = () => undefined;
  clock: (() => number) | null = null;

  /** Bumped by cancelWork: long work started under an older value stops. */
  cancelEpoch = 0;
  private aborters = new Set<() => void>();

  constructor(private readonly set: SetState, private readonly get: GetState) {}

  /** Stops the long work under way (seeks and searches check cancelEpoch; a compile is aborted). */
  cancelWork(): void {
    this.cancelEpoch++;
    for (const a of [...this.aborters]) a();
  }

  /** Registers how to abort work that cannot check cancelEpoch itself (a compile in its worker); returns the unregister. */
  onCancel(abort: () => void): () => void {
    this.aborters.add(abort);
    return () => this.aborters.delete(abort);
  }

  /** Is a queued call still running or waiting? */
  get pending(): boolean {
    return this.depth > 0;
  }

  /** Runs op after every call queued before it. */
  enqueue<T>(op: () => Promise<T>): Promise<T> {
    this.depth++;
    // While playing, every reader of `busy` reads `playing` with it (busy || playing): the frame
    // loop's own calls leave it alone, which spares every subscriber two updates per frame.
    if (!this.get().busy && !this.get().playing) this.set({ busy: true });
    const p = this.chain.then(op);
    this.chain = p.catch(() => undefined);
    return p.finally(() => {
      this.depth--;
      if (this.depth === 0 && this.get().busy) this.set({ busy: false });
    });
  }

  /**
   * Queues a call on the current timeline and publishes its state afterwards. After a fault the
   * run is frozen where it stopped (what the fault panel describes) until a scenario is loaded.
   */
  withTimeline<T>(op: (tl: Timeline) => Promise<T>, panels: () => Panels = () => ALL_PANELS): Promise<T | undefined> {
    return this.enqueue(async () => {
      const tl = this.current;
      if (!tl || tl.fault) return undefined;
      try {
        return await op(tl);
      } finally {
        if (tl === this.current) this.publish(tl, panels());
      }
    });
  }

  /** The Timeline's events for the load of this generation. */
  eventsFor(gen: number) {
    const mine = () => gen === this.generation && this.current !== null;
    return {
      onTrace: (batch: readonly TraceEntry[]) => { if (mine()) this.index.add(batch); },
      onRewind: (keep: number) => {
        if (!mine()) return;
        this.index.cutBack(keep);
        this.transcript.reset();
      },
      // Its place: after the trace entries recorded so far (its own 'reply' entry included).
      onReply: (r: ReplyEvent) => { if (mine()) this.index.addReply(r, this.current!.traceLength); },
    };
  }

  /** A new timeline replaces the current one (the old one's hosts are stopped). */
  replace(tl: Timeline, gen: number): void {
    this.current?.dispose();
    this.generation = gen;
    this.current = tl;
    this.index = new RunIndex();
    this.transcript.reset();
    this.seen = { log: -1, transcript: -1, moments: -1 };
    this.branchSig = '';
  }

  dispose(): void {
    this.current?.dispose();
    this.current = null;
    this.generation++;
  }

  /** Publishes the timeline's state: the animated parts always, the panels asked for. */
  publish(tl: Timeline, panels: Panels = ALL_PANELS): void {
    const get = this.get;
    // A playing frame that refreshes no panel reads the cursor alone: the snapshot (the nodes'
    // views, the links, the trace's hash) is taken only for the panels.
    const patch: Partial<AppState> & { -readonly [K in keyof RunState]?: RunState[K] } = {
      cursorMs: tl.cursorMs,
      headMs: tl.headMs,
      scriptEndMs: tl.scriptEndMs,
      fault: tl.fault,
      frames: tl.frames,
      trace: tl.trace,
      version: get().version + 1,
    };
    const all = tl.fault !== null || (panels.state && panels.text);
    this.panelsBehind = !all;
    if (all || panels.state) Object.assign(patch, this.statePanels(tl, tl.snapshot()));
    if (all || panels.text) Object.assign(patch, this.textPanels());
    const refreshed = (all || panels.state || panels.text) && get().playing;
    const t0 = this.clock?.() ?? 0;
    this.set(patch);
    if (refreshed) this.onRefreshed(t0);
    if (tl.fault && get().playing) this.onFault();
  }

  private statePanels(tl: Timeline, snap: ReturnType<Timeline['snapshot']>): Partial<RunState> {
    const prevViews = this.get().views;
    const patch: { -readonly [K in keyof RunState]?: RunState[K] } = {
      views: snap.views,
      down: snap.down,
      disks: snap.disks,
      traceHash: snap.traceHash,
      eventCount: snap.eventCount,
      branchId: snap.branch,
      cutLinks: snap.cutLinks,
      previousViews: prevViews.length ? prevViews : null,
      charts: this.index.offsets.charts(snap.cursorMs),
      nameOfPort: this.portNames(),
      panelMs: snap.cursorMs,
      panelVersion: this.get().panelVersion + 1,
    };
    const branches = tl.branches();
    const sig = branches.map((b) => `${b.id}:${b.headMs}:${b.actions.length}`).join(',');
    if (sig !== this.branchSig) {
      this.branchSig = sig;
      patch.branches = branches;
    }
    return patch;
  }

  /**
   * The run's port → node names: the published map while it holds the same names (panels that
   * read it keep their memos across refreshes), a copy when one was added or changed.
   */
  private portNames(): ReadonlyMap<number, string> {
    const live = this.index.nameOfPort;
    const shown = this.get().nameOfPort;
    if (shown.size === live.size && [...live].every(([port, name]) => shown.get(port) === name)) return shown;
    return new Map(live);
  }

  private textPanels(): Partial<RunState> {
    const ix = this.index;
    const patch: { -readonly [K in keyof RunState]?: RunState[K] } = {};
    if (this.seen.log !== ix.logVersion) patch.log = ix.log.slice();
    if (this.seen.transcript !== ix.transcriptVersion) patch.transcript = this.transcript.build(ix.commands, ix.replies, ix.crashes);
    if (this.seen.moments !== ix.momentsVersion) patch.moments = ix.moments.slice();
    this.seen = { log: ix.logVersion, transcript: ix.transcriptVersion, moments: ix.momentsVersion };
    return patch;
  }
}
