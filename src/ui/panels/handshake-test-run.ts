// The handshake and buffer panels' test helpers: scenario runs (shared with the topology tests), their `t`, and a busier two-replicas run.
import { en } from '../i18n/handshake.ts';
import { en as momentsEn } from '../i18n/moments.ts';
import { catalogueT, scenarioFile, type TopoRun } from './topology-test-run.ts';

export { runTo } from './topology-test-run.ts';
export type Run = TopoRun;
export const scenario = scenarioFile;

/** The English handshake (and moments) catalogue as the panels' `t` (a missing key shows as itself). */
export const tEn = catalogueT({ ...en, ...momentsEn }, (k) => k);

/** two-replicas.scn's cluster, with a slow link to r1 and writes before and during the RDB transfer. */
export function withWrites(limits?: string): string {
  const lines = scenario('two-replicas.scn').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const head = lines.slice(0, lines.findIndex((l) => l.startsWith('r2> REPLICAOF')) + 1);
  if (!head.join('\n').includes('r1> REPLICAOF m 6379')) throw new Error('two-replicas.scn changed');
  return [
    ...head.slice(0, 3),
    ...(limits ? [`m> CONFIG SET client-output-buffer-limit "${limits}"`] : []),
    'bandwidth m r1 64kbit',
    ...head.slice(3),
    'sleep 2s',
    'repeat 50 m> SET early:{i} value-{i}',
    'at 5100ms',
    'repeat 50 m> SET w:{i} value-{i}',
    'at 5600ms',
    'repeat 50 m> SET x:{i} value-{i}',
    'sleep 5s',
  ].join('\n');
}

/**
 * two-replicas.scn's cluster with repl-backlog-size 16kb and client-output-buffer-limit
 * "replica <limits>" (32kb 0 0 unless given), then, once both replicas are online, three
 * 9000-byte SETs from `writeAtMs`. Under 7.0's accounting a replica's output buffer is every
 * shared-buffer block it still references: when the second block is added, both count two blocks
 * (more than 32kb) and the master drops them; they come back with a partial resync.
 */
export function overflowing(limits = '32kb 0 0', writeAtMs = 8000): string {
  const lines = scenario('two-replicas.scn').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const head = lines.slice(0, lines.findIndex((l) => l.startsWith('r2> REPLICAOF')) + 1);
  if (!head.join('\n').includes('r1> REPLICAOF m 6379')) throw new Error('two-replicas.scn changed');
  return [
    ...head.slice(0, 2),
    'm> CONFIG SET repl-backlog-size 16kb',
    `m> CONFIG SET client-output-buffer-limit "replica ${limits}"`,
    ...head.slice(2),
    `at ${writeAtMs}ms`,
    `repeat 3 m> SET big:{i} ${'v'.repeat(9000)}`,
    'sleep 5s',
  ].join('\n');
}
