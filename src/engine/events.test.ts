// The typed replication events, driven through real nodes: a few engine nodes wired together by a
// tiny in-test network (every byte arrives 1 ms later, every write drains at once, links can be
// cut so nothing crosses them).

import { describe, expect, it } from 'vitest';
import type { NodeEffect, NodeEvent, NodeInput } from './io.ts';
import { nodeConnectIfConfigured, nodeCreate, nodeStep } from './node.ts';
import type { BacklogMode } from './backlog.ts';
import type { Config } from './config.ts';
import type { Disk, NodeState } from './state.ts';

const T0 = 1_700_000_000_000;
const LATENCY = 1;

interface Queued { t: number; seq: number; node: string; input: NodeInput }
interface Conn { node: string; peerNode: string; peerConn: string }

class Net {
  nodes = new Map<string, NodeState>();
  events: { t: number; node: string; event: NodeEvent }[] = [];
  private q: Queued[] = [];
  private seq = 0;
  private conns = new Map<string, Conn>();
  private cut = new Set<string>();
  private dead = new Set<string>();
  now = T0;

  add(name: string, port: number, config: Partial<Config> = {}, disk: Disk | null = null, backlogMode: BacklogMode = 'shared'): NodeState {
    const { state, effects } = nodeCreate({ name, port, seed: 7, nowMs: this.now, incarnation: 0, disk, config, backlogMode });
    this.nodes.set(name, state);
    this.apply(name, effects);
    return state;
  }

  connectIfConfigured(node: string): void {
    this.apply(node, nodeConnectIfConfigured(this.nodes.get(node)!));
  }

  /** A command typed at a node's console, run now. */
  command(node: string, ...argv: string[]): void {
    this.step(node, { type: 'command', clientId: 'console', argv });
  }

  /** Nothing crosses between these two nodes until healed. */
  cutLink(a: string, b: string): void {
    this.cut.add([a, b].sort().join('|'));
  }

  heal(a: string, b: string): void {
    this.cut.delete([a, b].sort().join('|'));
  }

  run(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      this.q.sort((x, y) => x.t - y.t || x.seq - y.seq);
      const next = this.q[0];
      if (!next || next.t > until) break;
      this.q.shift();
      this.now = next.t;
      if (!this.dead.has(next.node)) this.step(next.node, next.input);
    }
    this.now = until;
  }

  /** Runs until a node reports an event matching `pred` (at most `ms`). */
  runUntil(ms: number, pred: (e: NodeEvent, node: string) => boolean): void {
    const until = this.now + ms;
    const seen = this.events.length;
    while (this.now < until && !this.events.slice(seen).some((e) => pred(e.event, e.node))) this.run(1);
  }

  of<K extends NodeEvent['type']>(node: string, type: K): Extract<NodeEvent, { type: K }>[] {
    return this.events.filter((e) => e.node === node && e.event.type === type).map((e) => e.event as Extract<NodeEvent, { type: K }>);
  }

  private step(node: string, input: NodeInput): void {
    this.apply(node, nodeStep(this.nodes.get(node)!, input, this.now));
  }

  private push(t: number, node: string, input: NodeInput): void {
    this.q.push({ t, seq: this.seq++, node, input });
  }

  private isCut(a: string, b: string): boolean {
    return this.cut.has([a, b].sort().join('|'));
  }

  private apply(node: string, effects: NodeEffect[]): void {
    for (const ef of effects) {
      switch (ef.type) {
        case 'event':
          this.events.push({ t: this.now, node, event: ef.event });
          break;
        case 'timer':
          this.push(ef.atMs, node, { type: 'timer', name: ef.name });
          break;
        case 'connect': {
          const target = [...this.nodes].find(([, s]) => s.port === ef.port)?.[0];
          if (!target || this.isCut(node, target)) {
            this.push(this.now + LATENCY, node, { type: 'connFailed', connId: ef.connId, error: 'Connection refused' });
            break;
          }
          const srv = `${ef.connId}/srv`;
          this.conns.set(ef.connId, { node, peerNode: target, peerConn: srv });
          this.conns.set(srv, { node: target, peerNode: node, peerConn: ef.connId });
          const port = this.nodes.get(node)!.port;
          this.push(this.now + LATENCY, target, { type: 'connAccepted', connId: srv, peerIp: '127.0.0.1', peerPort: 40000 + port });
          this.push(this.now + LATENCY, node, { type: 'connEstablished', connId: ef.connId });
          break;
        }
        case 'send': {
          const c = this.conns.get(ef.connId);
          if (ef.token !== undefined) this.push(this.now, node, { type: 'connDrained', connId: ef.connId, token: ef.token });
          if (!c || this.isCut(node, c.peerNode)) break;
          this.push(this.now + LATENCY, c.peerNode, { type: 'connData', connId: c.peerConn, data: ef.data });
          break;
        }
        case 'close': {
          const c = this.conns.get(ef.connId);
          this.conns.delete(ef.connId);
          if (!c) break;
          this.conns.delete(c.peerConn);
          if (!this.isCut(node, c.peerNode)) this.push(this.now + LATENCY, c.peerNode, { type: 'connClosed', connId: c.peerConn, reason: 'closed' });
          break;
        }
        case 'exit':
          this.dead.add(node);
          break;
        default:
          break;
      }
    }
  }
}

