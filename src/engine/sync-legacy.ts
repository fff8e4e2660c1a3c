// SLAVEOF as Redis 2.6, 2.8 and 4.0 ran it (replicationSetMaster / replicationUnsetMaster of
// those releases): no immediate connect (the next replicationCron makes it), the replicas dropped
// at once, and what each keeps of its history.

import { freeReplicationBacklog } from './master.ts';
import { protocolOf } from './psync-versions.ts';
import {
  cancelReplicationHandshake, disconnectSlaves, freeMasterClient, replicationCacheMasterUsingMyself,
  replicationDiscardCachedMaster, setReplState,
} from './replica-link.ts';
import { event, replicas, type NodeState } from './state.ts';

/**
 * SLAVEOF host port up to 4.0 (replicationSetMaster / slaveofCommand): the replicas are dropped,
 * and the next replicationCron connects. 2.8 forgets its history (no cached master, no backlog,
 * offset 0: the first PSYNC is "? -1"); 4.0 offers its own history as the cached master.
 */
export function legacySetMaster(s: NodeState, host: string, port: number): void {
  const wasMaster = s.masterHost === null;
  const proto = protocolOf(s);
  s.masterHost = host;
  s.masterPort = port;
  if (s.master) freeMasterClient(s, true, 'replicaof');
  event(s, { type: 'roleChanged', to: 'replica', master: `${host}:${port}` });
  disconnectSlaves(s, 'replicaof');
  if (proto === 'psync1') {
    replicationDiscardCachedMaster(s);
    freeReplicationBacklog(s);
  }
  cancelReplicationHandshake(s, false, 'replicaof');
  if (proto === 'psync2' && wasMaster) replicationCacheMasterUsingMyself(s);
  setReplState(s, 'REPL_STATE_CONNECT');
  if (proto === 'psync1') s.masterReplOffset = 0;
  s.connectWhy = 'replicaof';
}

/**
 * SLAVEOF NO ONE in 2.6 and 2.8: the node keeps its run_id and its replicas (no new history to
 * announce). 2.8 with no replica of its own takes the master's offset and frees its backlog; its
 * run_id is not the one its old master's replicas know, so they will need a full resync.
 */
export function legacyUnsetMaster(s: NodeState): void {
  s.masterHost = null;
  event(s, { type: 'roleChanged', to: 'master', master: null });
  const m = s.master;
  if (m && protocolOf(s) === 'psync1' && replicas(s).length === 0) {
    s.masterReplOffset = m.reploff;
    freeReplicationBacklog(s);
  }
  if (m) freeMasterClient(s, true, 'replicaof');
  replicationDiscardCachedMaster(s);
  cancelReplicationHandshake(s, false, 'replicaof');
  setReplState(s, 'REPL_STATE_NONE');
  s.replDownSinceMs = 0;
}
