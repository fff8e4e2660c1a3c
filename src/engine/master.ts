// Master side of replication (replication.c, "MASTER" half; networking.c for the replica
// clients): the replication IDs, feeding the replication stream to the backlog and replicas, the
// backlog's life, replica output buffer limits, freeing a replica client, the good-replicas count
// and WAIT. SYNC/PSYNC and the RDB for a full sync are in master-sync.ts.

import {
  backlogCreate, backlogFeed, backlogResize, backlogTailId, backlogTrim, replicaOutputBufferUsage, type FeedHooks,
} from './backlog.ts';
import { clientInfoFor } from './command-versions.ts';
import { configInt, replicaBufferLimits } from './config.ts';
import type { LinkLostCause, SendMeta } from './io.ts';
import { prngHex40 } from './prng.ts';
import { atLeast } from './version.ts';
import { protocolOf, replicaWords } from './psync-versions.ts';
import { encodeCommand, R, type Reply } from './resp.ts';
import {
  emit, event, log, replicaName, replicas, send, unixSec,
  type ConsoleClient, type NetClient, type NodeState, type ReplicaInfo,
} from './state.ts';

const ZERO_ID = '0000000000000000000000000000000000000000';

/** changeReplicationId(). Up to 2.8 there is no replication ID: a history is named by the run_id. */
export function changeReplicationId(s: NodeState): void {
  s.replId = protocolOf(s) === 'psync2' ? prngHex40(s.rng) : s.runId;
}

/** clearReplicationId2() */
export function clearReplicationId2(s: NodeState): void {
  s.replId2 = ZERO_ID;
  s.secondReplOffset = -1;
}

/** shiftReplicationId(): keep the old history valid as ID2 up to our offset, take a new ID. */
export function shiftReplicationId(s: NodeState): void {
  s.replId2 = s.replId;
  s.secondReplOffset = s.masterReplOffset + 1;
  changeReplicationId(s);
  log(s, '#', `Setting secondary replication ID to ${s.replId2}, valid up to offset: ${s.secondReplOffset}. New replication ID is ${s.replId}`);
  event(s, { type: 'replIdChanged', replId: s.replId, replId2: s.replId2, secondReplOffset: s.secondReplOffset });
}

/** Is this block referenced by a replica (refcount > 1 in Redis)? Such a block is not trimmed. */
function pinnedByReplica(s: NodeState): (blockId: number) => boolean {
  return (blockId) => replicaPins(s, blockId);
}

/** Does one of s's replicas reference this block? */
function replicaPins(s: NodeState, blockId: number): boolean {
  for (const id of s.replicaOrder) {
    const c = s.netClients[id];
    if (c && c.replica && c.replica.refBlockId === blockId) return true;
  }
  return false;
}

/** The node whose backlog incrementalTrimReplicationBacklog() trims (pinnedInTrim's), set for the call. */
let trimmed: NodeState | null = null;
const pinnedInTrim = (blockId: number): boolean => replicaPins(trimmed!, blockId);

const NO_CLIENTS: NetClient[] = [];

/**
 * The hooks of feedReplicationBuffer's backlogFeed() call, made once: a feed never starts
 * another, so the node and the replicas it feeds are set for the call and cleared after it.
 */
const feedHooks: FeedHooks & { s: NodeState | null; fed: NetClient[]; pieces: readonly number[] | undefined } = {
  s: null,
  fed: NO_CLIENTS,
  pieces: undefined,
  pinned: (blockId) => replicaPins(feedHooks.s!, blockId),
  step: (startBlockId, added) => {
    for (const c of feedHooks.fed) {
      if (c.replica!.refBlockId === null) c.replica!.refBlockId = startBlockId;
      if (added) closeClientOnOutputBufferLimitReached(feedHooks.s!, c, true);
    }
  },
};

function canFeedReplicaReplBuffer(r: ReplicaInfo): boolean {
  return r.state !== 'wait_bgsave_start';
}

/** Is this replica's socket receiving the stream right now (vs. its output buffer filling)? */
function isStreaming(r: ReplicaInfo): boolean {
  return r.state === 'online' && !r.streamOnAck;
}

