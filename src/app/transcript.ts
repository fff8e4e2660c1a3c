// The transcript at the cursor: each command typed at a node's console with what redis-cli would
// print for its reply. Commands, crashes and replies are placed by their position in the trace,
// and replies answer a console's commands in order, as they do on one redis-cli connection.

import type { ReplyEvent } from '../runtime/sim.ts';
import { commandOutput } from '../runtime/command-output.ts';
import { quoteArg } from '../scenario/split-args.ts';

/** A command applied to a node: the trace index of its 'command' entry and its arguments. */
export interface CommandMark {
  readonly index: number;
  readonly t: number;
  readonly node: string;
  readonly argv: readonly string[];
}

/**
 * A node crashed (trace index of its 'crash' entry), or its redis-cli exited (`console`, Ctrl+C):
 * its console's open commands get no reply.
 */
export interface CrashMark {
  readonly index: number;
  readonly t: number;
  readonly node: string;
  readonly console?: true;
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
  /** Simulated ms since the start, when the reply came (redis-cli times its commands). */
  readonly replyAtMs?: number;
  /** No reply will come: the node exited, refused the connection, or crashed; or redis-cli exited (Ctrl+C). */
  readonly ended?: 'exited' | 'refused' | 'crashed' | 'cancelled';
  /** redis-cli is in Pub/Sub mode after this SUBSCRIBE: it prints every reply here until Ctrl+C. */
  readonly subscribed?: true;
}

/** redis-cli's printout without the final newline (the transcript puts each on its own lines). */
function printed(argv: readonly string[], r: ReplyEvent): string {
  return commandOutput(argv, r).replace(/\r\n/g, '\n').replace(/\n$/, '');
}

export function commandText(argv: readonly string[]): string {
  return argv.map((a) => quoteArg(a)).join(' ');
}

type Ev =
  | { readonly key: number; readonly order: number; readonly kind: 'command'; readonly c: CommandMark }
  | { readonly key: number; readonly order: number; readonly kind: 'crash'; readonly c: CrashMark }
  | { readonly key: number; readonly order: number; readonly kind: 'reply'; readonly r: ReplyMark };

interface Row {
  index: number; node: string; t: number; text: string; argv: readonly string[]; output: string | null; replyAtMs?: number; ended?: TranscriptItem['ended']; subscribed?: true;
}

const isSubscribe = (argv: readonly string[]) => ['subscribe', 'psubscribe', 'ssubscribe'].includes((argv[0] ?? '').toLowerCase());

const byPlace = (a: Ev, b: Ev) => a.key - b.key || a.order - b.order;

/**
 * Builds the transcript as commands, crashes and replies arrive, in time proportional to what
 * arrived: each build() places only the new marks and returns a new array that shares every item
 * that did not change. Marks come in trace order (a reply's place is the trace length when it
 * came); when one comes out of order, or after reset(), the next build starts over.
 */
export class TranscriptBuilder {
  private rows: Row[] = [];
  private out: TranscriptItem[] = [];
  private open = new Map<string, number[]>();
  /** The row of each console in Pub/Sub mode. */
  private pubsub = new Map<string, number>();
  private done = { commands: 0, crashes: 0, replies: 0 };
  private last: Ev | null = null;

  /** Forget what was placed (the marks were cut back): the next build starts over. */
  reset(): void {
    this.rows = [];
    this.out = [];
    this.open = new Map();
    this.pubsub = new Map();
    this.done = { commands: 0, crashes: 0, replies: 0 };
    this.last = null;
  }

