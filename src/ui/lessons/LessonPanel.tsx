// The lesson panel beside the stage (below it on a phone): the step's text in a region screen
// readers announce, what to look at, the step's task, its question cards, Back / Next and the
// step count, "new numbers" and "try it yourself". Lecture mode: PageDown and "." go to the next
// step (or reveal the current one), PageUp goes back — also in presenter mode.
import { useEffect, useRef, useState } from 'react';
import { COURSE } from '../../app/lessons/course.ts';
import { lessonIds, loadLesson } from '../../app/lessons/bundle.ts';
import { answerKey } from '../../app/lessons/progress.ts';
import { gradeOf, type LessonSessionState } from '../../app/lessons/session.ts';
import type { AnswerFrom, Lesson, LookTarget, Question, Task } from '../../app/lessons/types.ts';
import { useLang } from '../context.ts';
import { addPanelWords, type PanelT, usePanelT } from '../i18n/panels.ts';
import { ownsKey } from '../keys.ts';
import { useLesson, useLessonEnv } from './context.ts';
import { lookAt, lookOfAnswer } from './look.ts';
import { words } from './words.ts';
import './lessons.css';
import * as lessonPanelWords from '../i18n/lesson-panels.ts';

addPanelWords(lessonPanelWords);

export { words };

function taskText(task: Task, t: PanelT): string {
  switch (task.do) {
    case 'command': return t('task.command', { command: task.command, node: task.node });
    case 'crash':
    case 'restart': return t(`task.${task.do}`, { node: task.node });
    default: return t(`task.${task.do}`, { a: task.a, b: task.b });
  }
}

function whereText(a: AnswerFrom, t: PanelT, look: LookTarget): string {
  if ('info' in a) return t('from.info', { section: a.info.section, node: a.info.node, field: a.info.key ? `${a.info.field} (${a.info.key})` : a.info.field });
  if ('reply' in a) return t('from.reply', { command: a.reply.command, node: a.reply.node });
  if ('replyOf' in a) return t('from.replyOf', { line: a.replyOf.line });
  if ('stream' in a) return t('from.stream', { from: a.stream.from, to: a.stream.to });
  if ('count' in a) return t('from.count');
  return t('from.moment', { field: a.moment, panel: t(`look.${look}`) });
}

/** The lesson after this one in the course (or among the shipped lessons). */
function nextLessonId(id: string): string | null {
  const ids = lessonIds();
  const i = ids.indexOf(id);
  if (i >= 0 && i + 1 < ids.length) return ids[i + 1];
  const c = COURSE.indexOf(id);
  return c >= 0 ? (COURSE.slice(c + 1).find((x) => ids.includes(x)) ?? null) : null;
}

function AnswerInput({ q, onAnswer, t, label }: { q: Question; onAnswer(v: string): void; t: PanelT; label: string }) {
  const [value, setValue] = useState('');
  if (q.kind === 'choice') {
    return (
      <div className="lq-choices" role="group" aria-label={label}>
        {(q.choices ?? []).map((c) => (
          <button type="button" key={c} className="lq-choice" onClick={() => onAnswer(c)}><code>{c}</code></button>
        ))}
      </div>
    );
  }
  return (
    <form className="lq-form" onSubmit={(e) => { e.preventDefault(); if (value.trim() !== '') onAnswer(value); }}>
      <label>
        <span className="sr-only">{label}</span>
        <input
          type="text" inputMode={q.kind === 'number' ? 'numeric' : 'text'} value={value} autoComplete="off" spellCheck={false}
          onChange={(e) => setValue(e.target.value)} placeholder={t('q.yourAnswer')} data-testid="lesson-answer-input"
        />
      </label>
      <button type="submit" disabled={value.trim() === ''}>{t('q.answer')}</button>
    </form>
  );
}

