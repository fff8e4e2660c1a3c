// Checks a lesson file (JSON) into a Lesson, naming the place of every problem
// ("steps[2].questions[0].kind: ..."), so a lecturer editing a file sees what to fix.

import { isRedisVersion } from '../../engine/version.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { SENTINEL_MOMENTS, type MomentKind } from '../run-index.ts';
import { LOOK_TARGETS, type AnswerFrom, type InterviewQuestion, type Lesson, type Question, type Step, type StepAt, type Task, type Words } from './types.ts';
import { dict, own } from '../../engine/own.ts';

export type LessonParse = { readonly ok: true; readonly lesson: Lesson } | { readonly ok: false; readonly errors: readonly string[] };

const MOMENT_KINDS: readonly MomentKind[] = ['syncStarted', 'psync', 'rdbTransfer', 'syncFinished', 'linkLost', 'bufferLimit', 'roleChanged', 'action', 'sentinel', 'sentinelVote'];
const ID = /^[a-z][a-z0-9-]{0,39}$/;

type Obj = Record<string, unknown>;

class Checker {
  readonly errors: string[] = [];

  fail(at: string, msg: string): undefined {
    this.errors.push(`${at}: ${msg}`);
    return undefined;
  }

  obj(v: unknown, at: string): Obj | undefined {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Obj;
    return this.fail(at, 'must be an object');
  }

  str(v: unknown, at: string): string | undefined {
    if (typeof v === 'string' && v.trim() !== '') return v;
    return this.fail(at, 'must be a non-empty string');
  }

  arr(v: unknown, at: string): unknown[] | undefined {
    if (Array.isArray(v)) return v;
    return this.fail(at, 'must be a list');
  }

  words(v: unknown, at: string): Words | undefined {
    const o = this.obj(v, at);
    if (!o) return undefined;
    const en = this.str(o.en, `${at}.en`);
    const zh = this.str(o.zh, `${at}.zh`);
    return en !== undefined && zh !== undefined ? { en, zh } : undefined;
  }

  oneOf<T extends string>(v: unknown, options: readonly T[], at: string): T | undefined {
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
    return this.fail(at, `must be one of ${options.join(', ')}`);
  }
}

