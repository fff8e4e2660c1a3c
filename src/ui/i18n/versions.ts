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

export const zh: Record<keyof typeof en, string> = {
  'version.label': 'Redis',
  'version.pickerHint': '本次运行模拟的 Redis 版本。选择后从头重新运行：同一个场景，同一个种子。',
  'version.option.2.6': '2.6 · SYNC',
  'version.option.2.8': '2.8 · PSYNC run_id',
  'version.option.4.0': '4.0 · PSYNC2',
  'version.option.6.2': '6.2 · PSYNC2，环形',
  'version.option.7.0': '7.0 · 共享缓冲区',
  'version.source.pickOverLine': '在此选择：优先于场景中的“version {own}”行',
  'version.source.pick': '在此选择（场景没有 version 行，本来会运行 7.0）',
  'version.source.line': '来自场景中的“version {own}”行',
  'version.source.default': '默认版本：场景没有 version 行',
  'version.compare': '与之对比',
  'version.compareNone': '—',
  'version.compareNoneShort': '对比…',
  'version.compareHint': '在第二个版本下运行同一个场景，并排显示两者',

  'version.captionNote': '这段说明是为 Redis {written} 写的；本次运行的是 Redis {version}（在此选择），所以其中关于握手、INFO 字段、默认值和大小的说法在这里未必成立。“与之对比”可以并排显示两次运行。',
  'version.unknown.title': 'Redis {version} 不认识此场景输入的 {n} 个命令：',
  'version.unknown.hint': '5.0 之前从节点用 SLAVEOF 连接主节点（REPLICAOF 从 5.0 开始才有）；ROLE 从 2.8.12 开始，WAIT 从 3.0 开始。Redis 会像上面那样回复，所以本次运行的从节点可能始终连不上。示例 replica-restart-versions 写成可以在每个版本下运行。',
  'version.unknown.open': '在 {version} 下打开 replica-restart-versions',
  'version.unknown.slaveof': '在 {version} 下运行此场景，用 SLAVEOF 代替 REPLICAOF',

  'ring.none26': 'Redis 2.6 没有复制积压缓冲区：{node} 不保存复制流的历史，所以从节点的每次连接和每次重连都是完整同步（SYNC，然后是整个 RDB）。',
  'ring.none26short': 'Redis 2.6 没有积压缓冲区：每次重连都是完整同步',
  'ring.label.ring': '环形，{version}',
  'ring.label.shared': '共享缓冲区的块，{version}',
};
