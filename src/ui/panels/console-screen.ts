// What a node's console shows: the commands of the transcript and the lines answered locally
// (HELP, bad quotes, refused connections, commands still on their way) in the order they were
// typed, each with the prompt redis-cli showed before it and the text it printed after it.

import { binaryToUtf8 } from '../../engine/bytes.ts';
import { formatReplyTTY, shouldPrintRaw } from '../../engine/cli-format.ts';
import type { Reply } from '../../engine/resp.ts';
import { splitArgs } from '../../scenario/split-args.ts';
import { CLOSED_TEXT, NEW_SESSION, outcomeOf, promptFor, sessionAfter, type Session } from './console.ts';

/** A command typed at a node's console and what came back. */
export interface ConsoleEntry {
  readonly node: string;
  /** The command line (as typed, or its arguments quoted as redis-cli reads them). */
  readonly input: string;
  /** What redis-cli printed (a binary string), or the reply itself; null while none has come. */
  readonly output: string | Reply | null;
  /** Simulated ms since the start, when it was typed. */
  readonly atMs: number;
  /** When the reply came: redis-cli prints "(1.50s)" after a command that took 0.5 s or more. */
  readonly replyAtMs?: number;
  /**
   * No reply will come: the node exited, refused the connection, or crashed under the command; or
   * redis-cli exited on Ctrl+C ('cancelled': the terminal echoed ^C, the next line is a new redis-cli's).
   */
  readonly ended?: 'exited' | 'refused' | 'crashed' | 'cancelled';
}

/** A line the console answered itself, or a command sent and not yet in the transcript ('echo'). */
export interface Local {
  readonly seq: number;
  /** How many of the node's transcript entries there were when it was typed. */
  readonly at: number;
  readonly input: string;
  readonly kind: 'echo' | 'text' | 'help' | 'note' | 'refused';
  readonly text?: string;
  /** HELP's arguments. */
  readonly help?: readonly string[];
  /** For an echo: the transcript index its command will take. */
  readonly expect?: number;
}

export interface ScreenItem {
  readonly key: string;
  readonly type: 'entry' | 'local';
  /** Index among the node's transcript entries (entries only; -1 for local lines). */
  readonly index: number;
  readonly local: Local | null;
  readonly prompt: string;
  readonly input: string;
  /** What redis-cli printed, as lines of text ("" for nothing). */
  readonly text: string;
  readonly error: boolean;
  readonly pending: boolean;
  /** Ctrl+C ended redis-cli under this command: the next line is a new redis-cli's. */
  readonly cancelled?: true;
}

export interface Screen {
  readonly items: readonly ScreenItem[];
  /** Entries before the drawn ones (buildScreen's limit). */
  readonly skipped: number;
  /** The prompt for the next line. */
  readonly prompt: string;
  /** Changes whenever the last line changes (to keep the newest output in view). */
  readonly tailKey: string;
}

/** What the terminal shows when Ctrl+C ends redis-cli while it waits for a reply. */
export const CTRL_C_ECHO = '^C';

