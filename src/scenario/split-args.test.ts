import { describe, expect, it } from 'vitest';
import { quoteArg, quoteString, quotedMask, splitArgs, splitArgsDetailed } from './split-args.ts';
import { utf8ToBinary } from '../engine/bytes.ts';

// The cases marked "redis-cli" were checked against redis-cli 7.0.15 with ECHO.

describe('splitArgs', () => {
  it('splits on blanks and ignores leading and trailing ones', () => {
    expect(splitArgs('  SET  a   1  ')).toEqual(['SET', 'a', '1']);
    expect(splitArgs('SET\ta\r\n')).toEqual(['SET', 'a']);
  });

  it('gives no arguments for an empty or blank line', () => {
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs(' \t ')).toEqual([]);
  });

  it('keeps blanks inside double quotes and decodes its escapes', () => {
    expect(splitArgs('SET k "a b\\n\\r\\t\\b\\a"')).toEqual(['SET', 'k', 'a b\n\r\t\b\x07']);
  });

  it('decodes \\xNN to the byte itself, in either case of hex digit', () => {
    expect(splitArgs('"\\x41\\xff\\xC3\\xa9"')).toEqual(['A\xff\xc3\xa9']);
  });

  it('reads a \\x not followed by two hex digits as a plain x (redis-cli)', () => {
    expect(splitArgs('ECHO "a\\x41\\x4g"')).toEqual(['ECHO', 'aAx4g']);
  });

  it('reads any other escaped char in double quotes as itself (redis-cli)', () => {
    expect(splitArgs('ECHO "a\\qb\\"c\\\\"')).toEqual(['ECHO', 'aqb"c\\']);
  });

  it("takes only \\' as an escape in single quotes (redis-cli)", () => {
    expect(splitArgs("ECHO 'it\\'s'")).toEqual(['ECHO', "it's"]);
    expect(splitArgs("ECHO 'a\\nb'")).toEqual(['ECHO', 'a\\nb']);
  });

  it('joins a quoted part to the unquoted text before it (redis-cli)', () => {
    expect(splitArgs('ECHO foo"bar baz"')).toEqual(['ECHO', 'foobar baz']);
    expect(splitArgs("ECHO a'b c'")).toEqual(['ECHO', 'ab c']);
  });

  it('gives an empty argument for empty quotes', () => {
    expect(splitArgs('ECHO ""')).toEqual(['ECHO', '']);
    expect(splitArgs("ECHO '' x")).toEqual(['ECHO', '', 'x']);
  });

  it('rejects a closing quote followed by text (redis-cli: Invalid argument(s))', () => {
    expect(splitArgs('ECHO "abc"def')).toBeNull();
    expect(splitArgs("ECHO 'abc'def")).toBeNull();
    expect(splitArgsDetailed('ECHO "abc"def')).toEqual({ type: 'error', reason: 'text-after-closing-quote', index: 9 });
  });

  it('rejects an unterminated quote (redis-cli: Invalid argument(s))', () => {
    expect(splitArgs('ECHO "unterminated')).toBeNull();
    expect(splitArgs("ECHO 'x")).toBeNull();
    expect(splitArgs('ECHO "ends in backslash\\')).toBeNull();
    expect(splitArgsDetailed('ECHO "abc')).toEqual({ type: 'error', reason: 'unterminated-quote', index: 5 });
  });

  it('reports the error index in chars even after non-ASCII text', () => {
    expect(splitArgsDetailed('é "x')).toEqual({ type: 'error', reason: 'unterminated-quote', index: 2 });
  });

  it('accepts a closing quote followed by a tab, vertical tab or form feed', () => {
    expect(splitArgs('"a"\tb')).toEqual(['a', 'b']);
    expect(splitArgs('"a"\vb')).toEqual(['a', 'b']);
  });

  it('keeps a vertical tab inside an unquoted argument, as sdssplitargs does', () => {
    expect(splitArgs('a\vb c')).toEqual(['a\vb', 'c']);
    expect(splitArgs('\va')).toEqual(['a']);
  });

  it('keeps a # as part of an argument', () => {
    expect(splitArgs('SET a #1')).toEqual(['SET', 'a', '#1']);
  });

  it('returns non-ASCII text as UTF-8 bytes, one char per byte', () => {
    expect(splitArgs('SET é "ü"')).toEqual(['SET', '\xc3\xa9', '\xc3\xbc']);
    expect(splitArgs('😀')).toEqual([utf8ToBinary('😀')]);
  });

  it('ends the line at a NUL, as C does', () => {
    expect(splitArgs('GET a\0 b')).toEqual(['GET', 'a']);
  });
});

describe('quotedMask', () => {
  it('marks quoted chars, escapes included', () => {
    const mask = quotedMask('a "b\\" #" #c');
    expect(mask.map((m) => (m ? 'q' : '.')).join('')).toBe('..qqqqqqq...');
  });

  it('runs an unterminated quote to the end', () => {
    expect(quotedMask("x 'y #").every((m, i) => m === i >= 2)).toBe(true);
  });
});

describe('quoteArg', () => {
  it('leaves plain words bare and quotes everything else', () => {
    expect(quoteArg('SET')).toBe('SET');
    expect(quoteArg('a#b')).toBe('a#b');
    expect(quoteArg('#a')).toBe('"#a"');
    expect(quoteArg('')).toBe('""');
    expect(quoteArg('a b')).toBe('"a b"');
    expect(quoteArg("it's")).toBe('"it\'s"');
  });

  it('keeps valid UTF-8 readable and escapes other bytes', () => {
    expect(quoteString('\xc3\xa9\xff\x00\n"\\')).toBe('"é\\xff\\x00\\n\\"\\\\"');
  });

  it('reads back to the same bytes through splitArgs', () => {
    const samples = ['plain', '', 'a b', "'", '"', '\\', '#x', '\x00\x01\x7f\x80\xff', utf8ToBinary('héllo wörld 😀'), '\xc3', '\xe2\x80\x8b'];
    for (const s of samples) expect(splitArgs(quoteArg(s))).toEqual([s]);
  });
});
