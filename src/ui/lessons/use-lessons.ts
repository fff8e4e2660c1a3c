// The page's lessons: the session on the app store, the progress book in localStorage, the
// lesson index's open state, the welcome card, and the URL following the lesson and step
// (?lesson=ID&step=N, 1-based). A lesson link opens that lesson at that step.
// The session's code (the runner, the lesson parser) loads when a lesson is first opened: until
// then the page reads "no lesson" from an idle session.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from '../../app/store.ts';
import { hasLesson } from '../../app/lessons/ids.ts';
import { IDLE_SESSION } from '../../app/lessons/idle.ts';
import { dismissWelcome, ProgressBook, welcomeDismissed, type KeyValue } from '../../app/lessons/progress.ts';
import type { LessonSession } from '../../app/lessons/session.ts';
import { lessonSearch, type BootParams } from '../../app/url.ts';
import type { LessonEnv } from './context.ts';

function storage(): KeyValue | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The page's own settings a URL keeps when the lesson is left. */
function withoutLesson(search: string): string {
  const q = new URLSearchParams(search);
  q.delete('lesson');
  q.delete('step');
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function useLessons(store: AppStore, boot: BootParams) {
  const [book] = useState(() => new ProgressBook(storage()));
  const [loaded, setLoaded] = useState<LessonSession | null>(null);
  const loading = useRef<Promise<LessonSession> | null>(null);
  const sessionNow = useCallback((): Promise<LessonSession> => {
    loading.current ??= Promise.all([import('../../app/lessons/session.ts'), import('../../app/lessons/bundle.ts')])
      .then(([{ createLessonSession }, { loadLesson }]) => {
        const s = createLessonSession(store, loadLesson, book);
        setLoaded(s);
        return s;
      });
    return loading.current;
  }, [store, book]);
  const session = loaded ?? IDLE_SESSION;
  const [bootsLesson] = useState(() => typeof boot.lesson === 'string' && hasLesson(boot.lesson));
  const [indexOpen, setIndexOpen] = useState(false);
  const [welcomeGone, setWelcomeGone] = useState(() => welcomeDismissed(storage()));
  const id = useStore(session, (s) => s.id);
  const step = useStore(session, (s) => s.step);
  const hasLessonNow = useStore(session, (s) => s.lesson !== null);

  const start = useCallback((lesson: string, at = 0) => {
    // Taking a lesson is answering the welcome card.
    dismissWelcome(storage());
    setWelcomeGone(true);
    void sessionNow().then((s) => s.getState().open(lesson, { step: at }));
  }, [sessionNow]);

  useEffect(() => {
    if (bootsLesson && boot.lesson) {
      const lesson = boot.lesson;
      // The URL's host choice (&host=inline) holds for a lesson too.
      void (boot.host ? store.getState().setHost(boot.host) : Promise.resolve()).then(() => start(lesson, (boot.step ?? 1) - 1));
    }
    return () => { void loading.current?.then((s) => s.getState().close()); };
  }, [bootsLesson, boot, start, store]);

  // The URL follows the lesson and its step; leaving the lesson takes them out.
  useEffect(() => {
    let search: string;
    if (id !== null) {
      if (!hasLessonNow) return;
      search = lessonSearch(location.search, id, step + 1);
    } else {
      if (!new URLSearchParams(location.search).has('lesson')) return;
      search = withoutLesson(location.search);
    }
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }, [id, step, hasLessonNow]);

  const env: LessonEnv = useMemo(() => ({ session, book, openIndex: () => setIndexOpen(true), start }), [session, book, start]);
  const fresh = boot.example === null && boot.scenario === null && boot.z == null && !boot.lesson;
  return {
    env,
    bootsLesson,
    active: id !== null,
    indexOpen,
    closeIndex: useCallback(() => setIndexOpen(false), []),
    welcome: fresh && !welcomeGone && id === null,
    dismissWelcome: useCallback(() => { dismissWelcome(storage()); setWelcomeGone(true); }, []),
  };
}
