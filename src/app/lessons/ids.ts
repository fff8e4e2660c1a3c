// Which lessons ship with the page: every lessons/*.json file, each in a chunk of its own fetched
// only when a lesson, the lesson index or the welcome card's title needs it. Only names here, so
// the first screen can ask "is there such a lesson?" without loading the lesson parser
// (bundle.ts reads and checks the files). The interview bank is not a lesson.

import { COURSE } from './course.ts';

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

/** Fetches a shipped lesson's file as written; undefined for no such lesson. */
export function lessonText(id: string): Promise<string> | undefined {
  return BY_ID.get(id)?.();
}
