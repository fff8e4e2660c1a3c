// Strings for the notable moments of a run (moment.*): a PSYNC verdict and why, a finished sync,
// a lost link and why, a replica dropped for its output buffer. The timeline's markers, the backlog
// ring, the handshake diagram and the output-buffer gauges word them with these, in English and
// Simplified Chinese. Redis's tokens stay untranslated.

export const en = {
  'moment.psync.accepted': 'Partial resync accepted: {replica} from offset {offset}',
  'moment.psync.full': 'Full resync for {replica}: {why}',
  'moment.why.accepted': 'offset {offset} is in the backlog',
  'moment.why.full-requested': 'the replica asked for one (PSYNC ? -1)',
  'moment.why.sync': 'SYNC (Redis 2.6 always syncs in full)',
  'moment.why.runid-mismatch': 'run_id mismatch',
  'moment.why.replid-mismatch': 'replication ID mismatch',
  'moment.why.second-id-offset': 'offset {offset} is past the end of the previous replication ID',
  'moment.why.no-backlog': 'the master has no backlog',
  'moment.why.offset-out-of-range': 'offset {offset} is not in the backlog',
  'moment.synced.full': '{node} finished its full sync with {master} at offset {offset}',
  'moment.synced.partial': '{node} finished its partial resync with {master} at offset {offset}',
  'moment.lost.replica': '{node} lost its link to master {peer}: {cause}',
  'moment.lost.master': '{node} lost its link to replica {peer}: {cause}',
  'moment.cause.timeout': 'timeout (repl-timeout)',
  'moment.cause.reset': 'the connection was reset',
  'moment.cause.closed': 'the connection was closed',
  'moment.cause.replicaof': 'REPLICAOF',
  'moment.cause.shutdown': 'SHUTDOWN',
  'moment.cause.crash': '{peer} crashed',
  'moment.cause.output-buffer-limit': 'output buffer limit',
  'moment.cause.protocol-error': 'protocol error',
  'moment.cause.client-kill': 'CLIENT KILL',
  'moment.cause.history-changed': 'its master changed replication history',
  'moment.bufferLimit.hard': '{node} dropped {replica}: output buffer {usage} reached the hard limit {hard}',
  'moment.bufferLimit.soft': '{node} dropped {replica}: output buffer {usage} stayed over the soft limit {soft} for {secs} s',
} as const;
