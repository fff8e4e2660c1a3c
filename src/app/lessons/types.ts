// A lesson: a scenario plus steps. Each step has prose in English and Simplified Chinese, the
// moment of the run it waits for, the panel to look at, an optional task for the learner and
// questions asked before the moment and answered by the run. Lessons are data files
// (lessons/*.json); docs/lessons.md documents the format. parse.ts checks a file into these types.

import type { LinkLostCause, PsyncVerdict } from '../../engine/io.ts';
import type { RedisVersion } from '../../engine/version.ts';
import type { MomentKind } from '../run-index.ts';

/** Text in both languages of the page. */
export interface Words {
  readonly en: string;
  readonly zh: string;
}

export type Lang = keyof Words;

/** Where a step sends the learner's eyes (the panel is brought into view and outlined). */
export const LOOK_TARGETS = ['stage', 'nodes', 'backlog', 'buffers', 'handshake', 'info', 'console', 'timeline', 'log', 'stream', 'sentinel'] as const;
export type LookTarget = (typeof LOOK_TARGETS)[number];

/**
 * The moment a step waits for, after the previous step's moment:
 * - a typed moment of the run (a PSYNC answer, a finished sync, a lost link, a Sentinel's event...),
 *   optionally only at one node / with one verdict, cause, phase, mode or Sentinel event name;
 * - the reply to a line of the lesson's scenario (`line`: its line number);
 * - a time (`ms` since the run began), or `waitMs` after the previous step's moment;
 * - the end of the scenario (`end`).
 */
export type StepAt =
  | {
      readonly moment: MomentKind;
      readonly node?: string;
      readonly verdict?: PsyncVerdict;
      readonly cause?: LinkLostCause | 'crash';
      readonly phase?: 'started' | 'ended';
      readonly mode?: 'full' | 'partial';
      /** For linkLost: the side that gave up the link. */
      readonly role?: 'master' | 'replica';
      /** For sentinel: the event as Redis names it (`+odown`, `+selected-slave`, `+switch-master`). */
      readonly event?: string;
    }
  | { readonly line: number }
  | { readonly ms: number }
  | { readonly waitMs: number }
  | { readonly end: true };

/** Something the learner does; the step detects it among the run's actions. */
export type Task =
  | { readonly do: 'command'; readonly node: string; readonly command: string }
  | { readonly do: 'cut' | 'heal' | 'kill'; readonly a: string; readonly b: string }
  | { readonly do: 'crash' | 'restart'; readonly node: string };

/** Where a question's answer comes from: always the run, never typed by hand. */
export type AnswerFrom =
  /**
   * A field of `INFO <section>` at the node, asked at the step's moment; with `key`, one part of a
   * field that lists `key=value` pairs (`slave0` → `lag`).
   */
  | { readonly info: { readonly node: string; readonly section: string; readonly field: string; readonly key?: string } }
  /** What redis-cli prints for a command at the node, asked at the step's moment. */
  | { readonly reply: { readonly node: string; readonly command: string } }
  /** What redis-cli printed for line N of the scenario (the run's own reply, e.g. to a WAIT). */
  | { readonly replyOf: { readonly line: number } }
  /** A field of the moment the step waited for (e.g. `bytes` of an RDB transfer, `verdict` of a PSYNC). */
  | { readonly moment: string }
  /**
   * What a master's stream carried to a replica between the previous step's moment and this one:
   * the names of the commands in order ("SELECT SET"), or the number of bytes.
   */
  | { readonly stream: { readonly from: string; readonly to: string; readonly give: 'commands' | 'bytes' } }
  /** How many moments of a kind happened so far (e.g. full syncs). */
  | { readonly count: { readonly moment: MomentKind; readonly node?: string } };

export interface Question {
  readonly id: string;
  readonly ask: Words;
  /** number: a whole number; choice: one of `choices`; text: what redis-cli prints. */
  readonly kind: 'number' | 'choice' | 'text';
  readonly choices?: readonly string[];
  /**
   * For a choice whose answer source says something else (a PSYNC verdict "accepted"), the choice
   * each value stands for: { "accepted": "+CONTINUE", "*": "+FULLRESYNC" }.
   */
  readonly map?: Readonly<Record<string, string>>;
  readonly answer: AnswerFrom;
  /** Why Redis does it, shown with the answer: the function, the config, the INFO field. */
  readonly explain: Words;
}

export interface Step {
  readonly text: Words;
  readonly at: StepAt;
  readonly look?: LookTarget;
  readonly task?: Task;
  readonly questions: readonly Question[];
}

export interface Lesson {
  readonly id: string;
  readonly title: Words;
  readonly summary: Words;
  /** The Redis version the lesson runs; a variant's `version` parameter runs it under another. */
  readonly version?: RedisVersion;
  /**
   * The scenario, in the scenario language. `{{name}}` is replaced by the variant's value, so
   * variants give the same story with other numbers.
   */
  readonly scenario: string;
  /**
   * The variants' parameters; the first is the one a learner meets first. A parameter named
   * `version` also picks the Redis version that variant runs (a lesson told under two versions).
   */
  readonly variants: readonly Readonly<Record<string, string>>[];
  readonly steps: readonly Step[];
}

/** An interview question, answered briefly and linked to the step that shows it. */
export interface InterviewQuestion {
  readonly id: string;
  readonly ask: Words;
  readonly answer: Words;
  readonly lesson: string;
  /** 1-based step number in that lesson. */
  readonly step: number;
}
