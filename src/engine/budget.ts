// The simulator's budgets: how much simulated time, how many nodes and how much memory one
// scenario or one command may ask for. They are far above what the lessons and examples use (the
// longest wait there is 2 minutes, the most nodes 6, the largest reply a few hundred elements);
// they exist so that a careless or hostile scenario gets a clear message instead of a page that
// freezes or a process that runs out of memory. docs/scenarios.md explains each.

export const BUDGETS = {
  /** One line's wait: sleep, until … within, DEBUG SLEEP, WAIT's timeout (2 h). */
  lineWaitMs: 2 * 3_600_000,
  /** A scenario's simulated duration, `at` included (6 h). */
  scenarioMs: 6 * 3_600_000,
  /** Nodes in one scenario. */
  nodes: 16,
  /** Elements in one reply a command builds (SRANDMEMBER with a negative count). */
  replyElements: 1_000_000,
  /** Bytes of one string value a command builds (SETRANGE, APPEND): 32 MiB. */
  valueBytes: 32 * 1024 * 1024,
  /**
   * The fixed backlog ring of Redis 2.8–6.2, allocated whole and kept in every checkpoint of the
   * time slider: 16 MiB (the default is 1 MB; 7.0's shared buffer grows only with what is written).
   */
  ringBacklogBytes: 16 * 1024 * 1024,
} as const;

/** Which budget a scenario or a command went over, with the amount it asked for. */
export type Budget =
  | { readonly kind: 'lineWait'; readonly ms: number }
  | { readonly kind: 'scenario'; readonly ms: number }
  | { readonly kind: 'nodes'; readonly count: number }
  | { readonly kind: 'reply'; readonly elements: number; readonly command: string }
  | { readonly kind: 'value'; readonly bytes: number; readonly command: string }
  | { readonly kind: 'backlog'; readonly bytes: number };

/** 7_201_000 -> "2 h 1 s"; whole units only (what a budget message needs). */
export function budgetDuration(ms: number): string {
  if (!Number.isFinite(ms)) return `${ms} ms`;
  if (ms >= 1000 * 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  const parts: string[] = [];
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = Math.round(ms % 1000);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s) parts.push(`${s} s`);
  if (rest || parts.length === 0) parts.push(`${rest} ms`);
  return parts.join(' ');
}
const hours = budgetDuration;

/** The budget's words in English (the page translates from the Budget itself). */
export function budgetText(b: Budget): string {
  switch (b.kind) {
    case 'lineWait':
      return `this line would wait ${hours(b.ms)} of simulated time; one line may wait at most ${hours(BUDGETS.lineWaitMs)} (replscope's budget)`;
    case 'scenario':
      return `the scenario would run past ${hours(b.ms)} of simulated time; a scenario may run at most ${hours(BUDGETS.scenarioMs)} (replscope's budget)`;
    case 'nodes':
      return `this line would make ${b.count} nodes; a scenario may have at most ${BUDGETS.nodes} (replscope's budget)`;
    case 'reply':
      return `${b.command} would build a reply of ${b.elements} elements; one command may build at most ${BUDGETS.replyElements} (replscope's budget; the simulation stops here)`;
    case 'value':
      return `${b.command} would build a value of ${b.bytes} bytes; one command may build at most ${BUDGETS.valueBytes} bytes (replscope's budget; the simulation stops here)`;
    case 'backlog':
      return `a backlog ring of ${b.bytes} bytes would be allocated (repl-backlog-size before 7.0); the ring may have at most ${BUDGETS.ringBacklogBytes} bytes (replscope's budget; the simulation stops here)`;
  }
}

/** Thrown by a command that would go over a budget: the run stops there with a clear message. */
export class BudgetExceeded extends Error {
  readonly budget: Budget;
  constructor(budget: Budget) {
    super(budgetText(budget));
    this.name = 'BudgetExceeded';
    this.budget = budget;
  }
}

/** Throws BudgetExceeded when a reply of n elements is over budget. */
export function checkReplyBudget(command: string, elements: number | bigint): void {
  if (elements > BUDGETS.replyElements) throw new BudgetExceeded({ kind: 'reply', elements: Number(elements), command });
}

/** Throws BudgetExceeded when a ring backlog of n bytes is over budget. */
export function checkBacklogBudget(bytes: number): void {
  if (bytes > BUDGETS.ringBacklogBytes) throw new BudgetExceeded({ kind: 'backlog', bytes });
}

/** Throws BudgetExceeded when a value of n bytes is over budget. */
export function checkValueBudget(command: string, bytes: number): void {
  if (bytes > BUDGETS.valueBytes) throw new BudgetExceeded({ kind: 'value', bytes, command });
}
