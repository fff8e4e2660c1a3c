// The scenario language: parses a scenario file (nodes, Redis commands typed at a node, time,
// network faults, assertions) into steps, reports every bad line as a value, and prints steps
// back as canonical text. The grammar is described in docs/scenarios.md.
//
// The step types live in steps.ts, durations and rates in units.ts, the printing in serialize.ts;
// this module is the language's entry point and re-exports them.

import { assertNever } from '../engine/assert.ts';
import { budgetText, type Budget } from '../engine/budget.ts';
import { BudgetChecker } from './budgets.ts';
import { DEFAULT_VERSION, isRedisVersion, REDIS_VERSIONS, type RedisVersion } from '../engine/version.ts';
import { configStartupOption } from '../engine/config.ts';
import { utf8ToBinary } from '../engine/bytes.ts';
import { commentStart, doubleQuotedMask, fail, findOperator, ok, splitBlanks, stripComment, trimBlanks, type Parsed } from './lex.ts';
import { isCSpace, quotedMask, splitArgsDetailed } from './split-args.ts';
import { DEFAULT_SEED, DEFAULT_UNTIL_WITHIN_MS, MAX_REPEAT, MAX_SEED, type ParseScenarioResult, type ScenarioError, type ScenarioStep, type StepBase } from './steps.ts';
import { parseDuration, parseRate } from './units.ts';

export type {
  AtStep, BandwidthStep, CommandStep, ExpectStep, LatencyStep, LinkFaultStep, NodeFaultStep, NodeStep, NowaitStep,
  ParseScenarioResult, RepeatStep, ScenarioError, ScenarioStep, SeedStep, SleepStep, UntilStep, VersionStep,
} from './steps.ts';
export { DEFAULT_SEED, DEFAULT_UNTIL_WITHIN_MS, MAX_REPEAT, MAX_SEED, repeatArgv } from './steps.ts';
export { formatDuration, formatRate, parseDuration, parseRate } from './units.ts';
export { serializeScenario, serializeStep } from './serialize.ts';

const NODE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,15}$/;
const NODE_NAME_RULE = 'a letter, then up to 15 letters, digits, _ or -';

const USAGE = {
  seed: 'seed NUMBER',
  version: `version ${REDIS_VERSIONS.join('|')}`,
  node: 'node NAME [NAME ...] [--PARAMETER VALUE ...]',
  sentinel: 'sentinel NAME [NAME ...] [--sentinel DIRECTIVE ARGUMENTS ...]',
  sleep: 'sleep DURATION',
  cut: 'cut NODE NODE',
  heal: 'heal NODE NODE',
  kill: 'kill NODE NODE',
  crash: 'crash NODE',
  remove: 'remove NODE',
  restart: 'restart NODE',
  'ctrl-c': 'ctrl-c NODE',
  latency: 'latency NODE NODE DURATION [jitter DURATION]',
  bandwidth: 'bandwidth NODE NODE RATE',
  expect: 'expect NODE> COMMAND == TEXT  or  expect NODE> COMMAND ~ TEXT',
  until: 'until NODE online [within DURATION]',
  repeat: 'repeat COUNT NODE> COMMAND',
  nowait: 'nowait NODE> COMMAND',
  at: 'at TIMEms',
} as const;

type Directive = keyof typeof USAGE;

function isDirective(word: string): word is Directive {
  return Object.prototype.hasOwnProperty.call(USAGE, word);
}