/** Printed bytes -> text on screen: UTF-8 decoded, "\r\n" as line breaks, the last one dropped. */
export function screenText(printed: string): string {
  const text = binaryToUtf8(printed).replace(/\r\n/g, '\n');
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

const textCache = new WeakMap<ConsoleEntry, { text: string; error: boolean } | null>();

/** The text redis-cli printed for a transcript entry, or null while its reply has not come. */
export function entryText(e: ConsoleEntry): { text: string; error: boolean } | null {
  const hit = textCache.get(e);
  if (hit !== undefined) return hit;
  const r = computeEntryText(e);
  textCache.set(e, r);
  return r;
}

function computeEntryText(e: ConsoleEntry): { text: string; error: boolean } | null {
  if (e.output === null) {
    if (e.ended === 'crashed') return { text: CLOSED_TEXT, error: true };
    if (e.ended === 'cancelled') return { text: CTRL_C_ECHO, error: false };
    if (e.ended !== undefined) return { text: '', error: false };
    return null;
  }
  const printed = typeof e.output === 'string' ? e.output : formatReplyTTY(e.output, { raw: shouldPrintRaw(splitArgs(e.input) ?? []) });
  let text = screenText(printed);
  // redis-cli's "(%.2fs)" after a command that took half a second or more.
  if (e.replyAtMs !== undefined && e.replyAtMs - e.atMs >= 500) text += `${text === '' ? '' : '\n'}(${((e.replyAtMs - e.atMs) / 1000).toFixed(2)}s)`;
  const outcome = outcomeOf(e.output);
  return { text, error: outcome === 'error' || outcome === 'closed' };
}

const sessionKey = (s: Session) => `${s.db}|${s.inMulti ? 1 : 0}|${s.preMultiDb}|${s.connected ? 1 : 0}`;
/** The session after an entry or a local line, remembered for the session it started from. */
const afterCache = new WeakMap<object, { readonly before: string; readonly after: Session }>();
function cachedAfter(of: object, s: Session, compute: () => Session): Session {
  const before = sessionKey(s);
  const hit = afterCache.get(of);
  if (hit && hit.before === before) return hit.after;
  const after = compute();
  afterCache.set(of, { before, after });
  return after;
}

/** The session after an entry: its reply, or the connection it lost. */
function afterEntry(s: Session, e: ConsoleEntry): Session {
  return cachedAfter(e, s, () => {
    const argv = splitArgs(e.input) ?? [];
    if (e.output !== null) return sessionAfter(s, argv, outcomeOf(e.output));
    // A new redis-cli after Ctrl+C: database 0, no transaction, connected.
    if (e.ended === 'cancelled') return NEW_SESSION;
    return e.ended !== undefined ? sessionAfter(s, argv, 'closed') : s;
  });
}

/**
 * Merges a node's transcript entries with its local lines: a local line typed after n entries
 * comes after the n-th; echoes show at the end while their command is not in the transcript yet.
 */
export function buildScreen(entries: readonly ConsoleEntry[], locals: readonly Local[], port: number, limit = Infinity): Screen {
  const n = entries.length;
  // Only the last `limit` entries (and what was typed among them) are drawn; the session (the
  // database, MULTI, the connection) still follows every entry before them.
  const from = Math.max(0, n - limit);
  const waiting = locals.filter((l) => l.kind === 'echo' && l.at <= n && n <= (l.expect ?? -1));
  const placed = locals.filter((l) => l.kind !== 'echo').sort((a, b) => a.seq - b.seq);
  const items: ScreenItem[] = [];
  let s: Session = NEW_SESSION;
  let li = 0;
  const pushLocal = (l: Local, draw = true) => {
    const closed = l.kind === 'refused';
    if (draw) {
      items.push({
        key: `l${l.seq}`, type: 'local', index: -1, local: l, prompt: promptFor(port, s), input: l.input,
        text: l.text ?? '', error: closed, pending: l.kind === 'echo',
      });
    }
    if (closed) s = cachedAfter(l, s, () => sessionAfter(s, [], 'closed'));
  };

  for (let i = 0; i <= n; i++) {
    while (li < placed.length && Math.min(placed[li].at, n) <= i) pushLocal(placed[li++], i >= from);
    if (i === n) break;
    const e = entries[i];
    if (i < from) {
      s = afterEntry(s, e);
      continue;
    }
    const out = entryText(e);
    items.push({
      key: `e${i}`, type: 'entry', index: i, local: null, prompt: promptFor(port, s), input: e.input,
      text: out?.text ?? '', error: out?.error ?? false, pending: out === null,
      ...(e.ended === 'cancelled' ? { cancelled: true as const } : {}),
    });
    s = afterEntry(s, e);
  }
  for (const l of waiting) pushLocal(l);
  const last = items[items.length - 1];
  return { items, skipped: from, prompt: promptFor(port, s), tailKey: last ? `${last.key}:${last.pending}:${last.text.length}` : '' };
}
