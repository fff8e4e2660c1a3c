// The app's state and its actions: a vanilla zustand store around one Timeline. Every call into
// the Timeline goes through one promise queue (actions never interleave); playback is a frame
// loop (player.ts) that advances simulated time by wall time × speed. The UI only reads state
// and calls actions; it never touches the Timeline.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { Timeline, type Branch, type RunFault, type UserAction } from '../runtime/timeline.ts';
import type { TimedAction } from '../runtime/timeline-api.ts';
import type { NodeView } from '../runtime/protocol.ts';
import type { FrameRecord, ReplyEvent } from '../runtime/sim.ts';
import type { TraceEntry } from '../runtime/trace.ts';
import { EXAMPLES, exampleByName } from './examples.ts';
import { makeSimFor, workersAvailable, type Host, type HostOptions } from './hosts.ts';
import { animationFrames, Player, type FrameScheduler } from './player.ts';
import { clampSpeed, DEFAULT_SPEED } from './speed.ts';
import { TranscriptBuilder, type CommandMark, type CrashMark, type ReplyMark, type TranscriptItem } from './transcript.ts';
import type { BootParams } from './url.ts';

export type { Host, TranscriptItem };

/** Trace kinds shown in the event log: Redis's own log lines and the faults acted on the cluster. */
export const LOG_KINDS: ReadonlySet<string> = new Set(['log', 'cut', 'heal', 'kill', 'crash', 'restart', 'remove', 'latency', 'bandwidth']);

/** A trace entry shown in the event log, with its index in the trace. */
export interface LogLine extends TraceEntry {
  readonly index: number;
}

export type LoadInput = { readonly example: string } | { readonly text: string; readonly name?: string };

export type LoadError =
  | { readonly kind: 'scenario'; readonly name: string; readonly messages: readonly string[] }
  | { readonly kind: 'unknown-example'; readonly name: string };

export interface LoadedScenario {
  readonly name: string;
  readonly text: string;
  /** The name of a shipped example, when it is one. */
  readonly example: string | null;
}

/** How long "until NODE online" may run before it gives up: two minutes of simulated time. */
export const UNTIL_ONLINE_LIMIT_MS = 120_000;

/** How often the panels are refreshed while playing (wall time); see AppState.panelMs. */
export const PANEL_REFRESH_MS = 200;

/** While playing with a clock, a panel refresh costing c ms is followed by at least c × this of wall time. */
export const PANEL_SHARE_FACTOR = 60;

/**
 * The panel groups a publish refreshes: `state` (node views, links, charts, the panels' moment)
 * and `text` (the event log, the transcript and the consoles).
 */
interface Panels { readonly state: boolean; readonly text: boolean }
const ALL_PANELS: Panels = { state: true, text: true };
const NO_PANELS: Panels = { state: false, text: false };

export interface AppState {
  readonly scenario: LoadedScenario | null;
  readonly loadError: LoadError | null;
  /** The time machine. Read by actions only; never rendered. */
  readonly timeline: Timeline | null;

  readonly cursorMs: number;
  readonly headMs: number;
  readonly scriptEndMs: number;
  readonly views: readonly NodeView[];
  /** Nodes that are not running (crashed or shut down) at the cursor. */
  readonly down: readonly string[];
  readonly traceHash: string;
  readonly eventCount: number;
  readonly branchId: number;
  readonly branches: readonly Branch[];
  readonly log: readonly LogLine[];
  readonly transcript: readonly TranscriptItem[];
  /** Frames sent up to the cursor, and the whole trace up to the cursor (shared arrays: read only). */
  readonly frames: readonly FrameRecord[];
  readonly trace: readonly TraceEntry[];
  /** Links cut at the cursor ('a|b'). */
  readonly cutLinks: readonly string[];
  /** The views at the previous published moment (what changed since the last step). */
  readonly previousViews: readonly NodeView[] | null;
  /** Views sampled as time advanced, for the charts (cut back when time goes back). */
  readonly samples: readonly { readonly tMs: number; readonly views: readonly NodeView[]; readonly down: readonly string[] }[];
  /** Bumped on every publish, so components that read the shared arrays re-render. */
  readonly version: number;
  /**
   * The moment the panels show, and its version. While playing, the animated parts (the stage's
   * travelling frames, the time slider) follow every frame, and the panels (node cards, the
   * inspector, the stream lane, consoles, the log) are refreshed every PANEL_REFRESH_MS of wall
   * time; when paused, stepping, seeking or acting, everything is published at once.
   */
  readonly panelMs: number;
  readonly panelVersion: number;
  readonly fault: RunFault | null;

