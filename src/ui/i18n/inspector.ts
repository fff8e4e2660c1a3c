// Strings of the main screen's layout: the inspector tabs and section titles.
export const en = {
  'inspector.title': 'Inspector',
  'inspector.tab.nodes': 'Nodes',
  'inspector.tab.sentinel': 'Sentinels',
  'inspector.tab.backlog': 'Backlog',
  'inspector.tab.buffers': 'Buffers',
  'inspector.tab.handshake': 'Handshake',
  'inspector.tab.info': 'INFO',
  'inspector.tab.charts': 'Offsets',
  'inspector.noMaster': 'No master yet: make a node a replica (REPLICAOF) to start replication.',
  'inspector.noReplica': 'No replica has started a handshake yet.',
  'stage.title': 'Cluster',
  'console.section': 'redis-cli',
  'lane.section': 'Replication stream',
  'log.section': 'Event log',
  'more.section': 'Transcript, actions, branches and fidelity notes',
} as const;
