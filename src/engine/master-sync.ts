// Master side of a sync (replication.c): SYNC/PSYNC (syncCommand,
// masterTryPartialResynchronization), the BGSAVE for a full sync and the RDB sent to replicas by
// disk or by socket, putting replicas online, REPLCONF, and the delayed fork of diskless syncs.

import { backlogBlockFor, backlogCovers, backlogRead } from './backlog.ts';
import { bytesToBinary } from './bytes.ts';
import { configBool, configInt } from './config.ts';
import type { PsyncVerdict } from './io.ts';
import {
  changeReplicationId, clearReplicationId2, createReplicationBacklog, incrementalTrimReplicationBacklog,
  processClientsWaitingReplicas, refreshGoodSlavesCount,
} from './master.ts';
import { makeRdb } from './persistence.ts';
import { prngHex40 } from './prng.ts';
import { fullResyncLine, protocolOf, replicaWords } from './psync-versions.ts';
import { atLeast } from './version.ts';
import { encodeReply, R, type Reply } from './resp.ts';
import {
  emit, event, log, newToken, replicaName, replicas, send, unixSec,
  type NetClient, type NodeState, type ReplicaInfo,
} from './state.ts';

/** Time between the RDB child's last write and its exit, as the parent sees it. */
const CHILD_EXIT_MS = 10;

