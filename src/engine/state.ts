// The whole state of one Redis node as plain data (structuredClone-able for checkpoints), and
// the small helpers every part of the node uses to log, emit events and send bytes.

import type { Backlog, BacklogMode } from './backlog.ts';
import type { Config } from './config.ts';
import type { Keyspace } from './keyspace.ts';
import type { PrngState } from './prng.ts';
import type { HandshakeWhy, NodeEffect, NodeEvent, SendKind, SendMeta, LogLevel } from './io.ts';
import { formatLogLineFor, versionLogText } from './logfmt-versions.ts';
import type { RedisVersion } from './version.ts';
import type { SentinelState } from './sentinel-state.ts';

/** REPL_STATE_* of the replica-side handshake machine (server.h), with Redis's names. */
export type ReplState =
  | 'REPL_STATE_NONE'
  | 'REPL_STATE_CONNECT'
  | 'REPL_STATE_CONNECTING'
  | 'REPL_STATE_RECEIVE_PING_REPLY'
  | 'REPL_STATE_SEND_HANDSHAKE'
  | 'REPL_STATE_RECEIVE_AUTH_REPLY'
  | 'REPL_STATE_RECEIVE_PORT_REPLY'
  | 'REPL_STATE_RECEIVE_IP_REPLY'
  | 'REPL_STATE_RECEIVE_CAPA_REPLY'
  | 'REPL_STATE_SEND_PSYNC'
  | 'REPL_STATE_RECEIVE_PSYNC_REPLY'
  | 'REPL_STATE_TRANSFER'
  | 'REPL_STATE_CONNECTED';

/** SLAVE_STATE_* of a replica as its master sees it. */
export type SlaveState = 'wait_bgsave_start' | 'wait_bgsave_end' | 'send_bulk' | 'online';

/** A client connected over the network (a replica, or anyone speaking RESP to our port). */
export interface NetClient {
  connId: string;
  id: number;
  peerIp: string;
  peerPort: number;
  /** This end of the connection: the address the peer dialed (getsockname, CLIENT LIST's laddr). */
  localIp: string;
  localPort: number;
  inbuf: string;
  db: number;
  lastInteractionMs: number;
  createdMs: number;
  /** Set once the client issued SYNC/PSYNC: it is then one of our replicas. */
  replica: ReplicaInfo | null;
  listeningPort: number;
  capaEof: boolean;
  capaPsync2: boolean;
  closing: boolean;
  /** CLIENT SETNAME's name, if any. */
  name?: string;
  /** The client's transaction and subscriptions (created at its first command). */
  cli?: ConsoleClient;
}

/** The master's bookkeeping of one replica (the CLIENT_SLAVE fields of client). */
export interface ReplicaInfo {
  state: SlaveState;
  psyncInitialOffset: number;
  /** repl_ack_off / repl_ack_time (ms) */
  ackOffset: number;
  ackTimeMs: number;
  /** Output buffer: stream bytes accepted for this replica but not yet written to its socket. */
  pending: string;
  /** Stream offset of pending's first byte (what pins the shared backlog). */
  pendingFromOffset: number;
  /** repl_start_cmd_stream_on_ack: diskless sync done, waiting for the first ACK. */
  streamOnAck: boolean;
  /** Token of the RDB write being drained (disk-based send_bulk), or -1. */
  bulkToken: number;
  /** Size of the RDB payload being sent in send_bulk. */
  bulkBytes: number;
  softLimitSinceMs: number;
  /**
   * ref_repl_buf_node: the id of the shared-buffer block holding the next byte to write to this
   * replica (null until it is first fed). It keeps that block from being trimmed.
   */
  refBlockId: number | null;
  /** CLIENT_CLOSE_ASAP: over its output buffer limit, freed in beforeSleep; fed nothing more. */
  closeAsap: boolean;
  /** REPLCONF ACK bytes received from this replica, for the UI. */
  lastAckMs: number;
}

