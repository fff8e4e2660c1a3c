// The contract between the runtime's time machine and the app: what a Timeline offers.
// (Implemented by Timeline in timeline.ts.)

import type { Budget } from '../engine/budget.ts';
import type { NodeView } from './protocol.ts';
import type { TraceEntry } from './trace.ts';
import type { ReplyEvent, FrameRecord } from './sim.ts';

/** Something a person (or a scenario line) does at a moment of simulated time. */
export type UserAction =
  | { readonly type: 'command'; readonly node: string; readonly argv: readonly string[]; readonly wait: boolean }
  | { readonly type: 'cut' | 'heal' | 'kill'; readonly a: string; readonly b: string }
  | { readonly type: 'crash' | 'restart' | 'remove'; readonly node: string }
  /** The node's redis-cli exits (Ctrl+C): the server frees its client. */
  | { readonly type: 'closeConsole'; readonly node: string }
  | { readonly type: 'latency'; readonly a: string; readonly b: string; readonly latencyMs: number; readonly jitterMs: number }
  | { readonly type: 'bandwidth'; readonly a: string; readonly b: string; readonly bytesPerSec: number }
  /** `config`: the node's startup parameters (`node NAME --name value`), kept for its restarts. */
  | { readonly type: 'addNode'; readonly node: string; readonly config?: Readonly<Record<string, string>>; readonly kind?: 'sentinel' };

/** An action and when it happened: milliseconds of simulated time since the run began. */
export interface TimedAction {
  readonly atMs: number;
  readonly action: UserAction;
  /** The scenario line it came from, if any. */
  readonly line?: number;
}

export interface Branch {
  readonly id: number;
  readonly parent: number | null;
  /** Where it split from its parent (ms of simulated time). */
  readonly forkAtMs: number;
  readonly actions: readonly TimedAction[];
  /** How far it has been simulated. */
  readonly headMs: number;
}

/** An engine assertion or a worker failure, as a value the page can show. */
export interface RunFault {
  readonly seed: number;
  readonly atMs: number;
  readonly window: number;
  readonly message: string;
  /** The scenario so far (what reproduces it). */
  readonly scenario: string;
  /** The scenario line being run when it stopped (null: an action typed on the page). */
  readonly line: number | null;
  /** When the run stopped at one of the simulator's budgets: which (the page translates it). */
  readonly budget: Budget | null;
}

/** What a node that is not running has on its disk: what it boots from when restarted. */
export interface DiskView {
  readonly node: string;
  /** The RDB file's size in bytes, or null when the disk has none. */
  readonly rdbBytes: number | null;
  /** When that RDB was saved: ms since the run began (null without one). */
  readonly rdbSavedAtMs: number | null;
  /** The config file's replicaof line ("m 6379"), or null when it has none. */
  readonly replicaof: string | null;
}

export interface TimelineSnapshot {
  /** Simulated ms since the run began, at the cursor. */
  readonly cursorMs: number;
  /** The furthest point simulated on this branch. */
  readonly headMs: number;
  readonly views: readonly NodeView[];
  readonly branch: number;
  readonly traceHash: string;
  /** Trace entries at the cursor. */
  readonly traceLength: number;
  readonly eventCount: number;
  /** Links cut at the cursor, as 'a|b' with a < b. */
  readonly cutLinks: readonly string[];
  /** Nodes not running at the cursor. */
  readonly down: readonly string[];
  /** The disks of the nodes not running, in the order of `down`. */
  readonly disks: readonly DiskView[];
}

export interface TimelineEvents {
  /** New trace entries, in batches (per window run or per frame), never one call per entry. */
  onTrace?(entries: readonly TraceEntry[]): void;
  onReply?(r: ReplyEvent): void;
  onFrame?(f: FrameRecord): void;
  onFault?(f: RunFault): void;
  /** Time went back (seek, step back, branch switch): the trace now has this many entries (onTrace follows with what comes after). */
  onRewind?(traceLength: number): void;
}
