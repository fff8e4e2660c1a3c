// The lessons shipped with the page: every lessons/*.json file, bundled at build time, each in a
// chunk of its own that is fetched only when a lesson or the lesson index is opened (the first
// load does not carry them). The interview bank is not a lesson.

import { COURSE } from './course.ts';
import { parseLesson } from './parse.ts';
import type { Lesson } from './types.ts';

const FILES = import.meta.glob<string>(['../../../lessons/*.json', '!../../../lessons/interview.json'], { query: '?raw', import: 'default' });

const idOf = (path: string) => path.replace(/^.*\//, '').replace(/\.json$/, '');

const BY_ID = new Map(Object.entries(FILES).map(([path, load]) => [idOf(path), load]));

/** The ids of the shipped lessons: the course's in its order, then any others by name. */
export function lessonIds(): string[] {
  const have = [...BY_ID.keys()];
  const inCourse = COURSE.filter((id) => BY_ID.has(id));
  return [...inCourse, ...have.filter((id) => !COURSE.includes(id)).sort()];
}

export function hasLesson(id: string): boolean {
  return BY_ID.has(id);
}

const cache = new Map<string, Promise<Lesson>>();

/** Fetches and checks one shipped lesson; rejects with the file's problems. */
export function loadLesson(id: string): Promise<Lesson> {
  const load = BY_ID.get(id);
  if (!load) return Promise.reject(new Error(`no lesson '${id}'`));
  let p = cache.get(id);
  if (!p) {
    p = load().then((text) => {
      const r = parseLesson(text, `${id}.json`);
      if (!r.ok) throw new Error(r.errors.join('\n'));
      return r.lesson;
    });
    cache.set(id, p);
    p.catch(() => cache.delete(id));
  }
  return p;
}

/** Every shipped lesson that reads (the lesson index); a broken file is left out. */
export async function loadAllLessons(): Promise<Lesson[]> {
  const all = await Promise.allSettled(lessonIds().map(loadLesson));
  return all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}
