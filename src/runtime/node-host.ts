// A node's host: the engine plus the sending half of its TCP connections. It runs a batch of
// inputs up to the end of a conservative time window — processing its own timers, drains and
// deferred inputs that fall inside the window itself — and returns what must cross to other
// nodes. The same class runs inline (one thread) and inside a Web Worker.

import { nodeConnectIfConfigured, nodeCreate, nodeStep } from '../engine/node.ts';
import type { NodeEffect, NodeInput, SendKind, SendMeta } from '../engine/io.ts';
import type { Reply } from '../engine/resp.ts';
import type { Disk, NodeState } from '../engine/state.ts';
import type { SentinelState } from '../engine/sentinel-state.ts';
import { replicas } from '../engine/state.ts';
import { keyspaceKeyCount } from '../engine/keyspace.ts';
import { replicationSection } from '../engine/info.ts';
import { replicaBufferLimits } from '../engine/config.ts';
import { effectiveReplicaHardLimit, replicaBufferUsage } from '../engine/master.ts';
import { nodeTimers } from '../engine/timers.ts';
import { own } from '../engine/own.ts';
import { EventHeap } from './heap.ts';
import { networkIpAt } from './address.ts';
import { SIM_EPOCH_MS, type HostInit, type HostOutput, type HostSnapshot, type LinkParams, type NodeView, type SentinelView, type TimedInput } from './protocol.ts';
import { TcpSender, type OutConn } from './tcp.ts';
import { summarizeReply, traceInput, type TraceEntry } from './trace.ts';

export { SIM_EPOCH_MS };

interface HeldReply {
  readonly timeMs: number;
  readonly clientId: string;
  readonly reply: Reply;
}

interface LocalEvent {
  timeMs: number;
  seq: number;
  input: NodeInput;
}

export class NodeHost {
  readonly init: HostInit;
  state: NodeState;
  /** The sending halves of this node's connections. */
  private tcp: TcpSender;
  private local = new EventHeap<LocalEvent>();
  private localSeq = 0;
  private blockedUntilMs = 0;
  /**
   * Replies computed before DEBUG SLEEP ends (the sleeping command's own): the node writes them
   * when it wakes up, so they are handed up only then; a redis-cli gone before that never sees them.
   */
  private held: HeldReply[] = [];
  private links: Record<string, LinkParams>;
  private out: HostOutput[] = [];
  /** End of the window being run: own events before it are handled here, later ones go out. */
  private endMs = -Infinity;
  dead = false;

  constructor(init: HostInit, snapshot?: HostSnapshot) {
    this.init = init;
    this.links = { ...init.links };
    this.tcp = new TcpSender(init.name, init.seed, (peer) => this.link(peer));
    if (snapshot) {
      this.state = snapshot.state as NodeState;
      for (const [k, v] of snapshot.conns as [string, OutConn][]) this.tcp.conns.set(k, v);
      for (const e of snapshot.local as LocalEvent[]) this.local.push(e);
      this.blockedUntilMs = snapshot.blockedUntilMs;
      this.localSeq = snapshot.localSeq;
      this.held = [...((snapshot.held ?? []) as HeldReply[])];
      this.links = { ...snapshot.links };
      this.state.knownHosts = this.knownHosts();
      return;
    }
    const { state, effects } = nodeCreate({ name: init.name, port: init.port, seed: init.seed, nowMs: init.nowMs, incarnation: init.incarnation, disk: init.disk, config: init.config, backlogMode: init.backlogMode, version: init.version, ...(init.sentinel ? { sentinel: { networkIp: init.sentinel.networkIp } } : {}) });
    this.state = state;
    this.state.knownHosts = this.knownHosts();
    this.trace(init.nowMs, { kind: 'boot', incarnation: init.incarnation, port: init.port });
    this.applyEffects(effects, init.nowMs);
    this.applyEffects(nodeConnectIfConfigured(state), init.nowMs);
  }

