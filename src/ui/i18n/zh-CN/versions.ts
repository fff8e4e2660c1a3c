// Simplified Chinese of ../versions.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../versions.ts';

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
