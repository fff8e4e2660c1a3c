import { describe, expect, it } from 'vitest';
import { dismissWelcome, markDone, ProgressBook, PROGRESS_KEY, readProgress, recordAnswer, resetProgress, setVariant, summary, welcomeDismissed, type KeyValue } from './progress.ts';

function memory(init: Record<string, string> = {}): KeyValue & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('progress kept in the browser', () => {
  it('records steps reached and answers, and summarises them for the index', () => {
    let p = markDone({}, 'backlog', 0);
    p = markDone(p, 'backlog', 2);
    p = markDone(p, 'backlog', 0);
    p = recordAnswer(p, 'backlog', 1, 'size', { given: '16', right: false });
    p = recordAnswer(p, 'backlog', 1, 'size', { given: '1048576', right: true });
    p = recordAnswer(p, 'backlog', 2, 'first', { given: '3', right: false });
    expect(p.backlog.done).toEqual([0, 2]);
    expect(summary(p.backlog, 4, 4)).toEqual({ steps: 2, of: 4, right: 1, questions: 4 });
    expect(summary(undefined, 4, 4)).toEqual({ steps: 0, of: 4, right: 0, questions: 4 });
  });

  it('forgets the answers given for other numbers, and resets one lesson or all', () => {
    let p = recordAnswer(markDone({}, 'wait', 1), 'wait', 1, 'acks', { given: '1', right: true });
    p = setVariant(p, 'wait', 2);
    expect(p.wait).toEqual({ variant: 2, done: [1], answers: {} });
    p = markDone(p, 'backlog', 0);
    expect(Object.keys(resetProgress(p, 'wait'))).toEqual(['backlog']);
    expect(resetProgress(p)).toEqual({});
  });

  it('writes through to storage and reads back; a broken record reads as empty', () => {
    const kv = memory();
    const book = new ProgressBook(kv);
    let heard = 0;
    book.subscribe(() => heard++);
    book.update((p) => markDone(p, 'first-sync', 3));
    expect(heard).toBe(1);
    expect(new ProgressBook(kv).of('first-sync').done).toEqual([3]);
    expect(readProgress(memory({ [PROGRESS_KEY]: '{not json' }))).toEqual({});
    expect(readProgress(memory({ [PROGRESS_KEY]: JSON.stringify({ x: { variant: 'a' }, y: { variant: 0, done: [1], answers: {} } }) }))).toEqual({ y: { variant: 0, done: [1], answers: {} } });
    expect(readProgress(null)).toEqual({});
  });

  it('remembers that the welcome card was dismissed', () => {
    const kv = memory();
    expect(welcomeDismissed(kv)).toBe(false);
    dismissWelcome(kv);
    expect(welcomeDismissed(kv)).toBe(true);
  });
});
