// Runnable commands in captions (example summaries, fidelity notes): text between backticks.
//
//   `r1> INFO replication`   run INFO replication at node r1
//   `INFO replication`       run it at the master (the first node that is a master, else the first node)
//   `repl-backlog-size`      not a command (its first word is no Redis command): shown as code
//
// A span stays on one line and has no backticks inside; a backtick without a partner is text.
// The node prefix follows the scenario language's node names (a letter, then up to 15 letters,
// digits, _ or -); what follows `>` is the line as typed at that node's redis-cli prompt.

import { ENGINE_COMMAND_NAMES } from '../engine/command-names.ts';

export type CaptionPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'code'; readonly text: string }
  /** node null: the master's console. */
  | { readonly type: 'command'; readonly node: string | null; readonly text: string };

const SPAN = /`([^`\n]+)`/g;
const PREFIXED = /^([A-Za-z][A-Za-z0-9_-]{0,15})>\s*(\S.*)$/;

/** The words that start a runnable line: the commands the engine runs, SENTINEL (a Sentinel's), and redis-cli's HELP. */
const KNOWN = new Set([...ENGINE_COMMAND_NAMES.map((n) => n.toUpperCase()), 'SENTINEL', 'HELP']);

export function isKnownCommand(word: string): boolean {
  return KNOWN.has(word.toUpperCase());
}

/** Reads one span's content: a command for some node, for the master, or plain code. */
export function readSpan(content: string, isCommand: (word: string) => boolean = isKnownCommand): CaptionPart {
  const text = content.trim();
  const m = PREFIXED.exec(text);
  if (m && isCommand(m[2].split(/\s+/)[0])) return { type: 'command', node: m[1], text: m[2].trim() };
  if (!m && text !== '' && isCommand(text.split(/\s+/)[0])) return { type: 'command', node: null, text };
  return { type: 'code', text };
}

/** Splits caption text into plain text, code and runnable commands, in order. */
export function parseCaption(source: string, isCommand: (word: string) => boolean = isKnownCommand): CaptionPart[] {
  const parts: CaptionPart[] = [];
  let last = 0;
  const push = (p: CaptionPart) => {
    const prev = parts[parts.length - 1];
    if (p.type === 'text' && prev?.type === 'text') parts[parts.length - 1] = { type: 'text', text: prev.text + p.text };
    else parts.push(p);
  };
  for (const m of source.matchAll(SPAN)) {
    if (m.index > last) push({ type: 'text', text: source.slice(last, m.index) });
    if (m[1].trim() === '') push({ type: 'text', text: m[0] });
    else push(readSpan(m[1], isCommand));
    last = m.index + m[0].length;
  }
  if (last < source.length) push({ type: 'text', text: source.slice(last) });
  return parts;
}

/** The commands a caption offers, as `node> text` (node '' for the master), for checks and tests. */
export function captionCommands(source: string): string[] {
  return parseCaption(source).flatMap((p) => (p.type === 'command' ? [`${p.node ?? ''}> ${p.text}`] : []));
}