  build(commands: readonly CommandMark[], replies: readonly ReplyMark[], crashes: readonly CrashMark[]): readonly TranscriptItem[] {
    if (commands.length < this.done.commands || crashes.length < this.done.crashes || replies.length < this.done.replies) this.reset();
    // A command or crash at trace index i sits just after entry i; a reply at pos p after entry p-1.
    const evs: Ev[] = [];
    for (let i = this.done.commands; i < commands.length; i++) evs.push({ key: commands[i].index + 1, order: 0, kind: 'command', c: commands[i] });
    for (let i = this.done.crashes; i < crashes.length; i++) evs.push({ key: crashes[i].index + 1, order: 0, kind: 'crash', c: crashes[i] });
    for (let i = this.done.replies; i < replies.length; i++) evs.push({ key: replies[i].pos, order: 1, kind: 'reply', r: replies[i] });
    if (evs.length === 0) return this.out;
    evs.sort(byPlace);
    if (this.last && byPlace(evs[0], this.last) < 0) {
      this.reset();
      return this.build(commands, replies, crashes);
    }
    this.done = { commands: commands.length, crashes: crashes.length, replies: replies.length };
    this.last = evs[evs.length - 1];
    const changed = new Set<number>();
    const first = this.rows.length;
    for (const ev of evs) this.place(ev, changed);
    const out = this.out.slice();
    for (const i of changed) if (i < first) out[i] = item(this.rows[i]);
    for (let i = first; i < this.rows.length; i++) out.push(item(this.rows[i]));
    this.out = out;
    return out;
  }

  private queue(node: string): number[] {
    let q = this.open.get(node);
    if (!q) this.open.set(node, (q = []));
    return q;
  }

  private place(ev: Ev, changed: Set<number>): void {
    const rows = this.rows;
    if (ev.kind === 'command') {
      this.queue(ev.c.node).push(rows.length);
      rows.push({ index: ev.c.index, node: ev.c.node, t: ev.c.t, text: commandText(ev.c.argv), argv: ev.c.argv, output: null });
      return;
    }
    if (ev.kind === 'crash') {
      this.leavePubsub(ev.c.node, changed);
      for (const i of this.queue(ev.c.node).splice(0)) {
        rows[i].ended = ev.c.console ? 'cancelled' : 'crashed';
        changed.add(i);
      }
      return;
    }
    const r = ev.r.event;
    const sub = this.pubsub.get(r.node);
    if (sub !== undefined && r.note === undefined) {
      rows[sub].output = `${rows[sub].output}\n${printed(rows[sub].argv, r)}`;
      changed.add(sub);
      return;
    }
    this.leavePubsub(r.node, changed);
    const q = this.queue(r.node);
    if (q.length === 0) return;
    if (r.note === 'exited' || r.note === 'refused') {
      // Every open command of that console is answered at once: the node is gone.
      for (const i of q.splice(0)) {
        rows[i].ended = r.note;
        rows[i].output = printed(rows[i].argv, r);
        changed.add(i);
      }
      return;
    }
    const i = q.shift()!;
    rows[i].output = printed(rows[i].argv, r);
    rows[i].replyAtMs = r.timeMs;
    changed.add(i);
    if (isSubscribe(rows[i].argv)) {
      // redis-cli prints this before it reads the first reply; an error ends Pub/Sub mode.
      rows[i].output = `Reading messages... (press Ctrl-C to quit)\n${rows[i].output}`;
      if (r.reply?.type !== 'error') {
        rows[i].subscribed = true;
        this.pubsub.set(r.node, i);
      }
    }
  }

  /** Ctrl+C, a crash or the server gone: redis-cli leaves Pub/Sub mode. */
  private leavePubsub(node: string, changed: Set<number>): void {
    const i = this.pubsub.get(node);
    if (i === undefined) return;
    this.pubsub.delete(node);
    delete this.rows[i].subscribed;
    changed.add(i);
  }
}

function item({ argv: _argv, ...rest }: Row): TranscriptItem {
  return rest;
}

export function buildTranscript(commands: readonly CommandMark[], replies: readonly ReplyMark[], crashes: readonly CrashMark[]): TranscriptItem[] {
  return [...new TranscriptBuilder().build(commands, replies, crashes)];
}
