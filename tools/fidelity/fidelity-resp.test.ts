// Tests of the fidelity check's RESP client: command encoding, the incremental reply parser, and
// pipelining against a local fake server.

import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RespClient, RespReader, encodeRespCommand, parseRespReply } from './fidelity-resp.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('encodeRespCommand', () => {
  it('writes a multibulk with byte lengths', () => {
    expect(encodeRespCommand(['SET', 'k', 'v1']).toString('latin1')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\n');
  });
  it('keeps binary strings byte for byte', () => {
    const out = encodeRespCommand(['SET', 'k', '\xff\x00\xc3\xa9']);
    expect([...out.subarray(out.length - 6)]).toEqual([0xff, 0x00, 0xc3, 0xa9, 0x0d, 0x0a]);
    expect(out.toString('latin1')).toContain('$4\r\n');
  });
  it('encodes an empty argument', () => {
    expect(encodeRespCommand(['ECHO', '']).toString('latin1')).toBe('*2\r\n$4\r\nECHO\r\n$0\r\n\r\n');
  });
});

describe('parseRespReply', () => {
  it('parses every RESP2 type', () => {
    expect(parseRespReply(b('+OK\r\n'))).toEqual({ kind: 'ok', reply: { type: 'status', v: 'OK' }, next: 5 });
    expect(parseRespReply(b('-ERR x y\r\n'))).toMatchObject({ kind: 'ok', reply: { type: 'error', v: 'ERR x y' } });
    expect(parseRespReply(b(':-12\r\n'))).toMatchObject({ kind: 'ok', reply: { type: 'int', v: -12 } });
    expect(parseRespReply(b('$3\r\nabc\r\n'))).toMatchObject({ kind: 'ok', reply: { type: 'bulk', v: 'abc' }, next: 9 });
    expect(parseRespReply(b('$-1\r\n'))).toMatchObject({ kind: 'ok', reply: { type: 'bulk', v: null } });
    expect(parseRespReply(b('*-1\r\n'))).toMatchObject({ kind: 'ok', reply: { type: 'array', v: null } });
    expect(parseRespReply(b('*0\r\n'))).toMatchObject({ kind: 'ok', reply: { type: 'array', v: [] } });
  });
  it('parses nested arrays', () => {
    const r = parseRespReply(b('*2\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n'));
    expect(r).toEqual({
      kind: 'ok', next: 24,
      reply: { type: 'array', v: [{ type: 'int', v: 1 }, { type: 'array', v: [{ type: 'bulk', v: 'a' }, { type: 'bulk', v: null }] }] },
    });
  });
  it('keeps bulk strings binary, CRLF inside included', () => {
    expect(parseRespReply(b('$4\r\n\r\n\xff\x00\r\n'))).toMatchObject({ kind: 'ok', reply: { type: 'bulk', v: '\r\n\xff\x00' } });
  });
  it('gives integers beyond 2^53 as bigint', () => {
    expect(parseRespReply(b(':9223372036854775807\r\n'))).toMatchObject({ reply: { type: 'int', v: 9223372036854775807n } });
  });
  it('says incomplete at every cut of a reply', () => {
    const whole = '*3\r\n$3\r\nfoo\r\n:42\r\n+OK\r\n';
    for (let i = 0; i < whole.length; i++) expect(parseRespReply(b(whole.slice(0, i)))).toEqual({ kind: 'incomplete' });
    expect(parseRespReply(b(whole))).toMatchObject({ kind: 'ok', next: whole.length });
  });
  it('reports protocol errors', () => {
    expect(parseRespReply(b('?x\r\n'))).toMatchObject({ kind: 'error' });
    expect(parseRespReply(b(':abc\r\n'))).toMatchObject({ kind: 'error' });
    expect(parseRespReply(b('$2\r\nabcd\r\n'))).toMatchObject({ kind: 'error' });
  });
  it('starts at an offset', () => {
    expect(parseRespReply(b('+A\r\n+B\r\n'), 4)).toMatchObject({ kind: 'ok', reply: { type: 'status', v: 'B' }, next: 8 });
  });
});

