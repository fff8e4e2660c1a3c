import { describe, expect, it } from 'vitest';
import { R, type Reply } from './resp.ts';
import { utf8ToBinary } from './bytes.ts';
import { catRepr, formatReplyTTY, replyAsPrinted, shouldPrintRaw } from './cli-format.ts';

// Expected texts below were taken from redis-cli 7.0.15 running in a terminal.

describe('formatReplyTTY, standard terminal form', () => {
  it('prints an integer with (integer)', () => {
    expect(formatReplyTTY(R.int(2))).toBe('(integer) 2\n');
    expect(formatReplyTTY(R.int(-7))).toBe('(integer) -7\n');
  });

  it('prints a 64-bit integer in full, not in exponent form', () => {
    expect(formatReplyTTY(R.int(9223372036854775807n))).toBe('(integer) 9223372036854775807\n');
    expect(formatReplyTTY(R.int(1e21))).toBe('(integer) 1000000000000000000000\n');
  });

  it('prints a bulk string in double quotes', () => {
    expect(formatReplyTTY(R.bulk('1'))).toBe('"1"\n');
    expect(formatReplyTTY(R.bulk(''))).toBe('""\n');
  });

  it('escapes bytes in a bulk string as sdscatrepr does', () => {
    const v = utf8ToBinary('héllo"\\') + '\x01\x7f\t\n\r\x07\x08';
    expect(formatReplyTTY(R.bulk(v))).toBe('"h\\xc3\\xa9llo\\"\\\\\\x01\\x7f\\t\\n\\r\\a\\b"\n');
  });

  it('prints bytes 0x20 to 0x7e as themselves and all others as lowercase \\xNN', () => {
    let all = '';
    for (let c = 0; c < 256; c++) all += String.fromCharCode(c);
    const out = catRepr(all);
    expect(out).toContain('\\x00\\x01');
    expect(out).toContain('\\x1f !\\"#');
    expect(out).toContain('}~\\x7f\\x80');
    expect(out.endsWith('\\xfe\\xff"')).toBe(true);
  });

  it('prints a nil bulk and a nil array as (nil)', () => {
    expect(formatReplyTTY(R.nil)).toBe('(nil)\n');
    expect(formatReplyTTY(R.nilArray)).toBe('(nil)\n');
  });

  it('prints an error with (error) and a status bare', () => {
    expect(formatReplyTTY(R.err("ERR unknown command 'foo', with args beginning with: "))).toBe(
      "(error) ERR unknown command 'foo', with args beginning with: \n",
    );
    expect(formatReplyTTY(R.ok)).toBe('OK\n');
    expect(formatReplyTTY(R.pong)).toBe('PONG\n');
  });

  it('prints an empty array as (empty array)', () => {
    expect(formatReplyTTY(R.emptyArray)).toBe('(empty array)\n');
  });

  it('numbers array elements from 1', () => {
    expect(formatReplyTTY(R.bulks(['a', 'b', 'c']))).toBe('1) "a"\n2) "b"\n3) "c"\n');
  });

  it('right-aligns indexes to the widest one', () => {
    const letters = 'abcdefghijk'.split('');
    const lines = formatReplyTTY(R.bulks(letters)).split('\n');
    expect(lines[0]).toBe(' 1) "a"');
    expect(lines[8]).toBe(' 9) "i"');
    expect(lines[9]).toBe('10) "j"');
    expect(lines[10]).toBe('11) "k"');
  });

  it('prints nil elements inside an array as (nil)', () => {
    expect(formatReplyTTY(R.array([R.int(1), R.nil, R.int(3)]))).toBe('1) (integer) 1\n2) (nil)\n3) (integer) 3\n');
  });

  it('indents nested arrays as redis-cli does', () => {
    // EVAL "return {1,{2,{3,'x'},{}},'y',{'a',...,'k'}}" 0
    const reply = R.array([
      R.int(1),
      R.array([R.int(2), R.array([R.int(3), R.bulk('x')]), R.emptyArray]),
      R.bulk('y'),
      R.bulks('abcdefghijk'.split('')),
    ]);
    expect(formatReplyTTY(reply)).toBe(
      [
        '1) (integer) 1',
        '2) 1) (integer) 2',
        '   2) 1) (integer) 3',
        '      2) "x"',
        '   3) (empty array)',
        '3) "y"',
        '4)  1) "a"',
        '    2) "b"',
        '    3) "c"',
        '    4) "d"',
        '    5) "e"',
        '    6) "f"',
        '    7) "g"',
        '    8) "h"',
        '    9) "i"',
        '   10) "j"',
        '   11) "k"',
        '',
      ].join('\n'),
    );
  });

  it('puts the first element of nested arrays on the parent line', () => {
    const reply: Reply = R.array([R.array([R.array([R.int(1)])])]);
    expect(formatReplyTTY(reply)).toBe('1) 1) 1) (integer) 1\n');
    expect(formatReplyTTY(R.array([R.emptyArray]))).toBe('1) (empty array)\n');
  });

  it('indents by the parent width when the parent has ten or more elements', () => {
    const items: Reply[] = Array.from({ length: 9 }, (_, i) => R.int(i));
    items.push(R.bulks(['p', 'q']));
    const lines = formatReplyTTY(R.array(items)).split('\n');
    expect(lines[9]).toBe('10) 1) "p"');
    expect(lines[10]).toBe('    2) "q"');
  });
});