/** A console client typed into by a person (or a scenario line). */
export interface ConsoleClient {
  id: number;
  db: number;
  multi: (readonly string[])[] | null;
  /** CLIENT_DIRTY_EXEC: a command was refused while queueing, EXEC answers EXECABORT. */
  multiError: boolean;
  /** The keys this client WATCHes (c->watched_keys); absent until its first WATCH. */
  watched?: WatchedKey[];
  /** CLIENT_DIRTY_CAS: a watched key was touched, EXEC answers a nil array. */
  dirtyCas?: boolean;
  /** SUBSCRIBEd channels and PSUBSCRIBEd patterns, in the order subscribed. */
  channels?: string[];
  patterns?: string[];
  /** master_repl_offset after this client's last write (c->woff), for WAIT. */
  woff: number;
  /** A WAIT blocked since sinceMs, until untilMs (0: no timeout). */
  blocked: { type: 'wait'; numReplicas: number; offset: number; sinceMs: number; untilMs: number } | null;
  /**
   * Commands that came while the client was blocked: Redis leaves them in the query buffer and
   * runs them once the client is unblocked (processUnblockedClients).
   */
  queued: (readonly string[])[];
}

/** One WATCHed key: its database, what it was when last looked at, and whether it had expired at WATCH. */
export interface WatchedKey {
  db: number;
  key: string;
  fp: string;
  expired: boolean;
}

/** Who is running a command: a console client, a network client, or our master's stream. */
export interface Caller {
  kind: 'console' | 'net' | 'master';
  key: string;
  db: number;
  console: ConsoleClient | null;
  /** Set by SELECT. */
  setDb(db: number): void;
}

/** One command a call() propagates (server.also_propagate). */
export interface PropOp {
  dbIndex: number;
  argv: readonly string[];
}

/** The replica's connection to its master once online (server.master). */
export interface MasterLink {
  connId: string;
  /** "host:port" of the master, for events. */
  peer: string;
  replId: string;
  reploff: number;
  readReploff: number;
  db: number;
  inbuf: string;
  lastInteractionMs: number;
  /** The master client's MULTI queue while a propagated transaction arrives. */
  multi: string[][] | null;
}

export interface CachedMaster {
  replId: string;
  reploff: number;
  db: number;
}

/** The replica's in-progress handshake and RDB transfer. */
export interface Handshake {
  connId: string;
  /** "host:port" of the master we connect to, for events. */
  peer: string;
  inbuf: string;
  lastIoMs: number;
  /** PSYNC that we sent: the replid/offset we asked for (for logs and the UI). */
  psyncReplId: string;
  psyncOffset: number;
  /** After +FULLRESYNC: the master's replid/offset to adopt once the RDB is loaded. */
  fullReplId: string;
  fullOffset: number;
  /** RDB transfer: -1 until the preamble is read; eofMark for diskless "$EOF:" transfers. */
  transferSize: number;
  eofMark: string;
  transferRead: number;
  rdb: string;
}

export interface RdbChild {
  target: 'disk' | 'socket';
  startMs: number;
  /** disk target: when the child finishes writing; socket: -1, finishes when all sockets drained. */
  doneAtMs: number;
  rdb: string;
  /** socket target: connections still being written, with their drain tokens. */
  socketConns: Record<string, number>;
  forReplication: boolean;
  /** A SAVE/BGSAVE by a user or the save points, vs a sync. */
  reason: 'replication' | 'bgsave' | 'savepoint';
  /** The child's pid (its own log lines carry it, with the role C). */
  pid?: number;
}

/** What survives a crash: the files Redis writes. */
export interface Disk {
  rdb: string | null;
  rdbSavedAtMs: number;
  /** Config file lines as CONFIG REWRITE writes them: name -> value (incl. "replicaof"). */
  configFile: Record<string, string>;
}

export interface Stats {
  totalConnectionsReceived: number;
  totalCommandsProcessed: number;
  syncFull: number;
  syncPartialOk: number;
  syncPartialErr: number;
  expiredKeys: number;
  totalNetInputBytes: number;
  totalNetOutputBytes: number;
  totalNetReplInputBytes: number;
  totalNetReplOutputBytes: number;
  rejectedCalls: number;
  /** Every fork: BGSAVE, SAVE points, replication (disk or diskless). */
  totalForks: number;
  /** Every RDB save to disk started: SAVE, BGSAVE (also for replication to disk); not diskless. */
  rdbSaves: number;
}