  /** Outputs of the boot (timers, a first connect for a configured replica). */
  takeOutputs(): HostOutput[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  setLinks(links: Readonly<Record<string, LinkParams>>): void {
    this.links = { ...this.links, ...links };
    this.state.knownHosts = this.knownHosts();
  }

  /**
   * What this machine resolves: the loopback, every node's name (the host hears of each node
   * through its links) and their network addresses (172.18.0.2 on, one per node: ports and
   * addresses follow declaration order).
   */
  private knownHosts(): string[] {
    const names = [this.init.name, ...Object.keys(this.links)];
    return ['127.0.0.1', 'localhost', ...names, ...names.map((_, i) => networkIpAt(i))];
  }

  private link(peer: string): LinkParams {
    return own(this.links, peer) ?? this.init.defaultLink;
  }

  private reportedRdb: string | null | undefined = undefined;
  private reportedConfig: unknown = undefined;

  /** The node's disk if it changed since last asked (a remote scheduler keeps it across crashes). */
  diskIfChanged(): Disk | undefined {
    const d = this.state.disk;
    if (d.rdb === this.reportedRdb && d.configFile === this.reportedConfig) return undefined;
    this.reportedRdb = d.rdb;
    this.reportedConfig = d.configFile;
    return d;
  }

  /**
   * Runs the inputs (in time order) and this node's own events until endMs (exclusive). Inputs at
   * or after endMs never come here: the scheduler keeps them for a later window.
   */
  runBatch(inputs: readonly TimedInput[], endMs: number): { outputs: HostOutput[]; processed: number } {
    this.endMs = endMs;
    let processed = 0;
    let i = 0;
    for (;;) {
      if (this.dead) break;
      const next = inputs[i];
      const loc = this.local.peek();
      let ev: TimedInput;
      if (next && (!loc || next.timeMs <= loc.timeMs)) {
        ev = next;
        i++;
      } else if (loc && loc.timeMs < endMs) {
        this.local.pop();
        ev = loc;
      } else break;
      if (this.blockedUntilMs > ev.timeMs) {
        // DEBUG SLEEP: the node handles nothing until it wakes up; order is kept. A redis-cli
        // that exits meanwhile (Ctrl+C) is gone: what the node writes to it on waking goes nowhere.
        const input = ev.input;
        if (input.type === 'consoleClosed') this.held = this.held.filter((h) => h.clientId !== input.clientId);
        this.schedule(this.blockedUntilMs, input);
        continue;
      }
      this.writeHeld(ev.timeMs);
      this.deliver(ev);
      processed++;
    }
    if (!this.dead && this.blockedUntilMs < endMs) this.writeHeld(this.blockedUntilMs);
    this.endMs = -Infinity;
    return { outputs: this.takeOutputs(), processed };
  }

  /** The held replies due by `nowMs` go out, in the order they were computed. */
  private writeHeld(nowMs: number): void {
    if (this.held.length === 0 || this.held[0].timeMs > nowMs) return;
    const due = this.held.filter((h) => h.timeMs <= nowMs);
    this.held = this.held.filter((h) => h.timeMs > nowMs);
    for (const h of due) this.out.push({ type: 'reply', timeMs: h.timeMs, clientId: h.clientId, reply: h.reply });
  }

  private schedule(timeMs: number, input: NodeInput): void {
    if (timeMs < this.endMs) this.local.push({ timeMs, seq: this.localSeq++, input });
    else this.out.push({ type: 'self', timeMs, input });
  }

  private deliver(ev: TimedInput): void {
    const input = ev.input;
    if (input.type === 'connEstablished' || input.type === 'connAccepted') this.tcp.opened(input.connId, ev.peer ?? '?');
    else if (input.type === 'connClosed' || input.type === 'connFailed') this.tcp.closed(input.connId);
    this.out.push({ type: 'trace', entry: { kind: 'input', input: traceInput(input), t: ev.timeMs - SIM_EPOCH_MS, node: this.init.name } });
    const effects = nodeStep(this.state, input, ev.timeMs);
    this.applyEffects(effects, ev.timeMs);
  }

  private applyEffects(effects: readonly NodeEffect[], now: number): void {
    for (const ef of effects) {
      switch (ef.type) {
        case 'send':
          this.send(now, ef.connId, ef.data, ef.kind, ef.meta, ef.token);
          break;
        case 'connect':
          this.out.push({ type: 'connect', timeMs: now, conn: ef.connId, host: ef.host, port: ef.port });
          break;
        case 'close':
          this.tcp.close(this.out, now, ef.connId);
          break;
        case 'timer':
          this.schedule(ef.atMs, { type: 'timer', name: ef.name });
          break;
        case 'reply':
          this.out.push({ type: 'trace', entry: { kind: 'reply', clientId: ef.clientId, reply: summarizeReply(ef.reply), t: now - SIM_EPOCH_MS, node: this.init.name } });
          if (this.blockedUntilMs > now) this.held.push({ timeMs: this.blockedUntilMs, clientId: ef.clientId, reply: ef.reply });
          else this.out.push({ type: 'reply', timeMs: now, clientId: ef.clientId, reply: ef.reply });
          break;
        case 'log':
          this.trace(now, { kind: 'log', line: ef.line, level: ef.level, text: ef.text });
          break;
        case 'event':
          this.out.push({ type: 'trace', entry: { kind: 'event', event: ef.event, t: now - SIM_EPOCH_MS, node: this.init.name } });
          break;
        case 'block':
          this.blockedUntilMs = ef.untilMs;
          break;
        case 'exit':
          this.trace(now, { kind: 'exit' });
          this.out.push({ type: 'exit', timeMs: now });
          this.dead = true;
          return;
      }
    }
  }

  private send(now: number, connId: string, data: string, kind: SendKind, meta: SendMeta, token: number | undefined): void {
    const leftAt = this.tcp.send(this.out, now, connId, data, kind, meta);
    if (leftAt === null) {
      this.trace(now, { kind: 'sendClosed', connId, bytes: data.length });
      return;
    }
    this.out.push({ type: 'trace', entry: { kind: 'send', connId, sendKind: kind, bytes: data.length, label: meta.label, t: now - SIM_EPOCH_MS, node: this.init.name } });
    if (token !== undefined) this.schedule(leftAt, { type: 'connDrained', connId, token });
  }

  /** A trace entry for this node, at an absolute simulated time (the entry keeps time since the start). */
  private trace(timeMs: number, e: DistributiveOmit<TraceEntry, 't' | 'node'>): void {
    // Every caller passes a new object: it becomes the entry (the same fields, in the same order, as a copy would have).
    const entry = e as { t?: number; node?: string };
    entry.t = timeMs - SIM_EPOCH_MS;
    entry.node = this.init.name;
    this.out.push({ type: 'trace', entry: entry as TraceEntry });
  }

  /** The host's state, not copied: whoever keeps it clones it (postMessage or Sim.snapshot do). */
  snapshot(): HostSnapshot {
    return ({
      init: this.init,
      state: this.state,
      conns: [...this.tcp.conns.entries()],
      local: this.local.toArray(),
      blockedUntilMs: this.blockedUntilMs,
      localSeq: this.localSeq,
      links: this.links,
      held: this.held,
    });
  }

  view(): NodeView {
    return nodeView(this.state);
  }

  /** view(), as a function to call later (no allocation per batch). */
  readonly viewOnDemand = (): NodeView => nodeView(this.state);
}

export function nodeView(s: NodeState): NodeView {
  return {
    name: s.name,
    port: s.port,
    version: s.version,
    runId: s.runId,
    role: s.masterHost === null ? 'master' : 'replica',
    masterHost: s.masterHost,
    masterPort: s.masterPort,
    replState: s.replState,
    linkUp: s.replState === 'REPL_STATE_CONNECTED',
    replId: s.replId,
    replId2: s.replId2,
    masterReplOffset: s.masterReplOffset,
    secondReplOffset: s.secondReplOffset,
    slaveReplOffset: s.master ? s.master.reploff : s.cachedMaster ? s.cachedMaster.reploff : null,
    backlog: s.backlog ? {
      sizeBytes: s.backlog.sizeBytes, firstByteOffset: s.backlog.offset, histlen: s.backlog.histlen, mode: s.backlog.mode, idx: s.backlog.idx,
      blocks: s.backlog.blocks.map((b) => ({ id: b.id, startOffset: b.startOffset, size: b.size, used: b.used })),
      trimmed: s.backlog.blocks.length > 0 ? s.backlog.blocks[0].id : s.backlog.nextBlockId,
    } : null,
    replicas: replicas(s).map((c) => {
      const usage = replicaBufferUsage(s, c);
      return {
        name: `${c.peerIp}:${c.listeningPort}`,
        state: c.replica!.state,
        ackOffset: c.replica!.ackOffset,
        lagS: Math.floor(s.nowMs / 1000) - Math.floor(c.replica!.ackTimeMs / 1000),
        pendingBytes: c.replica!.pending.length,
        bufferBytes: usage.bytes,
        bufferBlocks: usage.blocks,
        refBlockId: c.replica!.refBlockId,
      };
    }),
    keys: keyspaceKeyCount(s.ks),
    syncFull: s.stats.syncFull,
    syncPartialOk: s.stats.syncPartialOk,
    syncPartialErr: s.stats.syncPartialErr,
    rdbChild: s.rdbChild ? s.rdbChild.target : null,
    infoReplication: replicationSection(s).join('\r\n') + '\r\n',
    replicaBufferLimits: replicaBufferLimits(s.config),
    replicaHardLimitBytes: effectiveReplicaHardLimit(s),
    nowMs: s.nowMs,
    timers: nodeTimers(s).map((x) => ({ ...x, startMs: x.startMs - SIM_EPOCH_MS, endMs: x.endMs - SIM_EPOCH_MS })),
    ...(s.sentinel ? { sentinel: sentinelView(s.sentinel) } : {}),
  };
}

function sentinelView(x: SentinelState): SentinelView {
  return {
    myid: x.myid,
    currentEpoch: x.currentEpoch,
    masters: x.masters.map((m) => ({
      name: m.name, ip: m.ip, port: m.port, quorum: m.quorum, sDown: m.sDown, oDown: m.oDown, configEpoch: m.configEpoch,
      failoverState: m.failoverState, failoverEpoch: m.failoverEpoch, leader: m.leader, leaderEpoch: m.leaderEpoch, promotedSlave: m.promotedSlave,
      slaves: m.slaves.map((r) => ({ name: r.name, sDown: r.sDown })),
      sentinels: m.sentinels.map((o) => ({ runId: o.runId ?? o.name, ip: o.ip, port: o.port, sDown: o.sDown, leader: o.leader, leaderEpoch: o.leaderEpoch })),
    })),
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
