// What a node's console screen shows on real runs: redis-cli's prompts after SELECT and MULTI,
// replies as redis-cli prints them, local answers in typing order, and commands on their way.

import { describe, expect, it } from 'vitest';
import { buildScreen, entryText, type ConsoleEntry, type Local } from './console-screen.ts';
import { consoleTranscript, load, scenario } from './console-test-run.ts';
import type { Reply } from '../../engine/resp.ts';

const SELECTS = `seed 1
node m
m> SET a 1
m> SELECT 2
m> SET a 2
m> SELECT 99
m> MULTI
m> INCR n
m> EXEC
`;

describe('the console screen', () => {
  it('prompts with the db after a SELECT the server accepted, and keeps it after one it refused', () => {
    const entries = consoleTranscript(SELECTS);
    const screen = buildScreen(entries, [], 6379);
    expect(screen.items.map((i) => `${i.prompt}${i.input} => ${i.text}`)).toEqual([
      '127.0.0.1:6379> SET a 1 => OK',
      '127.0.0.1:6379> SELECT 2 => OK',
      '127.0.0.1:6379[2]> SET a 2 => OK',
      '127.0.0.1:6379[2]> SELECT 99 => (error) ERR DB index is out of range',
      '127.0.0.1:6379[2]> MULTI => OK',
      '127.0.0.1:6379[2](TX)> INCR n => QUEUED',
      '127.0.0.1:6379[2](TX)> EXEC => 1) (integer) 1',
    ]);
    expect(screen.prompt).toBe('127.0.0.1:6379[2]> ');
    expect(screen.items[3].error).toBe(true);
  });

  it('prints a Reply value as redis-cli does, INFO raw with its lines', async () => {
    const replies: { node: string; reply: Reply | null }[] = [];
    const tl = load(scenario('propagation.scn'), (node, reply) => replies.push({ node, reply }));
    await tl.advanceTo(2100);
    const info = replies.filter((r) => r.node === 'r1')[1].reply!; // after REPLICAOF's OK
    const out = entryText({ node: 'r1', input: 'INFO replication', output: info, atMs: 2008 })!;
    expect(out.text.split('\n').slice(0, 3)).toEqual(['# Replication', 'role:slave', 'master_host:m']);
    expect(out.text).toContain('\nslave_repl_offset:301\n');
    expect(out.text).not.toContain('\r');
    const ttl = entryText({ node: 'r1', input: 'TTL counter', output: { type: 'int', v: 98 }, atMs: 2008 })!;
    expect(ttl.text).toBe('(integer) 98');
  });

  it('places local answers between the commands they were typed between', () => {
    const entries = consoleTranscript(SELECTS).slice(0, 3);
    const locals: Local[] = [
      { seq: 0, at: 2, input: 'HELP SELECT', kind: 'help', help: ['SELECT'] },
      { seq: 1, at: 3, input: 'SET "x', kind: 'text', text: 'Invalid argument(s)' },
    ];
    const items = buildScreen(entries, locals, 6379).items;
    expect(items.map((i) => i.input)).toEqual(['SET a 1', 'SELECT 2', 'HELP SELECT', 'SET a 2', 'SET "x']);
    expect(items[2].prompt).toBe('127.0.0.1:6379[2]> ');
  });

  it('shows a sent command until its entry arrives, then only the entry', () => {
    const entries = consoleTranscript(SELECTS).slice(0, 1);
    const echo: Local = { seq: 5, at: 1, input: 'GET a', kind: 'echo', expect: 1 };
    const before = buildScreen(entries, [echo], 6379).items;
    expect(before.map((i) => [i.input, i.pending])).toEqual([['SET a 1', false], ['GET a', true]]);
    const arrived: ConsoleEntry = { node: 'm', input: 'GET a', output: null, atMs: 10 };
    const after = buildScreen([...entries, arrived], [echo], 6379).items;
    expect(after.map((i) => [i.type, i.input, i.pending])).toEqual([['entry', 'SET a 1', false], ['entry', 'GET a', true]]);
  });

  it("says the connection is refused on a node that is down, and prompts 'not connected>' after", () => {
    const refused: Local = { seq: 0, at: 0, input: 'GET a', kind: 'refused', text: 'Could not connect to Redis at 127.0.0.1:6380: Connection refused' };
    const screen = buildScreen([], [refused], 6380);
    expect(screen.items[0].prompt).toBe('127.0.0.1:6380> ');
    expect(screen.items[0].error).toBe(true);
    expect(screen.prompt).toBe('not connected> ');
  });

  it('says the server closed the connection when the node crashed under a command', () => {
    const crashed: ConsoleEntry = { node: 'r1', input: 'WAIT 1 0', output: null, atMs: 5, ended: 'crashed' };
    expect(entryText(crashed)).toEqual({ text: 'Error: Server closed the connection', error: true });
    expect(buildScreen([crashed], [], 6380).prompt).toBe('not connected> ');
  });

  it("adds redis-cli's elapsed time after a command that took half a second or more", () => {
    const wait: ConsoleEntry = { node: 'm', input: 'WAIT 1 1500', output: { type: 'int', v: 0 }, atMs: 100, replyAtMs: 1600 };
    expect(entryText(wait)!.text).toBe('(integer) 0\n(1.50s)');
  });
});