  readonly playing: boolean;
  readonly speed: number;
  readonly host: Host;
  /** Timeline calls queued or running. */
  readonly busy: boolean;
  /** The URL's scenario is still being loaded (and run, with play=end). */
  readonly booting: boolean;
  /** Where a seek is going while it runs (the time slider shows it). */
  readonly seekingTo: number | null;

  boot(p: BootParams): Promise<void>;
  load(input: LoadInput): Promise<boolean>;
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(x: number): void;
  stepForward(): Promise<void>;
  stepBack(): Promise<void>;
  seek(ms: number): Promise<void>;
  /** Runs until that node's link to its master is up; false if it did not come up in time. */
  runUntilOnline(node: string): Promise<boolean>;
  runToEnd(): Promise<void>;
  act(action: UserAction): Promise<void>;
  switchBranch(id: number): Promise<void>;
  /** The run as scenario text that reproduces it (null before anything is loaded). */
  exportScenario(): string | null;
  setHost(h: Host): Promise<void>;
  /** Stops playback and the node hosts. */
  dispose(): void;
}

export interface AppStoreOptions {
  readonly host?: Host;
  /** The frame scheduler of the playback loop (requestAnimationFrame by default). */
  readonly frames?: FrameScheduler;
  readonly hostOptions?: HostOptions;
  /**
   * A frame's time budget for simulating while playing (the page gives 6 ms of performance.now()):
   * when a frame's simulation takes longer, playback runs slower than asked instead of dropping
   * frames. Without it, each frame simulates all the way to its moment.
   */
  readonly playBudget?: { readonly ms: number; readonly clock: () => number };
}

export type AppStore = StoreApi<AppState>;

