// The redis-cli 7.0 session rules behind a node's console, as pure functions: what a typed line
// does (repl() and issueCommandRepeat() in redis-cli.c), the prompt (cliRefreshPrompt), HELP
// (cliOutputHelp), Tab completion and hints (completionCallback, hintsCallback) and linenoise's
// history. No DOM here: RedisConsole.tsx renders what these return.

import { ENGINE_COMMAND_NAMES, SENTINEL_MODE_COMMAND_NAMES, SENTINEL_NOT_MODELLED, SENTINEL_SUBCOMMAND_NAMES } from '../../engine/command-names.ts';
import { notModelledCommand } from '../../engine/not-modelled.ts';
import { splitArgs } from '../../scenario/split-args.ts';
import type { Reply } from '../../engine/resp.ts';
import { COMMAND_HELP, SENTINEL_HELP, type CommandHelpRow } from './command-help.ts';

/** The version redis-cli prints in its generic HELP (the engine's Redis version). */
export const CLI_VERSION = '7.0.15';
/** linenoise keeps the last 100 lines. */
export const HISTORY_MAX = 100;

interface HelpEntry {
  /** 'SET', 'CONFIG GET' or '@string'. */
  readonly full: string;
  readonly argv: readonly string[];
  readonly type: 'command' | 'group';
  readonly params: string;
  readonly summary: string;
  readonly group: string;
  readonly since: string;
}

/** C's strcmp order, as redis-cli's qsort(helpEntryCompare). */
const byStrcmp = (a: HelpEntry, b: HelpEntry) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0);

/** The command names the engine runs, upper-case. */
export const ENGINE_COMMANDS: readonly string[] = ENGINE_COMMAND_NAMES.map((n) => n.toUpperCase()).sort();

/** Help entries from help rows for the commands `names` (upper-case), plus one per group. */
function helpEntries(rows: readonly CommandHelpRow[], names: readonly string[], keep: (full: string) => boolean = () => true): readonly HelpEntry[] {
  const engine = new Set(names);
  const cmds: HelpEntry[] = rows.filter(([name]) => engine.has(name.split(' ')[0]) && keep(name)).map(([full, params, summary, group, since]) => ({
    full, argv: full.split(' '), type: 'command', params, summary, group, since,
  }));
  // A command the help table lacks still completes, with no documentation.
  for (const name of names) {
    if (!cmds.some((e) => e.full === name)) cmds.push({ full: name, argv: [name], type: 'command', params: '', summary: '', group: '', since: '' });
  }
  const groups = [...new Set(cmds.map((e) => e.group).filter((g) => g !== ''))].map((g): HelpEntry => ({
    full: `@${g}`, argv: [`@${g}`], type: 'group', params: '', summary: '', group: g, since: '',
  }));
  return [...cmds, ...groups].sort(byStrcmp);
}

/**
 * redis-cli's help entries: one per command and subcommand (from COMMAND DOCS, here the table
 * in command-help.ts restricted to what the engine runs) and one per group ('@string').
 */
export const HELP_ENTRIES: readonly HelpEntry[] = helpEntries(COMMAND_HELP, ENGINE_COMMANDS);

const SENTINEL_SUBS = new Set(SENTINEL_SUBCOMMAND_NAMES.map((n) => `SENTINEL ${n.toUpperCase()}`));

/**
 * On a Sentinel redis-cli's help comes from the Sentinel's COMMAND DOCS: its few commands (PING,
 * INFO, ROLE, SENTINEL and its subcommands, the pub/sub ones...), none of the data commands it refuses.
 */
export const SENTINEL_HELP_ENTRIES: readonly HelpEntry[] = helpEntries(
  [...COMMAND_HELP, ...SENTINEL_HELP], SENTINEL_MODE_COMMAND_NAMES.map((n) => n.toUpperCase()),
  (full) => !full.startsWith('SENTINEL ') || SENTINEL_SUBS.has(full),
);

const entriesFor = (sentinel: boolean) => (sentinel ? SENTINEL_HELP_ENTRIES : HELP_ENTRIES);

/** The groups HELP @<group> knows, e.g. 'string', 'sorted-set'. */
export const HELP_GROUPS: readonly string[] = HELP_ENTRIES.filter((e) => e.type === 'group').map((e) => e.group);

