// Builds the CmdCtx of one command call: lazily expiring lookups as in db.c, and the ops the call
// hands to the replication stream in the order Redis 7.0's call() queues them.

import { dbDelete, keyIsExpired, type Keyspace, type RedisValue } from '../keyspace.ts';
import type { PrngState } from '../prng.ts';
import type { CmdCtx } from './types.ts';

export interface PropagatedOp {
  readonly dbIndex: number;
  readonly argv: readonly string[];
}

export interface CmdCtxOptions {
  readonly ks: Keyspace;
  readonly dbIndex: number;
  readonly nowMs: number;
  readonly rng: PrngState;
  readonly isReplica: boolean;
  readonly fromMaster: boolean;
  /** Told of every database switch (SELECT, and the round trips MOVE/COPY make). */
  readonly onSelect?: (index: number) => void;
  /** Told when a lookup deletes a logically expired key (deleteExpiredKeyAndPropagate: stat_expiredkeys). */
  readonly onExpired?: () => void;
}

export interface CmdCtxHandle {
  readonly ctx: CmdCtx;
  /**
   * What this call propagates, given the argv the client sent: the alsoPropagate() ops (lazy
   * expire DELs, SPOP's SREMs...) in order, then the command's own argv (as rewritten, if it
   * was) in the current database when ctx.dirty > 0 and propagation was not prevented.
   */
  propagation(argv: readonly string[]): PropagatedOp[];
}

export interface LookupEnv {
  readonly ks: Keyspace;
  readonly nowMs: number;
  readonly isReplica: boolean;
  readonly fromMaster: boolean;
}

/**
 * db.c lookupKey() with expireIfNeeded() (a read-only replica, so reads and writes alike):
 * a live key's value; undefined for a missing or logically expired one. A master deletes an
 * expired key and hands its DEL to propagate (lazyfree-lazy-expire no: DEL, not UNLINK); a
 * replica hides it from its clients; the master's own stream on a replica still sees it.
 */
export function lookupKey(env: LookupEnv, dbIndex: number, key: string, propagate: (op: PropagatedOp) => void): RedisValue | undefined {
  const db = env.ks.dbs[dbIndex];
  const v = db.dict.get(key);
  if (v === undefined) return undefined;
  if (!keyIsExpired(db, key, env.nowMs)) return v;
  if (env.isReplica) return env.fromMaster ? v : undefined;
  dbDelete(db, key);
  propagate({ dbIndex, argv: ['DEL', key] });
  return undefined;
}

export function createCmdCtx(opts: CmdCtxOptions): CmdCtxHandle {
  const { ks, nowMs, isReplica, fromMaster } = opts;
  let dbIndex = opts.dbIndex;
  let rewritten: readonly string[] | null = null;
  let prevented = false;
  const also: PropagatedOp[] = [];
  const lookup = (key: string) =>
    lookupKey(opts, dbIndex, key, (op) => {
      also.push(op);
      opts.onExpired?.();
    });

  const ctx: CmdCtx = {
    ks,
    get dbIndex() {
      return dbIndex;
    },
    get db() {
      return ks.dbs[dbIndex];
    },
    nowMs,
    rng: opts.rng,
    isReplica,
    fromMaster,
    dirty: 0,
    rewrite(argv) {
      rewritten = [...argv];
    },
    preventPropagation() {
      prevented = true;
    },
    alsoPropagate(argv) {
      also.push({ dbIndex, argv: [...argv] });
    },
    selectDb(index) {
      dbIndex = index;
      opts.onSelect?.(index);
    },
    lookupRead: lookup,
    lookupWrite: lookup,
  };

  return {
    ctx,
    propagation(argv) {
      const ops = [...also];
      if (ctx.dirty > 0 && !prevented) ops.push({ dbIndex, argv: rewritten ?? [...argv] });
      return ops;
    },
  };
}
