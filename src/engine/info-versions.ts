// INFO as the Redis versions before 7.0 print it: which sections and fields each has, in its own
// order (genRedisInfoString of 2.6.17, 2.8.24, 4.0.14 and 6.2.16), and # Replication in each
// version's format. Values come from the same model as 7.0's INFO (info.ts); a field 7.0 lacks
// gets the fixed value a fresh server of that version shows. Fields the model leaves out of 7.0's
// INFO (allocator details...) are left out here too. No version gets a field it did not have.

import { configBool, configInt } from './config.ts';
import { R, type Reply } from './resp.ts';
import { replicas, unixSec, type NodeState } from './state.ts';
import { versionProfile, type RedisVersion } from './version.ts';

type Legacy = Exclude<RedisVersion, '7.0'>;
type Fields = Readonly<Record<string, readonly string[]>>;

const SERVER_26 = ['redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_mode', 'os', 'arch_bits', 'multiplexing_api', 'gcc_version', 'process_id', 'run_id', 'tcp_port', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'lru_clock'];
const SERVER_28 = ['redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_build_id', 'redis_mode', 'os', 'arch_bits', 'multiplexing_api', 'gcc_version', 'process_id', 'run_id', 'tcp_port', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'lru_clock', 'config_file'];
const SERVER_40 = ['redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_build_id', 'redis_mode', 'os', 'arch_bits', 'multiplexing_api', 'atomicvar_api', 'gcc_version', 'process_id', 'run_id', 'tcp_port', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'lru_clock', 'executable', 'config_file'];
const SERVER_62 = [...SERVER_40.slice(0, SERVER_40.indexOf('multiplexing_api')), 'monotonic_clock', 'multiplexing_api', 'atomicvar_api', 'gcc_version', 'process_id', 'process_supervised', 'run_id', 'tcp_port', 'server_time_usec', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'configured_hz', 'lru_clock', 'executable', 'config_file', 'io_threads_active'];
const CLIENTS_26 = ['connected_clients', 'client_longest_output_list', 'client_biggest_input_buf', 'blocked_clients'];
const MEMORY_26 = ['used_memory', 'used_memory_human', 'used_memory_rss', 'used_memory_peak', 'used_memory_peak_human', 'used_memory_lua', 'mem_fragmentation_ratio', 'mem_allocator'];
const MEMORY_40 = ['used_memory', 'used_memory_human', 'used_memory_rss', 'used_memory_rss_human', 'used_memory_peak', 'used_memory_peak_human', 'used_memory_peak_perc', 'used_memory_overhead', 'used_memory_startup', 'used_memory_dataset', 'used_memory_dataset_perc', 'total_system_memory', 'total_system_memory_human', 'used_memory_lua', 'used_memory_lua_human', 'maxmemory', 'maxmemory_human', 'maxmemory_policy', 'mem_fragmentation_ratio', 'mem_allocator', 'active_defrag_running', 'lazyfree_pending_objects'];
const MEMORY_62 = ['used_memory', 'used_memory_human', 'used_memory_rss', 'used_memory_rss_human', 'used_memory_peak', 'used_memory_peak_human', 'used_memory_peak_perc', 'used_memory_overhead', 'used_memory_startup', 'used_memory_dataset', 'used_memory_dataset_perc', 'maxmemory', 'maxmemory_human', 'maxmemory_policy', 'mem_replication_backlog', 'mem_allocator'];
const PERSIST_26 = ['loading', 'rdb_changes_since_last_save', 'rdb_bgsave_in_progress', 'rdb_last_save_time', 'rdb_last_bgsave_status', 'rdb_last_bgsave_time_sec', 'rdb_current_bgsave_time_sec', 'aof_enabled', 'aof_rewrite_in_progress', 'aof_rewrite_scheduled', 'aof_last_rewrite_time_sec', 'aof_current_rewrite_time_sec', 'aof_last_bgrewrite_status'];
const PERSIST_28 = [...PERSIST_26, 'aof_last_write_status'];
const PERSIST_40 = ['loading', 'rdb_changes_since_last_save', 'rdb_bgsave_in_progress', 'rdb_last_save_time', 'rdb_last_bgsave_status', 'rdb_last_bgsave_time_sec', 'rdb_current_bgsave_time_sec', 'rdb_last_cow_size', 'aof_enabled', 'aof_rewrite_in_progress', 'aof_rewrite_scheduled', 'aof_last_rewrite_time_sec', 'aof_current_rewrite_time_sec', 'aof_last_bgrewrite_status', 'aof_last_write_status', 'aof_last_cow_size'];
const PERSIST_62 = ['loading', 'current_cow_size', 'current_cow_size_age', 'current_fork_perc', 'current_save_keys_processed', 'current_save_keys_total', ...PERSIST_40.slice(1), 'module_fork_in_progress', 'module_fork_last_cow_size'];
const STATS_26 = ['total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec', 'rejected_connections', 'expired_keys', 'evicted_keys', 'keyspace_hits', 'keyspace_misses', 'pubsub_channels', 'pubsub_patterns', 'latest_fork_usec'];
const STATS_28 = ['total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec', 'total_net_input_bytes', 'total_net_output_bytes', 'instantaneous_input_kbps', 'instantaneous_output_kbps', 'rejected_connections', 'sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys', 'evicted_keys', 'keyspace_hits', 'keyspace_misses', 'pubsub_channels', 'pubsub_patterns', 'latest_fork_usec'];
const STATS_40 = [...STATS_28.slice(0, STATS_28.indexOf('evicted_keys')), 'expired_stale_perc', 'expired_time_cap_reached_count', ...STATS_28.slice(STATS_28.indexOf('evicted_keys')), 'migrate_cached_sockets', 'slave_expires_tracked_keys', 'active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses'];
const STATS_62 = ['total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec', 'total_net_input_bytes', 'total_net_output_bytes', 'instantaneous_input_kbps', 'instantaneous_output_kbps', 'rejected_connections', 'sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys', 'expired_stale_perc', 'expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds', 'evicted_keys', 'keyspace_hits', 'keyspace_misses', 'pubsub_channels', 'pubsub_patterns', 'latest_fork_usec', 'total_forks', 'migrate_cached_sockets', 'slave_expires_tracked_keys', 'active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses', 'tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes', 'unexpected_error_replies', 'total_error_replies', 'dump_payload_sanitizations', 'total_reads_processed', 'total_writes_processed', 'io_threaded_reads_processed', 'io_threaded_writes_processed'];
const CPU_26 = ['used_cpu_sys', 'used_cpu_user', 'used_cpu_sys_children', 'used_cpu_user_children'];

