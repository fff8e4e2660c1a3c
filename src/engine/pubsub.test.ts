// Pub/Sub as a redis-cli user meets it on Redis 7.0.15 (each expected reply read from a real
// redis-server 7.0.15): confirmations per channel, messages to subscribers and patterns, the
// receivers PUBLISH counts, the commands a subscribed client may run, and PUBLISH in the stream.

import { describe, expect, it } from 'vitest';
import type { NodeEffect } from './io.ts';
import { encodeReply } from './resp.ts';
import { NodePair, T0, TestNode, resp, syncedMaster } from './test-node.ts';

/** Every reply a console got from one command, as bytes. */
function wires(n: TestNode, clientId: string, ...argv: string[]): string {
  const effects = n.step({ type: 'command', clientId, argv });
  return effects.flatMap((e: NodeEffect) => (e.type === 'reply' && e.clientId === clientId ? [encodeReply(e.reply)] : [])).join('');
}

/** The replies a console got while another ran a command. */
function pushedTo(n: TestNode, to: string, from: string, ...argv: string[]): { reply: string; pushed: string } {
  const effects = n.step({ type: 'command', clientId: from, argv });
  const of = (id: string) => effects.flatMap((e: NodeEffect) => (e.type === 'reply' && e.clientId === id ? [encodeReply(e.reply)] : [])).join('');
  return { reply: of(from), pushed: of(to) };
}

const sub3 = (kind: string, name: string, n: number) => `*3\r\n$${kind.length}\r\n${kind}\r\n$${name.length}\r\n${name}\r\n:${n}\r\n`;

describe('SUBSCRIBE / PSUBSCRIBE / PUBLISH', () => {
  it('confirms each channel with the count of subscriptions, a repeated one too', () => {
    const m = new TestNode({ nowMs: T0 });
    expect(wires(m, 'sub', 'SUBSCRIBE', 'a', 'b', 'a')).toBe(sub3('subscribe', 'a', 1) + sub3('subscribe', 'b', 2) + sub3('subscribe', 'a', 2));
    expect(wires(m, 'sub', 'PSUBSCRIBE', 'c*')).toBe(sub3('psubscribe', 'c*', 3));
  });

  it('delivers messages and pattern messages, and PUBLISH answers the number of receivers', () => {
    const m = new TestNode({ nowMs: T0 });
    wires(m, 'sub', 'SUBSCRIBE', 'a');
    wires(m, 'sub', 'PSUBSCRIBE', 'c*', 'a*');
    expect(pushedTo(m, 'sub', 'pub', 'PUBLISH', 'a', 'hi')).toEqual({
      reply: ':2\r\n',
      pushed: '*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n*4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$1\r\na\r\n$2\r\nhi\r\n',
    });
    expect(pushedTo(m, 'sub', 'pub', 'PUBLISH', 'cx', 'yo')).toEqual({ reply: ':1\r\n', pushed: '*4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\ncx\r\n$2\r\nyo\r\n' });
    expect(m.wire('PUBLISH', 'nobody', 'x')).toBe(':0\r\n');
  });

  it('lets a subscribed client run only the pubsub commands and PING, which answers an array', () => {
    const m = new TestNode({ nowMs: T0 });
    wires(m, 'sub', 'SUBSCRIBE', 'a', 'b');
    expect(wires(m, 'sub', 'GET', 'a')).toBe("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
    expect(wires(m, 'sub', 'PING')).toBe('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    expect(wires(m, 'sub', 'PING', 'x')).toBe('*2\r\n$4\r\npong\r\n$1\r\nx\r\n');
    expect(wires(m, 'sub', 'UNSUBSCRIBE')).toBe(sub3('unsubscribe', 'a', 1) + sub3('unsubscribe', 'b', 0));
    expect(wires(m, 'sub', 'UNSUBSCRIBE')).toBe('*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
    expect(wires(m, 'sub', 'GET', 'nokey')).toBe('$-1\r\n');
    expect(wires(m, 'sub', 'SUBSCRIBE')).toBe("-ERR wrong number of arguments for 'subscribe' command\r\n");
  });

  it('a client that leaves (Ctrl+C) no longer receives', () => {
    const m = new TestNode({ nowMs: T0 });
    wires(m, 'sub', 'SUBSCRIBE', 'a');
    m.step({ type: 'consoleClosed', clientId: 'sub' });
    expect(m.wire('PUBLISH', 'a', 'x')).toBe(':0\r\n');
  });
});

describe('PUBLISH and replication', () => {
  it('is propagated to the replicas as PUBLISH, moving the offset, with no subscriber too', () => {
    const { m, r } = syncedMaster({ nowMs: T0 });
    m.command(['SET', 'x', '1']);
    r.collect();
    const from = r.offset;
    expect(m.wire('PUBLISH', 'news', 'hello')).toBe(':0\r\n');
    r.collect();
    expect(r.streamFrom(from + 1)).toBe(resp(['PUBLISH', 'news', 'hello']));
    expect(Number(m.info('replication').master_repl_offset)).toBe(from + resp(['PUBLISH', 'news', 'hello']).length);
  });

  it("reaches a replica's subscribers; a replica's own PUBLISH stays local", () => {
    const p = new NodePair({ nowMs: T0 });
    p.connect();
    wires(p.replica, 'sub', 'SUBSCRIBE', 'news');
    const before = p.replica.effects.length;
    p.onMaster('PUBLISH', 'news', 'hello');
    const got = p.replica.effects.slice(before).flatMap((e) => (e.type === 'reply' && e.clientId === 'sub' ? [encodeReply(e.reply)] : []));
    expect(got).toEqual(['*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n']);
    const offset = p.master.info('replication').master_repl_offset;
    expect(p.replica.wire('PUBLISH', 'news', 'local')).toBe(':1\r\n');
    p.pump();
    expect(p.master.info('replication').master_repl_offset).toBe(offset);
  });
});
