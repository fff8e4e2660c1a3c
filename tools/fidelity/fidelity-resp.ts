// A small RESP2 client over node:net for the fidelity check: encodes commands, parses replies
// incrementally into the engine's Reply type (binary strings, one char per byte) and pipelines.

import { connect, type Socket } from 'node:net';
import type { Reply } from '../../src/engine/resp.ts';

/** The exact RESP bytes of a command (a multibulk of binary-string arguments). */
export function encodeRespCommand(argv: readonly string[]): Buffer {
  let head = `*${argv.length}\r\n`;
  const parts: Buffer[] = [];
  for (const a of argv) {
    head += `$${a.length}\r\n`;
    parts.push(Buffer.from(head, 'latin1'), Buffer.from(a, 'latin1'));
    head = '\r\n';
  }
  parts.push(Buffer.from(head, 'latin1'));
  return Buffer.concat(parts);
}

export type ParsedReply =
  | { readonly kind: 'ok'; readonly reply: Reply; readonly next: number }
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'error'; readonly message: string };

const INCOMPLETE: ParsedReply = { kind: 'incomplete' };

function lineEnd(buf: Buffer, pos: number): number {
  for (let i = pos; i + 1 < buf.length; i++) if (buf[i] === 0x0d && buf[i + 1] === 0x0a) return i;
  return -1;
}

function intValue(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** Parses one RESP2 reply at buf[pos..]: the reply and where the next one starts, or incomplete. */
export function parseRespReply(buf: Buffer, pos = 0): ParsedReply {
  if (pos >= buf.length) return INCOMPLETE;
  const end = lineEnd(buf, pos);
  if (end < 0) return INCOMPLETE;
  const type = String.fromCharCode(buf[pos]);
  const text = buf.toString('latin1', pos + 1, end);
  const after = end + 2;
  switch (type) {
    case '+':
      return { kind: 'ok', reply: { type: 'status', v: text }, next: after };
    case '-':
      return { kind: 'ok', reply: { type: 'error', v: text }, next: after };
    case ':':
      if (!/^-?\d+$/.test(text)) return { kind: 'error', message: `bad integer reply '${text}'` };
      return { kind: 'ok', reply: { type: 'int', v: intValue(text) }, next: after };
    case '$': {
      if (!/^-?\d+$/.test(text)) return { kind: 'error', message: `bad bulk length '${text}'` };
      const len = Number(text);
      if (len < 0) return { kind: 'ok', reply: { type: 'bulk', v: null }, next: after };
      if (after + len + 2 > buf.length) return INCOMPLETE;
      if (buf[after + len] !== 0x0d || buf[after + len + 1] !== 0x0a) return { kind: 'error', message: 'bulk string not followed by CRLF' };
      return { kind: 'ok', reply: { type: 'bulk', v: buf.toString('latin1', after, after + len) }, next: after + len + 2 };
    }
    case '*': {
      if (!/^-?\d+$/.test(text)) return { kind: 'error', message: `bad array length '${text}'` };
      const n = Number(text);
      if (n < 0) return { kind: 'ok', reply: { type: 'array', v: null }, next: after };
      const items: Reply[] = [];
      let p = after;
      for (let i = 0; i < n; i++) {
        const r = parseRespReply(buf, p);
        if (r.kind !== 'ok') return r;
        items.push(r.reply);
        p = r.next;
      }
      return { kind: 'ok', reply: { type: 'array', v: items }, next: p };
    }
    default:
      return { kind: 'error', message: `unexpected reply type byte 0x${buf[pos].toString(16)}` };
  }
}

/** Splits a byte stream into replies as it arrives; keeps the unparsed tail. */
export class RespReader {
  private buf: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns every complete reply now available. Throws on a protocol error. */
  push(chunk: Buffer): Reply[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Reply[] = [];
    let pos = 0;
    for (;;) {
      const r = parseRespReply(this.buf, pos);
      if (r.kind === 'incomplete') break;
      if (r.kind === 'error') throw new Error(`RESP protocol error: ${r.message}`);
      out.push(r.reply);
      pos = r.next;
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : this.buf.subarray(pos);
    return out;
  }

  get buffered(): number {
    return this.buf.length;
  }
}

interface Waiter {
  resolve(r: Reply): void;
  reject(e: Error): void;
}

/** One connection to a redis-server; commands are answered in order (pipelining is free). */
export class RespClient {
  private readonly reader = new RespReader();
  private readonly waiting: Waiter[] = [];
  /** Replies no command waits for: the messages a subscribed connection receives. */
  private readonly unsolicited: Reply[] = [];
  private closedError: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      let replies: Reply[];
      try {
        replies = this.reader.push(chunk);
      } catch (e) {
        this.fail(e as Error);
        socket.destroy();
        return;
      }
      for (const r of replies) {
        const w = this.waiting.shift();
        if (w) w.resolve(r);
        else this.unsolicited.push(r);
      }
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connects to host:port; rejects with the socket error (ECONNREFUSED...). */
  static connect(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const sock = connect({ port, host });
      sock.setNoDelay(true);
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.removeAllListeners('error');
        resolve(new RespClient(sock));
      });
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  private fail(e: Error): void {
    if (this.closedError === null) this.closedError = e;
    while (this.waiting.length > 0) this.waiting.shift()!.reject(this.closedError);
  }

  /** The replies that came with no command waiting (Pub/Sub messages), oldest first; forgets them. */
  takeUnsolicited(): Reply[] {
    return this.unsolicited.splice(0);
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Sends one command and waits for its reply. */
  call(argv: readonly string[]): Promise<Reply> {
    return this.pipeline([argv]).then((r) => r[0]);
  }

  /** Sends every command in one write and waits for all the replies, in order. */
  pipeline(cmds: readonly (readonly string[])[]): Promise<Reply[]> {
    if (this.closedError !== null) return Promise.reject(this.closedError);
    const promises = cmds.map(() => new Promise<Reply>((resolve, reject) => this.waiting.push({ resolve, reject })));
    this.socket.write(Buffer.concat(cmds.map(encodeRespCommand)));
    return Promise.all(promises);
  }

  close(): void {
    this.closedError ??= new Error('client closed');
    this.socket.destroy();
  }
}