/**
 * Appends bytes to the replication stream: master_repl_offset, the backlog and every replica
 * that can be fed (feedReplicationBuffer). Used for our own writes and, on a replica, to proxy
 * the master's stream to our sub-replicas. `pieces`: the lengths the bytes were fed in (see
 * replicationFeedSlaves); default, one piece. Each time a block is added, every replica's output
 * buffer is checked against its limit; one over it is scheduled to be closed and gets nothing more.
 */
export function feedReplicationBuffer(s: NodeState, data: string, label: string, pieces?: readonly number[]): void {
  if (data.length === 0) return;
  // 2.6 has no backlog: the stream goes to the replicas only (the offset is the engine's own count).
  if (s.backlog === null && !(protocolOf(s) === 'sync' && replicas(s).length > 0)) return;
  const from = s.masterReplOffset + 1;
  s.masterReplOffset += data.length;
  const to = s.masterReplOffset + 1;
  const bl = s.backlog;
  const fed: NetClient[] = [];
  for (const id of s.replicaOrder) {
    const c = s.netClients[id];
    if (c && c.replica && canFeedReplicaReplBuffer(c.replica)) fed.push(c);
  }
  const firstBefore = bl ? bl.offset : 0;
  let allocated = 0;
  if (bl !== null) {
    feedHooks.s = s;
    feedHooks.fed = fed;
    feedHooks.pieces = pieces;
    try {
      allocated = backlogFeed(bl, data, s.masterReplOffset, feedHooks);
    } finally {
      feedHooks.s = null;
      feedHooks.fed = NO_CLIENTS;
    }
  }
  // Every replica streaming now gets the same bytes with the same description (never changed once sent).
  let meta: SendMeta | null = null;
  for (const c of fed) {
    const r = c.replica!;
    if (r.closeAsap) continue;
    if (isStreaming(r) && r.pending.length === 0) {
      send(s, c.connId, data, 'stream', (meta ??= { fromOffset: from, toOffset: to, label }));
    } else {
      if (r.pending.length === 0) r.pendingFromOffset = from;
      r.pending += data;
    }
  }
  if (bl === null) {
    event(s, { type: 'backlogAppended', fromOffset: from, toOffset: to });
    for (const c of fed) closeClientOnOutputBufferLimitReached(s, c, true);
    return;
  }
  if (allocated > 0) event(s, { type: 'backlogGrown', allocated, histlen: bl.histlen });
  backlogTrimmedEvent(s, firstBefore);
  event(s, { type: 'backlogAppended', fromOffset: from, toOffset: to });
  // The 2.8-6.2 ring: a replica's output buffer is checked on every reply added to it.
  if (bl.mode === 'ring') for (const c of fed) closeClientOnOutputBufferLimitReached(s, c, true);
}

/**
 * What beforeSleep() does for replicas, in Redis's order: each replica's socket takes what is
 * queued for it (handleClientsWithPendingWrites: a streaming replica now references the tail
 * block), replicas over their output buffer limit are freed (freeClientsInAsyncFreeQueue), and
 * the backlog is trimmed (incrementalTrimReplicationBacklog) — so it is trimmed after every
 * command, not only when a block is added.
 */
export function replicationBeforeSleep(s: NodeState): void {
  const bl = s.backlog;
  let closing = false;
  for (const id of s.replicaOrder) {
    const r = s.netClients[id]?.replica;
    if (!r) continue;
    if (r.closeAsap) closing = true;
    else if (bl && r.refBlockId !== null && isStreaming(r) && r.pending.length === 0) r.refBlockId = backlogTailId(bl);
  }
  if (closing) for (const c of replicas(s)) if (c.replica!.closeAsap) freeClient(s, c, true, 'output-buffer-limit');
  incrementalTrimReplicationBacklog(s);
}

/** clientsCron(): each replica's output buffer against its limit; one over it is closed at once. */
export function clientsCronReplicaBuffers(s: NodeState): void {
  for (const c of replicas(s)) closeClientOnOutputBufferLimitReached(s, c, false);
}