/** The fields of each section (a section not listed is printed as the model prints it for 7.0). */
const FIELDS: Readonly<Record<Legacy, Fields>> = {
  '2.6': { server: SERVER_26, clients: CLIENTS_26, memory: MEMORY_26, persistence: PERSIST_26, stats: STATS_26, cpu: CPU_26 },
  '2.8': { server: SERVER_28, clients: CLIENTS_26, memory: MEMORY_26, persistence: PERSIST_28, stats: STATS_28, cpu: CPU_26 },
  '4.0': { server: SERVER_40, clients: CLIENTS_26, memory: MEMORY_40, persistence: PERSIST_40, stats: STATS_40, cpu: CPU_26 },
  '6.2': { server: SERVER_62, memory: MEMORY_62, persistence: PERSIST_62, stats: STATS_62 },
};

const DEFAULT_SECTIONS: Readonly<Record<Legacy, readonly string[]>> = {
  '2.6': ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'keyspace'],
  '2.8': ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'keyspace'],
  '4.0': ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'cluster', 'keyspace'],
  '6.2': ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'],
};

/** "all": the default sections with commandstats, in each version's place. */
function allSections(v: Legacy): readonly string[] {
  const d = [...DEFAULT_SECTIONS[v]];
  const at = v === '6.2' ? d.indexOf('errorstats') : d.indexOf(v === '4.0' ? 'cluster' : 'keyspace');
  d.splice(at, 0, 'commandstats');
  return d;
}

