// Where the replication protocol of one Redis version differs from 7.0's, as small decisions the
// replica, master and cron code ask at their branch points. Each answer cites the release whose
// source it follows (2.6.17, 2.8.24, 4.0.14, 6.2.16, 7.0.15):
//   2.6  SYNC: no backlog, no offsets, no REPLCONF ACK; the master PINGs its replicas itself;
//   2.8  PSYNC <run_id> <offset>: +FULLRESYNC <run_id>, a plain +CONTINUE; nothing survives a restart;
//   4.0  PSYNC2: replid/replid2, +CONTINUE <replid>; a restarted replica reloads its history from the RDB;
//   6.2  as 4.0, with the pipelined handshake and the immediate reconnect 7.0 has;
//   7.0  a restarted master reloads its history too (as replid2), the RDB of a failed PSYNC is awaited with the cached master kept.

import { encodeCommand } from './resp.ts';
import type { NodeState } from './state.ts';
import { atLeast, versionProfile, type SyncProtocol } from './version.ts';

export function protocolOf(s: NodeState): SyncProtocol {
  return versionProfile(s.version).protocol;
}

/** The words Redis used for a replica before 5.0 renamed them: "slave", "SLAVE". */
export interface ReplicaWords {
  /** "Slave" / "Replica" (start of a sentence). */
  readonly Replica: string;
  /** "slave" / "replica". */
  readonly replica: string;
  /** "SLAVE" / "REPLICA" ("MASTER <-> SLAVE sync"). */
  readonly REPLICA: string;
}

const SLAVE: ReplicaWords = { Replica: 'Slave', replica: 'slave', REPLICA: 'SLAVE' };
const REPLICA: ReplicaWords = { Replica: 'Replica', replica: 'replica', REPLICA: 'REPLICA' };

export function replicaWords(s: NodeState): ReplicaWords {
  return atLeast(s.version, '6.2') ? REPLICA : SLAVE;
}

/**
 * How a replica writes its handshake commands: up to 4.0 sendSynchronousCommand() writes the
 * inline form ("PING\r\n", "REPLCONF listening-port 6380\r\n"); from 6.0 sendCommand() writes RESP.
 */
export function encodeHandshakeCommand(s: NodeState, argv: readonly string[]): string {
  return atLeast(s.version, '6.2') ? encodeCommand(argv) : argv.join(' ') + '\r\n';
}

/**
 * 6.2 and 7.0 write REPLCONF listening-port and REPLCONF capa together and read both replies;
 * up to 4.0 each command waits for its reply before the next is written.
 */
export function pipelinesHandshake(s: NodeState): boolean {
  return atLeast(s.version, '6.2');
}

/** The REPLCONF capa a replica announces: 2.8 "capa eof", 4.0+ "capa eof capa psync2", 2.6 none. */
export function capaArgs(s: NodeState): string[] | null {
  const p = protocolOf(s);
  if (p === 'sync') return null;
  if (p === 'psync1') return ['REPLCONF', 'capa', 'eof'];
  return ['REPLCONF', 'capa', 'eof', 'capa', 'psync2'];
}

/**
 * After a lost link, a failed handshake or REPLICAOF: 6.2 and 7.0 connect again at once
 * (replicationHandleMasterDisconnection, cancelReplicationHandshake(1), replicationSetMaster);
 * up to 4.0 the next replicationCron, up to a second later, does.
 */
export function reconnectsAtOnce(s: NodeState): boolean {
  return atLeast(s.version, '6.2');
}

/**
 * Up to 6.2, +FULLRESYNC discards the cached master at once and syncWithMaster() drops the
 * sub-replicas and the backlog before the RDB arrives; 7.0 keeps them until the RDB is loaded
 * (a transfer cut midway is retried with the cached master).
 */
export function dropsHistoryOnFullResync(s: NodeState): boolean {
  return !atLeast(s.version, '7.0');
}

/** Does the replication info (repl-id, repl-offset, repl-stream-db) go into the RDB? From 4.0. */
export function rdbKeepsReplInfo(s: NodeState): boolean {
  return atLeast(s.version, '4.0');
}

/**
 * loadDataFromDisk(): 4.0 and 6.2 restore the history from the RDB only when the node starts as a
 * replica; 7.0 also when it starts as a master (as replid2, so its replicas can PSYNC).
 */
export function masterReloadsReplInfo(s: NodeState): boolean {
  return atLeast(s.version, '7.0');
}

/** Does the replica send REPLCONF ACK every second? Not in 2.6 (no offsets). */
export function sendsAcks(s: NodeState): boolean {
  return protocolOf(s) !== 'sync';
}

/** SYNC in 2.6, PSYNC after: what the master answers a request (for the frames' labels and the log). */
export function fullResyncLine(s: NodeState, offset: number): string | null {
  return protocolOf(s) === 'sync' ? null : `+FULLRESYNC ${s.replId} ${offset}\r\n`;
}
