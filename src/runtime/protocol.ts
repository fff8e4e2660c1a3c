// The wire types between the scheduler and a node's host (inline or in a Web Worker). Plain,
// structured-clone-able data only; string-literal unions, no classes, a version number.

import type { BacklogMode } from '../engine/backlog.ts';
import type { RedisVersion } from '../engine/version.ts';
import type { NodeInput, SendKind, SendMeta } from '../engine/io.ts';
import type { Reply } from '../engine/resp.ts';
import type { Disk } from '../engine/state.ts';
import type { Budget } from '../engine/budget.ts';
import type { TraceEntry } from './trace.ts';

export const PROTOCOL_VERSION = 4;

/**
 * Simulated start: 2026-01-01T00:00:00Z, a realistic Unix time so absolute expiries have real
 * lengths. Times on the wire are absolute; trace entries and frames count from here.
 */
export const SIM_EPOCH_MS = 1767225600000;

export interface LinkParams {
  latencyMs: number;
  jitterMs: number;
  /** Bytes per millisecond (1 Gbit/s = 125000). */
  bytesPerMs: number;
  cut: boolean;
}

/** A link nobody has set: 1 ms, no jitter, 1 Gbit/s, up. */
export const DEFAULT_LINK: Readonly<LinkParams> = { latencyMs: 1, jitterMs: 0, bytesPerMs: 125_000, cut: false };

export interface HostInit {
  readonly name: string;
  readonly port: number;
  readonly seed: number;
  readonly nowMs: number;
  readonly incarnation: number;
  readonly disk: Disk;
  /** Startup parameters (redis-server's command line); they override the config file. */
  readonly config?: Readonly<Record<string, string>>;
  readonly backlogMode: BacklogMode;
  readonly version: RedisVersion;
  /** Link parameters towards each other node (missing: the default link). */
  readonly links: Readonly<Record<string, LinkParams>>;
  readonly defaultLink: LinkParams;
  /** Set for a Sentinel: it runs as redis-sentinel, with this address on the scenario's network. */
  readonly sentinel?: { readonly networkIp: string };
}

/** An input for a node at a simulated time; `peer` names the other end of a new connection. */
export interface TimedInput {
  readonly timeMs: number;
  readonly input: NodeInput;
  readonly peer?: string;
}

/** What a host produced while running a batch, in order. */
export type HostOutput =
  | { readonly type: 'trace'; readonly entry: TraceEntry }
  /** Bytes (or a FIN) for another node, arriving at timeMs, with the direction's TCP sequence number. */
  | {
      readonly type: 'segment'; readonly timeMs: number; readonly conn: string; readonly to: string; readonly tcpSeq: number;
      readonly input: NodeInput; readonly sentAtMs: number; readonly kind: SendKind | 'fin'; readonly meta: SendMeta; readonly bytes: number;
      /** On the last segment of a send: its first bytes (binary string; up to 16 KB of stream, 256 B of anything else), for the UI. */
      readonly preview?: string;
    }
  /** An input for this node itself at or after the window's end (timers, drains, deferred inputs). */
  | { readonly type: 'self'; readonly timeMs: number; readonly input: NodeInput }
  | { readonly type: 'connect'; readonly timeMs: number; readonly conn: string; readonly host: string; readonly port: number }
  | { readonly type: 'reply'; readonly timeMs: number; readonly clientId: string; readonly reply: Reply }
  | { readonly type: 'exit'; readonly timeMs: number };

/**
 * A window's batch or its results, packed by wire.ts. A packed list: numbers (tags, fields, lengths, indexes into `s`), strings (each sent once, except
 * bytes known to be new), and the objects sent as they are.
 */
export interface Packed {
  readonly n: Float64Array;
  readonly s: readonly string[];
  readonly o: readonly unknown[];
}

