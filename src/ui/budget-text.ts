// A budget the run went over, in the page's language (the CLI prints engine/budget.ts's English).

import { BUDGETS, type Budget } from '../engine/budget.ts';
import type { MsgKey } from './i18n.ts';

type T = (key: MsgKey, vars?: Record<string, string | number>) => string;

/** 7_201_000 -> "2 h 1 s" in the page's units. */
export function budgetDurationText(t: T, ms: number): string {
  if (!Number.isFinite(ms)) return `${ms} ${t('unit.ms')}`;
  if (ms >= 1000 * 3_600_000) return `${Math.round(ms / 3_600_000)} ${t('unit.h')}`;
  const parts: string[] = [];
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = Math.round(ms % 1000);
  if (h) parts.push(`${h} ${t('unit.h')}`);
  if (m) parts.push(`${m} ${t('unit.min')}`);
  if (s) parts.push(`${s} ${t('unit.s')}`);
  if (rest || parts.length === 0) parts.push(`${rest} ${t('unit.ms')}`);
  return parts.join(' ');
}

export function budgetText(t: T, b: Budget): string {
  switch (b.kind) {
    case 'lineWait':
      return t('budget.lineWait', { wait: budgetDurationText(t, b.ms), max: budgetDurationText(t, BUDGETS.lineWaitMs) });
    case 'scenario':
      return t('budget.scenario', { wait: budgetDurationText(t, b.ms), max: budgetDurationText(t, BUDGETS.scenarioMs) });
    case 'nodes':
      return t('budget.nodes', { count: b.count, max: BUDGETS.nodes });
    case 'reply':
      return t('budget.reply', { command: b.command, count: b.elements, max: BUDGETS.replyElements });
    case 'value':
      return t('budget.value', { command: b.command, count: b.bytes, max: BUDGETS.valueBytes });
    case 'backlog':
      return t('budget.backlog', { count: b.bytes, max: BUDGETS.ringBacklogBytes });
  }
}
