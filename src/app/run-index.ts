// The run index: everything the panels read that derives from the trace, built incrementally as
// entries arrive and cut back when time goes back. One pass over typed entries, no text parsing:
// the event log (Redis's log lines and the actions on the cluster), the transcript's marks
// (commands, crashes, replies), the moments (what a narration, a marker or a lesson points at),
// and the offsets over time for the charts (a point at every entry that changes an offset).

import type { HandshakeWhy, LinkLostCause, PsyncVerdict } from '../engine/io.ts';
import type { ReplyEvent } from '../runtime/sim.ts';
import type { EntryOf, TraceEntry } from '../runtime/trace.ts';
import type { CommandMark, CrashMark, ReplyMark } from './transcript.ts';
import { OffsetSeries } from './offset-series.ts';

/** An entry the event log shows: a Redis log line, or an action on a node or a link. */
export type LogEntry = EntryOf<'log'> | EntryOf<'nodeAction'> | EntryOf<'linkAction'>;
export type LogLine = LogEntry & { readonly index: number };

/**
 * A notable moment of the run: what happened, to whom, when and why. Redis names a replica by
 * "ip:port" and a master by "host:port"; the `…Node` fields name the node listening there.
 */
export type Moment = { readonly index: number; readonly t: number; readonly node: string } & MomentWhat;

export type MomentWhat =
  /** A replica started its handshake with a master (connectWithMaster). */
  | { readonly kind: 'syncStarted'; readonly master: string; readonly why: HandshakeWhy }
  /** A master answered a PSYNC: +CONTINUE (accepted) or +FULLRESYNC and why. */
  | { readonly kind: 'psync'; readonly replica: string; readonly replicaNode: string | null; readonly verdict: PsyncVerdict; readonly offset: number; readonly replId: string }
  /** The RDB of a full sync started or finished flowing to a replica. */
  | { readonly kind: 'rdbTransfer'; readonly phase: 'started' | 'ended'; readonly replica: string; readonly bytes: number; readonly target: 'disk' | 'socket' }
  /** A replica finished its sync: the link is up. */
  | { readonly kind: 'syncFinished'; readonly master: string; readonly masterNode: string | null; readonly mode: 'full' | 'partial'; readonly offset: number }
  /** A replication link went down; 'crash' when the peer's process died. */
  | { readonly kind: 'linkLost'; readonly role: 'master' | 'replica'; readonly peer: string; readonly peerNode: string | null; readonly cause: LinkLostCause | 'crash' }
  /** A master dropped a replica for its output buffer. */
  | { readonly kind: 'bufferLimit'; readonly replica: string; readonly replicaNode: string | null; readonly limit: 'hard' | 'soft'; readonly usage: number; readonly hardBytes: number; readonly softBytes: number; readonly softSeconds: number }
  | { readonly kind: 'roleChanged'; readonly to: 'master' | 'replica'; readonly master: string | null }
  /** Someone acted on the cluster: a fault, a repair, a restart, link settings. */
  | { readonly kind: 'action'; readonly entry: EntryOf<'nodeAction'> | EntryOf<'linkAction'> }
  /**
   * A Sentinel's event (sentinelEvent(): +sdown, +odown, +elected-leader, +switch-master...): `name`
   * as Redis names it; `target` the node at the instance's address (a replica or master, or another
   * Sentinel), when one listens there; for +switch-master, `to` the node at the new address.
   */
  | { readonly kind: 'sentinel'; readonly name: string; readonly instance: 'master' | 'slave' | 'sentinel'; readonly master: string; readonly target: string | null; readonly addr: string; readonly epoch: number; readonly to?: string | null }
  /** A Sentinel learnt another's vote (is-master-down-by-addr's reply): `voter` voted for `leader` in `epoch`. */
  | { readonly kind: 'sentinelVote'; readonly voter: string; readonly leader: string; readonly epoch: number; readonly master: string };

export type MomentKind = MomentWhat['kind'];

const LOG_KINDS: ReadonlySet<TraceEntry['kind']> = new Set(['log', 'nodeAction', 'linkAction']);

