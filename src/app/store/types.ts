// The store's state, slice by slice. The page reads one flat state; each slice owns its part.

import type { Branch, DiskView, RunFault, Timeline, UserAction } from '../../runtime/timeline.ts';
import type { Budget } from '../../engine/budget.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { FrameList } from '../../runtime/frame-list.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import type { ListView } from '../../runtime/compact-log.ts';
import type { RedisVersion } from '../../engine/version.ts';
import type { Host } from '../hosts.ts';
import type { RunSummary } from '../compare.ts';
import type { Charts } from '../offset-series.ts';
import type { FollowWait, PlayMode, Stretch } from '../follow.ts';
import type { LogLine, Moment, RunIndex } from '../run-index.ts';
import type { TranscriptItem } from '../transcript.ts';
import type { BootParams, DecodeProblem, LinkTarget } from '../url.ts';

export type LoadInput =
  | { readonly example: string }
  /** `version`: the Redis version to run, unless the text has a `version` line (a lesson's own). */
  | { readonly text: string; readonly name?: string; readonly version?: RedisVersion };

export type LoadError =
  | {
      readonly kind: 'scenario'; readonly name: string; readonly messages: readonly string[];
      /** For each message, the budget it went over (the page translates those). */
      readonly budgets?: readonly (Budget | null)[];
      /** The run stopped while the scenario was compiled: what reproduces it. */
      readonly fault?: RunFault;
    }
  | { readonly kind: 'unknown-example'; readonly name: string }
  /** Compiling the scenario in its worker took longer than the watchdog allows: it was stopped. */
  | { readonly kind: 'compile-timeout'; readonly name: string; readonly seconds: number }
  /** Compiling the scenario was cancelled (the Cancel button or Esc). */
  | { readonly kind: 'compile-cancelled'; readonly name: string }
  /** A shared link (`?z=`) that is broken or cut short. */
  | { readonly kind: 'link'; readonly problem: DecodeProblem };

export interface LoadedScenario {
  readonly name: string;
  readonly text: string;
  /** The name of a shipped example, when it is one. */
  readonly example: string | null;
  /** How many actions the scenario had when loaded (a run with more is no longer the example). */
  readonly actionCount?: number;
}

/** The run at the cursor, as the core publishes it. */
export interface RunState {
  /** The time machine. Read by actions only; never rendered. */
  readonly timeline: Timeline | null;
  readonly cursorMs: number;
  readonly headMs: number;
  readonly scriptEndMs: number;
  readonly views: readonly NodeView[];
  /** Nodes that are not running (crashed or shut down) at the cursor. */
  readonly down: readonly string[];
  /** What the nodes not running have on their disks (an RDB, the config's replicaof line). */
  readonly disks: readonly DiskView[];
  readonly traceHash: string;
  readonly eventCount: number;
  readonly branchId: number;
  readonly branches: readonly Branch[];
  readonly log: readonly LogLine[];
  readonly transcript: readonly TranscriptItem[];
  /** Frames sent up to the cursor, and the whole trace up to the cursor (shared and read only; the trace is packed). */
  readonly frames: FrameList;
  readonly trace: ListView<TraceEntry>;
  /** Links cut at the cursor ('a|b'). */
  readonly cutLinks: readonly string[];
  /** The views at the previous published moment (what changed since the last step). */
  readonly previousViews: readonly NodeView[] | null;
  /** Offsets and lags over time up to the panels' moment, from the trace. */
  readonly charts: Charts;
  /** The notable moments up to the cursor (syncs, PSYNC verdicts, links lost, limits, actions). */
  readonly moments: readonly Moment[];
  /** Node name by port (replicas appear as "127.0.0.1:PORT" in Redis's words). */
  readonly nameOfPort: ReadonlyMap<number, string>;
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
  /** Timeline calls queued or running. */
  readonly busy: boolean;
}

export interface LoadingSlice {
  readonly scenario: LoadedScenario | null;
  readonly loadError: LoadError | null;
  readonly host: Host;
  /** The URL's scenario is still being loaded (and run, with play=end). */
  readonly booting: boolean;
  /**
   * The Redis version picked in the page or the URL (`&version=`): it wins over the scenario's own
   * `version` line. Null: the scenario's line decides (7.0 without one).
   */
  readonly versionPick: RedisVersion | null;
  /** The version the run plays. */
  readonly redisVersion: RedisVersion;
  /** The scenario's own `version` line, or null when it has none. */
  readonly scenarioVersion: RedisVersion | null;
  /** Lines of the scenario this version answered "ERR unknown command" (REPLICAOF before 5.0...). */
  readonly unknownCommands: readonly { readonly line: number; readonly text: string; readonly output: string }[];
  /** Restarts the run from the start, same scenario and seed, under that version. */
  setVersion(v: RedisVersion): Promise<void>;
  boot(p: BootParams): Promise<void>;
  /** Loads a scenario, under `pick` when given (else the scenario's own version line decides). */
  load(input: LoadInput, pick?: RedisVersion | null): Promise<boolean>;
  setHost(h: Host): Promise<void>;
  /**
   * What a link to this run at the cursor opens: the example's name while the run is the example
   * untouched, else the run exported as a scenario (seed, the branch's actions), compressed.
   */
  linkTarget(): Promise<LinkTarget | null>;
  /** Stops playback and the node hosts. */
  dispose(): void;
}

