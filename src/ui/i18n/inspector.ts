// Strings of the main screen's layout: the inspector tabs and section titles.
export const en = {
  'inspector.title': 'Inspector',
  'inspector.tab.nodes': 'Nodes',
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

export const zh: Record<keyof typeof en, string> = {
  'inspector.title': '检查器',
  'inspector.tab.nodes': '节点',
  'inspector.tab.backlog': '复制积压缓冲区',
  'inspector.tab.buffers': '输出缓冲区',
  'inspector.tab.handshake': '握手',
  'inspector.tab.info': 'INFO',
  'inspector.tab.charts': '复制偏移量',
  'inspector.noMaster': '还没有主节点：用 REPLICAOF 让一个节点成为从节点即可开始主从复制。',
  'inspector.noReplica': '还没有从节点开始握手。',
  'stage.title': '集群',
  'console.section': 'redis-cli',
  'lane.section': '复制流',
  'log.section': '事件日志',
  'more.section': '执行记录、操作、分支与保真度说明',
};
