// What redis-cli prints for a reply: its own module, so the page formats replies (transcript,
// consoles, lessons) without loading the simulator.

import { formatReplyTTY, shouldPrintRaw } from '../engine/cli-format.ts';
import type { Reply } from '../engine/resp.ts';
import type { ReplyEvent } from './sim-types.ts';

export function commandOutput(argv: readonly string[], r: ReplyEvent, port = 6379): string {
  if (r.note === 'refused') return `Could not connect to Redis at 127.0.0.1:${port}: Connection refused`;
  if (r.note === 'exited' || r.reply === null) return '';
  return formatReplyTTY(r.reply as Reply, { raw: shouldPrintRaw([...argv]) });
}
