// INFO and ROLE as Redis 7.0 prints them: section order, field names and formats. Fields the
// model does not simulate (CPU, memory fragmentation...) carry plausible fixed values and are
// listed in the fidelity notes.

import { backlogMemory } from './backlog.ts';
import { configBool, configInt } from './config.ts';
import { keyspaceKeyCount } from './keyspace.ts';
import { versionInfoCommand, versionReplicationSection } from './info-versions.ts';
import { R, type Reply } from './resp.ts';
import { REDIS_VERSION, replicas, unixSec, type NodeState } from './state.ts';

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];
const ALL_SECTIONS = [...DEFAULT_SECTIONS, 'commandstats', 'latencystats'];

/** A rough used_memory: a fresh 7.0 server's baseline plus the dataset and the backlog. */
export function usedMemory(s: NodeState): number {
  let data = 0;
  for (const db of s.ks.dbs) {
    for (const [k, v] of db.dict) {
      data += 56 + k.length;
      switch (v.type) {
        case 'string': data += 16 + v.v.length; break;
        case 'list': for (const e of v.v) data += 11 + e.length; break;
        case 'hash': for (const [f, x] of v.v) data += 22 + f.length + x.length; break;
        case 'set': for (const e of v.v) data += 40 + e.length; break;
        case 'zset': for (const [m] of v.v) data += 60 + m.length; break;
      }
    }
    data += db.expires.size * 32;
  }
  return 872_000 + data + (s.backlog ? backlogMemory(s.backlog) : 0);
}