describe('formatReplyTTY, raw form', () => {
  it('prints a bulk string verbatim with nothing appended', () => {
    const info = '# Replication\r\nrole:master\r\nconnected_slaves:0\r\n';
    expect(formatReplyTTY(R.bulk(info), { raw: true })).toBe(info);
  });

  it('prints an error without (error) but with a line break', () => {
    expect(formatReplyTTY(R.err('ERR syntax error'), { raw: true })).toBe('ERR syntax error\n');
  });

  it('prints integers bare, nil as nothing, and array elements one per line', () => {
    expect(formatReplyTTY(R.int(5), { raw: true })).toBe('5');
    expect(formatReplyTTY(R.nil, { raw: true })).toBe('');
    expect(formatReplyTTY(R.array([R.bulk('a'), R.nil, R.int(3)]), { raw: true })).toBe('a\n\n3');
  });

  it('does not escape bytes', () => {
    expect(formatReplyTTY(R.bulk('a\x00\xff'), { raw: true })).toBe('a\x00\xff');
  });
});

describe('shouldPrintRaw', () => {
  it('prints INFO and LOLWUT raw, in any case, with any arguments', () => {
    expect(shouldPrintRaw(['INFO'])).toBe(true);
    expect(shouldPrintRaw(['info', 'replication'])).toBe(true);
    expect(shouldPrintRaw(['LoLwUt', 'VERSION', '5'])).toBe(true);
  });

  it('prints CLIENT LIST and CLIENT INFO raw but not other CLIENT subcommands', () => {
    expect(shouldPrintRaw(['CLIENT', 'LIST'])).toBe(true);
    expect(shouldPrintRaw(['client', 'list', 'TYPE', 'replica'])).toBe(true);
    expect(shouldPrintRaw(['client', 'info'])).toBe(true);
    expect(shouldPrintRaw(['CLIENT', 'ID'])).toBe(false);
    expect(shouldPrintRaw(['CLIENT'])).toBe(false);
  });

  it('prints MEMORY DOCTOR, MEMORY MALLOC-STATS and the DEBUG table stats raw', () => {
    expect(shouldPrintRaw(['memory', 'doctor'])).toBe(true);
    expect(shouldPrintRaw(['MEMORY', 'MALLOC-STATS'])).toBe(true);
    expect(shouldPrintRaw(['MEMORY', 'USAGE', 'k'])).toBe(false);
    expect(shouldPrintRaw(['DEBUG', 'HTSTATS', '0'])).toBe(true);
    expect(shouldPrintRaw(['debug', 'htstats-key', 'k'])).toBe(true);
    expect(shouldPrintRaw(['debug', 'client-eviction'])).toBe(true);
    expect(shouldPrintRaw(['DEBUG', 'SLEEP', '0'])).toBe(false);
  });

  it('honours the exact argument counts of CLUSTER and LATENCY', () => {
    expect(shouldPrintRaw(['CLUSTER', 'NODES'])).toBe(true);
    expect(shouldPrintRaw(['cluster', 'info'])).toBe(true);
    expect(shouldPrintRaw(['CLUSTER', 'NODES', 'extra'])).toBe(false);
    expect(shouldPrintRaw(['LATENCY', 'DOCTOR'])).toBe(true);
    expect(shouldPrintRaw(['LATENCY', 'DOCTOR', 'x'])).toBe(false);
    expect(shouldPrintRaw(['LATENCY', 'GRAPH', 'command'])).toBe(true);
    expect(shouldPrintRaw(['LATENCY', 'GRAPH'])).toBe(false);
    expect(shouldPrintRaw(['PROXY', 'INFO'])).toBe(true);
  });

  it('prints ordinary commands in the standard form', () => {
    expect(shouldPrintRaw(['GET', 'info'])).toBe(false);
    expect(shouldPrintRaw(['ROLE'])).toBe(false);
    expect(shouldPrintRaw([])).toBe(false);
  });
});

describe('replyAsPrinted', () => {
  it('drops the final line break of the standard form', () => {
    expect(replyAsPrinted(R.bulk('1'), ['GET', 'a'])).toBe('"1"');
    expect(replyAsPrinted(R.bulks(['a', 'b']), ['LRANGE', 'l', '0', '-1'])).toBe('1) "a"\n2) "b"');
  });

  it('uses the raw form for INFO and drops its final CRLF', () => {
    expect(replyAsPrinted(R.bulk('# Replication\r\nrole:master\r\n'), ['INFO', 'replication'])).toBe(
      '# Replication\r\nrole:master',
    );
  });
});
