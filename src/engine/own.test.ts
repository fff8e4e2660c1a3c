import { describe, expect, it } from 'vitest';
import { commandExists, commandSince } from './command-versions.ts';
import { memToBytes } from './config.ts';
import { R } from './resp.ts';
import { T0, TestNode } from './test-node.ts';

describe('names typed by a user that Object.prototype also has', () => {
  it('are not memory units', () => {
    expect(memToBytes('1constructor')).toBeNull();
    expect(memToBytes('1tostring')).toBeNull();
    expect(memToBytes('1mb')).toBe(1048576);
  });

  it('are unknown commands in every version', () => {
    expect(commandSince('constructor')).toBeUndefined();
    expect(commandExists('2.6', 'hasOwnProperty')).toBe(true); // not in the table of later arrivals
    const n = new TestNode({ nowMs: T0 });
    expect(n.command(['CONFIG', 'SET', 'repl-backlog-size', '1constructor'])).toEqual(R.err(
      "ERR CONFIG SET failed (possibly related to argument 'repl-backlog-size') - argument must be a memory value",
    ));
  });
});
