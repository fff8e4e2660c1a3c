// The words each Redis version uses for a replica. Redis 5.0 renamed "slave" to "replica" in its
// log lines, errors, config names and commands (SLAVEOF kept as an alias; INFO kept its field
// names: role:slave, connected_slaves, slave0:...). Code that writes a version-dependent line
// takes its words from here instead of spelling "replica" itself.

import { atLeast, type RedisVersion } from './version.ts';

export interface ReplicaWords {
  /** "replica" (5.0+) or "slave": "Synchronization with replica 127.0.0.1:6380 succeeded". */
  readonly replica: string;
  /** "Replica" or "Slave", at the start of a sentence: "Replica 127.0.0.1:6380 asks for synchronization". */
  readonly Replica: string;
  /** "REPLICA" or "SLAVE": "MASTER <-> REPLICA sync started". */
  readonly REPLICA: string;
  /** The command a learner types to attach a node: REPLICAOF from 5.0, SLAVEOF before. */
  readonly replicaofCommand: 'REPLICAOF' | 'SLAVEOF';
  /** How the log names that command: "REPLICAOF" (5.0+) or "SLAVE OF". */
  readonly replicaofLogName: 'REPLICAOF' | 'SLAVE OF';
}

const NEW: ReplicaWords = { replica: 'replica', Replica: 'Replica', REPLICA: 'REPLICA', replicaofCommand: 'REPLICAOF', replicaofLogName: 'REPLICAOF' };
const OLD: ReplicaWords = { replica: 'slave', Replica: 'Slave', REPLICA: 'SLAVE', replicaofCommand: 'SLAVEOF', replicaofLogName: 'SLAVE OF' };

/** True for the versions that still say "slave" (everything before 5.0). */
export function saysSlave(v: RedisVersion): boolean {
  return !atLeast(v, '6.2');
}

/** The replica words of version `v`. */
export function replicaWords(v: RedisVersion): ReplicaWords {
  return saysSlave(v) ? OLD : NEW;
}
