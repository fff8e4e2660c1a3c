import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/replscope.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

function scenario(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'replscope-cli-'));
  const f = join(dir, 'x.scn');
  writeFileSync(f, text);
  return f;
}

describe('replscope run', () => {
  it('prints each command line and its reply as redis-cli prints it', () => {
    const r = run('run', scenario('node m\nm> SET a 1\nm> GET a\nm> INCR a\nm> GET nope\nm> LPUSH a x\nm> FOO bar\n'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'node m\nm> SET a 1\nOK\nm> GET a\n"1"\nm> INCR a\n(integer) 2\nm> GET nope\n(nil)\n' +
      'm> LPUSH a x\n(error) WRONGTYPE Operation against a key holding the wrong kind of value\n' +
      "m> FOO bar\n(error) ERR unknown command 'FOO', with args beginning with: 'bar' \n",
    );
  });
  it('refuses a bad line with FILE:LINE and exit code 2, running nothing', () => {
    const f = scenario('node m\nm> SET a 1\nsleep 10 parsecs\n');
    const r = run('run', f);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${f}:3: `);
  });
  it('prints the same trace hash for the same scenario and seed', () => {
    const f = join(ROOT, 'scenarios/first-sync.scn');
    const a = run('run', '--quiet', '--hash', f).stdout;
    const b = run('run', '--quiet', '--hash', f).stdout;
    expect(a).toMatch(/^trace-hash [0-9a-f]{16}\n$/);
    expect(b).toBe(a);
    expect(run('run', '--quiet', '--hash', '--seed', '43', f).stdout).not.toBe(a);
  });
  it('prints the trace with --trace', () => {
    const r = run('run', '--quiet', '--trace', join(ROOT, 'scenarios/first-sync.scn'));
    expect(r.stdout).toContain('Full resync from master: ');
    expect(r.stdout).toContain('MASTER <-> REPLICA sync: Finished with success');
  });
  it('exits 1 and names the line when an expect does not hold', () => {
    const f = scenario('node m\nm> SET a 1\nexpect m> GET a == "2"\n');
    const r = run('run', f);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${f}:3: expected "\\"2\\"", got "\\"1\\""`);
  });
  it('stops at a budget with one FILE:LINE line and exit code 1, without a stack trace', () => {
    const f = scenario('node m\nsleep 99999999m\n');
    const r = run('run', f);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${f}:2: this line would wait 1666667 h of simulated time; one line may wait at most 2 h (replscope's budget)\n`);
    const g = scenario('seed 9\nnode m\nm> SADD s a\nm> SRANDMEMBER s -130000000\n');
    const s = run('run', g);
    expect(s.status).toBe(1);
    expect(s.stdout).toBe('seed 9\nnode m\nm> SADD s a\n(integer) 1\n');
    expect(s.stderr).toBe(`${g}:4: SRANDMEMBER would build a reply of 130000000 elements; one command may build at most 1000000 (replscope's budget; the simulation stops here)\n`);
    const d = run('run', '--debug', g);
    expect(d.status).toBe(1);
    expect(d.stderr.split('\n')[0]).toBe(`${g}:4: SRANDMEMBER would build a reply of 130000000 elements; one command may build at most 1000000 (replscope's budget; the simulation stops here)`);
    expect(d.stderr).toMatch(/\n\s+at checkReplyBudget /);
  });
});
