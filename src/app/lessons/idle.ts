// "No lesson open", without the lessons code: the page reads lesson state from this store until
// a lesson (or the lesson index's choice) loads the real session (session.ts) on demand.

import { createStore } from 'zustand/vanilla';
import type { LessonSession, LessonSessionState } from './session-types.ts';

export const NO_LESSON: LessonSessionState = {
  id: null, source: null, lesson: null, variant: 0, step: 0, phase: 'loading', afters: [], results: [], given: {}, retrying: [], trying: null, error: null,
};

/** A session with no lesson in it that cannot open one: what the page shows before the lessons
 * code is loaded. Its state never changes; its actions do nothing (nothing is open to act on). */
export const IDLE_SESSION: LessonSession = createStore(() => ({
  ...NO_LESSON,
  open: () => Promise.resolve(false),
  close: () => undefined,
  next: () => Promise.resolve(false),
  back: () => Promise.resolve(false),
  answer: () => Promise.resolve(),
  retry: () => undefined,
  newNumbers: () => Promise.resolve(),
  doTask: () => Promise.resolve(),
  tryIt: () => Promise.resolve(),
  backToLesson: () => Promise.resolve(),
}));
