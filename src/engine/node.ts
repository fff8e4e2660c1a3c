// One Redis node as a deterministic step function: nodeCreate() boots it (from its disk after a
// restart), nodeStep() feeds it one input at a simulated time and returns the effects it asks
// for. The step mutates the state it is given; checkpoints are structured clones of it.

import { fnv1a } from './fnv1a.ts';
import { configDefaults, configInt, savePoints, type Config } from './config.ts';
import { backlogCreate, type BacklogMode } from './backlog.ts';
import { executeFromMaster, processCommand } from './exec.ts';
import { touchChangedWatchedKeys } from './multi.ts';
import { activeExpireCycle, expireSlaveKeys } from './expire.ts';
import type { NodeEffect, NodeInput } from './io.ts';
import { keyspaceCreate } from './keyspace.ts';
import {
  clearReplicationId2, changeReplicationId, createReplicationBacklog, freeClient, freeReplicationBacklog, processClientsWaitingReplicas,
  clientsCronReplicaBuffers, replicationBeforeSleep, replicationFeedSlaves, replyToBlockedClientTimedOut, sendGetackToReplicas,
} from './master.ts';
import { checkChildrenDone, masterConnDrained, replconfCommand, syncCommand } from './master-sync.ts';
import { rdbLoad } from './persistence.ts';
import { prngCreate, prngHex40, prngInt } from './prng.ts';
import {
  cacheMyselfLine, connectWithMaster, freeMasterClient, readQueryFromClient, replicaConnEstablished, replicaConnFailed,
  replicaHandshakeClosed, setReplState, syncWithMaster,
} from './replica.ts';
import { commandProcessed, masterQueryDone, masterQueryStart, processMultibulkBuffer } from './replica-stream.ts';
import { replicationCron } from './replication-cron.ts';
import { encodeReply, parseCommand, R, type Reply } from './resp.ts';
import { rdbSaveBackground } from './server-commands.ts';
import { sentinelConnClosed, sentinelConnData, sentinelConnEstablished, sentinelInit, sentinelOwnsConn, sentinelTimer } from './sentinel.ts';
import { assertNever } from './assert.ts';
import { atLeast, DEFAULT_VERSION, versionProfile, type RedisVersion } from './version.ts';
import { masterReloadsReplInfo, rdbKeepsReplInfo } from './psync-versions.ts';
import { versionConfigDefaults } from './config-names.ts';
import {
  emit, event, log, send, unixSec, type Caller, type ConsoleClient, type Disk, type NetClient, type NodeState,
} from './state.ts';

export interface NodeOptions {
  name: string;
  port: number;
  seed: number;
  nowMs: number;
  /** 0 for the first boot, then +1 at each restart (connection ids stay unique). */
  incarnation: number;
  disk: Disk | null;
  backlogMode?: BacklogMode;
  /** The Redis version this node plays (default 7.0). */
  version?: RedisVersion;
  /**
   * Startup parameters, as on redis-server's command line: they override the config file on
   * disk (Redis appends them to the file's lines). `replicaof` is "HOST PORT".
   */
  config?: Partial<Config>;
  /** Run as redis-sentinel (always Redis 7.0's): its address on the scenario's network. */
  sentinel?: { networkIp: string };
}

/** SERVER_CRON period: hz 10. */
export const CRON_PERIOD_MS = 100;

export function emptyDisk(): Disk {
  return { rdb: null, rdbSavedAtMs: 0, configFile: {} };
}

