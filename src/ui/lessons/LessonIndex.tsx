// The lesson index: a dialog listing the course in order, each lesson's title in the current
// language, its progress (steps reached, questions right) and a button to start or continue it;
// and a reset of all progress. Esc closes it and focus goes back to where it was.
import { useEffect, useRef, useState } from 'react';
import { loadAllLessons } from '../../app/lessons/bundle.ts';
import { resetProgress, summary } from '../../app/lessons/progress.ts';
import type { Lesson } from '../../app/lessons/types.ts';
import { useLang } from '../context.ts';
import { addPanelWords, usePanelT } from '../i18n/panels.ts';
import { useLesson, useLessonEnv, useProgress } from './context.ts';
import { words } from './words.ts';
import * as lessonPanelWords from '../i18n/lesson-panels.ts';

addPanelWords(lessonPanelWords);

export function LessonIndex({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = usePanelT();
  const lang = useLang();
  const env = useLessonEnv();
  const progress = useProgress();
  const currentId = useLesson((s) => s.lesson?.id ?? null);
  const ref = useRef<HTMLDialogElement>(null);
  const back = useRef<HTMLElement | null>(null);
  const [lessons, setLessons] = useState<Lesson[] | null>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      back.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
      setNote('');
      if (!lessons) void loadAllLessons().then(setLessons);
    } else if (!open && d.open) {
      d.close();
    }
  }, [open, lessons]);

  const onDialogClose = () => {
    onClose();
    const el = back.current;
    back.current = null;
    if (el && el.isConnected) el.focus();
  };

  const go = (id: string, step: number) => {
    back.current = null;
    ref.current?.close();
    env.start(id, step);
  };

  return (
    <dialog ref={ref} className="lesson-index" aria-labelledby="lesson-index-title" onClose={onDialogClose}
      onClick={(e) => { if (e.target === e.currentTarget) e.currentTarget.close(); }} data-testid="lesson-index">
      <div className="li-head">
        <h2 id="lesson-index-title">{t('index.title')}</h2>
        <button type="button" onClick={() => ref.current?.close()} autoFocus>{t('index.close')}</button>
      </div>
      <p className="muted">{t('index.intro')}</p>
      {!lessons ? <p>{t('index.loading')}</p> : (
        <ol className="li-list">
          {lessons.map((l, i) => {
            const p = progress[l.id];
            const qs = l.steps.reduce((n, s) => n + s.questions.length, 0);
            const sum = summary(p, l.steps.length, qs);
            const started = p !== undefined && (p.done.length > 0 || Object.keys(p.answers).length > 0);
            const resume = started ? Math.min(l.steps.length - 1, Math.max(0, ...p.done.map((d) => d + 1).filter((d) => d < l.steps.length), 0)) : 0;
            return (
              <li key={l.id} data-testid={`lesson-item-${l.id}`} aria-current={l.id === currentId ? 'true' : undefined}>
                <span className="li-num" aria-hidden="true">{i + 1}</span>
                <div className="li-text">
                  <strong lang={lang}>{words(l.title, lang)}</strong>
                  {l.version && <span className="badge">{t('index.version', { version: l.version })}</span>}
                  {l.id === currentId && <span className="badge cur">{t('index.current')}</span>}
                  <div className="sub">{words(l.summary, lang)}</div>
                  <div className="sub num" data-testid="lesson-item-progress">{started ? t('index.progress', sum) : t('index.notStarted')}</div>
                </div>
                <button type="button" onClick={() => go(l.id, resume)} aria-label={`${started ? t('index.continue') : t('index.start')}: ${words(l.title, lang)}`}>
                  {started ? t('index.continue') : t('index.start')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <div className="li-foot">
        <button type="button" onClick={() => { env.book.update((p) => resetProgress(p)); setNote(t('index.resetDone')); }} data-testid="lesson-reset">{t('index.reset')}</button>
        <span role="status" className="muted">{note}</span>
      </div>
    </dialog>
  );
}
