import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineStores } from '../test-stores.ts';
import { parseLesson } from './parse.ts';
import { ProgressBook, type KeyValue } from './progress.ts';
import { createLessonSession, gradeOf } from './session.ts';
import type { Lesson } from './types.ts';

const stores = inlineStores();

async function fromDisk(id: string): Promise<Lesson> {
  const r = parseLesson(readFileSync(join(import.meta.dirname, `../../../lessons/${id}.json`), 'utf8'));
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.lesson;
}

function memory(): KeyValue & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('a lesson on the page', () => {
  it('asks before the moment, reveals the run’s answer at it, grades and keeps the answers', async () => {
    const app = stores.make();
    const kv = memory();
    const s = createLessonSession(app, fromDisk, new ProgressBook(kv));
    expect(await s.getState().open('partial-resync', { step: 1 })).toBe(true);
    // Step 2 asks about the PSYNC before the run gets there.
    expect(s.getState().phase).toBe('ask');
    const before = app.getState().cursorMs;
    expect(app.getState().moments.some((m) => m.kind === 'psync' && m.t > 1000)).toBe(false);
    await s.getState().answer('verdict', '+FULLRESYNC');
    expect(s.getState().phase).toBe('ask');
    await s.getState().answer('asked', '1');
    // Both answered: the run goes to the moment (here at once: the test has no frames).
    expect(s.getState().phase).toBe('playing');
    await s.getState().next();
    expect(s.getState().phase).toBe('reached');
    expect(app.getState().cursorMs).toBeGreaterThan(before);
    const l = s.getState().lesson!;
    const [verdict, asked] = l.steps[1].questions;
    const g = gradeOf(s.getState(), verdict)!;
    // 10 writes against a 1mb backlog: the master continues. The learner said otherwise.
    expect(g).toEqual({ given: '+FULLRESYNC', expected: '+CONTINUE', right: false });
    const psync = app.getState().moments.filter((m) => m.kind === 'psync');
    const last = psync[psync.length - 1];
    expect(gradeOf(s.getState(), asked)!.expected).toBe(String(last.kind === 'psync' ? last.offset : ''));
    // Retried: the reveal hides until the new answer, which is graded at once.
    s.getState().retry('verdict');
    expect(gradeOf(s.getState(), verdict)).toBeNull();
    await s.getState().answer('verdict', '+CONTINUE');
    expect(gradeOf(s.getState(), verdict)!.right).toBe(true);
    const saved = JSON.parse(kv.data.get('replscope.lessons.v1')!);
    // Step 1 was passed over by the deep link, not taken.
    expect(saved['partial-resync'].done).toEqual([1]);
    expect(saved['partial-resync'].answers['1:verdict']).toEqual({ given: '+CONTINUE', right: true });
  });

  it('goes back to the previous step at its moment, and on again', async () => {
    const app = stores.make();
    const s = createLessonSession(app, fromDisk, new ProgressBook(memory()));
    await s.getState().open('partial-resync', { step: 2 });
    // Next asks the run to go to the moment; again, and it goes there at once.
    await s.getState().next();
    await s.getState().next();
    expect(s.getState().phase).toBe('reached');
    const at2 = app.getState().cursorMs;
    expect(await s.getState().back()).toBe(true);
    expect(s.getState().step).toBe(1);
    expect(s.getState().phase).toBe('reached');
    expect(app.getState().cursorMs).toBeLessThan(at2);
    expect(await s.getState().next()).toBe(true);
    expect(s.getState().step).toBe(2);
  });

  it('waits for the step’s task, and goes on once the learner has done it', async () => {
    const app = stores.make();
    const s = createLessonSession(app, fromDisk, new ProgressBook(memory()));
    // Step 4 of partial-resync asks what GET of the last write prints at r1, then has the learner type it.
    await s.getState().open('partial-resync', { step: 4 });
    expect(s.getState().phase).toBe('ask');
    await s.getState().answer('last-write', '"x"');
    expect(s.getState().phase).toBe('task');
    expect(await s.getState().next()).toBe(false);
    await app.getState().consoleCommand('r1', ['GET', 'key:9']);
    // Not the task's key: still waiting.
    expect(s.getState().phase).toBe('task');
    await app.getState().consoleCommand('r1', ['get', 'key:10']);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.getState().phase).not.toBe('task');
  });

  it('tries it on a branch of its own and comes back to the lesson where it was', async () => {
    const app = stores.make();
    const s = createLessonSession(app, fromDisk, new ProgressBook(memory()));
    await s.getState().open('partial-resync', { step: 2 });
    const branch = app.getState().branchId;
    const at = app.getState().cursorMs;
    await s.getState().tryIt();
    expect(app.getState().branchId).not.toBe(branch);
    await app.getState().act({ type: 'crash', node: 'm' });
    expect(app.getState().down).toContain('m');
    await s.getState().backToLesson();
    expect(app.getState().branchId).toBe(branch);
    expect(app.getState().cursorMs).toBe(at);
    expect(app.getState().down).not.toContain('m');
    expect(s.getState().trying).toBeNull();
  });
});
