import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario, repeatArgv, serializeScenario } from './parse.ts';
import { EXAMPLE, errorOf, errors, one, steps, withoutPosition } from './parse-test-helpers.ts';

describe('parseScenario: the whole language', () => {
  it('parses one example of every directive', () => {
    const r = parseScenario(EXAMPLE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.seed).toBe(42);
    expect(r.nodes).toEqual(['m', 'r1', 'r2']);
    expect(withoutPosition(r.steps)).toEqual([
      { type: 'seed', seed: 42 },
      { type: 'node', names: ['m', 'r1', 'r2'] },
      { type: 'command', node: 'r1', argv: ['REPLICAOF', 'm', '6379'], source: 'REPLICAOF m 6379' },
      { type: 'sleep', durationMs: 1500 },
      { type: 'cut', a: 'm', b: 'r1' },
      { type: 'heal', a: 'm', b: 'r1' },
      { type: 'kill', a: 'm', b: 'r1' },
      { type: 'crash', node: 'r1' },
      { type: 'restart', node: 'r1' },
      { type: 'latency', a: 'm', b: 'r1', latencyMs: 20, jitterMs: 0 },
      { type: 'latency', a: 'm', b: 'r1', latencyMs: 20, jitterMs: 5 },
      { type: 'bandwidth', a: 'm', b: 'r1', bytesPerSec: 1_250_000 },
      { type: 'expect', node: 'r1', argv: ['GET', 'a'], source: 'GET a', op: '==', expected: '"1"' },
      { type: 'expect', node: 'm', argv: ['INFO', 'replication'], source: 'INFO replication', op: '~', expected: 'master_repl_offset:1234' },
      { type: 'until', node: 'r1', condition: 'online', withinMs: 120_000 },
      { type: 'until', node: 'r1', condition: 'online', withinMs: 60_000 },
    ]);
  });

  it('numbers steps by their line and keeps the line as written', () => {
    const r = parseScenario(EXAMPLE);
    if (!r.ok) throw new Error('invalid');
    expect(r.steps[2]).toMatchObject({ line: 4, text: 'r1> REPLICAOF m 6379    # r1 follows m' });
    expect(r.steps[15].line).toBe(17);
  });

  it('uses seed 1 when there is no seed line', () => {
    const r = parseScenario('node m\n');
    expect(r).toMatchObject({ ok: true, seed: 1, nodes: ['m'] });
  });

  it('accepts an empty scenario', () => {
    expect(parseScenario('')).toEqual({ ok: true, steps: [], seed: 1, version: '7.0', nodes: [] });
  });

  it('accepts CRLF line endings and a byte order mark', () => {
    const r = parseScenario('\uFEFFnode m\r\nsleep 1s\r\n');
    expect(r.ok && withoutPosition(r.steps)).toEqual([{ type: 'node', names: ['m'] }, { type: 'sleep', durationMs: 1000 }]);
  });

  it('adds nodes on every node line', () => {
    const r = parseScenario('node m\nnode r1 r2\n');
    expect(r.ok && r.nodes).toEqual(['m', 'r1', 'r2']);
  });
});

describe('comments', () => {
  it('skips comment lines, indented or not, and blank lines', () => {
    expect(steps('# one\n   # two\n\n \t \nnode m # three')).toHaveLength(1);
  });

  it('drops a comment after a directive', () => {
    expect(one('sleep 1s   # wait')).toMatchObject({ type: 'sleep', durationMs: 1000 });
  });

  it('drops a comment after a command', () => {
    expect(one('r1> SET a 1 # set it')).toMatchObject({ argv: ['SET', 'a', '1'], source: 'SET a 1' });
  });

  it('keeps a # inside quotes as part of the argument', () => {
    expect(one('r1> SET a "x # y" # real comment')).toMatchObject({ argv: ['SET', 'a', 'x # y'], source: 'SET a "x # y"' });
    expect(one("r1> SET a 'x # y'")).toMatchObject({ argv: ['SET', 'a', 'x # y'] });
  });

  it('keeps a # that does not follow a blank as part of the argument', () => {
    expect(one('r1> SET a b#c')).toMatchObject({ argv: ['SET', 'a', 'b#c'] });
  });

  it('treats a # after a blank in a command as a comment, even where redis-cli would send it', () => {
    expect(one('r1> SET a #1')).toMatchObject({ argv: ['SET', 'a'] });
  });

  it('keeps a # inside the quotes of an expected reply', () => {
    expect(one('expect r1> GET a == "x # y"   # note')).toMatchObject({ expected: '"x # y"' });
  });
});

