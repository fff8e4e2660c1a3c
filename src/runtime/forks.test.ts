import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';

/** INFO stats/persistence counters of m after two replicas attach one second apart. */
function counters(diskless: 'yes' | 'no'): Record<string, string> {
  const text = `node m r1 r2\nm> CONFIG SET repl-diskless-sync ${diskless}\nm> SET a 1\nr1> REPLICAOF m 6379\nsleep 1s\nr2> REPLICAOF m 6379\nsleep 10s\nm> INFO\n`;
  const p = parseScenario(text);
  if (!p.ok) throw new Error('invalid');
  const out = runScenario(p.steps, 1).transcript.at(-1)!.output;
  return Object.fromEntries(out.split(/\r?\n/).filter((l) => l.includes(':')).map((l) => l.split(':', 2)));
}

describe('forks and saves, as Redis 7.0 counts them', () => {
  it('disk: each replica arriving after the last BGSAVE ended gets its own, counted in rdb_saves and total_forks', () => {
    const c = counters('no');
    expect([c.sync_full, c.total_forks, c.rdb_saves]).toEqual(['2', '2', '2']);
  });

  it('diskless: the delay gathers both replicas into one fork, and no RDB is saved', () => {
    const c = counters('yes');
    expect([c.sync_full, c.total_forks, c.rdb_saves]).toEqual(['2', '1', '0']);
  });
});
