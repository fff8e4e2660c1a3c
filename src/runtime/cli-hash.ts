// For tests: the trace hash the CLI (`replscope run --hash`) prints for scenario text.
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';

export function cliHash(text: string): string {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(`invalid scenario: ${p.errors.join('; ')}`);
  return runScenario(p.steps, p.seed).hash;
}
