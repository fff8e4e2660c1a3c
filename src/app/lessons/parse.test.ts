import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillParams, instantiate, parseInterview, parseLesson } from './parse.ts';

const MIN = {
  id: 'demo',
  title: { en: 'Demo', zh: '演示' },
  summary: { en: 'A demo.', zh: '一个演示。' },
  scenario: ['node m', 'm> SET a {{v}}'],
  variants: [{ v: 1 }, { v: 'two' }],
  steps: [{ text: { en: 'Look.', zh: '看。' }, at: { end: true }, questions: [] }],
};

describe('lesson files', () => {
  it('reads a lesson: scenario lines joined, variant values as text', () => {
    const r = parseLesson(JSON.stringify(MIN));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.lesson.scenario).toBe('node m\nm> SET a {{v}}');
    expect(r.lesson.variants).toEqual([{ v: '1' }, { v: 'two' }]);
    expect(fillParams(r.lesson.scenario, r.lesson.variants[1])).toBe('node m\nm> SET a two');
  });

  it('names the place of every problem, so a lecturer knows what to fix', () => {
    const bad = { ...MIN, title: { en: 'Demo' }, variants: [{}], steps: [{ text: MIN.steps[0].text, at: { moment: 'nope' }, look: 'moon' }] };
    const r = parseLesson(JSON.stringify(bad), 'lessons/demo.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(expect.arrayContaining([
      'lessons/demo.json: title.zh: must be a non-empty string',
      'lessons/demo.json: variants[0]: gives no value for {{v}}',
      expect.stringMatching(/^lessons\/demo\.json: steps\[0\]\.at\.moment: must be one of syncStarted, psync/),
      expect.stringMatching(/^lessons\/demo\.json: steps\[0\]\.look: must be one of stage/),
    ]));
  });

  it('reports a scenario line the language refuses, with the variant and line', () => {
    const r = parseLesson(JSON.stringify({ ...MIN, scenario: ['node m', 'jump m'] }));
    expect(r.ok ? [] : r.errors[0]).toMatch(/^lesson: scenario \(variant 1\) line 2: unknown directive 'jump'/);
  });

  it('lets a variant run the lesson under another Redis version, and refuses one that does not exist', () => {
    const two = { ...MIN, version: '7.0', scenario: ['node m', 'm> SET v {{version}}'], variants: [{ version: '2.8' }, { version: '4.0' }] };
    const r = parseLesson(JSON.stringify(two));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(instantiate(r.lesson, 0).version).toBe('2.8');
    expect(instantiate(r.lesson, 1).version).toBe('4.0');
    expect(instantiate(r.lesson, 1).scenario).toBe('node m\nm> SET v 4.0');
    // Without a version of its own, a variant keeps the lesson's.
    const plain = parseLesson(JSON.stringify({ ...MIN, version: '2.8' }));
    expect(plain.ok && instantiate(plain.lesson, 1).version).toBe('2.8');
    const bad = parseLesson(JSON.stringify({ ...two, variants: [{ version: '2.8' }, { version: '3.2' }] }), 'x.json');
    expect(bad.ok ? [] : bad.errors).toEqual(['x.json: variants[1].version: must be 2.6, 2.8, 4.0, 6.2 or 7.0']);
  });

  it("waits for a Sentinel's event only by the name Redis logs it with", () => {
    const at = (a: unknown) => parseLesson(JSON.stringify({ ...MIN, steps: [{ ...MIN.steps[0], at: a }] }), 'lessons/demo.json');
    expect(at({ moment: 'sentinel', event: '+odown', node: 's1' }).ok).toBe(true);
    const wrong = at({ moment: 'sentinel', event: '+odwon' });
    expect(wrong.ok ? [] : wrong.errors).toEqual([expect.stringMatching(/^lessons\/demo\.json: steps\[0\]\.at\.event: must be an event a Sentinel logs \(\+sdown, /)]);
    const elsewhere = at({ moment: 'psync', event: '+odown' });
    expect(elsewhere.ok ? [] : elsewhere.errors).toEqual(['lessons/demo.json: steps[0].at.event: is only for {"moment": "sentinel"}']);
  });

  it('says where broken JSON is instead of throwing', () => {
    const r = parseLesson('{ "id": ', 'x.json');
    expect(r.ok ? '' : r.errors[0]).toMatch(/^x\.json: not valid JSON/);
  });

  it('reads every lesson shipped in lessons/ and the interview bank', () => {
    const dir = join(import.meta.dirname, '../../../lessons');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      const r = f === 'interview.json' ? parseInterview(text, f) : parseLesson(text, f);
      expect(r.ok ? [] : r.errors).toEqual([]);
    }
  });
});
