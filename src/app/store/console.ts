// The consoles as a person at redis-cli sees them: a command typed on a paused run plays the run
// until its reply comes, then pauses again; until then that console waits (redis-cli reads no
// next line before the reply). A command that blocks (WAIT, DEBUG SLEEP) waits with its timeout;
// Ctrl+C ends that redis-cli, and the server sees its connection close.

import type { StoreApi } from 'zustand/vanilla';
import { TranscriptBuilder, type ReplyMark } from '../transcript.ts';
import type { GetState, SetState, StoreCore } from './core.ts';
import type { AppState, ConsoleSlice, ConsoleWait } from './types.ts';
import { dict, own } from '../../engine/own.ts';

const eqi = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b;

/**
 * What a command blocks on, from the command as typed: WAIT numreplicas timeout (0: for ever) and
 * DEBUG SLEEP seconds; null for the others (their reply is only on its way).
 */
export function blockOf(argv: readonly string[], sentMs: number): ConsoleWait['blocked'] {
  if (eqi(argv[0], 'wait') && argv.length === 3 && /^\d+$/.test(argv[2])) {
    const ms = Number(argv[2]);
    return { command: 'WAIT', untilMs: ms > 0 ? sentMs + ms : null };
  }
  if (eqi(argv[0], 'debug') && eqi(argv[1], 'sleep') && argv.length === 3 && Number.isFinite(Number(argv[2]))) {
    return { command: 'DEBUG SLEEP', untilMs: sentMs + Math.max(0, Math.round(Number(argv[2]) * 1000)) };
  }
  return null;
}

type Subscribe = StoreApi<AppState>['subscribe'];

/** Is the last reply of that node's console due after the cursor (computed, not yet sent)? */
export function replyAhead(replies: readonly ReplyMark[], node: string, cursorMs: number): boolean {
  for (let i = replies.length - 1; i >= 0; i--) {
    const r = replies[i].event;
    if (r.node === node) return r.timeMs > cursorMs;
  }
  return false;
}

export function consoleSlice(set: SetState, get: GetState, subscribe: Subscribe, core: StoreCore): ConsoleSlice {
  // The slice's own transcript (the published one follows the panels' pace while playing).
  const transcript = new TranscriptBuilder();
  let index = core.index;
  let generation = -1;
  let checking = false;

  const waits = () => get().consoleWaits;
  const played = (w: Readonly<Record<string, ConsoleWait>>) => Object.values(w).some((x) => x.played);

  /** The waits whose reply came (or that left this history) end; the last one played for pauses. */
  function check(): void {
    const now = waits();
    if (checking || Object.keys(now).length === 0) return;
    checking = true;
    try {
      if (core.index !== index || core.generation !== generation) {
        index = core.index;
        transcript.reset();
      }
      const items = transcript.build(index.commands, index.replies, index.crashes);
      const cursor = get().cursorMs;
      const next: Record<string, ConsoleWait> = dict();
      for (const [node, w] of Object.entries(now)) {
        const it = items.find((x) => x.index === w.index);
        if (!it || core.generation !== w.generation || it.ended !== undefined) continue;
        // A node asleep (DEBUG SLEEP) answers later than it computed the reply: that reply is
        // still on its way until the cursor reaches its time.
        if (it.output === null || replyAhead(index.replies, node, cursor)) next[node] = w;
      }
      if (Object.keys(next).length === Object.keys(now).length) return;
      set({ consoleWaits: next });
      if (played(now) && !played(next)) get().pause();
    } finally {
      checking = false;
    }
  }
  subscribe(check);

  return {
    consoleWaits: {},

    async consoleCommand(node, argv) {
      const before = get();
      // Playing on: the person's own play, or the run already playing for another console's reply.
      const resume = before.playing;
      const playedBefore = played(before.consoleWaits);
      await get().act({ type: 'command', node, argv, wait: false });
      const mark = [...core.index.commands].reverse().find((c) => c.node === node);
      if (!mark) return;
      generation = core.generation;
      const w: ConsoleWait = {
        node, index: mark.index, argv, sentMs: mark.t, generation: core.generation,
        blocked: blockOf(argv, mark.t), played: !resume || playedBefore,
      };
      set({ consoleWaits: { ...waits(), [node]: w } });
      check();
      if (resume || (own(waits(), node) && w.played)) get().play();
    },

    async consoleInterrupt(node) {
      const w = own(waits(), node);
      const keepPlaying = get().playing && !(w?.played ?? false);
      await get().act({ type: 'closeConsole', node });
      check();
      const { [node]: _gone, ...rest } = waits();
      if (own(waits(), node)) set({ consoleWaits: rest });
      if (keepPlaying || played(rest)) get().play();
    },
  };
}