function QuestionCard({ q, i, s, look }: { q: Question; i: number; s: LessonSessionState; look: Lesson['steps'][number]['look'] }) {
  const t = usePanelT();
  const lang = useLang();
  const answer = useLesson((x) => x.answer);
  const retry = useLesson((x) => x.retry);
  const key = answerKey(s.step, q.id);
  const given = s.given[key];
  const retrying = s.retrying.includes(key);
  const result = s.results[s.step];
  const revealed = s.phase === 'reached' && result !== null && result !== undefined;
  const grade = gradeOf(s, q);
  const expected = revealed ? (result.expected[q.id] ?? null) : null;
  const title = `${t('q.label', { i: i + 1 })}: ${words(q.ask, lang)}`;
  const where = lookOfAnswer(q.answer, look);
  const state = grade ? (grade.right ? 'right' : 'wrong') : revealed && !retrying ? 'shown' : given !== undefined && !retrying ? 'waiting' : 'open';
  return (
    <li className="lq" data-testid="lesson-question" data-state={state} data-question={q.id}>
      <p className="lq-ask" id={`lq-${s.step}-${q.id}`}><span className="lq-n">{t('q.label', { i: i + 1 })}</span> {words(q.ask, lang)}</p>
      {(given === undefined || retrying) && <AnswerInput q={q} t={t} label={title} onAnswer={(v) => void answer(q.id, v)} />}
      {given !== undefined && !retrying && !revealed && (
        <p className="lq-given">{t('q.given', { given })} <span className="muted">{t('q.waiting')}</span></p>
      )}
      {revealed && !retrying && (
        <div className="lq-reveal" data-testid="lesson-reveal">
          {grade && (
            <p className={grade.right ? 'lq-verdict right' : 'lq-verdict wrong'} data-testid="lesson-verdict">
              <span aria-hidden="true">{grade.right ? '✓' : '✗'}</span> {grade.right ? t('q.right') : t('q.wrong')}
              <span className="lq-given-inline"> — {t('q.given', { given: grade.given })}</span>
            </p>
          )}
          <p className="lq-expected" data-testid="lesson-expected" data-value={expected ?? ''}>
            {expected === null ? t('q.noAnswer') : <>{t('q.expected', { expected: '' })}<code>{expected}</code></>}
          </p>
          <p className="lq-explain">{words(q.explain, lang)}</p>
          <p className="lq-where">
            {t('q.from', { where: whereText(q.answer, t, where) })}{' '}
            <button type="button" className="link-btn" onClick={() => lookAt(where)}>{t('q.showWhere')}</button>
          </p>
          {grade && !grade.right && <button type="button" onClick={() => retry(q.id)} data-testid="lesson-retry">{t('q.retry')}</button>}
        </div>
      )}
    </li>
  );
}

function LessonKeys() {
  const { session } = useLessonEnv();
  useEffect(() => {
    // Capture: the lesson takes the clicker's keys before the run's own bindings (keys.ts) see them.
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key !== 'PageDown' && e.key !== 'PageUp' && e.key !== '.') return;
      if (ownsKey(e.target, e.key)) return;
      if (e.target instanceof Element && e.target.closest('dialog[open]')) return;
      const s = session.getState();
      if (!s.lesson || s.trying) return;
      e.preventDefault();
      e.stopPropagation();
      void (e.key === 'PageUp' ? s.back() : s.next());
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [session]);
  return null;
}

