// Expiring keys in the background (expire.c): a master's activeExpireCycle, which deletes keys
// whose time has passed and propagates a DEL each, and a writable replica's expireSlaveKeys,
// which deletes only the keys its own clients gave a TTL (keys from the master wait for the
// master's DEL).

import { configBool } from './config.ts';
import { dbDelete } from './keyspace.ts';
import { replicationFeedSlaves } from './master.ts';
import { prngInt } from './prng.ts';
import { atLeast } from './version.ts';
import { lowerCommandName } from './command-names.ts';
import type { Caller, NodeState } from './state.ts';

/**
 * activeExpireCycle(): delete keys whose time has passed and propagate one DEL each (never
 * wrapped in MULTI). Redis samples 20 random keys per loop; the simulator takes them in order,
 * which deletes the same keys, only at slightly different moments.
 */
export function activeExpireCycle(s: NodeState): void {
  let budget = 200;
  s.ks.dbs.forEach((db, i) => {
    if (db.expires.size === 0 || budget <= 0) return;
    const expired: string[] = [];
    for (const [k, when] of db.expires) {
      if (s.nowMs > when) expired.push(k);
      if (expired.length >= budget) break;
    }
    for (const k of expired) {
      dbDelete(db, k);
      s.stats.expiredKeys++;
      budget--;
      replicationFeedSlaves(s, i, ['DEL', k]);
    }
  });
}

/**
 * expireSlaveKeys(): pick remembered keys at random (from the run's seed), delete those whose
 * time has passed in the databases they were set in, forget the ones no longer holding a TTL
 * there; stop after more than 3 picks that could not be expired. Nothing is propagated: a
 * replica's sub-replicas get its master's stream only.
 */
export function expireSlaveKeys(s: NodeState): void {
  const tracked = s.slaveKeysWithExpire;
  let noexpire = 0;
  while (tracked.size > 0) {
    const keys = [...tracked.keys()];
    const key = keys[prngInt(s.rng, keys.length)];
    let dbids = tracked.get(key)!;
    let kept = 0;
    for (let dbid = 0; dbids !== 0 && dbid < s.ks.dbs.length; dbid++, dbids >>>= 1) {
      if ((dbids & 1) === 0) continue;
      const db = s.ks.dbs[dbid];
      const when = db.expires.get(key);
      if (when === undefined) continue;
      if (s.nowMs > when) {
        dbDelete(db, key);
        s.stats.expiredKeys++;
      } else {
        noexpire++;
        kept |= 1 << dbid;
      }
    }
    if (kept !== 0) tracked.set(key, kept);
    else tracked.delete(key);
    if (noexpire > 3) break;
  }
}

/**
 * Around one data command: setExpire() on a writable replica remembers the keys its own clients
 * (not its master) give a TTL (rememberSlaveKeyWithExpire), seen here as an argument whose TTL
 * the command set or changed; FLUSHALL empties the list (emptyData). Returns what to run after
 * the command, or null when there is nothing to watch.
 */
export function slaveExpireWatch(s: NodeState, caller: Caller, argv: readonly string[]): (() => void) | null {
  if (lowerCommandName(argv[0]) === 'flushall') return () => s.slaveKeysWithExpire.clear();
  if (s.masterHost === null || caller.kind === 'master' || configBool(s.config, 'replica-read-only') || !atLeast(s.version, '4.0')) return null;
  const keys = argv.slice(1);
  const before = keys.map((k) => s.ks.dbs.map((db) => db.expires.get(k)));
  return () => {
    keys.forEach((k, i) => {
      s.ks.dbs.forEach((db, dbid) => {
        const when = db.expires.get(k);
        if (when !== undefined && when !== before[i][dbid]) s.slaveKeysWithExpire.set(k, (s.slaveKeysWithExpire.get(k) ?? 0) | (1 << dbid));
      });
    });
  };
}
