// Simplified Chinese of ../console-wait.ts, loaded only when the page is in Chinese (../lang.ts).
import type { en } from '../console-wait.ts';

export const zh: Record<keyof typeof en, string> = {
  'console.wait.reply': '正在等待 {cmd} 的回复：模拟会一直运行到回复到达。',
  'console.wait.replyPaused': '正在等待 {cmd} 的回复：按“播放”让回复到达。',
  'console.wait.blocked': '{cmd} 已阻塞：超时将在模拟时间 {s} 秒后给出回复。',
  'console.wait.blockedForever': '{cmd} 已阻塞且没有超时：一直等到足够多的从节点确认。',
  'console.wait.sleeping': '服务器正在休眠（{cmd}）：将在模拟时间 {s} 秒后回复。',
  'console.wait.cancel': 'Ctrl+C：退出这个 redis-cli（服务器释放被阻塞的客户端）',
  'console.wait.held': 'redis-cli 要等收到回复后才读取下一行：你输入的这一行先保留在这里。',
  'console.wait.ctrlC': 'redis-cli 已退出（Ctrl+C）；新的 redis-cli 已连接到 {node}。',
};
