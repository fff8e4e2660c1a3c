// Test harness (tests only): real nodes driven through nodeCreate/nodeStep, with the timers and
// drains their effects ask for, a scripted replica that speaks the protocol as redis-server 7.0
// does, and a zero-latency link between two nodes. Everything a test reads comes out of effects:
// replies, the bytes on each connection, INFO.

import type { NodeEffect, NodeInput, TimerName } from './io.ts';
import { nodeCreate, nodeStep, type NodeOptions } from './node.ts';
import { encodeReply, type Reply } from './resp.ts';
import type { NodeState } from './state.ts';

/** A realistic Unix time in ms (absolute expiry times have their real length). */
export const T0 = 1_800_000_000_000;

type SendEffect = Extract<NodeEffect, { type: 'send' }>;

/** The RESP multibulk Redis writes for a command (written here, not taken from the engine). */
export function resp(argv: readonly string[]): string {
  return `*${argv.length}\r\n` + argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('');
}

/**
 * Splits bytes into the commands they carry, strictly: every byte must belong to a canonical
 * multibulk (the check is that re-encoding the commands gives the bytes back).
 */
export function parseStream(bytes: string): string[][] {
  const out: string[][] = [];
  let pos = 0;
  const line = (): string => {
    const end = bytes.indexOf('\r\n', pos);
    if (end < 0) throw new Error(`truncated stream at ${pos}: ${JSON.stringify(bytes.slice(pos, pos + 40))}`);
    const l = bytes.slice(pos, end);
    pos = end + 2;
    return l;
  };
  while (pos < bytes.length) {
    const head = line();
    if (!/^\*\d+$/.test(head)) throw new Error(`not a multibulk at ${pos}: ${JSON.stringify(head)}`);
    const argv: string[] = [];
    for (let n = Number(head.slice(1)); n > 0; n--) {
      const len = line();
      if (!/^\$\d+$/.test(len)) throw new Error(`not a bulk length: ${JSON.stringify(len)}`);
      const size = Number(len.slice(1));
      argv.push(bytes.slice(pos, pos + size));
      pos += size;
      if (bytes.slice(pos, pos + 2) !== '\r\n') throw new Error(`bulk not terminated at ${pos}`);
      pos += 2;
    }
    out.push(argv);
  }
  if (out.map(resp).join('') !== bytes) throw new Error('stream bytes are not canonical RESP');
  return out;
}

/** One node: its state, its clock, the timers it asked for, and everything it emitted. */
export class TestNode {
  readonly state: NodeState;
  now: number;
  /** Timers asked for and not yet fired, in the order asked. */
  timers: { name: TimerName; atMs: number }[] = [];
  /** Every effect so far, in order. */
  readonly effects: NodeEffect[] = [];
  /** Effects not yet taken by a link or a scripted peer. */
  outbox: NodeEffect[] = [];

  constructor(opts: Partial<NodeOptions> & { nowMs: number }) {
    const { state, effects } = nodeCreate({ name: 'm', port: 6379, seed: 1, incarnation: 0, disk: null, ...opts });
    this.state = state;
    this.now = opts.nowMs;
    this.record(effects);
  }

  private record(effects: NodeEffect[]): NodeEffect[] {
    for (const e of effects) if (e.type === 'timer') this.timers.push({ name: e.name, atMs: e.atMs });
    this.effects.push(...effects);
    this.outbox.push(...effects);
    return effects;
  }

  step(input: NodeInput): NodeEffect[] {
    return this.record(nodeStep(this.state, input, this.now));
  }

  /** Runs a console command and returns its reply (exactly one must come back). */
  command(argv: readonly string[], clientId = 'cli'): Reply {
    const replies = this.step({ type: 'command', clientId, argv }).filter((e) => e.type === 'reply' && e.clientId === clientId);
    if (replies.length !== 1) throw new Error(`${argv.join(' ')}: ${replies.length} replies`);
    return (replies[0] as Extract<NodeEffect, { type: 'reply' }>).reply;
  }

  /** The RESP2 bytes of a console command's reply. */
  wire(...argv: string[]): string {
    return encodeReply(this.command(argv));
  }

  /** INFO <section> as a field map, read the way a user reads it. */
  info(section: string): Record<string, string> {
    const r = this.command(['INFO', section], 'info-reader');
    if (r.type !== 'bulk' || r.v === null) throw new Error('INFO did not answer a bulk string');
    const out: Record<string, string> = {};
    for (const l of r.v.split('\r\n')) {
      const i = l.indexOf(':');
      if (i > 0 && !l.startsWith('#')) out[l.slice(0, i)] = l.slice(i + 1);
    }
    return out;
  }

