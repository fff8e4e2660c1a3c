// Pub/Sub in the scenario language, as redis-cli shows it: a console that SUBSCRIBEs prints
// "Reading messages..." and then each message as it comes, reads no further line until
// `ctrl-c`; PUBLISH on the master reaches a replica's subscribers through the stream. A Redis
// command the engine does not model (EVAL) is not sent, and the line says so.

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario, type TranscriptItem } from './run-scenario.ts';

function run(text: string): TranscriptItem[] {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return runScenario(p.steps, p.seed).transcript;
}

const SYNCED = `seed 3
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online within 10s
`;

describe('Pub/Sub at the consoles', () => {
  it("prints the confirmations, then the master's messages at the replica's console as they arrive", () => {
    const t = run(`${SYNCED}r1> SUBSCRIBE news alerts
m> PUBLISH news hello
sleep 1s
`);
    const sub = t.find((x) => x.text === 'r1> SUBSCRIBE news alerts')!;
    expect(sub.output).toBe('Reading messages... (press Ctrl-C to quit)\n1) "subscribe"\n2) "news"\n3) (integer) 1\n');
    expect(t.find((x) => x.text === 'm> PUBLISH news hello')!.output).toBe('(integer) 0\n');
    expect(t.filter((x) => x.pushed).map((x) => [x.text, x.output])).toEqual([
      ['r1', '1) "subscribe"\n2) "alerts"\n3) (integer) 2\n'],
      ['r1', '1) "message"\n2) "news"\n3) "hello"\n'],
    ]);
  });

  it('reads no line at a subscribed console until ctrl-c, then a new redis-cli runs it', () => {
    const t = run(`${SYNCED}r1> SUBSCRIBE news
r1> GET a
ctrl-c r1
r1> GET a
`);
    expect(t.find((x) => x.line === 7)!.failure).toBe('redis-cli at r1 is reading messages (press Ctrl-C to quit): use ctrl-c r1 first');
    expect(t.find((x) => x.line === 9)!.output).toBe('(nil)\n');
  });

  it('does not send EVAL or FUNCTION, and says they are not modelled', () => {
    const t = run(`node m
m> EVAL "return 1" 0
expect m> FUNCTION LIST == (empty array)
`);
    expect(t.filter((x) => x.failure).map((x) => x.failure)).toEqual([
      'EVAL is a Redis command replscope does not model; nothing was sent',
      'FUNCTION is a Redis command replscope does not model; nothing was sent',
    ]);
  });
});
