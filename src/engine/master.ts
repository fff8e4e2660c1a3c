// Master side of replication (replication.c, "MASTER" half): feeding the replication stream to
// the backlog and replicas, SYNC/PSYNC, the BGSAVE for a full sync, REPLCONF, putting replicas
// online, the master part of replicationCron, and WAIT.

import { backlogCovers, backlogCreate, backlogFeed, backlogRead, backlogTrim } from './backlog.ts';
import type { LinkLostCause, PsyncVerdict } from './io.ts';
import { bytesToBinary, binaryToBytes } from './bytes.ts';
import { configBool, configInt, replicaBufferLimits } from './config.ts';
import { prngHex40 } from './prng.ts';
import { encodeCommand, encodeReply, R, type Reply } from './resp.ts';
import { makeRdb } from './persistence.ts';
import {
  emit, event, log, newToken, replicaName, replicas, send, unixSec,
  type ConsoleClient, type NetClient, type NodeState, type ReplicaInfo,
} from './state.ts';

const ZERO_ID = '0000000000000000000000000000000000000000';

/** Time between the RDB child's last write and its exit, as the parent sees it. */
const CHILD_EXIT_MS = 10;

/** changeReplicationId() */
export function changeReplicationId(s: NodeState): void {
  s.replId = prngHex40(s.rng);
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

/** The lowest stream offset a replica still needs from the shared buffer (what blocks trimming). */
function pinnedOffset(s: NodeState): number {
  let min = Infinity;
  for (const c of replicas(s)) {
    if (c.replica!.pending.length > 0) min = Math.min(min, c.replica!.pendingFromOffset);
  }
  return min;
}

function canFeedReplica(r: ReplicaInfo): boolean {
  return r.state !== 'wait_bgsave_start';
}

/** Is this replica's socket receiving the stream right now (vs. its output buffer filling)? */
function isStreaming(r: ReplicaInfo): boolean {
  return r.state === 'online' && !r.streamOnAck;
}

/**
 * Appends bytes to the replication stream: master_repl_offset, the backlog and every replica
 * that can be fed (feedReplicationBuffer). Used for our own writes and, on a replica, to proxy
 * the master's stream to our sub-replicas.
 */
export function feedStreamBytes(s: NodeState, data: string, label: string): void {
  if (s.backlog === null || data.length === 0) return;
  const from = s.masterReplOffset + 1;
  s.masterReplOffset += data.length;
  const to = s.masterReplOffset + 1;
  const bytes = binaryToBytes(data);
  for (const c of replicas(s)) {
    const r = c.replica!;
    if (!canFeedReplica(r)) continue;
    if (isStreaming(r) && r.pending.length === 0) {
      send(s, c.connId, data, 'stream', { fromOffset: from, toOffset: to, label });
    } else {
      if (r.pending.length === 0) r.pendingFromOffset = from;
      r.pending += data;
    }
  }
  const bl = s.backlog;
  const firstBefore = bl.offset;
  const allocated = backlogFeed(bl, bytes, s.masterReplOffset, pinnedOffset(s));
  if (allocated > 0) event(s, { type: 'backlogGrown', allocated, histlen: bl.histlen });
  backlogTrimmedEvent(s, firstBefore);
  event(s, { type: 'backlogAppended', fromOffset: from, toOffset: to });
  for (const c of replicas(s)) checkOutputBufferLimits(s, c);
}

/** backlogTrimmed, when repl_backlog_first_byte_offset moved past `firstBefore`. */
export function backlogTrimmedEvent(s: NodeState, firstBefore: number): void {
  const bl = s.backlog;
  if (bl && bl.offset !== firstBefore) {
    event(s, { type: 'backlogTrimmed', firstByteOffset: bl.offset, histlen: bl.histlen, freed: bl.offset - firstBefore });
  }
}

/** incrementalTrimReplicationBacklog() once a replica no longer holds the oldest blocks. */
function trimReplicationBacklog(s: NodeState): void {
  if (!s.backlog) return;
  const firstBefore = s.backlog.offset;
  backlogTrim(s.backlog, pinnedOffset(s));
  backlogTrimmedEvent(s, firstBefore);
}

/** createReplicationBacklog(): a new, empty backlog whose next byte is master_repl_offset + 1. */
export function createReplicationBacklog(s: NodeState): void {
  const size = configInt(s.config, 'repl-backlog-size');
  s.backlog = backlogCreate(s.backlogMode, size, s.masterReplOffset);
  event(s, { type: 'backlogCreated', size, mode: s.backlogMode });
}

/**
 * replicationFeedSlaves(): propagate one command into the stream, emitting SELECT first when the
 * replicas' selected db differs. A node with a master does nothing here: it proxies its master.
 */
export function replicationFeedReplicas(s: NodeState, dbid: number, argv: readonly string[]): void {
  if (s.masterHost !== null) return;
  if (s.backlog === null && replicas(s).length === 0) return;
  if (s.slaveSelDb !== dbid) {
    const sel = encodeCommand(['SELECT', String(dbid)]);
    feedStreamBytes(s, sel, `SELECT ${dbid}`);
    s.slaveSelDb = dbid;
  }
  const data = encodeCommand(argv);
  const from = s.masterReplOffset + 1;
  feedStreamBytes(s, data, argv.map((a) => (a.length > 24 ? a.slice(0, 21) + '...' : a)).join(' '));
  event(s, { type: 'commandPropagated', argv: [...argv], fromOffset: from, toOffset: s.masterReplOffset + 1 });
}

/** closeClientOnOutputBufferLimitReached() for replicas: the output buffer grew past its limits. */
function checkOutputBufferLimits(s: NodeState, c: NetClient): void {
  const r = c.replica;
  if (!r || c.closing) return;
  const used = r.pending.length;
  const lim = replicaBufferLimits(s.config);
  let hard = false;
  let soft = false;
  if (lim.hardBytes && used >= lim.hardBytes) hard = true;
  if (lim.softBytes && used >= lim.softBytes) {
    if (r.softLimitSinceMs === 0) r.softLimitSinceMs = s.nowMs;
    else if (unixSec(s.nowMs) - unixSec(r.softLimitSinceMs) >= lim.softSeconds) soft = true;
  } else r.softLimitSinceMs = 0;
  if (hard || soft) {
    log(s, '#', `Client ${clientInfoString(s, c)} scheduled to be closed ASAP for overcoming of output buffer limits.`);
    event(s, {
      type: 'replicaDropped', replica: replicaName(c), limitClass: 'replica', limit: hard ? 'hard' : 'soft', usage: used,
      hardBytes: lim.hardBytes, softBytes: lim.softBytes, softSeconds: lim.softSeconds,
    });
    freeNetClient(s, c, true, 'output-buffer-limit');
  }
}

export function clientInfoString(s: NodeState, c: NetClient): string {
  const age = unixSec(s.nowMs) - unixSec(c.createdMs);
  const idle = unixSec(s.nowMs) - unixSec(c.lastInteractionMs);
  const flags = c.replica ? 'S' : 'N';
  const omem = c.replica ? c.replica.pending.length : 0;
  return `id=${c.id} addr=${c.peerIp}:${c.peerPort} laddr=${s.ip}:${s.port} fd=${8 + (c.id % 100)} name= age=${age} idle=${idle} flags=${flags} db=${c.db} sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=${omem} tot-mem=0 events=r cmd=${c.replica ? 'psync' : 'NULL'} user=default redir=-1 resp=2`;
}

/**
 * freeClient() for a network client: forget it and close its connection. `cause` is why, when
 * the client is one of our replicas (the link is lost).
 */
export function freeNetClient(s: NodeState, c: NetClient, closeConn: boolean, cause: LinkLostCause): void {
  if (c.closing) return;
  c.closing = true;
  if (c.replica) {
    log(s, '#', `Connection with replica ${replicaName(c)} lost.`);
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
    refreshGoodReplicasCount(s);
    trimReplicationBacklog(s);
  }
  delete s.netClients[c.connId];
  if (closeConn) emit(s, { type: 'close', connId: c.connId });
}

/** refreshGoodSlavesCount(): online replicas whose last ACK is at most min-replicas-max-lag old. */
export function refreshGoodReplicasCount(s: NodeState): void {
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
export function enoughGoodReplicas(s: NodeState): boolean {
  const minTo = configInt(s.config, 'min-replicas-to-write');
  const maxLag = configInt(s.config, 'min-replicas-max-lag');
  return s.masterHost !== null || !minTo || !maxLag || s.goodReplicas >= minTo;
}

function newReplicaInfo(s: NodeState): ReplicaInfo {
  return {
    state: 'wait_bgsave_start', psyncInitialOffset: 0, ackOffset: 0, ackTimeMs: s.nowMs, pending: '',
    pendingFromOffset: 0, streamOnAck: false, bulkToken: -1, bulkBytes: 0, softLimitSinceMs: 0, lastAckMs: 0,
  };
}

function setReplicaState(s: NodeState, c: NetClient, to: ReplicaInfo['state']): void {
  c.replica!.state = to;
  event(s, { type: 'replicaStateChanged', replica: replicaName(c), to });
}

/** SYNC / PSYNC from a network client (syncCommand). Replies go straight to its socket. */
export function syncCommand(s: NodeState, c: NetClient, argv: readonly string[]): void {
  if (c.replica) return;
  if (s.masterHost !== null && s.replState !== 'REPL_STATE_CONNECTED') {
    replyTo(s, c, R.err('NOMASTERLINK Can\'t SYNC while not connected with my master'));
    return;
  }
  log(s, '*', `Replica ${replicaName(c)} asks for synchronization`);
  const isPsync = argv[0].toLowerCase() === 'psync';
  if (isPsync) {
    if (!/^-?\d+$/.test(argv[2])) {
      replyTo(s, c, R.err('ERR value is not an integer or out of range'));
      log(s, '#', `Replica ${replicaName(c)} asks for synchronization but with a wrong offset`);
      return;
    }
    const psyncOffset = Number(argv[2]);
    if (masterTryPartialResync(s, c, argv[1], psyncOffset)) {
      s.stats.syncPartialOk++;
      return;
    }
    if (argv[1][0] !== '?') s.stats.syncPartialErr++;
  } else {
    // SYNC: the old protocol, always a full sync.
    psyncDecision(s, c, '?', -1, 'full-requested');
  }
  s.stats.syncFull++;
  c.replica = newReplicaInfo(s);
  s.replicaOrder.push(c.connId);
  event(s, { type: 'replicaStateChanged', replica: replicaName(c), to: 'wait_bgsave_start' });
  if (replicas(s).length === 1 && s.backlog === null) {
    changeReplicationId(s);
    clearReplicationId2(s);
    createReplicationBacklog(s);
    log(s, '*', `Replication backlog created, my new replication IDs are '${s.replId}' and '${s.replId2}'`);
    event(s, { type: 'replIdChanged', replId: s.replId, replId2: s.replId2, secondReplOffset: s.secondReplOffset });
  }
  const child = s.rdbChild;
  if (child && child.target === 'disk') {
    // CASE 1: a disk BGSAVE is in progress. Attach if another replica registers differences.
    const other = replicas(s).find((o) => o !== c && o.replica!.state === 'wait_bgsave_end');
    if (other && (c.capaEof || !other.capaEof)) {
      c.replica.pending = other.replica!.pending;
      c.replica.pendingFromOffset = other.replica!.pendingFromOffset;
      setupReplicaForFullResync(s, c, other.replica!.psyncInitialOffset);
      log(s, '*', 'Waiting for end of BGSAVE for SYNC');
    } else {
      log(s, '*', "Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
    }
  } else if (child && child.target === 'socket') {
    log(s, '*', 'Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC');
  } else if (configBool(s.config, 'repl-diskless-sync') && c.capaEof && configInt(s.config, 'repl-diskless-sync-delay') > 0) {
    log(s, '*', 'Delay next BGSAVE for diskless SYNC');
  } else if (child === null) {
    startBgsaveForReplication(s);
  }
}

/**
 * masterTryPartialResynchronization(): answer +CONTINUE and send the backlog from the requested
 * offset, or return false for a full resync. The gates, in Redis's order:
 *  1. Is the replid ours, or our previous one with an offset inside its valid range?
 *  2. Do we still hold the bytes the replica asks for?
 */
function masterTryPartialResync(s: NodeState, c: NetClient, replId: string, psyncOffset: number): boolean {
  const bl = s.backlog;
  const decide = (answer: 'continue' | 'fullresync', reason: string, verdict: PsyncVerdict) => {
    psyncDecision(s, c, replId, psyncOffset, verdict);
    event(s, { type: 'psyncAnswered', replica: replicaName(c), replId, offset: psyncOffset, answer, reason, backlogFirstByte: bl ? bl.offset : 0, backlogHistlen: bl ? bl.histlen : 0 });
  };
  const idIsOurs = replId.toLowerCase() === s.replId;
  const idIsPrev = replId.toLowerCase() === s.replId2;
  if (!idIsOurs && (!idIsPrev || psyncOffset > s.secondReplOffset)) {
    let reason: string;
    let verdict: PsyncVerdict;
    if (replId[0] !== '?') {
      if (!idIsOurs && !idIsPrev) {
        reason = `Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '${replId}', my replication IDs are '${s.replId}' and '${s.replId2}')`;
        verdict = 'replid-mismatch';
      } else {
        reason = `Partial resynchronization not accepted: Requested offset for second ID was ${psyncOffset}, but I can reply up to ${s.secondReplOffset}`;
        verdict = 'second-id-offset';
      }
    } else {
      reason = `Full resync requested by replica ${replicaName(c)}`;
      verdict = 'full-requested';
    }
    log(s, '*', reason);
    decide('fullresync', reason, verdict);
    return false;
  }
  if (!backlogCovers(bl, psyncOffset)) {
    const reason = `Unable to partial resync with replica ${replicaName(c)} for lack of backlog (Replica request was: ${psyncOffset}).`;
    log(s, '*', reason);
    if (psyncOffset > s.masterReplOffset) {
      log(s, '#', `Warning: replica ${replicaName(c)} tried to PSYNC with an offset that is greater than the master replication offset.`);
    }
    decide('fullresync', reason, bl === null ? 'no-backlog' : 'offset-out-of-range');
    return false;
  }
  c.replica = newReplicaInfo(s);
  c.replica.state = 'online';
  c.replica.ackTimeMs = s.nowMs;
  s.replicaOrder.push(c.connId);
  send(s, c.connId, c.capaPsync2 ? `+CONTINUE ${s.replId}\r\n` : '+CONTINUE\r\n', 'handshake', { label: '+CONTINUE' });
  const data = backlogRead(bl!, psyncOffset);
  if (data.length > 0) {
    send(s, c.connId, bytesToBinary(data), 'stream', { fromOffset: psyncOffset, toOffset: psyncOffset + data.length, label: `backlog ${data.length} B` });
  }
  const reason = `Partial resynchronization request from ${replicaName(c)} accepted. Sending ${data.length} bytes of backlog starting from offset ${psyncOffset}.`;
  log(s, '*', reason);
  decide('continue', reason, 'accepted');
  event(s, { type: 'replicaStateChanged', replica: replicaName(c), to: 'online' });
  refreshGoodReplicasCount(s);
  return true;
}

function psyncDecision(s: NodeState, c: NetClient, replId: string, offset: number, verdict: PsyncVerdict): void {
  const bl = s.backlog;
  event(s, {
    type: 'psyncDecision', replica: replicaName(c), replId, offset, verdict,
    backlogFirstByte: bl ? bl.offset : 0, backlogHistlen: bl ? bl.histlen : 0, masterReplOffset: s.masterReplOffset,
  });
}

/** replicationSetupSlaveForFullResync(): +FULLRESYNC <replid> <offset>, and re-emit SELECT. */
function setupReplicaForFullResync(s: NodeState, c: NetClient, offset: number): void {
  c.replica!.psyncInitialOffset = offset;
  setReplicaState(s, c, 'wait_bgsave_end');
  s.slaveSelDb = -1;
  send(s, c.connId, `+FULLRESYNC ${s.replId} ${offset}\r\n`, 'handshake', { label: `+FULLRESYNC ${offset}` });
}

/** startBgsaveForReplication(): fork the RDB child, to replicas' sockets or to disk. */
export function startBgsaveForReplication(s: NodeState): void {
  const waiting = replicas(s).filter((c) => c.replica!.state === 'wait_bgsave_start');
  const mincapaEof = waiting.every((c) => c.capaEof);
  const socketTarget = configBool(s.config, 'repl-diskless-sync') && mincapaEof;
  log(s, '*', `Starting BGSAVE for SYNC with target: ${socketTarget ? 'replicas sockets' : 'disk'}`);
  const offset = s.masterReplOffset;
  const rdb = makeRdb(s, true);
  const childPid = s.pid + 1 + (s.cronLoops % 1000);
  if (socketTarget) {
    s.rdbChild = { target: 'socket', startMs: s.nowMs, doneAtMs: -1, rdb, socketConns: {}, forReplication: true, reason: 'replication' };
    for (const c of waiting) setupReplicaForFullResync(s, c, offset);
    log(s, '*', `Background RDB transfer started by pid ${childPid}`);
    const mark = prngHex40(s.rng);
    for (const c of waiting) {
      const token = newToken(s);
      s.rdbChild.socketConns[c.connId] = token;
      send(s, c.connId, `$EOF:${mark}\r\n` + rdb + mark, 'rdb', { label: `RDB ${rdb.length} B (EOF mark)` }, token);
      event(s, { type: 'rdbTransferStarted', replica: replicaName(c), target: 'socket', bytes: rdb.length });
    }
    event(s, { type: 'rdbSaved', bytes: rdb.length, target: 'socket' });
  } else {
    const doneAt = s.nowMs + 1 + Math.ceil(rdb.length / 100_000);
    s.rdbChild = { target: 'disk', startMs: s.nowMs, doneAtMs: doneAt, rdb, socketConns: {}, forReplication: true, reason: 'replication' };
    log(s, '*', `Background saving started by pid ${childPid}`);
    for (const c of waiting) setupReplicaForFullResync(s, c, offset);
    emit(s, { type: 'timer', name: 'bgsaveDone', atMs: doneAt });
  }
}

/** A drain notification: the RDB bytes (disk bulk or diskless stream) have left for this socket. */
export function masterConnDrained(s: NodeState, c: NetClient, token: number): void {
  const child = s.rdbChild;
  if (child && child.target === 'socket' && child.socketConns[c.connId] === token) {
    delete child.socketConns[c.connId];
    if (c.replica) event(s, { type: 'rdbTransferEnded', replica: replicaName(c), target: 'socket', bytes: child.rdb.length });
    if (Object.keys(child.socketConns).length === 0) {
      log(s, '#', `Diskless rdb transfer, done reading from pipe, ${replicas(s).filter((x) => x.replica!.state === 'wait_bgsave_end').length} replicas still up.`);
      // The child exits a little after its last byte (process teardown); serverCron reaps it
      // (checkChildrenDone), or a REPLCONF ACK that arrives after the exit does.
      child.doneAtMs = s.nowMs + CHILD_EXIT_MS;
    }
    return;
  }
  const r = c.replica;
  if (r && r.state === 'send_bulk' && r.bulkToken === token) {
    r.bulkToken = -1;
    event(s, { type: 'rdbTransferEnded', replica: replicaName(c), target: 'disk', bytes: r.bulkBytes });
    if (replicaPutOnline(s, c)) replicaStartCommandStream(s, c);
  }
}

/** checkChildrenDone() from serverCron: the child has exited. */
export function checkChildDone(s: NodeState): void {
  const child = s.rdbChild;
  if (!child || child.doneAtMs < 0 || child.doneAtMs > s.nowMs) return;
  s.rdbChild = null;
  if (child.target === 'disk') {
    log(s, '*', 'DB saved on disk', 'C');
    log(s, '*', 'Background saving terminated with success');
    s.disk.rdb = child.rdb;
    s.disk.rdbSavedAtMs = child.startMs;
    s.lastSaveMs = child.startMs;
    s.lastBgsaveOk = true;
    event(s, { type: 'rdbSaved', bytes: child.rdb.length, target: 'disk' });
  } else {
    log(s, '*', 'Background RDB transfer terminated with success');
  }
  updateReplicasWaitingBgsave(s, child.target, child.rdb);
}

/** updateSlavesWaitingBgsave(): move the replicas of a finished BGSAVE to their next step. */
function updateReplicasWaitingBgsave(s: NodeState, target: 'disk' | 'socket', rdb: string): void {
  let needAnother = false;
  for (const c of replicas(s)) {
    const r = c.replica!;
    if (r.state === 'wait_bgsave_start') needAnother = true;
    if (r.state !== 'wait_bgsave_end') continue;
    if (target === 'socket') {
      log(s, '*', `Streamed RDB transfer with replica ${replicaName(c)} succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming`);
      replicaPutOnline(s, c);
      r.streamOnAck = true;
    } else {
      setReplicaState(s, c, 'send_bulk');
      r.bulkToken = newToken(s);
      r.bulkBytes = rdb.length;
      send(s, c.connId, `$${rdb.length}\r\n` + rdb, 'rdb', { label: `RDB ${rdb.length} B` }, r.bulkToken);
      event(s, { type: 'rdbTransferStarted', replica: replicaName(c), target: 'disk', bytes: rdb.length });
    }
  }
  if (needAnother && s.rdbChild === null) startBgsaveForReplication(s);
}

/** replicaPutOnline() */
function replicaPutOnline(s: NodeState, c: NetClient): boolean {
  setReplicaState(s, c, 'online');
  c.replica!.ackTimeMs = s.nowMs;
  refreshGoodReplicasCount(s);
  log(s, '*', `Synchronization with replica ${replicaName(c)} succeeded`);
  return true;
}

/** replicaStartCommandStream(): write what piled up in the output buffer, then stream live. */
function replicaStartCommandStream(s: NodeState, c: NetClient): void {
  const r = c.replica!;
  r.streamOnAck = false;
  if (r.pending.length > 0) {
    const from = r.pendingFromOffset;
    const data = r.pending;
    r.pending = '';
    send(s, c.connId, data, 'stream', { fromOffset: from, toOffset: from + data.length, label: `buffered ${data.length} B` });
    trimReplicationBacklog(s);
  }
}

/** REPLCONF <option> <value> ... (replconfCommand). Returns the reply, or null for none. */
export function replconfCommand(s: NodeState, c: NetClient, argv: readonly string[]): Reply | null {
  if ((argv.length - 1) % 2 !== 0 || argv.length < 2) return R.err('ERR syntax error');
  for (let j = 1; j < argv.length; j += 2) {
    const opt = argv[j].toLowerCase();
    const val = argv[j + 1];
    if (opt === 'listening-port') {
      if (!/^\d+$/.test(val)) return R.err('ERR value is not an integer or out of range');
      c.listeningPort = Number(val);
    } else if (opt === 'ip-address') {
      // Stored as slave_addr; we keep the peer ip.
    } else if (opt === 'capa') {
      if (val.toLowerCase() === 'eof') c.capaEof = true;
      else if (val.toLowerCase() === 'psync2') c.capaPsync2 = true;
    } else if (opt === 'ack') {
      if (!c.replica) return null;
      const off = Number(val);
      if (!Number.isFinite(off)) return null;
      const r = c.replica;
      if (off > r.ackOffset) r.ackOffset = off;
      r.ackTimeMs = s.nowMs;
      r.lastAckMs = s.nowMs;
      event(s, { type: 'ackReceived', replica: replicaName(c), offset: off });
      // An ACK can arrive before serverCron reaped the finished RDB child: reap it now (7.0 does).
      if (s.rdbChild !== null && r.state === 'wait_bgsave_end') checkChildDone(s);
      if (r.streamOnAck && r.state === 'online') replicaStartCommandStream(s, c);
      processClientsWaitingReplicas(s);
      refreshGoodReplicasCount(s);
      return null;
    } else if (opt === 'getack') {
      return null; // only meaningful on a replica, handled there
    } else if (opt === 'rdb-only' || opt === 'rdb-filter-only') {
      // accepted, not modelled
    } else {
      return R.err(`ERR Unrecognized REPLCONF option: ${argv[j]}`);
    }
  }
  return R.ok;
}

function replyTo(s: NodeState, c: NetClient, r: Reply): void {
  send(s, c.connId, encodeReply(r), 'reply', { label: r.type === 'error' ? `-${r.v}` : 'reply' });
}

/** The master part of replicationCron(), once a second. */
export function masterReplicationCron(s: NodeState): void {
  const period = configInt(s.config, 'repl-ping-replica-period');
  if (s.replCronLoops % period === 0 && replicas(s).length > 0) {
    // PING is fed with the replicas' current db: it never causes a SELECT.
    if (s.masterHost === null) {
      const data = encodeCommand(['PING']);
      feedStreamBytes(s, data, 'PING');
      event(s, { type: 'commandPropagated', argv: ['PING'], fromOffset: s.masterReplOffset + 1 - data.length, toOffset: s.masterReplOffset + 1 });
    }
  }
  for (const c of replicas(s)) {
    const r = c.replica!;
    const presync = r.state === 'wait_bgsave_start' || (r.state === 'wait_bgsave_end' && s.rdbChild?.target !== 'socket');
    if (presync) send(s, c.connId, '\n', 'keepalive', { label: '\\n' });
  }
  const timeout = configInt(s.config, 'repl-timeout');
  for (const c of replicas(s)) {
    const r = c.replica!;
    if (r.state === 'online' && unixSec(s.nowMs) - unixSec(r.ackTimeMs) > timeout) {
      log(s, '#', `Disconnecting timedout replica (streaming sync): ${replicaName(c)}`);
      freeNetClient(s, c, true, 'timeout');
    }
  }
  const ttl = configInt(s.config, 'repl-backlog-ttl');
  if (replicas(s).length === 0 && ttl && s.backlog && s.masterHost === null) {
    if (unixSec(s.nowMs) - unixSec(s.noReplicasSinceMs) > ttl) {
      changeReplicationId(s);
      clearReplicationId2(s);
      s.backlog = null;
      log(s, '*', `Replication backlog freed after ${ttl} seconds without connected replicas.`);
    }
  }
  replicationStartPendingFork(s);
  refreshGoodReplicasCount(s);
}

/** shouldStartChildForReplication(): start the diskless BGSAVE once the delay has passed. */
function replicationStartPendingFork(s: NodeState): void {
  if (s.rdbChild !== null) return;
  const waiting = replicas(s).filter((c) => c.replica!.state === 'wait_bgsave_start');
  if (waiting.length === 0) return;
  let maxIdle = 0;
  for (const c of waiting) maxIdle = Math.max(maxIdle, unixSec(s.nowMs) - unixSec(c.lastInteractionMs));
  const diskless = configBool(s.config, 'repl-diskless-sync');
  const maxReplicas = configInt(s.config, 'repl-diskless-sync-max-replicas');
  if (!diskless || (maxReplicas > 0 && waiting.length >= maxReplicas) || maxIdle >= configInt(s.config, 'repl-diskless-sync-delay')) {
    startBgsaveForReplication(s);
  }
}

// ---------------------------------------------------------------- WAIT

/** replicationCountAcksByOffset() */
export function countAcksByOffset(s: NodeState, offset: number): number {
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
  const acked = countAcksByOffset(s, offset);
  if (acked >= numReplicas || client.multi !== null) return R.int(acked);
  client.blocked = { type: 'wait', numReplicas, offset, untilMs: timeoutMs > 0 ? s.nowMs + timeoutMs : 0 };
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
    const n = countAcksByOffset(s, b.offset);
    if (n >= b.numReplicas) {
      cl.blocked = null;
      s.waitingClients--;
      emit(s, { type: 'reply', clientId: key, reply: R.int(n) });
    }
  }
}

/** A WAIT timed out: reply with how many replicas acknowledged so far. */
export function waitTimedOut(s: NodeState, clientKey: string): void {
  const cl = s.consoleClients[clientKey];
  if (!cl || !cl.blocked || cl.blocked.untilMs === 0 || cl.blocked.untilMs > s.nowMs) return;
  const n = countAcksByOffset(s, cl.blocked.offset);
  cl.blocked = null;
  s.waitingClients--;
  emit(s, { type: 'reply', clientId: clientKey, reply: R.int(n) });
}

/** beforeSleep(): send REPLCONF GETACK * when a WAIT asked for acknowledgements. */
export function flushGetAck(s: NodeState): void {
  if (!s.getAckPending) return;
  s.getAckPending = false;
  if (s.masterHost !== null || replicas(s).length === 0) return;
  const data = encodeCommand(['REPLCONF', 'GETACK', '*']);
  const from = s.masterReplOffset + 1;
  feedStreamBytes(s, data, 'REPLCONF GETACK *');
  event(s, { type: 'commandPropagated', argv: ['REPLCONF', 'GETACK', '*'], fromOffset: from, toOffset: s.masterReplOffset + 1 });
}
