// Pairing console commands with their replies.
import { describe, expect, it } from 'vitest';
import { R } from '../engine/resp.ts';
import { buildTranscript } from './transcript.ts';

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
      [{ index: 3, node: 'r1' }],
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
