// Strings of the console panels: the redis-cli console and what the other tabs share. The INFO
// replication panel's and the offset/lag charts' are in ./info-charts.ts, loaded with them.
// Redis's own words (commands, INFO fields, replies) stay untranslated.

export const en = {
  'console.earlier': '{n} earlier lines are not shown.',
  'console.tabs': 'Consoles',
  'console.down': 'down',
  'console.input': 'Command for {node} at {addr}',
  'console.log': 'redis-cli output of {node}',
  'console.keys': 'Tab: complete the command name (again: next match; Esc: undo) · ↑/↓: earlier lines · Ctrl+L or clear: clear · HELP SET, HELP @string',
  'console.start': 'Type a Redis command, for example INFO replication or HELP @string.',
  'console.waiting': 'waiting for the reply…',
  'console.quit': 'redis-cli would exit here; this console stays open.',
  'console.notModelled': '{cmd} is a Redis command this simulator does not model, so nothing was sent.',
  'console.run': 'Run {cmd} on {node}',
  'console.completion': '{text} ({i} of {n})',
  'console.noNode': 'No node to talk to yet.',
  'console.role.master': 'master',
  'console.role.replica': 'replica',
  'console.gallery.moment': 'Moment',
  'console.gallery.back': 'Previous moment',
  'console.gallery.forward': 'Next moment',
} as const;

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
  'console.gallery.moment': '时刻',
  'console.gallery.back': '上一时刻',
  'console.gallery.forward': '下一时刻',
};
