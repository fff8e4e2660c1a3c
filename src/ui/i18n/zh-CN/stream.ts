// Simplified Chinese of ../stream.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../stream.ts';

export const zh: Record<keyof typeof en, string> = {
  'stream.lane.title': '{master} 的复制流',
  'stream.lane.summaryOne': '1 条命令，{bytes} B，偏移量 {first}–{last}',
  'stream.lane.summary': '{count} 条命令，{bytes} B，偏移量 {first}–{last}',
  'stream.lane.empty': '{master} 尚未传播任何命令。',
  'stream.lane.unseen': '{master} 已写入 {n} B 的复制流，但还没有任何字节通过连接发往从节点。',
  'stream.lane.gap': '{n} B 未在任何连接上出现（@{range}）',
  'stream.lane.noMaster': '没有可跟随的主节点。',
  'stream.lane.aria': '{master} 传播的命令，从旧到新。用方向键在命令间移动。',
  'stream.lane.hidden': '更早的 {count} 条命令（偏移量 {first}–{last}）未绘出',
  'stream.lane.bytes': '{n} B',
  'stream.lane.missing': '（另有 {n} B 未记录）',
  'stream.lane.unrecorded': '（字节未记录）',
  'stream.lane.detailLen': '{n} 字节：master_repl_offset {before} → {after}',
  'stream.lane.copy': '发往 {replica} 的副本',
  'stream.lane.hint': '聚焦或点击一条命令，在此查看它的字节。',
  'stream.odo.title': '复制偏移量',
  'stream.odo.isMaster': '主节点',
  'stream.odo.noOffset': '尚无偏移量',
  'stream.odo.otherHistory': '复制 ID 不同',
  'stream.odo.inStep': '与 {master} 一致',
  'stream.odo.behind': '落后 {n} B',
  'stream.odo.ahead': '领先 {n} B',
};
