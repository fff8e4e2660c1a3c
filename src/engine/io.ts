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
  | 'reply'; // any other reply to a network client

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
  /** Someone connected to our port. */
  | { readonly type: 'connAccepted'; readonly connId: string; readonly peerIp: string; readonly peerPort: number }
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
  | { readonly type: 'commandApplied'; readonly argv: readonly string[]; readonly reploff: number }
  | { readonly type: 'rdbSaved'; readonly bytes: number; readonly target: 'disk' | 'socket' }
  | { readonly type: 'rdbLoaded'; readonly bytes: number; readonly keys: number }
  | { readonly type: 'ackReceived'; readonly replica: string; readonly offset: number }
  | { readonly type: 'replIdChanged'; readonly replId: string; readonly replId2: string; readonly secondReplOffset: number };
