// The simulator's data as others see it: its options, a node's record, a reply, a checkpoint.

import type { BacklogMode } from '../engine/backlog.ts';
import type { RedisVersion } from '../engine/version.ts';
import { emptyDisk } from '../engine/node.ts';
import type { Reply } from '../engine/resp.ts';
import type { Disk, NodeState } from '../engine/state.ts';
import type { HostPool } from './pool.ts';
import type { LinkParams, NodeView } from './protocol.ts';
import type { FrameRecord, PlainConn } from './tcp.ts';
import type { TraceEntry } from './trace.ts';

export type NodeKind = 'redis' | 'sentinel';

/** A node as the scheduler knows it: alive or not, its incarnation, its disk, what its host last reported. */
export class SimNode {
  alive = false;
  incarnation = -1;
  disk: Disk = emptyDisk();
  private view: NodeView | null = null;
  /** Reads the view from a host in this thread, the first time someone asks for it. */
  private viewSource: (() => NodeView) | null = null;
  /** The last view a (possibly remote) host reported. */
  get lastView(): NodeView | null {
    if (this.viewSource) {
      this.view = this.viewSource();
      this.viewSource = null;
    }
    return this.view;
  }
  set lastView(v: NodeView | null) {
    this.view = v;
    this.viewSource = null;
  }
  /** The view after a batch, read when needed from a host whose state stays as it is until its next batch. */
  viewFrom(source: () => NodeView): void {
    this.view = null;
    this.viewSource = source;
  }
  /** Taken out of the cluster (`remove`): it stays down and is no longer shown. */
  removed = false;
  /** Startup parameters, as on redis-server's command line: applied at every (re)start. */
  config: Readonly<Record<string, string>> = {};
  /** A Sentinel (redis-sentinel, named port 26379) or a Redis server (named port 6379). */
  kind: NodeKind = 'redis';
  /** Its address on the scenario's network (172.18.0.2 for the first node declared...). */
  ip = '';
  constructor(readonly name: string, readonly port: number, private readonly pool: HostPool) {}
  /** The port it answers on at its name. */
  get namedPort(): number {
    return this.kind === 'sentinel' ? 26379 : 6379;
  }
  /** The engine state (when the node's host runs in this thread). */
  get state(): NodeState | null {
    return this.pool.engineState(this.name);
  }
}

export interface ReplyEvent {
  node: string;
  clientId: string;
  reply: Reply | null;
  /** Milliseconds since the run began. */
  timeMs: number;
  /** Set when the node exited (SHUTDOWN) or could not be reached. */
  note?: 'exited' | 'refused';
}

export interface SimOptions {
  seed: number;
  /** The Redis version every node runs (default 7.0). */
  version?: RedisVersion;
  /** The backlog's shape; by default the version's own (the ring up to 6.2, blocks in 7.0). */
  backlogMode?: BacklogMode;
  /** Keep every trace entry in memory (for --trace and the UI); the hash is always computed. */
  keepTrace?: boolean;
  onReply?: (r: ReplyEvent) => void;
  onTrace?: (e: TraceEntry) => void;
  onFrame?: (f: FrameRecord) => void;
  /** A window is about to run, starting at this moment (ms since the run began). */
  onWindow?: (startMs: number) => void;
  /** Where the nodes' hosts run (default: every host in this thread). */
  pool?: HostPool;
}

export interface SimSnapshot {
  nowMs: number;
  seq: number;
  eventsProcessed: number;
  windows: number;
  queue: unknown[];
  conns: PlainConn[];
  links: [string, LinkParams][];
  linkUpdates: [string, Record<string, LinkParams>][];
  hasher: [number, number, number];
  traceLength: number;
  nodes: { name: string; port: number; kind?: NodeKind; ip?: string; alive: boolean; incarnation: number; disk: Disk; lastView: NodeView | null; removed: boolean; config: Readonly<Record<string, string>>; host: unknown }[];
}
