// What goes into a node and what comes out of it: the inputs the simulator delivers and the
// effects a node asks for. Plain data only, so it can cross a worker boundary and be hashed.

import type { Reply } from './resp.ts';

/** What kind of bytes a send carries, for the network's trace and the UI's frames. */
export type SendKind =
  | 'handshake' // PING / REPLCONF / PSYNC and their replies
  | 'stream' // replication stream bytes (they advance offsets)
  | 'rdb' // the RDB payload of a full sync, with its preamble / EOF mark
  | 'ack' // REPLCONF ACK from a replica
  | 'keepalive' // the "\n" a master sends replicas waiting for the RDB
  | 'reply' // any other reply to a network client
  | 'sentinel'; // a Sentinel's commands to the instances and other Sentinels, and their replies

export interface SendMeta {
  /** Stream bytes: the offset of the first byte and of the byte after the last one. */
  readonly fromOffset?: number;
  readonly toOffset?: number;
  /** Short human label: "SET a 1", "+FULLRESYNC", "RDB 175 B". */
  readonly label: string;
}

export type NodeInput =
  /** A command typed into this node's console (a local client, not a network connection). */
  | { readonly type: 'command'; readonly clientId: string; readonly argv: readonly string[] }
  /** That console's connection closed (redis-cli exited, e.g. on Ctrl+C): the client is freed. */
  | { readonly type: 'consoleClosed'; readonly clientId: string }
  /** Someone connected to our port. */
  | {
    readonly type: 'connAccepted'; readonly connId: string; readonly peerIp: string; readonly peerPort: number;
    /** The address the peer dialed, as this end's socket has it (CLIENT LIST's laddr); default the loopback and the node's port. */
    readonly localIp?: string; readonly localPort?: number;
  }
  /** Our outgoing connect() finished. */
  | { readonly type: 'connEstablished'; readonly connId: string }
  | { readonly type: 'connFailed'; readonly connId: string; readonly error: string }
  | { readonly type: 'connData'; readonly connId: string; readonly data: string }
  /** The peer closed (FIN) or the connection was reset. */
  | { readonly type: 'connClosed'; readonly connId: string; readonly reason: 'closed' | 'reset' }
  /** Everything written with this token has left this node (the socket took it). */
  | { readonly type: 'connDrained'; readonly connId: string; readonly token: number }
  | { readonly type: 'timer'; readonly name: TimerName };

export type TimerName = 'cron' | 'bgsaveDone' | `waitTimeout:${string}`;

export type LogLevel = '.' | '-' | '*' | '#';

export type NodeEffect =
  | { readonly type: 'send'; readonly connId: string; readonly data: string; readonly kind: SendKind; readonly meta: SendMeta; readonly token?: number }
  | { readonly type: 'connect'; readonly connId: string; readonly host: string; readonly port: number }
  | { readonly type: 'close'; readonly connId: string }
  | { readonly type: 'timer'; readonly name: TimerName; readonly atMs: number }
  | { readonly type: 'reply'; readonly clientId: string; readonly reply: Reply }
  | { readonly type: 'log'; readonly line: string; readonly level: LogLevel; readonly text: string }
  | { readonly type: 'event'; readonly event: NodeEvent }
  /** DEBUG SLEEP: the node handles nothing until then. */
  | { readonly type: 'block'; readonly untilMs: number }
  /** SHUTDOWN: the process exits. */
  | { readonly type: 'exit' };

