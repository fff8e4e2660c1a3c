// `replscope lessons check`: runs every lesson, every variant, in this thread and says what fails —
// a step whose moment never comes, a task that cannot be done, a question the run cannot answer or
// answers with something that is not among its choices, a text missing in one language.

import { Timeline } from '../../runtime/timeline.ts';
import type { ReplyEvent } from '../../runtime/sim.ts';
import { RunIndex } from '../run-index.ts';
import { instantiate } from './parse.ts';
import { afterFound, answerOf, findMoment, START, taskAction, taskDone, type After, type Found, type RunView } from './runner.ts';
import type { InterviewQuestion, Lesson, Step, Words } from './types.ts';

/** How long after the script's end a step's moment may still come. */
const GRACE_MS = 600_000;
const CJK = /[\u4e00-\u9fff]/;

export interface VariantRun {
  readonly variant: number;
  /** Each step's answers, by question id. */
  readonly answers: readonly Readonly<Record<string, string | null>>[];
  readonly problems: readonly string[];
}

/** The course's own rules: enough steps and questions, Chinese that is Chinese. */
export function lessonRules(l: Lesson): string[] {
  const out: string[] = [];
  if (l.steps.length < 3) out.push(`${l.id}: has ${l.steps.length} steps; a lesson needs at least 3`);
  const questions = l.steps.reduce((n, s) => n + s.questions.length, 0);
  if (questions < 2) out.push(`${l.id}: has ${questions} questions; a lesson needs at least 2`);
  const texts: [string, Words][] = [['title', l.title], ['summary', l.summary]];
  l.steps.forEach((s, i) => {
    texts.push([`step ${i + 1}`, s.text]);
    for (const q of s.questions) texts.push([`step ${i + 1} question ${q.id}`, q.ask], [`step ${i + 1} question ${q.id} explanation`, q.explain]);
  });
  for (const [where, w] of texts) if (!CJK.test(w.zh)) out.push(`${l.id}: ${where}: the Chinese text has no Chinese in it`);
  return out;
}

/** Runs one variant of a lesson to its last step. */
export async function runVariant(lesson: Lesson, variant: number): Promise<VariantRun> {
  const l = instantiate(lesson, variant);
  const problems: string[] = [];
  const answers: Record<string, string | null>[] = [];
  const where = `${l.id} (variant ${variant + 1})`;
  const replies: ReplyEvent[] = [];
  const loaded = Timeline.load(l.scenario, {
    fileName: `${l.id}.json`,
    ...(l.version ? { version: l.version } : {}),
    events: { onReply: (r) => { if (r.clientId === 'console') replies.push(r); } },
  });
  if (!loaded.ok) return { variant, answers, problems: loaded.errors.map((e) => `${where}: ${e}`) };
  const tl = loaded.timeline;
  const index = new RunIndex();
  const view = (): RunView => {
    if (tl.trace.length < index.count) index.cutBack(tl.trace.length);
    while (replies.length && replies[replies.length - 1].timeMs > tl.cursorMs) replies.pop();
    index.add(tl.trace.slice(index.count));
    return { moments: index.moments, cursorMs: tl.cursorMs, actions: tl.actions, scriptEndMs: tl.scriptEndMs, frames: tl.frames, replies, nodeOfAddress: (a) => index.nodeOfAddress(a) };
  };
  let after: After = START;
  try {
    for (const [i, step] of l.steps.entries()) {
      const found = await reachStep(tl, step, after, view, (msg) => problems.push(`${where}: step ${i + 1}: ${msg}`));
      const got: Record<string, string | null> = {};
      answers.push(got);
      if (!found) break;
      const prev = after;
      after = afterFound(after, found);
      for (const q of step.questions) {
        const a = await answerOf(q, tl, found, view(), prev);
        got[q.id] = a;
        if (a === null) problems.push(`${where}: step ${i + 1}: question ${q.id}: the run gives no answer`);
        else if (q.kind === 'choice' && !q.choices?.includes(a)) problems.push(`${where}: step ${i + 1}: question ${q.id}: the run's answer '${a}' is not one of the choices`);
        else if (q.kind === 'number' && !Number.isFinite(Number(a))) problems.push(`${where}: step ${i + 1}: question ${q.id}: the run's answer '${a}' is not a number`);
      }
    }
  } finally {
    tl.dispose();
  }
  return { variant, answers, problems };
}

async function reachStep(tl: Timeline, step: Step, after: After, view: () => RunView, problem: (msg: string) => void): Promise<Found | null> {
  if (step.task) {
    const since = tl.cursorMs;
    await tl.act(taskAction(step.task));
    if (!taskDone(step.task, tl.actions, since)) {
      problem(`its task (${step.task.do}) cannot be done`);
      return null;
    }
  }
  let found: Found | null = null;
  const limit = Math.max(tl.scriptEndMs, tl.cursorMs) + GRACE_MS;
  await tl.runUntil(() => (found = findMoment(step.at, view(), after)) !== null, limit);
  if (!found) problem(`its moment ${JSON.stringify(step.at)} never comes`);
  return found;
}

/** Every problem of a lesson: the course rules, then every variant's run. */
export async function checkLesson(l: Lesson): Promise<string[]> {
  const out = lessonRules(l);
  for (let v = 0; v < l.variants.length; v++) out.push(...(await runVariant(l, v)).problems);
  return out;
}

/** The interview bank: enough questions, both languages, each linked to a step that exists. */
export function checkInterview(bank: readonly InterviewQuestion[], lessons: readonly Lesson[]): string[] {
  const out: string[] = [];
  if (bank.length < 30) out.push(`interview: has ${bank.length} questions; the bank needs at least 30`);
  const ids = new Set<string>();
  for (const q of bank) {
    if (ids.has(q.id)) out.push(`interview: ${q.id} appears twice`);
    ids.add(q.id);
    const l = lessons.find((x) => x.id === q.lesson);
    if (!l) out.push(`interview: ${q.id} links to lesson '${q.lesson}', which does not exist`);
    else if (q.step < 1 || q.step > l.steps.length) out.push(`interview: ${q.id} links to step ${q.step} of ${q.lesson}, which has ${l.steps.length}`);
    if (!CJK.test(q.ask.zh) || !CJK.test(q.answer.zh)) out.push(`interview: ${q.id}: the Chinese text has no Chinese in it`);
  }
  return out;
}
