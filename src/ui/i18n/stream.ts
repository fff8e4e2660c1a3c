// Strings of the replication stream lane and the offset odometers (the backlog ring's are in
// ./backlog-ring.ts, loaded with it). Redis's tokens (+CONTINUE, master_repl_offset, log lines)
// stay as they are.

export const en = {
  'stream.lane.title': 'Replication stream of {master}',
  'stream.lane.summaryOne': '1 command, {bytes} B, offsets {first}–{last}',
  'stream.lane.summary': '{count} commands, {bytes} B, offsets {first}–{last}',
  'stream.lane.empty': '{master} has propagated nothing yet.',
  'stream.lane.unseen': '{master} has written {n} B of stream, but none of it has gone out on a link to a replica yet.',
  'stream.lane.gap': '{n} B never seen on a link (@{range})',
  'stream.lane.noMaster': 'No master to follow.',
  'stream.lane.aria': 'Commands propagated by {master}, oldest to newest. Arrow keys move between them.',
  'stream.lane.hidden': '{count} earlier commands (offsets {first}–{last}) not drawn',
  'stream.lane.bytes': '{n} B',
  'stream.lane.missing': '(+{n} B not recorded)',
  'stream.lane.unrecorded': '(bytes not recorded)',
  'stream.lane.detailLen': '{n} bytes: master_repl_offset {before} → {after}',
  'stream.lane.copy': 'copy sent to {replica}',
  'stream.lane.hint': 'Focus or click a command to read its bytes here.',
  'stream.odo.title': 'Replication offsets',
  'stream.odo.isMaster': 'the master',
  'stream.odo.noOffset': 'no offset yet',
  'stream.odo.otherHistory': 'another replication ID',
  'stream.odo.inStep': 'in step with {master}',
  'stream.odo.behind': '−{n} B behind',
  'stream.odo.ahead': '+{n} B ahead',
} as const;
