// Simplified Chinese of ../cards.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../cards.ts';

export const zh: Record<keyof typeof en, string> = {
  'cards.down.what': '已崩溃或已关闭：内存中的一切（键、偏移量、从节点、积压缓冲区、链路）都已丢失。重启后从磁盘启动。',
  'cards.disk': '磁盘上',
  'cards.disk.rdb': 'dump.rdb：{bytes}，保存于 t = {t} 秒',
  'cards.disk.noRdb': '没有 dump.rdb：重启后没有任何键',
  'cards.disk.replicaof': 'redis.conf：replicaof {target}',
  'cards.disk.noReplicaof': 'redis.conf 中没有 replicaof 行：重启后是主节点',
  'cards.disk.unknown': '此处不知道它的磁盘内容',
  'cards.colSent': '已发送',
  'cards.colSentHint': '已写入该从节点套接字的复制流字节：master_repl_offset 减去仍在其输出缓冲区中等待的字节（从节点上线后计算）',
  'cards.colAck': 'offset（ACK）',
  'cards.colAckHint': 'INFO 中 slaveN 的 offset=：该从节点用 REPLCONF ACK 确认的最后偏移量',
  'cards.notYet': '尚未开始传输复制流',
  'cards.aria.down': '{name}，未运行',
};
