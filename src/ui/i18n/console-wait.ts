// Strings of a console waiting for its reply: redis-cli reads no next line until the reply comes;
// a blocked command (WAIT, DEBUG SLEEP) waits for its timeout; Ctrl+C ends that redis-cli.
// Redis's own words (command names, config names) stay untranslated.

export const en = {
  'console.wait.reply': 'Waiting for the reply to {cmd}: the run plays until it comes.',
  'console.wait.replyPaused': 'Waiting for the reply to {cmd}: press Play to let it come.',
  'console.wait.blocked': '{cmd} is blocked: the timeout answers in {s} s of simulated time.',
  'console.wait.blockedForever': '{cmd} is blocked with no timeout: it waits until enough replicas acknowledge.',
  'console.wait.sleeping': 'The server sleeps ({cmd}): it answers in {s} s of simulated time.',
  'console.wait.cancel': 'Ctrl+C: quit this redis-cli (the server frees the blocked client)',
  'console.wait.held': 'redis-cli reads the next line only after the reply: your line stays here until then.',
  'console.wait.ctrlC': 'redis-cli exited (Ctrl+C); a new redis-cli is connected to {node}.',
} as const;

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
