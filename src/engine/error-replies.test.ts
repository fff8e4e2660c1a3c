// Errors that echo what the user typed, as Redis 7.0.15 cuts and cleans them (each expected reply
// was read from a real redis-server 7.0.15 over a socket): names and arguments cut at 128 bytes,
// at a NUL byte, and CR/LF turned into spaces so the reply stays one protocol line.

import { describe, expect, it } from 'vitest';
import { T0, TestNode } from './test-node.ts';

const node = () => new TestNode({ nowMs: T0 });

describe('error replies that echo arguments', () => {
  it('replaces CR and LF in an unknown command and its arguments, and cuts the arguments at 128 bytes', () => {
    expect(node().wire('foo\r\nbar', 'a\nb', 'x'.repeat(200)))
      .toBe(`-ERR unknown command 'foo  bar', with args beginning with: 'a b' '${'x'.repeat(122)}' \r\n`);
  });

  it('cuts an unknown command name at 128 bytes', () => {
    expect(node().wire('x'.repeat(300))).toBe(`-ERR unknown command '${'x'.repeat(128)}', with args beginning with: \r\n`);
  });

  it('stops an argument at a NUL byte and stops listing arguments past 128 bytes', () => {
    expect(node().wire('nosuch', 'a\0b', 'c'.repeat(10))).toBe("-ERR unknown command 'nosuch', with args beginning with: 'a' 'cccccccccc' \r\n");
    const many = Array.from({ length: 20 }, () => 'abcdefghij');
    expect(node().wire('nosuch', ...many)).toBe(`-ERR unknown command 'nosuch', with args beginning with: ${"'abcdefghij' ".repeat(10)}\r\n`);
  });

  it('cuts an unknown subcommand at 128 bytes and replaces its CR/LF', () => {
    expect(node().wire('CONFIG', 'x'.repeat(200))).toBe(`-ERR unknown subcommand '${'x'.repeat(128)}'. Try CONFIG HELP.\r\n`);
    expect(node().wire('CLIENT', 'x\r\ny')).toBe("-ERR unknown subcommand 'x  y'. Try CLIENT HELP.\r\n");
  });

  it('replaces CR/LF in a client type it does not know', () => {
    expect(node().wire('CLIENT', 'KILL', 'TYPE', 'a\r\nb')).toBe("-ERR Unknown client type 'a  b'\r\n");
  });
});

describe('error replies of server commands', () => {
  it('replace CR/LF in a CONFIG SET parameter name they echo', () => {
    expect(node().wire('CONFIG', 'SET', 'no\r\nsuch', '1')).toBe("-ERR Unknown option or number of arguments for CONFIG SET - 'no  such'\r\n");
  });
});
