// The replica's link to its master (replication.c, "SLAVE" half): its REPL_STATE_* machine, the
// connection and its undoing, losing the master and caching it for a later PSYNC, the cached
// master made from our own history, REPLCONF ACK, and the master's bytes joining the query buffer.
// replica.ts runs the handshake and the sync over this link; sync-legacy.ts the SLAVEOF of 2.6–4.0.

import type { HandshakeWhy, LinkLostCause } from './io.ts';
import { freeClient } from './master.ts';
import { encodeHandshakeCommand, protocolOf, reconnectsAtOnce, replicaWords } from './psync-versions.ts';
import { encodeCommand } from './resp.ts';
import {
  emit, event, log, replicaName, replicas, send, type MasterLink, type NodeState, type ReplState,
} from './state.ts';
import { atLeast } from './version.ts';

export function setReplState(s: NodeState, to: ReplState): void {
  if (s.replState === to) return;
  const from = s.replState;
  s.replState = to;
  event(s, { type: 'replStateChanged', from, to });
}

function connId(s: NodeState): string {
  return `${s.name}.${s.incarnation}.${s.nextConnSeq++}`;
}

/** connectWithMaster(). `why`: REPLICAOF, a reconnect after a lost or failed link, or the config at start. */
export function connectWithMaster(s: NodeState, why: HandshakeWhy): void {
  if (s.knownHosts && !s.knownHosts.includes(s.masterHost!) && !s.knownHosts.includes(s.masterHost!.toLowerCase())) {
    // connConnect() fails at once when the name does not resolve: no connection, no "sync
    // started"; replicationCron tries again each second (what redis-server 7.0.15 logs).
    log(s, '#', 'Unable to connect to MASTER: Invalid argument');
    setReplState(s, 'REPL_STATE_CONNECT');
    return;
  }
  const id = connId(s);
  const peer = `${s.masterHost}:${s.masterPort}`;
  s.handshake = {
    connId: id, peer, inbuf: '', lastIoMs: s.nowMs, psyncReplId: '', psyncOffset: 0, fullReplId: '', fullOffset: 0,
    transferSize: -1, eofMark: '', transferRead: 0, rdb: '',
  };
  emit(s, { type: 'connect', connId: id, host: s.masterHost!, port: s.masterPort });
  setReplState(s, 'REPL_STATE_CONNECTING');
  log(s, '*', `MASTER <-> ${replicaWords(s).REPLICA} sync started`);
  event(s, { type: 'handshakeStarted', master: peer, why });
  if (s.connectWhy !== undefined) delete s.connectWhy;
}

/** linkLost for the handshake connection once it is up (past REPL_STATE_CONNECTING). */
export function handshakeLinkLost(s: NodeState, cause: LinkLostCause): void {
  if (s.handshake && (slaveIsInHandshakeState(s) || s.replState === 'REPL_STATE_TRANSFER')) {
    event(s, { type: 'linkLost', role: 'replica', peer: s.handshake.peer, cause });
  }
}

/**
 * SHUTDOWN: every replication link goes down with the process (the peers see FINs): our
 * replicas' and the one with our master.
 */
export function replicationLinksShutdown(s: NodeState): void {
  for (const c of replicas(s)) event(s, { type: 'linkLost', role: 'master', peer: replicaName(c), cause: 'shutdown' });
  if (s.master) event(s, { type: 'linkLost', role: 'replica', peer: s.master.peer, cause: 'shutdown' });
  else handshakeLinkLost(s, 'shutdown');
}

/** undoConnectWithMaster() / replicationAbortSyncTransfer(): drop the handshake connection. */
export function undoConnectWithMaster(s: NodeState): void {
  if (s.handshake) emit(s, { type: 'close', connId: s.handshake.connId });
  s.handshake = null;
}

/** replicationAbortSyncTransfer(): stop receiving the RDB (what was received is dropped). */
function replicationAbortSyncTransfer(s: NodeState): void {
  undoConnectWithMaster(s);
}

/** cancelReplicationHandshake(reconnect). `cause`: why the link goes down, if it was up. */
export function cancelReplicationHandshake(s: NodeState, reconnect: boolean, cause: LinkLostCause): boolean {
  if (s.replState === 'REPL_STATE_TRANSFER' || s.replState === 'REPL_STATE_CONNECTING' || slaveIsInHandshakeState(s)) {
    handshakeLinkLost(s, cause);
    if (s.replState === 'REPL_STATE_TRANSFER') replicationAbortSyncTransfer(s);
    else undoConnectWithMaster(s);
    setReplState(s, 'REPL_STATE_CONNECT');
  } else return false;
  if (!reconnect || !reconnectsAtOnce(s)) return true; // up to 4.0 the next replicationCron reconnects
  log(s, '*', `Reconnecting to MASTER ${s.masterHost}:${s.masterPort} after failure`);
  connectWithMaster(s, 'reconnect');
  return true;
}

