// Shared by the scenario-language tests: parse text that must be valid or invalid, and one
// example of every directive.
import { expect } from 'vitest';
import { parseScenario, type ScenarioStep } from './parse.ts';

/** Parses text that must be valid and returns its steps. */
export function steps(text: string): ScenarioStep[] {
  const r = parseScenario(text);
  if (!r.ok) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.steps;
}

/** The single step of `node m r1 r2` followed by one line. */
export function one(line: string): ScenarioStep {
  const s = steps(`node m r1 r2\n${line}`);
  expect(s).toHaveLength(2);
  return s[1];
}

/** The errors of a text that must be invalid. */
export function errors(text: string): { line: number; message: string }[] {
  const r = parseScenario(text);
  if (r.ok) throw new Error('expected errors, got none');
  return r.errors;
}

/** The single error of `node m r1 r2` followed by one line. */
export function errorOf(line: string): string {
  const e = errors(`node m r1 r2\n${line}`);
  expect(e).toHaveLength(1);
  expect(e[0].line).toBe(2);
  return e[0].message;
}

export const withoutPosition = (s: readonly ScenarioStep[]) => s.map(({ line: _l, text: _t, ...rest }) => rest);

export const EXAMPLE = `# A replica falls behind and catches up.
seed 42
node m r1 r2            # three standalone masters
r1> REPLICAOF m 6379    # r1 follows m
sleep 1500ms
cut m r1
heal m r1
kill m r1
crash r1
restart r1
latency m r1 20ms
latency m r1 20ms jitter 5ms
bandwidth m r1 10mbit
expect r1> GET a == "1"
expect m> INFO replication ~ "master_repl_offset:1234"
until r1 online
until r1 online within 60s
`;
