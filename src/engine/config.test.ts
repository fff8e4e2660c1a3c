import { describe, expect, it } from 'vitest';
import { configDefaults, configGet, configSet, configStartupOption } from './config.ts';

const pairs = (flat: string[]) => {
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
};

describe('configGet', () => {
  it('answers a plain name under the name as typed, once, and an alias beside its name', () => {
    const c = configDefaults();
    expect(configGet(c, ['REPL-timeout'])).toEqual(['REPL-timeout', '60']);
    expect(configGet(c, ['hz', 'hz', 'HZ'])).toEqual(['hz', '10']);
    expect(new Map(pairs(configGet(c, ['slave-read-only', 'replica-read-only'])))).toEqual(
      new Map([['slave-read-only', 'yes'], ['replica-read-only', 'yes']]),
    );
    expect(configGet(c, ['no-such-thing'])).toEqual([]);
  });

  it('matches globs against names and aliases, with no pair twice across patterns', () => {
    const got = pairs(configGet(configDefaults(), ['repl-ping-*', 'repl-ping-replica-period']));
    expect(new Map(got)).toEqual(new Map([['repl-ping-replica-period', '10'], ['repl-ping-slave-period', '10']]));
    expect(got).toHaveLength(2);
  });

  it('orders the pairs as a hash table seeded at start: the same for one seed, different across seeds', () => {
    const c = configDefaults();
    const a = configGet(c, ['repl-*'], 'seed-a');
    expect(configGet(c, ['repl-*'], 'seed-a')).toEqual(a);
    const orders = new Set(['seed-b', 'seed-c', 'seed-d'].map((k) => pairs(configGet(c, ['repl-*'], k)).map((p) => p[0]).join(',')));
    expect(orders.size).toBeGreaterThan(1);
    expect(new Set(pairs(a).map((p) => p[0]))).toEqual(new Set(pairs(configGet(c, ['repl-*'], 'seed-b')).map((p) => p[0])));
  });
});

describe('configSet', () => {
  it('sets several parameters at once, or none when one fails', () => {
    const c = configDefaults();
    expect(configSet(c, ['repl-timeout', '5', 'hz', '20'])).toEqual({ ok: true, changed: ['repl-timeout', 'hz'] });
    expect(configSet(c, ['repl-timeout', '7', 'hz', 'x']).ok).toBe(false);
    expect(c['repl-timeout']).toBe('5');
  });

  it('treats an alias and its name as two parameters: the last one wins', () => {
    const c = configDefaults();
    expect(configSet(c, ['replica-read-only', 'no', 'slave-read-only', 'yes']).ok).toBe(true);
    expect(c['replica-read-only']).toBe('yes');
  });

  it('reports an unknown name before an immutable one, and an immutable one before a bad value', () => {
    const c = configDefaults();
    expect(configSet(c, ['repl-timeout', '0', 'foo', 'bar'])).toEqual({ ok: false, error: "ERR Unknown option or number of arguments for CONFIG SET - 'foo'" });
    expect(configSet(c, ['replicaof', 'x', 'foo', 'bar'])).toEqual({
      ok: false, error: "ERR CONFIG SET failed (possibly related to argument 'replicaof') - can't set immutable config",
    });
    expect(configSet(c, ['repl-timeout', '0', 'slaveof', 'x'])).toEqual({
      ok: false, error: "ERR CONFIG SET failed (possibly related to argument 'slaveof') - can't set immutable config",
    });
  });

  it('lets enable-protected-configs allow dbfilename', () => {
    const c = configDefaults();
    expect(configSet(c, ['dbfilename', 'x.rdb']).ok).toBe(false);
    expect(configSet(c, ['dbfilename', 'x.rdb'], true).ok).toBe(true);
    expect(c.dbfilename).toBe('x.rdb');
  });

  it('keeps hz from 1 to 500 and repl-backlog-size at least 16 KiB', () => {
    const c = configDefaults();
    configSet(c, ['hz', '0']);
    expect(c.hz).toBe('1');
    configSet(c, ['hz', '501']);
    expect(c.hz).toBe('500');
    configSet(c, ['repl-backlog-size', '100']);
    expect(c['repl-backlog-size']).toBe('16384');
  });
});

describe('configStartupOption', () => {
  it('accepts immutable parameters, which only startup can set', () => {
    expect(configStartupOption('enable-debug-command', ['local'])).toEqual({ ok: true, name: 'enable-debug-command', value: 'local' });
    expect(configStartupOption('slaveof', ['m', '6379'])).toEqual({ ok: true, name: 'replicaof', value: 'm 6379' });
    expect(configStartupOption('replicaof', ['no', 'one'])).toEqual({ ok: true, name: 'replicaof', value: '' });
  });

  it("reports what redis-server reports for a bad redis.conf line", () => {
    expect(configStartupOption('port', ['6380'])).toEqual({ ok: false, error: 'Bad directive or wrong number of arguments' });
    expect(configStartupOption('hz', ['1', '2'])).toEqual({ ok: false, error: 'wrong number of arguments' });
    expect(configStartupOption('replicaof', ['m', '70000'])).toEqual({ ok: false, error: 'Invalid master port' });
    expect(configStartupOption('save', ['1'])).toEqual({ ok: false, error: 'Invalid save parameters' });
  });
});
