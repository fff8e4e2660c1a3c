// A node's keyspace as checkpoints keep it. Copying a Map of every key at every checkpoint costs a
// long session most of its checkpoint memory and a seek most of its restore time, though between
// two checkpoints only the keys written change. So a checkpoint keeps each database as the keys
// that changed since the previous checkpoint (set and deleted), on top of that one, with a full
// copy every so often; a string value is kept as its bytes alone. Restoring rebuilds the Maps in
// the very order the run had them (Redis's SCAN, KEYS and RDB follow it): a change the deltas
// cannot express in order (a key deleted and set again moves to the end) takes a full copy.
// Packed keyspaces are never written to; whoever resumes from one gets fresh objects.

import { dupValue, type Db, type Keyspace, type RedisValue } from '../engine/keyspace.ts';

/** A value as a checkpoint keeps it: a string value's bytes, or a value of its own (never written). */
type Frozen = string | RedisValue;

/** Deltas in a chain before a full copy is taken again (a restore applies at most this many). */
const MAX_CHAIN = 24;

export class PackedDb {
  /** Memo: this db's entries as a Map of frozen values (kept on the newest db of a chain only). */
  latest: Map<string, Frozen> | null = null;
  /** latest's keys and values in order (for comparing a live db with it), made when first needed. */
  private ordered: { keys: string[]; vals: Frozen[] } | null = null;
  constructor(
    /** The db this one changes; null: keys and vals are every entry, in order. */
    readonly base: PackedDb | null,
    readonly depth: number,
    readonly keys: readonly string[],
    readonly vals: readonly Frozen[],
    readonly deleted: readonly string[],
    readonly expires: readonly (readonly [string, number])[],
    readonly size: number,
  ) {}

  /** latest's entries as two arrays, in order (null when the memo is gone). */
  latestInOrder(): { keys: string[]; vals: Frozen[] } | null {
    const m = this.latest;
    if (m === null) return (this.ordered = null);
    if (this.ordered === null) {
      const keys: string[] = [];
      const vals: Frozen[] = [];
      for (const [k, v] of m) {
        keys.push(k);
        vals.push(v);
      }
      this.ordered = { keys, vals };
    }
    return this.ordered;
  }

  /** Gives up the memo (it moves to a newer db, which changes it, or is no longer needed). */
  dropMemo(): void {
    this.latest = null;
    this.ordered = null;
  }
}

const EMPTY_DB = new PackedDb(null, 0, [], [], [], [], 0);

export class PackedKeyspace {
  constructor(readonly dbs: readonly PackedDb[]) {}
}

function isPlainKeyspace(ks: unknown): ks is Keyspace {
  if (typeof ks !== 'object' || ks === null || ks instanceof PackedKeyspace) return false;
  const k = ks as Partial<Keyspace>;
  if (!Array.isArray(k.dbs) || Object.keys(k).length !== 1) return false;
  return k.dbs.every((d) => d.dict instanceof Map && d.expires instanceof Map && Object.keys(d).length === 2);
}

function thaw(f: Frozen): RedisValue {
  return typeof f === 'string' ? { type: 'string', v: f } : dupValue(f);
}

/** Strings equal across the nodes of one checkpoint (a master's value and its replicas' copies) kept once. */
type Canon = Map<string, string>;

function freeze(v: RedisValue, canon: Canon): Frozen {
  if (v.type !== 'string') return dupValue(v);
  const c = canon.get(v.v);
  if (c !== undefined) return c;
  canon.set(v.v, v.v);
  return v.v;
}

