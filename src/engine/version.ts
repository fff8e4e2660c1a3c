// The Redis versions the engine can play. Each generation of the replication protocol is one entry:
//   2.6  SYNC only: every (re)connect is a full resync;
//   2.8  PSYNC with the master's run_id: partial resync on reconnect, lost when either side restarts;
//   4.0  PSYNC2: replid/replid2 and second_repl_offset, replication info kept in the RDB;
//   6.2  PSYNC2 with the last fixed-ring backlog;
//   7.0  PSYNC2 with the shared replication buffer (the backlog is a list of blocks).
// The exact release each stands for is the one whose source the model follows.

import type { BacklogMode } from './backlog.ts';

export const REDIS_VERSIONS = ['2.6', '2.8', '4.0', '6.2', '7.0'] as const;
export type RedisVersion = (typeof REDIS_VERSIONS)[number];
export const DEFAULT_VERSION: RedisVersion = '7.0';

export type SyncProtocol = 'sync' | 'psync1' | 'psync2';

export interface VersionProfile {
  readonly version: RedisVersion;
  /** What INFO server's redis_version says. */
  readonly release: string;
  readonly protocol: SyncProtocol;
  readonly backlog: BacklogMode;
}

const PROFILES: Readonly<Record<RedisVersion, VersionProfile>> = {
  '2.6': { version: '2.6', release: '2.6.17', protocol: 'sync', backlog: 'ring' },
  '2.8': { version: '2.8', release: '2.8.24', protocol: 'psync1', backlog: 'ring' },
  '4.0': { version: '4.0', release: '4.0.14', protocol: 'psync2', backlog: 'ring' },
  '6.2': { version: '6.2', release: '6.2.16', protocol: 'psync2', backlog: 'ring' },
  '7.0': { version: '7.0', release: '7.0.15', protocol: 'psync2', backlog: 'shared' },
};

export function isRedisVersion(s: string): s is RedisVersion {
  return (REDIS_VERSIONS as readonly string[]).includes(s);
}

export function versionProfile(v: RedisVersion): VersionProfile {
  return PROFILES[v];
}

/** True when `v` is `min` or later (e.g. atLeast(v, '4.0') for PSYNC2). */
export function atLeast(v: RedisVersion, min: RedisVersion): boolean {
  return REDIS_VERSIONS.indexOf(v) >= REDIS_VERSIONS.indexOf(min);
}