const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** One documented command, as cliOutputCommandHelp prints it (group line only for HELP <command>). */
export interface HelpItem {
  readonly name: string;
  readonly params: string;
  readonly summary: string;
  readonly since: string;
  /** Set for HELP <command>, absent for HELP @<group>. */
  readonly group?: string;
}

export type HelpResult = { readonly type: 'generic'; readonly text: string } | { readonly type: 'commands'; readonly items: readonly HelpItem[] };

/** cliOutputHelp: HELP alone, HELP @<group>, or HELP <command> [<subcommand>]. */
export function helpFor(args: readonly string[], sentinel = false): HelpResult {
  if (args.length === 0) return { type: 'generic', text: genericHelp() };
  const group = args[0].startsWith('@') ? args[0].slice(1) : null;
  const items: HelpItem[] = [];
  for (const e of entriesFor(sentinel)) {
    if (e.type !== 'command') continue;
    const item = { name: e.full, params: e.params, summary: e.summary, since: e.since };
    if (group === null) {
      if (args.length <= e.argv.length && args.every((a, j) => eqi(a, e.argv[j]))) items.push({ ...item, group: e.group });
    } else if (eqi(group, e.group)) items.push(item);
  }
  return { type: 'commands', items };
}

/** The text redis-cli prints for HELP (its ANSI bold/grey/yellow left out), "\r\n" line ends. */
export function helpText(args: readonly string[], sentinel = false): string {
  const r = helpFor(args, sentinel);
  if (r.type === 'generic') return r.text;
  let out = '';
  for (const h of r.items) {
    out += `\r\n  ${h.name} ${h.params}\r\n  summary: ${h.summary}\r\n`;
    if (h.since !== '') out += `  since: ${h.since}\r\n`;
    if (h.group !== undefined) out += `  group: ${h.group}\r\n`;
  }
  return out + '\r\n';
}

function genericHelp(): string {
  return (
    `redis-cli ${CLI_VERSION}\n` +
    'To get help about Redis commands type:\n' +
    '      "help @<group>" to get a list of commands in <group>\n' +
    '      "help <command>" for help on <command>\n' +
    '      "help <tab>" to get a list of possible help topics\n' +
    '      "quit" to exit\n' +
    '\n' +
    'To set redis-cli preferences:\n' +
    '      ":set hints" enable online hints\n' +
    '      ":set nohints" disable online hints\n' +
    'Set your preferences in ~/.redisclirc\n'
  );
}

/** What a typed line does, before anything is sent (redis-cli's repl loop). */
export type LineAction =
  | { readonly type: 'empty' }
  | { readonly type: 'invalid'; readonly text: 'Invalid argument(s)' }
  | { readonly type: 'bad-repeat'; readonly text: 'Invalid redis-cli repeat command option value.' }
  | { readonly type: 'help'; readonly args: readonly string[] }
  | { readonly type: 'clear' }
  | { readonly type: 'quit' }
  /** A Redis 7.0 command the simulator does not model (EVAL, FUNCTION, XADD...): nothing is sent. */
  | { readonly type: 'not-modelled'; readonly command: string }
  | { readonly type: 'send'; readonly argv: readonly string[]; readonly repeat: number };

/** A bound redis-cli does not have: each repeat is a command the simulator runs. */
const REPEAT_MAX = 1000;

/** strtol(argv[0]) reading the whole word (redis-cli's repeat test); null when it is not a number. */
function repeatCount(argv: readonly string[]): number | null {
  if (argv.length < 2) return null;
  if (argv[0] === '') return 0;
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)$/.exec(argv[0]);
  return m ? Number(m[1]) : null;
}

