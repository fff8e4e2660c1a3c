// The transcript at the cursor: each command typed at a node's console with what redis-cli would
// print for its reply. Commands, crashes and replies are placed by their position in the trace,
// and replies answer a console's commands in order, as they do on one redis-cli connection.

import type { ReplyEvent } from '../runtime/sim.ts';
import { commandOutput } from '../runtime/run-scenario.ts';
import { quoteArg } from '../scenario/split-args.ts';

/** A command applied to a node: the trace index of its 'command' entry and its arguments. */
export interface CommandMark {
  readonly index: number;
  readonly t: number;
  readonly node: string;
  readonly argv: readonly string[];
}

/** A node crashed (trace index of its 'crash' entry): its console's open commands get no reply. */
export interface CrashMark {
  readonly index: number;
  readonly node: string;
}

/** A reply and the number of trace entries there were when it came (its place in the trace). */
export interface ReplyMark {
  readonly pos: number;
  readonly event: ReplyEvent;
}

export interface TranscriptItem {
  /** Trace index of the command: a stable key. */
  readonly index: number;
  readonly node: string;
  /** Simulated ms since the start, when the command was typed. */
  readonly t: number;
  /** The command line as typed (arguments quoted as redis-cli reads them). */
  readonly text: string;
  /** What redis-cli printed; null while no reply has come. */
  readonly output: string | null;
  /** No reply will come: the node exited, refused the connection, or crashed. */
  readonly ended?: 'exited' | 'refused' | 'crashed';
}

/** redis-cli's printout without the final newline (the transcript puts each on its own lines). */
function printed(argv: readonly string[], r: ReplyEvent): string {
  return commandOutput(argv, r).replace(/\r\n/g, '\n').replace(/\n$/, '');
}

export function commandText(argv: readonly string[]): string {
  return argv.map((a) => quoteArg(a)).join(' ');
}

export function buildTranscript(commands: readonly CommandMark[], replies: readonly ReplyMark[], crashes: readonly CrashMark[]): TranscriptItem[] {
  type Ev = { key: number; order: number; kind: 'command'; c: CommandMark } | { key: number; order: number; kind: 'crash'; c: CrashMark } | { key: number; order: number; kind: 'reply'; r: ReplyMark };
  // A command or crash at trace index i sits just after entry i; a reply at pos p after entry p-1.
  const evs: Ev[] = [
    ...commands.map((c) => ({ key: c.index + 1, order: 0, kind: 'command' as const, c })),
    ...crashes.map((c) => ({ key: c.index + 1, order: 0, kind: 'crash' as const, c })),
    ...replies.map((r) => ({ key: r.pos, order: 1, kind: 'reply' as const, r })),
  ];
  evs.sort((a, b) => a.key - b.key || a.order - b.order);
  const items: { index: number; node: string; t: number; text: string; argv: readonly string[]; output: string | null; ended?: TranscriptItem['ended'] }[] = [];
  const open = new Map<string, number[]>();
  const queue = (node: string) => {
    let q = open.get(node);
    if (!q) open.set(node, (q = []));
    return q;
  };
  for (const ev of evs) {
    if (ev.kind === 'command') {
      queue(ev.c.node).push(items.length);
      items.push({ index: ev.c.index, node: ev.c.node, t: ev.c.t, text: commandText(ev.c.argv), argv: ev.c.argv, output: null });
    } else if (ev.kind === 'crash') {
      for (const i of queue(ev.c.node).splice(0)) items[i].ended = 'crashed';
    } else {
      const r = ev.r.event;
      const q = queue(r.node);
      if (q.length === 0) continue;
      if (r.note === 'exited' || r.note === 'refused') {
        // Every open command of that console is answered at once: the node is gone.
        for (const i of q.splice(0)) {
          items[i].ended = r.note;
          items[i].output = printed(items[i].argv, r);
        }
        continue;
      }
      const i = q.shift()!;
      items[i].output = printed(items[i].argv, r);
    }
  }
  return items.map(({ argv: _argv, ...rest }) => rest);
}