/** A store is a date-free, Worker-free object: one per page, or one per test. */
export function createAppStore(opts: AppStoreOptions = {}): AppStore {
  const initialHost: Host = opts.host === 'inline' || !workersAvailable() ? 'inline' : 'worker';
  let hostOptions: HostOptions = opts.hostOptions ?? {};

  // The current timeline and what its events have told us, outside React state (the store's
  // state gets copies once per queued call: batched, never per trace entry).
  let current: Timeline | null = null;
  let generation = 0;
  let logLines: LogLine[] = [];
  let commands: CommandMark[] = [];
  let crashes: CrashMark[] = [];
  let replies: ReplyMark[] = [];
  const transcriptBuilder = new TranscriptBuilder();
  let dirtyLog = false;
  let dirtyTranscript = false;
  let branchSig = '';

  const store = createStore<AppState>()((set, get) => {
    // ---------------------------------------------------------------- the queue
    let chain: Promise<unknown> = Promise.resolve();
    let depth = 0;

    /** Runs op after every call queued before it. */
    function enqueue<T>(op: () => Promise<T>): Promise<T> {
      depth++;
      if (!get().busy) set({ busy: true });
      const p = chain.then(op);
      chain = p.catch(() => undefined);
      return p.finally(() => {
        depth--;
        if (depth === 0) set({ busy: false });
      });
    }

    /**
     * Queues a call on the current timeline and publishes its state afterwards. After a fault the
     * run is frozen where it stopped (what the fault panel describes) until a scenario is loaded.
     */
    function withTimeline<T>(op: (tl: Timeline) => Promise<T>, panels: () => Panels = () => ALL_PANELS): Promise<T | undefined> {
      return enqueue(async () => {
        const tl = current;
        if (!tl || tl.fault) return undefined;
        try {
          return await op(tl);
        } finally {
          if (tl === current) publish(tl, panels());
        }
      });
    }

    // ---------------------------------------------------------------- timeline events
    // Where the last search for a command action ended: commands come in order, so the next
    // search goes on from there (a new action list, or an earlier command, starts over).
    let scan: { actions: readonly TimedAction[] | null; at: number; seen: number } = { actions: null, at: 0, seen: 0 };
    function argvOfCommand(tl: Timeline, k: number, detail: string): readonly string[] {
      // The k-th 'command' entry of the trace is the k-th command action of this branch.
      const actions = tl.actions;
      if (scan.actions !== actions || k < scan.seen) scan = { actions, at: 0, seen: 0 };
      for (let i = scan.at; i < actions.length; i++) {
        const a = actions[i].action;
        if (a.type !== 'command') continue;
        if (scan.seen === k) {
          scan.at = i;
          return a.argv.join(' ') === detail ? a.argv : detail.split(' ');
        }
        scan.seen++;
      }
      scan = { actions, at: 0, seen: 0 };
      return detail.split(' ');
    }

    /**
     * How many trace entries the run has at the cursor. The simulator's hasher counts them and is
     * restored with every checkpoint, so this is exact after a seek back. (Timeline.trace is cut
     * back by time, which keeps the entries of the checkpoint's own millisecond that come after
     * it: they would show twice.)
     */
    const traceCount = (tl: Timeline) => tl.simulator.hasher.count;

    function ingest(tl: Timeline, batch: readonly TraceEntry[]): void {
      const start = traceCount(tl) - batch.length;
      batch.forEach((e, i) => {
        const index = start + i;
        if (LOG_KINDS.has(e.kind)) {
          logLines.push({ ...e, index });
          dirtyLog = true;
        }
        if (e.kind === 'command') {
          commands.push({ index, t: e.t, node: e.node, argv: argvOfCommand(tl, commands.length, e.detail) });
          dirtyTranscript = true;
        } else if (e.kind === 'crash') {
          crashes.push({ index, node: e.node });
          dirtyTranscript = true;
        }
      });
    }

    /** The trace was cut back to its first `keep` entries (a seek back, another branch). */
    function cutBack(keep: number): void {
      logLines = logLines.filter((l) => l.index < keep);
      commands = commands.filter((c) => c.index < keep);
      crashes = crashes.filter((c) => c.index < keep);
      replies = replies.filter((r) => r.pos <= keep);
      transcriptBuilder.reset();
      dirtyLog = dirtyTranscript = true;
    }

    function eventsFor(gen: number) {
      return {
        onTrace: (batch: readonly TraceEntry[]) => {
          if (gen !== generation || !current) return;
          if (batch.length === 0) cutBack(traceCount(current));
          else ingest(current, batch);
        },
        onReply: (r: ReplyEvent) => {
          if (gen !== generation || !current) return;
          // Its place: after the trace entries recorded so far (its own 'reply' entry included).
          replies.push({ pos: traceCount(current), event: r });
          dirtyTranscript = true;
        },
      };
    }

    let samples: { tMs: number; views: readonly NodeView[]; down: readonly string[] }[] = [];
    /** The last publish left a panel group out (while playing): pausing publishes them all. */
    let panelsBehind = false;
    /** Publishes the timeline's state: the animated parts always, the panels asked for. */
    function publish(tl: Timeline, panels: Panels = ALL_PANELS): void {
      const snap = tl.snapshot();
      while (samples.length > 0 && samples[samples.length - 1].tMs > snap.cursorMs) samples.pop();
      const lastSample = samples[samples.length - 1];
      if (!lastSample || snap.cursorMs - lastSample.tMs >= 20 || lastSample.views.length !== snap.views.length) {
        samples.push({ tMs: snap.cursorMs, views: snap.views, down: snap.down });
        if (samples.length > 20000) samples = samples.filter((_, i) => i % 2 === 0);
      }
      const patch: { -readonly [K in keyof AppState]?: AppState[K] } = {
        cursorMs: snap.cursorMs,
        headMs: snap.headMs,
        scriptEndMs: tl.scriptEndMs,
        fault: tl.fault,
        frames: tl.frames,
        trace: tl.trace,
        version: get().version + 1,
      };
      const all = tl.fault !== null || (panels.state && panels.text);
      panelsBehind = !all;
      if (all || panels.state) {
        const prevViews = get().views;
        Object.assign(patch, {
          views: snap.views,
          down: [...tl.simulator.nodes.values()].filter((n) => !n.alive && !n.removed).map((n) => n.name),
          traceHash: snap.traceHash,
          eventCount: snap.eventCount,
          branchId: snap.branch,
          cutLinks: snap.cutLinks,
          previousViews: prevViews.length ? prevViews : null,
          samples: samples.slice(),
          panelMs: snap.cursorMs,
          panelVersion: get().panelVersion + 1,
        });
        const branches = tl.branches();
        const sig = branches.map((b) => `${b.id}:${b.headMs}:${b.actions.length}`).join(',');
        if (sig !== branchSig) {
          branchSig = sig;
          patch.branches = branches;
        }
      }
      if (all || panels.text) {
        if (dirtyLog) patch.log = logLines.slice();
        if (dirtyTranscript) patch.transcript = transcriptBuilder.build(commands, replies, crashes);
        dirtyLog = dirtyTranscript = false;
      }
      const refreshed = (all || panels.state || panels.text) && get().playing;
      const t0 = opts.playBudget?.clock() ?? 0;
      set(patch);
      if (refreshed) measureRefresh(t0);
      if (tl.fault && get().playing) pause();
    }

    function disposeTimeline(tl: Timeline | null): void {
      const sim = tl?.simulator as { dispose?: () => void } | undefined;
      sim?.dispose?.();
    }

    // ---------------------------------------------------------------- playback
    /**
     * Wall time played since a panel group was last published. While playing, the two groups take
     * turns every PANEL_REFRESH_MS / 2, so no frame carries both and each refreshes every PANEL_REFRESH_MS.
     */
    let sincePanels = 0;
    let turn: 'state' | 'text' = 'text';
    /**
     * With a clock (playBudget), the refreshes keep to a share of the main thread: a refresh that
     * took c ms (rendering included) waits PANEL_SHARE_FACTOR × c before the next one, never less
     * than PANEL_REFRESH_MS / 2 nor more than a second. Heavy runs refresh their panels less often;
     * light ones as often as ever.
     */
    let panelGapMs = PANEL_REFRESH_MS / 2;
    /** Call after set(): React renders in a microtask queued by set(), so this one runs after it. */
    function measureRefresh(t0: number): void {
      const clock = opts.playBudget?.clock;
      if (!clock) return;
      queueMicrotask(() => {
        const cost = clock() - t0;
        panelGapMs = Math.min(1000, Math.max(PANEL_REFRESH_MS / 2, cost * PANEL_SHARE_FACTOR));
      });
    }
    function panelsDue(reachedEnd: boolean): Panels {
      if (reachedEnd) return ALL_PANELS;
      if (sincePanels < panelGapMs) return NO_PANELS;
      sincePanels = 0;
      turn = turn === 'state' ? 'text' : 'state';
      return turn === 'text' ? { state: false, text: true } : { state: true, text: false };
    }
    const player = new Player(opts.frames ?? animationFrames, async (dtMs) => {
      if (!get().playing) return false;
      let reachedEnd = false;
      sincePanels += dtMs;
      await withTimeline(async (tl) => {
        if (tl.fault) return;
        const from = tl.cursorMs;
        let target = from + dtMs * get().speed;
        // Playing across the end of the script stops there once (the moment the script describes).
        const atEnd = from < tl.scriptEndMs && target >= tl.scriptEndMs;
        if (atEnd) target = tl.scriptEndMs;
        const budget = opts.playBudget;
        const deadline = budget ? budget.clock() + budget.ms : 0;
        await tl.advanceTo(target, budget ? () => budget.clock() >= deadline : undefined);
        reachedEnd = atEnd && tl.cursorMs >= tl.scriptEndMs;
      }, () => panelsDue(reachedEnd));
      if (reachedEnd || get().fault) pause();
      return get().playing;
    });

    function pause(): void {
      player.stop();
      if (!get().playing) return;
      set({ playing: false });
      // The panels catch up with the animation at once.
      if (current && panelsBehind) void withTimeline(async () => undefined);
    }

    // ---------------------------------------------------------------- loading
    function resolveInput(input: LoadInput): { ok: true; scenario: LoadedScenario } | { ok: false; error: LoadError } {
      if ('example' in input) {
        const ex = exampleByName(input.example);
        if (!ex) return { ok: false, error: { kind: 'unknown-example', name: input.example } };
        return { ok: true, scenario: { name: ex.name, text: ex.text, example: ex.name } };
      }
      return { ok: true, scenario: { name: input.name ?? 'scenario', text: input.text, example: null } };
    }

    function load(input: LoadInput): Promise<boolean> {
      return enqueue(async () => {
        const r = resolveInput(input);
        if (!r.ok) {
          set({ loadError: r.error });
          return false;
        }
        const sc = r.scenario;
        const gen = generation + 1;
        const res = Timeline.load(sc.text, { fileName: `${sc.name}.scn`, makeSim: makeSimFor(get().host, hostOptions), events: eventsFor(gen) });
        if (!res.ok) {
          set({ loadError: { kind: 'scenario', name: sc.name, messages: res.errors } });
          return false;
        }
        pause();
        disposeTimeline(current);
        generation = gen;
        current = res.timeline;
        logLines = [];
        samples = [];
        commands = [];
        crashes = [];
        replies = [];
        transcriptBuilder.reset();
        dirtyLog = dirtyTranscript = true;
        branchSig = '';
        set({ scenario: sc, loadError: null, timeline: current, seekingTo: null });
        // The moment 0: the nodes declared, the commands typed at once.
        try {
          await current.advanceTo(0);
        } finally {
          publish(current);
        }
        return true;
      });
    }

    // ---------------------------------------------------------------- seeking (coalesced)
    let seekTarget = 0;
    let seekQueued = false;
    let seeksInFlight = 0;

    return {
      scenario: null,
      loadError: null,
      timeline: null,
      cursorMs: 0,
      headMs: 0,
      scriptEndMs: 0,
      views: [],
      down: [],
      frames: [],
      trace: [],
      cutLinks: [],
      previousViews: null,
      samples: [],
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
      playing: false,
      speed: DEFAULT_SPEED,
      host: initialHost,
      busy: false,
      booting: false,
      seekingTo: null,

      async boot(p) {
        if (get().booting || get().scenario) return;
        set({ booting: true });
        try {
          if (p.host) set({ host: p.host === 'inline' || !workersAvailable() ? 'inline' : 'worker' });
          if (p.failAt) hostOptions = { ...hostOptions, failAt: p.failAt };
          const first: LoadInput = p.scenario !== null ? { text: p.scenario, name: 'scenario' } : { example: p.example ?? EXAMPLES[0].name };
          const ok = await load(first);
          if (!ok) {
            // Keep the page usable: the first example runs, and the error stays on screen.
            const err = get().loadError;
            await load({ example: EXAMPLES[0].name });
            set({ loadError: err });
          }
          if (ok && p.playToEnd) await get().runToEnd();
        } finally {
          set({ booting: false });
        }
      },

      load,

      play() {
        if (!current || get().fault) return;
        if (!get().playing) set({ playing: true });
        player.start();
      },

      pause,

      togglePlay() {
        if (get().playing) pause();
        else get().play();
      },

      setSpeed(x) {
        set({ speed: clampSpeed(x) });
      },

      async stepForward() {
        pause();
        await withTimeline((tl) => tl.stepForward());
      },

      async stepBack() {
        pause();
        await withTimeline((tl) => tl.stepBack());
      },

      async seek(ms) {
        seekTarget = Math.max(0, ms);
        set({ seekingTo: seekTarget });
        if (seekQueued) return;
        seekQueued = true;
        seeksInFlight++;
        let ran = false;
        try {
          await withTimeline(async (tl) => {
            // Reads the latest target when it runs: a dragged slider makes one seek, not a hundred.
            ran = true;
            seekQueued = false;
            await tl.seek(seekTarget);
          });
        } finally {
          if (!ran) seekQueued = false;
          seeksInFlight--;
          if (seeksInFlight === 0) set({ seekingTo: null });
        }
      },

      async runUntilOnline(node) {
        pause();
        const r = await withTimeline((tl) =>
          tl.runUntil((t) => t.simulator.nodes.get(node)?.lastView?.linkUp === true, tl.cursorMs + UNTIL_ONLINE_LIMIT_MS));
        return r === true;
      },

      async runToEnd() {
        pause();
        await withTimeline((tl) => tl.seek(tl.scriptEndMs));
      },

      async act(action) {
        pause();
        await withTimeline((tl) => tl.act(action));
      },

      async switchBranch(id) {
        pause();
        await withTimeline((tl) => tl.switchBranch(id));
      },

      exportScenario() {
        return current ? current.exportScenario() : null;
      },

      async setHost(h) {
        const host: Host = h === 'worker' && workersAvailable() ? 'worker' : 'inline';
        if (host === get().host) return;
        set({ host });
        const sc = get().scenario;
        if (sc) await load(sc.example ? { example: sc.example } : { text: sc.text, name: sc.name });
      },

      dispose() {
        pause();
        disposeTimeline(current);
        current = null;
        generation++;
        set({ timeline: null });
      },
    };
  });
  return store;
}

/** Has the script run to its end, with nothing under way? (The page's data-state="done".) */
export function isDone(s: Pick<AppState, 'timeline' | 'busy' | 'booting' | 'playing' | 'cursorMs' | 'scriptEndMs' | 'seekingTo'>): boolean {
  return s.timeline !== null && !s.busy && !s.booting && !s.playing && s.seekingTo === null && s.cursorMs >= s.scriptEndMs;
}