describe('commands', () => {
  it('splits arguments as redis-cli does', () => {
    expect(one('r1> SET k "a\\nb" \'c d\'')).toMatchObject({ argv: ['SET', 'k', 'a\nb', 'c d'] });
  });

  it('gives arguments as UTF-8 bytes, one char per byte', () => {
    expect(one('r1> SET k "é" \\xff')).toMatchObject({ argv: ['SET', 'k', '\xc3\xa9', '\\xff'], source: 'SET k "é" \\xff' });
    expect(one('r1> SET k "\\xff"')).toMatchObject({ argv: ['SET', 'k', '\xff'] });
  });

  it('accepts no blank after the prompt', () => {
    expect(one('r1>PING')).toMatchObject({ type: 'command', node: 'r1', argv: ['PING'] });
  });

  it('reports an unterminated quote as Invalid argument(s)', () => {
    expect(errorOf('r1> SET a "b')).toMatch(/^Invalid argument\(s\)/);
  });

  it('reports text after a closing quote as Invalid argument(s)', () => {
    expect(errorOf('r1> SET a "b"c')).toMatch(/^Invalid argument\(s\): a closing quote must be followed by a space/);
  });

  it('reports a prompt with no command', () => {
    expect(errorOf('r1>')).toBe("missing command after 'r1>'");
    expect(errorOf('r1>   # nothing')).toBe("missing command after 'r1>'");
  });

  it('reports a command on a node not declared before', () => {
    expect(errors('r1> PING\nnode r1')).toEqual([{ line: 1, message: 'unknown node \'r1\': declare it first with "node r1"' }]);
  });

  it('reports a badly named node at a prompt', () => {
    expect(errorOf('9x> PING')).toMatch(/^bad node name '9x'/);
  });
});

describe('node', () => {
  it('accepts names of up to 16 letters, digits, _ and -', () => {
    expect(steps('node a A_b-9 abcdefghijklmnop')[0]).toMatchObject({ names: ['a', 'A_b-9', 'abcdefghijklmnop'] });
  });

  it('rejects a name that is too long or does not start with a letter', () => {
    expect(errors('node abcdefghijklmnopq')[0].message).toMatch(/^bad node name 'abcdefghijklmnopq'/);
    expect(errors('node _a')[0].message).toMatch(/^bad node name/);
    expect(errors('node a.b')[0].message).toMatch(/^bad node name/);
  });

  it('rejects a node declared twice', () => {
    expect(errors('node m\nnode r1 m')).toEqual([{ line: 2, message: "node 'm' is already declared on line 1" }]);
    expect(errors('node m m')[0].message).toBe("node 'm' is already declared on line 1");
  });

  it('still declares the good names of a bad node line, so later lines are not reported too', () => {
    expect(errors('node m 1x\nm> PING')).toHaveLength(1);
  });

  it('needs at least one name', () => {
    expect(errors('node')[0].message).toBe('missing arguments: usage is "node NAME [NAME ...] [--PARAMETER VALUE ...]"');
    expect(errors('node --enable-debug-command local')[0].message).toBe('missing arguments: usage is "node NAME [NAME ...] [--PARAMETER VALUE ...]"');
  });
});

