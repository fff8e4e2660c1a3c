// Every lesson shipped in lessons/ reads, keeps the course's rules and covers the course; the
// interview bank links to steps that exist. Running every variant of every lesson (each moment
// comes, each task can be done, each answer comes from the run) is `replscope lessons check`,
// which `npm test` runs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInterview, lessonRules } from './check.ts';
import { COURSE } from './course.ts';
import { parseInterview, parseLesson } from './parse.ts';

const DIR = join(import.meta.dirname, '../../../lessons');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'interview.json').sort();

describe('the lessons shipped', () => {
  for (const f of FILES) {
    it(`${f} reads and keeps the course's rules`, () => {
      const r = parseLesson(readFileSync(join(DIR, f), 'utf8'), f);
      if (!r.ok) throw new Error(r.errors.join('\n'));
      expect(r.lesson.id).toBe(f.replace(/\.json$/, ''));
      expect(lessonRules(r.lesson)).toEqual([]);
    });
  }

  it('has a file for every lesson of the course', () => {
    expect(COURSE.filter((id) => !FILES.includes(`${id}.json`))).toEqual([]);
  });
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