/** Boots a node: like starting redis-server with its config file and dump.rdb. */
export function nodeCreate(o: NodeOptions): { state: NodeState; effects: NodeEffect[] } {
  const rng = prngCreate(o.seed, fnv1a(o.name) + o.incarnation * 7919);
  const disk = o.disk ?? emptyDisk();
  const version = o.sentinel ? DEFAULT_VERSION : o.version ?? DEFAULT_VERSION;
  const config = { ...configDefaults(), ...versionConfigDefaults(version) } as Config;
  for (const [k, v] of Object.entries(disk.configFile)) if (k !== 'replicaof') config[k] = v;
  for (const [k, v] of Object.entries(o.config ?? {})) if (k !== 'replicaof' && v !== undefined) config[k] = v;
  const s: NodeState = {
    name: o.name, ip: '127.0.0.1', port: o.port, pid: 1000 + prngInt(rng, 60000), runId: '', incarnation: o.incarnation,
    startedAtMs: Math.floor(o.nowMs), nowMs: Math.floor(o.nowMs), rng, config, version, backlogMode: o.backlogMode ?? versionProfile(version).backlog,
    ks: keyspaceCreate(), dirty: 0, lastSaveMs: Math.floor(o.nowMs), lastBgsaveOk: true, cronLoops: 0, replCronLoops: 0,
    stats: {
      totalConnectionsReceived: 0, totalCommandsProcessed: 0, syncFull: 0, syncPartialOk: 0, syncPartialErr: 0,
      expiredKeys: 0, totalNetInputBytes: 0, totalNetOutputBytes: 0, totalNetReplInputBytes: 0, totalNetReplOutputBytes: 0,
      rejectedCalls: 0, totalForks: 0, rdbSaves: 0,
    },
    blockedUntilMs: 0, activeExpireEnabled: true,
    replId: '', replId2: '', masterReplOffset: 0, secondReplOffset: -1, backlog: null, slaveSelDb: -1,
    noReplicasSinceMs: Math.floor(o.nowMs), goodReplicas: 0, rdbChild: null, getAckPending: false, waitingClients: 0,
    masterHost: null, masterPort: 0, replState: 'REPL_STATE_NONE', master: null, cachedMaster: null, handshake: null,
    replDownSinceMs: 0, netClients: {}, replicaOrder: [], consoleClients: {}, nextClientId: 3, nextConnSeq: 1, nextToken: 1,
    disk, slaveKeysWithExpire: new Map(), out: [],
  };
  s.runId = prngHex40(s.rng);
  if (o.sentinel) {
    const lines = Object.keys(o.config ?? {}).filter((k) => /^sentinel-\d+$/.test(k)).sort((a, b) => Number(a.slice(9)) - Number(b.slice(9))).map((k) => o.config![k]!);
    return sentinelCreate(s, o.sentinel.networkIp, lines);
  }
  // Up to 2.8 the run_id is the history's name: changeReplicationId() takes it.
  changeReplicationId(s);
  clearReplicationId2(s);
  const replicaof = o.config?.replicaof ?? disk.configFile.replicaof;
  if (replicaof) {
    const [h, p] = replicaof.split(' ');
    s.masterHost = h;
    s.masterPort = Number(p);
  }
  log(s, '#', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  log(s, '#', `Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=${s.pid}, just started`);
  // argc > 1: a config file or command-line options.
  log(s, '#', Object.keys(disk.configFile).length || Object.keys(o.config ?? {}).length ? 'Configuration loaded' : 'Warning: no config file specified, using the default config. In order to specify a config file use /usr/bin/redis-server /path/to/redis.conf');
  log(s, '*', `monotonic clock: POSIX clock_gettime`);
  log(s, '*', `Running mode=standalone, port=${s.port}.`);
  log(s, '#', 'Server initialized');
  if (disk.rdb !== null) loadDataFromDisk(s, disk.rdb);
  log(s, '*', 'Ready to accept connections');
  if (s.masterHost !== null) {
    event(s, { type: 'roleChanged', to: 'replica', master: `${s.masterHost}:${s.masterPort}` });
    setReplState(s, 'REPL_STATE_CONNECT');
  }
  emit(s, { type: 'timer', name: 'cron', atMs: s.nowMs + 1 });
  return { state: s, effects: takeEffects(s) };
}

/**
 * loadDataFromDisk(): the RDB, and the replication info it carries (PSYNC after a restart). A
 * master creates its backlog before loading and feeds it a DEL for every key that expired while
 * it was down (RDBFLAGS_FEED_REPL), so its offset moves past the one saved in the file and its
 * replicas get those DELs when they resume; without replication info in the file the backlog
 * is dropped again, the offset keeping the DELs' bytes.
 */
function loadDataFromDisk(s: NodeState, rdb: string): void {
  const asMaster = s.masterHost === null;
  const r = rdbLoad(s, rdb, asMaster);
  if (!r.ok) {
    log(s, '#', `Fatal error loading the DB: ${r.error}. Exiting.`);
    return;
  }
  log(s, '*', 'DB loaded from disk: 0.000 seconds');
  const rsiValid = r.replId.length === 40 && r.replOffset >= 0 && rdbKeepsReplInfo(s);
  if (!asMaster) {
    if (!rsiValid) return;
    s.replId = r.replId;
    s.masterReplOffset = r.replOffset;
    log(s, '*', cacheMyselfLine(s));
    s.cachedMaster = { replId: r.replId, reploff: r.replOffset, db: r.replStreamDb };
    return;
  }
  const reloads = rsiValid && masterReloadsReplInfo(s);
  if (reloads) {
    // The DELs are fed on top of the saved offset (Redis feeds them from 0, then rebases).
    s.replId2 = r.replId;
    s.secondReplOffset = r.replOffset + 1;
    s.masterReplOffset = r.replOffset;
    createReplicationBacklog(s);
  } else if (atLeast(s.version, '7.0') && r.expired.length > 0) {
    s.backlog = backlogCreate(s.backlogMode, configInt(s.config, 'repl-backlog-size'), s.masterReplOffset);
  }
  // RDBFLAGS_FEED_REPL is 7.0's: before, the expired keys were dropped silently.
  const expired = atLeast(s.version, '7.0') ? r.expired : [];
  for (const [db, key] of expired) replicationFeedSlaves(s, db, ['DEL', key]);
  if (!reloads) freeReplicationBacklog(s);
}

/** A Sentinel boots: its log lines, its config (sentinel.conf, rewritten on its disk), its first sentinelTimer. */
function sentinelCreate(s: NodeState, networkIp: string, lines: string[]): { state: NodeState; effects: NodeEffect[] } {
  log(s, '#', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo', 'X');
  log(s, '#', `Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=${s.pid}, just started`, 'X');
  log(s, '#', 'Configuration loaded', 'X');
  log(s, '*', 'monotonic clock: POSIX clock_gettime', 'X');
  log(s, '*', `Running mode=sentinel, port=${s.port}.`, 'X');
  sentinelInit(s, networkIp, lines);
  emit(s, { type: 'timer', name: 'cron', atMs: s.nowMs + 1 });
  return { state: s, effects: takeEffects(s) };
}

function takeEffects(s: NodeState): NodeEffect[] {
  const e = s.out;
  s.out = [];
  return e;
}

function consoleClient(s: NodeState, key: string): ConsoleClient {
  let c = s.consoleClients[key];
  if (!c) {
    c = { id: s.nextClientId++, db: 0, multi: null, multiError: false, woff: 0, blocked: null, queued: [] };
    s.consoleClients[key] = c;
  }
  return c;
}

/** Feeds one input to the node at simulated time nowMs; returns the effects. */
export function nodeStep(s: NodeState, input: NodeInput, nowMs: number): NodeEffect[] {
  s.nowMs = Math.max(s.nowMs, Math.floor(nowMs));
  switch (input.type) {
    case 'command': {
      const cl = consoleClient(s, input.clientId);
      // A blocked client's next commands wait in its query buffer until it is unblocked.
      if (cl.blocked || cl.queued.length > 0) {
        cl.queued.push(input.argv);
        noQueues.delete(s);
      }
      else consoleCommand(s, input.clientId, cl, input.argv);
      break;
    }
    case 'consoleClosed':
      freeConsoleClient(s, input.clientId);
      break;
    case 'connAccepted': {
      s.stats.totalConnectionsReceived++;
      s.netClients[input.connId] = {
        connId: input.connId, id: s.nextClientId++, peerIp: input.peerIp, peerPort: input.peerPort,
        localIp: input.localIp ?? '127.0.0.1', localPort: input.localPort ?? s.port, inbuf: '', db: 0,
        lastInteractionMs: s.nowMs, createdMs: s.nowMs, replica: null, listeningPort: 0, capaEof: false, capaPsync2: false, closing: false,
      };
      break;
    }
    case 'connEstablished':
      if (sentinelOwnsConn(s, input.connId)) sentinelConnEstablished(s, input.connId);
      else replicaConnEstablished(s, input.connId);
      break;
    case 'connFailed':
      if (sentinelOwnsConn(s, input.connId)) sentinelConnClosed(s, input.connId);
      else replicaConnFailed(s, input.connId, input.error);
      break;
    case 'connData': {
      s.stats.totalNetInputBytes += input.data.length;
      const nc = s.netClients[input.connId];
      if (nc) netClientData(s, nc, input.data);
      else if (sentinelOwnsConn(s, input.connId)) sentinelConnData(s, input.connId, input.data);
      else if (isMasterLink(s, input.connId)) {
        readQueryFromClient(s, input.data);
        processInputBuffer(s);
      } else if (syncWithMaster(s, input.connId, input.data)) {
        // The stream bytes that came with +CONTINUE or right after the RDB.
        if (isMasterLink(s, input.connId)) processInputBuffer(s);
      }
      break;
    }
    case 'connClosed': {
      const nc = s.netClients[input.connId];
      if (nc) {
        freeClient(s, nc, false, input.reason);
      } else if (sentinelOwnsConn(s, input.connId)) {
        sentinelConnClosed(s, input.connId);
      } else if (s.master && s.master.connId === input.connId) {
        freeMasterClient(s, false, input.reason);
      } else replicaHandshakeClosed(s, input.connId, input.reason);
      break;
    }
    case 'connDrained': {
      const nc = s.netClients[input.connId];
      if (nc) masterConnDrained(s, nc, input.token);
      break;
    }
    case 'timer':
      if (input.name === 'cron') {
        if (s.sentinel) sentinelCron(s);
        else serverCron(s);
      }
      else if (input.name === 'bgsaveDone') checkChildrenDone(s);
      else if (input.name.startsWith('waitTimeout:')) replyToBlockedClientTimedOut(s, input.name.slice('waitTimeout:'.length));
      break;
    default:
      assertNever(input);
  }
  beforeSleep(s);
  return takeEffects(s);
}

function isMasterLink(s: NodeState, connId: string): boolean {
  return s.master !== null && s.master.connId === connId;
}

/**
 * processInputBuffer() for the master client: every complete command of the master's stream is
 * run as the master client (processCommand/call through exec), then accounted
 * (commandProcessed).
 */
function processInputBuffer(s: NodeState): void {
  const q = masterQueryStart(s.master!);
  for (let argv = processMultibulkBuffer(s, q); argv !== null; argv = processMultibulkBuffer(s, q)) {
    executeFromMaster(s, argv);
    commandProcessed(s, q, argv);
  }
  masterQueryDone(s, q);
}

/** beforeSleep(): GETACK for WAIT, replicas' writes, frees and the backlog trim, unblock satisfied WAITs. */
function beforeSleep(s: NodeState): void {
  touchChangedWatchedKeys(s);
  sendGetackToReplicas(s);
  replicationBeforeSleep(s);
  processClientsWaitingReplicas(s);
  processUnblockedClients(s);
}

/** Runs a console client's command (call() through processCommand) and sends its reply, if any. */
function consoleCommand(s: NodeState, key: string, cl: ConsoleClient, argv: readonly string[]): void {
  const caller = consoleCaller(key, cl);
  const reply = processCommand(s, caller, argv);
  if (reply !== null) emit(s, { type: 'reply', clientId: key, reply });
}

/** Each console client's caller, kept outside the state (a checkpoint's copy of a client gets its own). */
const consoleCallers = new WeakMap<ConsoleClient, Caller>();

function consoleCaller(key: string, cl: ConsoleClient): Caller {
  let caller = consoleCallers.get(cl);
  if (!caller || caller.key !== key) {
    const c: Caller = { kind: 'console', key, db: cl.db, console: cl, setDb: (i) => { cl.db = i; c.db = i; } };
    consoleCallers.set(cl, (caller = c));
  }
  caller.db = cl.db;
  return caller;
}

/** processUnblockedClients(): an unblocked client runs what waited in its query buffer. */
function processUnblockedClients(s: NodeState): void {
  if (!hasRunnableQueue(s)) return;
  for (const [key, cl] of Object.entries(s.consoleClients)) {
    while (!cl.blocked && cl.queued.length > 0) consoleCommand(s, key, cl, cl.queued.shift()!);
  }
}

/** Nodes seen with no command waiting in a query buffer since one was last queued (a checkpoint's copy is looked at again). */
const noQueues = new WeakSet<NodeState>();

/** Does a client have commands waiting in its query buffer? (Mostly none: then no copy of the clients.) */
function hasRunnableQueue(s: NodeState): boolean {
  if (noQueues.has(s)) return false;
  const clients = s.consoleClients;
  let queued = false;
  for (const key in clients) {
    const cl = clients[key];
    if (cl.queued.length > 0) {
      queued = true;
      if (!cl.blocked) return true;
    }
  }
  if (!queued) noQueues.add(s);
  return false;
}

/** freeClient() for a console client: a client blocked in WAIT is unblocked without a reply. */
function freeConsoleClient(s: NodeState, key: string): void {
  const cl = s.consoleClients[key];
  if (!cl) return;
  if (cl.blocked) s.waitingClients--;
  delete s.consoleClients[key];
}

/** Commands arriving from a network client (a replica's handshake and ACKs, mostly). */
function netClientData(s: NodeState, c: NetClient, data: string): void {
  c.inbuf += data;
  c.lastInteractionMs = s.nowMs;
  let pos = 0;
  while (pos < c.inbuf.length && !c.closing) {
    const r = parseCommand(c.inbuf, pos);
    if (r.type === 'incomplete') break;
    if (r.type === 'protocolError') {
      send(s, c.connId, encodeReply(R.err(`ERR ${r.message}`)), 'reply', { label: 'protocol error' });
      freeClient(s, c, true, 'protocol-error');
      return;
    }
    pos += r.consumed;
    const argv = r.value;
    if (argv.length === 0) continue;
    const name = argv[0].toLowerCase();
    let reply: Reply | null;
    if (name === 'sync' || name === 'psync') {
      if (name === 'psync' && argv.length !== 3) reply = R.err("ERR wrong number of arguments for 'psync' command");
      else { syncCommand(s, c, argv); reply = null; }
    } else if (name === 'replconf') {
      reply = replconfCommand(s, c, argv);
      s.stats.totalCommandsProcessed++;
    } else {
      c.cli ??= { id: c.id, db: 0, multi: null, multiError: false, woff: 0, blocked: null, queued: [] };
      const caller: Caller = { kind: 'net', key: c.connId, db: c.db, console: c.cli, setDb: (i) => { c.db = i; caller.db = i; } };
      reply = processCommand(s, caller, argv);
    }
    if (reply !== null && !c.closing) {
      send(s, c.connId, encodeReply(reply), c.name?.startsWith('sentinel-') || s.sentinel ? 'sentinel' : 'handshake', { label: reply.type === 'status' ? `+${reply.v}` : reply.type === 'error' ? `-${reply.v}` : 'reply' });
    }
  }
  if (s.netClients[c.connId]) c.inbuf = c.inbuf.slice(pos);
}

/** serverCron() in sentinel mode: sentinelTimer(), then again after 1000/hz ms (hz drawn anew each time). */
function sentinelCron(s: NodeState): void {
  const next = sentinelTimer(s);
  s.cronLoops++;
  emit(s, { type: 'timer', name: 'cron', atMs: s.nowMs + next });
}

/** serverCron(): every 100 ms. */
function serverCron(s: NodeState): void {
  clientsCronReplicaBuffers(s);
  checkChildrenDone(s);
  if (s.rdbChild === null) {
    for (const [secs, changes] of savePoints(s.config)) {
      if (s.dirty >= changes && unixSec(s.nowMs) - unixSec(s.lastSaveMs) > secs) {
        log(s, '*', `${changes} changes in ${secs} seconds. Saving...`);
        rdbSaveBackground(s, 'savepoint');
        break;
      }
    }
  }
  // databasesCron(): a master expires keys; a replica only the keys its own clients gave a TTL.
  if (s.activeExpireEnabled) {
    if (s.masterHost === null) activeExpireCycle(s);
    else if (atLeast(s.version, '4.0')) expireSlaveKeys(s);
  }
  if (s.cronLoops % 10 === 0) {
    replicationCron(s);
  }
  s.cronLoops++;
  emit(s, { type: 'timer', name: 'cron', atMs: s.nowMs + CRON_PERIOD_MS });
}

/** For the runtime: start a replica's connection right away when its config says replicaof. */
export function nodeConnectIfConfigured(s: NodeState): NodeEffect[] {
  if (s.masterHost !== null && s.replState === 'REPL_STATE_CONNECT' && !s.handshake) {
    log(s, '*', `Connecting to MASTER ${s.masterHost}:${s.masterPort}`);
    connectWithMaster(s, 'config');
  }
  return takeEffects(s);
}