/** Reads a line as redis-cli's repl() does: split, "N COMMAND" repeats, quit/exit, clear, HELP. */
export function interpretLine(line: string, sentinel = false): LineAction {
  const argv = splitArgs(line);
  if (argv === null) return { type: 'invalid', text: 'Invalid argument(s)' };
  if (argv.length === 0) return { type: 'empty' };
  let repeat = 1;
  let skip = 0;
  // "3 INCR n" sends INCR n three times.
  const n = repeatCount(argv);
  if (n !== null) {
    if (!Number.isSafeInteger(n) || n <= 0 || n > REPEAT_MAX) return { type: 'bad-repeat', text: 'Invalid redis-cli repeat command option value.' };
    repeat = n;
    skip = 1;
  }
  if (eqi(argv[0], 'quit') || eqi(argv[0], 'exit')) return { type: 'quit' };
  if (argv.length === 1 && eqi(argv[0], 'clear')) return { type: 'clear' };
  const rest = argv.slice(skip);
  if (eqi(rest[0], 'help') || rest[0] === '?') return { type: 'help', args: rest.slice(1) };
  // A Sentinel refuses most commands itself ("ERR unknown command"): only the ones it has are not modelled.
  const missing = notModelledCommand(rest);
  if (missing !== null && (!sentinel || SENTINEL_NOT_MODELLED.includes(missing))) return { type: 'not-modelled', command: missing };
  return { type: 'send', argv: rest, repeat };
}

/** isSensitiveCommand: lines redis-cli keeps out of its history (passwords). */
export function isSensitive(argv: readonly string[]): boolean {
  if (argv.length === 0) return false;
  if (eqi(argv[0], 'auth')) return true;
  if (argv.length > 1 && eqi(argv[0], 'acl') && eqi(argv[1], 'setuser')) return true;
  return argv.length > 2 && eqi(argv[0], 'config') && eqi(argv[1], 'set') && ['masterauth', 'masteruser', 'requirepass'].some((p) => eqi(argv[2], p));
}

/** Whether a typed line goes into the history: not blank lines, bad repeat counts or passwords. */
export function keepsInHistory(line: string): boolean {
  const action = interpretLine(line);
  if (action.type === 'empty' || action.type === 'bad-repeat') return false;
  const argv = splitArgs(line);
  if (argv === null) return true;
  return !isSensitive(repeatCount(argv) !== null ? argv.slice(1) : argv);
}

/** linenoiseHistoryAdd: no repeat of the last line, at most HISTORY_MAX lines. */
export function historyAdd(history: readonly string[], line: string): readonly string[] {
  if (history.length > 0 && history[history.length - 1] === line) return history;
  const next = [...history, line];
  return next.length > HISTORY_MAX ? next.slice(next.length - HISTORY_MAX) : next;
}

/**
 * Browsing the history while editing a line (linenoiseEditHistoryNext): the lines plus the line
 * being typed, each editable; `back` counts steps back from the line being typed.
 */
export interface HistoryNav {
  readonly lines: readonly string[];
  readonly back: number;
}

export function historyStart(history: readonly string[]): HistoryNav {
  return { lines: [...history, ''], back: 0 };
}

/** ↑ ('up') or ↓ ('down'): keeps the edit of the current line and shows the next one. */
export function historyMove(nav: HistoryNav, current: string, dir: 'up' | 'down'): { nav: HistoryNav; text: string } {
  const n = nav.lines.length;
  if (n <= 1) return { nav, text: current };
  const lines = [...nav.lines];
  lines[n - 1 - nav.back] = current;
  const back = Math.min(n - 1, Math.max(0, nav.back + (dir === 'up' ? 1 : -1)));
  return { nav: { lines, back }, text: lines[n - 1 - back] };
}

/** completionCallback: the help entries the line starts, whole-line prefix, case-insensitive. */
export function completions(buf: string, sentinel = false): string[] {
  let start = 0;
  let types: readonly HelpEntry['type'][] = ['command'];
  if (buf.slice(0, 5).toLowerCase() === 'help ') {
    start = 5;
    while (start < buf.length && /\s/.test(buf[start])) start++;
    types = ['command', 'group'];
  }
  const typed = buf.slice(start).toLowerCase();
  return entriesFor(sentinel).filter((e) => types.includes(e.type) && e.full.toLowerCase().startsWith(typed)).map((e) => buf.slice(0, start) + e.full);
}

/** Tab cycling (linenoise completeLine): each Tab shows the next match, then the typed text again. */
export interface CompletionCycle {
  readonly original: string;
  readonly matches: readonly string[];
  /** Index in matches; matches.length shows the original text. */
  readonly index: number;
}

