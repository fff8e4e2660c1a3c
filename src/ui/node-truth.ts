// What a node card may say, and no more: a node that is not running shows only that and what is
// on its disk (its last view in memory is gone with the process); a master's replica row shows
// the offset sent to that replica and the offset it ACKed, each named.
import type { NodeView } from '../runtime/protocol.ts';
import type { DiskView } from '../runtime/timeline.ts';
import { formatBytes } from './format.ts';

type Tr = (key: string, vars?: Record<string, string | number>) => string;

/** The lines about a stopped node's disk: its dump.rdb, and its config file's replicaof line. */
export function diskLines(disk: DiskView | undefined, t: Tr): string[] {
  if (!disk) return [t('cards.disk.unknown')];
  const rdb = disk.rdbBytes === null
    ? t('cards.disk.noRdb')
    : t('cards.disk.rdb', { bytes: formatBytes(disk.rdbBytes), t: ((disk.rdbSavedAtMs ?? 0) / 1000).toFixed(3) });
  const conf = disk.replicaof === null ? t('cards.disk.noReplicaof') : t('cards.disk.replicaof', { target: disk.replicaof });
  return [rdb, conf];
}

export type ReplicaRow = NodeView['replicas'][number];

/**
 * The stream offset written to a replica's socket: master_repl_offset minus the bytes still in its
 * output buffer. Only for an online replica (before that, its buffer holds what waits for the
 * RDB to end): null otherwise.
 */
export function sentOffset(master: NodeView, r: ReplicaRow): number | null {
  return r.state === 'online' ? master.masterReplOffset - r.pendingBytes : null;
}
