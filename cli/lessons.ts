// `replscope lessons list` prints each lesson's id and titles; `replscope lessons check` runs every
// lesson (every variant) and the interview bank's links, and exits 1 naming what failed.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInterview, lessonRules, runVariant } from '../src/app/lessons/check.ts';
import { COURSE } from '../src/app/lessons/course.ts';
import { parseInterview, parseLesson } from '../src/app/lessons/parse.ts';
import type { Lesson } from '../src/app/lessons/types.ts';

const DIR = fileURLToPath(new URL('../lessons/', import.meta.url));

function load(): { lessons: Lesson[]; errors: string[] } {
  const lessons: Lesson[] = [];
  const errors: string[] = [];
  for (const f of readdirSync(DIR).filter((x) => x.endsWith('.json') && x !== 'interview.json').sort()) {
    const r = parseLesson(readFileSync(join(DIR, f), 'utf8'), `lessons/${f}`);
    if (r.ok) lessons.push(r.lesson);
    else errors.push(...r.errors);
  }
  const order = (l: Lesson) => (COURSE.indexOf(l.id) + COURSE.length + 1) % (COURSE.length + 1);
  lessons.sort((a, b) => order(a) - order(b));
  return { lessons, errors };
}

export async function lessonsMain(args: string[]): Promise<number> {
  const [sub] = args;
  const { lessons, errors } = load();
  if (sub === 'list') {
    for (const l of lessons) process.stdout.write(`${l.id}\t${l.title.en}\t${l.title.zh}\n`);
    for (const e of errors) process.stderr.write(`${e}\n`);
    return errors.length ? 1 : 0;
  }
  if (sub !== 'check') {
    process.stderr.write('usage: replscope lessons list | replscope lessons check [--answers]\n');
    return 2;
  }
  const problems = [...errors];
  for (const id of COURSE) if (!lessons.some((l) => l.id === id)) problems.push(`${id}: the course has no lesson with this id`);
  const verbose = args.includes('--answers');
  for (const l of lessons) {
    const p = lessonRules(l);
    const lines: string[] = [];
    for (let v = 0; v < l.variants.length; v++) {
      const run = await runVariant(l, v);
      p.push(...run.problems);
      const answers = run.answers.flatMap((a, i) => Object.entries(a).map(([q, x]) => `${i + 1}.${q}=${JSON.stringify(x)}`));
      lines.push(`    variant ${v + 1}: ${answers.join(' ')}\n`);
    }
    process.stdout.write(`${p.length ? 'FAIL' : 'ok  '} ${l.id} (${l.steps.length} steps, ${l.variants.length} variants)\n`);
    if (verbose) process.stdout.write(lines.join(''));
    problems.push(...p);
  }
  const bank = parseInterview(readFileSync(join(DIR, 'interview.json'), 'utf8'), 'lessons/interview.json');
  if (bank.ok) problems.push(...checkInterview(bank.questions, lessons));
  else problems.push(...bank.errors);
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stdout.write(problems.length ? `${problems.length} problems\n` : `every lesson checks out\n`);
  return problems.length ? 1 : 0;
}