export interface PlaybackSlice {
  readonly playing: boolean;
  /** The steady mode's rate (simulated time per wall time). */
  readonly speed: number;
  /** 'follow' (the default): the rate follows what is on the links; 'steady': `speed`. */
  readonly playMode: PlayMode;
  /** Follow mode's slower/faster factor (FOLLOW_FACTORS). */
  readonly followFactor: number;
  /** While following through a silence: what it waits for (null otherwise). */
  readonly waiting: FollowWait | null;
  /** The stretches of simulated time follow mode fast-forwarded through, in order. */
  readonly compressed: readonly Stretch[];
  setPlayMode(m: PlayMode): void;
  /** Sets follow's factor, and plays in follow mode. */
  setFollowFactor(x: number): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Sets the steady speed, and plays at that steady rate. */
  setSpeed(x: number): void;
  /**
   * Plays (in the current mode; with start false, whenever play is pressed) until `reached`
   * holds, checked after every frame, then pauses there; playing across the end of the script does not stop meanwhile. Play and pause keep it
   * until it holds or `playUntil(null)` drops it (a lesson's step waiting for its moment).
   */
  playUntil(reached: UntilCheck | null, start?: boolean): void;
}

/** A check run after each frame of playback: has the run reached what it waits for? */
export type UntilCheck = (tl: Timeline, index: RunIndex) => boolean;

/**
 * Long work under way, shown with its progress and a Cancel button once it has lasted a moment:
 * compiling a scenario (in its worker), a seek that re-simulates far, a search ahead for the next
 * moment. The page stays usable meanwhile.
 */
export interface LongWork {
  readonly kind: 'compile' | 'seek' | 'ahead';
  /** How much is done, 0 to 1. */
  readonly done: number;
  /** The simulated ms reached. */
  readonly atMs: number;
  /** Compiling: the scenario line it runs, of how many. */
  readonly line?: number;
  readonly lines?: number;
}

export interface NavigationSlice {
  /** Long work under way (null: none, or not long enough to show). */
  readonly work: LongWork | null;
  /** Stops the long work under way: a seek or a search stays where it got; a compile keeps the page's run. */
  cancelWork(): void;
  /** Where a seek is going while it runs (the time slider shows it). */
  readonly seekingTo: number | null;
  stepForward(): Promise<void>;
  stepBack(): Promise<void>;
  seek(ms: number): Promise<void>;
  /** Runs until that node's link to its master is up; false if it did not come up in time. */
  runUntilOnline(node: string): Promise<boolean>;
  runToEnd(): Promise<void>;
  /** A search for the next moment beyond what has been simulated is under way. */
  readonly searchingAhead: boolean;
  /**
   * Goes to the next moment worth a mark after the cursor: `knownNext` (the next mark already
   * known, or null) when it has been simulated, else simulates ahead (up to a minute past the
   * script's end, within a wall-time budget) until a moment `isMark` accepts, or `knownNext`,
   * comes. Returns where it went, or null (the cursor stays).
   */
  seekNextMark(knownNext: number | null, isMark: (m: Moment) => boolean): Promise<number | null>;
}

export interface HistorySlice {
  act(action: UserAction): Promise<void>;
  switchBranch(id: number): Promise<void>;
  /** Starts a new branch at the cursor (the old one stays as it was); its id. */
  fork(): Promise<number | undefined>;
  /**
   * Reads the run in turn with every other call on the timeline (a lesson finding its step's
   * moment, asking a node through a probe). It may run the timeline on, as a seek would.
   */
  readRun<T>(op: (tl: Timeline, index: RunIndex) => Promise<T>): Promise<T | undefined>;
  /** The run as scenario text that reproduces it (null before anything is loaded). */
  exportScenario(): string | null;
}

/** A console waiting for its command's reply (redis-cli reads no next line until then). */
export interface ConsoleWait {
  readonly node: string;
  /** Trace index of the command's entry. */
  readonly index: number;
  readonly argv: readonly string[];
  /** Simulated ms since the start, when it was sent. */
  readonly sentMs: number;
  /** A blocking command and when its timeout answers it (null: WAIT with timeout 0, for ever). */
  readonly blocked: { readonly command: 'WAIT' | 'DEBUG SLEEP'; readonly untilMs: number | null } | null;
  /** The run was paused when it was sent: it plays until the reply, then pauses. */
  readonly played: boolean;
  /** The load it belongs to. */
  readonly generation: number;
}

export interface ConsoleSlice {
  /** The consoles waiting for a reply, by node. */
  readonly consoleWaits: Readonly<Record<string, ConsoleWait>>;
  /** Sends a command from a node's console; on a paused run, plays until its reply comes. */
  consoleCommand(node: string, argv: readonly string[]): Promise<void>;
  /** Ctrl+C: that node's redis-cli exits (its connection closes); the next line is a new redis-cli's. */
  consoleInterrupt(node: string): Promise<void>;
}

/** The compare view: the scenario as written, run under the page's version and a second one. */
export type CompareState =
  | { readonly status: 'running'; readonly versions: readonly [RedisVersion, RedisVersion] }
  | { readonly status: 'done'; readonly versions: readonly [RedisVersion, RedisVersion]; readonly runs: readonly [RunSummary, RunSummary] }
  | { readonly status: 'failed'; readonly versions: readonly [RedisVersion, RedisVersion]; readonly message: string };

export interface CompareSlice {
  /** The second version (`&compare=`), or null when the compare view is closed. */
  readonly compareWith: RedisVersion | null;
  readonly compare: CompareState | null;
  /** Opens the compare view with that version (null closes it); the runs are computed off the page's thread. */
  setCompare(v: RedisVersion | null): void;
  /** Recomputes the compare view for the current scenario and version (after a load). */
  refreshCompare(): void;
}

export type AppState = RunState & LoadingSlice & CompareSlice & PlaybackSlice & NavigationSlice & HistorySlice & ConsoleSlice;
