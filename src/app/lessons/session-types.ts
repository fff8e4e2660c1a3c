// The lesson session's shape: its state and actions (session.ts implements them; idle.ts is the
// stand-in before the lessons code loads). Types only.

import type { StoreApi } from 'zustand/vanilla';
import type { After, Found } from './runner.ts';
import type { Lesson } from './types.ts';

/**
 * Where the open step stands:
 * - ask: its questions wait for answers (the run waits before the moment);
 * - task: the learner has something to do (the run waits for it);
 * - playing: the run plays to the step's moment and stops there;
 * - reached: the moment came; the answers are revealed;
 * - lost: the moment never came on this run (the learner changed the story).
 */
export type Phase = 'loading' | 'ask' | 'task' | 'playing' | 'reached' | 'lost';

export interface StepResult {
  readonly found: Found;
  /** The run's answer to each question, by id (null: the run gives none). */
  readonly expected: Readonly<Record<string, string | null>>;
}

export interface Grade {
  readonly given: string;
  readonly expected: string | null;
  readonly right: boolean;
}

export interface LessonSessionState {
  /** The lesson open (or opening), by id; null when none is. */
  readonly id: string | null;
  /** The lesson as written (all variants). */
  readonly source: Lesson | null;
  /** The lesson with the current variant's numbers. */
  readonly lesson: Lesson | null;
  readonly variant: number;
  /** The open step, 0-based. */
  readonly step: number;
  readonly phase: Phase;
  /** Where each step's moment must come after (afters[k] for step k). */
  readonly afters: readonly After[];
  /** Each reached step's moment and answers. */
  readonly results: readonly (StepResult | null)[];
  /** The learner's answers by "step:question". */
  readonly given: Readonly<Record<string, string>>;
  /** Questions the learner is answering again after a wrong answer ("step:question"). */
  readonly retrying: readonly string[];
  /** "Try it yourself": the learner plays on a branch of their own; where the lesson was. */
  readonly trying: { readonly branch: number; readonly cursorMs: number; readonly phase: Phase } | null;
  /** The lesson could not be opened (its file, its scenario). */
  readonly error: string | null;
}

export interface LessonSessionActions {
  /** Opens a lesson at a step (0-based), playing each step before it to its moment. */
  open(id: string, at?: { step?: number; variant?: number }): Promise<boolean>;
  close(): void;
  /** Next: reveals the step (plays to its moment) or goes on to the next step. False when it cannot. */
  next(): Promise<boolean>;
  /** Back: the previous step, at its moment. */
  back(): Promise<boolean>;
  answer(questionId: string, value: string): Promise<void>;
  /** Answers a question again after a wrong answer (its reveal is hidden until then). */
  retry(questionId: string): void;
  /** Another variant of the lesson, at the same step. */
  newNumbers(): Promise<void>;
  /** Does the step's task for the learner. */
  doTask(): Promise<void>;
  tryIt(): Promise<void>;
  backToLesson(): Promise<void>;
}

export type LessonSession = StoreApi<LessonSessionState & LessonSessionActions>;
