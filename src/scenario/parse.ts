// The scenario language: parses a scenario file (nodes, Redis commands typed at a node, time,
// network faults, assertions) into steps, reports every bad line as a value, and prints steps
// back as canonical text. The grammar is described in docs/scenarios.md.

import { assertNever } from '../engine/assert.ts';
import { binaryToUtf8, utf8ToBinary } from '../engine/bytes.ts';
import { isCSpace, quoteArg, quoteString, quotedMask, splitArgs, splitArgsDetailed } from './split-args.ts';

interface StepBase {
  /** 1-based line number in the scenario text. */
  readonly line: number;
  /** The line as written, comment included. */
  readonly text: string;
}

export interface SeedStep extends StepBase {
  readonly type: 'seed';
  readonly seed: number;
}

export interface NodeStep extends StepBase {
  readonly type: 'node';
  readonly names: readonly string[];
}

export interface CommandStep extends StepBase {
  readonly type: 'command';
  readonly node: string;
  /** Arguments as binary strings, split as redis-cli splits them. */
  readonly argv: readonly string[];
  /** The command as typed (comment and surrounding blanks removed). */
  readonly source: string;
}

/** `repeat N NAME> COMMAND`: the command N times, with {i} in any argument replaced by 1..N. */
export interface RepeatStep extends StepBase {
  readonly type: 'repeat';
  readonly count: number;
  readonly node: string;
  readonly argv: readonly string[];
  readonly source: string;
}

/** `nowait NAME> COMMAND`: send the command and go on without waiting for its reply. */
export interface NowaitStep extends StepBase {
  readonly type: 'nowait';
  readonly node: string;
  readonly argv: readonly string[];
  readonly source: string;
}

/** `at 1234.5ms`: run until this simulated time (ms since the start; exported runs use it). */
export interface AtStep extends StepBase {
  readonly type: 'at';
  readonly atMs: number;
}

export interface SleepStep extends StepBase {
  readonly type: 'sleep';
  readonly durationMs: number;
}

/** cut: silent partition; heal: undo a cut; kill: reset the connections (both ends notice). */
export interface LinkFaultStep extends StepBase {
  readonly type: 'cut' | 'heal' | 'kill';
  readonly a: string;
  readonly b: string;
}

/**
 * crash: the node dies and loses its memory; restart: it starts again from its disk; remove: it
 * dies and leaves the cluster for good.
 */
export interface NodeFaultStep extends StepBase {
  readonly type: 'crash' | 'restart' | 'remove';
  readonly node: string;
}

export interface LatencyStep extends StepBase {
  readonly type: 'latency';
  readonly a: string;
  readonly b: string;
  /** One-way delay, each direction. */
  readonly latencyMs: number;
  /** 0 when not given. */
  readonly jitterMs: number;
}

export interface BandwidthStep extends StepBase {
  readonly type: 'bandwidth';
  readonly a: string;
  readonly b: string;
  readonly bytesPerSec: number;
}

export interface ExpectStep extends StepBase {
  readonly type: 'expect';
  readonly node: string;
  readonly argv: readonly string[];
  readonly source: string;
  /** `==`: the printed reply is exactly `expected`; `~`: it contains `expected`. */
  readonly op: '==' | '~';
  /** Binary string, compared with what redis-cli prints (replyAsPrinted in cli-format.ts). */
  readonly expected: string;
}

export interface UntilStep extends StepBase {
  readonly type: 'until';
  readonly node: string;
  /** online: the node's master_link_status is up. */
  readonly condition: 'online';
  readonly withinMs: number;
}

export type ScenarioStep =
  | SeedStep
  | NodeStep
  | CommandStep
  | RepeatStep
  | NowaitStep
  | AtStep
  | SleepStep
  | LinkFaultStep
  | NodeFaultStep
  | LatencyStep
  | BandwidthStep
  | ExpectStep
  | UntilStep;

export interface ScenarioError {
  readonly line: number;
  readonly message: string;
  /** The fileName given to parseScenario, if any. */
  readonly file?: string;
}

export type ParseScenarioResult =
  | { readonly ok: true; readonly steps: ScenarioStep[]; readonly seed: number; readonly nodes: string[] }
  | { readonly ok: false; readonly errors: ScenarioError[] };

export const DEFAULT_SEED = 1;
export const DEFAULT_UNTIL_WITHIN_MS = 120_000;
export const MAX_SEED = 0xffffffff;