/** The Sentinel events that are moments (the failover's steps and what leads to them). */
export const SENTINEL_MOMENTS: ReadonlySet<string> = new Set([
  '+sdown', '-sdown', '+odown', '-odown', '+new-epoch', '+try-failover', '+vote-for-leader', '+elected-leader', '+selected-slave',
  '+failover-state-send-slaveof-noone', '+promoted-slave', '+slave-reconf-sent', '+slave-reconf-inprog', '+slave-reconf-done', '+failover-end',
  '+failover-end-for-timeout', '+switch-master', '+config-update-from', '+convert-to-slave', '+sentinel', '+tilt', '-tilt', 'no-good-slave',
]);

/** Within this long after a node crashed, a peer's closed link is put down to the crash. */
const CRASH_FIN_MS = 1000;

export class RunIndex {
  /** Entries seen (the trace's length at the cursor). */
  count = 0;
  log: LogLine[] = [];
  commands: CommandMark[] = [];
  crashes: CrashMark[] = [];
  replies: ReplyMark[] = [];
  moments: Moment[] = [];
  readonly offsets = new OffsetSeries();
  /** Bumped when the log / the transcript marks / the moments change. */
  logVersion = 0;
  transcriptVersion = 0;
  momentsVersion = 0;
  /** Node name by port, from the boots seen (replicas are named by "ip:port" in Redis's events). */
  private readonly portNames = new Map<number, string>();
  /** Sentinel name by Sentinel ID, from the +sentinel events seen (votes name Sentinels by ID). */
  private readonly sentinelIds = new Map<string, string>();
  private readonly crashedAt = new Map<string, number>();

  /** Adds entries that follow the ones already seen. */
  add(batch: readonly TraceEntry[]): void {
    for (const e of batch) this.addOne(e, this.count++);
  }

  /** A reply came when the trace had `pos` entries: it sits after them. */
  addReply(r: ReplyEvent, pos: number): void {
    this.replies.push({ pos, event: r });
    this.transcriptVersion++;
  }

  /** The trace was cut back to its first `keep` entries (a seek back, another branch). */
  cutBack(keep: number): void {
    if (keep >= this.count) return;
    this.count = keep;
    this.log = this.log.filter((l) => l.index < keep);
    this.commands = this.commands.filter((c) => c.index < keep);
    this.crashes = this.crashes.filter((c) => c.index < keep);
    this.replies = this.replies.filter((r) => r.pos <= keep);
    this.moments = this.moments.filter((m) => m.index < keep);
    this.offsets.cutBack(keep);
    for (const [node, t] of this.crashedAt) if (!this.crashes.some((c) => c.node === node && c.t === t)) this.crashedAt.delete(node);
    this.logVersion++;
    this.transcriptVersion++;
    this.momentsVersion++;
  }

  /** The node listening on a port ("127.0.0.1:6380" → r1), when there is one. */
  nodeOfAddress(addr: string): string | null {
    return this.portNames.get(Number(addr.slice(addr.lastIndexOf(':') + 1))) ?? null;
  }

  get nameOfPort(): ReadonlyMap<number, string> {
    return this.portNames;
  }

  private addOne(e: TraceEntry, index: number): void {
    if (LOG_KINDS.has(e.kind)) {
      this.log.push({ ...(e as LogEntry), index });
      this.logVersion++;
    }
    switch (e.kind) {
      case 'boot':
        this.portNames.set(e.port, e.node);
        break;
      case 'command':
        this.commands.push({ index, t: e.t, node: e.node, argv: e.argv });
        this.transcriptVersion++;
        break;
      case 'nodeAction':
        if (e.action === 'crash') {
          this.crashes.push({ index, t: e.t, node: e.node });
          this.crashedAt.set(e.node, e.t);
          this.transcriptVersion++;
        }
        this.moment(index, e.t, e.node, { kind: 'action', entry: e });
        break;
      case 'linkAction':
        this.moment(index, e.t, e.node, { kind: 'action', entry: e });
        break;
      case 'consoleClosed':
        // redis-cli exited (Ctrl+C): its open command gets no reply.
        this.crashes.push({ index, t: e.t, node: e.node, console: true });
        this.transcriptVersion++;
        break;
      case 'event':
        this.event(e, index);
        break;
      default:
        break;
    }
    this.offsets.add(e, index, this);
  }

