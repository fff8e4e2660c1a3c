// Pairing console commands with their replies.
import { describe, expect, it } from 'vitest';
import { R } from '../engine/resp.ts';
import { buildTranscript, TranscriptBuilder } from './transcript.ts';

const reply = (node: string, pos: number, r: string | null, note?: 'exited' | 'refused') => ({
  pos, event: { node, clientId: 'console', reply: r === null ? null : R.status(r), timeMs: 0, ...(note ? { note } : {}) },
});

describe('transcript', () => {
  it('answers each console in order and leaves an unanswered command open', () => {
    const t = buildTranscript(
      [{ index: 0, t: 0, node: 'm', argv: ['SET', 'a', '1'] }, { index: 2, t: 0, node: 'm', argv: ['SET', 'x y', 'z'] }, { index: 3, t: 0, node: 'r1', argv: ['PING'] }],
      [reply('m', 2, 'OK'), reply('m', 5, 'OK')],
      [],
    );
    expect(t.map((x) => [x.node, x.text, x.output])).toEqual([['m', 'SET a 1', 'OK'], ['m', 'SET "x y" z', 'OK'], ['r1', 'PING', null]]);
  });

  it('closes the open commands of a node that crashed, and pairs the next reply with the next command', () => {
    const t = buildTranscript(
      [{ index: 0, t: 0, node: 'r1', argv: ['WAIT', '1', '0'] }, { index: 5, t: 10, node: 'r1', argv: ['PING'] }],
      [reply('r1', 7, 'PONG')],
      [{ index: 3, t: 0, node: 'r1' }],
    );
    expect(t[0]).toMatchObject({ output: null, ended: 'crashed' });
    expect(t[1]).toMatchObject({ output: 'PONG' });
  });

  it('shows a refused connection as redis-cli does', () => {
    const t = buildTranscript([{ index: 4, t: 0, node: 'r1', argv: ['GET', 'a'] }], [reply('r1', 5, null, 'refused')], []);
    expect(t[0].ended).toBe('refused');
    expect(t[0].output).toContain('Connection refused');
  });
});

describe('a console in Pub/Sub mode', () => {
  const arr = (node: string, pos: number, ...parts: (string | number)[]) => ({
    pos, event: { node, clientId: 'console', reply: R.array(parts.map((p) => (typeof p === 'number' ? R.int(p) : R.bulk(p)))), timeMs: 0 },
  });

  it('prints "Reading messages..." and every later reply under the SUBSCRIBE, until Ctrl+C', () => {
    const cmds = [{ index: 0, t: 0, node: 'r1', argv: ['SUBSCRIBE', 'news'] }, { index: 9, t: 9, node: 'r1', argv: ['GET', 'a'] }];
    const replies = [arr('r1', 1, 'subscribe', 'news', 1), arr('r1', 4, 'message', 'news', 'hi'), { pos: 10, event: { node: 'r1', clientId: 'console', reply: R.nil, timeMs: 0 } }];
    const t = buildTranscript(cmds, replies, [{ index: 6, t: 6, node: 'r1', console: true }]);
    expect(t[0].output).toBe('Reading messages... (press Ctrl-C to quit)\n1) "subscribe"\n2) "news"\n3) (integer) 1\n1) "message"\n2) "news"\n3) "hi"');
    expect(t[0].subscribed).toBeUndefined();
    expect(t[1].output).toBe('(nil)');
  });

  it('stays subscribed while no Ctrl+C came', () => {
    const t = buildTranscript([{ index: 0, t: 0, node: 'r1', argv: ['PSUBSCRIBE', 'n*'] }], [arr('r1', 1, 'psubscribe', 'n*', 1)], []);
    expect(t[0].subscribed).toBe(true);
  });
});

describe('transcript builder', () => {
  const cmd = (index: number, node: string, ...argv: string[]) => ({ index, t: index, node, argv });

  it('builds in steps the same transcript as at once, keeping the items that did not change', () => {
    const commands = [cmd(0, 'm', 'SET', 'a', '1'), cmd(2, 'r1', 'PING'), cmd(6, 'm', 'GET', 'a')];
    const replies = [reply('m', 2, 'OK'), reply('r1', 4, 'PONG'), reply('m', 8, 'OK')];
    const b = new TranscriptBuilder();
    const first = b.build(commands.slice(0, 2), replies.slice(0, 1), []);
    expect(first.map((x) => x.output)).toEqual(['OK', null]);
    const second = b.build(commands, replies, []);
    expect(second[0]).toBe(first[0]);
    expect(second).toEqual(buildTranscript(commands, replies, []));
    expect(second.map((x) => x.output)).toEqual(['OK', 'PONG', 'OK']);
  });

  it('starts over when the marks are cut back or come out of order', () => {
    const b = new TranscriptBuilder();
    b.build([cmd(0, 'm', 'PING'), cmd(5, 'm', 'PING')], [reply('m', 2, 'PONG')], []);
    expect(b.build([cmd(0, 'm', 'PING')], [], []).map((x) => x.output)).toEqual([null]);
    // A crash placed before the reply already seen: rebuilt from scratch, the command is closed.
    const late = b.build([cmd(0, 'm', 'PING')], [reply('m', 3, 'PONG')], [{ index: 0, t: 0, node: 'm' }]);
    expect(late).toEqual(buildTranscript([cmd(0, 'm', 'PING')], [reply('m', 3, 'PONG')], [{ index: 0, t: 0, node: 'm' }]));
    // A crash placed before a command already placed: the next build starts over and agrees.
    const c2 = [cmd(0, 'm', 'PING'), cmd(9, 'r1', 'WAIT', '1', '0')];
    b.build(c2, [reply('m', 3, 'PONG')], [{ index: 0, t: 0, node: 'm' }]);
    const crashes = [{ index: 0, t: 0, node: 'm' }, { index: 10, t: 0, node: 'r1' }, { index: 4, t: 0, node: 'm' }];
    expect(b.build(c2, [reply('m', 3, 'PONG')], crashes)).toEqual(buildTranscript(c2, [reply('m', 3, 'PONG')], crashes));
  });
});
