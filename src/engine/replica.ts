// Replica side of replication (replication.c, "SLAVE" half): REPLICAOF, the REPL_STATE_*
// handshake (PING, REPLCONF listening-port, REPLCONF capa, PSYNC — or SYNC in 2.6), the master's
// answer, receiving and loading the RDB. The link itself (connecting, losing the master, the cached
// master that makes a partial resync possible, REPLCONF ACK) is in replica-link.ts; SLAVEOF as
// 2.6–4.0 ran it in sync-legacy.ts. The master's stream is run by the node's step with
// replica-stream.ts; the timeouts are in replication-cron.ts.

import { rdbLoad } from './persistence.ts';
import { capaArgs, dropsHistoryOnFullResync, pipelinesHandshake, protocolOf, reconnectsAtOnce, replicaWords } from './psync-versions.ts';
import { atLeast } from './version.ts';
import { clearReplicationId2, createReplicationBacklog, disconnectAllBlockedClients, freeReplicationBacklog, shiftReplicationId } from './master.ts';
import {
  cancelReplicationHandshake, connectWithMaster, disconnectSlaves, freeMasterClient, handshakeLinkLost, readQueryFromClient,
  replicationCacheMasterUsingMyself, replicationDiscardCachedMaster, replicationSendAck, sendCommand, setReplState, takeLine,
} from './replica-link.ts';
import { legacySetMaster, legacyUnsetMaster } from './sync-legacy.ts';
import { event, log, type Handshake, type MasterLink, type NodeState } from './state.ts';

// What the rest of the engine reaches through this module.
export {
  cacheMyselfLine, cancelReplicationHandshake, connectWithMaster, freeMasterClient, readQueryFromClient,
  replicationLinksShutdown, replicationSendAck, setReplState, slaveIsInHandshakeState,
} from './replica-link.ts';

/** REPLICAOF host port (replicationSetMaster). */
export function replicationSetMaster(s: NodeState, host: string, port: number): void {
  if (!atLeast(s.version, '6.2')) {
    legacySetMaster(s, host, port);
    return;
  }
  const wasMaster = s.masterHost === null;
  // masterhost is cleared first: freeing the master client would otherwise reconnect to it.
  s.masterHost = null;
  if (s.master) freeMasterClient(s, true, 'replicaof');
  disconnectAllBlockedClients(s);
  s.masterHost = host;
  s.masterPort = port;
  event(s, { type: 'roleChanged', to: 'replica', master: `${host}:${port}` });
  // 6.2 drops its replicas here (they resync with it); 7.0 keeps them, they may continue partially.
  if (!atLeast(s.version, '7.0')) disconnectSlaves(s, 'replicaof');
  cancelReplicationHandshake(s, false, 'replicaof');
  if (wasMaster) {
    replicationDiscardCachedMaster(s);
    replicationCacheMasterUsingMyself(s);
  }
  setReplState(s, 'REPL_STATE_CONNECT');
  log(s, '*', `Connecting to MASTER ${host}:${port}`);
  connectWithMaster(s, 'replicaof');
}