const ALLOCATOR: Readonly<Record<Legacy, string>> = { '2.6': 'jemalloc-3.2.0', '2.8': 'jemalloc-3.6.0', '4.0': 'jemalloc-4.0.3', '6.2': 'jemalloc-5.1.0' };

/** Values of the fields 7.0's INFO no longer prints, as a fresh server of that version shows them. */
function olderFields(v: Legacy, s: NodeState, seven: ReadonlyMap<string, string>): Map<string, string> {
  const used = Number(seven.get('used_memory') ?? '0');
  const rss = Number(seven.get('used_memory_rss') ?? '0');
  const lua = v === '2.6' || v === '2.8' ? 31744 : 37888;
  return new Map([
    ['client_longest_output_list', '0'], ['client_biggest_input_buf', '0'],
    ['used_memory_lua', String(lua)], ['used_memory_lua_human', `${(lua / 1024).toFixed(2)}K`],
    ['mem_fragmentation_ratio', used ? (rss / used).toFixed(2) : '0.00'],
    ['total_system_memory', '8589934592'], ['total_system_memory_human', '8.00G'],
    ['active_defrag_running', '0'], ['lazyfree_pending_objects', '0'],
    ['mem_allocator', ALLOCATOR[v]], ['redis_version', versionProfile(v).release],
    // 2.6 keeps a 21-bit LRU clock of 10-second ticks; later versions count seconds in 24 bits.
    ['lru_clock', v === '2.6' ? String(Math.floor(unixSec(s.nowMs) / 10) & ((1 << 21) - 1)) : seven.get('lru_clock') ?? '0'],
  ]);
}

function reshape(v: Legacy, s: NodeState, name: string, lines7: readonly string[]): string[] {
  const fields = FIELDS[v][name];
  if (!fields) return [...lines7];
  const seven = new Map<string, string>();
  for (const l of lines7) {
    const i = l.indexOf(':');
    if (i > 0) seven.set(l.slice(0, i), l.slice(i + 1));
  }
  const older = olderFields(v, s, seven);
  const out: string[] = [];
  for (const f of fields) {
    const val = older.get(f) ?? seven.get(f);
    if (val === undefined) continue;
    // CPU seconds: "%.2f" up to 4.0, microsecond digits from 6.0.
    out.push(`${f}:${name === 'cpu' && v !== '6.2' ? Number(val).toFixed(2) : val}`);
  }
  return out;
}

const TITLES: Readonly<Record<string, string>> = {
  server: 'Server', clients: 'Clients', memory: 'Memory', persistence: 'Persistence', stats: 'Stats',
  replication: 'Replication', cpu: 'CPU', modules: 'Modules', errorstats: 'Errorstats', cluster: 'Cluster',
  keyspace: 'Keyspace', commandstats: 'Commandstats',
};

/**
 * INFO [section] under a version before 7.0: one optional section (more is a syntax error),
 * "default", "all" (and 6.2's "everything"). `section7` gives a section as 7.0 prints it.
 */
export function versionInfoCommand(v: Legacy, s: NodeState, args: readonly string[], section7: (name: string) => string[] | null): Reply {
  if (args.length > 1) return R.err('ERR syntax error');
  const want = (args[0] ?? 'default').toLowerCase();
  const names = want === 'default' ? DEFAULT_SECTIONS[v]
    : want === 'all' || (want === 'everything' && v === '6.2') ? allSections(v)
    : allSections(v).includes(want) ? [want] : [];
  const parts: string[] = [];
  for (const n of names) {
    const lines = n === 'replication' ? versionReplicationSection(v, s) : [`# ${TITLES[n]}`, ...reshape(v, s, n, section7(n) ?? [])];
    parts.push(lines.join('\r\n') + '\r\n');
  }
  return R.bulk(parts.join('\r\n'));
}

