// Splits a typed command line into arguments exactly as redis-cli does (sdssplitargs in Redis
// 7.0's sds.c): blanks separate arguments, "double quotes" take \xNN \n \r \t \b \a and \<any>
// escapes, 'single quotes' take only \', and a closing quote must be followed by a blank or the
// end of the line. The arguments come out as binary strings (UTF-8 bytes, one char per byte).

import { utf8ToBinary } from '../engine/bytes.ts';
import { reprByte } from '../engine/cli-format.ts';

export type SplitArgsResult =
  | { readonly type: 'ok'; readonly argv: string[] }
  | {
      readonly type: 'error';
      readonly reason: 'unterminated-quote' | 'text-after-closing-quote';
      /** Index in the input line (in JS chars) of the quote that caused the error. */
      readonly index: number;
    };

/** isspace() in the C locale. */
export function isCSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function isHexDigit(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

/**
 * sdssplitargs. Returns null where redis-cli answers "Invalid argument(s)": an unterminated
 * quote, or a closing quote followed by something other than a blank. An empty or blank line
 * gives []. As in C, a NUL character ends the line.
 */
export function splitArgs(line: string): string[] | null {
  const r = splitArgsDetailed(line);
  return r.type === 'ok' ? r.argv : null;
}

/** splitArgs, saying why and where a line is invalid. */
export function splitArgsDetailed(line: string): SplitArgsResult {
  const nul = line.indexOf('\0');
  const text = nul < 0 ? line : line.slice(0, nul);
  // Work on the UTF-8 bytes, as the C code does. Quotes, backslashes and blanks are ASCII, so a
  // byte index maps back to a char index through this table.
  const bytes = utf8ToBinary(text);
  const charIndexOfByte: number[] = [];
  for (let ci = 0; ci < text.length; ci++) {
    const cp = text.codePointAt(ci) ?? 0;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) charIndexOfByte.push(ci);
    if (cp >= 0x10000) ci++;
  }
  const at = (i: number): string | undefined => (i < bytes.length ? bytes[i] : undefined);

  const argv: string[] = [];
  let p = 0;
  for (;;) {
    while (p < bytes.length && isCSpace(bytes[p])) p++;
    if (p >= bytes.length) return { type: 'ok', argv };

    let inq = false; // in "double quotes"
    let insq = false; // in 'single quotes'
    let quoteStart = -1;
    let done = false;
    let current = '';
    while (!done) {
      const c = at(p);
      if (inq) {
        if (c === '\\' && at(p + 1) === 'x' && isHexDigit(at(p + 2)) && isHexDigit(at(p + 3))) {
          current += String.fromCharCode(parseInt(bytes.slice(p + 2, p + 4), 16));
          p += 3;
        } else if (c === '\\' && at(p + 1) !== undefined) {
          p++;
          const e = bytes[p];
          current += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          // The closing quote must be followed by a blank or nothing at all.
          const next = at(p + 1);
          if (next !== undefined && !isCSpace(next)) {
            return { type: 'error', reason: 'text-after-closing-quote', index: charIndexOfByte[p] };
          }
          done = true;
        } else if (c === undefined) {
          return { type: 'error', reason: 'unterminated-quote', index: charIndexOfByte[quoteStart] };
        } else {
          current += c;
        }
      } else if (insq) {
        if (c === '\\' && at(p + 1) === "'") {
          p++;
          current += "'";
        } else if (c === "'") {
          const next = at(p + 1);
          if (next !== undefined && !isCSpace(next)) {
            return { type: 'error', reason: 'text-after-closing-quote', index: charIndexOfByte[p] };
          }
          done = true;
        } else if (c === undefined) {
          return { type: 'error', reason: 'unterminated-quote', index: charIndexOfByte[quoteStart] };
        } else {
          current += c;
        }
      } else {
        switch (c) {
          // Only these end an unquoted argument (not \v or \f, which isspace() skips between them).
          case ' ':
          case '\n':
          case '\r':
          case '\t':
          case undefined:
            done = true;
            break;
          case '"':
            inq = true;
            quoteStart = p;
            break;
          case "'":
            insq = true;
            quoteStart = p;
            break;
          default:
            current += c;
        }
      }
      if (p < bytes.length) p++;
    }
    argv.push(current);
  }
}

/**
 * Which chars of a line are inside quotes, by the same rules as splitArgs (an unterminated quote
 * runs to the end). Used to find a comment '#' or an operator outside quotes.
 */
export function quotedMask(line: string): boolean[] {
  const mask: boolean[] = new Array<boolean>(line.length).fill(false);
  let mode: 'none' | 'double' | 'single' = 'none';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    switch (mode) {
      case 'none':
        if (c === '"') mode = 'double';
        else if (c === "'") mode = 'single';
        mask[i] = mode !== 'none';
        break;
      case 'double':
        mask[i] = true;
        if (c === '\\' && i + 1 < line.length) mask[++i] = true;
        else if (c === '"') mode = 'none';
        break;
      case 'single':
        mask[i] = true;
        if (c === '\\' && line[i + 1] === "'") mask[++i] = true;
        else if (c === "'") mode = 'none';
        break;
    }
  }
  return mask;
}

/**
 * Writes one argument (a binary string) so that splitArgs reads it back unchanged: bare when it
 * is plain printable ASCII, otherwise in double quotes with escapes. Valid UTF-8 stays readable.
 */
export function quoteArg(arg: string): string {
  if (arg.length > 0 && /^[\x21-\x7e]+$/.test(arg) && !/["'\\]/.test(arg) && arg[0] !== '#') return arg;
  return quoteString(arg);
}

/** A binary string as a double-quoted splitArgs literal, keeping valid UTF-8 text as text. */
export function quoteString(bin: string): string {
  let out = '"';
  let i = 0;
  while (i < bin.length) {
    const c = bin.charCodeAt(i);
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n > 0 && i + n <= bin.length) {
      const seq = bin.slice(i, i + n);
      const decoded = decodeUtf8Char(seq);
      if (decoded !== null) {
        out += decoded;
        i += n;
        continue;
      }
    }
    out += reprByte(c);
    i++;
  }
  return out + '"';
}

/** One UTF-8 sequence (binary string) -> the character, or null when it is not exactly one valid char. */
function decodeUtf8Char(seq: string): string | null {
  const b = Array.from(seq, (ch) => ch.charCodeAt(0));
  for (let k = 1; k < b.length; k++) if ((b[k] & 0xc0) !== 0x80) return null;
  let cp: number;
  if (b.length === 2) cp = ((b[0] & 0x1f) << 6) | (b[1] & 0x3f);
  else if (b.length === 3) cp = ((b[0] & 0x0f) << 12) | ((b[1] & 0x3f) << 6) | (b[2] & 0x3f);
  else cp = ((b[0] & 0x07) << 18) | ((b[1] & 0x3f) << 12) | ((b[2] & 0x3f) << 6) | (b[3] & 0x3f);
  const min = b.length === 2 ? 0x80 : b.length === 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  // Keep invisible and formatting characters escaped so the text stays what it looks like.
  if (cp < 0xa0 || cp === 0xad || (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) || cp === 0xfeff) return null;
  return String.fromCodePoint(cp);
}
