// RESP2, the Redis wire protocol: reply values, their exact bytes, and incremental parsers for
// commands (what a replica reads from its master) and replies (what the handshake reads).
// All byte data are binary strings (see bytes.ts), so lengths are byte counts.

export type Reply =
  | { readonly type: 'status'; readonly v: string }
  | { readonly type: 'error'; readonly v: string }
  | { readonly type: 'int'; readonly v: number | bigint }
  | { readonly type: 'bulk'; readonly v: string | null }
  | { readonly type: 'array'; readonly v: readonly Reply[] | null };

export const R = {
  ok: { type: 'status', v: 'OK' } as Reply,
  queued: { type: 'status', v: 'QUEUED' } as Reply,
  pong: { type: 'status', v: 'PONG' } as Reply,
  nil: { type: 'bulk', v: null } as Reply,
  nilArray: { type: 'array', v: null } as Reply,
  emptyArray: { type: 'array', v: [] } as Reply,
  zero: { type: 'int', v: 0 } as Reply,
  one: { type: 'int', v: 1 } as Reply,
  status: (v: string): Reply => ({ type: 'status', v }),
  /** An error line: CR/LF inside become spaces, as addReplyErrorFormat / sdsmapchars make them. */
  err: (v: string): Reply => ({ type: 'error', v: crlfToSpaces(v) }),
  int: (v: number | bigint): Reply => ({ type: 'int', v }),
  bulk: (v: string | null): Reply => ({ type: 'bulk', v }),
  array: (v: readonly Reply[] | null): Reply => ({ type: 'array', v }),
  bulks: (v: readonly (string | null)[]): Reply => ({ type: 'array', v: v.map((x) => ({ type: 'bulk', v: x }) as Reply) }),
};

/** Redis's own error strings, word for word (Redis 7.0 server.c / networking.c). */
export const E = {
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  syntax: 'ERR syntax error',
  notInteger: 'ERR value is not an integer or out of range',
  notFloat: 'ERR value is not a valid float',
  overflow: 'ERR increment or decrement would overflow',
  noSuchKey: 'ERR no such key',
  readonly: "READONLY You can't write against a read only replica.",
  noReplicas: 'NOREPLICAS Not enough good replicas to write.',
  dbIndexOutOfRange: 'ERR DB index is out of range',
  wrongArgs: (cmd: string) => `ERR wrong number of arguments for '${cmd}' command`,
  /** commandCheckExistence for a container command (CONFIG, CLIENT): the name cut at 128 bytes. */
  unknownSubcommand: (cmd: string, sub: string) => `ERR unknown subcommand '${echoArg(sub, 128)}'. Try ${cmd} HELP.`,
  /** addReplySubcommandSyntaxError (DEBUG and the commands that parse their own subcommands). */
  subcommandSyntax: (cmd: string, sub: string) =>
    `ERR unknown subcommand or wrong number of arguments for '${echoArg(sub, 128)}'. Try ${cmd} HELP.`,
};

/** sdsmapchars(s, "\r\n", "  "): what Redis does to user text it echoes in an error line. */
export function crlfToSpaces(s: string): string {
  return s.replace(/[\r\n]/g, ' ');
}

/** A user's argument as C's "%.<max>s" prints it (up to a NUL byte, at most max bytes), CR/LF as spaces. */
export function echoArg(s: string, max: number): string {
  const nul = s.indexOf('\0');
  return crlfToSpaces((nul < 0 ? s : s.slice(0, nul)).slice(0, max));
}

/** The exact RESP2 bytes of a reply. */
export function encodeReply(r: Reply): string {
  switch (r.type) {
    case 'status':
      return `+${r.v}\r\n`;
    case 'error':
      return `-${r.v}\r\n`;
    case 'int':
      return `:${String(r.v)}\r\n`;
    case 'bulk':
      return r.v === null ? '$-1\r\n' : `$${r.v.length}\r\n${r.v}\r\n`;
    case 'array':
      if (r.v === null) return '*-1\r\n';
      return `*${r.v.length}\r\n${r.v.map(encodeReply).join('')}`;
  }
}

/** A command as a RESP multibulk: the bytes Redis writes to the replication stream. */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

export type ParseResult<T> =
  | { readonly type: 'ok'; readonly value: T; readonly consumed: number }
  | { readonly type: 'incomplete' }
  | { readonly type: 'protocolError'; readonly message: string };

