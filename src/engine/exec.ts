// Command execution (server.c processCommand + call): lookup, arity, READONLY / NOREPLICAS /
// MULTI gates, running the command, and propagating what it changed to the replication stream,
// wrapped in MULTI/EXEC when one call produced several ops (propagatePendingCommands).

import { CallCtx, dataCommands } from './commands/index.ts';
import { prngCreate, type PrngState } from './prng.ts';
import type { Keyspace } from './keyspace.ts';
import type { CommandSpec } from './commands/types.ts';
import { slaveExpireWatch } from './expire.ts';
import { configBool } from './config.ts';
import { commandExists, masterdownErrorFor, noreplicasErrorFor, readonlyErrorFor, unknownCommandErrorFor } from './command-versions.ts';
import { anyWatchedKey, discardTransaction, multiCommands, touchChangedWatchedKeys, touchWatchedKey } from './multi.ts';
import { inPubsubContext, pubsubCommands } from './pubsub.ts';
import { E, R, type Reply } from './resp.ts';
import { checkGoodReplicasStatus, replicationFeedSlaves } from './master.ts';
import { replicationSendAck } from './replica.ts';
import { protectedCommandRefusal, serverCommands, staleAllowed, type CommandRunner, type ServerCommand } from './server-commands.ts';
import type { Caller, ConsoleClient, MasterLink, NodeState, PropOp } from './state.ts';
import { sentinelCommand, sentinelInfoSection, sentinelPublish } from './sentinel-commands.ts';
import { INFO_TITLES, infoSection } from './info.ts';
import { lowerCommandName } from './command-names.ts';

/** The command table by lower-case name: server commands first, then MULTI's, pub/sub's and the data commands. */
const COMMANDS = new Map<string, CommandSpec | ServerCommand>();
for (const table of [dataCommands, pubsubCommands, multiCommands, serverCommands] as ReadonlyMap<string, CommandSpec | ServerCommand>[]) {
  for (const [n, c] of table) COMMANDS.set(n, c);
}
/** Commands found by the spelling they were sent with (bounded like lowerCommandName's cache). */
const BY_SPELLING = new Map<string, CommandSpec | ServerCommand>();

export function lookupCommand(name: string): CommandSpec | ServerCommand | undefined {
  const hit = BY_SPELLING.get(name);
  if (hit !== undefined) return hit;
  const spec = COMMANDS.get(lowerCommandName(name));
  if (spec !== undefined && name.length <= 32 && BY_SPELLING.size < 1024) BY_SPELLING.set(name, spec);
  return spec;
}

/** Every command the engine runs, lower-case (the command table's names). */
export const COMMAND_NAMES: readonly string[] = [
  ...serverCommands.keys(), ...multiCommands.keys(), ...pubsubCommands.keys(), ...dataCommands.keys(),
];

/** Sentinel mode's command table (sentinelcmds): the other commands do not exist there. */
const SENTINEL_COMMANDS: Record<string, { arity: number; run: (s: NodeState, c: Caller, argv: readonly string[]) => Reply | null }> = {
  ping: { arity: -1, run: (s, c, argv) => runServerCommand(s, c, argv) },
  sentinel: { arity: -2, run: (s, _c, argv) => sentinelCommand(s, argv) },
  subscribe: { arity: -2, run: (s, c, argv) => runServerCommand(s, c, argv) },
  unsubscribe: { arity: -1, run: (s, c, argv) => runServerCommand(s, c, argv) },
  psubscribe: { arity: -2, run: (s, c, argv) => runServerCommand(s, c, argv) },
  punsubscribe: { arity: -1, run: (s, c, argv) => runServerCommand(s, c, argv) },
  publish: { arity: 3, run: (s, _c, argv) => sentinelPublish(s, argv) },
  info: { arity: -1, run: (s, _c, argv) => sentinelInfo(s, argv.slice(1)) },
  role: { arity: 1, run: (s) => R.array([R.bulk('sentinel'), R.bulks(s.sentinel!.masters.map((m) => m.name))]) },
  client: { arity: -2, run: (s, c, argv) => runServerCommand(s, c, argv) },
  shutdown: { arity: -1, run: (s, c, argv) => runServerCommand(s, c, argv) },
};