  /** The earliest pending timer due at or before untilMs, removed from the list. */
  takeDueTimer(untilMs: number): { name: TimerName; atMs: number } | null {
    let best = -1;
    for (let i = 0; i < this.timers.length; i++) {
      if (this.timers[i].atMs <= untilMs && (best < 0 || this.timers[i].atMs < this.timers[best].atMs)) best = i;
    }
    if (best < 0) return null;
    return this.timers.splice(best, 1)[0];
  }

  /** Fires the timers due up to untilMs in time order, then sets the clock to untilMs. */
  advance(untilMs: number): void {
    for (let t = this.takeDueTimer(untilMs); t; t = this.takeDueTimer(untilMs)) {
      this.now = Math.max(this.now, t.atMs);
      this.step({ type: 'timer', name: t.name });
    }
    this.now = Math.max(this.now, untilMs);
  }

  /** Takes the effects not yet taken. */
  drainOutbox(): NodeEffect[] {
    const o = this.outbox;
    this.outbox = [];
    return o;
  }

  /** The log lines so far (Redis's format). */
  logText(): string[] {
    return this.effects.flatMap((e) => (e.type === 'log' ? [e.text] : []));
  }
}

/**
 * A replica written out by hand on one connection to a master node: it sends what redis-server 7.0
 * sends (PING, REPLCONF listening-port, REPLCONF capa eof capa psync2, PSYNC, REPLCONF ACK) and
 * keeps every byte the master writes to it.
 */
export class ScriptedReplica {
  /** Every send effect the master addressed to this connection. */
  readonly received: SendEffect[] = [];
  /** The replication stream after the sync, in order (checked contiguous by offset). */
  stream = '';
  /** The offset of the last stream byte received (master_repl_offset as the replica knows it). */
  offset = -1;
  replId = '';
  closed = false;

  constructor(readonly master: TestNode, readonly connId = 'replica-1', readonly listeningPort = 6380, peerPort = 50_001) {
    master.step({ type: 'connAccepted', connId, peerIp: '127.0.0.1', peerPort });
    this.collect();
  }

  /** Moves the master's effects for this connection into received / stream. */
  collect(): SendEffect[] {
    const mine: SendEffect[] = [];
    const rest: NodeEffect[] = [];
    for (const e of this.master.drainOutbox()) {
      if (e.type === 'send' && e.connId === this.connId) mine.push(e);
      else if (e.type === 'close' && e.connId === this.connId) this.closed = true;
      else rest.push(e);
    }
    this.master.outbox.push(...rest);
    for (const e of mine) {
      this.received.push(e);
      const full = e.kind === 'handshake' ? /^\+FULLRESYNC ([0-9a-f]{40}) (\d+)\r\n$/.exec(e.data) : null;
      if (full) {
        this.replId = full[1];
        this.offset = Number(full[2]);
      }
      if (e.kind === 'stream' && this.offset >= 0) this.takeStream(e);
    }
    return mine;
  }

  private takeStream(e: SendEffect): void {
    if (e.meta.fromOffset !== this.offset + 1) throw new Error(`stream gap: expected ${this.offset + 1}, got ${e.meta.fromOffset}`);
    if (e.meta.toOffset !== this.offset + 1 + e.data.length) throw new Error('stream meta toOffset does not match its bytes');
    this.stream += e.data;
    this.offset += e.data.length;
  }

  /** Sends bytes as this replica and returns the bytes the master wrote back to it. */
  sendRaw(data: string): string {
    this.master.step({ type: 'connData', connId: this.connId, data });
    return this.collect().map((e) => e.data).join('');
  }

  send(...argv: string[]): string {
    return this.sendRaw(resp(argv));
  }

  /**
   * The handshake up to PSYNC; returns what the master wrote back to PSYNC at once (nothing yet
   * when a diskless sync waits for its delay: +FULLRESYNC comes when the transfer starts).
   */
  handshake(psyncId = '?', psyncOffset = -1): string {
    const pong = this.send('PING');
    if (pong !== '+PONG\r\n') throw new Error(`PING answered ${JSON.stringify(pong)}`);
    const ok1 = this.send('REPLCONF', 'listening-port', String(this.listeningPort));
    const ok2 = this.send('REPLCONF', 'capa', 'eof', 'capa', 'psync2');
    if (ok1 !== '+OK\r\n' || ok2 !== '+OK\r\n') throw new Error(`REPLCONF answered ${JSON.stringify(ok1 + ok2)}`);
    return this.psync(psyncId, psyncOffset);
  }