const NODE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,15}$/;
const NODE_NAME_RULE = 'a letter, then up to 15 letters, digits, _ or -';

const USAGE = {
  seed: 'seed NUMBER',
  node: 'node NAME [NAME ...]',
  sleep: 'sleep DURATION',
  cut: 'cut NODE NODE',
  heal: 'heal NODE NODE',
  kill: 'kill NODE NODE',
  crash: 'crash NODE',
  remove: 'remove NODE',
  restart: 'restart NODE',
  latency: 'latency NODE NODE DURATION [jitter DURATION]',
  bandwidth: 'bandwidth NODE NODE RATE',
  expect: 'expect NODE> COMMAND == TEXT  or  expect NODE> COMMAND ~ TEXT',
  until: 'until NODE online [within DURATION]',
  repeat: 'repeat COUNT NODE> COMMAND',
  nowait: 'nowait NODE> COMMAND',
  at: 'at TIMEms',
} as const;

/** The most a repeat line may run its command. */
export const MAX_REPEAT = 1_000_000;

/** The argv of the i-th run of a repeat step ({i} replaced by i, 1-based). */
export function repeatArgv(argv: readonly string[], i: number): string[] {
  return argv.map((a) => a.split('{i}').join(String(i)));
}

type Directive = keyof typeof USAGE;

function isDirective(word: string): word is Directive {
  return Object.prototype.hasOwnProperty.call(USAGE, word);
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Parses a scenario. Never throws: every bad line becomes an error with its line number. */
export function parseScenario(text: string, fileName?: string): ParseScenarioResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const steps: ScenarioStep[] = [];
  const errors: ScenarioError[] = [];
  const declared = new Map<string, number>(); // node name -> line of its declaration
  let seed: number = DEFAULT_SEED;
  let seedLine = 0;
  const pushError = (line: number, message: string) => {
    errors.push(fileName === undefined ? { line, message } : { line, message, file: fileName });
  };

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
    steps.push(step);
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, steps, seed, nodes: [...declared.keys()] };
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
      `unknown directive '${word}'${hint}; expected one of seed, node, repeat, nowait, at, sleep, cut, heal, kill, crash, restart, remove, latency, bandwidth, expect, until, or NODE> COMMAND`,
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
    case 'node': {
      const e = arity(1, Infinity);
      if (e !== null) return fail(e);
      let firstError: string | null = null;
      for (const name of args) {
        let problem: string | null = null;
        if (!NODE_NAME.test(name)) problem = `bad node name '${name}' (a name is ${NODE_NAME_RULE})`;
        else if (declared.has(name)) problem = `node '${name}' is already declared on line ${declared.get(name)}`;
        else declared.set(name, line);
        firstError ??= problem;
      }
      if (firstError !== null) return fail(firstError);
      return ok({ ...base, type: 'node', names: args });
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

/** The first == or ~ standing alone outside quotes, before any comment. */
function findOperator(rest: string): { index: number; op: '==' | '~' } | null {
  const mask = quotedMask(rest);
  for (let i = 0; i < rest.length; i++) {
    if (mask[i] || (i > 0 && !isCSpace(rest[i - 1]))) continue;
    if (rest[i] === '#') return null;
    const endsAt = (n: number) => i + n === rest.length || isCSpace(rest[i + n]);
    if (rest.startsWith('==', i) && endsAt(2)) return { index: i, op: '==' };
    if (rest[i] === '~' && endsAt(1)) return { index: i, op: '~' };
  }
  return null;
}

/** Where a comment starts: a '#' outside quotes at the start or after a blank; else the length. */
function commentStart(s: string, mask: readonly boolean[]): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '#' && !mask[i] && (i === 0 || isCSpace(s[i - 1]))) return i;
  }
  return s.length;
}

/** Inside "double quotes" with backslash escapes, as sdscatrepr writes them; single quotes are plain text. */
function doubleQuotedMask(s: string): boolean[] {
  const mask: boolean[] = new Array<boolean>(s.length).fill(false);
  let inq = false;
  for (let i = 0; i < s.length; i++) {
    if (!inq) {
      if (s[i] === '"') inq = mask[i] = true;
      continue;
    }
    mask[i] = true;
    if (s[i] === '\\' && i + 1 < s.length) mask[++i] = true;
    else if (s[i] === '"') inq = false;
  }
  return mask;
}

