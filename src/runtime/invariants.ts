// Invariants of a replication run, checked after every step in tests and the seed sweep:
//  1. master_repl_offset never goes back while the replication ID stays the same;
//  2. a replica that is online and caught up holds exactly its master's dataset;
//  3. the bytes a replica applied are the bytes its master wrote at the same offsets
//     (compared where both backlogs still hold them);
//  4. a connected replica's offset never passes its master's (same replication ID).
// Keys a writable replica wrote itself (named local:*) stay on that replica only, as in Redis
// 4.0+, so the dataset comparisons leave them out.

import { backlogRead } from '../engine/backlog.ts';
import { keyspaceDigest } from '../engine/keyspace.ts';
import { replicas } from '../engine/state.ts';
import type { NodeEvent } from '../engine/io.ts';
import type { Sim } from './sim.ts';
import type { TraceEntry } from './trace.ts';

/** Keys the seed sweep writes on writable replicas: never replicated, left out of comparisons. */
export const LOCAL_KEY_PREFIX = 'local:';
const notLocal = (k: string) => k.startsWith(LOCAL_KEY_PREFIX);

/** The dataset as compared between a master and its replicas (local:* keys left out). */
export function replicatedDigest(ks: Parameters<typeof keyspaceDigest>[0]): string {
  return keyspaceDigest(ks, notLocal);
}

export interface InvariantMemory {
  /** node -> [replId, offset] last seen */
  lastOffsets: Map<string, [string, number]>;
}

export function newInvariantMemory(): InvariantMemory {
  return { lastOffsets: new Map() };
}

export function checkInvariants(sim: Sim, mem: InvariantMemory): string[] {
  const out: string[] = [];
  for (const n of sim.nodes.values()) {
    const s = n.state;
    if (!s) continue;
    // A restart loads an older RDB: its offset may be earlier, so each boot is checked apart.
    const key = `${n.name}#${n.incarnation}`;
    const prev = mem.lastOffsets.get(key);
    if (prev && prev[0] === s.replId && s.masterReplOffset < prev[1]) {
      out.push(`${n.name}: master_repl_offset went back from ${prev[1]} to ${s.masterReplOffset} within replid ${s.replId}`);
    }
    mem.lastOffsets.set(key, [s.replId, s.masterReplOffset]);
    // 4. A replica holds only bytes its master sent: its offset is never past the master's.
    if (s.master && s.replState === 'REPL_STATE_CONNECTED') {
      const upNode = [...sim.nodes.values()].find((x) => x.port === s.masterPort);
      const up = upNode?.state;
      // Only against the master process that serves this link (a restarted master knows nothing
      // of links to its previous process, which the replica may not have noticed yet).
      const served = up !== null && up !== undefined && replicas(up).some((c) => c.listeningPort === n.port);
      if (up && served && up.replId === s.master.replId && s.master.reploff > up.masterReplOffset) {
        out.push(`${n.name}: offset ${s.master.reploff} is past its master ${upNode!.name}'s ${up.masterReplOffset} (replid ${up.replId})`);
      }
    }
  }
  for (const m of sim.nodes.values()) {
    const ms = m.state;
    if (!ms) continue;
    for (const c of replicas(ms)) {
      const r = c.replica!;
      if (r.state !== 'online' || r.streamOnAck || r.pending.length > 0) continue;
      // Which of our nodes is this replica? (its listening port)
      const rn = [...sim.nodes.values()].find((x) => x.port === c.listeningPort);
      const rs = rn?.state;
      if (!rs || !rs.master || rs.replId !== ms.replId) continue;
      // 3. byte prefix: overlapping backlog ranges must hold the same bytes.
      if (ms.backlog && rs.backlog) {
        const from = Math.max(ms.backlog.offset, rs.backlog.offset);
        const to = Math.min(ms.backlog.offset + ms.backlog.histlen, rs.backlog.offset + rs.backlog.histlen);
        if (to > from) {
          const a = backlogRead(ms.backlog, from).subarray(0, to - from);
          const b = backlogRead(rs.backlog, from).subarray(0, to - from);
          for (let i = 0; i < a.length; i++) {
            if (a[i] !== b[i]) {
              out.push(`${rn!.name}: stream byte at offset ${from + i} differs from ${m.name}'s (${a[i]} vs ${b[i]})`);
              break;
            }
          }
        }
      }
      // 2. caught up => same dataset.
      if (rs.master.reploff === ms.masterReplOffset && rs.master.inbuf.length === 0 && rs.master.multi === null) {
        const dm = replicatedDigest(ms.ks);
        const dr = replicatedDigest(rs.ks);
        if (dm !== dr) out.push(`${rn!.name}: online at offset ${rs.master.reploff} but its dataset differs from ${m.name}'s`);
      }
    }
  }
  return out;
}

/**
 * Sentinel failovers, watched over the trace as it is written (the seed sweep's Sentinel family):
 *  1. one replica is selected per failover epoch, whichever Sentinel leads it, and a Sentinel
 *     votes for one leader per epoch;
 *  2. the selected replica is the best of the eligible ones: never a replica-priority 0 one, the
 *     lowest priority, then the highest replication offset (as the Sentinel knew it, and as the
 *     replicas held it when their offsets were frozen);
 *  3. at the end (sentinelConverged), every Sentinel names the same master and every data node
 *     replicates it, online, with its dataset.
 */