function newReplicaInfo(s: NodeState): ReplicaInfo {
  return {
    state: 'wait_bgsave_start', psyncInitialOffset: 0, ackOffset: 0, ackTimeMs: s.nowMs, pending: '',
    pendingFromOffset: 0, streamOnAck: false, bulkToken: -1, bulkBytes: 0, softLimitSinceMs: 0, lastAckMs: 0,
    refBlockId: null, closeAsap: false,
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
    // -NOMASTERLINK came with 4.0; before, a plain error (a 2.8 replica then falls back to SYNC).
    replyTo(s, c, R.err(`${atLeast(s.version, '4.0') ? 'NOMASTERLINK' : 'ERR'} Can't SYNC while not connected with my master`));
    return;
  }
  const proto = protocolOf(s);
  const w = replicaWords(s);
  log(s, '*', proto === 'sync' ? 'Slave ask for synchronization' : `${w.Replica} ${replicaName(c)} asks for synchronization`);
  const isPsync = argv[0].toLowerCase() === 'psync';
  if (isPsync) {
    if (!/^-?\d+$/.test(argv[2])) {
      replyTo(s, c, R.err('ERR value is not an integer or out of range'));
      log(s, '#', `Replica ${replicaName(c)} asks for synchronization but with a wrong offset`);
      return;
    }
    const psyncOffset = Number(argv[2]);
    if (masterTryPartialResynchronization(s, c, argv[1], psyncOffset)) {
      s.stats.syncPartialOk++;
      return;
    }
    if (argv[1][0] !== '?') s.stats.syncPartialErr++;
  } else {
    // SYNC: the old protocol, always a full sync (2.6 knows nothing else).
    psyncDecision(s, c, '?', -1, proto === 'sync' ? 'sync' : 'full-requested', null);
  }
  s.stats.syncFull++;
  c.replica = newReplicaInfo(s);
  s.replicaOrder.push(c.connId);
  event(s, { type: 'replicaStateChanged', replica: replicaName(c), to: 'wait_bgsave_start' });
  if (replicas(s).length === 1 && s.backlog === null && proto !== 'sync') {
    changeReplicationId(s);
    clearReplicationId2(s);
    createReplicationBacklog(s);
    if (atLeast(s.version, '6.2')) log(s, '*', `Replication backlog created, my new replication IDs are '${s.replId}' and '${s.replId2}'`);
    if (proto === 'psync2') event(s, { type: 'replIdChanged', replId: s.replId, replId2: s.replId2, secondReplOffset: s.secondReplOffset });
  }
  const child = s.rdbChild;
  if (child && child.target === 'disk') {
    // CASE 1: a disk BGSAVE is in progress. Attach if another replica registers differences.
    const other = replicas(s).find((o) => o !== c && o.replica!.state === 'wait_bgsave_end');
    if (other && (c.capaEof || !other.capaEof)) {
      c.replica.pending = other.replica!.pending;
      c.replica.pendingFromOffset = other.replica!.pendingFromOffset;
      replicationSetupSlaveForFullResync(s, c, other.replica!.psyncInitialOffset);
      log(s, '*', 'Waiting for end of BGSAVE for SYNC');
    } else {
      log(s, '*', atLeast(s.version, '4.0') ? `Can't attach the ${w.replica} to the current BGSAVE. Waiting for next BGSAVE for SYNC` : 'Waiting for next BGSAVE for SYNC');
    }
  } else if (child && child.target === 'socket') {
    log(s, '*', 'Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC');
  } else if (configBool(s.config, 'repl-diskless-sync') && c.capaEof && configInt(s.config, 'repl-diskless-sync-delay') > 0) {
    log(s, '*', proto === 'psync1' ? 'Delay next BGSAVE for SYNC' : 'Delay next BGSAVE for diskless SYNC');
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
function masterTryPartialResynchronization(s: NodeState, c: NetClient, replId: string, psyncOffset: number): boolean {
  const bl = s.backlog;
  const decide = (answer: 'continue' | 'fullresync', reason: string, verdict: PsyncVerdict) => {
    psyncDecision(s, c, replId, psyncOffset, verdict, reason);
    event(s, { type: 'psyncAnswered', replica: replicaName(c), replId, offset: psyncOffset, answer, reason, backlogFirstByte: bl ? bl.offset : 0, backlogHistlen: bl ? bl.histlen : 0 });
  };
  const w = replicaWords(s);
  const psync1 = protocolOf(s) === 'psync1';
  const idIsOurs = replId.toLowerCase() === s.replId;
  // 2.8 knows one history per process, its run_id: there is no previous ID.
  const idIsPrev = !psync1 && replId.toLowerCase() === s.replId2;
  if (!idIsOurs && (!idIsPrev || psyncOffset > s.secondReplOffset)) {
    let reason: string;
    let verdict: PsyncVerdict;
    if (replId[0] !== '?') {
      if (psync1) {
        reason = `Partial resynchronization not accepted: Runid mismatch (Client asked for '${replId}', I'm '${s.replId}')`;
        verdict = 'runid-mismatch';
      } else if (!idIsOurs && !idIsPrev) {
        reason = `Partial resynchronization not accepted: Replication ID mismatch (${w.Replica} asked for '${replId}', my replication IDs are '${s.replId}' and '${s.replId2}')`;
        verdict = 'replid-mismatch';
      } else {
        reason = `Partial resynchronization not accepted: Requested offset for second ID was ${psyncOffset}, but I can reply up to ${s.secondReplOffset}`;
        verdict = 'second-id-offset';
      }
    } else {
      reason = `Full resync requested by ${w.replica} ${replicaName(c)}`;
      verdict = 'full-requested';
    }
    log(s, '*', reason);
    decide('fullresync', reason, verdict);
    return false;
  }
  if (!backlogCovers(bl, psyncOffset)) {
    const reason = `Unable to partial resync with ${w.replica} ${replicaName(c)} for lack of backlog (${w.Replica} request was: ${psyncOffset}).`;
    log(s, '*', reason);
    if (psyncOffset > s.masterReplOffset) {
      log(s, '#', `Warning: ${w.replica} ${replicaName(c)} tried to PSYNC with an offset that is greater than the master replication offset.`);
    }
    decide('fullresync', reason, bl === null ? 'no-backlog' : 'offset-out-of-range');
    return false;
  }
  c.replica = newReplicaInfo(s);
  c.replica.state = 'online';
  c.replica.ackTimeMs = s.nowMs;
  s.replicaOrder.push(c.connId);
  send(s, c.connId, c.capaPsync2 && !psync1 ? `+CONTINUE ${s.replId}\r\n` : '+CONTINUE\r\n', 'handshake', { label: '+CONTINUE' });
  const psynclen = addReplyReplicationBacklog(s, c, psyncOffset);
  const reason = `Partial resynchronization request from ${replicaName(c)} accepted. Sending ${psynclen} bytes of backlog starting from offset ${psyncOffset}.`;
  log(s, '*', reason);
  decide('continue', reason, 'accepted');
  event(s, { type: 'replicaStateChanged', replica: replicaName(c), to: 'online' });
  refreshGoodSlavesCount(s);
  return true;
}

/** addReplyReplicationBacklog(): send the backlog from `offset` to its end; returns the bytes sent. */
function addReplyReplicationBacklog(s: NodeState, c: NetClient, offset: number): number {
  const data = backlogRead(s.backlog!, offset);
  // The replica references the block holding its offset (trimming keeps it) until it has written it.
  c.replica!.refBlockId = backlogBlockFor(s.backlog!, offset);
  if (data.length > 0) {
    send(s, c.connId, bytesToBinary(data), 'stream', { fromOffset: offset, toOffset: offset + data.length, label: `backlog ${data.length} B` });
  }
  return data.length;
}

/** The verdict of masterTryPartialResynchronization() (SYNC: always a full sync), as an event. */
function psyncDecision(s: NodeState, c: NetClient, replId: string, offset: number, verdict: PsyncVerdict, said: string | null): void {
  const bl = s.backlog;
  event(s, {
    type: 'psyncDecision', replica: replicaName(c), replId, offset, verdict, said,
    backlogFirstByte: bl ? bl.offset : 0, backlogHistlen: bl ? bl.histlen : 0, masterReplOffset: s.masterReplOffset,
  });
}

/** replicationSetupSlaveForFullResync(): +FULLRESYNC <replid> <offset>, and re-emit SELECT. */
function replicationSetupSlaveForFullResync(s: NodeState, c: NetClient, offset: number): void {
  c.replica!.psyncInitialOffset = offset;
  setReplicaState(s, c, 'wait_bgsave_end');
  const line = fullResyncLine(s, offset);
  if (line === null) {
    // 2.6: no reply to SYNC before the RDB; the replica's stream starts in db 0 (c->slaveseldb = 0).
    s.slaveSelDb = 0;
    return;
  }
  s.slaveSelDb = -1;
  send(s, c.connId, line, 'handshake', { label: `+FULLRESYNC ${offset}` });
}

/** startBgsaveForReplication(): fork the RDB child, to replicas' sockets or to disk. */
export function startBgsaveForReplication(s: NodeState): void {
  const waiting = replicas(s).filter((c) => c.replica!.state === 'wait_bgsave_start');
  const mincapaEof = waiting.every((c) => c.capaEof);
  const proto = protocolOf(s);
  const socketTarget = proto !== 'sync' && configBool(s.config, 'repl-diskless-sync') && mincapaEof;
  if (proto === 'sync') log(s, '*', 'Starting BGSAVE for SYNC');
  else log(s, '*', `Starting BGSAVE for SYNC with target: ${socketTarget ? `${replicaWords(s).replica}s sockets` : 'disk'}`);
  const offset = s.masterReplOffset;
  const rdb = makeRdb(s, true);
  const childPid = s.pid + 1 + (s.cronLoops % 1000);
  if (socketTarget) {
    s.rdbChild = { target: 'socket', startMs: s.nowMs, doneAtMs: -1, rdb, socketConns: {}, forReplication: true, reason: 'replication', pid: childPid };
    s.stats.totalForks++;
    for (const c of waiting) replicationSetupSlaveForFullResync(s, c, offset);
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
    s.rdbChild = { target: 'disk', startMs: s.nowMs, doneAtMs: doneAt, rdb, socketConns: {}, forReplication: true, reason: 'replication', pid: childPid };
    s.stats.totalForks++;
    s.stats.rdbSaves++;
    log(s, '*', `Background saving started by pid ${childPid}`);
    for (const c of waiting) replicationSetupSlaveForFullResync(s, c, offset);
    emit(s, { type: 'timer', name: 'bgsaveDone', atMs: doneAt });
  }
}

/** A drain notification: the RDB bytes (disk bulk or diskless stream) have left for this socket. */
export function masterConnDrained(s: NodeState, c: NetClient, token: number): void {
  const child = s.rdbChild;
  if (child && child.target === 'socket' && child.socketConns[c.connId] === token) rdbPipeWriteHandler(s, c);
  else if (c.replica && c.replica.state === 'send_bulk' && c.replica.bulkToken === token) sendBulkToSlave(s, c);
}

/**
 * rdbPipeWriteHandler(): the diskless RDB has been written whole to this replica's socket. Once
 * every socket has it, the child is done ("done reading from pipe") and exits.
 */
function rdbPipeWriteHandler(s: NodeState, c: NetClient): void {
  const child = s.rdbChild!;
  delete child.socketConns[c.connId];
  if (c.replica) event(s, { type: 'rdbTransferEnded', replica: replicaName(c), target: 'socket', bytes: child.rdb.length });
  if (Object.keys(child.socketConns).length === 0) {
    // The child wrote its last byte to the pipe: it reports its copy-on-write memory and exits.
    log(s, '*', FORK_COW_LINE, 'C', child.pid);
    log(s, '#', `Diskless rdb transfer, done reading from pipe, ${replicas(s).filter((x) => x.replica!.state === 'wait_bgsave_end').length} replicas still up.`);
    // The child exits a little after its last byte (process teardown); serverCron reaps it
    // (checkChildrenDone), or a REPLCONF ACK that arrives after the exit does.
    child.doneAtMs = s.nowMs + CHILD_EXIT_MS;
  }
}

/** sendBulkToSlave(): the last byte of the RDB file went to this replica: it goes online. */
function sendBulkToSlave(s: NodeState, c: NetClient): void {
  const r = c.replica!;
  r.bulkToken = -1;
  event(s, { type: 'rdbTransferEnded', replica: replicaName(c), target: 'disk', bytes: r.bulkBytes });
  if (replicaPutOnline(s, c)) replicaStartCommandStream(s, c);
}

/**
 * What an RDB child logs before it exits (sendChildCowInfo; 7.0 always logs it). The model's
 * fork copies no page, so 0 MB, as a small data set shows on a real server.
 */
const FORK_COW_LINE = 'Fork CoW for RDB: current 0 MB, peak 0 MB, average 0 MB';

/** checkChildrenDone() from serverCron: the child has exited. */
export function checkChildrenDone(s: NodeState): void {
  const child = s.rdbChild;
  if (!child || child.doneAtMs < 0 || child.doneAtMs > s.nowMs) return;
  s.rdbChild = null;
  if (child.target === 'disk') {
    log(s, '*', 'DB saved on disk', 'C', child.pid);
    log(s, '*', FORK_COW_LINE, 'C', child.pid);
    log(s, '*', 'Background saving terminated with success');
    s.disk.rdb = child.rdb;
    s.disk.rdbSavedAtMs = child.startMs;
    s.lastSaveMs = child.startMs;
    s.lastBgsaveOk = true;
    event(s, { type: 'rdbSaved', bytes: child.rdb.length, target: 'disk' });
  } else {
    log(s, '*', 'Background RDB transfer terminated with success');
  }
  updateSlavesWaitingBgsave(s, child.target, child.rdb);
}

/** updateSlavesWaitingBgsave(): move the replicas of a finished BGSAVE to their next step. */
function updateSlavesWaitingBgsave(s: NodeState, target: 'disk' | 'socket', rdb: string): void {
  let needAnother = false;
  for (const c of replicas(s)) {
    const r = c.replica!;
    if (r.state === 'wait_bgsave_start') needAnother = true;
    if (r.state !== 'wait_bgsave_end') continue;
    if (target === 'socket') {
      log(s, '*', `Streamed RDB transfer with ${replicaWords(s).replica} ${replicaName(c)} succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming`);
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
  refreshGoodSlavesCount(s);
  if (protocolOf(s) === 'sync') log(s, '*', 'Synchronization with slave succeeded');
  else log(s, '*', `Synchronization with ${replicaWords(s).replica} ${replicaName(c)} succeeded`);
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
    incrementalTrimReplicationBacklog(s);
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
      if (s.rdbChild !== null && r.state === 'wait_bgsave_end') checkChildrenDone(s);
      if (r.streamOnAck && r.state === 'online') replicaStartCommandStream(s, c);
      processClientsWaitingReplicas(s);
      refreshGoodSlavesCount(s);
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

/**
 * shouldStartChildReplication(): replicas wait for a BGSAVE, and either the sync is by disk, or
 * enough replicas came (repl-diskless-sync-max-replicas), or the delay has passed since the last
 * one arrived.
 */
function shouldStartChildReplication(s: NodeState): boolean {
  if (s.rdbChild !== null) return false;
  const waiting = replicas(s).filter((c) => c.replica!.state === 'wait_bgsave_start');
  if (waiting.length === 0) return false;
  let maxIdle = 0;
  for (const c of waiting) maxIdle = Math.max(maxIdle, unixSec(s.nowMs) - unixSec(c.lastInteractionMs));
  const diskless = configBool(s.config, 'repl-diskless-sync');
  const maxReplicas = configInt(s.config, 'repl-diskless-sync-max-replicas');
  return !diskless || (maxReplicas > 0 && waiting.length >= maxReplicas) || maxIdle >= configInt(s.config, 'repl-diskless-sync-delay');
}

/** replicationStartPendingFork(): start the BGSAVE the waiting replicas need, when it is time. */
export function replicationStartPendingFork(s: NodeState): void {
  if (shouldStartChildReplication(s)) startBgsaveForReplication(s);
}

