import { describe, expect, it } from 'vitest';
import { encodeReply, parseCommand, parseReply } from './resp.ts';

describe('reading a reply back', () => {
  it('keeps integers beyond 2^53 exact (INCRBY near the 64-bit limits)', () => {
    for (const wire of [':-9223372036854775807\r\n', ':9223372036854775807\r\n', ':42\r\n', ':-1\r\n']) {
      const r = parseReply(wire);
      expect(r.type === 'ok' && encodeReply(r.value)).toBe(wire);
    }
  });
});

describe('reading a command', () => {
  it('reads lengths as before: digits, and the odd forms a number parse accepts or refuses', () => {
    const argv = (wire: string) => {
      const r = parseCommand(wire);
      return r.type === 'ok' ? { argv: r.value, consumed: r.consumed } : r;
    };
    expect(argv('*3\r\n$3\r\nSET\r\n$1\r\na\r\n$10\r\n0123456789\r\n')).toEqual({ argv: ['SET', 'a', '0123456789'], consumed: 37 });
    expect(argv('*02\r\n$004\r\nPING\r\n$0\r\n\r\n')).toEqual({ argv: ['PING', ''], consumed: 23 });
    // Number(" 1"), Number("+1"), Number("1.0") and Number("0x1") are 1; Number("") is 0.
    expect(argv('* 1\r\n$+1\r\na\r\n')).toEqual({ argv: ['a'], consumed: 13 });
    expect(argv('*1.0\r\n$0x1\r\na\r\n')).toEqual({ argv: ['a'], consumed: 15 });
    expect(argv('*\r\n')).toEqual({ argv: [], consumed: 3 });
    expect(argv('*1\r\n$\r\n\r\n')).toEqual({ argv: [''], consumed: 9 });
    expect(argv('*1x\r\n')).toEqual({ type: 'protocolError', message: 'Protocol error: invalid multibulk length' });
    expect(argv('*1\r\n$-1\r\n')).toEqual({ type: 'protocolError', message: 'Protocol error: invalid bulk length' });
    expect(argv('*1\r\n$1.5\r\n')).toEqual({ type: 'protocolError', message: 'Protocol error: invalid bulk length' });
    expect(argv('*1\r\n\r\n')).toEqual({ type: 'protocolError', message: "Protocol error: expected '$', got ''" });
    expect(argv('*1\r\n:1\r\n')).toEqual({ type: 'protocolError', message: "Protocol error: expected '$', got ':'" });
    expect(argv('*2\r\n$1\r\na\r\n$1\r\n')).toEqual({ type: 'incomplete' });
    expect(argv('*1\r\n$1234567890123456\r\nab\r\n')).toEqual({ type: 'incomplete' });
  });
});
