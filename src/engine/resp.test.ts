import { describe, expect, it } from 'vitest';
import { encodeReply, parseReply } from './resp.ts';

describe('reading a reply back', () => {
  it('keeps integers beyond 2^53 exact (INCRBY near the 64-bit limits)', () => {
    for (const wire of [':-9223372036854775807\r\n', ':9223372036854775807\r\n', ':42\r\n', ':-1\r\n']) {
      const r = parseReply(wire);
      expect(r.type === 'ok' && encodeReply(r.value)).toBe(wire);
    }
  });
});
