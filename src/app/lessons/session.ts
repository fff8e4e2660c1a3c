// A lesson on the page: which lesson, variant and step is open, and where the step stands —
// asking its questions, waiting for its task, playing to its moment, or reached (its answers
// revealed, computed from the run). A step's moment is found with the runner's findMoment on the
// run the learner watches; playback stops there by itself (the app store's playUntil). The same
// runner serves `replscope lessons check`, so what the page shows is what the checker verified.

import { createStore } from 'zustand/vanilla';
import type { Timeline } from '../../runtime/timeline.ts';
import type { AppStore } from '../store.ts';
import type { RunIndex } from '../run-index.ts';
import { instantiate } from './parse.ts';
import { afterFound, answerOf, findMoment, isRight, START, taskAction, taskDone, type After, type Found, type RunView } from './runner.ts';
import { answerKey, markDone, recordAnswer, setVariant, type ProgressBook } from './progress.ts';
import type { Lesson, Question, Step } from './types.ts';
import { NO_LESSON } from './idle.ts';

/** How long after the script's end a step's moment may still come (as the checker allows). */
export const GRACE_MS = 600_000;

import type { Phase, StepResult, Grade, LessonSessionState, LessonSessionActions, LessonSession } from './session-types.ts';
export type { Phase, StepResult, Grade, LessonSessionState, LessonSessionActions, LessonSession };

export { NO_LESSON };

/** What the runner reads from a run: the app store's timeline and index. */
export function viewOf(tl: Timeline, index: RunIndex): RunView {
  const cursor = tl.cursorMs;
  return {
    moments: index.moments,
    cursorMs: cursor,
    actions: tl.actions,
    scriptEndMs: tl.scriptEndMs,
    replies: index.replies.map((r) => r.event).filter((r) => r.clientId === 'console' && r.timeMs <= cursor),
    frames: tl.frames,
    nodeOfAddress: (a) => index.nodeOfAddress(a),
  };
}

/** What the learner did (the scenario's own lines do not do a task for them). */
const learnerActions = (tl: Timeline) => tl.actions.filter((a) => a.line === undefined);

/** The grade of a question in a reached step, if it was answered. */
export function gradeOf(s: LessonSessionState, q: Question): Grade | null {
  const key = answerKey(s.step, q.id);
  const given = s.given[key];
  const r = s.results[s.step];
  if (given === undefined || !r || s.retrying.includes(key)) return null;
  const expected = r.expected[q.id] ?? null;
  return { given, expected, right: expected !== null && isRight(q, given, expected) };
}

/** Are all of the step's questions answered (or being answered again)? */
function allAnswered(s: LessonSessionState, step: Step, k: number): boolean {
  return step.questions.every((q) => s.given[answerKey(k, q.id)] !== undefined);
}

type SetSession = (patch: Partial<LessonSessionState>) => void;
type GetSession = () => LessonSessionState & LessonSessionActions;

/** Drives a lesson on the app store: each action of the session is a method here. */
class Driver implements LessonSessionActions {
  generation = 0;
  unwatch: (() => void) | null = null;

  constructor(private readonly app: AppStore, private readonly load: (id: string) => Promise<Lesson>, private readonly book: ProgressBook,
    private readonly set: SetSession, private readonly get: GetSession) {}

  cur() {
    const s = this.get();
    return s.lesson ? s.lesson.steps[s.step] : null;
  }