  private event(e: EntryOf<'event'>, index: number): void {
    const ev = e.event;
    switch (ev.type) {
      case 'handshakeStarted':
        this.moment(index, e.t, e.node, { kind: 'syncStarted', master: ev.master, why: ev.why });
        break;
      case 'psyncDecision':
        this.moment(index, e.t, e.node, { kind: 'psync', replica: ev.replica, replicaNode: this.nodeOfAddress(ev.replica), verdict: ev.verdict, offset: ev.offset, replId: ev.replId });
        break;
      case 'rdbTransferStarted': case 'rdbTransferEnded':
        this.moment(index, e.t, e.node, { kind: 'rdbTransfer', phase: ev.type === 'rdbTransferStarted' ? 'started' : 'ended', replica: ev.replica, bytes: ev.bytes, target: ev.target });
        break;
      case 'syncFinished':
        this.moment(index, e.t, e.node, { kind: 'syncFinished', master: ev.master, masterNode: this.nodeOfAddress(ev.master), mode: ev.mode, offset: ev.offset });
        break;
      case 'linkLost':
        this.moment(index, e.t, e.node, { kind: 'linkLost', role: ev.role, peer: ev.peer, peerNode: this.nodeOfAddress(ev.peer), cause: this.lostCause(ev.cause, ev.peer, e.t) });
        break;
      case 'replicaDropped':
        this.moment(index, e.t, e.node, { kind: 'bufferLimit', replica: ev.replica, replicaNode: this.nodeOfAddress(ev.replica), limit: ev.limit, usage: ev.usage, hardBytes: ev.hardBytes, softBytes: ev.softBytes, softSeconds: ev.softSeconds });
        break;
      case 'roleChanged':
        this.moment(index, e.t, e.node, { kind: 'roleChanged', to: ev.to, master: ev.master });
        break;
      case 'sentinelEvent': {
        const addr = `${ev.ip}:${ev.port}`;
        const target = this.nodeOfAddress(addr);
        if (ev.name === '+sentinel' && target) this.sentinelIds.set(ev.instanceName, target);
        if (!SENTINEL_MOMENTS.has(ev.name) && !ev.name.startsWith('-failover-abort')) break;
        const to = ev.name === '+switch-master' ? this.promotedFor(ev.master, ev.epoch) : undefined;
        this.moment(index, e.t, e.node, { kind: 'sentinel', name: ev.name, instance: ev.instance, master: ev.master, target, addr, epoch: ev.epoch, ...(to !== undefined ? { to } : {}) });
        break;
      }
      case 'sentinelVote':
        this.moment(index, e.t, e.node, { kind: 'sentinelVote', voter: this.sentinelName(ev.voter), leader: this.sentinelName(ev.leader), epoch: ev.epoch, master: ev.master });
        break;
      default:
        break;
    }
  }

  /** A Sentinel by its ID: its node's name once a +sentinel named it, else the ID's first 8 characters. */
  sentinelName(id: string): string {
    return this.sentinelIds.get(id) ?? id.slice(0, 8);
  }

  /** The replica a leader selected for this master in this epoch (what +switch-master switches to). */
  private promotedFor(master: string, epoch: number): string | null {
    for (let i = this.moments.length - 1; i >= 0; i--) {
      const m = this.moments[i];
      if (m.kind === 'sentinel' && m.name === '+selected-slave' && m.master === master && m.epoch === epoch) return m.target;
    }
    return null;
  }

  /** A FIN from a peer whose process just died is the crash, as the learner caused it. */
  private lostCause(cause: LinkLostCause, peer: string, t: number): LinkLostCause | 'crash' {
    if (cause !== 'closed' && cause !== 'reset') return cause;
    const host = peer.slice(0, peer.lastIndexOf(':'));
    const node = this.nodeOfAddress(peer) ?? host;
    const at = this.crashedAt.get(node);
    return at !== undefined && t >= at && t - at <= CRASH_FIN_MS ? 'crash' : cause;
  }

  private moment(index: number, t: number, node: string, what: MomentWhat): void {
    this.moments.push({ index, t, node, ...what } as Moment);
    this.momentsVersion++;
  }
}
