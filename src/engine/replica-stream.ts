// The replica running its master's stream (networking.c for the master client): parse each
// complete command of the query buffer, and once the node's step has run it, advance reploff by
// exactly its bytes and proxy them to our own backlog and sub-replicas.

import { feedReplicationBuffer } from './master.ts';
import { freeMasterClient } from './replica.ts';
import { protocolOf } from './psync-versions.ts';
import { parseCommand } from './resp.ts';
import { lowerCommandName } from './command-names.ts';
import { event, log, type MasterLink, type NodeState } from './state.ts';

/** Where processInputBuffer() is in the master's query buffer during one read. */
export interface MasterQuery {
  readonly m: MasterLink;
  /** qb_pos: the next byte to parse. */
  pos: number;
  /** Where the command being run started. */
  cmdStart: number;
  /** repl_applied: bytes already counted into reploff and proxied to our sub-replicas. */
  appliedFrom: number;
  /** Inside a MULTI ... EXEC read in this pass: reploff moves at EXEC only. */
  inMulti: boolean;
}

export function masterQueryStart(m: MasterLink): MasterQuery {
  return { m, pos: 0, cmdStart: 0, appliedFrom: 0, inMulti: false };
}

/**
 * processMultibulkBuffer() on the master client: the next complete command of the query buffer,
 * or null when the buffer holds no complete command (or the link was dropped on bad protocol).
 */
export function processMultibulkBuffer(s: NodeState, q: MasterQuery): readonly string[] | null {
  const m = q.m;
  while (q.pos < m.inbuf.length && s.master === m) {
    const r = parseCommand(m.inbuf, q.pos);
    if (r.type === 'incomplete') return null;
    if (r.type === 'protocolError') {
      log(s, '#', `Protocol error (${r.message}) from client: master`);
      freeMasterClient(s, true, 'protocol-error');
      return null;
    }
    q.cmdStart = q.pos;
    q.pos += r.consumed;
    if (r.value.length === 0) continue;
    if (lowerCommandName(r.value[0]) === 'multi') q.inMulti = true;
    return r.value;
  }
  return null;
}

/**
 * commandProcessed() for the master client: outside a transaction, reploff advances by exactly
 * the bytes processed, and those same bytes go to our own backlog and sub-replicas
 * (replicationFeedStreamFromMasterStream).
 */
export function commandProcessed(s: NodeState, q: MasterQuery, argv: readonly string[]): void {
  const m = q.m;
  // argv is the parser's own array, never changed afterwards: the event keeps it as it is.
  event(s, { type: 'commandApplied', argv, reploff: m.reploff + (q.pos - q.cmdStart) });
  const name = lowerCommandName(argv[0]);
  if (name === 'exec' || name === 'discard') q.inMulti = false;
  if (q.inMulti) return;
  const applied = m.inbuf.slice(q.appliedFrom, q.pos);
  m.reploff += applied.length;
  event(s, { type: 'reploffAdvanced', reploff: m.reploff });
  feedReplicationBuffer(s, applied, 'proxied');
  // PSYNC2: the replica's history is its master's. Up to 2.8 its own offset counts only what it fed its own backlog.
  if (s.backlog && protocolOf(s) === 'psync2') s.masterReplOffset = m.reploff;
  q.appliedFrom = q.pos;
}

/** The end of processInputBuffer(): drop the bytes already applied from the query buffer. */
export function masterQueryDone(s: NodeState, q: MasterQuery): void {
  if (s.master !== q.m) return;
  q.m.inbuf = q.m.inbuf.slice(q.appliedFrom);
}