describe('RespReader', () => {
  it('splits a stream fed one byte at a time', () => {
    const rd = new RespReader();
    const stream = '+OK\r\n$5\r\nhello\r\n*2\r\n:1\r\n:2\r\n';
    const got = [];
    for (const ch of stream) got.push(...rd.push(b(ch)));
    expect(got).toEqual([
      { type: 'status', v: 'OK' },
      { type: 'bulk', v: 'hello' },
      { type: 'array', v: [{ type: 'int', v: 1 }, { type: 'int', v: 2 }] },
    ]);
    expect(rd.buffered).toBe(0);
  });
  it('keeps an unfinished tail', () => {
    const rd = new RespReader();
    expect(rd.push(b('+A\r\n$3\r\nab'))).toEqual([{ type: 'status', v: 'A' }]);
    expect(rd.buffered).toBe(6);
    expect(rd.push(b('c\r\n'))).toEqual([{ type: 'bulk', v: 'abc' }]);
  });
  it('throws on a protocol error', () => {
    expect(() => new RespReader().push(b('!\r\n'))).toThrow(/protocol error/);
  });
});

describe('RespClient', () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  /** A fake server that answers each command with its argument count, in chunks of 3 bytes. */
  function fake(): Promise<number> {
    return new Promise((resolve) => {
      server = createServer((sock) => {
        let buf = '';
        sock.on('data', (d) => {
          buf += d.toString('latin1');
          let out = '';
          for (;;) {
            const m = /^\*(\d+)\r\n/.exec(buf);
            if (!m) break;
            let p = m[0].length;
            let ok = true;
            for (let i = 0; i < Number(m[1]); i++) {
              const h = /^\$(\d+)\r\n/.exec(buf.slice(p));
              if (!h || buf.length < p + h[0].length + Number(h[1]) + 2) { ok = false; break; }
              p += h[0].length + Number(h[1]) + 2;
            }
            if (!ok) break;
            buf = buf.slice(p);
            out += `:${m[1]}\r\n`;
          }
          for (let i = 0; i < out.length; i += 3) sock.write(Buffer.from(out.slice(i, i + 3), 'latin1'));
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const addr = server!.address();
        resolve(typeof addr === 'object' && addr ? addr.port : 0);
      });
    });
  }

  it('pipelines commands and matches replies in order', async () => {
    const port = await fake();
    const c = await RespClient.connect(port);
    const cmds = Array.from({ length: 50 }, (_, i) => Array.from({ length: (i % 4) + 1 }, () => 'x'));
    const replies = await c.pipeline(cmds);
    expect(replies.map((r) => (r.type === 'int' ? r.v : -1))).toEqual(cmds.map((a) => a.length));
    expect(await c.call(['PING'])).toEqual({ type: 'int', v: 1 });
    c.close();
    await expect(c.call(['PING'])).rejects.toThrow();
  });

  it('keeps the replies no command waits for (the messages of a subscribed connection), in order', async () => {
    const port = await new Promise<number>((resolve) => {
      server = createServer((sock) => {
        sock.once('data', () => sock.write('*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n'));
      });
      server.listen(0, '127.0.0.1', () => {
        const addr = server!.address();
        resolve(typeof addr === 'object' && addr ? addr.port : 0);
      });
    });
    const c = await RespClient.connect(port);
    const confirm = await c.call(['SUBSCRIBE', 'news']);
    expect(confirm.type).toBe('array');
    const got: unknown[] = [];
    await expect.poll(() => got.push(...c.takeUnsolicited()), { interval: 5, timeout: 2000 }).toBe(1);
    expect(JSON.stringify(got[0])).toContain('"hello"');
    expect(c.takeUnsolicited()).toEqual([]);
    c.close();
  });

  it('rejects a refused connection', async () => {
    const port = await fake();
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    await expect(RespClient.connect(port)).rejects.toThrow();
  });
});
