import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lessonRules, runVariant } from './check.ts';
import { parseLesson } from './parse.ts';
import { isRight, taskDone } from './runner.ts';
import type { Lesson, Question } from './types.ts';

function lesson(id: string): Lesson {
  const r = parseLesson(readFileSync(join(import.meta.dirname, `../../../lessons/${id}.json`), 'utf8'));
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.lesson;
}

describe('a lesson on its run', () => {
  it('finds every step of first-sync and takes each answer from the run, per variant', async () => {
    const l = lesson('first-sync');
    const a = await runVariant(l, 0);
    const b = await runVariant(l, 1);
    expect(a.problems).toEqual([]);
    expect(a.answers[1]).toEqual({ verdict: '+FULLRESYNC', offset: '1' });
    expect(a.answers[3]).toEqual({ 'sync-full': '1', 'partial-err': '1' });
    expect(a.answers[4]).toEqual({ get: '"hello"' });
    // Another value: another RDB size and another reply, computed, not written down.
    expect(Number(b.answers[2]['rdb-bytes'])).toBeGreaterThan(Number(a.answers[2]['rdb-bytes']));
    expect(b.answers[4]).toEqual({ get: '"hello, world"' });
  });

  it('runs each variant under the Redis version it names: the same story, other answers', async () => {
    const l: Lesson = {
      id: 'versions', title: { en: 'v', zh: '版本' }, summary: { en: 'v', zh: '版本' },
      scenario: 'node m r1\nr1> SLAVEOF m 6379\nuntil r1 online', variants: [{ version: '2.8' }, { version: '4.0' }],
      steps: [{
        text: { en: 'r1 asks.', zh: 'r1 请求。' }, at: { moment: 'psync', node: 'r1' },
        questions: [{ id: 'asked', ask: { en: 'Asked ID?', zh: '请求的 ID？' }, kind: 'choice', choices: ['?', 'own'], map: { '?': '?', '*': 'own' }, answer: { moment: 'replId' }, explain: { en: 'x', zh: '因为' } }],
      }],
    };
    // 2.8 has no cached master from itself: "PSYNC ? -1"; 4.0 offers the node's own replid.
    expect((await runVariant(l, 0)).answers[0]).toEqual({ asked: '?' });
    expect((await runVariant(l, 1)).answers[0]).toEqual({ asked: 'own' });
  });

  it("gives each line its own reply when several lines at one node run at the same instant, and a number question the integer", async () => {
    const words = { en: 'x', zh: '字' };
    const l: Lesson = {
      id: 'same-instant', title: words, summary: words, variants: [{}],
      scenario: 'node m\nm> SET a 1\nm> GET a\nm> DBSIZE\nsleep 1s',
      steps: [{
        text: words, at: { line: 4 },
        questions: [
          { id: 'get', ask: words, kind: 'text', answer: { replyOf: { line: 3 } }, explain: words },
          { id: 'dbsize', ask: words, kind: 'text', answer: { replyOf: { line: 4 } }, explain: words },
          { id: 'count', ask: words, kind: 'number', answer: { reply: { node: 'm', command: 'DBSIZE' } }, explain: words },
        ],
      }],
    };
    const r = await runVariant(l, 0);
    expect(r.problems).toEqual([]);
    // A number question reads the integer out of "(integer) 1".
    expect(r.answers[0]).toEqual({ get: '"1"', dbsize: '(integer) 1', count: '1' });
  });

  it("stops a step at a Sentinel's event, at one Sentinel or any, in the failover's order", async () => {
    const words = { en: 'x', zh: '字' };
    const q = (id: string, answer: Question['answer']): Question => ({ id, ask: words, kind: 'text', answer, explain: words });
    const l: Lesson = {
      id: 'sentinel-moments', title: words, summary: words, variants: [{}],
      scenario: [
        'node m r1', 'r1> REPLICAOF 127.0.0.1 6379', 'until r1 online',
        'sentinel s1 s2 s3 --sentinel monitor mymaster 127.0.0.1 6379 2 --sentinel down-after-milliseconds mymaster 2000',
        'sleep 12s', 'crash m', 'sleep 20s',
      ].join('\n'),
      steps: [
        { text: words, at: { moment: 'sentinel', event: '+odown' }, questions: [q('by', { moment: 'node' })] },
        { text: words, at: { moment: 'sentinel', event: '+selected-slave' }, questions: [q('chosen', { moment: 'target' }), q('r1-role', { info: { node: 'r1', section: 'replication', field: 'role' } })] },
        { text: words, at: { moment: 'sentinel', event: '+switch-master', node: 's2' }, questions: [q('at', { moment: 'node' }), q('addr', { info: { node: 's2', section: 'sentinel', field: 'master0', key: 'address' } })] },
      ],
    };
    const r = await runVariant(l, 0);
    expect(r.problems).toEqual([]);
    const [odown, selected, switched] = r.answers;
    expect(['s1', 's2', 's3']).toContain(odown.by);
    // The leader selects r1 before sending it SLAVEOF NO ONE: it is still a replica then.
    expect(selected).toEqual({ chosen: 'r1', 'r1-role': 'slave' });
    // The step waits for s2's own +switch-master: by then s2 gives r1's address.
    expect(switched).toEqual({ at: 's2', addr: '127.0.0.1:6380' });
  });

  it('reports a step whose moment never comes', async () => {
    const l = lesson('first-sync');
    const broken: Lesson = { ...l, steps: [{ ...l.steps[0], at: { moment: 'bufferLimit' } }] };
    const r = await runVariant(broken, 0);
    expect(r.problems).toEqual(['first-sync (variant 1): step 1: its moment {"moment":"bufferLimit"} never comes']);
  });

  it('holds a lesson to the course rules: three steps, two questions, Chinese in Chinese', () => {
    const l = lesson('first-sync');
    const thin: Lesson = { ...l, title: { en: 'x', zh: 'x' }, steps: l.steps.slice(0, 1) };
    expect(lessonRules(thin)).toEqual([
      'first-sync: has 1 steps; a lesson needs at least 3',
      'first-sync: has 0 questions; a lesson needs at least 2',
      'first-sync: title: the Chinese text has no Chinese in it',
    ]);
  });
});

describe('grading', () => {
  const q = (kind: Question['kind']): Question => ({ id: 'q', ask: { en: '', zh: '' }, kind, answer: { moment: 'x' }, explain: { en: '', zh: '' } });
  it('compares numbers as numbers and texts without outer blanks', () => {
    expect(isRight(q('number'), ' 1,024 ', '1024')).toBe(true);
    expect(isRight(q('number'), '', '0')).toBe(false);
    expect(isRight(q('number'), '1023', '1024')).toBe(false);
    expect(isRight(q('text'), ' "v" ', '"v"')).toBe(true);
    expect(isRight(q('text'), 'v', '"v"')).toBe(false);
  });

  it('counts a task done when the learner typed the command, in any case, after the step began', () => {
    const task = { do: 'command', node: 'r1', command: 'INFO replication' } as const;
    const typed = (atMs: number, argv: string[]) => [{ atMs, action: { type: 'command', node: 'r1', argv, wait: true } } as const];
    expect(taskDone(task, typed(10, ['info', 'REPLICATION']), 5)).toBe(true);
    expect(taskDone(task, typed(1, ['INFO', 'replication']), 5)).toBe(false);
    expect(taskDone(task, typed(10, ['INFO']), 5)).toBe(false);
    expect(taskDone({ do: 'cut', a: 'm', b: 'r1' }, [{ atMs: 9, action: { type: 'cut', a: 'r1', b: 'm' } }], 0)).toBe(true);
  });
});