/**
 * addReply() to one replica outside the stream (2.6's PING from replicationCron): no offset, no
 * backlog; queued behind what its output buffer still holds.
 */
export function writeToReplica(s: NodeState, c: NetClient, data: string, label: string): void {
  const r = c.replica!;
  if (isStreaming(r) && r.pending.length === 0) send(s, c.connId, data, 'stream', { label });
  else {
    if (r.pending.length === 0) r.pendingFromOffset = s.masterReplOffset + 1;
    r.pending += data;
  }
}

/** backlogTrimmed, when repl_backlog_first_byte_offset moved past `firstBefore`. */
function backlogTrimmedEvent(s: NodeState, firstBefore: number): void {
  const bl = s.backlog;
  if (bl && bl.offset !== firstBefore) {
    event(s, { type: 'backlogTrimmed', firstByteOffset: bl.offset, histlen: bl.histlen, freed: bl.offset - firstBefore });
  }
}

/** incrementalTrimReplicationBacklog() once a replica no longer holds the oldest blocks. */
export function incrementalTrimReplicationBacklog(s: NodeState): void {
  if (!s.backlog) return;
  const firstBefore = s.backlog.offset;
  trimmed = s;
  try {
    backlogTrim(s.backlog, s.masterReplOffset, pinnedInTrim);
  } finally {
    trimmed = null;
  }
  backlogTrimmedEvent(s, firstBefore);
}

/** createReplicationBacklog(): a new, empty backlog whose next byte is master_repl_offset + 1. */
export function createReplicationBacklog(s: NodeState): void {
  // 2.8: a new backlog moves master_repl_offset by one, so no earlier replica's PSYNC can match
  // (a 2.8 replica counts its own offset too: it creates its backlog for its first sub-replica).
  if (protocolOf(s) === 'psync1') s.masterReplOffset++;
  const size = configInt(s.config, 'repl-backlog-size');
  s.backlog = backlogCreate(s.backlogMode, size, s.masterReplOffset);
  event(s, { type: 'backlogCreated', size, mode: s.backlogMode });
}

/** resizeReplicationBacklog(): CONFIG SET repl-backlog-size on a node that has a backlog. */
export function resizeReplicationBacklog(s: NodeState, from: number, to: number): void {
  const bl = s.backlog!;
  const firstBefore = bl.offset;
  backlogResize(bl, to, s.masterReplOffset, pinnedByReplica(s));
  event(s, { type: 'backlogResized', from, to });
  backlogTrimmedEvent(s, firstBefore);
}

/** freeReplicationBacklog() */
export function freeReplicationBacklog(s: NodeState): void {
  s.backlog = null;
}

/** One argument in a streamed command's label: as it is, or its first 21 bytes and "..." when longer than 24. */
export function streamArgLabel(a: string): string {
  return a.length > 24 ? a.slice(0, 21) + '...' : a;
}

/**
 * replicationFeedSlaves(): propagate one command into the stream, emitting SELECT first when the
 * replicas' selected db differs. A node with a master does nothing here: it proxies its master.
 */
export function replicationFeedSlaves(s: NodeState, dbid: number, argv: readonly string[]): void {
  if (s.masterHost !== null) return;
  if (s.backlog === null && replicas(s).length === 0) return;
  if (s.slaveSelDb !== dbid) {
    const sel = encodeCommand(['SELECT', String(dbid)]);
    feedReplicationBuffer(s, sel, `SELECT ${dbid}`);
    s.slaveSelDb = dbid;
  }
  const data = encodeCommand(argv);
  const from = s.masterReplOffset + 1;
  // Fed piece by piece as Redis does: "*N\r\n", then "$len\r\n", the argument and "\r\n" for each.
  const pieces: number[] = [digits(argv.length) + 3];
  let label = '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    pieces.push(digits(a.length) + 3, a.length, 2);
    label += (i > 0 ? ' ' : '') + streamArgLabel(a);
  }
  feedReplicationBuffer(s, data, label, pieces);
  // argv is never changed once a command has it: the event keeps it as it is.
  event(s, { type: 'commandPropagated', argv, fromOffset: from, toOffset: s.masterReplOffset + 1 });
}

