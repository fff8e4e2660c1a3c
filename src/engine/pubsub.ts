// Pub/Sub as Redis 7.0's pubsub.c has it for RESP2 clients: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE,
// PUNSUBSCRIBE and PUBLISH. A console client's subscriptions live on the client; PUBLISH counts
// the receivers (channel subscribers, then every matching pattern of every client) and is
// propagated to the replicas as PUBLISH (forceCommandPropagation), so a replica's subscribers
// get the master's messages. Each confirmation and each message is one reply to that console.

import type { CommandFlag } from './commands/types.ts';
import { stringMatch } from './commands/util.ts';
import { encodeReply, R, type Reply } from './resp.ts';
import type { ServerCommand } from './server-commands.ts';
import { emit, send, type Caller, type ConsoleClient, type NodeState } from './state.ts';
import type { SendKind } from './io.ts';

/** How bytes to a network client are shown: a Sentinel's connections apart. */
function netReplyKind(s: NodeState, connId: string): SendKind {
  return s.sentinel || s.netClients[connId]?.name?.startsWith('sentinel-') ? 'sentinel' : 'reply';
}

const cmds: ServerCommand[] = [];
const def = (name: string, arity: number, flags: CommandFlag[], run: ServerCommand['run']) => cmds.push({ name, arity, flags, run });

/** clientSubscriptionsCount(): channels plus patterns. */
export function subscriptionCount(cl: ConsoleClient): number {
  return (cl.channels?.length ?? 0) + (cl.patterns?.length ?? 0);
}

/** CLIENT_PUBSUB: the client has at least one subscription and may only run the pubsub commands. */
export function inPubsubContext(cl: ConsoleClient | null): boolean {
  return cl !== null && subscriptionCount(cl) > 0;
}

const confirm = (kind: string, name: string | null, count: number): Reply => R.array([R.bulk(kind), R.bulk(name), R.int(count)]);

/** Sends all the replies but the last (through emit, in order) and returns the last one. */
function replies(s: NodeState, c: Caller, out: Reply[]): Reply {
  for (let i = 0; i < out.length - 1; i++) {
    if (c.kind === 'net') send(s, c.key, encodeReply(out[i]), netReplyKind(s, c.key), { label: 'subscribe' });
    else emit(s, { type: 'reply', clientId: c.key, reply: out[i] });
  }
  return out[out.length - 1];
}

function subscribe(s: NodeState, c: Caller, names: readonly string[], field: 'channels' | 'patterns', kind: string): Reply {
  const cl = c.console;
  if (!cl) return R.err(`ERR ${kind.toUpperCase()} isn't allowed for a DENY BLOCKING client`);
  const list = (cl[field] ??= []);
  const out: Reply[] = [];
  for (const n of names) {
    if (!list.includes(n)) list.push(n);
    out.push(confirm(kind, n, subscriptionCount(cl)));
  }
  return replies(s, c, out);
}

function unsubscribe(s: NodeState, c: Caller, names: readonly string[], field: 'channels' | 'patterns', kind: string): Reply {
  const cl = c.console;
  if (!cl) return confirm(kind, null, 0);
  const list = (cl[field] ??= []);
  const out: Reply[] = [];
  for (const n of names.length > 0 ? names : [...list]) {
    const i = list.indexOf(n);
    if (i >= 0) list.splice(i, 1);
    out.push(confirm(kind, n, subscriptionCount(cl)));
  }
  if (out.length === 0) out.push(confirm(kind, null, subscriptionCount(cl)));
  return replies(s, c, out);
}

def('subscribe', -2, ['noscript', 'loading', 'stale'], (s, c, argv) => subscribe(s, c, argv.slice(1), 'channels', 'subscribe'));
def('unsubscribe', -1, ['noscript', 'loading', 'stale'], (s, c, argv) => unsubscribe(s, c, argv.slice(1), 'channels', 'unsubscribe'));
def('psubscribe', -2, ['noscript', 'loading', 'stale'], (s, c, argv) => subscribe(s, c, argv.slice(1), 'patterns', 'psubscribe'));
def('punsubscribe', -1, ['noscript', 'loading', 'stale'], (s, c, argv) => unsubscribe(s, c, argv.slice(1), 'patterns', 'punsubscribe'));

/** pubsubPublishMessage(): deliver to the channel's subscribers, then to every matching pattern. */
export function publishMessage(s: NodeState, channel: string, message: string): number {
  let receivers = 0;
  const clients = Object.entries(s.consoleClients);
  for (const [key, cl] of clients) {
    if (!cl.channels?.includes(channel)) continue;
    emit(s, { type: 'reply', clientId: key, reply: R.array([R.bulk('message'), R.bulk(channel), R.bulk(message)]) });
    receivers++;
  }
  // Network clients subscribed to the channel (a Sentinel's Pub/Sub link).
  for (const nc of Object.values(s.netClients)) {
    if (!nc.cli?.channels?.includes(channel) || nc.closing) continue;
    send(s, nc.connId, encodeReply(R.array([R.bulk('message'), R.bulk(channel), R.bulk(message)])), netReplyKind(s, nc.connId), { label: `message ${channel}` });
    receivers++;
  }
  // The patterns in the order they were first subscribed, each with the clients that hold it.
  const patterns: string[] = [];
  for (const [, cl] of clients) for (const p of cl.patterns ?? []) if (!patterns.includes(p)) patterns.push(p);
  for (const p of patterns) {
    if (!stringMatch(p, channel)) continue;
    for (const [key, cl] of clients) {
      if (!cl.patterns?.includes(p)) continue;
      emit(s, { type: 'reply', clientId: key, reply: R.array([R.bulk('pmessage'), R.bulk(p), R.bulk(channel), R.bulk(message)]) });
      receivers++;
    }
  }
  return receivers;
}

def('publish', 3, ['loading', 'stale', 'fast', 'may-replicate'], (s, c, argv, ops) => {
  const receivers = publishMessage(s, argv[1], argv[2]);
  ops.push({ dbIndex: c.db, argv: [...argv] });
  return R.int(receivers);
});

export const pubsubCommands: ReadonlyMap<string, ServerCommand> = new Map(cmds.map((c) => [c.name, c]));
