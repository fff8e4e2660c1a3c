// Persistence as far as replication cares: producing the RDB of the dataset (for a full sync, SAVE,
// BGSAVE, the save points), loading one (a full sync on a replica, a restart), and the "disk"
// that survives a crash.

import { rdbDecode, rdbEncode } from './rdb.ts';
import { keyspaceCreate } from './keyspace.ts';
import { usedMemory } from './info.ts';
import { rdbKeepsReplInfo } from './psync-versions.ts';
import { versionProfile } from './version.ts';
import { REDIS_VERSION, log, unixSec, type NodeState } from './state.ts';

/** rdbPopulateSaveInfo(): the replication info an RDB carries, or null when it has none. */
function rdbPopulateSaveInfo(s: NodeState): { replStreamDb: number; replId: string; replOffset: number } | null {
  if (!rdbKeepsReplInfo(s)) return null; // before 4.0 the RDB carries no replication info
  if (s.masterHost === null && s.backlog) {
    return { replStreamDb: s.slaveSelDb === -1 ? 0 : s.slaveSelDb, replId: s.replId, replOffset: s.masterReplOffset };
  }
  if (s.master) return { replStreamDb: s.master.db, replId: s.replId, replOffset: s.masterReplOffset };
  if (s.cachedMaster) return { replStreamDb: s.cachedMaster.db, replId: s.replId, replOffset: s.masterReplOffset };
  return null;
}

/** The RDB bytes of the current dataset, as a binary string. */
export function makeRdb(s: NodeState, _forReplication: boolean): string {
  const rsi = rdbPopulateSaveInfo(s);
  return rdbEncode(s.ks, {
    redisVer: versionProfile(s.version).release,
    redisBits: 64,
    ctimeSec: unixSec(s.nowMs),
    usedMem: usedMemory(s),
    replStreamDb: rsi ? rsi.replStreamDb : -1,
    replId: rsi ? rsi.replId : '',
    replOffset: rsi ? rsi.replOffset : -1,
    aofBase: 0,
  });
}

export type LoadOutcome =
  | { ok: true; replStreamDb: number; replId: string; replOffset: number; keys: number; expired: [number, string][] }
  | { ok: false; error: string };

/** rdbLoad() into this node's keyspace (replacing it), with Redis's log lines. */
export function rdbLoad(s: NodeState, rdb: string, asMaster: boolean): LoadOutcome {
  const r = rdbDecode(rdb, s.nowMs, { isMaster: asMaster });
  if (!r.ok) return { ok: false, error: r.error };
  s.ks = r.ks ?? keyspaceCreate();
  // emptyData() forgets the keys a writable replica set with a TTL (flushSlaveKeysWithExpireList).
  s.slaveKeysWithExpire.clear();
  log(s, '*', `Loading RDB produced by version ${r.aux.redisVer ?? REDIS_VERSION}`);
  log(s, '*', `RDB age ${Math.max(0, unixSec(s.nowMs) - (r.aux.ctimeSec ?? unixSec(s.nowMs)))} seconds`);
  log(s, '*', `RDB memory usage when created ${((r.aux.usedMem ?? 0) / 1024 / 1024).toFixed(2)} Mb`);
  log(s, '*', `Done loading RDB, keys loaded: ${r.keysLoaded}, keys expired: ${r.keysExpired}.`);
  return {
    ok: true,
    replStreamDb: r.aux.replStreamDb !== undefined && r.aux.replStreamDb >= 0 ? r.aux.replStreamDb : 0,
    replId: r.aux.replId ?? '',
    replOffset: r.aux.replOffset ?? -1,
    keys: r.keysLoaded,
    expired: r.expired,
  };
}

/** SAVE: write the RDB synchronously. */
export function rdbSave(s: NodeState): void {
  s.disk.rdb = makeRdb(s, false);
  s.disk.rdbSavedAtMs = s.nowMs;
  s.lastSaveMs = s.nowMs;
  s.dirty = 0;
  s.lastBgsaveOk = true;
  log(s, '*', 'DB saved on disk');
}
