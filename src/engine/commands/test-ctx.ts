// Unit-test harness for the data commands: a fresh keyspace, a clock, a seeded PRNG, and run()
// which checks arity like the dispatcher, executes one command and reports reply and propagation.

import { E, R, encodeReply, type Reply } from '../resp.ts';
import { keyspaceCreate, type Keyspace } from '../keyspace.ts';
import { prngCreate, type PrngState } from '../prng.ts';
import { callCommand, createCmdCtx, wrapInTransaction, type CmdCtxHandle, type PropagatedOp } from './ctx.ts';
import { dataCommands } from './index.ts';

/** A bare CmdCtx over a fresh keyspace (a master at a fixed time unless told otherwise). */
export function makeTestCtx(opts: { nowMs?: number; seed?: number; dbIndex?: number; isReplica?: boolean; fromMaster?: boolean } = {}): CmdCtxHandle & { ks: Keyspace } {
  const ks = keyspaceCreate();
  const h = createCmdCtx({
    ks, dbIndex: opts.dbIndex ?? 0, nowMs: opts.nowMs ?? 1_700_000_000_000, rng: prngCreate(opts.seed ?? 1),
    isReplica: opts.isReplica ?? false, fromMaster: opts.fromMaster ?? false,
  });
  return { ...h, ks };
}

export interface TestRun {
  reply: Reply;
  /** The reply's RESP2 bytes. */
  wire: string;
  ops: PropagatedOp[];
  /** Just the argv of each propagated op. */
  prop: string[][];
  dirty: number;
}

export interface TestServer {
  ks: Keyspace;
  rng: PrngState;
  nowMs: number;
  dbIndex: number;
  isReplica: boolean;
  fromMaster: boolean;
  run(...argv: string[]): TestRun;
  /** Runs a command line split on spaces. */
  line(text: string): TestRun;
}

export function makeTestServer(opts: { nowMs?: number; seed?: number; isReplica?: boolean; fromMaster?: boolean } = {}): TestServer {
  const t: TestServer = {
    ks: keyspaceCreate(),
    rng: prngCreate(opts.seed ?? 1),
    nowMs: opts.nowMs ?? 1_700_000_000_000,
    dbIndex: 0,
    isReplica: opts.isReplica ?? false,
    fromMaster: opts.fromMaster ?? false,
    run(...argv) {
      const spec = dataCommands.get(argv[0].toLowerCase());
      let reply: Reply;
      let ops: PropagatedOp[] = [];
      let dirty = 0;
      if (!spec) {
        reply = R.err(`ERR unknown command '${argv[0]}'`);
      } else if ((spec.arity > 0 && argv.length !== spec.arity) || argv.length < -spec.arity) {
        reply = R.err(E.wrongArgs(spec.name));
      } else {
        const r = callCommand(spec, {
          ks: t.ks, dbIndex: t.dbIndex, nowMs: t.nowMs, rng: t.rng, isReplica: t.isReplica, fromMaster: t.fromMaster,
        }, argv);
        reply = r.reply;
        ops = r.ops;
        dirty = r.dirty;
        t.dbIndex = r.dbIndex;
      }
      return { reply, wire: encodeReply(reply), ops, prop: ops.map((o) => [...o.argv]), dirty };
    },
    line(text) {
      return t.run(...text.split(' ').filter((s) => s.length > 0));
    },
  };
  return t;
}

/** Absolute ms times in the 1.5e12..2e12 range (now-relative expiries) print as "T". */
export const normalizeTimes = (argv: readonly string[]): string[] => argv.map((a) => (/^1[5-9]\d{11}$/.test(a) ? 'T' : a));

export interface Replay {
  /** RESP2 bytes of each reply ("" for a SLEEP row, which only advances the clock). */
  wires: string[];
  /** The replication stream as [db, argv] pairs, MULTI/EXEC included, times normalized. */
  stream: [number, string[]][];
}

/** Runs a command sequence from a fresh keyspace, as one client of a master. */
export function replay(rows: readonly (readonly string[])[], nowMs: number): Replay {
  const t = makeTestServer({ nowMs });
  const out: Replay = { wires: [], stream: [] };
  for (const argv of rows) {
    if (argv[0] === 'SLEEP') {
      t.nowMs += Number(argv[1]);
      out.wires.push('');
      continue;
    }
    const r = t.run(...argv);
    out.wires.push(r.wire);
    const spec = dataCommands.get(argv[0].toLowerCase());
    if (spec) for (const op of wrapInTransaction(r.ops, spec)) out.stream.push([op.dbIndex, normalizeTimes(op.argv)]);
  }
  return out;
}

/** The texts of an array reply made of bulk strings. */
export function bulkTexts(r: Reply): string[] {
  if (r.type !== 'array' || r.v === null) throw new Error(`not an array reply: ${encodeReply(r)}`);
  return r.v.map((x) => (x.type === 'bulk' && x.v !== null ? x.v : String(x.v)));
}

/** A SCAN reply split into its cursor and its keys. */
export function scanParts(r: Reply): { cursor: string; keys: string[] } {
  if (r.type !== 'array' || r.v === null || r.v.length !== 2) throw new Error(`not a SCAN reply: ${encodeReply(r)}`);
  return { cursor: String(r.v[0].v), keys: bulkTexts(r.v[1]) };
}
