// A seeded, bounded fuzz of the engine with hostile arguments (glob patterns, huge and odd numbers,
// Object.prototype names, empty and binary strings) at a master and at a replica: no exception
// escapes a node's step except a budget, every reply encodes as RESP, no command takes long.
// A failure names the seed and the line that reproduce it.

import { describe, expect, it } from 'vitest';
import { BudgetExceeded } from './budget.ts';
import { prngCreate, prngInt } from './prng.ts';
import { encodeReply } from './resp.ts';
import { T0, TestNode } from './test-node.ts';

const TOKENS = [
  '[z-a]', '**********x', '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', '[^', '[', '\\', 'a\\', '[a-', '?*?*?*', '*',
  'constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf',
  '-130000000', '130000000', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '1e20', '-1e9',
  'NaN', 'inf', '-inf', '0', '-1', '1', '536870911', '4294967295', '', '\x00', '\xff\xfe', 'x'.repeat(300), 'k', 's', 'z', 'h', 'l',
];
const COMMANDS: readonly (readonly string[])[] = [
  ['KEYS'], ['SCAN', '0', 'MATCH'], ['SRANDMEMBER', 's'], ['SETRANGE', 'k'], ['LRANGE', 'l'], ['ZRANGE', 'z'], ['CONFIG', 'GET'], ['CONFIG', 'SET'], ['SRANDMEMBER'], ['SADD'], ['SPOP'], ['SETRANGE'],
  ['APPEND'], ['GETRANGE'], ['LRANGE'], ['LPUSH'], ['ZADD'], ['ZRANGE'], ['ZRANGEBYSCORE'], ['HSET'], ['HGETALL'], ['SET'], ['GET'],
  ['INCRBY'], ['INCRBYFLOAT'], ['EXPIRE'], ['PEXPIREAT'], ['PSUBSCRIBE'], ['PUBSUB', 'CHANNELS'], ['SSCAN'], ['HSCAN'], ['ZSCAN'],
  ['LPOS'], ['LINSERT'], ['SINTERCARD'], ['OBJECT'], ['INFO'], ['CLIENT'], ['MULTI'], ['EXEC'], ['DISCARD'], ['SELECT'], ['COPY'],
  ['WAIT'], ['REPLCONF'], ['ROLE'], ['DBSIZE'], ['RANDOMKEY'],
];

function line(r: ReturnType<typeof prngCreate>): string[] {
  const argv = [...COMMANDS[prngInt(r, COMMANDS.length)]];
  const n = prngInt(r, 5);
  for (let i = 0; i < n; i++) argv.push(TOKENS[prngInt(r, TOKENS.length)]);
  return argv;
}

/** Runs the lines; returns how many replies were not errors and how many lines met a budget. */
function fuzz(seed: number, lines: number, replica: boolean): { ok: number; budgets: number } {
  const seen = { ok: 0, budgets: 0 };
  const r = prngCreate(seed, 0x5eed);
  const node = new TestNode({ nowMs: T0, seed });
  let consoles = 0;
  const run = (argv: readonly string[], at: string) => {
    const started = performance.now();
    try {
      // Each line from its own redis-cli: a SUBSCRIBE or a WAIT does not hold the next ones back.
      const replies = node.step({ type: 'command', clientId: `fuzz-${consoles++}`, argv }).filter((e) => e.type === 'reply');
      for (const e of replies) {
        if (e.type !== 'reply') continue;
        encodeReply(e.reply);
        if (e.reply.type !== 'error') seen.ok++;
      }
    } catch (e) {
      if (e instanceof BudgetExceeded) seen.budgets++;
      else throw new Error(`seed ${seed}, ${at}: ${JSON.stringify(argv)} threw ${(e as Error).stack}`, { cause: e });
    }
    const ms = performance.now() - started;
    if (ms > 500) throw new Error(`seed ${seed}, ${at}: ${JSON.stringify(argv)} took ${ms.toFixed(0)} ms`);
  };
  // A few keys of each type, then hostile lines.
  for (const argv of [['SET', 'k', 'v'], ['SADD', 's', 'a', 'b'], ['LPUSH', 'l', 'a'], ['ZADD', 'z', '1', 'a'], ['HSET', 'h', 'f', 'v']]) run(argv, 'setup');
  if (replica) run(['REPLICAOF', '127.0.0.1', '9'], 'setup');
  for (let i = 0; i < lines; i++) run(line(r), `line ${i}`);
  return seen;
}

describe('hostile command lines at one node', () => {
  it('meets the command budgets along the way', () => {
    expect([1, 2, 3, 4].reduce((n, s) => n + fuzz(s, 1000, false).budgets, 0)).toBeGreaterThan(0);
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`master, seed ${seed}: no exception escapes but a budget, every reply encodes`, () => {
      const seen = fuzz(seed, 1000, false);
      // The lines reach real work, not only syntax errors.
      expect(seen.ok).toBeGreaterThan(120);
    });
    it(`replica, seed ${seed}: no exception escapes but a budget, every reply encodes`, () => {
      expect(fuzz(seed + 100, 1000, true).ok).toBeGreaterThan(120);
    });
  }
});