/** Parses a scenario. Never throws: every bad line becomes an error with its line number. */
export function parseScenario(text: string, fileName?: string): ParseScenarioResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const steps: ScenarioStep[] = [];
  const errors: ScenarioError[] = [];
  const declared = new Map<string, number>(); // node name -> line of its declaration
  let seed: number = DEFAULT_SEED;
  let seedLine = 0;
  let version: RedisVersion = DEFAULT_VERSION;
  let versionLine = 0;
  const pushError = (line: number, message: string, budget?: Budget) => {
    const e = fileName === undefined ? { line, message } : { line, message, file: fileName };
    errors.push(budget ? { ...e, budget } : e);
  };
  const budgets = new BudgetChecker();

  const known = (name: string): string | null => {
    if (declared.has(name)) return null;
    if (!NODE_NAME.test(name)) return `bad node name '${name}' (a name is ${NODE_NAME_RULE})`;
    return `unknown node '${name}': declare it first with "node ${name}"`;
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const r = parseLine(lines[i], lineNo, declared, known);
    if (r === null) continue;
    if (!r.ok) {
      pushError(lineNo, r.message);
      continue;
    }
    const step = r.value;
    if (step.type === 'seed') {
      if (seedLine > 0) {
        pushError(lineNo, `seed is already set on line ${seedLine}`);
        continue;
      }
      seed = step.seed;
      seedLine = lineNo;
    }
    if (step.type === 'version') {
      if (versionLine > 0) {
        pushError(lineNo, `version is already set on line ${versionLine}`);
        continue;
      }
      if (declared.size > 0 && [...declared.values()].some((l) => l < lineNo)) {
        pushError(lineNo, 'version must come before the first node line');
        continue;
      }
      version = step.version;
      versionLine = lineNo;
    }
    const over = budgets.check(step);
    if (over !== null) {
      pushError(lineNo, budgetText(over), over);
      continue;
    }
    steps.push(step);
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, steps, seed, version, nodes: [...declared.keys()] };
}

/** `FILE:LINE: message`, the way compilers report errors. */
export function formatScenarioError(file: string, err: ScenarioError): string {
  return `${file}:${err.line}: ${err.message}`;
}

/**
 * One line -> a step, an error, or null for a blank or comment line. A `node` line declares its
 * valid names into `declared` even when another name on it is bad, so later lines do not report
 * them as unknown.
 */
