// The steps a scenario is made of, as parseScenario returns them and serializeScenario prints them.

import type { RedisVersion } from '../engine/version.ts';
import type { Budget } from '../engine/budget.ts';

export interface StepBase {
  /** 1-based line number in the scenario text. */
  readonly line: number;
  /** The line as written, comment included. */
  readonly text: string;
}

export interface SeedStep extends StepBase {
  readonly type: 'seed';
  readonly seed: number;
}

/** `version 2.8`: the Redis version every node of the scenario runs. */
export interface VersionStep extends StepBase {
  readonly type: 'version';
  readonly version: RedisVersion;
}

export interface NodeStep extends StepBase {
  readonly type: 'node';
  readonly names: readonly string[];
  /**
   * `--name value...` after the names: each node starts as `redis-server --name value...` would,
   * at every (re)start. Parameter name (canonical, lowercase) -> value as CONFIG GET shows it.
   */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * `sentinel NAME...`: the nodes run redis-sentinel. Their `config` holds the sentinel.conf lines
   * given as `--sentinel DIRECTIVE ARGS...`, under the keys sentinel-1, sentinel-2... in order.
   */
  readonly kind?: 'sentinel';
}

export interface CommandStep extends StepBase {
  readonly type: 'command';
  readonly node: string;
  /** Arguments as binary strings, split as redis-cli splits them. */
  readonly argv: readonly string[];
  /** The command as typed (comment and surrounding blanks removed). */
  readonly source: string;
}

/** `repeat N NAME> COMMAND`: the command N times, with {i} in any argument replaced by 1..N. */
export interface RepeatStep extends StepBase {
  readonly type: 'repeat';
  readonly count: number;
  readonly node: string;
  readonly argv: readonly string[];
  readonly source: string;
}

/** `nowait NAME> COMMAND`: send the command and go on without waiting for its reply. */
export interface NowaitStep extends StepBase {
  readonly type: 'nowait';
  readonly node: string;
  readonly argv: readonly string[];
  readonly source: string;
}

/** `at 1234.5ms`: run until this simulated time (ms since the start; exported runs use it). */
export interface AtStep extends StepBase {
  readonly type: 'at';
  readonly atMs: number;
}

export interface SleepStep extends StepBase {
  readonly type: 'sleep';
  readonly durationMs: number;
}

/** cut: silent partition; heal: undo a cut; kill: reset the connections (both ends notice). */
export interface LinkFaultStep extends StepBase {
  readonly type: 'cut' | 'heal' | 'kill';
  readonly a: string;
  readonly b: string;
}

/**
 * crash: the node dies and loses its memory; restart: it starts again from its disk; remove: it
 * dies and leaves the cluster for good.
 */
export interface NodeFaultStep extends StepBase {
  readonly type: 'crash' | 'restart' | 'remove';
  readonly node: string;
}

/**
 * ctrl-c: the node's redis-cli exits (Ctrl+C); the server sees the connection close and frees the
 * client, a blocked one too. The next command at that node comes from a new redis-cli.
 */
export interface ConsoleCloseStep extends StepBase {
  readonly type: 'closeConsole';
  readonly node: string;
}

export interface LatencyStep extends StepBase {
  readonly type: 'latency';
  readonly a: string;
  readonly b: string;
  /** One-way delay, each direction. */
  readonly latencyMs: number;
  /** 0 when not given. */
  readonly jitterMs: number;
}

export interface BandwidthStep extends StepBase {
  readonly type: 'bandwidth';
  readonly a: string;
  readonly b: string;
  readonly bytesPerSec: number;
}

export interface ExpectStep extends StepBase {
  readonly type: 'expect';
  readonly node: string;
  readonly argv: readonly string[];
  readonly source: string;
  /** `==`: the printed reply is exactly `expected`; `~`: it contains `expected`. */
  readonly op: '==' | '~';
  /** Binary string, compared with what redis-cli prints (replyAsPrinted in cli-format.ts). */
  readonly expected: string;
}

export interface UntilStep extends StepBase {
  readonly type: 'until';
  readonly node: string;
  /** online: the node's master_link_status is up. */
  readonly condition: 'online';
  readonly withinMs: number;
}

export type ScenarioStep =
  | SeedStep
  | VersionStep
  | NodeStep
  | CommandStep
  | RepeatStep
  | NowaitStep
  | AtStep
  | SleepStep
  | LinkFaultStep
  | NodeFaultStep
  | ConsoleCloseStep
  | LatencyStep
  | BandwidthStep
  | ExpectStep
  | UntilStep;

export interface ScenarioError {
  readonly line: number;
  readonly message: string;
  /** When the line goes over one of the simulator's budgets: which, for a translated message. */
  readonly budget?: Budget;
  /** The fileName given to parseScenario, if any. */
  readonly file?: string;
}

export type ParseScenarioResult =
  | { readonly ok: true; readonly steps: ScenarioStep[]; readonly seed: number; readonly version: RedisVersion; readonly nodes: string[] }
  | { readonly ok: false; readonly errors: ScenarioError[] };

export const DEFAULT_SEED = 1;
export const DEFAULT_UNTIL_WITHIN_MS = 120_000;
export const MAX_SEED = 0xffffffff;

/** The most a repeat line may run its command. */
export const MAX_REPEAT = 1_000_000;

/** The argv of the i-th run of a repeat step ({i} replaced by i, 1-based). */
export function repeatArgv(argv: readonly string[], i: number): string[] {
  return argv.map((a) => a.split('{i}').join(String(i)));
}
