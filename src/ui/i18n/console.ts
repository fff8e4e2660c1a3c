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
} as const;
