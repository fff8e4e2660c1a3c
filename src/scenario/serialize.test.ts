import { describe, expect, it } from 'vitest';
import { serializeScenario, type ScenarioStep } from './parse.ts';
import { EXAMPLE, steps, withoutPosition } from './parse-test-helpers.ts';

describe('serializeScenario', () => {
  it('prints canonical text', () => {
    const text = serializeScenario(steps(EXAMPLE.replace('sleep 1500ms', 'sleep   1500ms   # x')));
    expect(text).toBe(
      [
        'seed 42',
        'node m r1 r2',
        'r1> REPLICAOF m 6379',
        'sleep 1.5s',
        'cut m r1',
        'heal m r1',
        'kill m r1',
        'crash r1',
        'restart r1',
        'latency m r1 20ms',
        'latency m r1 20ms jitter 5ms',
        'bandwidth m r1 10mbit',
        'expect r1> GET a == "1"',
        'expect m> INFO replication ~ "master_repl_offset:1234"',
        'until r1 online',
        'until r1 online within 1m',
        '',
      ].join('\n'),
    );
  });

  it('prints startup parameters as options that read back the same', () => {
    const st = steps('node m r1 --enable-debug-command local --save "" --client-output-buffer-limit replica 1mb 0 0\n');
    const text = serializeScenario(st);
    expect(text).toBe('node m r1 --enable-debug-command local --save "" --client-output-buffer-limit normal 0 0 0 slave 1048576 0 0 pubsub 33554432 8388608 60\n');
    expect(withoutPosition(steps(text))).toEqual(withoutPosition(st));
  });

  it('reads back to the same steps', () => {
    const tricky = `${EXAMPLE}
r2> SET "k ey" 'it\\'s' "\\xff\\x00" é  # comment
expect r2> SET k "a == b" == OK
expect r2> GET k == "x # y"
expect r2> INFO ~ "line\\r\\nnext é \\xff \\"q\\""
expect r2> GET k ~ plain text
bandwidth m r2 2mb
bandwidth m r2 1.5mbit
bandwidth m r2 3b
latency r1 r2 1.25s jitter 0ms
sleep 0ms
sleep 61s
`;
    const first = steps(tricky);
    const again = steps(serializeScenario(first));
    expect(withoutPosition(again)).toEqual(withoutPosition(first));
  });

  it('quotes arguments afresh when the source does not match argv', () => {
    const s: ScenarioStep = { type: 'expect', line: 1, text: '', node: 'm', argv: ['ECHO', '==', 'a b', ''], source: '', op: '==', expected: '"x"' };
    const text = serializeScenario([{ type: 'node', line: 1, text: '', names: ['m'] }, s]);
    expect(text).toBe('node m\nexpect m> ECHO "==" "a b" "" == "x"\n');
    expect(withoutPosition(steps(text))[1]).toEqual({ ...withoutPosition([s])[0], source: 'ECHO "==" "a b" ""' });
  });
});