/** Scheduler -> host messages. */
export type ToHost =
  | { readonly type: 'init'; readonly v: number; readonly init: HostInit }
  | { readonly type: 'restore'; readonly v: number; readonly snapshot: HostSnapshot }
  /** A window's inputs, packed (wire.ts: unpackInputs gives the TimedInput[] back). */
  | {
      readonly type: 'batch'; readonly id: number; readonly inputs: Packed; readonly endMs: number; readonly links?: Readonly<Record<string, LinkParams>>; readonly wantSnapshot?: boolean;
      /** The buffer of the host's last packed results, read: sent back to pack the next ones in (wire.ts recycle). */
      readonly spare?: ArrayBuffer;
    }
  | { readonly type: 'snapshot'; readonly id: number };

/** Host -> scheduler messages. */
export type FromHost =
  | { readonly type: 'ready'; readonly v: number; readonly outputs: readonly HostOutput[]; readonly view: NodeView }
  /** The batch's outputs, packed (wire.ts: unpackOutputs gives the HostOutput[] back), and what changed in the node's view. */
  | {
      readonly type: 'batchDone'; readonly id: number; readonly outputs: Packed; readonly processed: number; readonly view: ViewDelta; readonly disk?: Disk; readonly snapshot?: HostSnapshot;
      /** The buffer of the batch's packed inputs, read: sent back to pack the next batches in. */
      readonly spare?: ArrayBuffer;
    }
  | { readonly type: 'snapshot'; readonly id: number; readonly snapshot: HostSnapshot }
  /** A bug in the engine or the host: reported as a value, never a blank page. */
  | { readonly type: 'failed'; readonly id: number; readonly message: string; readonly stack: string; readonly budget?: Budget };

/**
 * A node's view after a batch, as its host sends it: null when nothing in it changed since the
 * view it sent last, the fields that changed (each whole), or the whole view (its first batch, or
 * when a field came or went).
 */
export type ViewDelta = null | { readonly full: NodeView } | { readonly changed: Partial<NodeView> };

/** A host's whole state, for checkpoints and for moving a node between hosts. */
export interface HostSnapshot {
  readonly init: HostInit;
  readonly state: unknown;
  readonly conns: unknown;
  readonly local: unknown;
  readonly blockedUntilMs: number;
  readonly localSeq: number;
  readonly links: Readonly<Record<string, LinkParams>>;
  /** Replies computed while asleep (DEBUG SLEEP), written when the node wakes. */
  readonly held?: unknown;
}

/**
 * The replication backlog as the panels draw it. Ring (2.8–6.2): `idx` is repl_backlog_idx, where
 * the next byte is written. Shared buffer (7.0): the blocks, oldest first, and how many blocks
 * were trimmed so far (`trimmed`: the first block's id, as ids count from 0).
 */
export interface BacklogView {
  readonly sizeBytes: number;
  readonly firstByteOffset: number;
  readonly histlen: number;
  readonly mode: BacklogMode;
  readonly idx: number;
  readonly blocks: readonly { readonly id: number; readonly startOffset: number; readonly size: number; readonly used: number }[];
  readonly trimmed: number;
}

