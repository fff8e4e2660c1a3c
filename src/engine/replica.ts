// Replica side of replication (replication.c, "SLAVE" half): REPLICAOF, the REPL_STATE_*
// handshake (PING, REPLCONF listening-port, REPLCONF capa eof capa psync2, PSYNC), receiving and
// loading the RDB, REPLCONF ACK, losing the master, and the cached master that makes a partial
// resync possible after a disconnection. The master's stream is run by the node's step with
// replica-stream.ts; the timeouts are in replication-cron.ts.

import { encodeCommand } from './resp.ts';
import { rdbLoad } from './persistence.ts';
import type { HandshakeWhy, LinkLostCause } from './io.ts';
import {
  clearReplicationId2, createReplicationBacklog, disconnectAllBlockedClients, freeClient, freeReplicationBacklog, shiftReplicationId,
} from './master.ts';
import {
  emit, event, log, replicaName, replicas, send, type Handshake, type MasterLink, type NodeState, type ReplState,
} from './state.ts';

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
  const id = connId(s);
  const peer = `${s.masterHost}:${s.masterPort}`;
  s.handshake = {
    connId: id, peer, inbuf: '', lastIoMs: s.nowMs, psyncReplId: '', psyncOffset: 0, fullReplId: '', fullOffset: 0,
    transferSize: -1, eofMark: '', transferRead: 0, rdb: '',
  };
  emit(s, { type: 'connect', connId: id, host: s.masterHost!, port: s.masterPort });
  setReplState(s, 'REPL_STATE_CONNECTING');
  log(s, '*', 'MASTER <-> REPLICA sync started');
  event(s, { type: 'handshakeStarted', master: peer, why });
}