export class SentinelWatch {
  readonly problems: string[] = [];
  /** Failover selections seen. */
  selections = 0;
  private readonly selectedByEpoch = new Map<number, string>();
  private readonly votes = new Map<string, string>();
  private readonly switched = new Map<string, string>();

  /**
   * `sim` gives the simulation as it runs; `priority` the replica-priority each replica was given.
   */
  constructor(private readonly sim: () => Sim | null, private readonly priority: ReadonlyMap<string, number>) {}

  readonly onTrace = (e: TraceEntry): void => {
    if (e.kind !== 'event') return;
    const ev = e.event;
    if (ev.type === 'sentinelVote') {
      const key = `${ev.voter} ${ev.epoch}`;
      const was = this.votes.get(key);
      if (was !== undefined && was !== ev.leader) this.problems.push(`${ev.voter} voted for ${was} and ${ev.leader} in epoch ${ev.epoch}`);
      this.votes.set(key, ev.leader);
    } else if (ev.type === 'sentinelEvent' && ev.name === '+switch-master') {
      const [, , , ip, port] = ev.detail.split(' ');
      this.switched.set(e.node, `${ip}:${port}`);
    } else if (ev.type === 'sentinelSelected') {
      this.selections++;
      this.selected(e.node, e.t, ev);
    }
  };

  private selected(sentinel: string, t: number, ev: Extract<NodeEvent, { type: 'sentinelSelected' }>): void {
    const at = `${sentinel} at ${t} ms, epoch ${ev.epoch}`;
    const was = this.selectedByEpoch.get(ev.epoch);
    if (was !== undefined && was !== ev.replica) this.problems.push(`${at}: selected ${ev.replica}, but ${was} was selected in the same epoch`);
    this.selectedByEpoch.set(ev.epoch, ev.replica);
    const sim = this.sim();
    const nodeOf = (addr: string) => (sim ? [...sim.nodes.values()].find((n) => n.port === Number(addr.slice(addr.lastIndexOf(':') + 1))) : undefined);
    const chosen = ev.candidates[0];
    if (!chosen || chosen.replica !== ev.replica) {
      this.problems.push(`${at}: selected ${ev.replica}, not the first of its candidates`);
      return;
    }
    for (const c of ev.candidates) {
      const name = nodeOf(c.replica)?.name ?? c.replica;
      if (this.priority.get(name) === 0) this.problems.push(`${at}: ${name} has replica-priority 0 but was a candidate`);
      if (c.priority < chosen.priority || (c.priority === chosen.priority && c.offset > chosen.offset)) {
        this.problems.push(`${at}: selected ${ev.replica} (priority ${chosen.priority}, offset ${chosen.offset}) over ${c.replica} (priority ${c.priority}, offset ${c.offset})`);
      }
    }
    // The offsets the replicas really hold: when the Sentinel's view matches them (its last INFO
    // came after they stopped moving), the chosen one holds the most among its priority.
    const real = (addr: string) => {
      const s = nodeOf(addr)?.state;
      return s ? (s.master?.reploff ?? s.cachedMaster?.reploff ?? null) : null;
    };
    if (ev.candidates.every((c) => real(c.replica) === c.offset)) {
      for (const c of ev.candidates) {
        if (c.priority === chosen.priority && real(c.replica)! > real(chosen.replica)!) this.problems.push(`${at}: ${c.replica} holds more of the stream than the selected ${ev.replica}`);
      }
    }
  }

  /** After recovery: one master named by every Sentinel, followed by every other data node. */
  converged(sim: Sim, dataNodes: readonly string[], sentinels: readonly string[], initial: string): string[] {
    const out: string[] = [];
    const named = new Set(sentinels.map((s) => this.switched.get(s) ?? initial));
    if (named.size !== 1) {
      out.push(`the Sentinels name different masters: ${[...named].join(', ')}`);
      return out;
    }
    const addr = [...named][0];
    const port = Number(addr.slice(addr.lastIndexOf(':') + 1));
    const master = dataNodes.map((n) => sim.nodes.get(n)!).find((n) => n.port === port);
    const ms = master?.state;
    if (!master || !ms) return [`the master the Sentinels name, ${addr}, is not a running data node`];
    if (ms.masterHost !== null) out.push(`${master.name}, named master by the Sentinels, is a replica of ${ms.masterHost}:${ms.masterPort}`);
    for (const name of dataNodes) {
      if (name === master.name) continue;
      const s = sim.nodes.get(name)!.state;
      if (!s) out.push(`${name} is down at the end`);
      else if (s.masterPort !== port || s.replState !== 'REPL_STATE_CONNECTED') out.push(`${name} does not replicate ${master.name} online at the end (${s.masterHost}:${s.masterPort}, ${s.replState})`);
      else if (replicatedDigest(s.ks) !== replicatedDigest(ms.ks)) out.push(`${name}'s dataset differs from ${master.name}'s at the end`);
    }
    return out;
  }
}
