// Simplified Chinese of ../console.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../console.ts';

export const zh: Record<keyof typeof en, string> = {
  'console.earlier': '前面 {n} 行未显示。',
  'console.tabs': '控制台',
  'console.down': '已停止',
  'console.input': '发给 {node}（{addr}）的命令',
  'console.log': '{node} 的 redis-cli 输出',
  'console.keys': 'Tab：补全命令名（再按：下一个；Esc：撤销）· ↑/↓：之前输入的行 · Ctrl+L 或 clear：清屏 · HELP SET、HELP @string',
  'console.start': '输入一条 Redis 命令，例如 INFO replication 或 HELP @string。',
  'console.waiting': '等待回复…',
  'console.quit': 'redis-cli 在这里会退出；此控制台保持打开。',
  'console.notModelled': '{cmd} 是 Redis 的命令，但本模拟器没有模拟它，所以什么也没有发送。',
  'console.run': '在 {node} 上执行 {cmd}',
  'console.completion': '{text}（第 {i} 个，共 {n} 个）',
  'console.noNode': '还没有可以连接的节点。',
  'console.role.master': '主节点',
  'console.role.replica': '从节点',
};