/** Decimal digits of a length (its "$len\r\n" is that plus 3 bytes). */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/**
 * getClientOutputBufferMemoryUsage() of a replica. 7.0: from the start of the shared buffer block
 * it references to the end of the last block's allocation (so never less than a whole block once
 * it holds one). The 2.8-6.2 ring: the bytes queued for it.
 */
export function replicaBufferUsage(s: NodeState, c: NetClient): { bytes: number; blocks: number } {
  const r = c.replica!;
  if (s.backlog && s.backlog.mode === 'shared') return replicaOutputBufferUsage(s.backlog, r.refBlockId);
  return { bytes: r.pending.length, blocks: 0 };
}

/**
 * The replica hard limit checkClientOutputBufferLimits() applies: from 7.0 on, one below
 * repl-backlog-size counts as repl-backlog-size (0 stays "no limit"); 6.2 and older apply it as set.
 */
export function effectiveReplicaHardLimit(s: NodeState): number {
  const lim = replicaBufferLimits(s.config);
  if (!atLeast(s.version, '7.0')) return lim.hardBytes;
  const size = configInt(s.config, 'repl-backlog-size');
  return lim.hardBytes && lim.hardBytes < size ? size : lim.hardBytes;
}

/**
 * checkClientOutputBufferLimits() for a replica: which limit its output buffer reached, if any.
 * A hard limit below repl-backlog-size counts as repl-backlog-size (a partial resync would
 * overflow it at once); the soft limit counts only once it has been exceeded for more than its
 * seconds, the clock starting the first time it is seen exceeded.
 */
function checkClientOutputBufferLimits(s: NodeState, c: NetClient, used: number): 'hard' | 'soft' | null {
  const r = c.replica!;
  const lim = replicaBufferLimits(s.config);
  const hardBytes = effectiveReplicaHardLimit(s);
  const hard = lim.hardBytes > 0 && used >= hardBytes;
  let soft = false;
  if (lim.softBytes && used >= lim.softBytes) {
    if (r.softLimitSinceMs === 0) r.softLimitSinceMs = s.nowMs;
    else soft = unixSec(s.nowMs) - unixSec(r.softLimitSinceMs) > lim.softSeconds;
  } else r.softLimitSinceMs = 0;
  return hard ? 'hard' : soft ? 'soft' : null;
}

/**
 * closeClientOnOutputBufferLimitReached() for replicas: a replica whose output buffer is over its
 * limit is scheduled to be closed (async, while feeding the stream: freed in beforeSleep) or
 * closed at once (from clientsCron).
 */
function closeClientOnOutputBufferLimitReached(s: NodeState, c: NetClient, async: boolean): void {
  const r = c.replica;
  if (!r || c.closing || r.closeAsap) return;
  const usage = replicaBufferUsage(s, c);
  const limit = checkClientOutputBufferLimits(s, c, usage.bytes);
  if (limit === null) return;
  const lim = replicaBufferLimits(s.config);
  const info = catClientInfoString(s, c);
  event(s, {
    type: 'replicaDropped', replica: replicaName(c), limitClass: 'replica', limit, usage: usage.bytes,
    hardBytes: lim.hardBytes, softBytes: lim.softBytes, softSeconds: lim.softSeconds,
  });
  if (async) {
    r.closeAsap = true;
    log(s, '#', `Client ${info} scheduled to be closed ASAP for overcoming of output buffer limits.`);
  } else {
    freeClient(s, c, true, 'output-buffer-limit');
    log(s, '#', `Client ${info} closed for overcoming of output buffer limits.`);
  }
}

/**
 * The memory a 7.0 client holds besides its output buffer (getClientMemoryUsage, jemalloc sizes):
 * its query buffer (a 16 KB read allocates 20480 bytes), its reply buffer (rbs), its argv, and
 * 768 bytes for the client structure and its lists. Checked against redis-server 7.0.15's
 * tot-mem for a replica, a console client and the CLIENT LIST caller.
 */
