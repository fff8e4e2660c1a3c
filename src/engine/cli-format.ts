// How redis-cli 7.0 prints a reply in a terminal (cliFormatReplyTTY, cliFormatReplyRaw and the
// output_raw rule of cliSendCommand in redis-cli.c, sdscatrepr in sds.c), byte for byte.
// Replies and results are binary strings (see bytes.ts).

import type { Reply } from './resp.ts';

export interface FormatOptions {
  /** Print as redis-cli does for the commands shouldPrintRaw() names: strings verbatim, no "(integer)" etc. */
  readonly raw?: boolean;
}

/**
 * The exact bytes redis-cli writes to a terminal for one reply, final line break included.
 * Standard form: `(integer) 1`, `"quoted\n"`, `(nil)`, `(error) ERR ...`, bare status text,
 * numbered and indented arrays, `(empty array)`. With `raw` (INFO, CLIENT LIST...): the text as
 * sent, elements separated by "\n", nothing appended, nil prints nothing.
 */
export function formatReplyTTY(reply: Reply, opts?: FormatOptions): string {
  return opts?.raw === true ? formatRaw(reply) : formatTTY(reply, '');
}

/**
 * What redis-cli shows for this command's reply, without its final line break ("\n" or "\r\n"):
 * the text a scenario's `expect` line compares against.
 */
export function replyAsPrinted(reply: Reply, argv: readonly string[]): string {
  const out = formatReplyTTY(reply, { raw: shouldPrintRaw(argv) });
  if (out.endsWith('\r\n')) return out.slice(0, -2);
  if (out.endsWith('\n')) return out.slice(0, -1);
  return out;
}

/** The commands redis-cli prints raw even in a terminal (the output_raw test in cliSendCommand, 7.0). */
export function shouldPrintRaw(argv: readonly string[]): boolean {
  const argc = argv.length;
  if (argc === 0) return false;
  const cmd = argv[0].toLowerCase();
  const sub = argc >= 2 ? argv[1].toLowerCase() : '';
  return (
    cmd === 'info' ||
    cmd === 'lolwut' ||
    (argc >= 2 && cmd === 'debug' && (sub === 'htstats' || sub === 'htstats-key' || sub === 'client-eviction')) ||
    (argc >= 2 && cmd === 'memory' && (sub === 'malloc-stats' || sub === 'doctor')) ||
    (argc === 2 && cmd === 'cluster' && (sub === 'nodes' || sub === 'info')) ||
    (argc >= 2 && cmd === 'client' && (sub === 'list' || sub === 'info')) ||
    (argc === 3 && cmd === 'latency' && sub === 'graph') ||
    (argc === 2 && cmd === 'latency' && sub === 'doctor') ||
    (argc >= 2 && cmd === 'proxy' && sub === 'info')
  );
}

/**
 * sdscatrepr: the string in double quotes, with \\ \" \n \r \t \a \b escaped and every byte
 * outside 0x20-0x7e as \xNN (lowercase hex). UTF-8 text therefore shows as \xNN sequences.
 */
export function catRepr(bin: string): string {
  let out = '"';
  for (let i = 0; i < bin.length; i++) out += reprByte(bin.charCodeAt(i) & 0xff);
  return out + '"';
}

/** One byte as sdscatrepr writes it inside double quotes. */
export function reprByte(c: number): string {
  switch (c) {
    case 0x5c: return '\\\\';
    case 0x22: return '\\"';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    default: return c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
}

/** printf("%lld") of an integer reply. */
function integerText(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  return Number.isInteger(v) ? BigInt(v).toString() : String(v);
}

/** C string semantics: redis-cli prints status and error text with %s / sdscat, stopping at a NUL. */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function formatTTY(r: Reply, prefix: string): string {
  switch (r.type) {
    case 'error':
      return `(error) ${cString(r.v)}\n`;
    case 'status':
      return `${cString(r.v)}\n`;
    case 'int':
      return `(integer) ${integerText(r.v)}\n`;
    case 'bulk':
      // A RESP2 nil bulk is hiredis's REDIS_REPLY_NIL.
      return r.v === null ? '(nil)\n' : `${catRepr(r.v)}\n`;
    case 'array': {
      // A RESP2 nil array (*-1) is REDIS_REPLY_NIL as well.
      if (r.v === null) return '(nil)\n';
      if (r.v.length === 0) return '(empty array)\n';
      // Indexes are right-aligned to the width of the largest; nested replies are indented by
      // that width plus 2, on top of the parent's indent. The first element of a nested array
      // follows its parent's index on the same line.
      const idxlen = String(r.v.length).length;
      const childPrefix = prefix + ' '.repeat(idxlen + 2);
      let out = '';
      for (let i = 0; i < r.v.length; i++) {
        out += `${i === 0 ? '' : prefix}${String(i + 1).padStart(idxlen, ' ')}) `;
        out += formatTTY(r.v[i], childPrefix);
      }
      return out;
    }
  }
}

function formatRaw(r: Reply): string {
  switch (r.type) {
    case 'error':
      return `${r.v}\n`;
    case 'status':
      return r.v;
    case 'int':
      return integerText(r.v);
    case 'bulk':
      return r.v ?? '';
    case 'array':
      return r.v === null ? '' : r.v.map(formatRaw).join('\n');
  }
}
