// Builds the CmdCtx of one command call: lazily expiring lookups as in db.c, and the ops the call
// hands to the replication stream in the order Redis 7.0's call() queues them.

import { dbDelete, keyIsExpired, type Db, type Keyspace, type RedisValue } from '../keyspace.ts';
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

/**
 * The context of one command call as a plain class, no closures. exec.ts's call() reuses one for
 * its data commands (begin() sets it up for the next call); propagateInto() hands its ops to the
 * caller's list.
 */
export class CallCtx implements CmdCtx {
  // Set by begin(), which the constructor calls.
  ks!: Keyspace;
  nowMs!: number;
  rng!: PrngState;
  isReplica!: boolean;
  fromMaster!: boolean;
  dirty!: number;
  private index!: number;
  private rewritten!: readonly string[] | null;
  private prevented!: boolean;
  private also!: PropagatedOp[] | null;

  constructor(ks: Keyspace, dbIndex: number, nowMs: number, rng: PrngState, isReplica: boolean, fromMaster: boolean) {
    this.begin(ks, dbIndex, nowMs, rng, isReplica, fromMaster);
  }

  /** Sets the context up for another call, as a new one would be. */
  protected begin(ks: Keyspace, dbIndex: number, nowMs: number, rng: PrngState, isReplica: boolean, fromMaster: boolean): void {
    this.ks = ks;
    this.nowMs = nowMs;
    this.rng = rng;
    this.isReplica = isReplica;
    this.fromMaster = fromMaster;
    this.index = dbIndex;
    this.dirty = 0;
    this.rewritten = null;
    this.prevented = false;
    this.also = null;
  }

  /** Told of every database switch (SELECT, and the round trips MOVE/COPY make). */
  protected selected(_index: number): void {}

  /** Told when a lookup deletes a logically expired key (stat_expiredkeys). */
  protected expired(): void {}

  get dbIndex(): number {
    return this.index;
  }

  get db(): Db {
    return this.ks.dbs[this.index];
  }

  rewrite(argv: readonly string[]): void {
    this.rewritten = [...argv];
  }

  preventPropagation(): void {
    this.prevented = true;
  }

  alsoPropagate(argv: readonly string[]): void {
    (this.also ??= []).push({ dbIndex: this.index, argv: [...argv] });
  }

  selectDb(index: number): void {
    this.index = index;
    this.selected(index);
  }

  lookupRead(key: string): RedisValue | undefined {
    return this.lookup(key);
  }

  lookupWrite(key: string): RedisValue | undefined {
    return this.lookup(key);
  }

  /** lookupKey() with expireIfNeeded() (see lookupKey above), without a callback per lookup. */
  private lookup(key: string): RedisValue | undefined {
    const db = this.ks.dbs[this.index];
    const v = db.dict.get(key);
    if (v === undefined) return undefined;
    if (!keyIsExpired(db, key, this.nowMs)) return v;
    if (this.isReplica) return this.fromMaster ? v : undefined;
    dbDelete(db, key);
    (this.also ??= []).push({ dbIndex: this.index, argv: ['DEL', key] });
    this.expired();
    return undefined;
  }

  /** Appends what this call propagates to `ops` (see CmdCtxHandle.propagation). */
  propagateInto(ops: PropagatedOp[], argv: readonly string[]): void {
    const also = this.also;
    if (also !== null) for (let i = 0; i < also.length; i++) ops.push(also[i]);
    if (this.dirty > 0 && !this.prevented) ops.push({ dbIndex: this.index, argv: this.rewritten ?? argv });
  }
}

/** A CallCtx whose switches and expiries go to the options' callbacks. */
class OptionsCtx extends CallCtx {
  constructor(private readonly opts: CmdCtxOptions) {
    super(opts.ks, opts.dbIndex, opts.nowMs, opts.rng, opts.isReplica, opts.fromMaster);
  }

  protected override selected(index: number): void {
    this.opts.onSelect?.(index);
  }

  protected override expired(): void {
    this.opts.onExpired?.();
  }
}

export function createCmdCtx(opts: CmdCtxOptions): CmdCtxHandle {
  const ctx = new OptionsCtx(opts);
  return {
    ctx,
    propagation(argv) {
      const ops: PropagatedOp[] = [];
      ctx.propagateInto(ops, [...argv]);
      return ops;
    },
  };
}