export const CLIENT_QUERYBUF_ALLOC = 20480;
export const CLIENT_QUERYBUF_USABLE = 20474;
export const CLIENT_STRUCT_MEM = 768;

/**
 * catClientInfoString(): the CLIENT LIST line of a network client, in the fields of the node's
 * version. addr is the peer as this socket sees it, laddr the address the peer dialed (the
 * node's network address on 6379 when reached by name, 127.0.0.1 and its own port over the
 * loopback).
 */
export function catClientInfoString(s: NodeState, c: NetClient): string {
  const age = unixSec(s.nowMs) - unixSec(c.createdMs);
  const idle = unixSec(s.nowMs) - unixSec(c.lastInteractionMs);
  const flags = c.replica ? 'S' : 'N';
  // A replica's output buffer is its share of the replication buffer: oll counts its blocks.
  const obuf = c.replica ? replicaBufferUsage(s, c) : { bytes: 0, blocks: 0 };
  const cmd = c.replica ? (c.replica.lastAckMs > 0 ? 'replconf' : 'psync') : 'NULL';
  const rbs = 1024;
  const totMem = obuf.bytes + CLIENT_QUERYBUF_ALLOC + rbs + CLIENT_STRUCT_MEM;
  return clientInfoFor(s.version, `id=${c.id} addr=${c.peerIp}:${c.peerPort} laddr=${c.localIp}:${c.localPort} fd=${8 + (c.id % 100)} name= age=${age} idle=${idle} flags=${flags} db=${c.db} sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=${CLIENT_QUERYBUF_USABLE} argv-mem=0 multi-mem=0 rbs=${rbs} rbp=0 obl=0 oll=${obuf.blocks} omem=${obuf.bytes} tot-mem=${totMem} events=r cmd=${cmd} user=default redir=-1 resp=2`);
}

/**
 * freeClient() for a network client: forget it and close its connection. `cause` is why, when
 * the client is one of our replicas (the link is lost).
 */
export function freeClient(s: NodeState, c: NetClient, closeConn: boolean, cause: LinkLostCause): void {
  if (c.closing) return;
  c.closing = true;
  if (c.replica) {
    if (protocolOf(s) !== 'sync') log(s, '#', `Connection with ${replicaWords(s).replica} ${replicaName(c)} lost.`);
    event(s, { type: 'linkLost', role: 'master', peer: replicaName(c), cause });
    s.replicaOrder = s.replicaOrder.filter((id) => id !== c.connId);
    if (s.rdbChild && s.rdbChild.target === 'socket' && c.connId in s.rdbChild.socketConns) {
      delete s.rdbChild.socketConns[c.connId];
      if (Object.keys(s.rdbChild.socketConns).length === 0 && s.rdbChild.doneAtMs < 0) {
        log(s, '#', 'Diskless rdb transfer, last replica dropped, killing fork child.');
        s.rdbChild = null;
        log(s, '#', 'Background transfer terminated by signal 9');
      }
    }
    if (replicas(s).length === 0) s.noReplicasSinceMs = s.nowMs;
    event(s, { type: 'replicaStateChanged', replica: replicaName(c), to: 'gone' });
    refreshGoodSlavesCount(s);
    incrementalTrimReplicationBacklog(s);
  }
  delete s.netClients[c.connId];
  if (closeConn) emit(s, { type: 'close', connId: c.connId });
}

/** refreshGoodSlavesCount(): online replicas whose last ACK is at most min-replicas-max-lag old. */
export function refreshGoodSlavesCount(s: NodeState): void {
  const minTo = configInt(s.config, 'min-replicas-to-write');
  const maxLag = configInt(s.config, 'min-replicas-max-lag');
  if (!minTo || !maxLag) {
    s.goodReplicas = 0;
    return;
  }
  let good = 0;
  for (const c of replicas(s)) {
    const lag = unixSec(s.nowMs) - unixSec(c.replica!.ackTimeMs);
    if (c.replica!.state === 'online' && lag <= maxLag) good++;
  }
  s.goodReplicas = good;
}

