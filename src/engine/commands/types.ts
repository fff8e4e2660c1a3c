// What a command implementation sees and declares: the command table entry (name, arity, flags,
// as in Redis's commands.def) and the execution context (keyspace, clock, PRNG, propagation).

import type { Reply } from '../resp.ts';
import type { Db, Keyspace, RedisValue } from '../keyspace.ts';
import type { PrngState } from '../prng.ts';

export type CommandFlag =
  | 'write' // modifies the dataset: refused on a read-only replica, counted by min-replicas
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'fast'
  | 'noscript'
  | 'loading' // allowed while loading the dataset
  | 'stale' // allowed on a replica with a broken link
  | 'no-multi' // cannot be queued in MULTI (WATCH, MULTI itself...)
  | 'touches-arbitrary-keys' // FLUSHALL etc.: never wrapped in MULTI/EXEC when propagated
  | 'may-replicate';

export interface CommandSpec {
  /** Lower-case name as Redis's command table has it ('set', 'config|get' for subcommands). */
  readonly name: string;
  /** Redis arity: N means exactly N argv entries, -N means at least N. */
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  /** Runs the command. Must never throw for bad input: return an error Reply. */
  exec(ctx: CmdCtx, argv: readonly string[]): Reply;
}

/**
 * The execution context of one command call.
 * Propagation follows Redis 7.0's call(): after exec, if ctx.dirty > 0 and the command did not
 * call preventPropagation(), the (possibly rewritten) argv is appended to the ops already queued
 * with alsoPropagate() (e.g. the DEL of a lazily expired key, which therefore comes first).
 */
export interface CmdCtx {
  readonly ks: Keyspace;
  /** The selected database index (SELECT changes it through selectDb). */
  readonly dbIndex: number;
  readonly db: Db;
  /** Simulated Unix time in ms (server.mstime / commandTimeSnapshot). */
  readonly nowMs: number;
  readonly rng: PrngState;
  /**
   * True on a node that has a master (server.masterhost != NULL): lookups hide logically expired
   * keys without deleting them. False on a master: expired keys are deleted and DEL propagated.
   */
  readonly isReplica: boolean;
  /** True while applying the master's stream on a replica: expired keys are still visible. */
  readonly fromMaster: boolean;
  /** Number of changes made (server.dirty delta). Commands add to it. */
  dirty: number;
  /** Replace what gets propagated for this call (rewriteClientCommandVector). */
  rewrite(argv: readonly string[]): void;
  /** Propagate nothing of this call's own argv (ops added with alsoPropagate still go). */
  preventPropagation(): void;
  /** Queue an extra op for the replication stream, in the current db (alsoPropagate). */
  alsoPropagate(argv: readonly string[]): void;
  /** SELECT: switch the client's database. */
  selectDb(index: number): void;
  /** Lazily expiring lookups as in db.c. */
  lookupRead(key: string): RedisValue | undefined;
  lookupWrite(key: string): RedisValue | undefined;
}