/** The names in Sentinel mode's command table (a test keeps command-names.ts's list the same). */
export const SENTINEL_COMMAND_TABLE_NAMES: readonly string[] = Object.keys(SENTINEL_COMMANDS);

function runServerCommand(s: NodeState, caller: Caller, argv: readonly string[]): Reply | null {
  const spec = lookupCommand(argv[0])!;
  return call(s, caller, spec, argv, []);
}

/** processCommand() of a Sentinel. */
function sentinelProcessCommand(s: NodeState, caller: Caller, argv: readonly string[]): Reply | null {
  const name = argv[0].toLowerCase();
  const spec = SENTINEL_COMMANDS[name];
  if (!spec) return R.err(unknownCommandErrorFor(s.version, argv));
  if (!arityOk(spec, argv.length)) return R.err(E.wrongArgs(name));
  if (inPubsubContext(caller.console) && !PUBSUB_CONTEXT.has(name)) {
    return R.err(`ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
  }
  if (name !== 'ping' && name !== 'subscribe' && name !== 'unsubscribe' && name !== 'psubscribe' && name !== 'punsubscribe' && name !== 'client' && name !== 'shutdown') s.stats.totalCommandsProcessed++;
  return spec.run(s, caller, argv);
}

/** INFO on a Sentinel: server, clients, stats, cpu and sentinel, in that order, as redis-sentinel prints them. */
function sentinelInfo(s: NodeState, args: readonly string[]): Reply {
  const all = ['server', 'clients', 'stats', 'cpu', 'sentinel'];
  const lower = args.map((a) => a.toLowerCase());
  const names = lower.length === 0 || lower.includes('default') || lower.includes('all') || lower.includes('everything') ? all : all.filter((n) => lower.includes(n));
  const parts: string[] = [];
  for (const n of names) {
    let lines = n === 'sentinel' ? sentinelInfoSection(s) : infoSection(s, n)!;
    if (n === 'server') {
      lines = lines.map((l) => l === 'redis_mode:standalone' ? 'redis_mode:sentinel'
        : l.startsWith('hz:') ? `hz:${s.sentinel!.hz}`
        : l.startsWith('executable:') ? 'executable:/usr/bin/redis-sentinel'
        : l.startsWith('config_file:') ? 'config_file:/etc/redis/sentinel.conf' : l);
    }
    parts.push([`# ${n === 'sentinel' ? 'Sentinel' : INFO_TITLES[n]}`, ...lines].join('\r\n') + '\r\n');
  }
  return R.bulk(parts.join('\r\n'));
}

function arityOk(spec: { arity: number }, argc: number): boolean {
  return spec.arity > 0 ? argc === spec.arity : argc >= -spec.arity;
}

/** What a client with subscriptions may still run (RESP2). */
const PUBSUB_CONTEXT = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

/** The commands a client in MULTI runs at once instead of queueing (processCommand). */
const MULTI_PASSTHROUGH = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/**
 * processCommand(): runs one command for a caller and returns its reply, or null when the caller
 * is now blocked (WAIT). Replies for the master's stream are discarded by the caller.
 */
export function processCommand(s: NodeState, caller: Caller, argv: readonly string[]): Reply | null {
  if (argv.length === 0) return null;
  if (s.sentinel) return sentinelProcessCommand(s, caller, argv);
  const name = lowerCommandName(argv[0]);
  const found = lookupCommand(name);
  const spec = found && commandExists(s.version, name) ? found : undefined;
  const cl = caller.console;
  if (!spec) return rejectCommand(s, cl, name, spec, unknownCommandErrorFor(s.version, argv));
  if (!arityOk(spec, argv.length)) return rejectCommand(s, cl, name, spec, E.wrongArgs(spec.name));
  if (cl?.multi && spec.flags.includes('no-multi')) return rejectCommand(s, cl, name, spec, 'ERR Command not allowed inside a transaction');
  const refusal = protectedCommandRefusal(s, caller, name);
  if (refusal !== null) return rejectCommand(s, cl, name, spec, refusal);
  const queued = name === 'exec' && cl?.multi ? cl.multi.map((a) => lookupCommand(a[0])!) : NO_SPECS;
  const isWrite = spec.flags.includes('write') || queued.some((q) => q.flags.includes('write'));
  if (caller.kind !== 'master') {
    if (isWrite && !checkGoodReplicasStatus(s)) return rejectCommand(s, cl, name, spec, noreplicasErrorFor(s.version));
    if (s.masterHost !== null && configBool(s.config, 'replica-read-only') && isWrite) return rejectCommand(s, cl, name, spec, readonlyErrorFor(s.version));
    if (inPubsubContext(cl) && !PUBSUB_CONTEXT.has(name)) {
      return rejectCommand(s, cl, name, spec, `ERR Can't execute '${spec.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
    }
    // EXEC is refused too when a command it queued is not allowed on stale data (cmd_inv_flags).
    if (s.masterHost !== null && s.replState !== 'REPL_STATE_CONNECTED' && !configBool(s.config, 'replica-serve-stale-data') &&
      (!staleAllowed(s, spec) || queued.some((q) => !staleAllowed(s, q)))) {
      return rejectCommand(s, cl, name, spec, masterdownErrorFor(s.version));
    }
  }
  if (cl && cl.multi && !MULTI_PASSTHROUGH.has(name)) {
    cl.multi.push([...argv]);
    return R.queued;
  }
  const ops: PropOp[] = [];
  const reply = call(s, caller, spec, argv, ops);
  propagatePendingCommands(s, ops, spec);
  if (cl && ops.length > 0) cl.woff = s.masterReplOffset;
  return reply;
}

const NO_SPECS: readonly (CommandSpec | ServerCommand)[] = [];

/** rejectCommand(): flags the transaction; a refused EXEC ends it with the reason. */
function rejectCommand(s: NodeState, cl: ConsoleClient | null, name: string, spec: CommandSpec | ServerCommand | undefined, msg: string): Reply {
  s.stats.rejectedCalls++;
  if (cl && cl.multi) cl.multiError = true;
  if (name === 'exec' && spec) {
    if (cl) discardTransaction(cl);
    return R.err(`EXECABORT Transaction discarded because of: ${msg.startsWith('ERR ') ? msg.slice(4) : msg}`);
  }
  return R.err(msg);
}

/** Ops of a call from the master's stream: a replica propagates nothing of its own (kept empty; call() adds none of a data command's). */
const NO_OPS: PropOp[] = [];

/** call(): run the command, collecting what it propagates into ops. */
export function call(s: NodeState, caller: Caller, spec: CommandSpec | ServerCommand, argv: readonly string[], ops: PropOp[]): Reply | null {
  s.stats.totalCommandsProcessed++;
  if ('run' in spec) {
    const reply = spec.run(s, caller, argv, ops, RUNNER);
    touchChangedWatchedKeys(s);
    return reply;
  }
  // One context serves call after call; a call made while it is in use gets its own.
  const ctx = spareCtx ?? new NodeCallCtx();
  spareCtx = null;
  ctx.start(s, caller);
  const watch = slaveExpireWatch(s, caller, argv);
  const reply = spec.exec(ctx, argv);
  watch?.();
  if (ctx.dirty > 0) {
    s.dirty += ctx.dirty;
    // signalModifiedKey(): a write that counted a change touches its key even if the value is the same.
    if (spec.flags.includes('write') && anyWatchedKey(s)) for (const k of writtenKeys(spec.name, argv)) touchWatchedKey(s, caller.db, k);
  }
  touchChangedWatchedKeys(s);
  if (ops !== NO_OPS) ctx.propagateInto(ops, argv);
  ctx.finish();
  spareCtx = ctx;
  return reply as Reply | null;
}

/** A data command's context on this node: SELECT moves the caller, a lazily expired key counts in expired_keys. */
class NodeCallCtx extends CallCtx {
  private s: NodeState | null = null;
  private caller: Caller | null = null;

  constructor() {
    super(NO_KEYSPACE, 0, 0, NO_RNG, false, false);
  }

  /** Ready for a call by `caller` on `s`. */
  start(s: NodeState, caller: Caller): void {
    this.begin(s.ks, caller.db, s.nowMs, s.rng, s.masterHost !== null, caller.kind === 'master');
    this.s = s;
    this.caller = caller;
  }

  /** The call is over: the context holds on to none of the node's state. */
  finish(): void {
    this.begin(NO_KEYSPACE, 0, 0, NO_RNG, false, false);
    this.s = null;
    this.caller = null;
  }

  protected override selected(index: number): void {
    this.caller!.setDb(index);
  }

  protected override expired(): void {
    this.s!.stats.expiredKeys++;
  }
}

const NO_KEYSPACE: Keyspace = { dbs: [] };
const NO_RNG: PrngState = prngCreate(0, 0);
let spareCtx: NodeCallCtx | null = null;


/** The keys a write command stores into: its first key (MSET: every key). */
function writtenKeys(name: string, argv: readonly string[]): string[] {
  if (name === 'mset' || name === 'msetnx') return argv.filter((_, i) => i % 2 === 1);
  if (name === 'copy') return [argv[2]];
  if (name === 'del' || name === 'unlink' || name === 'flushall' || name === 'flushdb' || name === 'swapdb' || name === 'select' || argv.length < 2) return [];
  return [argv[1]];
}

/** What EXEC needs to run the commands it queued: lookupCommand() and call(). */
const RUNNER: CommandRunner = { lookupCommand, call };

/** propagatePendingCommands(): feed the ops of one top-level call, wrapped when several. */
export function propagatePendingCommands(s: NodeState, ops: readonly PropOp[], spec: CommandSpec | ServerCommand | null): void {
  if (ops.length === 0 || s.masterHost !== null) return;
  const transaction = ops.length > 1 && !(spec && spec.flags.includes('touches-arbitrary-keys'));
  if (transaction) replicationFeedSlaves(s, ops[0].dbIndex, ['MULTI']);
  for (const op of ops) replicationFeedSlaves(s, op.dbIndex, op.argv);
  if (transaction) replicationFeedSlaves(s, ops[ops.length - 1].dbIndex, ['EXEC']);
}

/** The caller of the master's stream: one per link, kept outside the state (a checkpoint's copy gets its own). */
const masterCallers = new WeakMap<MasterLink, Caller>();

function masterCaller(m: MasterLink): Caller {
  let caller = masterCallers.get(m);
  if (!caller) {
    const c: Caller = { kind: 'master', key: 'master', db: m.db, console: null, setDb: (i) => { m.db = i; c.db = i; } };
    masterCallers.set(m, (caller = c));
  }
  caller.db = m.db;
  return caller;
}

/** A command from our master's stream: replies are never sent back, MULTI is queued. */
export function executeFromMaster(s: NodeState, argv: readonly string[]): void {
  const m = s.master;
  if (!m || argv.length === 0) return;
  const caller = masterCaller(m);
  const name = lowerCommandName(argv[0]);
  if (name === 'replconf') {
    // replconfCommand(): GETACK from our master is answered at once with the offset before it.
    if (argv[1]?.toLowerCase() === 'getack') replicationSendAck(s);
    return;
  }
  if (name === 'multi') { m.multi = []; return; }
  if (m.multi !== null && name !== 'exec' && name !== 'discard') { m.multi.push([...argv]); return; }
  if (name === 'discard') { m.multi = null; return; }
  if (name !== 'exec') {
    callFromMaster(s, caller, argv);
    return;
  }
  const batch = m.multi ?? [];
  m.multi = null;
  for (const a of batch) callFromMaster(s, caller, a);
}

function callFromMaster(s: NodeState, caller: Caller, argv: readonly string[]): void {
  const spec = lookupCommand(argv[0]);
  if (!spec || !arityOk(spec, argv.length)) return;
  call(s, caller, spec, argv, NO_OPS);
  // A replica's calls queue nothing for the stream (propagatePendingCommands feeds only masters); should one ever, drop it.
  if (NO_OPS.length !== 0) NO_OPS.length = 0;
}