/** checkGoodReplicasStatus(): may a write run given min-replicas-to-write? */
export function checkGoodReplicasStatus(s: NodeState): boolean {
  const minTo = configInt(s.config, 'min-replicas-to-write');
  const maxLag = configInt(s.config, 'min-replicas-max-lag');
  return s.masterHost !== null || !minTo || !maxLag || s.goodReplicas >= minTo;
}


// ---------------------------------------------------------------- WAIT

/** replicationCountAcksByOffset() */
export function replicationCountAcksByOffset(s: NodeState, offset: number): number {
  return replicas(s).filter((c) => c.replica!.state === 'online' && c.replica!.ackOffset >= offset).length;
}

/** WAIT numreplicas timeout: returns a reply now, or null when the client is blocked. */
export function waitCommand(s: NodeState, client: ConsoleClient, clientKey: string, argv: readonly string[]): Reply | null {
  if (s.masterHost !== null) {
    return R.err('ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.');
  }
  if (!/^-?\d+$/.test(argv[1])) return R.err('ERR value is not an integer or out of range');
  if (!/^-?\d+$/.test(argv[2])) return R.err('ERR timeout is not an integer or out of range');
  const numReplicas = Number(argv[1]);
  const timeoutMs = Number(argv[2]);
  if (timeoutMs < 0) return R.err('ERR timeout is negative');
  const offset = client.woff;
  const acked = replicationCountAcksByOffset(s, offset);
  if (acked >= numReplicas || client.multi !== null) return R.int(acked);
  client.blocked = { type: 'wait', numReplicas, offset, sinceMs: s.nowMs, untilMs: timeoutMs > 0 ? s.nowMs + timeoutMs : 0 };
  s.waitingClients++;
  if (timeoutMs > 0) emit(s, { type: 'timer', name: `waitTimeout:${clientKey}`, atMs: s.nowMs + timeoutMs });
  s.getAckPending = true;
  return null;
}

/** processClientsWaitingReplicas(): unblock WAITs that enough replicas acknowledged. */
export function processClientsWaitingReplicas(s: NodeState): void {
  if (s.waitingClients === 0) return;
  for (const [key, cl] of Object.entries(s.consoleClients)) {
    const b = cl.blocked;
    if (!b || b.type !== 'wait') continue;
    const n = replicationCountAcksByOffset(s, b.offset);
    if (n >= b.numReplicas) {
      cl.blocked = null;
      s.waitingClients--;
      emit(s, { type: 'reply', clientId: key, reply: R.int(n) });
    }
  }
}

/** A WAIT timed out: reply with how many replicas acknowledged so far. */
export function replyToBlockedClientTimedOut(s: NodeState, clientKey: string): void {
  const cl = s.consoleClients[clientKey];
  if (!cl || !cl.blocked || cl.blocked.untilMs === 0 || cl.blocked.untilMs > s.nowMs) return;
  const n = replicationCountAcksByOffset(s, cl.blocked.offset);
  cl.blocked = null;
  s.waitingClients--;
  emit(s, { type: 'reply', clientId: clientKey, reply: R.int(n) });
}

/**
 * disconnectAllBlockedClients(): a master turning replica answers every client blocked in WAIT
 * with an UNBLOCKED error and closes it after the reply.
 */
export function disconnectAllBlockedClients(s: NodeState): void {
  for (const [key, cl] of Object.entries(s.consoleClients)) {
    if (!cl.blocked) continue;
    cl.blocked = null;
    s.waitingClients--;
    emit(s, { type: 'reply', clientId: key, reply: R.err('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)') });
    delete s.consoleClients[key];
  }
}

/** sendGetackToReplicas() from beforeSleep(): REPLCONF GETACK * when a WAIT asked for acknowledgements. */
export function sendGetackToReplicas(s: NodeState): void {
  if (!s.getAckPending) return;
  s.getAckPending = false;
  if (s.masterHost !== null || replicas(s).length === 0) return;
  replicationFeedSlaves(s, s.slaveSelDb, ['REPLCONF', 'GETACK', '*']);
}