  /** Sends PSYNC; after +CONTINUE the backlog bytes that follow are taken as stream. */
  psync(id: string, offset: number): string {
    this.offset = -1;
    this.master.step({ type: 'connData', connId: this.connId, data: resp(['PSYNC', id, String(offset)]) });
    const mine = this.collect();
    const answer = mine.filter((e) => e.kind !== 'stream').map((e) => e.data).join('');
    const cont = /^\+CONTINUE(?: ([0-9a-f]{40}))?\r\n$/.exec(answer);
    if (cont) {
      if (cont[1]) this.replId = cont[1];
      this.offset = offset - 1;
      for (const e of mine) if (e.kind === 'stream') this.takeStream(e);
    }
    return answer;
  }

  /** The RDB payload sent to this replica, once it has been sent. */
  rdbSend(): SendEffect | undefined {
    return this.received.find((e) => e.kind === 'rdb');
  }

  /**
   * A full sync from the start: handshake, PSYNC ? -1, then the master's timers run until the RDB
   * is written (diskless waits repl-diskless-sync-delay), its socket drains, and the replica
   * sends its first REPLCONF ACK a second later, as a replica's cron does.
   */
  fullSync(): void {
    const answer = this.handshake();
    if (answer.startsWith('+CONTINUE')) throw new Error('PSYNC ? -1 answered +CONTINUE');
    const limit = this.master.now + 60_000;
    while (!this.rdbSend()) {
      const t = this.master.takeDueTimer(limit);
      if (!t) throw new Error('the master never sent the RDB');
      this.master.now = Math.max(this.master.now, t.atMs);
      this.master.step({ type: 'timer', name: t.name });
      this.collect();
    }
    if (this.offset < 0) throw new Error('the RDB came without +FULLRESYNC');
    const rdb = this.rdbSend()!;
    if (rdb.token !== undefined) this.master.step({ type: 'connDrained', connId: this.connId, token: rdb.token });
    this.collect();
    this.master.advance(this.master.now + 1000);
    this.collect();
    this.ack();
  }

  /** REPLCONF ACK <offset>, as the replica sends every second. */
  ack(offset = this.offset): string {
    return this.send('REPLCONF', 'ACK', String(offset));
  }

  /** The stream bytes from stream offset `offset` to the last one received. */
  streamFrom(offset: number): string {
    return this.stream.slice(this.stream.length - (this.offset - offset + 1));
  }

  /** The commands of the stream received since `from` (a position in `stream`). */
  commandsSince(from: number): string[][] {
    return parseStream(this.stream.slice(from));
  }
}

/**
 * A master node with a scripted replica attached and fully synced 30 s before nowMs; the clock is
 * then set to nowMs, where the replica acknowledges its offset.
 */
export function syncedMaster(opts: Partial<NodeOptions> & { nowMs: number }): { m: TestNode; r: ScriptedReplica } {
  const m = new TestNode({ ...opts, nowMs: opts.nowMs - 30_000 });
  const r = new ScriptedReplica(m);
  r.fullSync();
  m.now = opts.nowMs;
  r.ack();
  m.drainOutbox();
  return { m, r };
}

export interface StreamEntry {
  readonly dbIndex: number;
  readonly argv: string[];
}

/** Commands of a stream tagged with the database the replica applies them in (SELECTs consumed). */
export function withDb(cmds: readonly string[][], startDb = -1): StreamEntry[] {
  let db = startDb;
  const out: StreamEntry[] = [];
  for (const argv of cmds) {
    if (argv[0].toUpperCase() === 'SELECT') db = Number(argv[1]);
    else out.push({ dbIndex: db, argv });
  }
  return out;
}

/** The bytes of a stream as Redis writes it: a SELECT whenever the database changes. */
export function streamBytes(entries: readonly StreamEntry[], startDb = -1): string {
  let db = startDb;
  let out = '';
  for (const e of entries) {
    if (e.dbIndex !== db) {
      out += resp(['SELECT', String(e.dbIndex)]);
      db = e.dbIndex;
    }
    out += resp(e.argv);
  }
  return out;
}

