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
import type { Sim } from './sim.ts';

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
