// What a Redis 7.0 Sentinel knows, as sentinel.c keeps it: the masters it monitors, their replicas
// and the other Sentinels, each a sentinelRedisInstance with its link (a command connection, and a
// Pub/Sub connection to masters and replicas), its SRI_* flags and its timestamps. Plain data, so a
// checkpoint is a structuredClone like the rest of the node.

/** sentinel.c's periods and defaults (ms). */
export const SENTINEL_INFO_PERIOD = 10_000;
export const SENTINEL_PING_PERIOD = 1000;
export const SENTINEL_ASK_PERIOD = 1000;
export const SENTINEL_PUBLISH_PERIOD = 2000;
export const SENTINEL_DEFAULT_DOWN_AFTER = 30_000;
export const SENTINEL_HELLO_CHANNEL = '__sentinel__:hello';
export const SENTINEL_MAX_PENDING_COMMANDS = 100;
export const SENTINEL_MAX_DESYNC = 1000;
export const SENTINEL_DEFAULT_PARALLEL_SYNCS = 1;
export const SENTINEL_MIN_LINK_RECONNECT_PERIOD = 15_000;
export const SENTINEL_DEFAULT_FAILOVER_TIMEOUT = 60 * 3 * 1000;
export const SENTINEL_ELECTION_TIMEOUT = 10_000;
export const SENTINEL_SLAVE_RECONF_TIMEOUT = 10_000;
/** The port a Sentinel listens on by default. */
export const SENTINEL_PORT = 26379;

/** SENTINEL_FAILOVER_STATE_*, named as SENTINEL MASTER's failover-state shows them. */
export type FailoverState = 'none' | 'wait_start' | 'select_slave' | 'send_slaveof_noone' | 'wait_promotion' | 'reconf_slaves' | 'update_config';

export const FAILOVER_ORDER: readonly FailoverState[] = ['none', 'wait_start', 'select_slave', 'send_slaveof_noone', 'wait_promotion', 'reconf_slaves', 'update_config'];

/** A reply the link waits for, in the order the commands were written (hiredis's callbacks). */
export type PendingReply = 'ping' | 'info' | 'publish' | 'is-master-down' | 'discard';

/** instanceLink: the connections to one instance and their timestamps. */
export interface SentinelLink {
  /** The command connection's id, or null. */
  cc: string | null;
  /** The Pub/Sub connection (masters and replicas only). */
  pc: string | null;
  /** Connected yet (commands written before are held, as hiredis holds them). */
  ccUp: boolean;
  pcUp: boolean;
  ccHeld: string[][];
  pcHeld: string[][];
  ccIn: string;
  pcIn: string;
  ccPending: PendingReply[];
  /** The local address of the command connection (what the hello announces). */
  ccLocalIp: string;
  disconnected: boolean;
  pendingCommands: number;
  ccConnTime: number;
  pcConnTime: number;
  pcLastActivity: number;
  /** Time of the oldest PING not answered yet, 0 when all were answered. */
  actPingTime: number;
  lastPingTime: number;
  lastPongTime: number;
  lastAvailTime: number;
  lastReconnTime: number;
}

export type InstanceKind = 'master' | 'slave' | 'sentinel';

/** sentinelRedisInstance: a master, one of its replicas, or another Sentinel watching it. */
export interface SentinelInstance {
  kind: InstanceKind;
  /** A master's name; "ip:port" for a replica; the run id for a Sentinel. */
  name: string;
  ip: string;
  port: number;
  runId: string | null;
  link: SentinelLink;
  // SRI_* flags
  sDown: boolean;
  oDown: boolean;
  masterDown: boolean;
  failoverInProgress: boolean;
  promoted: boolean;
  reconfSent: boolean;
  reconfInprog: boolean;
  reconfDone: boolean;
  forceFailover: boolean;
  sDownSince: number;
  oDownSince: number;
  downAfterMs: number;
  infoRefresh: number;
  roleReported: 'master' | 'slave';
  roleReportedTime: number;
  lastPubTime: number;
  lastHelloTime: number;
  lastMasterDownReplyTime: number;
  /** A Sentinel's vote as it reported it (is-master-down-by-addr), or a master's own vote. */
  leader: string | null;
  leaderEpoch: number;
  // replica fields, from INFO
  masterLinkDownTime: number;
  slaveMasterHost: string | null;
  slaveMasterPort: number;
  slaveMasterLinkUp: boolean;
  slavePriority: number;
  slaveReplOffset: number;
  replicaAnnounced: number;
  slaveConfChangeTime: number;
  slaveReconfSentTime: number;
}

export interface SentinelMaster extends SentinelInstance {
  kind: 'master';
  quorum: number;
  parallelSyncs: number;
  failoverTimeout: number;
  configEpoch: number;
  failoverEpoch: number;
  failoverState: FailoverState;
  failoverStateChangeTime: number;
  failoverStartTime: number;
  failoverDelayLogged: number;
  /** The promoted replica's name ("ip:port"). */
  promotedSlave: string | null;
  slaves: SentinelInstance[];
  sentinels: SentinelInstance[];
}

/** Which instance a connection belongs to. */
export interface SentinelConn {
  master: string;
  kind: InstanceKind;
  instance: string;
  which: 'cc' | 'pc';
}

export interface SentinelState {
  myid: string;
  currentEpoch: number;
  masters: SentinelMaster[];
  /** The address this Sentinel has on the scenario's network (its hello names it when it connected by network). */
  networkIp: string;
  hz: number;
  conns: Record<string, SentinelConn>;
}
