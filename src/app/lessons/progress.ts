// A learner's progress through the course, kept in the browser (localStorage): per lesson, the
// variant being played, the steps whose moment was reached, and each question's last answer and
// whether it was right. Reading never throws: a missing, old or hand-edited record reads as empty.

export interface AnswerRecord {
  readonly given: string;
  readonly right: boolean;
}

export interface LessonProgress {
  readonly variant: number;
  /** 0-based indices of the steps whose moment was reached. */
  readonly done: readonly number[];
  /** Answers by "step:question" (0-based step). */
  readonly answers: Readonly<Record<string, AnswerRecord>>;
}

export type Progress = Readonly<Record<string, LessonProgress>>;

export const PROGRESS_KEY = 'replscope.lessons.v1';
export const WELCOME_KEY = 'replscope.welcome.dismissed';

/** The part of Storage progress uses (localStorage in the page, a Map in tests). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const EMPTY: LessonProgress = { variant: 0, done: [], answers: {} };

function isProgress(x: unknown): x is LessonProgress {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return Number.isInteger(p.variant) && Array.isArray(p.done) && p.done.every((n) => Number.isInteger(n))
    && typeof p.answers === 'object' && p.answers !== null
    && Object.values(p.answers).every((a) => typeof a === 'object' && a !== null && typeof (a as AnswerRecord).given === 'string' && typeof (a as AnswerRecord).right === 'boolean');
}

export function readProgress(store: KeyValue | null): Progress {
  if (!store) return {};
  try {
    const raw: unknown = JSON.parse(store.getItem(PROGRESS_KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    return Object.fromEntries(Object.entries(raw).filter(([, v]) => isProgress(v))) as Progress;
  } catch {
    return {};
  }
}

function write(store: KeyValue | null, p: Progress): void {
  try {
    store?.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    // Storage full or refused (a private window): progress lasts for this visit only.
  }
}

export const answerKey = (step: number, question: string) => `${step}:${question}`;

/** Records a step reached. */
export function markDone(p: Progress, lesson: string, step: number): Progress {
  const cur = p[lesson] ?? EMPTY;
  if (cur.done.includes(step)) return p;
  return { ...p, [lesson]: { ...cur, done: [...cur.done, step].sort((a, b) => a - b) } };
}

/** Records an answer (the last one given counts). */
export function recordAnswer(p: Progress, lesson: string, step: number, question: string, a: AnswerRecord): Progress {
  const cur = p[lesson] ?? EMPTY;
  return { ...p, [lesson]: { ...cur, answers: { ...cur.answers, [answerKey(step, question)]: a } } };
}

/** Another variant ("new numbers"): the answers given so far were for other numbers. */
export function setVariant(p: Progress, lesson: string, variant: number): Progress {
  const cur = p[lesson] ?? EMPTY;
  return { ...p, [lesson]: { ...cur, variant, answers: {} } };
}

/** Forgets one lesson, or every lesson. */
export function resetProgress(p: Progress, lesson?: string): Progress {
  if (lesson === undefined) return {};
  const rest = { ...p };
  delete rest[lesson];
  return rest;
}

/** What the lesson index shows: steps reached of the lesson's, questions right of its. */
export function summary(p: LessonProgress | undefined, steps: number, questions: number): { steps: number; of: number; right: number; questions: number } {
  const cur = p ?? EMPTY;
  return {
    steps: cur.done.filter((s) => s < steps).length,
    of: steps,
    right: Object.values(cur.answers).filter((a) => a.right).length,
    questions,
  };
}

/** Keeps progress in a store (localStorage) as it changes. */
export class ProgressBook {
  private p: Progress;
  private listeners = new Set<() => void>();

  constructor(private readonly store: KeyValue | null) {
    this.p = readProgress(store);
  }

  get all(): Progress {
    return this.p;
  }

  of(lesson: string): LessonProgress {
    return this.p[lesson] ?? EMPTY;
  }

  update(f: (p: Progress) => Progress): void {
    const next = f(this.p);
    if (next === this.p) return;
    this.p = next;
    write(this.store, next);
    for (const l of [...this.listeners]) l();
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

/** Has the welcome card been dismissed? */
export function welcomeDismissed(store: KeyValue | null): boolean {
  try {
    return store?.getItem(WELCOME_KEY) === '1';
  } catch {
    return false;
  }
}

export function dismissWelcome(store: KeyValue | null): void {
  try {
    store?.setItem(WELCOME_KEY, '1');
  } catch {
    // As above: remembered for this visit only.
  }
}