/** slaveIsInHandshakeState(): past the connect, before the RDB or +CONTINUE. */
export function slaveIsInHandshakeState(s: NodeState): boolean {
  return s.replState.startsWith('REPL_STATE_RECEIVE_') || s.replState === 'REPL_STATE_SEND_HANDSHAKE' || s.replState === 'REPL_STATE_SEND_PSYNC';
}

/** Close all our sub-replicas' links so they resync with us (disconnectSlaves). */
export function disconnectSlaves(s: NodeState, cause: LinkLostCause): void {
  for (const c of replicas(s)) freeClient(s, c, true, cause);
}

/** replicationDiscardCachedMaster() */
export function replicationDiscardCachedMaster(s: NodeState): void {
  if (s.cachedMaster === null) return;
  log(s, '*', 'Discarding previously cached master state.');
  s.cachedMaster = null;
}

/**
 * replicationCacheMasterUsingMyself(): a master turning replica offers its own history (replid
 * and offset) in its first PSYNC: it may be a prefix of the new master's.
 */
export function replicationCacheMasterUsingMyself(s: NodeState): void {
  log(s, '*', cacheMyselfLine(s));
  s.cachedMaster = { replId: s.replId, reploff: s.masterReplOffset, db: 0 };
}

/** The words replicationCacheMasterUsingMyself() logs (4.0 said "slave"). */
export function cacheMyselfLine(s: NodeState): string {
  return atLeast(s.version, '6.2')
    ? 'Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.'
    : 'Before turning into a slave, using my master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.';
}

/**
 * freeClient(server.master): "Connection with master lost.", then the master is cached for a
 * later PSYNC (replicationCacheMaster). `cause` is why the link went down.
 */
export function freeMasterClient(s: NodeState, closeConn: boolean, cause: LinkLostCause): void {
  const m = s.master;
  if (!m) return;
  if (closeConn) emit(s, { type: 'close', connId: m.connId });
  if (protocolOf(s) === 'sync') {
    // 2.6: nothing to cache; our own replicas must load the new data set too.
    event(s, { type: 'linkLost', role: 'replica', peer: m.peer, cause });
    s.master = null;
    setReplState(s, 'REPL_STATE_CONNECT');
    s.replDownSinceMs = s.nowMs;
    if (s.masterHost !== null) disconnectSlaves(s, 'history-changed');
    return;
  }
  log(s, '#', 'Connection with master lost.');
  event(s, { type: 'linkLost', role: 'replica', peer: m.peer, cause });
  replicationCacheMaster(s, m);
}

/** replicationCacheMaster(): keep the master's replid, offset and db for a later PSYNC. */
function replicationCacheMaster(s: NodeState, m: MasterLink): void {
  log(s, '*', 'Caching the disconnected master state.');
  s.cachedMaster = { replId: m.replId, reploff: m.reploff, db: m.db };
  replicationHandleMasterDisconnection(s);
}

/** replicationHandleMasterDisconnection(): the link is down; reconnect at once unless we became a master. */
function replicationHandleMasterDisconnection(s: NodeState): void {
  s.master = null;
  setReplState(s, 'REPL_STATE_CONNECT');
  s.replDownSinceMs = s.nowMs;
  if (s.masterHost !== null && reconnectsAtOnce(s)) {
    // "after failure" is cancelReplicationHandshake()'s line; a lost master link says only this.
    log(s, '*', `Reconnecting to MASTER ${s.masterHost}:${s.masterPort}`);
    connectWithMaster(s, 'reconnect');
  }
}

/** sendCommand(): a handshake command to the master. */
export function sendCommand(s: NodeState, argv: string[]): void {
  send(s, s.handshake!.connId, encodeHandshakeCommand(s, argv), 'handshake', { label: argv.join(' ') });
}

export function takeLine(s: NodeState): string | null {
  const h = s.handshake!;
  const i = h.inbuf.indexOf('\r\n');
  if (i < 0) return null;
  const line = h.inbuf.slice(0, i);
  h.inbuf = h.inbuf.slice(i + 2);
  return line;
}

/** replicationSendAck(): REPLCONF ACK <reploff>. */
export function replicationSendAck(s: NodeState): void {
  const m = s.master;
  if (!m) return;
  send(s, m.connId, encodeCommand(['REPLCONF', 'ACK', String(m.reploff)]), 'ack', { label: `ACK ${m.reploff}` });
}

/**
 * readQueryFromClient() for the master client: bytes of the master's stream join its query
 * buffer. The node's step then runs them (processInputBuffer), one command at a time:
 * processMultibulkBuffer() parses, the step executes, commandProcessed() advances reploff.
 */
export function readQueryFromClient(s: NodeState, data: string): void {
  const m = s.master!;
  m.inbuf += data;
  m.readReploff += data.length;
  m.lastInteractionMs = s.nowMs;
  s.stats.totalNetReplInputBytes += data.length;
}
