// Transactions as Redis 7.0's multi.c has them: MULTI, EXEC, DISCARD, WATCH, UNWATCH, the
// queue of a console client, CLIENT_DIRTY_EXEC (an error while queueing) and CLIENT_DIRTY_CAS
// (a watched key was touched), and touchWatchedKey / isWatchedKeyExpired.
//
// Redis signals a watched key from every place that modifies it (signalModifiedKey). The model
// sees the same moments from outside: after every call() and at the end of every step it compares
// each watched key with what it was (its value and its expiry time), and a write command that
// counted a change on its key touches it even when the value stayed the same (SET k v twice).

import type { CommandFlag } from './commands/types.ts';
import { keyIsExpired, type Db, type RedisValue } from './keyspace.ts';
import { R, type Reply } from './resp.ts';
import type { ServerCommand } from './server-commands.ts';
import type { ConsoleClient, NodeState, WatchedKey } from './state.ts';

const cmds: ServerCommand[] = [];
const def = (name: string, arity: number, flags: CommandFlag[], run: ServerCommand['run']) => cmds.push({ name, arity, flags, run });

/** What a watched key is now: absent, or its type, value and expiry time. */
function fingerprint(db: Db, key: string): string {
  const v = db.dict.get(key);
  if (!v) return '';
  return `${db.expires.get(key) ?? ''}|${valueText(v)}`;
}

function valueText(v: RedisValue): string {
  switch (v.type) {
    case 'string': return `s${JSON.stringify(v.v)}`;
    case 'list': return `l${JSON.stringify(v.v)}`;
    case 'hash': return `h${JSON.stringify([...v.v.entries()])}`;
    case 'set': return `S${JSON.stringify([...v.v])}`;
    case 'zset': return `z${JSON.stringify([...v.v.entries()])}`;
  }
}

/**
 * Nodes seen with no watched key since their last WATCH: the checks after each call skip them
 * (a checkpoint's copy of a state is a new object, so it is looked at again once).
 */
const noWatchers = new WeakSet<NodeState>();

/** Does any client of this node watch a key? */
export function anyWatchedKey(s: NodeState): boolean {
  if (noWatchers.has(s)) return false;
  const clients = s.consoleClients;
  for (const id in clients) {
    const w = clients[id].watched;
    if (w && w.length > 0) return true;
  }
  noWatchers.add(s);
  return false;
}

/** discardTransaction(): leave MULTI, forget the queue and both dirty flags, unwatch everything. */
export function discardTransaction(cl: ConsoleClient): void {
  cl.multi = null;
  cl.multiError = false;
  cl.dirtyCas = false;
  cl.watched = [];
}

/** touchWatchedKey() for every client watching this key of database dbIndex. */
export function touchWatchedKey(s: NodeState, dbIndex: number, key: string): void {
  if (!anyWatchedKey(s)) return;
  const clients = s.consoleClients;
  for (const id in clients) {
    const cl = clients[id];
    if (!cl.watched || cl.watched.length === 0) continue;
    const wk = cl.watched.find((w) => w.db === dbIndex && w.key === key);
    if (!wk) continue;
    // A key already expired at WATCH time that is now deleted: logically no change.
    if (wk.expired && !s.ks.dbs[dbIndex].dict.has(key)) {
      wk.expired = false;
      wk.fp = '';
      continue;
    }
    cl.dirtyCas = true;
    cl.watched = [];
  }
}

/** The watched keys that changed since they were last looked at are touched (signalModifiedKey). */
export function touchChangedWatchedKeys(s: NodeState): void {
  if (!anyWatchedKey(s)) return;
  const clients = s.consoleClients;
  for (const id in clients) {
    const cl = clients[id];
    if (!cl.watched || cl.watched.length === 0) continue;
    for (const wk of [...cl.watched]) {
      if (fingerprint(s.ks.dbs[wk.db], wk.key) !== wk.fp) touchWatchedKey(s, wk.db, wk.key);
      if (cl.watched.length === 0) break;
    }
  }
}

/** isWatchedKeyExpired(): a key that was alive at WATCH and has expired since. */
function isWatchedKeyExpired(s: NodeState, cl: ConsoleClient): boolean {
  return (cl.watched ?? []).some((wk) => !wk.expired && keyIsExpired(s.ks.dbs[wk.db], wk.key, s.nowMs));
}

def('multi', 1, ['noscript', 'loading', 'stale', 'fast'], (_s, c) => {
  if (!c.console) return R.ok;
  if (c.console.multi) return R.err('ERR MULTI calls can not be nested');
  c.console.multi = [];
  return R.ok;
});

def('discard', 1, ['noscript', 'loading', 'stale', 'fast'], (_s, c) => {
  if (!c.console || !c.console.multi) return R.err('ERR DISCARD without MULTI');
  discardTransaction(c.console);
  return R.ok;
});

def('exec', 1, ['noscript', 'loading', 'stale'], (s, c, _argv, ops, { lookupCommand, call }) => {
  const cl = c.console;
  if (!cl || !cl.multi) return R.err('ERR EXEC without MULTI');
  if (isWatchedKeyExpired(s, cl)) cl.dirtyCas = true;
  if (cl.multiError || cl.dirtyCas) {
    const reply = cl.multiError ? R.err('EXECABORT Transaction discarded because of previous errors.') : R.nilArray;
    discardTransaction(cl);
    return reply;
  }
  cl.watched = [];
  // The client stays in MULTI while its commands run: WAIT answers at once.
  const replies: Reply[] = [];
  for (const a of cl.multi) replies.push(call(s, c, lookupCommand(a[0])!, a, ops) ?? R.nil);
  discardTransaction(cl);
  return R.array(replies);
});

def('watch', -2, ['noscript', 'loading', 'stale', 'fast'], (s, c, argv) => {
  const cl = c.console;
  if (!cl) return R.ok;
  if (cl.multi) return R.err('ERR WATCH inside MULTI is not allowed');
  if (cl.dirtyCas) return R.ok;
  const watched: WatchedKey[] = cl.watched ?? [];
  const db = s.ks.dbs[c.db];
  for (const key of argv.slice(1)) {
    if (watched.some((w) => w.db === c.db && w.key === key)) continue;
    watched.push({ db: c.db, key, fp: fingerprint(db, key), expired: keyIsExpired(db, key, s.nowMs) });
  }
  cl.watched = watched;
  if (watched.length > 0) noWatchers.delete(s);
  return R.ok;
});

def('unwatch', 1, ['noscript', 'loading', 'stale', 'fast'], (_s, c) => {
  if (c.console) {
    c.console.watched = [];
    c.console.dirtyCas = false;
  }
  return R.ok;
});

export const multiCommands: ReadonlyMap<string, ServerCommand> = new Map(cmds.map((c) => [c.name, c]));

