// Every lesson shipped in lessons/: each step's moment comes, each task can be done and each
// question gets its answer from the run, in every variant; texts in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInterview, checkLesson } from './check.ts';
import { parseInterview, parseLesson } from './parse.ts';

const DIR = join(import.meta.dirname, '../../../lessons');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'interview.json').sort();

describe('the lessons shipped', () => {
  for (const f of FILES) {
    it(`${f} checks out in every variant`, async () => {
      const r = parseLesson(readFileSync(join(DIR, f), 'utf8'), f);
      if (!r.ok) throw new Error(r.errors.join('\n'));
      expect(r.lesson.id).toBe(f.replace(/\.json$/, ''));
      expect(await checkLesson(r.lesson)).toEqual([]);
    }, 60_000);
  }
});

describe('the interview bank', () => {
  it('has enough questions, in both languages, each linked to a step of a lesson shipped', () => {
    const lessons = FILES.map((f) => {
      const r = parseLesson(readFileSync(join(DIR, f), 'utf8'), f);
      if (!r.ok) throw new Error(r.errors.join('\n'));
      return r.lesson;
    });
    const bank = parseInterview(readFileSync(join(DIR, 'interview.json'), 'utf8'), 'interview.json');
    if (!bank.ok) throw new Error(bank.errors.join('\n'));
    expect(checkInterview(bank.questions, lessons)).toEqual([]);
  });
});
