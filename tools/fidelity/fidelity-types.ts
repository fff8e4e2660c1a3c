// The data the fidelity check records from one run of a scenario, in the engine or on real
// redis-server processes, in the same shape so the two can be compared field by field.

import type { ScenarioStep } from '../../src/scenario/parse.ts';

export type World = 'engine' | 'real';

/** The argv a ctrl-c line's reply record carries: what a subscribed redis-cli printed before it. */
export const PUSHED_ARGV = '(messages read before Ctrl+C)';

/** One reply as redis-cli would print it (without its final line break). */
export interface ReplyRecord {
  readonly argv: readonly string[];
  readonly printed: string;
}

/** What happened at one scenario line. Times are ms since the scenario started, in that world. */
export interface StepRecord {
  readonly line: number;
  readonly text: string;
  readonly kind: ScenarioStep['type'];
  /** The node a command, expect or until line names. */
  readonly node: string | null;
  readonly startMs: number;
  readonly endMs: number;
  /** Every reply of a command, expect or repeat line, in order. */
  readonly replies: ReplyRecord[];
  /** The named node's master_repl_offset just before and just after a command line (null: down). */
  readonly offsetBefore: number | null;
  readonly offsetAfter: number | null;
  /** until: did the condition hold in time? */
  readonly untilOk: boolean | null;
  /** What the real run did for a directive it maps or ignores. */
  readonly note?: string;
}

/** A log line with its time since the scenario started. */
export interface LogEntry {
  readonly ms: number;
  readonly role: string;
  readonly level: string;
  readonly msg: string;
}

/** The end-of-run state of one node: INFO replication and INFO stats as field -> value. */
export interface NodeEnd {
  readonly alive: boolean;
  readonly fields: ReadonlyMap<string, string>;
}

export interface WorldRun {
  readonly world: World;
  readonly steps: StepRecord[];
  readonly end: ReadonlyMap<string, NodeEnd>;
  /** Each node's log, parsed. */
  readonly logs: ReadonlyMap<string, LogEntry[]>;
  /** When each node (re)started: ms since the scenario started. */
  readonly starts: ReadonlyMap<string, number[]>;
  /** When each node went down (crash), ms since the scenario started. */
  readonly stops: ReadonlyMap<string, number[]>;
  /** The port each node listens on in this world. */
  readonly ports: ReadonlyMap<string, number>;
  /** Other ports that lead to a node (the real run's link proxies): port -> node name. */
  readonly aliasPorts?: ReadonlyMap<number, string>;
  /** The real run cut links for real (a proxy stops forwarding), rather than emulating cut/heal. */
  readonly cutsByProxy?: boolean;
  /** Engine only: the exact times of the PINGs each master fed to its replication stream. */
  readonly pings: ReadonlyMap<string, number[]> | null;
  readonly totalMs: number;
}

/** The replication-relevant context of a run the classifier needs besides the two runs. */
export interface ScenarioContext {
  readonly file: string;
  readonly nodes: readonly string[];
  /** The Sentinels (redis-sentinel), in declaration order; `nodes` holds the data nodes only. */
  readonly sentinels?: readonly string[];
  /** For each replica at the end of the engine run, its master's name. */
  readonly masterOf: ReadonlyMap<string, string>;
  /** repl-ping-replica-period in seconds (the engine's final value). */
  readonly pingPeriodSec: number;
  /** Lines of `cut` and `heal` steps, in order, with their pair. */
  readonly cuts: readonly { readonly line: number; readonly a: string; readonly b: string; readonly type: 'cut' | 'heal' }[];
}
