// Simplified Chinese of ../inspector.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../inspector.ts';

export const zh: Record<keyof typeof en, string> = {
  'inspector.title': '检查器',
  'inspector.tab.nodes': '节点',
  'inspector.tab.sentinel': '哨兵',
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