/** Past-tense facts a node reports for the trace and the UI. */
export type NodeEvent =
  | { readonly type: 'replStateChanged'; readonly from: string; readonly to: string }
  | { readonly type: 'replicaStateChanged'; readonly replica: string; readonly to: string }
  | { readonly type: 'psyncAnswered'; readonly replica: string; readonly replId: string; readonly offset: number; readonly answer: 'continue' | 'fullresync'; readonly reason: string; readonly backlogFirstByte: number; readonly backlogHistlen: number }
  | { readonly type: 'backlogAppended'; readonly fromOffset: number; readonly toOffset: number }
  | { readonly type: 'commandPropagated'; readonly argv: readonly string[]; readonly fromOffset: number; readonly toOffset: number }
  /**
   * A replica ran a command from its master's stream. `reploff` is trace format 1's figure: the
   * offset before the transaction plus this command's length (inside MULTI…EXEC it is not the
   * replica's offset); `reploffAdvanced` says where slave_repl_offset actually moved.
   */
  | { readonly type: 'commandApplied'; readonly argv: readonly string[]; readonly reploff: number }
  /** Replica side: commandProcessed() moved slave_repl_offset (after a command, or after a whole MULTI…EXEC). */
  | { readonly type: 'reploffAdvanced'; readonly reploff: number }
  | { readonly type: 'rdbSaved'; readonly bytes: number; readonly target: 'disk' | 'socket' }
  | { readonly type: 'rdbLoaded'; readonly bytes: number; readonly keys: number }
  | { readonly type: 'ackReceived'; readonly replica: string; readonly offset: number }
  | { readonly type: 'replIdChanged'; readonly replId: string; readonly replId2: string; readonly secondReplOffset: number }
  // The events below explain what happened and why. They carry no log text: the screen reads them
  // instead of Redis's log lines (which stay in the trace, worded as Redis words them).
  /** Replica side: connectWithMaster() was called. `why`: REPLICAOF typed, a reconnect (after a lost link, a failed connect or an aborted handshake), or the config read at start. */
  | { readonly type: 'handshakeStarted'; readonly master: string; readonly why: HandshakeWhy }
  /**
   * Master side: masterTryPartialResynchronization()'s verdict (a plain SYNC: 'sync' on a 2.6 master,
   * which knows no other request, else 'full-requested'; both with replId '?' and offset -1). `replica` is "ip:port" as in Redis's logs.
   */
  | { readonly type: 'psyncDecision'; readonly replica: string; readonly replId: string; readonly offset: number; readonly verdict: PsyncVerdict; /** Redis's own words for it (the message it logs; null for a plain SYNC). */ readonly said: string | null; readonly backlogFirstByte: number; readonly backlogHistlen: number; readonly masterReplOffset: number }
  /** Master side: the RDB for a full sync starts to flow to this replica (disk: after BGSAVE; socket: diskless). `bytes`: the RDB payload, without its $len / EOF-mark framing. */
  | { readonly type: 'rdbTransferStarted'; readonly replica: string; readonly target: 'disk' | 'socket'; readonly bytes: number }
  /** Master side: the last RDB byte was written to this replica. */
  | { readonly type: 'rdbTransferEnded'; readonly replica: string; readonly target: 'disk' | 'socket'; readonly bytes: number }
  /** Replica side: the sync with the master finished (full: RDB loaded; partial: +CONTINUE handled). */
  | { readonly type: 'syncFinished'; readonly master: string; readonly mode: 'full' | 'partial'; readonly offset: number }
  /**
   * A replication link went down. `role` is what this node was on that link; `peer` is "ip:port" of a replica or "host:port" of the master.
   * Replica side, the link counts from the moment the TCP connection to the master is up (handshake and RDB transfer included).
   */
  | { readonly type: 'linkLost'; readonly role: 'master' | 'replica'; readonly peer: string; readonly cause: LinkLostCause }
  /** Master side: a replica was disconnected by client-output-buffer-limit. */
  | { readonly type: 'replicaDropped'; readonly replica: string; readonly limitClass: 'replica' | 'pubsub' | 'normal'; readonly limit: 'hard' | 'soft'; readonly usage: number; readonly hardBytes: number; readonly softBytes: number; readonly softSeconds: number }
  /** The node's role changed (REPLICAOF host port, REPLICAOF NO ONE, a restart with replicaof in its config), or a replica was told to follow another master. */
  | { readonly type: 'roleChanged'; readonly to: 'master' | 'replica'; readonly master: string | null }
  /** The replication backlog was created (createReplicationBacklog) or resized (repl-backlog-size). */
  | { readonly type: 'backlogCreated'; readonly size: number; readonly mode: 'shared' | 'ring' }
  | { readonly type: 'backlogResized'; readonly from: number; readonly to: number }
  /** The backlog allocated memory for new bytes (7.0: new blocks of the shared buffer; `allocated` is their usable size). At most once per feed; never in ring mode. */
  | { readonly type: 'backlogGrown'; readonly allocated: number; readonly histlen: number }
  /** The backlog let go of its oldest bytes: repl_backlog_first_byte_offset moved (7.0: whole blocks freed; ring: bytes overwritten; also after a resize). At most once per feed or trim. */
  | { readonly type: 'backlogTrimmed'; readonly firstByteOffset: number; readonly histlen: number; readonly freed: number }
  /** Sentinel: sentinelEvent() fired (+sdown, +odown, +switch-master...). `detail` is the message after the event's name, as logged. */
  | { readonly type: 'sentinelEvent'; readonly name: string; readonly instance: 'master' | 'slave' | 'sentinel'; readonly instanceName: string; readonly ip: string; readonly port: number; readonly master: string; readonly epoch: number; readonly detail: string }
  /** Sentinel: another Sentinel's reply to is-master-down-by-addr named who it voted for in that epoch. */
  | { readonly type: 'sentinelVote'; readonly voter: string; readonly leader: string; readonly epoch: number; readonly master: string }
  /** Sentinel: the replica chosen for promotion, with what it was chosen by. */
  | { readonly type: 'sentinelSelected'; readonly master: string; readonly replica: string; readonly offset: number; readonly priority: number; readonly epoch: number; /** Every eligible replica, best first, as the Sentinel knew them. */ readonly candidates: readonly { readonly replica: string; readonly offset: number; readonly priority: number; readonly runId: string }[] };

export type HandshakeWhy = 'replicaof' | 'reconnect' | 'config';
/** 'accepted' is +CONTINUE; the others are why Redis answered +FULLRESYNC. */
export type PsyncVerdict =
  | 'accepted'
  | 'sync' // 2.6: SYNC, the only request there is: always a full sync
  | 'full-requested' // PSYNC ? -1 (or SYNC): the replica asked for a full sync
  | 'runid-mismatch' // 2.8: the replica asked for another run_id (another master, or this one before a restart)
  | 'replid-mismatch' // neither master_replid nor master_replid2
  | 'second-id-offset' // replid2 matched but the offset is past second_repl_offset
  | 'no-backlog' // the master has no backlog
  | 'offset-out-of-range'; // the offset is outside [repl_backlog_first_byte_offset, master_repl_offset + 1]
/**
 * Why a replication link went down, as this node saw it: its own repl-timeout, a reset or a FIN from
 * the peer (a crash shows as a FIN from the peer's kernel), its own REPLICAOF/SHUTDOWN, an output
 * buffer limit, a protocol error in what the peer sent (or a reply that ends the handshake),
 * CLIENT KILL typed on this node, or this node's own history changing under its sub-replicas (a
 * full sync loaded, or +CONTINUE with a new replication ID): they are disconnected to resync.
 */
export type LinkLostCause =
  | 'timeout' | 'reset' | 'closed' | 'replicaof' | 'shutdown' | 'output-buffer-limit' | 'protocol-error'
  | 'client-kill' | 'history-changed';