describe('node startup parameters', () => {
  it('reads redis-server command-line options after the names, for every node of the line', () => {
    expect(steps('node m r1 --enable-debug-command local --repl-backlog-size 1mb')[0]).toMatchObject({
      names: ['m', 'r1'], config: { 'enable-debug-command': 'local', 'repl-backlog-size': '1048576' },
    });
  });

  it('takes several words, quotes, aliases and mixed case as redis.conf does', () => {
    expect(steps('node m --save 900 1 300 10 --SLAVE-READ-ONLY no')[0]).toMatchObject({ config: { save: '900 1 300 10', 'replica-read-only': 'no' } });
    expect(steps('node m --save ""   # no snapshots')[0]).toMatchObject({ config: { save: '' } });
    expect(steps('node m\nnode r1 --replicaof m 6379')[1]).toMatchObject({ config: { replicaof: 'm 6379' } });
    expect(steps('node m --hz 0')[0]).toMatchObject({ config: { hz: '1' } });
  });

  it('leaves config out when there are no options', () => {
    expect(steps('node m')[0]).not.toHaveProperty('config');
  });

  it("reports a bad option in Redis's words", () => {
    expect(errors('node m --port 6380')[0].message).toBe("node option '--port 6380': Bad directive or wrong number of arguments");
    expect(errors('node m --enable-debug-command maybe')[0].message).toBe(
      "node option '--enable-debug-command maybe': argument(s) must be one of the following: no, yes, local",
    );
    expect(errors('node m --repl-backlog-size 0')[0].message).toBe(
      "node option '--repl-backlog-size 0': argument must be between 1 and 9223372036854775807 inclusive",
    );
    expect(errors('node m --repl-timeout')[0].message).toBe("node option '--repl-timeout': wrong number of arguments");
    expect(errors('node r1 --replicaof m port')[0].message).toBe("node option '--replicaof m port': Invalid master port");
    expect(errors('node m --save "1')[0].message).toBe('Invalid argument(s): a quote is not closed');
  });
});

describe('seed', () => {
  it('accepts 0 to 4294967295', () => {
    expect(steps('seed 0')[0]).toMatchObject({ seed: 0 });
    expect(parseScenario('seed 4294967295')).toMatchObject({ ok: true, seed: 4294967295 });
  });

  it('rejects a seed that is not a whole number in range', () => {
    for (const bad of ['abc', '1.5', '-1', '4294967296', '0x10']) {
      expect(errors(`seed ${bad}`)[0].message).toBe(`seed must be a whole number from 0 to 4294967295, not '${bad}'`);
    }
  });

  it('rejects a second seed line', () => {
    expect(errors('seed 1\nseed 2')).toEqual([{ line: 2, message: 'seed is already set on line 1' }]);
  });
});

describe('version', () => {
  it('names the Redis version the nodes run, 7.0 without a version line', () => {
    expect(parseScenario('node m')).toMatchObject({ ok: true, version: '7.0' });
    expect(parseScenario('version 2.8\nnode m')).toMatchObject({ ok: true, version: '2.8' });
    expect(serializeScenario(steps('version 4.0\nnode m'))).toContain('version 4.0');
  });

  it('rejects a version the engine does not play, a second version line and a late one', () => {
    expect(errors('version 5.0')[0].message).toBe("unknown Redis version '5.0'; the versions are 2.6, 2.8, 4.0, 6.2, 7.0");
    expect(errors('version 2.6\nversion 2.8')).toEqual([{ line: 2, message: 'version is already set on line 1' }]);
    expect(errors('node m\nversion 2.6')).toEqual([{ line: 2, message: 'version must come before the first node line' }]);
  });
});

describe('sleep', () => {
  it('needs exactly one duration', () => {
    expect(errorOf('sleep')).toBe('missing arguments: usage is "sleep DURATION"');
  });
});

describe('link faults: cut, heal, kill', () => {
  it('take two different declared nodes', () => {
    expect(one('cut r1 r2')).toMatchObject({ type: 'cut', a: 'r1', b: 'r2' });
    expect(errorOf('cut m m')).toBe("a link joins two different nodes, not 'm' and itself");
    expect(errorOf('heal m x')).toBe('unknown node \'x\': declare it first with "node x"');
    expect(errorOf('kill m')).toBe('missing arguments: usage is "kill NODE NODE"');
    expect(errorOf('kill m r1 r2')).toBe('too many arguments: usage is "kill NODE NODE"');
  });
});

describe('node faults: crash, restart, remove', () => {
  it('take one declared node', () => {
    expect(one('crash m')).toMatchObject({ type: 'crash', node: 'm' });
    expect(one('remove r1')).toMatchObject({ type: 'remove', node: 'r1' });
    expect(errorOf('remove')).toBe('missing arguments: usage is "remove NODE"');
    expect(serializeScenario(steps('node m r1\nremove r1\n'))).toBe('node m r1\nremove r1\n');
    expect(errorOf('restart x')).toMatch(/^unknown node 'x'/);
    expect(errorOf('crash')).toBe('missing arguments: usage is "crash NODE"');
    expect(errorOf('crash m r1')).toBe('too many arguments: usage is "crash NODE"');
  });
});

