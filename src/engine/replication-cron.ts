// replicationCron(): replication's once-a-second housekeeping, both halves in Redis's order —
// the replica's timeouts, reconnect and ACK, then the master's PING to its replicas, newlines to
// replicas waiting for their RDB, replica timeouts, the backlog's time to live and the delayed
// fork of a diskless sync.

import { configInt } from './config.ts';
import {
  changeReplicationId, clearReplicationId2, freeClient, freeReplicationBacklog, refreshGoodSlavesCount,
  replicationFeedSlaves,
} from './master.ts';
import { replicationStartPendingFork } from './master-sync.ts';
import {
  cancelReplicationHandshake, connectWithMaster, freeMasterClient, replicationSendAck, slaveIsInHandshakeState,
} from './replica.ts';
import { log, replicaName, replicas, send, unixSec, type NodeState } from './state.ts';

export function replicationCron(s: NodeState): void {
  const timeout = configInt(s.config, 'repl-timeout');
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
    log(s, '#', 'MASTER timeout: no data nor PING received...');
    freeMasterClient(s, true, 'timeout');
  }
  if (s.replState === 'REPL_STATE_CONNECT' && s.masterHost !== null && !s.handshake) {
    log(s, '*', `Connecting to MASTER ${s.masterHost}:${s.masterPort}`);
    // No connection tried yet in this process: the replicaof line of the config, read at start.
    connectWithMaster(s, s.nextConnSeq === 1 ? 'config' : 'reconnect');
  }
  if (s.masterHost !== null && s.master) replicationSendAck(s);

  // Master side. PING goes with the replicas' current db, so it never causes a SELECT.
  const period = configInt(s.config, 'repl-ping-replica-period');
  if (s.replCronLoops % period === 0 && replicas(s).length > 0) replicationFeedSlaves(s, s.slaveSelDb, ['PING']);
  for (const c of replicas(s)) {
    const r = c.replica!;
    const presync = r.state === 'wait_bgsave_start' || (r.state === 'wait_bgsave_end' && s.rdbChild?.target !== 'socket');
    if (presync) send(s, c.connId, '\n', 'keepalive', { label: '\\n' });
  }
  for (const c of replicas(s)) {
    const r = c.replica!;
    if (r.state === 'online' && now - unixSec(r.ackTimeMs) > timeout) {
      log(s, '#', `Disconnecting timedout replica (streaming sync): ${replicaName(c)}`);
      freeClient(s, c, true, 'timeout');
    }
  }
  const ttl = configInt(s.config, 'repl-backlog-ttl');
  if (replicas(s).length === 0 && ttl && s.backlog && s.masterHost === null) {
    if (now - unixSec(s.noReplicasSinceMs) > ttl) {
      changeReplicationId(s);
      clearReplicationId2(s);
      freeReplicationBacklog(s);
      log(s, '*', `Replication backlog freed after ${ttl} seconds without connected replicas.`);
    }
  }
  replicationStartPendingFork(s);
  refreshGoodSlavesCount(s);
  s.replCronLoops++;
}

