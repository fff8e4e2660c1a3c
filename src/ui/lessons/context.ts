// The lesson session and the progress book, for the components of the lesson panel, the index
// and the welcome card.
import { createContext, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { LessonSession, LessonSessionActions, LessonSessionState } from '../../app/lessons/session.ts';
import type { Progress, ProgressBook } from '../../app/lessons/progress.ts';

export interface LessonEnv {
  readonly session: LessonSession;
  readonly book: ProgressBook;
  /** Opens the lesson index dialog. */
  openIndex(): void;
  /** Opens a lesson at a step (0-based) and puts it in the URL. */
  start(id: string, step?: number): void;
}

export const LessonContext = createContext<LessonEnv | null>(null);

export function useLessonEnv(): LessonEnv {
  const env = useContext(LessonContext);
  if (!env) throw new Error('no lesson session: render inside <LessonContext.Provider>');
  return env;
}

export function useLesson<U>(selector: (s: LessonSessionState & LessonSessionActions) => U): U {
  return useStore(useLessonEnv().session, selector);
}

export function useProgress(): Progress {
  const { book } = useLessonEnv();
  return useSyncExternalStore((l) => book.subscribe(l), () => book.all, () => book.all);
}