/** Absolute ms times in the 1.5e12..2e12 range (now-relative expiries) print as "T". */
export const normalizeTimes = (argv: readonly string[]): string[] => argv.map((a) => (/^1[5-9]\d{11}$/.test(a) ? 'T' : a));

export interface CommandRun {
  reply: Reply;
  /** The reply's RESP2 bytes. */
  wire: string;
  /** What reached the replica for this command, SELECTs consumed, each with its database. */
  ops: StreamEntry[];
  /** Just the argv of each command that reached the replica (MULTI/EXEC included). */
  prop: string[][];
  /** How rdb_changes_since_last_save moved. */
  dirty: number;
}

/** One console client of a synced master, each command's reply and replication stream reported. */
export class MasterUnderTest {
  readonly m: TestNode;
  readonly r: ScriptedReplica;
  /** The database the replica's stream has selected (-1 before the first SELECT). */
  private streamDb = -1;

  constructor(opts: { nowMs?: number; seed?: number; config?: NodeOptions['config'] } = {}) {
    const { m, r } = syncedMaster({ nowMs: opts.nowMs ?? T0, seed: opts.seed ?? 1, config: opts.config });
    this.m = m;
    this.r = r;
  }

  get nowMs(): number {
    return this.m.now;
  }

  set nowMs(v: number) {
    this.m.now = v;
  }

  private changes(): number {
    return Number(this.m.info('persistence').rdb_changes_since_last_save);
  }

  run(...argv: string[]): CommandRun {
    const from = this.r.stream.length;
    const before = this.changes();
    const reply = this.m.command(argv);
    this.r.collect();
    const cmds = this.r.commandsSince(from);
    const ops = withDb(cmds, this.streamDb);
    for (const c of cmds) if (c[0].toUpperCase() === 'SELECT') this.streamDb = Number(c[1]);
    return { reply, wire: encodeReply(reply), ops, prop: ops.map((o) => o.argv), dirty: this.changes() - before };
  }

  /** Runs a command line split on spaces. */
  line(text: string): CommandRun {
    return this.run(...text.split(' ').filter((s) => s.length > 0));
  }
}

export interface Replay {
  /** RESP2 bytes of each reply ("" for a SLEEP row, which only advances the clock). */
  wires: string[];
  /** The replication stream the replica received as [db, argv] pairs, times normalized. */
  stream: [number, string[]][];
  /** The stream bytes the replica received during the replay. */
  bytes: string;
  /** The same commands re-encoded with a SELECT exactly where the database changes. */
  expectedBytes: string;
}

