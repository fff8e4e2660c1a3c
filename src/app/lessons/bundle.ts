// The lessons shipped with the page (ids.ts lists them), read and checked: loaded on demand with
// the lesson session, the lesson index and the welcome card's title, not with the first screen.

import { hasLesson, lessonIds, lessonText } from './ids.ts';
import { parseLesson } from './parse.ts';
import type { Lesson } from './types.ts';

export { hasLesson, lessonIds };

const cache = new Map<string, Promise<Lesson>>();

/** Fetches and checks one shipped lesson; rejects with the file's problems. */
export function loadLesson(id: string): Promise<Lesson> {
  if (!hasLesson(id)) return Promise.reject(new Error(`no lesson '${id}'`));
  let p = cache.get(id);
  if (!p) {
    p = lessonText(id)!.then((text) => {
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