/** linkLost for the handshake connection once it is up (past REPL_STATE_CONNECTING). */
function handshakeLinkLost(s: NodeState, cause: LinkLostCause): void {
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
function undoConnectWithMaster(s: NodeState): void {
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
  if (!reconnect) return true;
  log(s, '*', `Reconnecting to MASTER ${s.masterHost}:${s.masterPort} after failure`);
  connectWithMaster(s, 'reconnect');
  return true;
}

/** slaveIsInHandshakeState(): past the connect, before the RDB or +CONTINUE. */
export function slaveIsInHandshakeState(s: NodeState): boolean {
  return s.replState.startsWith('REPL_STATE_RECEIVE_') || s.replState === 'REPL_STATE_SEND_HANDSHAKE' || s.replState === 'REPL_STATE_SEND_PSYNC';
}

/** Close all our sub-replicas' links so they resync with us (disconnectSlaves). */
function disconnectSlaves(s: NodeState, cause: LinkLostCause): void {
  for (const c of replicas(s)) freeClient(s, c, true, cause);
}

/** replicationDiscardCachedMaster() */
function replicationDiscardCachedMaster(s: NodeState): void {
  if (s.cachedMaster === null) return;
  log(s, '*', 'Discarding previously cached master state.');
  s.cachedMaster = null;
}

/** REPLICAOF host port (replicationSetMaster). */
export function replicationSetMaster(s: NodeState, host: string, port: number): void {
  const wasMaster = s.masterHost === null;
  // masterhost is cleared first: freeing the master client would otherwise reconnect to it.
  s.masterHost = null;
  if (s.master) freeMasterClient(s, true, 'replicaof');
  disconnectAllBlockedClients(s);
  s.masterHost = host;
  s.masterPort = port;
  event(s, { type: 'roleChanged', to: 'replica', master: `${host}:${port}` });
  cancelReplicationHandshake(s, false, 'replicaof');
  if (wasMaster) {
    replicationDiscardCachedMaster(s);
    replicationCacheMasterUsingMyself(s);
  }
  setReplState(s, 'REPL_STATE_CONNECT');
  log(s, '*', `Connecting to MASTER ${host}:${port}`);
  connectWithMaster(s, 'replicaof');
}

/**
 * replicationCacheMasterUsingMyself(): a master turning replica offers its own history (replid
 * and offset) in its first PSYNC: it may be a prefix of the new master's.
 */
function replicationCacheMasterUsingMyself(s: NodeState): void {
  log(s, '*', 'Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.');
  s.cachedMaster = { replId: s.replId, reploff: s.masterReplOffset, db: 0 };
}

/** REPLICAOF NO ONE (replicationUnsetMaster). */
export function replicationUnsetMaster(s: NodeState): void {
  if (s.masterHost === null) return;
  s.masterHost = null;
  event(s, { type: 'roleChanged', to: 'master', master: null });
  if (s.master) freeMasterClient(s, true, 'replicaof');
  replicationDiscardCachedMaster(s);
  cancelReplicationHandshake(s, false, 'replicaof');
  shiftReplicationId(s);
  disconnectSlaves(s, 'replicaof');
  setReplState(s, 'REPL_STATE_NONE');
  s.slaveSelDb = -1;
  s.noReplicasSinceMs = s.nowMs;
  s.replDownSinceMs = 0;
}

/**
 * freeClient(server.master): "Connection with master lost.", then the master is cached for a
 * later PSYNC (replicationCacheMaster). `cause` is why the link went down.
 */
export function freeMasterClient(s: NodeState, closeConn: boolean, cause: LinkLostCause): void {
  const m = s.master;
  if (!m) return;
  if (closeConn) emit(s, { type: 'close', connId: m.connId });
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
  if (s.masterHost !== null) {
    log(s, '*', `Reconnecting to MASTER ${s.masterHost}:${s.masterPort} after failure`);
    connectWithMaster(s, 'reconnect');
  }
}

/** sendCommand(): a handshake command to the master. */
function sendCommand(s: NodeState, argv: string[]): void {
  send(s, s.handshake!.connId, encodeCommand(argv), 'handshake', { label: argv.join(' ') });
}

/** Our connect() completed (syncWithMaster, REPL_STATE_CONNECTING). */
export function replicaConnEstablished(s: NodeState, id: string): boolean {
  const h = s.handshake;
  if (!h || h.connId !== id || s.replState !== 'REPL_STATE_CONNECTING') return false;
  log(s, '*', 'Non blocking connect for SYNC fired the event.');
  h.lastIoMs = s.nowMs;
  setReplState(s, 'REPL_STATE_RECEIVE_PING_REPLY');
  sendCommand(s, ['PING']);
  return true;
}

export function replicaConnFailed(s: NodeState, id: string, error: string): boolean {
  const h = s.handshake;
  if (!h || h.connId !== id) return false;
  log(s, '#', `Error condition on socket for SYNC: ${error}`);
  s.handshake = null;
  setReplState(s, 'REPL_STATE_CONNECT');
  return true;
}

/** The handshake or transfer connection was closed by the master. */
export function replicaHandshakeClosed(s: NodeState, id: string, reason: 'closed' | 'reset'): boolean {
  const h = s.handshake;
  if (!h || h.connId !== id) return false;
  handshakeLinkLost(s, reason);
  if (s.replState === 'REPL_STATE_TRANSFER') {
    log(s, '#', 'I/O error trying to sync with MASTER: connection lost');
    s.handshake = null;
    setReplState(s, 'REPL_STATE_CONNECT');
    log(s, '*', `Reconnecting to MASTER ${s.masterHost}:${s.masterPort} after failure`);
    connectWithMaster(s, 'reconnect');
  } else {
    log(s, '#', 'Master did not respond to command during SYNC handshake');
    s.handshake = null;
    setReplState(s, 'REPL_STATE_CONNECT');
  }
  return true;
}

function takeLine(s: NodeState): string | null {
  const h = s.handshake!;
  const i = h.inbuf.indexOf('\r\n');
  if (i < 0) return null;
  const line = h.inbuf.slice(0, i);
  h.inbuf = h.inbuf.slice(i + 2);
  return line;
}

/**
 * syncWithMaster(): bytes on the handshake connection advance the REPL_STATE_* machine as far as
 * they allow (in TRANSFER they are the RDB: readSyncBulkPayload).
 */
export function syncWithMaster(s: NodeState, id: string, data: string): boolean {
  const h = s.handshake;
  if (!h || h.connId !== id) return false;
  h.inbuf += data;
  h.lastIoMs = s.nowMs;
  for (;;) {
    const st = s.replState;
    if (st === 'REPL_STATE_TRANSFER') return readSyncBulkPayload(s), true;
    if (!s.handshake) return true;
    // Keepalive newlines from a master preparing the RDB arrive before +FULLRESYNC too.
    while (h.inbuf.startsWith('\n')) h.inbuf = h.inbuf.slice(1);
    const line = takeLine(s);
    if (line === null) return true;
    if (st === 'REPL_STATE_RECEIVE_PING_REPLY') {
      if (line[0] === '-' && !line.startsWith('-NOAUTH') && !line.startsWith('-NOPERM') && !line.startsWith('-ERR operation not permitted')) {
        log(s, '#', `Error reply to PING from master: '${line}'`);
        cancelReplicationHandshake(s, false, 'protocol-error');
        return true;
      }
      log(s, '*', 'Master replied to PING, replication can continue...');
      sendCommand(s, ['REPLCONF', 'listening-port', String(s.port)]);
      sendCommand(s, ['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
      setReplState(s, 'REPL_STATE_RECEIVE_PORT_REPLY');
    } else if (st === 'REPL_STATE_RECEIVE_PORT_REPLY') {
      if (line[0] === '-') log(s, '*', `(Non critical) Master does not understand REPLCONF listening-port: ${line}`);
      setReplState(s, 'REPL_STATE_RECEIVE_CAPA_REPLY');
    } else if (st === 'REPL_STATE_RECEIVE_CAPA_REPLY') {
      if (line[0] === '-') log(s, '*', `(Non critical) Master does not understand REPLCONF capa: ${line}`);
      setReplState(s, 'REPL_STATE_SEND_PSYNC');
      slaveTryPartialResynchronization(s, null);
    } else if (st === 'REPL_STATE_RECEIVE_PSYNC_REPLY') {
      slaveTryPartialResynchronization(s, line);
    } else {
      return true;
    }
  }
}

/**
 * slaveTryPartialResynchronization(): without a reply yet, send PSYNC <cached replid> <offset>
 * (PSYNC ? -1 with no cached master); with the master's reply, act on +FULLRESYNC, +CONTINUE or
 * an error.
 */
function slaveTryPartialResynchronization(s: NodeState, reply: string | null): void {
  const h = s.handshake!;
  if (reply === null) {
    psyncWrite(s, h);
    return;
  }
  const line = reply;
  if (line.startsWith('+FULLRESYNC')) {
    const parts = line.split(' ');
    if (parts.length < 3 || parts[1].length !== 40) {
      log(s, '#', 'Master replied with wrong +FULLRESYNC syntax.');
      h.fullReplId = '0000000000000000000000000000000000000000';
      h.fullOffset = -1;
    } else {
      h.fullReplId = parts[1];
      h.fullOffset = Number(parts[2]);
      log(s, '*', `Full resync from master: ${h.fullReplId}:${h.fullOffset}`);
    }
    // The cached master is kept until the RDB has arrived (replicationAttachToNewMaster): a
    // transfer cut off midway is retried with PSYNC <cached replid> <offset>.
    setReplState(s, 'REPL_STATE_TRANSFER');
    h.transferSize = -1;
    h.transferRead = 0;
    h.rdb = '';
    return;
  }
  if (line.startsWith('+CONTINUE')) {
    log(s, '*', 'Successful partial resynchronization with master.');
    const newId = line.slice('+CONTINUE'.length).trim();
    const cached = s.cachedMaster!;
    let replId = cached.replId;
    if (newId.length === 40 && newId !== cached.replId) {
      // The master changed history (a failover): keep the old ID valid up to our offset.
      s.replId2 = cached.replId;
      s.secondReplOffset = s.masterReplOffset + 1;
      s.replId = newId;
      replId = newId;
      log(s, '#', `Master replication ID changed to ${newId}`);
      event(s, { type: 'replIdChanged', replId: s.replId, replId2: s.replId2, secondReplOffset: s.secondReplOffset });
      disconnectSlaves(s, 'history-changed');
    }
    const rest = h.inbuf;
    const m = replicationResurrectCachedMaster(s, replId);
    if (s.backlog === null) createReplicationBacklog(s);
    log(s, '*', 'MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.');
    event(s, { type: 'syncFinished', master: m.peer, mode: 'partial', offset: m.reploff });
    if (rest.length > 0) readQueryFromClient(s, rest);
    return;
  }
  if (line.startsWith('-NOMASTERLINK') || line.startsWith('-LOADING')) {
    log(s, '*', `Master is currently unable to PSYNC but should be in the future: ${line}`);
  } else if (line.startsWith('-')) {
    log(s, '#', `Unexpected reply to PSYNC from master: ${line}`);
  } else {
    log(s, '#', `Unexpected reply to PSYNC from master: ${line}`);
  }
  cancelReplicationHandshake(s, false, 'protocol-error');
}


/** slaveTryPartialResynchronization() before the reply: what to ask for. */
function psyncWrite(s: NodeState, h: Handshake): void {
  if (s.cachedMaster) {
    h.psyncReplId = s.cachedMaster.replId;
    h.psyncOffset = s.cachedMaster.reploff + 1;
    log(s, '*', `Trying a partial resynchronization (request ${h.psyncReplId}:${h.psyncOffset}).`);
  } else {
    h.psyncReplId = '?';
    h.psyncOffset = -1;
    log(s, '*', 'Partial resynchronization not possible (no cached master)');
  }
  sendCommand(s, ['PSYNC', h.psyncReplId, String(h.psyncOffset)]);
  setReplState(s, 'REPL_STATE_RECEIVE_PSYNC_REPLY');
}

/** replicationResurrectCachedMaster(): after +CONTINUE the cached master is the master again, on the new link. */
function replicationResurrectCachedMaster(s: NodeState, replId: string): MasterLink {
  const cached = s.cachedMaster!;
  s.cachedMaster = null;
  return replicationCreateMasterClient(s, replId, cached.reploff, cached.db);
}

/** replicationAttachToNewMaster(): a new history comes: our sub-replicas must resync, our backlog goes. */
function replicationAttachToNewMaster(s: NodeState): void {
  replicationDiscardCachedMaster(s);
  disconnectSlaves(s, 'history-changed');
  freeReplicationBacklog(s);
}

/** replicationCreateMasterClient(): the handshake connection becomes the master client; the link is up. */
function replicationCreateMasterClient(s: NodeState, replId: string, reploff: number, db: number): MasterLink {
  const h = s.handshake!;
  const m: MasterLink = { connId: h.connId, peer: h.peer, replId, reploff, readReploff: reploff, db, inbuf: '', lastInteractionMs: s.nowMs, multi: null };
  s.handshake = null;
  s.master = m;
  setReplState(s, 'REPL_STATE_CONNECTED');
  s.replDownSinceMs = 0;
  return m;
}

/** readSyncBulkPayload(): the RDB preamble ($len or $EOF:mark), its bytes, then load it. */
function readSyncBulkPayload(s: NodeState): void {
  const h = s.handshake!;
  if (h.transferSize === -1 && h.eofMark === '') {
    while (h.inbuf.startsWith('\n')) h.inbuf = h.inbuf.slice(1); // keepalives before the payload
    const line = takeLine(s);
    if (line === null) return;
    if (line[0] === '-') {
      log(s, '#', `MASTER aborted replication with an error: ${line.slice(1)}`);
      cancelReplicationHandshake(s, true, 'protocol-error');
      return;
    }
    if (line[0] !== '$') {
      log(s, '#', `Bad protocol from MASTER, the first byte is not '$' (we received '${line}'), are you sure the host and port are right?`);
      cancelReplicationHandshake(s, true, 'protocol-error');
      return;
    }
    if (line.startsWith('$EOF:') && line.length - 5 >= 40) {
      h.eofMark = line.slice(5, 45);
      h.transferSize = 0;
      log(s, '*', 'MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk');
    } else {
      h.transferSize = Number(line.slice(1));
      log(s, '*', `MASTER <-> REPLICA sync: receiving ${h.transferSize} bytes from master to disk`);
    }
  }
  let done = false;
  if (h.eofMark) {
    h.rdb += h.inbuf;
    h.transferRead += h.inbuf.length;
    h.inbuf = '';
    if (h.rdb.length >= 40 && h.rdb.endsWith(h.eofMark)) {
      h.rdb = h.rdb.slice(0, -40);
      done = true;
    }
  } else {
    const need = h.transferSize - h.rdb.length;
    const take = h.inbuf.slice(0, need);
    h.rdb += take;
    h.transferRead += take.length;
    h.inbuf = h.inbuf.slice(take.length);
    done = h.rdb.length === h.transferSize;
  }
  if (!done) return;
  const rest = h.inbuf;
  const usemark = h.eofMark !== '';
  replicationAttachToNewMaster(s);
  log(s, '*', 'MASTER <-> REPLICA sync: Flushing old data');
  log(s, '*', 'MASTER <-> REPLICA sync: Loading DB in memory');
  const loaded = rdbLoad(s, h.rdb, false);
  if (!loaded.ok) {
    log(s, '#', 'Failed trying to load the MASTER synchronization DB from disk: Invalid argument');
    cancelReplicationHandshake(s, true, 'protocol-error');
    return;
  }
  s.disk.rdb = h.rdb;
  s.disk.rdbSavedAtMs = s.nowMs;
  const m = replicationCreateMasterClient(s, h.fullReplId, h.fullOffset, loaded.replStreamDb);
  s.replId = m.replId;
  s.masterReplOffset = m.reploff;
  clearReplicationId2(s);
  createReplicationBacklog(s);
  log(s, '*', 'MASTER <-> REPLICA sync: Finished with success');
  event(s, { type: 'syncFinished', master: m.peer, mode: 'full', offset: s.masterReplOffset });
  event(s, { type: 'replIdChanged', replId: s.replId, replId2: s.replId2, secondReplOffset: s.secondReplOffset });
  if (usemark) replicationSendAck(s);
  if (rest.length > 0) readQueryFromClient(s, rest);
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