/** Runs a command sequence on a fresh master (one console client) with a synced replica attached. */
export function replay(rows: readonly (readonly string[])[], nowMs: number): Replay {
  const { m, r } = syncedMaster({ nowMs });
  const mark = r.stream.length;
  const wires: string[] = [];
  for (const argv of rows) {
    if (argv[0] === 'SLEEP') {
      m.now += Number(argv[1]);
      wires.push('');
      continue;
    }
    wires.push(encodeReply(m.command(argv)));
    r.collect();
  }
  const bytes = r.stream.slice(mark);
  const entries = withDb(parseStream(bytes));
  return {
    wires,
    stream: entries.map((e) => [e.dbIndex, normalizeTimes(e.argv)]),
    bytes,
    expectedBytes: streamBytes(entries),
  };
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

/**
 * Two real nodes joined by a zero-latency link: the replica's connect effect opens a connection on
 * the master, bytes cross at once (unless held), writes drain at once, timers fire in time order.
 */
export class NodePair {
  readonly master: TestNode;
  readonly replica: TestNode;
  /** replica-side connection id ↔ master-side connection id */
  private links = new Map<string, string>();
  /** While true, bytes from the master to the replica wait in `held`. */
  hold = false;
  private held: { connId: string; data: string }[] = [];

  constructor(opts: { nowMs?: number; masterConfig?: NodeOptions['config']; replicaConfig?: NodeOptions['config'] } = {}) {
    const nowMs = opts.nowMs ?? T0;
    this.master = new TestNode({ name: 'm', port: 6379, seed: 1, nowMs, config: opts.masterConfig });
    this.replica = new TestNode({ name: 'r', port: 6380, seed: 2, nowMs, config: opts.replicaConfig });
    this.pump();
  }

  get now(): number {
    return this.master.now;
  }

  set now(v: number) {
    this.master.now = v;
    this.replica.now = v;
  }

  /** Routes effects between the two nodes until nothing is left to route. */
  pump(): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const fromR = this.replica.drainOutbox();
      const fromM = this.master.drainOutbox();
      if (fromR.length === 0 && fromM.length === 0) return;
      for (const e of fromR) {
        if (e.type === 'connect') {
          const mid = `in:${e.connId}`;
          this.links.set(e.connId, mid);
          this.master.step({ type: 'connAccepted', connId: mid, peerIp: '127.0.0.1', peerPort: 40_000 + this.links.size });
          this.replica.step({ type: 'connEstablished', connId: e.connId });
        } else if (e.type === 'send') {
          const mid = this.links.get(e.connId);
          if (mid) this.master.step({ type: 'connData', connId: mid, data: e.data });
          if (e.token !== undefined) this.replica.step({ type: 'connDrained', connId: e.connId, token: e.token });
        } else if (e.type === 'close') {
          const mid = this.links.get(e.connId);
          this.links.delete(e.connId);
          if (mid) this.master.step({ type: 'connClosed', connId: mid, reason: 'closed' });
        }
      }
      for (const e of fromM) {
        const rid = [...this.links].find(([, mid]) => e.type !== 'timer' && 'connId' in e && mid === e.connId)?.[0];
        if (e.type === 'send') {
          if (rid !== undefined) {
            if (this.hold) this.held.push({ connId: rid, data: e.data });
            else this.replica.step({ type: 'connData', connId: rid, data: e.data });
          }
          if (e.token !== undefined) this.master.step({ type: 'connDrained', connId: e.connId, token: e.token });
        } else if (e.type === 'close' && rid !== undefined) {
          this.links.delete(rid);
          this.replica.step({ type: 'connClosed', connId: rid, reason: 'closed' });
        }
      }
    }
    throw new Error('the two nodes never went quiet');
  }

  /** Resets every connection between the two nodes, as a broken network path would. */
  resetLinks(): void {
    const links = [...this.links];
    this.links.clear();
    this.held = [];
    for (const [rid, mid] of links) {
      this.replica.step({ type: 'connClosed', connId: rid, reason: 'reset' });
      this.master.step({ type: 'connClosed', connId: mid, reason: 'reset' });
    }
    this.pump();
  }

  /** Delivers the bytes held back while `hold` was set. */
  release(): void {
    this.hold = false;
    const h = this.held;
    this.held = [];
    for (const x of h) this.replica.step({ type: 'connData', connId: x.connId, data: x.data });
    this.pump();
  }

  /** Runs both nodes' timers in time order up to untilMs, routing after each. */
  advance(untilMs: number): void {
    for (;;) {
      const tm = this.master.timers.filter((t) => t.atMs <= untilMs).reduce((a, t) => Math.min(a, t.atMs), Infinity);
      const tr = this.replica.timers.filter((t) => t.atMs <= untilMs).reduce((a, t) => Math.min(a, t.atMs), Infinity);
      if (tm === Infinity && tr === Infinity) break;
      const node = tm <= tr ? this.master : this.replica;
      const t = node.takeDueTimer(Math.min(tm, tr))!;
      this.now = Math.max(this.now, t.atMs);
      node.step({ type: 'timer', name: t.name });
      this.pump();
    }
    this.now = Math.max(this.now, untilMs);
  }

  /**
   * REPLICAOF the master, then time passes until the replica reports master_link_status:up, and
   * one second more: after a diskless sync the master streams once the replica's first REPLCONF
   * ACK (sent by its cron, every second) arrives.
   */
  connect(): void {
    this.replica.command(['REPLICAOF', '127.0.0.1', String(this.master.state.port)]);
    this.pump();
    const limit = this.now + 60_000;
    while (this.replica.info('replication').master_link_status !== 'up') {
      if (this.now >= limit) throw new Error('the replica never finished its sync');
      this.advance(this.now + 100);
    }
    this.advance(this.now + 1000);
  }

  /** A command on the master's console; what it propagates reaches the replica (unless held). */
  onMaster(...argv: string[]): string {
    const w = encodeReply(this.master.command(argv));
    this.pump();
    return w;
  }

  /** A command on the replica's console. */
  onReplica(...argv: string[]): string {
    const w = encodeReply(this.replica.command(argv));
    this.pump();
    return w;
  }
}