export interface NodeState {
  name: string;
  ip: string;
  port: number;
  pid: number;
  runId: string;
  incarnation: number;
  startedAtMs: number;
  nowMs: number;
  rng: PrngState;
  config: Config;
  backlogMode: BacklogMode;
  /** The Redis version this node plays: its protocol, INFO fields, config names and commands. */
  version: RedisVersion;
  ks: Keyspace;
  dirty: number;
  lastSaveMs: number;
  lastBgsaveOk: boolean;
  cronLoops: number;
  replCronLoops: number;
  stats: Stats;
  blockedUntilMs: number;
  /** server.active_expire_enabled: DEBUG SET-ACTIVE-EXPIRE 0 stops the background expiry in databasesCron. */
  activeExpireEnabled: boolean;
  // master side (every node has these: a replica keeps a backlog for its own replicas)
  replId: string;
  replId2: string;
  masterReplOffset: number;
  secondReplOffset: number;
  backlog: Backlog | null;
  slaveSelDb: number;
  noReplicasSinceMs: number;
  goodReplicas: number;
  rdbChild: RdbChild | null;
  getAckPending: boolean;
  /** How many console clients are blocked in WAIT (clients_waiting_acks is empty most of the time). */
  waitingClients: number;
  // replica side
  masterHost: string | null;
  masterPort: number;
  replState: ReplState;
  master: MasterLink | null;
  /**
   * The host names and addresses this machine resolves (node names as declared, the loopback
   * in lower case), set by the host running
   * the node; absent: every host resolves. A master host outside it fails inside connect().
   */
  knownHosts?: readonly string[];
  cachedMaster: CachedMaster | null;
  handshake: Handshake | null;
  replDownSinceMs: number;
  /** Up to 4.0 replicationCron makes the connection REPLICAOF asked for: why, for handshakeStarted. */
  connectWhy?: HandshakeWhy;
  // clients and connections
  netClients: Record<string, NetClient>;
  /** Order replicas attached (server.slaves list order), as connIds. */
  replicaOrder: string[];
  consoleClients: Record<string, ConsoleClient>;
  nextClientId: number;
  nextConnSeq: number;
  nextToken: number;
  disk: Disk;
  /**
   * slaveKeysWithExpire: keys a writable replica's own clients gave a TTL, with a bit per
   * database they were set in; the replica expires these itself (expireSlaveKeys).
   */
  slaveKeysWithExpire: Map<string, number>;
  /** Set when this node runs as a Sentinel (redis-sentinel): what it monitors. */
  sentinel?: SentinelState;
  /** Effects gathered during the current step. */
  out: NodeEffect[];
}

export const REDIS_VERSION = '7.0.15';

export const unixSec = (ms: number) => Math.floor(ms / 1000);

export function emit(s: NodeState, e: NodeEffect): void {
  s.out.push(e);
}

export function event(s: NodeState, ev: NodeEvent): void {
  s.out.push({ type: 'event', event: ev });
}

/** serverLog(): the line as this node's Redis version prints it, role M or S by whether we have a master. */
export function log(s: NodeState, level: LogLevel, text7: string, role?: 'M' | 'S' | 'C' | 'X', pid = s.pid): void {
  const text = versionLogText(s.version, text7, s.port);
  if (text === null) return;
  const r = role ?? (s.masterHost === null ? 'M' : 'S');
  s.out.push({ type: 'log', level, text, line: formatLogLineFor(s.version, pid, r, s.nowMs, level, text) });
}

export function send(s: NodeState, connId: string, data: string, kind: SendKind, meta: SendMeta, token?: number): void {
  if (data.length === 0 && token === undefined) return;
  s.stats.totalNetOutputBytes += data.length;
  if (kind === 'stream' || kind === 'rdb') s.stats.totalNetReplOutputBytes += data.length;
  s.out.push(token === undefined ? { type: 'send', connId, data, kind, meta } : { type: 'send', connId, data, kind, meta, token });
}

export function newToken(s: NodeState): number {
  return s.nextToken++;
}

/** replicationGetSlaveName(): "ip:listening-port". */
export function replicaName(c: NetClient): string {
  return c.listeningPort ? `${c.peerIp}:${c.listeningPort}` : `${c.peerIp}:<unknown-replica-port>`;
}

/** Our replicas in server.slaves order. */
export function replicas(s: NodeState): NetClient[] {
  const out: NetClient[] = [];
  for (const id of s.replicaOrder) {
    const c = s.netClients[id];
    if (c && c.replica) out.push(c);
  }
  return out;
}