/** A master m (port 6379) and a replica r (port 6380) in sync. */
function pair(config: Partial<Config> = {}): Net {
  const net = new Net();
  net.add('m', 6379, { 'repl-diskless-sync': 'no', ...config });
  net.add('r', 6380, config);
  net.command('m', 'SET', 'k', 'v');
  net.command('r', 'REPLICAOF', '127.0.0.1', '6379');
  net.runUntil(5000, (e, n) => n === 'r' && e.type === 'syncFinished');
  return net;
}

describe('replication events', () => {
  it('a replica started with replicaof in its config: full-requested, RDB transfer, backlog, sync finished', () => {
    const net = new Net();
    net.add('m', 6379, { 'repl-diskless-sync': 'no' });
    net.command('m', 'SET', 'k', 'v');
    net.add('r', 6380, {}, { rdb: null, rdbSavedAtMs: 0, configFile: { replicaof: '127.0.0.1 6379' } });
    net.connectIfConfigured('r');
    net.runUntil(5000, (e, n) => n === 'r' && e.type === 'syncFinished');
    expect(net.of('r', 'roleChanged')).toEqual([{ type: 'roleChanged', to: 'replica', master: '127.0.0.1:6379' }]);
    expect(net.of('r', 'handshakeStarted')).toEqual([{ type: 'handshakeStarted', master: '127.0.0.1:6379', why: 'config' }]);
    const [d] = net.of('m', 'psyncDecision');
    expect(d).toMatchObject({ replica: '127.0.0.1:6380', verdict: 'full-requested', replId: '?', offset: -1 });
    expect(net.of('m', 'backlogCreated')).toEqual([{ type: 'backlogCreated', size: 1048576, mode: 'shared' }]);
    const [started] = net.of('m', 'rdbTransferStarted');
    expect(started).toMatchObject({ replica: '127.0.0.1:6380', target: 'disk' });
    expect(net.of('m', 'rdbTransferEnded')).toEqual([{ ...started, type: 'rdbTransferEnded' }]);
    expect(net.of('r', 'syncFinished')).toEqual([{ type: 'syncFinished', master: '127.0.0.1:6379', mode: 'full', offset: 0 }]);
    expect(net.of('r', 'backlogCreated')).toHaveLength(1);
  });

  it('a reconnect inside the backlog is accepted; a replica of another history gets replid-mismatch', () => {
    const net = pair();
    // A master turned replica offers its own history first (replicationCacheMasterUsingMyself).
    expect(net.of('r', 'roleChanged')).toEqual([{ type: 'roleChanged', to: 'replica', master: '127.0.0.1:6379' }]);
    expect(net.of('m', 'psyncDecision')[0]).toMatchObject({ verdict: 'replid-mismatch', offset: 1 });
    net.command('r', 'CLIENT', 'KILL', 'TYPE', 'master');
    expect(net.of('r', 'linkLost')).toEqual([{ type: 'linkLost', role: 'replica', peer: '127.0.0.1:6379', cause: 'client-kill' }]);
    net.runUntil(5000, (e, n) => n === 'r' && e.type === 'syncFinished' && e.mode === 'partial');
    expect(net.of('r', 'handshakeStarted').map((e) => e.why)).toEqual(['replicaof', 'reconnect']);
    const m = net.nodes.get('m')!;
    const accepted = net.of('m', 'psyncDecision')[1];
    expect(accepted).toMatchObject({ verdict: 'accepted', replId: m.replId, masterReplOffset: m.masterReplOffset });
    expect(net.of('m', 'linkLost')).toEqual([{ type: 'linkLost', role: 'master', peer: '127.0.0.1:6380', cause: 'closed' }]);

    // A third node with its own history: r, told to follow it, asks with m's replid.
    net.add('o', 6381);
    net.command('o', 'SET', 'x', '1');
    net.command('r', 'REPLICAOF', '127.0.0.1', '6381');
    expect(net.of('r', 'linkLost').at(-1)).toEqual({ type: 'linkLost', role: 'replica', peer: '127.0.0.1:6379', cause: 'replicaof' });
    expect(net.of('r', 'roleChanged').at(-1)).toEqual({ type: 'roleChanged', to: 'replica', master: '127.0.0.1:6381' });
    net.runUntil(5000, (e, n) => n === 'o' && e.type === 'psyncDecision');
    expect(net.of('o', 'psyncDecision')).toEqual([expect.objectContaining({ verdict: 'replid-mismatch', replId: m.replId })]);
  });

  it('a replica that fell behind the backlog: offset-out-of-range, and the trims of the shared buffer', () => {
    const net = pair({ 'repl-backlog-size': '16384', 'repl-timeout': '5' });
    net.cutLink('m', 'r');
    const before = net.events.length;
    net.command('m', 'SET', 'big', 'x'.repeat(100_000));
    const fed = net.events.slice(before).filter((e) => e.node === 'm').map((e) => e.event.type);
    // Each propagation call (SELECT, then the SET: ~7 blocks) grows once. While the SET is fed, r
    // still references the block the SELECT went to, so nothing is trimmed then; once r's socket
    // took the bytes (beforeSleep), the backlog is trimmed in one go.
    expect(fed).toEqual(['backlogGrown', 'backlogAppended', 'backlogGrown', 'backlogAppended', 'commandPropagated', 'backlogTrimmed']);
    const [trim] = net.of('m', 'backlogTrimmed');
    const bl = net.nodes.get('m')!.backlog!;
    expect(trim).toEqual({ type: 'backlogTrimmed', firstByteOffset: bl.offset, histlen: bl.histlen, freed: bl.offset - 1 });

    // Both sides time out (repl-timeout 5 s), then the link heals and r asks for what is gone.
    net.runUntil(10_000, (e, n) => n === 'r' && e.type === 'linkLost');
    net.runUntil(10_000, (e, n) => n === 'm' && e.type === 'linkLost');
    expect(net.of('r', 'linkLost')).toEqual([{ type: 'linkLost', role: 'replica', peer: '127.0.0.1:6379', cause: 'timeout' }]);
    expect(net.of('m', 'linkLost')).toEqual([{ type: 'linkLost', role: 'master', peer: '127.0.0.1:6380', cause: 'timeout' }]);
    net.heal('m', 'r');
    net.runUntil(10_000, (e, n) => n === 'm' && e.type === 'psyncDecision' && e.verdict !== 'full-requested');
    const d = net.of('m', 'psyncDecision').at(-1)!;
    expect(d.verdict).toBe('offset-out-of-range');
    expect(d.offset).toBeLessThan(d.backlogFirstByte);
  });

  it('the ring backlog reports a trim when its first byte moves, and a resize', () => {
    const net = new Net();
    net.add('m', 6379, { 'repl-backlog-size': '16384' }, null, 'ring');
    net.add('r', 6380);
    net.command('r', 'REPLICAOF', '127.0.0.1', '6379');
    net.runUntil(10_000, (e, n) => n === 'r' && e.type === 'syncFinished');
    expect(net.of('m', 'backlogCreated')).toEqual([{ type: 'backlogCreated', size: 16384, mode: 'ring' }]);
    net.command('m', 'SET', 'a', 'x'.repeat(10_000));
    expect(net.of('m', 'backlogTrimmed')).toEqual([]);
    expect(net.of('m', 'backlogGrown')).toEqual([]);
    net.command('m', 'SET', 'b', 'x'.repeat(10_000));
    const trims = net.of('m', 'backlogTrimmed');
    expect(trims).toHaveLength(1);
    expect(trims[0]).toMatchObject({ histlen: 16384 });
    net.command('m', 'CONFIG', 'SET', 'repl-backlog-size', '32768');
    expect(net.of('m', 'backlogResized')).toEqual([{ type: 'backlogResized', from: 16384, to: 32768 }]);
  });

  it('an output buffer over its hard limit drops the replica', () => {
    const net = new Net();
    // A hard limit below repl-backlog-size would count as repl-backlog-size: keep the backlog smaller.
    net.add('m', 6379, { 'repl-diskless-sync': 'no', 'repl-backlog-size': '16384', 'client-output-buffer-limit': 'normal 0 0 0 slave 50000 0 0 pubsub 33554432 8388608 60' });
    net.add('r', 6380);
    net.command('r', 'REPLICAOF', '127.0.0.1', '6379');
    // While the BGSAVE for the sync runs, the stream piles up in the replica's output buffer.
    net.runUntil(5000, (e, n) => n === 'm' && e.type === 'replicaStateChanged' && e.to === 'wait_bgsave_end');
    net.command('m', 'SET', 'big', 'x'.repeat(60_000));
    const [dropped] = net.of('m', 'replicaDropped');
    expect(dropped).toMatchObject({ replica: '127.0.0.1:6380', limitClass: 'replica', limit: 'hard', hardBytes: 50000, softBytes: 0, softSeconds: 0 });
    expect(dropped.usage).toBeGreaterThanOrEqual(50000);
    expect(net.of('m', 'linkLost')).toEqual([{ type: 'linkLost', role: 'master', peer: '127.0.0.1:6380', cause: 'output-buffer-limit' }]);
  });

  it('a hard limit below repl-backlog-size counts as repl-backlog-size (the default 1mb here)', () => {
    const net = new Net();
    net.add('m', 6379, { 'repl-diskless-sync': 'no', 'client-output-buffer-limit': 'normal 0 0 0 slave 50000 0 0 pubsub 33554432 8388608 60' });
    net.add('r', 6380);
    net.command('r', 'REPLICAOF', '127.0.0.1', '6379');
    net.runUntil(5000, (e, n) => n === 'm' && e.type === 'replicaStateChanged' && e.to === 'wait_bgsave_end');
    net.command('m', 'SET', 'big', 'x'.repeat(60_000));
    net.run(3000);
    expect(net.of('m', 'replicaDropped')).toEqual([]);
    expect(net.of('r', 'syncFinished')).toHaveLength(1);
  });

  it('a soft limit below one block drops even a caught-up replica once it has lasted more than its seconds', () => {
    // 7.0 counts the whole block a replica references (20 440 bytes + 64), sent or not.
    const net = pair({ 'client-output-buffer-limit': 'normal 0 0 0 slave 0 20000 2 pubsub 33554432 8388608 60' });
    const t0 = net.now;
    net.command('m', 'SET', 'a', '1');
    net.runUntil(10_000, (e, n) => n === 'm' && e.type === 'replicaDropped');
    const [d] = net.events.filter((e) => e.node === 'm' && e.event.type === 'replicaDropped');
    expect(d.event).toMatchObject({ limit: 'soft', usage: 20_440 + 64, softBytes: 20000, softSeconds: 2 });
    // Seen over the limit at the first clientsCron, dropped when more than 2 whole seconds passed.
    expect(d.t - t0).toBeGreaterThan(2000);
    expect(d.t - t0).toBeLessThanOrEqual(4000);
    expect(net.of('m', 'linkLost').at(-1)).toMatchObject({ cause: 'output-buffer-limit' });
  });

  it('REPLICAOF NO ONE and SHUTDOWN take the links down with their causes', () => {
    const net = pair();
    net.command('r', 'REPLICAOF', 'NO', 'ONE');
    expect(net.of('r', 'linkLost')).toEqual([{ type: 'linkLost', role: 'replica', peer: '127.0.0.1:6379', cause: 'replicaof' }]);
    expect(net.of('r', 'roleChanged').at(-1)).toEqual({ type: 'roleChanged', to: 'master', master: null });
    net.run(100);
    expect(net.of('m', 'linkLost')).toEqual([{ type: 'linkLost', role: 'master', peer: '127.0.0.1:6380', cause: 'closed' }]);

    const net2 = pair();
    net2.command('m', 'SHUTDOWN', 'NOSAVE');
    expect(net2.of('m', 'linkLost')).toEqual([{ type: 'linkLost', role: 'master', peer: '127.0.0.1:6380', cause: 'shutdown' }]);
  });
});