  stopWatching(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  /** The run's answers to a step's questions, at its moment (the cursor goes there). */
  async reveal(k: number, found: Found, gen: number): Promise<void> {
    const s = this.get();
    const l = s.lesson;
    if (!l) return;
    const step = l.steps[k];
    const expected = await this.app.getState().readRun(async (tl, index) => {
      if (tl.cursorMs > found.t + 1e-9) await tl.seek(found.t);
      const out: Record<string, string | null> = {};
      for (const q of step.questions) out[q.id] = await answerOf(q, tl, found, viewOf(tl, index), s.afters[k] ?? START);
      return out;
    });
    if (gen !== this.generation) return;
    const results = this.get().results.slice();
    results[k] = { found, expected: expected ?? {} };
    this.set({ results, phase: 'reached' });
    const id = l.id;
    this.book.update((p) => {
      let next = markDone(p, id, k);
      for (const q of step.questions) {
        const given = this.get().given[answerKey(k, q.id)];
        const e = (expected ?? {})[q.id];
        if (given !== undefined && e !== undefined && e !== null) next = recordAnswer(next, id, k, q.id, { given, right: isRight(q, given, e) });
      }
      return next;
    });
  }

  /** Plays to the step's moment and stops there (fast: at once, without animation). */
  async playToMoment(fast: boolean): Promise<void> {
    const s = this.get();
    const step = this.cur();
    if (!s.lesson || !step) return;
    const k = s.step;
    const after = s.afters[k] ?? START;
    const gen = this.generation;
    this.set({ phase: 'playing' });
    const limit = () => {
      const tl = this.app.getState().timeline;
      return (tl ? tl.scriptEndMs : 0) + GRACE_MS;
    };
    if (fast) {
      this.app.getState().playUntil(null);
      this.app.getState().pause();
      const found = await this.app.getState().readRun(async (tl, index) => {
        let f: Found | null = null;
        await tl.runUntil(() => (f = findMoment(step.at, viewOf(tl, index), after)) !== null, limit());
        return f as Found | null;
      });
      if (gen !== this.generation) return;
      if (found) await this.reveal(k, found, gen);
      else this.set({ phase: 'lost' });
      return;
    }
    let found: Found | null = null;
    this.app.getState().playUntil((tl, index) => {
      found = findMoment(step.at, viewOf(tl, index), after);
      if (found) {
        const f = found;
        void this.reveal(k, f, gen);
        return true;
      }
      if (tl.cursorMs > limit()) {
        if (gen === this.generation) this.set({ phase: 'lost' });
        return true;
      }
      return false;
    });
  }

  /** After the questions: the task if there is one, then the run plays to the moment. */
  afterQuestions(fast: boolean): void {
    const s = this.get();
    const step = this.cur();
    const tl = this.app.getState().timeline;
    if (!step || !tl) return;
    const since = (s.afters[s.step] ?? START).t;
    if (step.task && !taskDone(step.task, learnerActions(tl), since)) {
      this.set({ phase: 'task' });
      this.app.getState().playUntil(null);
      const task = step.task;
      const gen = this.generation;
      this.stopWatching();
      // The task is done when the run's actions show it and its reply has come. Checked a turn
      // later, when a console that sent it has said whether it still waits for the reply.
      const ready = () => {
        const a = this.app.getState();
        const t = a.timeline;
        if (!t || a.busy || a.playing || Object.keys(a.consoleWaits).length > 0) return false;
        if (!taskDone(task, learnerActions(t), since)) return false;
        if (task.do !== 'command') return true;
        const last = [...a.transcript].reverse().find((x) => x.node === task.node && x.t >= since);
        return last !== undefined && (last.output !== null || last.ended !== undefined);
      };
      let queued = false;
      this.unwatch = this.app.subscribe(() => {
        if (queued || gen !== this.generation || this.get().phase !== 'task' || !ready()) return;
        queued = true;
        setTimeout(() => {
          queued = false;
          if (gen !== this.generation || this.get().phase !== 'task' || !ready()) return;
          this.stopWatching();
          void this.playToMoment(false);
        }, 0);
      });
      return;
    }
    void this.playToMoment(fast);
  }

  /** Opens step k (its previous step's moment has been reached). */
  enter(k: number, fast: boolean): void {
    this.stopWatching();
    this.generation++;
    const l = this.get().lesson;
    if (!l) return;
    this.set({ step: k, retrying: [], phase: 'ask' });
    const step = l.steps[k];
    if (step.questions.length > 0 && !allAnswered(this.get(), step, k)) {
      // The run waits before the moment; pressing play goes to it and reveals.
      const gen = this.generation;
      const after = this.get().afters[k] ?? START;
      this.app.getState().playUntil((tl, index) => {
        const found = findMoment(step.at, viewOf(tl, index), after);
        if (found) void this.reveal(k, found, gen);
        return found !== null;
      }, false);
      return;
    }
    this.afterQuestions(fast);
  }

  /** Runs the steps before `k` to their moments at once (a deep link, new numbers). */
  async prepare(l: Lesson, k: number): Promise<boolean> {
    const afters: After[] = [START];
    const results: (StepResult | null)[] = [];
    const ok = await this.app.getState().readRun(async (tl, index) => {
      let after = START;
      for (let i = 0; i < k; i++) {
        const step = l.steps[i];
        if (step.task && !taskDone(step.task, learnerActions(tl), after.t)) await tl.act(taskAction(step.task));
        let f: Found | null = null;
        await tl.runUntil(() => (f = findMoment(step.at, viewOf(tl, index), after)) !== null, tl.scriptEndMs + GRACE_MS);
        const found = f as Found | null;
        if (!found) return false;
        const expected: Record<string, string | null> = {};
        for (const q of step.questions) expected[q.id] = await answerOf(q, tl, found, viewOf(tl, index), after);
        results[i] = { found, expected };
        after = afterFound(after, found);
        afters.push(after);
      }
      return true;
    });
    this.set({ afters, results });
    return ok === true;
  }



  async open(id: string, at: { step?: number; variant?: number } = {}): Promise<boolean> {
    this.stopWatching();
    this.generation++;
    this.app.getState().playUntil(null);
    this.set({ ...NO_LESSON, id });
    let source: Lesson;
    try {
      source = await this.load(id);
    } catch (e) {
      this.set({ error: (e as Error).message });
      return false;
    }
    const variant = Math.min(source.variants.length - 1, Math.max(0, at.variant ?? this.book.of(id).variant));
    const lesson = instantiate(source, variant);
    const saved = this.book.of(id);
    const given: Record<string, string> = {};
    if (saved.variant === variant) for (const [key, a] of Object.entries(saved.answers)) given[key] = a.given;
    this.set({ source, lesson, variant, given });
    const loaded = await this.app.getState().load({ text: lesson.scenario, name: id, ...(lesson.version ? { version: lesson.version } : {}) });
    if (!loaded) {
      this.set({ error: `${id}: its scenario could not be run` });
      return false;
    }
    if (saved.variant !== variant) this.book.update((p) => setVariant(p, id, variant));
    const k = Math.min(lesson.steps.length - 1, Math.max(0, at.step ?? 0));
    if (!(await this.prepare(lesson, k))) {
      this.set({ phase: 'lost', step: k });
      return true;
    }
    // A deep link to a step without questions shows it at its moment.
    this.enter(k, true);
    return true;
  }

  close() {
    this.stopWatching();
    this.generation++;
    this.app.getState().playUntil(null);
    this.set({ ...NO_LESSON });
  }

  async next() {
    const s = this.get();
    const l = s.lesson;
    if (!l || s.trying) return false;
    switch (s.phase) {
      case 'ask':
        // Lecture mode: the clicker reveals what the audience was asked.
        await this.playToMoment(false);
        return true;
      case 'playing':
        await this.playToMoment(true);
        return true;
      case 'reached': {
        const r = s.results[s.step];
        if (!r || s.step >= l.steps.length - 1) return false;
        const afters = s.afters.slice(0, s.step + 1);
        afters.push(afterFound(s.afters[s.step] ?? START, r.found));
        this.set({ afters });
        this.enter(s.step + 1, false);
        return true;
      }
      default:
        return false;
    }
  }

  async back() {
    const s = this.get();
    if (!s.lesson || s.step === 0 || s.trying) return false;
    const k = s.step - 1;
    const r = s.results[k];
    this.stopWatching();
    this.generation++;
    this.app.getState().playUntil(null);
    if (!r) return false;
    await this.app.getState().seek(r.found.t);
    this.set({ step: k, phase: 'reached', retrying: [] });
    return true;
  }

  async answer(questionId: string, value: string): Promise<void> {
    const s = this.get();
    const step = this.cur();
    if (!s.lesson || !step) return;
    const key = answerKey(s.step, questionId);
    this.set({ given: { ...s.given, [key]: value }, retrying: s.retrying.filter((x) => x !== key) });
    if (s.phase === 'reached') {
      const q = step.questions.find((x) => x.id === questionId);
      const e = s.results[s.step]?.expected[questionId];
      const id = s.lesson.id;
      const k = s.step;
      if (q && e !== undefined && e !== null) this.book.update((p) => recordAnswer(p, id, k, questionId, { given: value, right: isRight(q, value, e) }));
      return;
    }
    if (s.phase === 'ask' && allAnswered(this.get(), step, s.step)) this.afterQuestions(false);
  }

  retry(questionId: string): void {
    const s = this.get();
    const key = answerKey(s.step, questionId);
    if (!s.retrying.includes(key)) this.set({ retrying: [...s.retrying, key] });
  }

  async newNumbers() {
    const s = this.get();
    if (!s.source || s.source.variants.length < 2) return;
    const variant = (s.variant + 1) % s.source.variants.length;
    const id = s.source.id;
    this.book.update((p) => setVariant(p, id, variant));
    await this.get().open(id, { step: s.step, variant });
  }

  async doTask() {
    const step = this.cur();
    if (!step?.task || this.get().phase !== 'task') return;
    await this.app.getState().act(taskAction(step.task));
  }

  async tryIt() {
    const s = this.get();
    if (!s.lesson || s.trying) return;
    const a = this.app.getState();
    a.playUntil(null);
    const branch = a.branchId;
    const cursorMs = a.cursorMs;
    this.stopWatching();
    this.generation++;
    await a.fork();
    this.set({ trying: { branch, cursorMs, phase: s.phase } });
  }

  async backToLesson() {
    const s = this.get();
    const t = s.trying;
    if (!t || !s.lesson) return;
    const a = this.app.getState();
    a.pause();
    await a.switchBranch(t.branch);
    await this.app.getState().seek(t.cursorMs);
    this.set({ trying: null });
    if (t.phase === 'reached') this.set({ phase: 'reached' });
    else this.enter(s.step, false);
  }
}

export function createLessonSession(app: AppStore, load: (id: string) => Promise<Lesson>, book: ProgressBook): LessonSession {
  return createStore<LessonSessionState & LessonSessionActions>()((set, get) => {
    const d = new Driver(app, load, book, set, get);
    return {
      ...NO_LESSON,
      open: (id, at) => d.open(id, at),
      close: () => d.close(),
      next: () => d.next(),
      back: () => d.back(),
      answer: (q, v) => d.answer(q, v),
      retry: (q) => d.retry(q),
      newNumbers: () => d.newNumbers(),
      doTask: () => d.doTask(),
      tryIt: () => d.tryIt(),
      backToLesson: () => d.backToLesson(),
    };
  });
}