/** One Tab: starts a cycle (null when nothing matches) or moves to the next choice. */
export function completeStep(text: string, cycle: CompletionCycle | null, sentinel = false): { cycle: CompletionCycle; text: string } | null {
  if (cycle === null) {
    const matches = completions(text, sentinel);
    if (matches.length === 0) return null;
    return { cycle: { original: text, matches, index: 0 }, text: matches[0] };
  }
  const index = (cycle.index + 1) % (cycle.matches.length + 1);
  return { cycle: { ...cycle, index }, text: index === cycle.matches.length ? cycle.original : cycle.matches[index] };
}

/** hintsCallback: the arguments still to type for the longest matching command, or null. */
export function hintFor(buf: string, sentinel = false): string | null {
  const argv = splitArgs(buf);
  if (argv === null || argv.length === 0) return null;
  let best: HelpEntry | null = null;
  for (const e of entriesFor(sentinel)) {
    if (e.type !== 'command' || e.argv.length > argv.length) continue;
    if (e.argv.every((a, j) => eqi(a, argv[j])) && e.argv.length > (best?.argv.length ?? 0)) best = e;
  }
  if (best === null) return null;
  let hint = best.params;
  let toRemove = argv.length - best.argv.length;
  while (toRemove > 0 && hint.length > 0) {
    if (hint[0] === '[') break;
    if (hint[0] === ' ') toRemove--;
    hint = hint.slice(1);
  }
  const endSpace = buf.length > 0 && /\s/.test(buf[buf.length - 1]);
  return endSpace ? hint : ` ${hint}`;
}

/** The client-side session state redis-cli keeps for its prompt. */
export interface Session {
  readonly db: number;
  readonly inMulti: boolean;
  readonly preMultiDb: number;
  /** false after the server closed the connection or refused it: the prompt says so. */
  readonly connected: boolean;
}

export const NEW_SESSION: Session = { db: 0, inMulti: false, preMultiDb: 0, connected: true };

/** How a command ended, as cliSendCommand sees it (config.last_cmd_type). */
export type Outcome = 'reply' | 'error' | 'nil' | 'closed';

/** The outcome of a reply: a Reply value or the text redis-cli printed for it. */
export function outcomeOf(output: string | Reply): Outcome {
  if (typeof output !== 'string') {
    if (output.type === 'error') return 'error';
    return (output.type === 'bulk' || output.type === 'array') && output.v === null ? 'nil' : 'reply';
  }
  if (output.startsWith('(error) ')) return 'error';
  if (output.startsWith('Could not connect to Redis at ')) return 'closed';
  return output === '(nil)\n' ? 'nil' : 'reply';
}

/** C atoi: leading blanks, a sign, the digits up to the first other char. */
function atoi(s: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(s);
  return m ? Math.trunc(Number(m[1])) | 0 : 0;
}

/** The bookkeeping after a reply in cliSendCommand: SELECT, MULTI, EXEC, DISCARD. */
export function sessionAfter(s: Session, argv: readonly string[], outcome: Outcome): Session {
  if (outcome === 'closed') return { ...s, inMulti: false, connected: false };
  const cmd = (argv[0] ?? '').toLowerCase();
  const ok = outcome !== 'error';
  let next: Session = { ...s, connected: true };
  if (cmd === 'select' && argv.length === 2 && ok) next = { ...next, db: atoi(argv[1]) };
  else if (cmd === 'multi' && argv.length === 1 && ok) next = { ...next, inMulti: true, preMultiDb: s.db };
  else if (cmd === 'exec' && argv.length === 1 && s.inMulti) next = { ...next, inMulti: false, db: outcome === 'error' || outcome === 'nil' ? s.preMultiDb : s.db };
  else if (cmd === 'discard' && argv.length === 1 && ok) next = { ...next, inMulti: false, db: s.preMultiDb };
  return next;
}

/** cliRefreshPrompt, and linenoise's "not connected> " when there is no connection. */
export function promptFor(port: number, s: Session): string {
  if (!s.connected) return 'not connected> ';
  return `127.0.0.1:${port}${s.db !== 0 ? `[${s.db}]` : ''}${s.inMulti ? '(TX)' : ''}> `;
}

/** redis-cli's words when a node is not running (cliConnect failing). */
export function refusedText(port: number): string {
  return `Could not connect to Redis at 127.0.0.1:${port}: Connection refused`;
}

/** cliPrintContextError after the server closed the connection under a command. */
export const CLOSED_TEXT = 'Error: Server closed the connection';
