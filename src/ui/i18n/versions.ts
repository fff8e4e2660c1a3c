// Strings of the Redis version switch: the picker, which version wins and why, the commands a
// version does not know. The compare view's, the backlog arithmetic's and the version notes' are in
// ./version-panels.ts, loaded with those panels.
export const en = {
  'version.label': 'Redis',
  'version.pickerHint': 'The Redis version the run plays. Choosing one restarts the run from the start: same scenario, same seed.',
  'version.option.2.6': '2.6 · SYNC',
  'version.option.2.8': '2.8 · PSYNC run_id',
  'version.option.4.0': '4.0 · PSYNC2',
  'version.option.6.2': '6.2 · PSYNC2, ring',
  'version.option.7.0': '7.0 · shared buffer',
  'version.source.pickOverLine': 'picked here: it wins over the scenario’s “version {own}” line',
  'version.source.pick': 'picked here (the scenario has no version line, so it would run 7.0)',
  'version.source.line': 'from the scenario’s “version {own}” line',
  'version.source.default': 'the default: the scenario has no version line',
  'version.compare': 'Compare with',
  'version.compareNone': '—',
  'version.compareNoneShort': 'vs…',
  'version.compareHint': 'Run the same scenario under a second version and show both side by side',

  'version.captionNote': 'This text was written for Redis {written}; the run plays Redis {version} (picked), so what it says about handshakes, INFO fields, defaults and sizes may not hold here. “Compare with” shows both runs.',
  'version.unknown.title': 'Redis {version} does not know {n} of the commands this scenario types:',
  'version.unknown.hint': 'Before 5.0 a replica attaches with SLAVEOF (REPLICAOF came in 5.0); ROLE came in 2.8.12, WAIT in 3.0. Redis answers as above, so the replicas of this run may never attach. The example replica-restart-versions is written to run under every version.',
  'version.unknown.open': 'Open replica-restart-versions under {version}',
  'version.unknown.slaveof': 'Run this scenario under {version} with SLAVEOF instead of REPLICAOF',

  'ring.none26': 'Redis 2.6 has no replication backlog: {node} keeps no history of its stream, so every connect and every reconnect of a replica is a full sync (SYNC, then a whole RDB).',
  'ring.none26short': 'Redis 2.6 has no backlog: every reconnect is a full sync',
  'ring.label.ring': 'ring, {version}',
  'ring.label.shared': 'shared buffer blocks, {version}',
} as const;