/** A compact, plain view of a node for the UI (what INFO replication and the panels need). */
export interface NodeView {
  readonly name: string;
  readonly port: number;
  /** The Redis version this node plays. */
  readonly version: RedisVersion;
  /** INFO server's run_id (up to 2.8 also the name of the replication history). */
  readonly runId: string;
  readonly role: 'master' | 'replica';
  readonly masterHost: string | null;
  readonly masterPort: number;
  readonly replState: string;
  readonly linkUp: boolean;
  readonly replId: string;
  readonly replId2: string;
  readonly masterReplOffset: number;
  readonly secondReplOffset: number;
  readonly slaveReplOffset: number | null;
  readonly backlog: BacklogView | null;
  readonly replicas: readonly {
    readonly name: string;
    readonly state: string;
    readonly ackOffset: number;
    readonly lagS: number;
    /** Stream bytes queued for it and not yet written to its socket. */
    readonly pendingBytes: number;
    /**
     * Its output buffer as the master counts it against client-output-buffer-limit (CLIENT LIST's
     * omem): in 7.0 the shared replication-buffer blocks it still references, from the start of
     * the first to the end of the last block's allocation (pendingBytes are within it); with the
     * 2.8-6.2 ring, pendingBytes.
     */
    readonly bufferBytes: number;
    /** How many shared-buffer blocks it references (CLIENT LIST's oll); 0 with the ring. */
    readonly bufferBlocks: number;
    /** 7.0: the shared-buffer block this replica still references (null: none). */
    readonly refBlockId: number | null;
  }[];
  readonly keys: number;
  readonly syncFull: number;
  readonly syncPartialOk: number;
  readonly syncPartialErr: number;
  readonly rdbChild: 'disk' | 'socket' | null;
  /** INFO replication exactly as the node would print it now. */
  readonly infoReplication: string;
  /** client-output-buffer-limit for replicas. */
  readonly replicaBufferLimits: { readonly hardBytes: number; readonly softBytes: number; readonly softSeconds: number };
  /** The hard limit the master applies: one below repl-backlog-size counts as repl-backlog-size. */
  readonly replicaHardLimitBytes: number;
  /** The node's simulated clock (ms, Unix). */
  readonly nowMs: number;
  /** The timers running on this node now, each named as Redis names it (see TimerView). */
  readonly timers: readonly TimerView[];
  /** Set for a Sentinel: what it knows of each master it monitors (sentinel.c's state). */
  readonly sentinel?: SentinelView;
}

/** A Sentinel's view of the masters it monitors, for the screen. */
export interface SentinelView {
  /** Its Sentinel ID (what votes name). */
  readonly myid: string;
  readonly currentEpoch: number;
  readonly masters: readonly SentinelMasterView[];
}

export interface SentinelMasterView {
  readonly name: string;
  readonly ip: string;
  readonly port: number;
  readonly quorum: number;
  readonly sDown: boolean;
  readonly oDown: boolean;
  readonly configEpoch: number;
  /** SENTINEL MASTER's failover-state: 'none' when no failover runs here. */
  readonly failoverState: string;
  readonly failoverEpoch: number;
  /** This Sentinel's own vote (master->leader, leader_epoch): a Sentinel ID, or null. */
  readonly leader: string | null;
  readonly leaderEpoch: number;
  /** The replica being promoted ("ip:port"), during a failover. */
  readonly promotedSlave: string | null;
  readonly slaves: readonly { readonly name: string; readonly sDown: boolean }[];
  /** The other Sentinels it knows, with the vote each reported (is-master-down-by-addr's reply). */
  readonly sentinels: readonly { readonly runId: string; readonly ip: string; readonly port: number; readonly sDown: boolean; readonly leader: string | null; readonly leaderEpoch: number }[];
}

/**
 * A timer a node is waiting on, for the screen: what ends a silence. `name` is Redis's config name
 * (or its mechanism's name): repl-diskless-sync-delay (the master waits before a diskless RDB),
 * repl-timeout (a silent link is dropped at its end; on both ends), repl-ping-replica-period (the
 * master's PING to replicas), replica-ack (the replica's REPLCONF ACK every second),
 * connect-retry (the replica's next connect attempt), debug-sleep (DEBUG SLEEP), wait-timeout (a
 * WAIT's timeout); on a Sentinel, down-after-milliseconds (a silent master is flagged +sdown at its
 * end) and failover-timeout (a failover step gives up at its end). The ones replicationCron() checks end at its first tick (once a second) at or
 * after their deadline: when Redis acts, as src/engine/timers.ts computes them.
 */
export interface TimerView {
  readonly name: 'repl-diskless-sync-delay' | 'repl-timeout' | 'repl-ping-replica-period' | 'replica-ack' | 'connect-retry' | 'debug-sleep' | 'wait-timeout'
    | 'down-after-milliseconds' | 'failover-timeout';
  /** The other end, when the timer concerns a link (a replica's name or "ip:port", a master's "host:port"). */
  readonly peer?: string;
  /** When it started and when it fires: ms since the run began. */
  readonly startMs: number;
  readonly endMs: number;
}