function slaveLines(v: Legacy, s: NodeState): string[] {
  const now = unixSec(s.nowMs);
  const state = (st: string) => (st === 'wait_bgsave_start' || st === 'wait_bgsave_end' ? 'wait_bgsave' : st);
  return replicas(s).map((c, i) => {
    const r = c.replica!;
    if (v === '2.6') return `slave${i}:${c.peerIp},${c.listeningPort},${state(r.state)}`;
    const lag = r.state === 'online' ? now - unixSec(r.ackTimeMs) : 0;
    return `slave${i}:ip=${c.peerIp},port=${c.listeningPort},state=${state(r.state)},offset=${r.ackOffset},lag=${lag}`;
  });
}

/** # Replication as genRedisInfoString() of version `v` writes it. */
export function versionReplicationSection(v: Legacy, s: NodeState): string[] {
  const out: string[] = ['# Replication', `role:${s.masterHost === null ? 'master' : 'slave'}`];
  const now = unixSec(s.nowMs);
  if (s.masterHost !== null) {
    const link = s.master ?? s.cachedMaster;
    const off = link ? link.reploff : 1;
    const readOff = s.master ? s.master.readReploff : off;
    out.push(
      `master_host:${s.masterHost}`, `master_port:${s.masterPort}`,
      `master_link_status:${s.replState === 'REPL_STATE_CONNECTED' ? 'up' : 'down'}`,
      `master_last_io_seconds_ago:${s.master ? now - unixSec(s.master.lastInteractionMs) : -1}`,
      `master_sync_in_progress:${s.replState === 'REPL_STATE_TRANSFER' ? 1 : 0}`,
    );
    if (v === '6.2') out.push(`slave_read_repl_offset:${readOff}`);
    if (v !== '2.6') out.push(`slave_repl_offset:${off}`);
    if (s.replState === 'REPL_STATE_TRANSFER' && s.handshake) {
      const h = s.handshake;
      const size = h.eofMark ? -1 : Math.max(0, h.transferSize);
      if (v === '6.2') {
        const perc = size > 0 ? (h.transferRead / size) * 100 : 0;
        out.push(`master_sync_total_bytes:${size}`, `master_sync_read_bytes:${h.transferRead}`);
        out.push(`master_sync_left_bytes:${size - h.transferRead}`, `master_sync_perc:${perc.toFixed(2)}`);
      } else out.push(`master_sync_left_bytes:${size - h.transferRead}`);
      out.push(`master_sync_last_io_seconds_ago:${now - unixSec(h.lastIoMs)}`);
    }
    if (s.replState !== 'REPL_STATE_CONNECTED') {
      // Before 6.0 a link never up counts from 0 (the epoch): repl_down_since starts at 0.
      const since = s.replDownSinceMs ? now - unixSec(s.replDownSinceMs) : v === '6.2' ? -1 : now;
      out.push(`master_link_down_since_seconds:${since}`);
    }
    out.push(`slave_priority:${configInt(s.config, 'replica-priority')}`, `slave_read_only:${configBool(s.config, 'replica-read-only') ? 1 : 0}`);
    if (v === '6.2') out.push(`replica_announced:${configBool(s.config, 'replica-announced') ? 1 : 0}`);
  }
  out.push(`connected_slaves:${replicas(s).length}`);
  if (v !== '2.6' && configInt(s.config, 'min-replicas-to-write') && configInt(s.config, 'min-replicas-max-lag')) {
    out.push(`min_slaves_good_slaves:${s.goodReplicas}`);
  }
  out.push(...slaveLines(v, s));
  if (v === '2.6') return out;
  if (v === '6.2') out.push('master_failover_state:no-failover');
  if (v !== '2.8') out.push(`master_replid:${s.replId}`, `master_replid2:${s.replId2}`);
  out.push(`master_repl_offset:${s.masterReplOffset}`);
  if (v !== '2.8') out.push(`second_repl_offset:${s.secondReplOffset}`);
  const b = s.backlog;
  out.push(
    `repl_backlog_active:${b ? 1 : 0}`, `repl_backlog_size:${configInt(s.config, 'repl-backlog-size')}`,
    `repl_backlog_first_byte_offset:${b ? b.offset : 0}`, `repl_backlog_histlen:${b ? b.histlen : 0}`,
  );
  return out;
}