describe('ctrl-c', () => {
  it('closes one declared node\'s console, and reads back as written', () => {
    expect(one('ctrl-c m')).toMatchObject({ type: 'closeConsole', node: 'm' });
    expect(serializeScenario(steps('node m r1\nctrl-c r1\n'))).toBe('node m r1\nctrl-c r1\n');
    expect(errorOf('ctrl-c')).toBe('missing arguments: usage is "ctrl-c NODE"');
    expect(errorOf('ctrl-c x')).toMatch(/^unknown node 'x'/);
  });
});

describe('latency', () => {
  it('takes a duration and an optional jitter', () => {
    expect(one('latency m r1 1.5s jitter 250ms')).toMatchObject({ latencyMs: 1500, jitterMs: 250 });
  });

  it('reports a bad jitter clause', () => {
    expect(errorOf('latency m r1 20ms jitter')).toMatch(/^missing the duration after jitter/);
    expect(errorOf('latency m r1 20ms wobble 5ms')).toMatch(/^expected 'jitter' after the latency, not 'wobble'/);
    expect(errorOf('latency m r1 20ms jitter 5')).toMatch(/^bad duration '5'/);
    expect(errorOf('latency m r1')).toMatch(/^missing arguments/);
  });
});

describe('expect', () => {
  it('takes the text after == verbatim, as redis-cli prints it', () => {
    expect(one('expect r1> GET a == "1"')).toMatchObject({ op: '==', expected: '"1"' });
    expect(one('expect r1> INCR n == (integer) 2')).toMatchObject({ expected: '(integer) 2' });
    expect(one('expect r1> GET nope == (nil)')).toMatchObject({ expected: '(nil)' });
    expect(one("expect r1> SET a 1 == (error) READONLY You can't write against a read only replica.")).toMatchObject({
      expected: "(error) READONLY You can't write against a read only replica.",
    });
  });

  it('does not decode escapes after ==, since redis-cli prints them', () => {
    expect(one('expect r1> GET a == "a\\nb\\xc3"')).toMatchObject({ expected: '"a\\nb\\xc3"' });
  });

  it('takes a quoted string after ~ and decodes its escapes', () => {
    expect(one('expect m> INFO ~ "role:master\\r\\nconnected_slaves:2"')).toMatchObject({
      op: '~',
      expected: 'role:master\r\nconnected_slaves:2',
    });
    expect(one("expect m> INFO ~ 'role:master' # comment")).toMatchObject({ expected: 'role:master' });
  });

  it('takes unquoted text after ~ verbatim', () => {
    expect(one('expect m> INFO replication ~ connected_slaves:2   # two')).toMatchObject({ expected: 'connected_slaves:2' });
    expect(one('expect r1> LRANGE l 0 -1 ~ 2) "b"')).toMatchObject({ expected: '2) "b"' });
  });

  it('keeps expected text as UTF-8 bytes', () => {
    expect(one('expect r1> FOO == (error) ERR unknown command \'é\'')).toMatchObject({ expected: "(error) ERR unknown command '\xc3\xa9'" });
    expect(one('expect r1> GET a ~ "é"')).toMatchObject({ expected: '\xc3\xa9' });
  });

  it('finds the operator only outside quotes', () => {
    expect(one('expect r1> SET k "a == b" == OK')).toMatchObject({ argv: ['SET', 'k', 'a == b'], source: 'SET k "a == b"', expected: 'OK' });
    expect(one("expect r1> ECHO '~' ~ x")).toMatchObject({ argv: ['ECHO', '~'], expected: 'x' });
  });

  it('needs the operator to stand alone', () => {
    expect(errorOf('expect r1> GET a =="1"')).toMatch(/^expect needs == or ~/);
    expect(errorOf('expect r1> GET a')).toMatch(/^expect needs == or ~/);
    expect(errorOf('expect r1> GET a # == "1"')).toMatch(/^expect needs == or ~/);
  });

  it('reports a missing node prompt, command or expected text', () => {
    expect(errorOf('expect')).toMatch(/^missing arguments/);
    expect(errorOf('expect GET a == "1"')).toMatch(/^expect needs a node prompt/);
    expect(errorOf('expect x> GET a == "1"')).toMatch(/^unknown node 'x'/);
    expect(errorOf('expect r1> == "1"')).toBe("missing command after 'r1>'");
    expect(errorOf('expect r1> GET a ==')).toBe('missing the expected text after ==');
    expect(errorOf('expect r1> GET a ==   # nothing')).toBe('missing the expected text after ==');
  });

  it('reports a bad quoted string after ~', () => {
    expect(errorOf('expect r1> GET a ~ "x')).toMatch(/^Invalid argument\(s\)/);
    expect(errorOf('expect r1> GET a ~ "x" "y"')).toMatch(/^after ~, put the text in a single pair of quotes/);
    expect(errorOf('expect r1> GET a ~ ""')).toBe('~ needs some text to look for');
  });

  it('reports bad quoting in the command', () => {
    expect(errorOf('expect r1> GET "a == "1"')).toMatch(/^Invalid argument\(s\)/);
  });
});