function parseLine(
  raw: string,
  line: number,
  declared: Map<string, number>,
  known: (name: string) => string | null,
): Parsed<ScenarioStep> | null {
  const t = trimBlanks(raw);
  if (t === '' || t[0] === '#') return null;
  const base = { line, text: raw };

  // NAME> COMMAND
  const prompt = /^([^\s>"'#]+)>/.exec(t);
  if (prompt) {
    const name = prompt[1];
    const bad = known(name);
    if (bad !== null) return fail(bad);
    const cmd = parseCommandText(t.slice(prompt[0].length), `${name}>`);
    if (!cmd.ok) return cmd;
    return ok({ ...base, type: 'command', node: name, argv: cmd.value.argv, source: cmd.value.source });
  }

  const tokens = splitBlanks(stripComment(t));
  const word = tokens[0];
  const args = tokens.slice(1);
  if (!isDirective(word)) {
    const hint = isDirective(word.toLowerCase()) ? ` (directives are lowercase: ${word.toLowerCase()})` : '';
    return fail(
      `unknown directive '${word}'${hint}; expected one of seed, version, node, sentinel, repeat, nowait, at, sleep, cut, heal, kill, crash, restart, remove, ctrl-c, latency, bandwidth, expect, until, or NODE> COMMAND`,
    );
  }
  const usage = (what: string) => `${what}: usage is "${USAGE[word]}"`;
  const arity = (min: number, max: number): string | null =>
    args.length < min ? usage('missing arguments') : args.length > max ? usage('too many arguments') : null;

  switch (word) {
    case 'seed': {
      const e = arity(1, 1);
      if (e !== null) return fail(e);
      const s = args[0];
      if (!/^\d+$/.test(s) || Number(s) > MAX_SEED) return fail(`seed must be a whole number from 0 to ${MAX_SEED}, not '${s}'`);
      return ok({ ...base, type: 'seed', seed: Number(s) });
    }
    case 'version': {
      const e = arity(1, 1);
      if (e !== null) return fail(e);
      const v = args[0];
      if (!isRedisVersion(v)) return fail(`unknown Redis version '${v}'; the versions are ${REDIS_VERSIONS.join(', ')}`);
      return ok({ ...base, type: 'version', version: v });
    }
    case 'node':
    case 'sentinel': {
      const opts = word === 'sentinel' ? parseSentinelOptions(t.slice(word.length)) : parseNodeOptions(t.slice(word.length));
      if (!opts.ok) return opts;
      const names = opts.value.names;
      if (names.length === 0) return fail(usage('missing arguments'));
      let firstError: string | null = null;
      for (const name of names) {
        let problem: string | null = null;
        if (!NODE_NAME.test(name)) problem = `bad node name '${name}' (a name is ${NODE_NAME_RULE})`;
        else if (declared.has(name)) problem = `node '${name}' is already declared on line ${declared.get(name)}`;
        else declared.set(name, line);
        firstError ??= problem;
      }
      if (firstError !== null) return fail(firstError);
      const config = opts.value.config;
      const kind = word === 'sentinel' ? { kind: 'sentinel' as const } : {};
      return ok(Object.keys(config).length > 0 ? { ...base, type: 'node', names, config, ...kind } : { ...base, type: 'node', names, ...kind });
    }
    case 'sleep': {
      const e = arity(1, 1);
      if (e !== null) return fail(e);
      const d = parseDuration(args[0]);
      if (!d.ok) return d;
      return ok({ ...base, type: 'sleep', durationMs: d.value });
    }
    case 'cut':
    case 'heal':
    case 'kill': {
      const e = arity(2, 2);
      if (e !== null) return fail(e);
      const link = parseLink(args[0], args[1], known);
      if (!link.ok) return link;
      return ok({ ...base, type: word, ...link.value });
    }
    case 'crash':
    case 'restart':
    case 'remove': {
      const e = arity(1, 1);
      if (e !== null) return fail(e);
      const bad = known(args[0]);
      if (bad !== null) return fail(bad);
      return ok({ ...base, type: word, node: args[0] });
    }
    case 'ctrl-c': {
      const e = arity(1, 1);
      if (e !== null) return fail(e);
      const bad = known(args[0]);
      if (bad !== null) return fail(bad);
      return ok({ ...base, type: 'closeConsole', node: args[0] });
    }
    case 'latency': {
      const e = arity(3, 5);
      if (e !== null) return fail(e);
      if (args.length >= 4 && args[3] !== 'jitter') return fail(usage(`expected 'jitter' after the latency, not '${args[3]}'`));
      if (args.length === 4) return fail(usage('missing the duration after jitter'));
      const link = parseLink(args[0], args[1], known);
      if (!link.ok) return link;
      const latency = parseDuration(args[2]);
      if (!latency.ok) return latency;
      let jitterMs = 0;
      if (args.length === 5) {
        const jitter = parseDuration(args[4]);
        if (!jitter.ok) return jitter;
        jitterMs = jitter.value;
      }
      return ok({ ...base, type: 'latency', ...link.value, latencyMs: latency.value, jitterMs });
    }
    case 'bandwidth': {
      const e = arity(3, 3);
      if (e !== null) return fail(e);
      const link = parseLink(args[0], args[1], known);
      if (!link.ok) return link;
      const rate = parseRate(args[2]);
      if (!rate.ok) return rate;
      return ok({ ...base, type: 'bandwidth', ...link.value, bytesPerSec: rate.value });
    }
    case 'until': {
      const e = arity(2, 4);
      if (e !== null) return fail(e);
      const bad = known(args[0]);
      if (bad !== null) return fail(bad);
      if (args[1] !== 'online') return fail(`unknown condition '${args[1]}': the only condition is online`);
      if (args.length >= 3 && args[2] !== 'within') return fail(usage(`expected 'within', not '${args[2]}'`));
      if (args.length === 3) return fail(usage('missing the duration after within'));
      let withinMs: number = DEFAULT_UNTIL_WITHIN_MS;
      if (args.length === 4) {
        const d = parseDuration(args[3]);
        if (!d.ok) return d;
        if (d.value === 0) return fail(`bad duration '${args[3]}': until needs a time limit above 0`);
        withinMs = d.value;
      }
      return ok({ ...base, type: 'until', node: args[0], condition: 'online', withinMs });
    }
    case 'repeat': {
      const m = /^repeat\s+(\S+)\s+([^\s>"'#]+)>/.exec(t);
      if (!m) return fail(`missing arguments: usage is "${USAGE.repeat}"`);
      if (!/^\d+$/.test(m[1]) || Number(m[1]) < 1 || Number(m[1]) > MAX_REPEAT) return fail(`repeat count must be a whole number from 1 to ${MAX_REPEAT}, not '${m[1]}'`);
      const bad = known(m[2]);
      if (bad !== null) return fail(bad);
      const cmd = parseCommandText(t.slice(m[0].length), `${m[2]}>`);
      if (!cmd.ok) return cmd;
      return ok({ ...base, type: 'repeat', count: Number(m[1]), node: m[2], argv: cmd.value.argv, source: cmd.value.source });
    }
    case 'at': {
      const e = arity(1, 1);
      if (e !== null) return fail(e);
      const m = /^(\d+(?:\.\d+)?)ms$/.exec(args[0]);
      if (!m) return fail(`bad time '${args[0]}': at takes milliseconds since the start, like 1500ms or 8.004ms`);
      return ok({ ...base, type: 'at', atMs: Number(m[1]) });
    }
    case 'nowait': {
      const m = /^nowait\s+([^\s>"'#]+)>/.exec(t);
      if (!m) return fail(`missing arguments: usage is "${USAGE.nowait}"`);
      const bad = known(m[1]);
      if (bad !== null) return fail(bad);
      const cmd = parseCommandText(t.slice(m[0].length), `${m[1]}>`);
      if (!cmd.ok) return cmd;
      return ok({ ...base, type: 'nowait', node: m[1], argv: cmd.value.argv, source: cmd.value.source });
    }
    case 'expect':
      // Its own comment and quoting rules: the text after the operator is verbatim.
      return parseExpect(t.slice(word.length), base, known);
    default:
      return assertNever(word);
  }
}

/**
 * The rest of a node or sentinel line: names, then options, each `--word` with the arguments up to
 * the next `--` (quoted as commands are); `line` is an option's own text, for messages.
 */
function splitNamesAndOptions(rest: string): Parsed<{ names: string[]; options: { opt: string; args: string[]; line: string }[] }> {
  const split = splitArgsDetailed(rest.slice(0, commentStart(rest, quotedMask(rest))));
  if (split.type === 'error') return fail(invalidArgsMessage(split.reason));
  const words = split.argv;
  let i = 0;
  while (i < words.length && !words[i].startsWith('--')) i++;
  const names = words.slice(0, i);
  const options: { opt: string; args: string[]; line: string }[] = [];
  while (i < words.length) {
    let j = i + 1;
    while (j < words.length && !words[j].startsWith('--')) j++;
    options.push({ opt: words[i], args: words.slice(i + 1, j), line: words.slice(i, j).join(' ') });
    i = j;
  }
  return ok({ names, options });
}

/**
 * The rest of a node line: names, then redis-server's command-line options (`--name value...`),
 * each checked as Redis checks a redis.conf line.
 */
function parseNodeOptions(rest: string): Parsed<{ names: string[]; config: Record<string, string> }> {
  const split = splitNamesAndOptions(rest);
  if (!split.ok) return split;
  const config: Record<string, string> = {};
  for (const { opt, args, line } of split.value.options) {
    const r = configStartupOption(opt.slice(2), args);
    if (!r.ok) return fail(`node option '${line}': ${r.error}`);
    config[r.name] = r.value;
  }
  return ok({ names: split.value.names, config });
}

/**
 * The rest of a sentinel line: names, then sentinel.conf lines, each as `--sentinel DIRECTIVE
 * ARGS...` (monitor, down-after-milliseconds, failover-timeout, parallel-syncs, quorum... as
 * sentinelHandleConfiguration() reads them).
 */
function parseSentinelOptions(rest: string): Parsed<{ names: string[]; config: Record<string, string> }> {
  const split = splitNamesAndOptions(rest);
  if (!split.ok) return split;
  const config: Record<string, string> = {};
  let n = 0;
  for (const { opt, args, line } of split.value.options) {
    const problem = sentinelConfigProblem(opt, args);
    if (problem) return fail(`sentinel option '${line}': ${problem}`);
    config[`sentinel-${++n}`] = args.join(' ');
  }
  return ok({ names: split.value.names, config });
}

/** What sentinelHandleConfiguration() would refuse in a `sentinel ...` line, or null. */
function sentinelConfigProblem(opt: string, args: readonly string[]): string | null {
  if (opt !== '--sentinel') return `a Sentinel takes its configuration as --sentinel DIRECTIVE ARGUMENTS (a sentinel.conf line)`;
  const d = (args[0] ?? '').toLowerCase();
  const count: Record<string, number> = { monitor: 5, 'down-after-milliseconds': 3, 'failover-timeout': 3, 'parallel-syncs': 3, quorum: 3 };
  if (count[d] === undefined || args.length !== count[d]) return 'Unrecognized sentinel configuration statement.';
  if (d === 'monitor') {
    const quorum = Number(args[4]);
    if (!Number.isInteger(quorum) || quorum <= 0) return 'Quorum must be 1 or greater.';
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(args[2])) return "Can't resolve instance hostname.";
  } else if (!/^\d+$/.test(args[2]) || Number(args[2]) <= 0) return 'Unrecognized sentinel configuration statement.';
  return null;
}

function parseLink(a: string, b: string, known: (name: string) => string | null): Parsed<{ a: string; b: string }> {
  const bad = known(a) ?? known(b);
  if (bad !== null) return fail(bad);
  if (a === b) return fail(`a link joins two different nodes, not '${a}' and itself`);
  return ok({ a, b });
}

/** The text after NAME>: comment removed, split with splitArgs. */
function parseCommandText(rest: string, promptText: string): Parsed<{ argv: string[]; source: string }> {
  const source = trimBlanks(rest.slice(0, commentStart(rest, quotedMask(rest))));
  if (source === '') return fail(`missing command after '${promptText}'`);
  const split = splitArgsDetailed(source);
  if (split.type === 'error') return fail(invalidArgsMessage(split.reason));
  if (split.argv.length === 0) return fail(`missing command after '${promptText}'`);
  return ok({ argv: split.argv, source });
}

function invalidArgsMessage(reason: 'unterminated-quote' | 'text-after-closing-quote'): string {
  switch (reason) {
    case 'unterminated-quote':
      return 'Invalid argument(s): a quote is not closed';
    case 'text-after-closing-quote':
      return 'Invalid argument(s): a closing quote must be followed by a space or the end of the line';
    default:
      return assertNever(reason);
  }
}

/** expect NODE> COMMAND == TEXT  |  expect NODE> COMMAND ~ TEXT */
function parseExpect(afterWord: string, base: StepBase, known: (name: string) => string | null): Parsed<ScenarioStep> {
  const t = trimBlanks(afterWord);
  if (!isCSpace(afterWord[0]) || t === '' || t[0] === '#') return fail(`missing arguments: usage is "${USAGE.expect}"`);
  const prompt = /^([^\s>"'#]+)>/.exec(t);
  if (!prompt) return fail(`expect needs a node prompt like 'r1>' before the command: usage is "${USAGE.expect}"`);
  const name = prompt[1];
  const bad = known(name);
  if (bad !== null) return fail(bad);

  const rest = t.slice(prompt[0].length);
  const op = findOperator(rest);
  if (op === null) {
    // An unbalanced quote can hide the operator: report the quoting first.
    const cmd = parseCommandText(rest, `${name}>`);
    if (!cmd.ok && cmd.message.startsWith('Invalid')) return cmd;
    return fail(`expect needs == or ~ (with blanks around it) and the expected text after the command`);
  }
  const cmd = parseCommandText(rest.slice(0, op.index), `${name}>`);
  if (!cmd.ok) return cmd;

  const operand = trimBlanks(rest.slice(op.index + op.op.length));
  let expected: string;
  if (op.op === '==' || (operand[0] !== '"' && operand[0] !== "'")) {
    // Verbatim text, as redis-cli prints it. A comment starts at a '#' after a blank that is not
    // inside the double quotes redis-cli puts around strings.
    const text = trimBlanks(operand.slice(0, commentStart(operand, doubleQuotedMask(operand))));
    if (text === '') return fail(`missing the expected text after ${op.op}`);
    expected = utf8ToBinary(text);
  } else {
    // A quoted string with splitArgs escapes.
    const text = trimBlanks(operand.slice(0, commentStart(operand, quotedMask(operand))));
    const split = splitArgsDetailed(text);
    if (split.type === 'error') return fail(invalidArgsMessage(split.reason));
    if (split.argv.length !== 1) return fail(`after ~, put the text in a single pair of quotes (or write it without quotes)`);
    if (split.argv[0] === '') return fail(`~ needs some text to look for`);
    expected = split.argv[0];
  }
  return ok({ ...base, type: 'expect', node: name, argv: cmd.value.argv, source: cmd.value.source, op: op.op, expected });
}