/** Parses the text of a lesson file. Never throws. */
export function parseLesson(text: string, file = 'lesson'): LessonParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${file}: not valid JSON: ${(e as Error).message}`] };
  }
  const c = new Checker();
  const lesson = checkLesson(c, raw);
  if (c.errors.length > 0 || !lesson) return { ok: false, errors: c.errors.map((e) => `${file}: ${e}`) };
  return { ok: true, lesson };
}

function checkLesson(c: Checker, raw: unknown): Lesson | undefined {
  const o = c.obj(raw, 'lesson');
  if (!o) return undefined;
  const id = typeof o.id === 'string' && ID.test(o.id) ? o.id : c.fail('id', 'must be lowercase letters, digits and -');
  const title = c.words(o.title, 'title');
  const summary = c.words(o.summary, 'summary');
  let version: Lesson['version'];
  if (o.version !== undefined) version = typeof o.version === 'string' && isRedisVersion(o.version) ? o.version : c.fail('version', 'must be 2.6, 2.8, 4.0, 6.2 or 7.0');
  const scenario = Array.isArray(o.scenario) ? o.scenario.join('\n') : c.str(o.scenario, 'scenario');
  const variants = checkVariants(c, o.variants, scenario);
  const steps = (c.arr(o.steps, 'steps') ?? []).map((s, i) => checkStep(c, s, `steps[${i}]`));
  if (steps.length < 1) c.fail('steps', 'a lesson needs at least one step');
  if (scenario !== undefined && variants) {
    for (const [i, v] of variants.entries()) {
      const p = parseScenario(fillParams(scenario, v));
      if (!p.ok) for (const e of p.errors) c.fail(`scenario (variant ${i + 1}) line ${e.line}`, e.message);
    }
  }
  if (!id || !title || !summary || scenario === undefined || !variants || steps.some((s) => !s)) return undefined;
  return { id, title, summary, ...(version ? { version } : {}), scenario, variants, steps: steps as Step[] };
}

function checkVariants(c: Checker, v: unknown, scenario: string | undefined): Record<string, string>[] | undefined {
  if (v === undefined) return [{}];
  const list = c.arr(v, 'variants');
  if (!list || list.length === 0) return c.fail('variants', 'must list at least one variant');
  const out: Record<string, string>[] = [];
  for (const [i, x] of list.entries()) {
    const o = c.obj(x, `variants[${i}]`);
    if (!o) continue;
    const vars: Record<string, string> = dict();
    for (const [k, val] of Object.entries(o)) {
      if (typeof val === 'string' || typeof val === 'number') vars[k] = String(val);
      else c.fail(`variants[${i}].${k}`, 'must be a string or a number');
    }
    // A variant's `version` runs it under another Redis version (and fills {{version}}).
    if (vars.version !== undefined && !isRedisVersion(vars.version)) c.fail(`variants[${i}].version`, 'must be 2.6, 2.8, 4.0, 6.2 or 7.0');
    out.push(vars);
  }
  const used = new Set([...(scenario ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));
  for (const [i, vars] of out.entries()) for (const name of used) if (!(name in vars)) c.fail(`variants[${i}]`, `gives no value for {{${name}}}`);
  return out;
}

/** Replaces `{{name}}` by the variant's value. */
export function fillParams(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (m, name: string) => own(vars, name) ?? m);
}

function checkStep(c: Checker, raw: unknown, at: string): Step | undefined {
  const o = c.obj(raw, at);
  if (!o) return undefined;
  const text = c.words(o.text, `${at}.text`);
  const when = checkAt(c, o.at, `${at}.at`);
  let look: Step['look'];
  if (o.look !== undefined) look = c.oneOf(o.look, LOOK_TARGETS, `${at}.look`);
  const task = o.task === undefined ? undefined : checkTask(c, o.task, `${at}.task`);
  const questions = o.questions === undefined ? [] : (c.arr(o.questions, `${at}.questions`) ?? []).map((q, i) => checkQuestion(c, q, `${at}.questions[${i}]`));
  if (!text || !when || (o.task !== undefined && !task) || questions.some((q) => !q)) return undefined;
  return { text, at: when, ...(look ? { look } : {}), ...(task ? { task } : {}), questions: questions as Question[] };
}

function checkAt(c: Checker, raw: unknown, at: string): StepAt | undefined {
  const o = c.obj(raw, at);
  if (!o) return undefined;
  if (o.end === true) return { end: true };
  if (typeof o.line === 'number' && Number.isInteger(o.line) && o.line > 0) return { line: o.line };
  if (typeof o.ms === 'number' && o.ms >= 0) return { ms: o.ms };
  if (typeof o.waitMs === 'number' && o.waitMs >= 0) return { waitMs: o.waitMs };
  if (o.moment !== undefined) {
    const moment = c.oneOf(o.moment, MOMENT_KINDS, `${at}.moment`);
    if (!moment) return undefined;
    const out: Record<string, unknown> = { moment };
    for (const k of ['node', 'verdict', 'cause', 'phase', 'mode', 'role', 'event'] as const) if (typeof o[k] === 'string') out[k] = o[k];
    if (out.event !== undefined && moment !== 'sentinel') return c.fail(`${at}.event`, 'is only for {"moment": "sentinel"}');
    if (out.event !== undefined && !SENTINEL_MOMENTS.has(out.event as string)) return c.fail(`${at}.event`, `must be an event a Sentinel logs (${[...SENTINEL_MOMENTS].join(', ')})`);
    return out as StepAt;
  }
  return c.fail(at, 'must be {"moment": KIND, ...}, {"line": N}, {"ms": N}, {"waitMs": N} or {"end": true}');
}

function checkTask(c: Checker, raw: unknown, at: string): Task | undefined {
  const o = c.obj(raw, at);
  if (!o) return undefined;
  const kind = c.oneOf(o.do, ['command', 'cut', 'heal', 'kill', 'crash', 'restart'] as const, `${at}.do`);
  if (kind === 'command') {
    const node = c.str(o.node, `${at}.node`);
    const command = c.str(o.command, `${at}.command`);
    return node && command ? { do: kind, node, command } : undefined;
  }
  if (kind === 'cut' || kind === 'heal' || kind === 'kill') {
    const a = c.str(o.a, `${at}.a`);
    const b = c.str(o.b, `${at}.b`);
    return a && b ? { do: kind, a, b } : undefined;
  }
  if (kind === 'crash' || kind === 'restart') {
    const node = c.str(o.node, `${at}.node`);
    return node ? { do: kind, node } : undefined;
  }
  return undefined;
}

function checkQuestion(c: Checker, raw: unknown, at: string): Question | undefined {
  const o = c.obj(raw, at);
  if (!o) return undefined;
  const id = typeof o.id === 'string' && ID.test(o.id) ? o.id : c.fail(`${at}.id`, 'must be lowercase letters, digits and -');
  const ask = c.words(o.ask, `${at}.ask`);
  const kind = c.oneOf(o.kind, ['number', 'choice', 'text'] as const, `${at}.kind`);
  const explain = c.words(o.explain, `${at}.explain`);
  const answer = checkAnswer(c, o.answer, `${at}.answer`);
  let choices: string[] | undefined;
  if (kind === 'choice') {
    const list = c.arr(o.choices, `${at}.choices`);
    choices = list?.map((x, i) => c.str(x, `${at}.choices[${i}]`) ?? '');
    if (choices && choices.length < 2) c.fail(`${at}.choices`, 'a choice needs at least two options');
  }
  let map: Record<string, string> | undefined;
  if (o.map !== undefined) {
    const m = c.obj(o.map, `${at}.map`);
    if (m) map = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, c.str(v, `${at}.map.${k}`) ?? '']));
  }
  if (!id || !ask || !kind || !explain || !answer) return undefined;
  return { id, ask, kind, ...(choices ? { choices } : {}), ...(map ? { map } : {}), answer, explain };
}

function checkAnswer(c: Checker, raw: unknown, at: string): AnswerFrom | undefined {
  const o = c.obj(raw, at);
  if (!o) return undefined;
  if (o.info !== undefined) {
    const i = c.obj(o.info, `${at}.info`);
    if (!i) return undefined;
    const node = c.str(i.node, `${at}.info.node`);
    const section = c.str(i.section, `${at}.info.section`);
    const field = c.str(i.field, `${at}.info.field`);
    const key = i.key === undefined ? undefined : c.str(i.key, `${at}.info.key`);
    return node && section && field ? { info: { node, section, field, ...(key ? { key } : {}) } } : undefined;
  }
  if (o.reply !== undefined) {
    const r = c.obj(o.reply, `${at}.reply`);
    if (!r) return undefined;
    const node = c.str(r.node, `${at}.reply.node`);
    const command = c.str(r.command, `${at}.reply.command`);
    return node && command ? { reply: { node, command } } : undefined;
  }
  if (o.moment !== undefined) {
    const field = c.str(o.moment, `${at}.moment`);
    return field ? { moment: field } : undefined;
  }
  if (o.replyOf !== undefined) {
    const r = c.obj(o.replyOf, `${at}.replyOf`);
    if (!r) return undefined;
    if (typeof r.line === 'number' && Number.isInteger(r.line) && r.line > 0) return { replyOf: { line: r.line } };
    return c.fail(`${at}.replyOf.line`, 'must be a line number');
  }
  if (o.stream !== undefined) {
    const k = c.obj(o.stream, `${at}.stream`);
    if (!k) return undefined;
    const from = c.str(k.from, `${at}.stream.from`);
    const to = c.str(k.to, `${at}.stream.to`);
    const give = c.oneOf(k.give, ['commands', 'bytes'] as const, `${at}.stream.give`);
    return from && to && give ? { stream: { from, to, give } } : undefined;
  }
  if (o.count !== undefined) {
    const k = c.obj(o.count, `${at}.count`);
    if (!k) return undefined;
    const moment = c.oneOf(k.moment, MOMENT_KINDS, `${at}.count.moment`);
    const node = k.node === undefined ? undefined : c.str(k.node, `${at}.count.node`);
    return moment ? { count: { moment, ...(node ? { node } : {}) } } : undefined;
  }
  return c.fail(at, 'must be {"info": ...}, {"reply": ...}, {"replyOf": ...}, {"moment": FIELD}, {"stream": ...} or {"count": ...}');
}

export type InterviewParse = { readonly ok: true; readonly questions: readonly InterviewQuestion[] } | { readonly ok: false; readonly errors: readonly string[] };

/** Parses the interview bank (lessons/interview.json): a list of questions with their answers. */
export function parseInterview(text: string, file = 'interview'): InterviewParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${file}: not valid JSON: ${(e as Error).message}`] };
  }
  const c = new Checker();
  const list = c.arr(raw, 'questions') ?? [];
  const out: InterviewQuestion[] = [];
  for (const [i, x] of list.entries()) {
    const at = `[${i}]`;
    const o = c.obj(x, at);
    if (!o) continue;
    const id = typeof o.id === 'string' && ID.test(o.id) ? o.id : c.fail(`${at}.id`, 'must be lowercase letters, digits and -');
    const ask = c.words(o.ask, `${at}.ask`);
    const answer = c.words(o.answer, `${at}.answer`);
    const lesson = c.str(o.lesson, `${at}.lesson`);
    const step = typeof o.step === 'number' && Number.isInteger(o.step) ? o.step : c.fail(`${at}.step`, 'must be a step number');
    if (id && ask && answer && lesson && step !== undefined) out.push({ id, ask, answer, lesson, step });
  }
  if (c.errors.length) return { ok: false, errors: c.errors.map((e) => `${file}: ${e}`) };
  return { ok: true, questions: out };
}

/**
 * The lesson as one variant tells it: `{{name}}` replaced everywhere (scenario, texts, tasks,
 * answers), and the Redis version the variant names, if it names one, instead of the lesson's.
 */
export function instantiate(l: Lesson, variant: number): Lesson {
  const vars = l.variants[variant] ?? {};
  const version = vars.version !== undefined && isRedisVersion(vars.version) ? vars.version : l.version;
  const fill = <T>(x: T): T => {
    if (typeof x === 'string') return fillParams(x, vars) as T;
    if (Array.isArray(x)) return x.map(fill) as T;
    if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, fill(v)])) as T;
    return x;
  };
  return { ...fill({ ...l, variants: [] }), ...(version ? { version } : {}), variants: l.variants };
}