describe('until', () => {
  it('waits 120 s by default and takes within', () => {
    expect(one('until r1 online')).toMatchObject({ withinMs: 120_000 });
    expect(one('until r1 online within 2m')).toMatchObject({ withinMs: 120_000 });
    expect(one('until r1 online within 500ms')).toMatchObject({ withinMs: 500 });
  });

  it('reports a bad condition or limit', () => {
    expect(errorOf('until r1 synced')).toBe("unknown condition 'synced': the only condition is online");
    expect(errorOf('until r1')).toMatch(/^missing arguments/);
    expect(errorOf('until r1 online within')).toMatch(/^missing the duration after within/);
    expect(errorOf('until r1 online for 5s')).toMatch(/^expected 'within', not 'for'/);
    expect(errorOf('until r1 online within 0s')).toBe("bad duration '0s': until needs a time limit above 0");
    expect(errorOf('until x online')).toMatch(/^unknown node 'x'/);
  });
});

describe('errors', () => {
  it('reports an unknown directive, with a hint for upper case', () => {
    expect(errorOf('wait 5s')).toMatch(/^unknown directive 'wait'; expected one of seed, version, node, sentinel, repeat, nowait, at, sleep/);
    expect(errorOf('SLEEP 5s')).toMatch(/^unknown directive 'SLEEP' \(directives are lowercase: sleep\)/);
  });

  it('reports every bad line, in order, and no steps', () => {
    const r = parseScenario('node m\nsleep 5\nfoo\nm> SET a "x\nsleep 1s\ncrash r9\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 6]);
  });

  it('names the file in each error when given one', () => {
    const r = parseScenario('bogus', 'demo.scn');
    expect(r).toEqual({ ok: false, errors: [{ line: 1, message: expect.stringMatching(/^unknown directive/), file: 'demo.scn' }] });
  });

  it('formats an error as FILE:LINE: message', () => {
    expect(formatScenarioError('demo.scn', { line: 7, message: 'bad duration' })).toBe('demo.scn:7: bad duration');
  });

  it('never throws, whatever the input', () => {
    const alphabet = ['node', 'm', 'r1', '>', ' ', '"', "'", '\\', 'x', '#', '==', '~', 'sleep', '1s', 'expect', '\n', 'é', '\0', 'latency', 'within'];
    let x = 12345;
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let k = 0; k < 30; k++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        text += alphabet[x % alphabet.length];
      }
      expect(() => parseScenario(text)).not.toThrow();
    }
  });
});

describe('repeat and nowait', () => {
  it('parses repeat with its count and keeps {i} in the arguments', () => {
    const r = parseScenario('node m\nrepeat 3 m> SET k:{i} v{i}\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const st = r.steps[1];
    expect(st).toMatchObject({ type: 'repeat', count: 3, node: 'm', argv: ['SET', 'k:{i}', 'v{i}'] });
    expect(repeatArgv(['SET', 'k:{i}', 'v{i}'], 2)).toEqual(['SET', 'k:2', 'v2']);
  });
  it('refuses a repeat count of zero or a non-number', () => {
    expect(parseScenario('node m\nrepeat 0 m> PING\n').ok).toBe(false);
    expect(parseScenario('node m\nrepeat x m> PING\n').ok).toBe(false);
  });
  it('parses nowait and round-trips both', () => {
    const text = 'node m\nnowait m> DEBUG SLEEP 1\nrepeat 2 m> INCR n\n';
    const r = parseScenario(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.steps[1]).toMatchObject({ type: 'nowait', node: 'm', argv: ['DEBUG', 'SLEEP', '1'] });
    expect(serializeScenario(r.steps)).toBe(text);
  });
});