/** Directive lines have no quoting: a comment is a '#' at the start or after a blank. */
function stripComment(s: string): string {
  return s.slice(0, commentStart(s, []));
}

function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isCSpace(s[a])) a++;
  while (b > a && isCSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

function splitBlanks(s: string): string[] {
  return s.split(/[ \t\n\v\f\r]+/).filter((x) => x !== '');
}

/** A decimal number times a whole factor, exactly: null unless the result is a safe whole number. */
function scaleExact(num: string, factor: bigint, divisor: bigint): number | null {
  const [int, frac = ''] = num.split('.');
  const scaled = BigInt(int + frac) * factor;
  const denom = 10n ** BigInt(frac.length) * divisor;
  if (scaled % denom !== 0n) return null;
  const v = scaled / denom;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null;
}

const DURATION_UNITS: Readonly<Record<string, bigint>> = { ms: 1n, s: 1000n, m: 60_000n };

/** `1500ms`, `2s`, `2.5s`, `1m`, `0.5m` -> whole milliseconds. */
export function parseDuration(tok: string): Parsed<number> {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(tok);
  if (!m) return fail(`bad duration '${tok}': write a number and a unit, ms, s or m (minutes), e.g. 1500ms, 2.5s, 1m`);
  if (m[2] === 'ms' && m[1].includes('.')) return fail(`bad duration '${tok}': milliseconds must be a whole number`);
  const ms = scaleExact(m[1], DURATION_UNITS[m[2]], 1n);
  if (ms === null) return fail(`bad duration '${tok}': it must come to a whole number of milliseconds, and not an absurd one`);
  return ok(ms);
}

/** Bits per second use powers of 1000; bytes per second use powers of 1024. */
const RATE_UNITS: Readonly<Record<string, { factor: bigint; divisor: bigint }>> = {
  bit: { factor: 1n, divisor: 8n },
  kbit: { factor: 1000n, divisor: 8n },
  mbit: { factor: 1_000_000n, divisor: 8n },
  gbit: { factor: 1_000_000_000n, divisor: 8n },
  b: { factor: 1n, divisor: 1n },
  kb: { factor: 1024n, divisor: 1n },
  mb: { factor: 1024n ** 2n, divisor: 1n },
  gb: { factor: 1024n ** 3n, divisor: 1n },
};

/** `10mbit`, `500kbit`, `1gbit` (bits/s, powers of 1000), `2mb`, `64kb`, `100b` (bytes/s, powers of 1024); optional `/s`. */
export function parseRate(tok: string): Parsed<number> {
  const m = /^(\d+(?:\.\d+)?)(bit|kbit|mbit|gbit|b|kb|mb|gb)(\/s)?$/.exec(tok);
  const units = 'bit, kbit, mbit, gbit (bits per second) or b, kb, mb, gb (bytes per second, 1kb = 1024 bytes)';
  if (!m) return fail(`bad rate '${tok}': write a number and a unit, ${units}, e.g. 10mbit or 2mb`);
  const u = RATE_UNITS[m[2]];
  const v = scaleExact(m[1], u.factor, u.divisor);
  if (v === null) return fail(`bad rate '${tok}': it must come to a whole number of bytes per second`);
  if (v === 0) return fail(`bad rate '${tok}': the rate must be above 0`);
  return ok(v);
}

/** Canonical duration text: whole minutes as m, from a second up in tenths as s, else ms. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Canonical rate text: the unit that gives the smallest whole number. */
export function formatRate(bytesPerSec: number): string {
  let best = `${bytesPerSec}b`;
  let bestValue = bytesPerSec;
  const bytes = BigInt(bytesPerSec);
  for (const unit of ['gbit', 'mbit', 'kbit', 'gb', 'mb', 'kb']) {
    const { factor, divisor } = RATE_UNITS[unit];
    const scaled = bytes * divisor;
    if (scaled % factor !== 0n) continue;
    const value = Number(scaled / factor);
    if (value < bestValue) {
      best = `${value}${unit}`;
      bestValue = value;
    }
  }
  return best;
}

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

/** One step as a canonical scenario line (no comment). */
export function serializeStep(step: ScenarioStep): string {
  switch (step.type) {
    case 'seed':
      return `seed ${step.seed}`;
    case 'node':
      return `node ${step.names.join(' ')}`;
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