function sameValue(f: Frozen, v: RedisValue): boolean {
  if (typeof f === 'string') return v.type === 'string' && v.v === f;
  if (f.type !== v.type) return false;
  switch (f.type) {
    case 'string': return false;
    case 'list': {
      const b = v.v as string[];
      if (f.v.length !== b.length) return false;
      for (let i = 0; i < b.length; i++) if (f.v[i] !== b[i]) return false;
      return true;
    }
    case 'set': {
      const b = v.v as Set<string>;
      if (f.v.size !== b.size) return false;
      const it = b.values();
      for (const x of f.v) if (it.next().value !== x) return false;
      return true;
    }
    case 'hash': case 'zset': {
      const a = f.v as Map<string, unknown>;
      const b = v.v as Map<string, unknown>;
      if (a.size !== b.size) return false;
      const it = b.entries();
      for (const [k, x] of a) {
        const n = it.next().value as [string, unknown];
        if (n[0] !== k || !Object.is(n[1], x)) return false;
      }
      return true;
    }
  }
}

/** A keyspace copied by hand (values are small: much faster than structuredClone). */
export function copyKeyspace(ks: Keyspace): Keyspace {
  return {
    dbs: ks.dbs.map((db): Db => {
      const dict = new Map<string, RedisValue>();
      for (const [k, v] of db.dict) dict.set(k, dupValue(v));
      return { dict, expires: new Map(db.expires) };
    }),
  };
}

/** The db's entries, frozen, in order (built from the chain; remembered on the newest db). */
function frozenMap(db: PackedDb): Map<string, Frozen> {
  if (db.latest) return db.latest;
  const chain: PackedDb[] = [];
  for (let d: PackedDb | null = db; d; d = d.base) chain.push(d);
  const m = new Map<string, Frozen>();
  for (let i = chain.length - 1; i >= 0; i--) {
    const d = chain[i];
    for (const k of d.deleted) m.delete(k);
    for (let j = 0; j < d.keys.length; j++) m.set(d.keys[j], d.vals[j]);
  }
  return m;
}

function sameExpires(a: readonly (readonly [string, number])[], b: Map<string, number>): boolean {
  if (a.length !== b.size) return false;
  let i = 0;
  for (const [k, t] of b) {
    const x = a[i++];
    if (x[0] !== k || x[1] !== t) return false;
  }
  return true;
}

function fullDb(db: Db, expires: readonly (readonly [string, number])[], prev: Map<string, Frozen> | null, canon: Canon): PackedDb {
  const keys: string[] = [];
  const vals: Frozen[] = [];
  const latest = new Map<string, Frozen>();
  for (const [k, v] of db.dict) {
    const p = prev?.get(k);
    const f = p !== undefined && sameValue(p, v) ? p : freeze(v, canon);
    keys.push(k);
    vals.push(f);
    latest.set(k, f);
  }
  const out = new PackedDb(null, 0, keys, vals, [], expires, db.dict.size);
  out.latest = latest;
  return out;
}

function packDb(db: Db, prev: PackedDb | null, canon: Canon): PackedDb {
  if (db.dict.size === 0 && db.expires.size === 0) return EMPTY_DB;
  const expires = prev && sameExpires(prev.expires, db.expires) ? prev.expires : [...db.expires];
  if (!prev || prev.size === 0) return fullDb(db, expires, null, canon);
  const before = frozenMap(prev);
  // A full copy ends prev's chain: its memo is no longer needed.
  prev.dropMemo();
  if (prev.depth + 1 > MAX_CHAIN) return fullDb(db, expires, before, canon);
  // The keys kept must come first, in their old order; new keys after them, in the Map's order.
  const keys: string[] = [];
  const vals: Frozen[] = [];
  const oldKeys = before.keys();
  let added = false;
  let kept = 0;
  for (const [k, v] of db.dict) {
    const p = before.get(k);
    if (p === undefined) {
      added = true;
      keys.push(k);
      vals.push(freeze(v, canon));
      continue;
    }
    if (added) return fullDb(db, expires, before, canon);
    // The next old key still present must be this one.
    let o = oldKeys.next();
    while (!o.done && o.value !== k && !db.dict.has(o.value)) o = oldKeys.next();
    if (o.done || o.value !== k) return fullDb(db, expires, before, canon);
    kept++;
    if (!sameValue(p, v)) {
      keys.push(k);
      vals.push(freeze(v, canon));
    }
  }
  const deleted: string[] = [];
  if (kept < before.size) for (const k of before.keys()) if (!db.dict.has(k)) deleted.push(k);
  // Deltas as large as the db itself: a full copy costs no more and ends the chain.
  if (keys.length + deleted.length > db.dict.size / 2) return fullDb(db, expires, before, canon);
  const out = new PackedDb(prev, prev.depth + 1, keys, vals, deleted, expires, db.dict.size);
  // The memo moves to the newest db (before is prev's memo, or a Map built for this call alone).
  const latest = before;
  for (const k of deleted) latest.delete(k);
  for (let j = 0; j < keys.length; j++) latest.set(keys[j], vals[j]);
  out.latest = latest;
  return out;
}