/** REPLICAOF NO ONE (replicationUnsetMaster). */
export function replicationUnsetMaster(s: NodeState): void {
  if (s.masterHost === null) return;
  if (protocolOf(s) !== 'psync2') {
    legacyUnsetMaster(s);
    return;
  }
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
    if (!reconnectsAtOnce(s)) return true;
    log(s, '*', `Reconnecting to MASTER ${s.masterHost}:${s.masterPort} after failure`);
    connectWithMaster(s, 'reconnect');
  } else if (s.replState === 'REPL_STATE_RECEIVE_PSYNC_REPLY' && atLeast(s.version, '7.0')) {
    // slaveTryPartialResynchronization() read nothing: PSYNC_TRY_LATER, the next replicationCron retries.
    log(s, '#', 'Master did not reply to PSYNC, will try later');
    s.handshake = null;
    setReplState(s, 'REPL_STATE_CONNECT');
  } else {
    log(s, '#', 'Master did not respond to command during SYNC handshake');
    s.handshake = null;
    setReplState(s, 'REPL_STATE_CONNECT');
  }
  return true;
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
      if (pipelinesHandshake(s)) sendCommand(s, capaArgs(s)!);
      setReplState(s, 'REPL_STATE_RECEIVE_PORT_REPLY');
    } else if (st === 'REPL_STATE_RECEIVE_PORT_REPLY') {
      if (line[0] === '-') {
        log(s, '*', protocolOf(s) === 'sync'
          ? `(non critical): Master does not understand REPLCONF listening-port: Error from master: ${line}`
          : `(Non critical) Master does not understand REPLCONF listening-port: ${line}`);
      }
      const capa = capaArgs(s);
      if (capa === null) {
        sendSyncCommand(s);
        continue;
      }
      if (!pipelinesHandshake(s)) sendCommand(s, capa);
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

/** 2.6: SYNC, then the RDB follows ($len, with newlines before it while the master saves). */
function sendSyncCommand(s: NodeState): void {
  const h = s.handshake!;
  h.psyncReplId = '?';
  h.psyncOffset = -1;
  sendCommand(s, ['SYNC']);
  setReplState(s, 'REPL_STATE_TRANSFER');
  h.transferSize = -1;
  h.transferRead = 0;
  h.rdb = '';
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
    // 7.0 keeps the cached master until the RDB has arrived (replicationAttachToNewMaster): a
    // transfer cut off midway is retried with PSYNC <cached replid> <offset>. Before, it goes now,
    // and so do the sub-replicas and the backlog (syncWithMaster after a failed PSYNC).
    if (dropsHistoryOnFullResync(s)) {
      replicationDiscardCachedMaster(s);
      disconnectSlaves(s, 'history-changed');
      freeReplicationBacklog(s);
    }
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
    if (s.backlog === null && protocolOf(s) === 'psync2') createReplicationBacklog(s);
    log(s, '*', `MASTER <-> ${replicaWords(s).REPLICA} sync: Master accepted a Partial Resynchronization.`);
    event(s, { type: 'syncFinished', master: m.peer, mode: 'partial', offset: m.reploff });
    if (rest.length > 0) readQueryFromClient(s, rest);
    return;
  }
  if (protocolOf(s) === 'psync1' && line.startsWith('-ERR')) {
    // 2.8: PSYNC refused with an error: forget the cached master and fall back to SYNC (whose
    // answer, an error again when the master cannot sync, aborts the transfer and we retry).
    log(s, '*', `Master does not support PSYNC or is in error state (reply: ${line})`);
    replicationDiscardCachedMaster(s);
    disconnectSlaves(s, 'history-changed');
    freeReplicationBacklog(s);
    log(s, '*', 'Retrying with SYNC...');
    sendSyncCommand(s);
    return;
  }
  if (line.startsWith('-NOMASTERLINK') || line.startsWith('-LOADING')) {
    log(s, '*', `Master is currently unable to PSYNC but should be in the future: ${line}`);
  } else if (line.startsWith('-ERR')) {
    log(s, '*', `Master does not support PSYNC or is in error state (reply: ${line})`);
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
    const newer = atLeast(s.version, '6.2');
    const W = replicaWords(s).REPLICA;
    if (line.startsWith('$EOF:') && line.length - 5 >= 40) {
      h.eofMark = line.slice(5, 45);
      h.transferSize = 0;
      log(s, '*', `MASTER <-> ${W} sync: receiving streamed RDB from master${newer ? ' with EOF to disk' : ''}`);
    } else {
      h.transferSize = Number(line.slice(1));
      log(s, '*', `MASTER <-> ${W} sync: receiving ${h.transferSize} bytes from master${newer ? ' to disk' : ''}`);
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
  const proto = protocolOf(s);
  const W = replicaWords(s).REPLICA;
  replicationAttachToNewMaster(s);
  if (proto !== 'sync') log(s, '*', `MASTER <-> ${W} sync: Flushing old data`);
  log(s, '*', `MASTER <-> ${W} sync: Loading DB in memory`);
  const loaded = rdbLoad(s, h.rdb, false);
  if (!loaded.ok) {
    log(s, '#', 'Failed trying to load the MASTER synchronization DB from disk: Invalid argument');
    cancelReplicationHandshake(s, true, 'protocol-error');
    return;
  }
  s.disk.rdb = h.rdb;
  s.disk.rdbSavedAtMs = s.nowMs;
  const m = replicationCreateMasterClient(s, h.fullReplId, h.fullOffset, loaded.replStreamDb);
  if (proto !== 'psync2') {
    // 2.6 and 2.8: the replica keeps its own run_id and offset; the master's run_id and offset live
    // in the master client (2.8: repl_master_runid, master->reploff). No backlog until a replica of ours syncs.
    log(s, '*', `MASTER <-> ${W} sync: Finished with success`);
    event(s, { type: 'syncFinished', master: m.peer, mode: 'full', offset: m.reploff });
    if (usemark && proto === 'psync1') replicationSendAck(s);
    if (rest.length > 0) readQueryFromClient(s, rest);
    return;
  }
  s.replId = m.replId;
  s.masterReplOffset = m.reploff;
  clearReplicationId2(s);
  createReplicationBacklog(s);
  log(s, '*', `MASTER <-> ${W} sync: Finished with success`);
  event(s, { type: 'syncFinished', master: m.peer, mode: 'full', offset: s.masterReplOffset });
  event(s, { type: 'replIdChanged', replId: s.replId, replId2: s.replId2, secondReplOffset: s.secondReplOffset });
  if (usemark) replicationSendAck(s);
  if (rest.length > 0) readQueryFromClient(s, rest);
}
