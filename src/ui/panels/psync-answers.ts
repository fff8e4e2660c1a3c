// The PSYNC answers in a run's trace: each master's verdict on a replica's PSYNC. Apart from the
// ring's geometry (ring.ts), which loads with the backlog ring, as the first screen reads only these.

import type { PsyncVerdict } from '../../engine/io.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { notableOf, type ListView } from '../../runtime/compact-log.ts';

/** One master's verdict on a replica's PSYNC (its psyncDecision event). */
export interface PsyncAnswer {
  /** Ms since the run began. */
  readonly t: number;
  readonly node: string;
  /** The replica as the master names it: "127.0.0.1:6380". */
  readonly replica: string;
  readonly replId: string;
  /** The offset the replica asked for: the first byte it does not have. */
  readonly offset: number;
  readonly answer: 'continue' | 'fullresync';
  /** Why: 'accepted' (+CONTINUE), or why the master answered +FULLRESYNC. */
  readonly verdict: PsyncVerdict;
  readonly backlogFirstByte: number;
  readonly backlogHistlen: number;
  readonly masterReplOffset: number;
  /** Redis's own words for the decision (its log message), when it logged one. */
  readonly said: string | null;
}

/** The PSYNC verdicts in a trace, up to a moment (ms since the run began). */
export function psyncAnswers(trace: ListView<TraceEntry>, upToMs = Infinity): PsyncAnswer[] {
  const out: PsyncAnswer[] = [];
  for (const e of notableOf(trace)) {
    if (e.t > upToMs) break;
    if (e.kind !== 'event' || e.event.type !== 'psyncDecision') continue;
    const d = e.event;
    out.push({
      t: e.t, node: e.node, replica: d.replica, replId: d.replId, offset: d.offset, answer: d.verdict === 'accepted' ? 'continue' : 'fullresync',
      verdict: d.verdict, backlogFirstByte: d.backlogFirstByte, backlogHistlen: d.backlogHistlen, masterReplOffset: d.masterReplOffset, said: d.said,
    });
  }
  return out;
}
