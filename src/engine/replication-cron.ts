// replicationCron(): replication's once-a-second housekeeping, both halves in Redis's order —
// the replica's timeouts, reconnect and ACK, then the master's PING to its replicas, newlines to
// replicas waiting for their RDB, replica timeouts, the backlog's time to live and the delayed
// fork of a diskless sync.

import { configInt } from './config.ts';
import {
  changeReplicationId, clearReplicationId2, freeClient, freeReplicationBacklog, refreshGoodSlavesCount,
  replicationFeedSlaves, writeToReplica,
} from './master.ts';
import { replicationStartPendingFork } from './master-sync.ts';
import {
  cancelReplicationHandshake, connectWithMaster, freeMasterClient, replicationSendAck, slaveIsInHandshakeState,
} from './replica.ts';
import { protocolOf, replicaWords, sendsAcks } from './psync-versions.ts';
import { encodeCommand } from './resp.ts';
import { log, replicaName, replicas, send, unixSec, type NodeState } from './state.ts';
import { atLeast } from './version.ts';

export function replicationCron(s: NodeState): void {
  const timeout = configInt(s.config, 'repl-timeout');
  const proto = protocolOf(s);
  const now = unixSec(s.nowMs);

  // Replica side: a handshake or an RDB transfer that stalled, a silent master.
  if (s.masterHost !== null && s.handshake && (s.replState === 'REPL_STATE_CONNECTING' || slaveIsInHandshakeState(s)) && now - unixSec(s.handshake.lastIoMs) > timeout) {
    log(s, '#', 'Timeout connecting to the MASTER...');
    cancelReplicationHandshake(s, true, 'timeout');
  }
  if (s.masterHost !== null && s.handshake && s.replState === 'REPL_STATE_TRANSFER' && now - unixSec(s.handshake.lastIoMs) > timeout) {
    log(s, '#', "Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' parameter in redis.conf to a larger value.");
    cancelReplicationHandshake(s, true, 'timeout');
  }
  if (s.masterHost !== null && s.master && s.replState === 'REPL_STATE_CONNECTED' && now - unixSec(s.master.lastInteractionMs) > timeout) {
    log(s, '#', proto === 'sync' ? 'MASTER time out: no data nor PING received...' : 'MASTER timeout: no data nor PING received...');
    freeMasterClient(s, true, 'timeout');
  }
  if (s.replState === 'REPL_STATE_CONNECT' && s.masterHost !== null && !s.handshake) {
    log(s, '*', `Connecting to MASTER ${s.masterHost}:${s.masterPort}`);
    // No connection tried yet in this process: the replicaof line of the config, read at start.
    connectWithMaster(s, s.connectWhy ?? (s.nextConnSeq === 1 ? 'config' : 'reconnect'));
  }
  if (s.masterHost !== null && s.master && sendsAcks(s)) replicationSendAck(s);

  const period = configInt(s.config, 'repl-ping-replica-period');
  if (proto === 'sync') {
    syncMasterCron(s, period);
    s.replCronLoops++;
    return;
  }
  // Master side. PING goes with the replicas' current db, so it never causes a SELECT.
  if (s.replCronLoops % period === 0 && replicas(s).length > 0) replicationFeedSlaves(s, s.slaveSelDb, ['PING']);
  for (const c of replicas(s)) {
    const r = c.replica!;
    const presync = r.state === 'wait_bgsave_start' || (r.state === 'wait_bgsave_end' && s.rdbChild?.target !== 'socket');
    if (presync) send(s, c.connId, '\n', 'keepalive', { label: '\\n' });
  }
  for (const c of replicas(s)) {
    const r = c.replica!;
    if (r.state === 'online' && now - unixSec(r.ackTimeMs) > timeout) {
      log(s, '#', atLeast(s.version, '6.2')
        ? `Disconnecting timedout replica (streaming sync): ${replicaName(c)}`
        : `Disconnecting timedout slave: ${replicaName(c)}`);
      freeClient(s, c, true, 'timeout');
    }
  }
  const ttl = configInt(s.config, 'repl-backlog-ttl');
  if (replicas(s).length === 0 && ttl && s.backlog && s.masterHost === null) {
    if (now - unixSec(s.noReplicasSinceMs) > ttl) {
      changeReplicationId(s);
      clearReplicationId2(s);
      freeReplicationBacklog(s);
      log(s, '*', `Replication backlog freed after ${ttl} seconds without connected ${replicaWords(s).replica}s.`);
    }
  }
  replicationStartPendingFork(s);
  refreshGoodSlavesCount(s);
  s.replCronLoops++;
}

/**
 * 2.6's master half of replicationCron: every repl-ping-slave-period seconds, a PING written to
 * each online replica (straight into its output, not through the stream's SELECT logic) and a
 * newline to those waiting for their RDB (not while the RDB is being sent). No ACKs, so no
 * replica timeout on this side; no backlog, so nothing to free.
 */
function syncMasterCron(s: NodeState, period: number): void {
  if (s.replCronLoops % period !== 0) return;
  for (const c of replicas(s)) {
    const r = c.replica!;
    if (r.state === 'send_bulk') continue;
    if (r.state === 'online') writeToReplica(s, c, encodeCommand(['PING']), 'PING');
    else send(s, c.connId, '\n', 'keepalive', { label: '\\n' });
  }
}
