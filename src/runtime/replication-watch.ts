// Properties of a run read from its trace, as it is produced (the seed sweep feeds every entry):
//  1. a +CONTINUE is followed, in the same step, by exactly the backlog bytes the replica lacked
//     (master_repl_offset - psync_offset + 1), on that replica's connection;
//  2. a PSYNC the master could serve is served (masterTryPartialResynchronization: the replica's
//     replid is master_replid, or master_replid2 with an offset up to second_repl_offset, and the
//     offset is within the backlog), and one it could not serve is not;
//  3. a console command whose effects reach the replication stream as several ops has them
//     wrapped in MULTI ... EXEC (propagatePendingCommands), so a replica applies them at once;
//  4. INFO stats sync_full, sync_partial_ok and sync_partial_err (since the node's last boot) agree
//     with the PSYNC answers in the trace.

import type { NodeState } from '../engine/state.ts';
import type { TraceEntry, TraceInput } from './trace.ts';

interface Counters { full: number; ok: number; err: number }

interface NodeWatch {
  input: TraceInput | null;
  ops: string[];
  /** connId -> stream bytes sent in this step */
  streamSent: Map<string, number>;
  continueConn: string | null;
  /** Bytes the replica lacked, from an accepted PSYNC in this step. */
  lacked: number | null;
  counters: Counters;
}

/** Commands whose several ops Redis does not wrap (they touch arbitrary keys). */
const UNWRAPPED = new Set(['FLUSHALL', 'FLUSHDB', 'SWAPDB']);

export class ReplicationWatch {
  readonly problems: string[] = [];
  /** How often each property was put to the test (a sweep that never tests one proves nothing). */
  readonly seen = { continues: 0, refusals: 0, multiOp: 0, counters: 0 };
  private readonly nodes = new Map<string, NodeWatch>();

  /** `state(node)`: the node's state now (the watch reads replication IDs at PSYNC time). */
  constructor(private readonly state: (node: string) => NodeState | null) {}

  private watchOf(node: string): NodeWatch {
    let w = this.nodes.get(node);
    if (!w) {
      w = { input: null, ops: [], streamSent: new Map(), continueConn: null, lacked: null, counters: { full: 0, ok: 0, err: 0 } };
      this.nodes.set(node, w);
    }
    return w;
  }

  /** Feed every trace entry, in order. */
  readonly onTrace = (e: TraceEntry): void => {
    if (e.node.includes('|')) return;
    const w = this.watchOf(e.node);
    switch (e.kind) {
      case 'boot':
        this.endStep(e.node, w, e.t);
        w.counters = { full: 0, ok: 0, err: 0 };
        return;
      case 'input':
        this.endStep(e.node, w, e.t);
        w.input = e.input;
        return;
      case 'send':
        if (e.sendKind === 'stream') w.streamSent.set(e.connId, (w.streamSent.get(e.connId) ?? 0) + e.bytes);
        else if (e.sendKind === 'handshake' && e.label === '+CONTINUE') w.continueConn = e.connId;
        return;
      case 'event': {
        const ev = e.event;
        if (ev.type === 'commandPropagated') {
          const name = String(ev.argv[0]).toUpperCase();
          if (name !== 'SELECT') w.ops.push(name);
        } else if (ev.type === 'psyncDecision') {
          this.checkPsync(e.node, e.t, ev, w);
        }
        return;
      }
      default:
        return;
    }
  };

  private checkPsync(node: string, t: number, ev: Extract<Extract<TraceEntry, { kind: 'event' }>['event'], { type: 'psyncDecision' }>, w: NodeWatch): void {
    const accepted = ev.verdict === 'accepted';
    if (accepted) w.counters.ok++;
    else {
      w.counters.full++;
      if (ev.replId !== '?' && ev.verdict !== 'sync') w.counters.err++;
    }
    if (accepted) w.lacked = ev.masterReplOffset - ev.offset + 1;
    const s = this.state(node);
    if (!s || ev.verdict === 'sync' || ev.verdict === 'full-requested') return;
    const idOk = ev.replId === s.replId || (ev.replId === s.replId2 && ev.offset <= s.secondReplOffset);
    const hasBacklog = ev.verdict !== 'no-backlog' || ev.backlogHistlen > 0;
    const inRange = ev.offset >= ev.backlogFirstByte && ev.offset <= ev.backlogFirstByte + ev.backlogHistlen;
    const servable = idOk && hasBacklog && inRange;
    if (!accepted) this.seen.refusals++;
    if (servable !== accepted) {
      this.problems.push(`${node} at ${Math.round(t)} ms: PSYNC ${ev.replId} ${ev.offset} answered '${ev.verdict}' but it ${servable ? 'could' : 'could not'} be served ` +
        `(master_replid ${s.replId}, replid2 ${s.replId2} up to ${s.secondReplOffset}, backlog ${ev.backlogFirstByte}+${ev.backlogHistlen})`);
    }
  }

  private endStep(node: string, w: NodeWatch, t: number): void {
    const input = w.input;
    if (input && input.type === 'command' && w.ops.length > 1 && !UNWRAPPED.has(String(input.argv[0]).toUpperCase())) {
      this.seen.multiOp++;
      if (w.ops[0] !== 'MULTI' || w.ops[w.ops.length - 1] !== 'EXEC') {
        this.problems.push(`${node} at ${Math.round(t)} ms: '${input.argv.join(' ')}' propagated ${w.ops.join(', ')} without MULTI/EXEC around them`);
      }
    }
    if (w.lacked !== null) {
      this.seen.continues++;
      const sent = w.continueConn === null ? 0 : (w.streamSent.get(w.continueConn) ?? 0);
      if (w.continueConn === null) this.problems.push(`${node} at ${Math.round(t)} ms: a PSYNC was accepted but no +CONTINUE was sent`);
      else if (sent !== w.lacked) this.problems.push(`${node} at ${Math.round(t)} ms: +CONTINUE sent ${sent} backlog bytes, the replica lacked ${w.lacked}`);
    }
    w.input = null;
    w.ops = [];
    w.streamSent.clear();
    w.continueConn = null;
    w.lacked = null;
  }

  /** Ends the open steps and compares each running node's sync counters with the trace. */
  finish(nodes: Iterable<string>): void {
    for (const [node, w] of this.nodes) this.endStep(node, w, -1);
    for (const node of nodes) {
      const s = this.state(node);
      const w = this.nodes.get(node);
      if (!s || !w) continue;
      this.seen.counters++;
      const st = s.stats;
      const c = w.counters;
      if (st.syncFull !== c.full || st.syncPartialOk !== c.ok || st.syncPartialErr !== c.err) {
        this.problems.push(`${node}: INFO stats sync_full:${st.syncFull} sync_partial_ok:${st.syncPartialOk} sync_partial_err:${st.syncPartialErr}, ` +
          `but the trace shows ${c.full} full, ${c.ok} partial, ${c.err} refused PSYNCs since boot`);
      }
    }
  }
}