const INCOMPLETE = { type: 'incomplete' } as const;

function readLine(buf: string, pos: number): { line: string; next: number } | null {
  const i = buf.indexOf('\r\n', pos);
  if (i < 0) return null;
  return { line: buf.slice(pos, i), next: i + 2 };
}

/**
 * Parses one command at buf[pos..] as processMultibulkBuffer / processInlineBuffer do.
 * Returns the argv and how many bytes it used. An empty inline line gives argv [].
 */
export function parseCommand(buf: string, pos = 0): ParseResult<string[]> {
  if (pos >= buf.length) return INCOMPLETE;
  if (buf[pos] !== '*') {
    // Inline command (what telnet sends; also the bare "\n" keepalives of a replica).
    const nl = buf.indexOf('\n', pos);
    if (nl < 0) return INCOMPLETE;
    let line = buf.slice(pos, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const argv = line.split(' ').filter((s) => s.length > 0);
    return { type: 'ok', value: argv, consumed: nl + 1 - pos };
  }
  // Lengths are read in place (no line strings): all-digit ones directly, anything else as Number() reads it.
  const headEnd = buf.indexOf('\r\n', pos);
  if (headEnd < 0) return INCOMPLETE;
  const n = lengthAt(buf, pos + 1, headEnd);
  if (!Number.isInteger(n) || n > 1024 * 1024) return { type: 'protocolError', message: 'Protocol error: invalid multibulk length' };
  let p = headEnd + 2;
  const argv: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = buf.indexOf('\r\n', p);
    if (e < 0) return INCOMPLETE;
    if (e === p || buf.charCodeAt(p) !== 0x24 /* $ */) return { type: 'protocolError', message: `Protocol error: expected '$', got '${e === p ? '' : buf[p]}'` };
    const len = lengthAt(buf, p + 1, e);
    if (!Number.isInteger(len) || len < 0) return { type: 'protocolError', message: 'Protocol error: invalid bulk length' };
    const start = e + 2;
    if (start + len + 2 > buf.length) return INCOMPLETE;
    argv.push(buf.slice(start, start + len));
    p = start + len + 2;
  }
  return { type: 'ok', value: argv, consumed: p - pos };
}

/** Number(buf.slice(from, to)), without the slice when the text is a plain run of up to 15 digits. */
function lengthAt(buf: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return Number(buf.slice(from, to));
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = buf.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return Number(buf.slice(from, to));
    n = n * 10 + d;
  }
  return n;
}

/** Parses one reply at buf[pos..]. */
export function parseReply(buf: string, pos = 0): ParseResult<Reply> {
  const head = readLine(buf, pos);
  if (!head) return INCOMPLETE;
  const t = head.line[0];
  const rest = head.line.slice(1);
  switch (t) {
    case '+':
      return { type: 'ok', value: { type: 'status', v: rest }, consumed: head.next - pos };
    case '-':
      return { type: 'ok', value: { type: 'error', v: rest }, consumed: head.next - pos };
    case ':': {
      // Beyond 2^53 a number would round: such integers stay exact as bigints.
      const n = Number(rest);
      return { type: 'ok', value: { type: 'int', v: Number.isSafeInteger(n) || !/^-?\d+$/.test(rest) ? n : BigInt(rest) }, consumed: head.next - pos };
    }
    case '$': {
      const len = Number(rest);
      if (len < 0) return { type: 'ok', value: R.nil, consumed: head.next - pos };
      if (head.next + len + 2 > buf.length) return INCOMPLETE;
      return { type: 'ok', value: { type: 'bulk', v: buf.slice(head.next, head.next + len) }, consumed: head.next + len + 2 - pos };
    }
    case '*': {
      const n = Number(rest);
      if (n < 0) return { type: 'ok', value: R.nilArray, consumed: head.next - pos };
      const items: Reply[] = [];
      let p = head.next;
      for (let i = 0; i < n; i++) {
        const r = parseReply(buf, p);
        if (r.type !== 'ok') return r;
        items.push(r.value);
        p += r.consumed;
      }
      return { type: 'ok', value: { type: 'array', v: items }, consumed: p - pos };
    }
    default:
      return { type: 'protocolError', message: `Protocol error: unexpected reply type '${t}'` };
  }
}
