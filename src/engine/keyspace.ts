// The keyspace: 16 databases of typed values with absolute expiry times, and the lookups that
// expire keys lazily the way Redis 7.0's db.c does (a master deletes and propagates DEL; a
// replica hides the key from its clients but keeps it until its master's DEL arrives).

export type RedisValue =
  | { type: 'string'; v: string }
  | { type: 'list'; v: string[] }
  | { type: 'hash'; v: Map<string, string> }
  | { type: 'set'; v: Set<string> }
  | { type: 'zset'; v: Map<string, number> };

export type RedisType = RedisValue['type'];

export interface Db {
  dict: Map<string, RedisValue>;
  /** key -> absolute Unix time in ms when it expires (the db->expires dict). */
  expires: Map<string, number>;
}

export interface Keyspace {
  dbs: Db[];
}

export const DATABASES = 16;

/** A copy of a value that shares nothing it could change with the original (COPY, checkpoints). */
export function dupValue(v: RedisValue): RedisValue {
  switch (v.type) {
    case 'string': return { type: 'string', v: v.v };
    case 'list': return { type: 'list', v: v.v.slice() };
    case 'hash': return { type: 'hash', v: new Map(v.v) };
    case 'set': return { type: 'set', v: new Set(v.v) };
    case 'zset': return { type: 'zset', v: new Map(v.v) };
  }
}

export function keyspaceCreate(): Keyspace {
  const dbs: Db[] = [];
  for (let i = 0; i < DATABASES; i++) dbs.push({ dict: new Map(), expires: new Map() });
  return { dbs };
}

export function keyspaceFlushAll(ks: Keyspace): number {
  let removed = 0;
  for (const db of ks.dbs) {
    removed += db.dict.size;
    db.dict.clear();
    db.expires.clear();
  }
  return removed;
}

export function keyspaceKeyCount(ks: Keyspace): number {
  let n = 0;
  for (const db of ks.dbs) n += db.dict.size;
  return n;
}

export function keyspaceExpiresCount(ks: Keyspace): number {
  let n = 0;
  for (const db of ks.dbs) n += db.expires.size;
  return n;
}

export function keyIsExpired(db: Db, key: string, nowMs: number): boolean {
  const when = db.expires.get(key);
  return when !== undefined && nowMs > when;
}

export function dbDelete(db: Db, key: string): boolean {
  db.expires.delete(key);
  return db.dict.delete(key);
}

/** A canonical text of a whole keyspace, for "this replica's dataset equals the master's". */
export function keyspaceDigest(ks: Keyspace, skipKey?: (key: string) => boolean): string {
  const parts: string[] = [];
  ks.dbs.forEach((db, i) => {
    if (db.dict.size === 0) return;
    const keys = [...db.dict.keys()].sort();
    for (const k of keys) {
      if (skipKey?.(k)) continue;
      const v = db.dict.get(k)!;
      let body: string;
      switch (v.type) {
        case 'string': body = JSON.stringify(v.v); break;
        case 'list': body = JSON.stringify(v.v); break;
        case 'hash': body = JSON.stringify([...v.v.entries()].sort()); break;
        case 'set': body = JSON.stringify([...v.v].sort()); break;
        case 'zset': body = JSON.stringify([...v.v.entries()].sort()); break;
      }
      parts.push(`${i}|${JSON.stringify(k)}|${v.type}|${body}|${db.expires.get(k) ?? ''}`);
    }
  });
  return parts.join('\n');
}
