import { describe, expect, it } from 'vitest';
import { infoCommand } from './info.ts';
import { nodeCreate } from './node.ts';
import type { Reply } from './resp.ts';
import type { RedisVersion } from './version.ts';

const T0 = 1_800_000_000_000;

function info(version: RedisVersion, ...args: string[]): Reply {
  const { state } = nodeCreate({ name: 'm', port: 6379, seed: 1, nowMs: T0, incarnation: 0, disk: null, version });
  return infoCommand(state, args);
}

function text(r: Reply): string {
  if (r.type !== 'bulk' || r.v === null) throw new Error(`not a bulk: ${JSON.stringify(r)}`);
  return r.v;
}

const fields = (r: Reply) => text(r).split('\r\n').filter((l) => l.includes(':')).map((l) => l.slice(0, l.indexOf(':')));
const titles = (r: Reply) => text(r).split('\r\n').filter((l) => l.startsWith('# '));

describe('INFO per version', () => {
  it('prints the default sections each version has', () => {
    expect(titles(info('2.6'))).toEqual(['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Keyspace']);
    expect(titles(info('4.0'))).toEqual(['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Cluster', '# Keyspace']);
    expect(titles(info('6.2', 'all'))).toEqual(['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Modules', '# Commandstats', '# Errorstats', '# Cluster', '# Keyspace']);
  });

  it('takes one section before 7.0', () => {
    expect(info('6.2', 'server', 'replication')).toEqual({ type: 'error', v: 'ERR syntax error' });
    expect(text(info('2.8', 'nosuch'))).toBe('');
  });

  it('names the release and the allocator it shipped with', () => {
    expect(text(info('2.8', 'server'))).toContain('redis_version:2.8.24\r\n');
    expect(text(info('4.0', 'memory'))).toContain('mem_allocator:jemalloc-4.0.3\r\n');
  });

  it('has the sync counters from 2.8 and the 7.0 stats only in 7.0', () => {
    expect(fields(info('2.6', 'stats'))).not.toContain('sync_full');
    expect(fields(info('2.8', 'stats'))).toEqual(expect.arrayContaining(['sync_full', 'sync_partial_ok', 'sync_partial_err']));
    expect(fields(info('6.2', 'stats'))).not.toContain('total_net_repl_input_bytes');
    expect(fields(info('7.0', 'stats'))).toContain('total_net_repl_input_bytes');
  });

  it('prints a master\'s # Replication with the fields of its version, in order', () => {
    expect(fields(info('2.6', 'replication'))).toEqual(['role', 'connected_slaves']);
    expect(fields(info('2.8', 'replication'))).toEqual(['role', 'connected_slaves', 'master_repl_offset', 'repl_backlog_active', 'repl_backlog_size', 'repl_backlog_first_byte_offset', 'repl_backlog_histlen']);
    expect(fields(info('4.0', 'replication'))).toEqual(['role', 'connected_slaves', 'master_replid', 'master_replid2', 'master_repl_offset', 'second_repl_offset', 'repl_backlog_active', 'repl_backlog_size', 'repl_backlog_first_byte_offset', 'repl_backlog_histlen']);
    expect(fields(info('6.2', 'replication'))).toEqual(['role', 'connected_slaves', 'master_failover_state', 'master_replid', 'master_replid2', 'master_repl_offset', 'second_repl_offset', 'repl_backlog_active', 'repl_backlog_size', 'repl_backlog_first_byte_offset', 'repl_backlog_histlen']);
  });

  it('prints CPU seconds with two decimals up to 4.0', () => {
    expect(text(info('4.0', 'cpu'))).toBe('# CPU\r\nused_cpu_sys:0.00\r\nused_cpu_user:0.00\r\nused_cpu_sys_children:0.00\r\nused_cpu_user_children:0.00\r\n');
    expect(text(info('6.2', 'cpu'))).toContain('used_cpu_sys:0.000000\r\n');
  });

  it('gives 2.6 its 10-second LRU clock', () => {
    expect(text(info('2.6', 'server'))).toContain(`lru_clock:${Math.floor(T0 / 10000) & ((1 << 21) - 1)}\r\n`);
    expect(text(info('2.8', 'server'))).toContain(`lru_clock:${Math.floor(T0 / 1000) & ((1 << 24) - 1)}\r\n`);
  });
});
