// The budgets a scenario's text can be checked against before it runs: one line's wait, the
// simulated time its sleeps and `at` lines add up to, its node count (src/engine/budget.ts has
// the limits; the runner checks what only running can tell).

import { BUDGETS, type Budget } from '../engine/budget.ts';
import type { ScenarioStep } from './steps.ts';

/** How long a command line may make its console wait: DEBUG SLEEP's seconds, WAIT's timeout. */
export function commandWaitMs(argv: readonly string[]): number {
  const cmd = (argv[0] ?? '').toLowerCase();
  if (cmd === 'debug' && (argv[1] ?? '').toLowerCase() === 'sleep' && argv.length >= 3) {
    const secs = Number(argv[2]);
    return Number.isFinite(secs) || secs === Infinity ? Math.max(0, secs * 1000) : 0;
  }
  if (cmd === 'wait' && argv.length === 3) {
    const ms = Number(argv[2]);
    return Number.isFinite(ms) || ms === Infinity ? Math.max(0, ms) : 0;
  }
  return 0;
}

/** Checks steps in order; `elapsedMs` is the least simulated time the scenario has taken so far. */
export class BudgetChecker {
  private elapsedMs = 0;
  private nodes = 0;

  /** The budget this step goes over, if any. */
  check(step: ScenarioStep): Budget | null {
    switch (step.type) {
      case 'node':
        this.nodes += step.names.length;
        return this.nodes > BUDGETS.nodes ? { kind: 'nodes', count: this.nodes } : null;
      case 'sleep':
        if (step.durationMs > BUDGETS.lineWaitMs) return { kind: 'lineWait', ms: step.durationMs };
        this.elapsedMs += step.durationMs;
        return this.elapsedMs > BUDGETS.scenarioMs ? { kind: 'scenario', ms: this.elapsedMs } : null;
      case 'until':
        return step.withinMs > BUDGETS.lineWaitMs ? { kind: 'lineWait', ms: step.withinMs } : null;
      case 'at':
        if (step.atMs > BUDGETS.scenarioMs) return { kind: 'scenario', ms: step.atMs };
        this.elapsedMs = Math.max(this.elapsedMs, step.atMs);
        return null;
      case 'command':
      case 'expect':
      case 'nowait':
      case 'repeat': {
        const ms = commandWaitMs(step.argv);
        return ms > BUDGETS.lineWaitMs ? { kind: 'lineWait', ms } : null;
      }
      default:
        return null;
    }
  }
}
