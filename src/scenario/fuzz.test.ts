// Fuzzing the scenario parser in CI: the shipped scenarios, mutated line by line (characters
// dropped and inserted, words swapped, numbers made huge or negative, durations and names mangled,
// lines cut or repeated). Bad input must always come back as `FILE:LINE: message` errors on lines
// that exist, never as an exception; good input must survive serialize → parse unchanged.
// Seeded: a failure prints the seed (FUZZ_SEED=<seed> npx vitest run src/scenario/fuzz.test.ts).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario } from './parse.ts';
import { serializeScenario } from './serialize.ts';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 14_2026;
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../scenarios');
const CORPUS = readdirSync(DIR).filter((f) => f.endsWith('.scn')).sort().map((f) => readFileSync(join(DIR, f), 'utf8').split('\n'));
const LINES = CORPUS.flat().filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));

const TOKENS = ['node', 'seed', 'version', 'sleep', 'at', 'until', 'within', 'online', 'repeat', 'nowait', 'expect',
  'latency', 'bandwidth', 'jitter', 'partition', 'heal', 'crash', 'restart', 'm>', 'r1>', 'r9>', '==', '~', '#', '"', "'",
  '\\x', '\\', '0', '-1', '1e20', '99999999999999999999', 'NaN', 'Infinity', '1ms', '0s', '99999999m', '-5s', '1.5s',
  '10kb', '1mbit', '0b', 'constructor', '__proto__', 'toString', '\t', ' ', '\u00a0', '\u3000', 'é', '😀', '\r'];

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })) }),
  fc.record({ op: fc.constant('word' as const), at: fc.nat(), text: fc.constantFrom(...TOKENS) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
);

type Mutation = { op: 'delete' | 'cut'; at: number } | { op: 'insert' | 'word'; at: number; text: string };

function mutate(line: string, m: Mutation): string {
  const at = line.length === 0 ? 0 : m.at % (line.length + 1);
  switch (m.op) {
    case 'delete': return line.slice(0, at) + line.slice(at + 1);
    case 'insert': return line.slice(0, at) + m.text + line.slice(at);
    case 'cut': return line.slice(0, at);
    case 'word': {
      const words = line.split(' ');
      words[m.at % words.length] = m.text;
      return words.join(' ');
    }
  }
}

const scenarioArb = fc.tuple(
  fc.nat({ max: CORPUS.length - 1 }),
  fc.array(fc.tuple(fc.nat(), mutation), { maxLength: 6 }),
  fc.array(fc.constantFrom(...LINES), { maxLength: 4 }),
).map(([which, muts, extra]) => {
  const lines = [...CORPUS[which], ...extra];
  for (const [i, m] of muts) {
    const k = i % lines.length;
    lines[k] = mutate(lines[k], m);
  }
  return lines.join('\n');
});

const params: fc.Parameters<[string]> = {
  seed: SEED,
  numRuns: RUNS,
  reporter: (out) => {
    if (out.failed) throw new Error(`parser fuzz failed; reproduce with FUZZ_SEED=${out.seed} npx vitest run src/scenario/fuzz.test.ts\n${fc.defaultReportMessage(out)}`);
  },
};

describe('fuzzing the scenario parser', () => {
  it(`mutated scenarios give FILE:LINE: errors on real lines or parse and round-trip (seed ${SEED})`, () => {
    fc.assert(fc.property(scenarioArb, (text) => {
      const count = text.split(/\r\n|\n|\r/).length;
      const r = parseScenario(text, 'fuzz.scn');
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          const msg = formatScenarioError('fuzz.scn', e);
          expect(msg).toMatch(/^fuzz\.scn:\d+: \S/);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(count);
          // No JavaScript leaking into the message (unless the learner typed it).
          for (const leak of ['undefined', 'NaN', '[object ']) if (!text.includes(leak)) expect(msg).not.toContain(leak);
        }
        return;
      }
      const again = parseScenario(serializeScenario(r.steps), 'again.scn');
      expect(again.ok).toBe(true);
      if (again.ok) expect(serializeScenario(again.steps)).toBe(serializeScenario(r.steps));
    }), params);
  }, 60_000);
});