export function LessonPanel() {
  const t = usePanelT();
  const lang = useLang();
  const env = useLessonEnv();
  const s = useLesson((x) => x);
  const l = s.lesson;
  const step = l ? l.steps[s.step] : null;
  const stepText = step ? words(step.text, lang) : '';
  // The step's panel is brought into view and outlined when the step opens (and when it is reached).
  const looked = useRef('');
  const panelRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!l || !step?.look || s.trying) return;
    const sig = `${l.id}|${s.variant}|${s.step}|${s.phase === 'reached'}`;
    if (looked.current === sig) return;
    looked.current = sig;
    // On a phone or a projector the lesson panel stays where it is: the panel is outlined, not scrolled to.
    const still = window.matchMedia?.('(max-width: 640px)').matches || document.documentElement.dataset.presenter === 'on';
    // When the step opens its panel comes into view; when its moment comes, the answers do.
    const reachedNow = s.phase === 'reached';
    lookAt(step.look, document, { scroll: !still && !reachedNow });
    if (reachedNow && !still) panelRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [l, step, s.step, s.phase, s.variant, s.trying]);
  const textRef = useRef<HTMLDivElement>(null);

  if (!l || !step) {
    return (
      <section className="panel lesson" aria-label={t('panel.label')} data-testid="lesson-panel">
        <LessonKeys />
        <p className="muted">{s.error ?? t('panel.loading')}</p>
        {s.error && <button type="button" onClick={() => env.session.getState().close()}>{t('panel.close')}</button>}
      </section>
    );
  }

  const n = l.steps.length;
  const last = s.step === n - 1;
  const reached = s.phase === 'reached';
  const nextId = nextLessonId(l.id);
  const nextLabel = s.phase === 'ask' ? t('panel.reveal') : s.phase === 'playing' ? t('panel.skip') : last && reached ? t('panel.finish') : t('panel.next');
  const nextDisabled = s.trying !== null || s.phase === 'task' || s.phase === 'loading' || s.phase === 'lost' || (reached && last);
  const taskDone = step.task && (s.phase === 'playing' || s.phase === 'reached');
  const status = s.phase === 'playing' ? t('panel.playing') : s.phase === 'ask' ? t('panel.asking') : s.phase === 'lost' ? t('panel.lost') : reached ? t('panel.reached') : '';

  return (
    <section ref={panelRef} className="panel lesson" aria-labelledby="lesson-title" data-testid="lesson-panel" data-phase={s.phase} data-step={s.step + 1}>
      <LessonKeys />
      <div className="lesson-head">
        <h2 id="lesson-title"><span className="lesson-kicker">{t('panel.label')}</span> {words(l.title, lang)}</h2>
        <button type="button" className="icon-only" onClick={() => env.session.getState().close()} aria-label={t('panel.close')} title={t('panel.close')} data-testid="lesson-close">×</button>
      </div>
      <div className="lesson-progress" aria-hidden="true">
        {l.steps.map((_, i) => <span key={i} className={i < s.step ? 'dot done' : i === s.step ? 'dot cur' : 'dot'} />)}
      </div>
      <p className="lesson-count" data-testid="lesson-count">{t('panel.progress', { k: s.step + 1, n })}</p>
      {s.trying ? (
        <div className="lesson-trying" role="status">
          <p>{t('panel.trying', { k: s.step + 1 })}</p>
          <button type="button" className="primary-btn" onClick={() => void env.session.getState().backToLesson()} data-testid="lesson-back-to">{t('panel.backToLesson')}</button>
        </div>
      ) : (
        <>
          <div className="lesson-step" role="region" aria-live="polite" aria-atomic="true" aria-label={t('panel.progress', { k: s.step + 1, n })} ref={textRef} tabIndex={-1}>
            <p data-testid="lesson-step">{stepText}</p>
          </div>
          {step.look && (
            <p className="lesson-look">
              {t('panel.look', { panel: t(`look.${step.look}`) })}{' '}
              <button type="button" className="link-btn" onClick={() => lookAt(step.look!)}>{t('panel.show')}</button>
            </p>
          )}
          {step.task && (
            <div className={taskDone ? 'lesson-task done' : 'lesson-task'} data-testid="lesson-task" data-done={taskDone ? 'true' : 'false'}>
              <p><strong>{t('panel.task', { task: taskText(step.task, t) })}</strong>{' '}
                {taskDone ? <span className="lesson-ok"><span aria-hidden="true">✓ </span>{t('panel.taskDone')}</span> : <span className="muted">{t('panel.taskWaiting')}</span>}
              </p>
              {s.phase === 'task' && <button type="button" onClick={() => void env.session.getState().doTask()} data-testid="lesson-do-task">{t('panel.doIt')}</button>}
            </div>
          )}
          {step.questions.length > 0 && (
            <ol className="lesson-questions">
              {step.questions.map((q, i) => <QuestionCard key={`${s.step}-${s.variant}-${q.id}`} q={q} i={i} s={s} look={step.look} />)}
            </ol>
          )}
          {status && <p className="lesson-status muted" data-testid="lesson-status">{status}</p>}
          {s.phase === 'lost' && (
            <button type="button" onClick={() => env.start(l.id, s.step)}>{t('panel.reopen')}</button>
          )}
          {reached && last && (
            <div className="lesson-done" data-testid="lesson-done">
              <p>{t('panel.done', { title: words(l.title, lang) })}</p>
              {nextId && <NextLessonButton id={nextId} />}
            </div>
          )}
        </>
      )}
      <LessonNav s={s} nextLabel={nextLabel} nextDisabled={nextDisabled} />
    </section>
  );
}

function LessonNav({ s, nextLabel, nextDisabled }: { s: LessonSessionState; nextLabel: string; nextDisabled: boolean }) {
  const t = usePanelT();
  const env = useLessonEnv();
  return (
    <>
        <div className="lesson-nav">
          <button type="button" onClick={() => void env.session.getState().back()} disabled={s.step === 0 || s.trying !== null} aria-keyshortcuts="PageUp" data-testid="lesson-back">
            <span aria-hidden="true">‹</span> {t('panel.back')}
          </button>
          <button type="button" className="primary-btn" onClick={() => void env.session.getState().next()} disabled={nextDisabled} aria-keyshortcuts="PageDown Period" data-testid="lesson-next">
            {nextLabel} <span aria-hidden="true">›</span>
          </button>
        </div>
        <p className="lesson-hint muted">{t('panel.nextHint')}</p>
        <div className="lesson-more">
          {!s.trying && (
            <button type="button" onClick={() => void env.session.getState().tryIt()} title={t('panel.tryItHint')} data-testid="lesson-try">{t('panel.tryIt')}</button>
          )}
          {(s.source?.variants.length ?? 0) > 1 && !s.trying && (
            <button type="button" onClick={() => void env.session.getState().newNumbers()} title={t('panel.newNumbersHint', { k: s.variant + 1, n: s.source!.variants.length })} data-testid="lesson-new-numbers">{t('panel.newNumbers')}</button>
          )}
          <button type="button" onClick={env.openIndex} data-testid="lesson-index-open">{t('panel.index')}</button>
        </div>
    </>
  );
}

function NextLessonButton({ id }: { id: string }) {
  const t = usePanelT();
  const lang = useLang();
  const env = useLessonEnv();
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void loadLesson(id).then((l) => { if (live) setTitle(words(l.title, lang)); }, () => undefined);
    return () => { live = false; };
  }, [id, lang]);
  return <button type="button" className="primary-btn" onClick={() => env.start(id, 0)}>{t('panel.nextLesson', { title: title ?? id })}</button>;
}
