// The lexical rules of scenario lines: blanks, comments, the expect operator, and the result type
// of the small parsers.

import { isCSpace, quotedMask } from './split-args.ts';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** The first == or ~ standing alone outside quotes, before any comment. */
export function findOperator(rest: string): { index: number; op: '==' | '~' } | null {
  const mask = quotedMask(rest);
  for (let i = 0; i < rest.length; i++) {
    if (mask[i] || (i > 0 && !isCSpace(rest[i - 1]))) continue;
    if (rest[i] === '#') return null;
    const endsAt = (n: number) => i + n === rest.length || isCSpace(rest[i + n]);
    if (rest.startsWith('==', i) && endsAt(2)) return { index: i, op: '==' };
    if (rest[i] === '~' && endsAt(1)) return { index: i, op: '~' };
  }
  return null;
}

/** Where a comment starts: a '#' outside quotes at the start or after a blank; else the length. */
export function commentStart(s: string, mask: readonly boolean[]): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '#' && !mask[i] && (i === 0 || isCSpace(s[i - 1]))) return i;
  }
  return s.length;
}

/** Inside "double quotes" with backslash escapes, as sdscatrepr writes them; single quotes are plain text. */
export function doubleQuotedMask(s: string): boolean[] {
  const mask: boolean[] = new Array<boolean>(s.length).fill(false);
  let inq = false;
  for (let i = 0; i < s.length; i++) {
    if (!inq) {
      if (s[i] === '"') inq = mask[i] = true;
      continue;
    }
    mask[i] = true;
    if (s[i] === '\\' && i + 1 < s.length) mask[++i] = true;
    else if (s[i] === '"') inq = false;
  }
  return mask;
}

/** Directive lines have no quoting: a comment is a '#' at the start or after a blank. */
export function stripComment(s: string): string {
  return s.slice(0, commentStart(s, []));
}

export function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isCSpace(s[a])) a++;
  while (b > a && isCSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

export function splitBlanks(s: string): string[] {
  return s.split(/[ \t\n\v\f\r]+/).filter((x) => x !== '');
}