function human(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(2)}K`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)}M`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)}G`;
}

function serverSection(s: NodeState): string[] {
  const up = unixSec(s.nowMs) - unixSec(s.startedAtMs);
  return [
    `redis_version:${REDIS_VERSION}`, 'redis_git_sha1:00000000', 'redis_git_dirty:0', 'redis_build_id:ae4d7c971a948f0',
    'redis_mode:standalone', 'os:Linux 6.1.0 x86_64', 'arch_bits:64', 'monotonic_clock:POSIX clock_gettime',
    'multiplexing_api:epoll', 'atomicvar_api:c11-builtin', 'gcc_version:12.2.0', `process_id:${s.pid}`,
    'process_supervised:no', `run_id:${s.runId}`, `tcp_port:${s.port}`, `server_time_usec:${s.nowMs * 1000}`,
    `uptime_in_seconds:${up}`, `uptime_in_days:${Math.floor(up / 86400)}`, 'hz:10', 'configured_hz:10',
    `lru_clock:${unixSec(s.nowMs) & ((1 << 24) - 1)}`, 'executable:/usr/bin/redis-server', 'config_file:', 'io_threads_active:0',
  ];
}

function clientsSection(s: NodeState): string[] {
  const blocked = Object.values(s.consoleClients).filter((c) => c.blocked).length;
  const n = Object.keys(s.netClients).length + Object.keys(s.consoleClients).length + (s.master ? 1 : 0);
  return [
    `connected_clients:${n}`, 'cluster_connections:0', 'maxclients:10000', 'client_recent_max_input_buffer:20480',
    'client_recent_max_output_buffer:0', `blocked_clients:${blocked}`, 'tracking_clients:0', `clients_in_timeout_table:${blocked}`,
  ];
}

function memorySection(s: NodeState): string[] {
  const used = usedMemory(s);
  const repl = s.backlog ? backlogMemory(s.backlog) : 0;
  return [
    `used_memory:${used}`, `used_memory_human:${human(used)}`, `used_memory_rss:${used + 6_000_000}`,
    `used_memory_rss_human:${human(used + 6_000_000)}`, `used_memory_peak:${used}`, `used_memory_peak_human:${human(used)}`,
    'used_memory_peak_perc:100.00%', `used_memory_overhead:${860_000 + repl}`, `used_memory_startup:862000`,
    `used_memory_dataset:${Math.max(0, used - 860_000 - repl)}`, 'used_memory_dataset_perc:0.00%',
    'maxmemory:0', 'maxmemory_human:0B', 'maxmemory_policy:noeviction', `mem_replication_backlog:${repl}`,
    `mem_total_replication_buffers:${repl + replicas(s).reduce((a, c) => a + c.replica!.pending.length, 0)}`,
    'mem_allocator:jemalloc-5.3.0',
  ];
}

function persistenceSection(s: NodeState): string[] {
  const child = s.rdbChild;
  return [
    'loading:0', 'async_loading:0', 'current_cow_peak:0', 'current_cow_size:0', 'current_cow_size_age:0',
    'current_fork_perc:0.00', 'current_save_keys_processed:0', 'current_save_keys_total:0',
    `rdb_changes_since_last_save:${s.dirty}`, `rdb_bgsave_in_progress:${child ? 1 : 0}`,
    `rdb_last_save_time:${unixSec(s.lastSaveMs)}`, `rdb_last_bgsave_status:${s.lastBgsaveOk ? 'ok' : 'err'}`,
    'rdb_last_bgsave_time_sec:-1', `rdb_current_bgsave_time_sec:${child ? unixSec(s.nowMs) - unixSec(child.startMs) : -1}`,
    `rdb_saves:${s.stats.rdbSaves}`, 'rdb_last_cow_size:0', 'rdb_last_load_keys_expired:0', 'rdb_last_load_keys_loaded:0',
    `aof_enabled:${configBool(s.config, 'appendonly') ? 1 : 0}`, 'aof_rewrite_in_progress:0', 'aof_rewrite_scheduled:0',
    'aof_last_rewrite_time_sec:-1', 'aof_current_rewrite_time_sec:-1', 'aof_last_bgrewrite_status:ok', 'aof_rewrites:0',
    'aof_rewrites_consecutive_failures:0', 'aof_last_write_status:ok', 'aof_last_cow_size:0', 'module_fork_in_progress:0',
    'module_fork_last_cow_size:0',
  ];
}

function statsSection(s: NodeState): string[] {
  const st = s.stats;
  return [
    `total_connections_received:${st.totalConnectionsReceived}`, `total_commands_processed:${st.totalCommandsProcessed}`,
    'instantaneous_ops_per_sec:0', `total_net_input_bytes:${st.totalNetInputBytes}`, `total_net_output_bytes:${st.totalNetOutputBytes}`,
    `total_net_repl_input_bytes:${st.totalNetReplInputBytes}`, `total_net_repl_output_bytes:${st.totalNetReplOutputBytes}`,
    'instantaneous_input_kbps:0.00', 'instantaneous_output_kbps:0.00', 'instantaneous_input_repl_kbps:0.00',
    'instantaneous_output_repl_kbps:0.00', 'rejected_connections:0', `sync_full:${st.syncFull}`,
    `sync_partial_ok:${st.syncPartialOk}`, `sync_partial_err:${st.syncPartialErr}`, `expired_keys:${st.expiredKeys}`,
    'expired_stale_perc:0.00', 'expired_time_cap_reached_count:0', 'expire_cycle_cpu_milliseconds:0', 'evicted_keys:0',
    'evicted_clients:0', 'total_eviction_exceeded_time:0', 'current_eviction_exceeded_time:0', 'keyspace_hits:0',
    'keyspace_misses:0', 'pubsub_channels:0', 'pubsub_patterns:0', 'pubsubshard_channels:0', 'latest_fork_usec:0',
    `total_forks:${st.totalForks}`, 'migrate_cached_sockets:0', `slave_expires_tracked_keys:${s.slaveKeysWithExpire.size}`, 'active_defrag_hits:0',
    'active_defrag_misses:0', 'active_defrag_key_hits:0', 'active_defrag_key_misses:0', 'total_active_defrag_time:0',
    'current_active_defrag_time:0', 'tracking_total_keys:0', 'tracking_total_items:0', 'tracking_total_prefixes:0',
    'unexpected_error_replies:0', `total_error_replies:${st.rejectedCalls}`, 'dump_payload_sanitizations:0',
    'total_reads_processed:0', 'total_writes_processed:0', 'io_threaded_reads_processed:0', 'io_threaded_writes_processed:0',
  ];
}

/** The # Replication section, field for field as genRedisInfoString() writes it. */
export function replicationSection(s: NodeState): string[] {
  if (s.version !== '7.0') return versionReplicationSection(s.version, s);
  const out: string[] = ['# Replication', `role:${s.masterHost === null ? 'master' : 'slave'}`];
  const now = unixSec(s.nowMs);
  if (s.masterHost !== null) {
    let off = 1;
    let readOff = 1;
    if (s.master) { off = s.master.reploff; readOff = s.master.readReploff; } else if (s.cachedMaster) { off = s.cachedMaster.reploff; readOff = s.cachedMaster.reploff; }
    out.push(
      `master_host:${s.masterHost}`, `master_port:${s.masterPort}`,
      `master_link_status:${s.replState === 'REPL_STATE_CONNECTED' ? 'up' : 'down'}`,
      `master_last_io_seconds_ago:${s.master ? now - unixSec(s.master.lastInteractionMs) : -1}`,
      `master_sync_in_progress:${s.replState === 'REPL_STATE_TRANSFER' ? 1 : 0}`,
      `slave_read_repl_offset:${readOff}`, `slave_repl_offset:${off}`,
    );
    if (s.replState === 'REPL_STATE_TRANSFER' && s.handshake) {
      const h = s.handshake;
      const size = h.eofMark ? 0 : Math.max(0, h.transferSize);
      const perc = size ? (h.transferRead / size) * 100 : 0;
      out.push(
        `master_sync_total_bytes:${h.eofMark ? -1 : size}`, `master_sync_read_bytes:${h.transferRead}`,
        `master_sync_left_bytes:${(h.eofMark ? -1 : size) - h.transferRead}`, `master_sync_perc:${perc.toFixed(2)}`,
        `master_sync_last_io_seconds_ago:${now - unixSec(h.lastIoMs)}`,
      );
    }
    if (s.replState !== 'REPL_STATE_CONNECTED') {
      out.push(`master_link_down_since_seconds:${s.replDownSinceMs ? now - unixSec(s.replDownSinceMs) : -1}`);
    }
    out.push(`slave_priority:${configInt(s.config, 'replica-priority')}`, `slave_read_only:${configBool(s.config, 'replica-read-only') ? 1 : 0}`, `replica_announced:${configBool(s.config, 'replica-announced') ? 1 : 0}`);
  }
  const reps = replicas(s);
  out.push(`connected_slaves:${reps.length}`);
  if (configInt(s.config, 'min-replicas-to-write') && configInt(s.config, 'min-replicas-max-lag')) {
    out.push(`min_slaves_good_slaves:${s.goodReplicas}`);
  }
  reps.forEach((c, i) => {
    const r = c.replica!;
    const state = r.state === 'wait_bgsave_start' || r.state === 'wait_bgsave_end' ? 'wait_bgsave' : r.state;
    const lag = r.state === 'online' ? now - unixSec(r.ackTimeMs) : 0;
    out.push(`slave${i}:ip=${c.peerIp},port=${c.listeningPort},state=${state},offset=${r.ackOffset},lag=${lag}`);
  });
  const b = s.backlog;
  out.push(
    'master_failover_state:no-failover', `master_replid:${s.replId}`, `master_replid2:${s.replId2}`,
    `master_repl_offset:${s.masterReplOffset}`, `second_repl_offset:${s.secondReplOffset}`,
    `repl_backlog_active:${b ? 1 : 0}`, `repl_backlog_size:${configInt(s.config, 'repl-backlog-size')}`,
    `repl_backlog_first_byte_offset:${b ? b.offset : 0}`, `repl_backlog_histlen:${b ? b.histlen : 0}`,
  );
  return out;
}

function keyspaceSection(s: NodeState): string[] {
  const out: string[] = [];
  s.ks.dbs.forEach((db, i) => {
    if (db.dict.size === 0) return;
    out.push(`db${i}:keys=${db.dict.size},expires=${db.expires.size},avg_ttl=0`);
  });
  return out;
}

/** One INFO section's lines (no title), or null for an unknown section. */
export function infoSection(s: NodeState, name: string): string[] | null {
  switch (name) {
    case 'server': return serverSection(s);
    case 'clients': return clientsSection(s);
    case 'memory': return memorySection(s);
    case 'persistence': return persistenceSection(s);
    case 'stats': return statsSection(s);
    case 'replication': return replicationSection(s);
    case 'cpu': return ['used_cpu_sys:0.000000', 'used_cpu_user:0.000000', 'used_cpu_sys_children:0.000000', 'used_cpu_user_children:0.000000', 'used_cpu_sys_main_thread:0.000000', 'used_cpu_user_main_thread:0.000000'];
    case 'modules': return [];
    case 'errorstats': return [];
    case 'cluster': return ['cluster_enabled:0'];
    case 'keyspace': return keyspaceSection(s);
    case 'commandstats': return [];
    case 'latencystats': return [];
    default: return null;
  }
}

export const INFO_TITLES: Record<string, string> = {
  server: 'Server', clients: 'Clients', memory: 'Memory', persistence: 'Persistence', stats: 'Stats',
  replication: 'Replication', cpu: 'CPU', modules: 'Modules', errorstats: 'Errorstats', cluster: 'Cluster',
  keyspace: 'Keyspace', commandstats: 'Commandstats', latencystats: 'Latencystats',
};

/** INFO [section ...] */
export function infoCommand(s: NodeState, args: readonly string[]): Reply {
  if (s.version !== '7.0') return versionInfoCommand(s.version, s, args, (n) => infoSection(s, n));
  let names: string[];
  const lower = args.map((a) => a.toLowerCase());
  if (lower.length === 0 || lower.includes('default')) names = DEFAULT_SECTIONS;
  else if (lower.includes('all') || lower.includes('everything')) names = ALL_SECTIONS;
  else names = ALL_SECTIONS.filter((n) => lower.includes(n));
  const parts: string[] = [];
  for (const n of names) {
    const lines = infoSection(s, n);
    if (lines === null) continue;
    parts.push((n === 'replication' ? lines : [`# ${INFO_TITLES[n]}`, ...lines]).join('\r\n') + '\r\n');
  }
  return R.bulk(parts.join('\r\n'));
}

/** ROLE */
export function roleCommand(s: NodeState): Reply {
  if (s.masterHost === null) {
    const reps = replicas(s)
      .filter((c) => c.replica!.state === 'online')
      .map((c) => R.array([R.bulk(c.peerIp), R.bulk(String(c.listeningPort)), R.bulk(String(c.replica!.ackOffset))]));
    return R.array([R.bulk('master'), R.int(s.masterReplOffset), R.array(reps)]);
  }
  const st = s.replState;
  const state = st === 'REPL_STATE_NONE' ? 'none'
    : st === 'REPL_STATE_CONNECT' ? 'connect'
    : st === 'REPL_STATE_CONNECTING' ? 'connecting'
    : st === 'REPL_STATE_TRANSFER' ? 'sync'
    : st === 'REPL_STATE_CONNECTED' ? 'connected'
    : 'handshake';
  const off = s.master ? s.master.reploff : -1;
  return R.array([R.bulk('slave'), R.bulk(s.masterHost), R.int(s.masterPort), R.bulk(state), R.int(off)]);
}

export function dbsizeAll(s: NodeState): number {
  return keyspaceKeyCount(s.ks);
}
