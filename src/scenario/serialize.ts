// Steps back to canonical scenario text: a command keeps its text as typed when that reads back to
// the same arguments; durations and rates take their canonical form.

import { assertNever } from '../engine/assert.ts';
import { binaryToUtf8 } from '../engine/bytes.ts';
import { commentStart, findOperator, trimBlanks } from './lex.ts';
import { quoteArg, quoteString, quotedMask, splitArgs } from './split-args.ts';
import { DEFAULT_UNTIL_WITHIN_MS, type ScenarioStep } from './steps.ts';
import { formatDuration, formatRate } from './units.ts';

/** Quotes an argument for a command line; `==` and `~` are quoted so expect lines read back right. */
function argText(a: string): string {
  return a === '==' || a === '~' ? quoteString(a) : quoteArg(a);
}

/** The command as typed when it reads back to the same argv, else argv quoted afresh. */
function commandText(source: string, argv: readonly string[], inExpect: boolean): string {
  const split = splitArgs(source);
  const faithful =
    split !== null &&
    split.length === argv.length &&
    split.every((a, i) => a === argv[i]) &&
    trimBlanks(source) === source &&
    commentStart(source, quotedMask(source)) === source.length &&
    !(inExpect && findOperator(source) !== null);
  return faithful ? source : argv.map(argText).join(' ');
}

/** ` --name value...` for each startup parameter (a multi-word value as its words, '' quoted). */
function nodeOptionsText(config: Readonly<Record<string, string>> | undefined): string {
  if (!config) return '';
  return Object.entries(config)
    .map(([k, v]) => ` --${k} ${v === '' ? '""' : v.split(' ').map(quoteArg).join(' ')}`)
    .join('');
}

/** One step as a canonical scenario line (no comment). */
export function serializeStep(step: ScenarioStep): string {
  switch (step.type) {
    case 'seed':
      return `seed ${step.seed}`;
    case 'version':
      return `version ${step.version}`;
    case 'node':
      if (step.kind === 'sentinel') {
        return `sentinel ${step.names.join(' ')}${Object.values(step.config ?? {}).map((v) => ` --sentinel ${v.split(' ').map(quoteArg).join(' ')}`).join('')}`;
      }
      return `node ${step.names.join(' ')}${nodeOptionsText(step.config)}`;
    case 'command':
      return `${step.node}> ${commandText(step.source, step.argv, false)}`;
    case 'repeat':
      return `repeat ${step.count} ${step.node}> ${commandText(step.source, step.argv, false)}`;
    case 'at':
      return `at ${step.atMs}ms`;
    case 'nowait':
      return `nowait ${step.node}> ${commandText(step.source, step.argv, false)}`;
    case 'sleep':
      return `sleep ${formatDuration(step.durationMs)}`;
    case 'cut':
    case 'heal':
    case 'kill':
      return `${step.type} ${step.a} ${step.b}`;
    case 'crash':
    case 'restart':
    case 'remove':
      return `${step.type} ${step.node}`;
    case 'closeConsole':
      return `ctrl-c ${step.node}`;
    case 'latency':
      return `latency ${step.a} ${step.b} ${formatDuration(step.latencyMs)}${step.jitterMs > 0 ? ` jitter ${formatDuration(step.jitterMs)}` : ''}`;
    case 'bandwidth':
      return `bandwidth ${step.a} ${step.b} ${formatRate(step.bytesPerSec)}`;
    case 'expect': {
      const cmd = commandText(step.source, step.argv, true);
      const rhs = step.op === '==' ? `== ${binaryToUtf8(step.expected)}` : `~ ${quoteString(step.expected)}`;
      return `expect ${step.node}> ${cmd} ${rhs}`;
    }
    case 'until':
      return `until ${step.node} ${step.condition}${step.withinMs === DEFAULT_UNTIL_WITHIN_MS ? '' : ` within ${formatDuration(step.withinMs)}`}`;
    default:
      return assertNever(step);
  }
}

/** Steps as canonical scenario text, one line each, ending with a line break. */
export function serializeScenario(steps: readonly ScenarioStep[]): string {
  return steps.map((s) => `${serializeStep(s)}\n`).join('');
}
