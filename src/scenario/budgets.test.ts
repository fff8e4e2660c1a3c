import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUDGETS } from '../engine/budget.ts';
import { formatScenarioError, parseScenario } from './parse.ts';

function errors(text: string): string[] {
  const r = parseScenario(text, 'x.scn');
  return r.ok ? [] : r.errors.map((e) => formatScenarioError('x.scn', e));
}

describe('budgets checked before a scenario runs', () => {
  it('refuses a line that would wait longer than 2 h, naming the line', () => {
    expect(errors('node m r1\nsleep 99999999m\n')).toEqual([
      'x.scn:2: this line would wait 1666667 h of simulated time; one line may wait at most 2 h (replscope\'s budget)',
    ]);
    expect(errors('node m r1\nuntil r1 online within 100000000m\n')[0]).toMatch(/^x\.scn:2: this line would wait /);
    expect(errors('node m\nm> DEBUG SLEEP 1e9\n')[0]).toMatch(/^x\.scn:2: this line would wait 277778 h/);
    expect(errors('node m\nm> WAIT 1 99999999999\n')[0]).toMatch(/^x\.scn:2: this line would wait 27778 h/);
    expect(errors('node m\nexpect m> DEBUG SLEEP 7201 == "OK"\n')[0]).toMatch(/^x\.scn:2: this line would wait 2 h 1 s/);
    // Exactly the budget is allowed; WAIT 0 waits for its replicas (the runner gives up after an hour).
    expect(errors('node m\nsleep 120m\nm> DEBUG SLEEP 7200\nm> WAIT 1 0\n')).toEqual([]);
  });

  it('refuses sleeps and at lines that add up past 6 h', () => {
    expect(errors('node m\nat 1e20ms\n')[0]).toMatch(/^x\.scn:2: bad time '1e20ms'/);
    expect(errors('node m\nat 100000000ms\n')[0]).toMatch(/^x\.scn:2: the scenario would run past 27 h 46 min 40 s of simulated time; a scenario may run at most 6 h/);
    expect(errors('node m\nsleep 120m\nsleep 120m\nsleep 120m\nsleep 1s\n')).toEqual([
      'x.scn:5: the scenario would run past 6 h 1 s of simulated time; a scenario may run at most 6 h (replscope\'s budget)',
    ]);
  });

  it(`refuses more than ${BUDGETS.nodes} nodes`, () => {
    const names = Array.from({ length: 17 }, (_, i) => `n${i}`);
    expect(errors(`node ${names.slice(0, 10).join(' ')}\nnode ${names.slice(10).join(' ')}\n`)).toEqual([
      'x.scn:2: this line would make 17 nodes; a scenario may have at most 16 (replscope\'s budget)',
    ]);
    expect(errors(`node ${names.slice(0, 16).join(' ')}\n`)).toEqual([]);
  });

  it('leaves every shipped example and lesson scenario within budget', () => {
    const dir = join(import.meta.dirname, '../../scenarios');
    const files = readdirSync(dir).filter((f) => f.endsWith('.scn'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(errors(readFileSync(join(dir, f), 'utf8'))).toEqual([]);
    const lessons = join(import.meta.dirname, '../../lessons');
    for (const f of readdirSync(lessons).filter((x) => x.endsWith('.json'))) {
      const lesson = JSON.parse(readFileSync(join(lessons, f), 'utf8')) as { scenario?: string[] };
      const lines = lesson.scenario ?? [];
      // Parameters ({{value}}) stand for one word; the budgets never depend on them.
      const text = lines.join('\n').replace(/\{\{\w+\}\}/g, 'x');
      expect(errors(text).filter((e) => /budget/.test(e))).toEqual([]);
    }
  });
});