/** Is db (live) the packed db p, key for key in the same order, values and expiry times alike? */
function sameDb(p: PackedDb, db: Db): boolean {
  if (p.size !== db.dict.size || !sameExpires(p.expires, db.expires)) return false;
  if (p.size === 0) return true;
  const o = p.latestInOrder();
  if (o === null) return false;
  const { keys, vals } = o;
  let i = 0;
  for (const [k, v] of db.dict) {
    if (keys[i] !== k || !sameValue(vals[i], v)) return false;
    i++;
  }
  return true;
}

/**
 * A keyspace packed for a checkpoint, as changes on top of `prev` (the previous checkpoint's
 * packed keyspace of the same node) where that is smaller. A db equal to one of `peers` (other
 * nodes' keyspaces packed for the same checkpoint: a master's and its replicas' mostly are) is
 * that one, shared. `ks` is not kept or changed.
 */
export function packKeyspace(ks: Keyspace, prev: PackedKeyspace | null, canon: Map<string, string> = new Map(), peers: readonly PackedKeyspace[] = []): PackedKeyspace | Keyspace {
  if (!isPlainKeyspace(ks)) return ks;
  return new PackedKeyspace(ks.dbs.map((db, i) => {
    for (const p of peers) {
      const d = p.dbs[i];
      if (d && sameDb(d, db)) return d;
    }
    return packDb(db, prev?.dbs[i] ?? null, canon);
  }));
}

/**
 * Forgets the memos of `older` (the previous checkpoint's keyspaces) that `newer` (this one's)
 * does not hold: no later checkpoint packs on top of them (a db shared with another node's leaves
 * its own chain behind).
 */
export function dropMemos(older: Iterable<PackedKeyspace>, newer: readonly PackedKeyspace[]): void {
  const kept = new Set<PackedDb>();
  for (const k of newer) for (const d of k.dbs) kept.add(d);
  for (const k of older) for (const d of k.dbs) if (!kept.has(d)) d.dropMemo();
}

/**
 * A live keyspace from a packed one (fresh objects throughout). `built` keeps each db's entries
 * as built for one restore: nodes sharing a db (a master and its replicas) build it once.
 */
export function unpackKeyspace(p: PackedKeyspace, built: Map<PackedDb, Map<string, Frozen>> = new Map()): Keyspace {
  return {
    dbs: p.dbs.map((d): Db => {
      const dict = new Map<string, RedisValue>();
      let entries = d.size > 0 ? built.get(d) : undefined;
      if (d.size > 0 && entries === undefined) built.set(d, (entries = frozenMap(d)));
      if (entries) for (const [k, f] of entries) dict.set(k, thaw(f));
      return { dict, expires: new Map(d.expires) };
    }),
  };
}

/** A copy of a keyspace as a snapshot holds it: a live one copied, a packed one shared (never written). */
export function copyCheckpointKeyspace(ks: unknown): unknown {
  if (ks instanceof PackedKeyspace) return ks;
  return isPlainKeyspace(ks) ? copyKeyspace(ks) : structuredClone(ks);
}

export const _forTests = { MAX_CHAIN, frozenMap };
