// A probe asks a node something at the cursor without touching the run: the run's state is copied
// into a separate simulator (inline, in this thread), the command runs there, and the copy is
// thrown away. Lessons read the answer to a question this way ("what is master_repl_offset now?")
// while the run the learner watches stays exactly as it was (same trace, same hash).

import { commandOutput } from './run-scenario.ts';
import { Sim, type ReplyEvent } from './sim.ts';
import type { Timeline } from './timeline.ts';

export interface ProbeResult {
  /** What redis-cli would print; empty when the node is down. */
  readonly printed: string;
  /** The node is not running at the cursor. */
  readonly down: boolean;
}

/** Runs `argv` at `node` on a copy of the timeline's run at its cursor. */
export async function probe(tl: Timeline, node: string, argv: readonly string[]): Promise<ProbeResult> {
  const snap = await tl.simulator.snapshotAsync();
  let reply: ReplyEvent | null = null;
  const copy = new Sim({
    seed: tl.seed, version: tl.version, backlogMode: tl.simulator.backlogMode,
    onReply: (r) => {
      if (r.clientId === PROBE_CLIENT && r.node === node) reply = r;
    },
  });
  try {
    copy.restore(snap);
    const n = copy.nodes.get(node);
    if (!n || !n.alive) return { printed: '', down: true };
    copy.command(node, argv, PROBE_CLIENT);
    const limit = copy.nowMs + PROBE_LIMIT_MS;
    while (reply === null) {
      const t = copy.nextEventTime();
      if (t === undefined || t > limit) break;
      copy.stepOne();
    }
    const r = reply as ReplyEvent | null;
    if (r === null || r.note) return { printed: '', down: true };
    return { printed: commandOutput(argv, r, n.port).replace(/\n$/, ''), down: false };
  } finally {
    copy.dispose();
  }
}

/** A client of its own, so a console blocked in WAIT does not hold the probe back. */
const PROBE_CLIENT = 'probe';
/** A probe is a quick question (INFO, GET, ROLE): it never waits longer than this. */
const PROBE_LIMIT_MS = 10_000;

/** One field of an INFO section as the node prints it (`master_repl_offset:1234` → "1234"). */
export function infoField(printed: string, field: string): string | null {
  for (const line of printed.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && line.slice(0, i) === field) return line.slice(i + 1).replace(/\r$/, '');
  }
  return null;
}
