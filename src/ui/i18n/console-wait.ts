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
