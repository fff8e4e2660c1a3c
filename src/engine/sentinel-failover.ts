// The agreement and the failover (sentinel.c): sentinelVoteLeader(), sentinelGetLeader(), starting a
// failover, sentinelSelectSlave() and the failover state machine up to +failover-end.

import { prngInt } from './prng.ts';
import { event, log, type NodeState } from './state.ts';
import {
  SENTINEL_ELECTION_TIMEOUT, SENTINEL_INFO_PERIOD, SENTINEL_MAX_DESYNC, SENTINEL_PING_PERIOD, SENTINEL_SLAVE_RECONF_TIMEOUT, type SentinelInstance, type SentinelMaster,
} from './sentinel-state.ts';
import { ctime, flushConfig, sen, sendSlaveOf, sentinelEvent, setFailoverState } from './sentinel-core.ts';

/** sentinelVoteLeader(). */
export function voteLeader(s: NodeState, m: SentinelMaster, reqEpoch: number, reqRunid: string): { leader: string | null; epoch: number } {
  const st = sen(s);
  if (reqEpoch > st.currentEpoch) {
    st.currentEpoch = reqEpoch;
    flushConfig(s);
    sentinelEvent(s, '#', '+new-epoch', m, m, String(st.currentEpoch), false);
  }
  if (m.leaderEpoch < reqEpoch && st.currentEpoch <= reqEpoch) {
    m.leader = reqRunid;
    m.leaderEpoch = st.currentEpoch;
    flushConfig(s);
    sentinelEvent(s, '#', '+vote-for-leader', m, m, `${m.leader} ${m.leaderEpoch}`, false);
    // Voting for another delays our own failover start.
    if (m.leader.toLowerCase() !== st.myid) m.failoverStartTime = s.nowMs + prngInt(s.rng, SENTINEL_MAX_DESYNC);
  }
  return { leader: m.leader, epoch: m.leaderEpoch };
}

/** sentinelGetLeader(): the winner of the epoch's election, if it has a majority and the quorum. */
export function getLeader(s: NodeState, m: SentinelMaster, epoch: number): string | null {
  const st = sen(s);
  const counters = new Map<string, number>();
  const voters = m.sentinels.length + 1;
  for (const ri of m.sentinels) if (ri.leader !== null && ri.leaderEpoch === st.currentEpoch) counters.set(ri.leader, (counters.get(ri.leader) ?? 0) + 1);
  let winner: string | null = null;
  let maxVotes = 0;
  for (const [k, v] of counters) if (v > maxVotes) { maxVotes = v; winner = k; }
  const my = voteLeader(s, m, epoch, winner ?? st.myid);
  if (my.leader !== null && my.epoch === epoch) {
    const votes = (counters.get(my.leader) ?? 0) + 1;
    counters.set(my.leader, votes);
    if (votes > maxVotes) { maxVotes = votes; winner = my.leader; }
  }
  const votersQuorum = Math.floor(voters / 2) + 1;
  if (winner !== null && (maxVotes < votersQuorum || maxVotes < m.quorum)) winner = null;
  return winner;
}

/** sentinelStartFailover(). */
export function startFailover(s: NodeState, m: SentinelMaster): void {
  const st = sen(s);
  setFailoverState(s, m, 'wait_start');
  m.failoverInProgress = true;
  m.failoverEpoch = ++st.currentEpoch;
  sentinelEvent(s, '#', '+new-epoch', m, m, String(st.currentEpoch), false);
  sentinelEvent(s, '#', '+try-failover', m, m);
  m.failoverStartTime = s.nowMs + prngInt(s.rng, SENTINEL_MAX_DESYNC);
  m.failoverStateChangeTime = s.nowMs;
}

/** sentinelStartFailoverIfNeeded(). */
export function startFailoverIfNeeded(s: NodeState, m: SentinelMaster): boolean {
  if (!m.oDown) return false;
  if (m.failoverInProgress) return false;
  if (s.nowMs - m.failoverStartTime < m.failoverTimeout * 2) {
    if (m.failoverDelayLogged !== m.failoverStartTime) {
      m.failoverDelayLogged = m.failoverStartTime;
      log(s, '#', `Next failover delay: I will not start a failover before ${ctime(m.failoverStartTime + m.failoverTimeout * 2)}`, 'X');
    }
    return false;
  }
  startFailover(s, m);
  return true;
}

/** sentinelSelectSlave(): the replica to promote (priority, then offset, then run id), or null. */
export function selectSlave(s: NodeState, m: SentinelMaster): SentinelInstance | null {
  return eligibleSlaves(s, m)[0] ?? null;
}

/** The replicas sentinelSelectSlave() would consider, best first. */
export function eligibleSlaves(s: NodeState, m: SentinelMaster): SentinelInstance[] {
  const now = s.nowMs;
  let maxDown = 0;
  if (m.sDown) maxDown += now - m.sDownSince;
  maxDown += m.downAfterMs * 10;
  const ok: SentinelInstance[] = [];
  for (const r of m.slaves) {
    if (r.sDown || r.oDown) continue;
    if (r.link.disconnected) continue;
    if (now - r.link.lastAvailTime > SENTINEL_PING_PERIOD * 5) continue;
    if (r.slavePriority === 0) continue;
    const validity = m.sDown ? SENTINEL_PING_PERIOD * 5 : SENTINEL_INFO_PERIOD * 3;
    if (now - r.infoRefresh > validity) continue;
    if (r.masterLinkDownTime > maxDown) continue;
    ok.push(r);
  }
  ok.sort(compareSlavesForPromotion);
  return ok;
}

/** compareSlavesForPromotion(): lower priority, then higher offset, then the smaller run id (none last). */
export function compareSlavesForPromotion(a: SentinelInstance, b: SentinelInstance): number {
  if (a.slavePriority !== b.slavePriority) return a.slavePriority - b.slavePriority;
  if (a.slaveReplOffset > b.slaveReplOffset) return -1;
  if (a.slaveReplOffset < b.slaveReplOffset) return 1;
  const sa = a.runId;
  const sb = b.runId;
  if (sa === null && sb === null) return 0;
  if (sa === null) return 1;
  if (sb === null) return -1;
  const la = sa.toLowerCase();
  const lb = sb.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

export function abortFailover(s: NodeState, m: SentinelMaster): void {
  m.failoverInProgress = false;
  m.forceFailover = false;
  setFailoverState(s, m, 'none');
  const p = m.slaves.find((x) => x.name === m.promotedSlave);
  if (p) p.promoted = false;
  m.promotedSlave = null;
}

/** sentinelFailoverStateMachine(). */
export function failoverStateMachine(s: NodeState, m: SentinelMaster): void {
  if (!m.failoverInProgress) return;
  const st = sen(s);
  const now = s.nowMs;
  switch (m.failoverState) {
    case 'wait_start': {
      const leader = getLeader(s, m, m.failoverEpoch);
      const isLeader = leader !== null && leader.toLowerCase() === st.myid;
      if (!isLeader && !m.forceFailover) {
        const electionTimeout = Math.min(SENTINEL_ELECTION_TIMEOUT, m.failoverTimeout);
        if (now - m.failoverStartTime > electionTimeout) {
          sentinelEvent(s, '#', '-failover-abort-not-elected', m, m);
          abortFailover(s, m);
        }
        return;
      }
      sentinelEvent(s, '#', '+elected-leader', m, m);
      setFailoverState(s, m, 'select_slave');
      sentinelEvent(s, '#', '+failover-state-select-slave', m, m);
      return;
    }
    case 'select_slave': {
      const candidates = eligibleSlaves(s, m);
      const slave = candidates[0];
      if (!slave) {
        sentinelEvent(s, '#', '-failover-abort-no-good-slave', m, m);
        abortFailover(s, m);
        return;
      }
      sentinelEvent(s, '#', '+selected-slave', slave, m);
      event(s, { type: 'sentinelSelected', master: m.name, replica: slave.name, offset: slave.slaveReplOffset, priority: slave.slavePriority, epoch: m.failoverEpoch, candidates: candidates.map((c) => ({ replica: c.name, offset: c.slaveReplOffset, priority: c.slavePriority, runId: c.runId ?? '' })) });
      slave.promoted = true;
      m.promotedSlave = slave.name;
      setFailoverState(s, m, 'send_slaveof_noone');
      sentinelEvent(s, '*', '+failover-state-send-slaveof-noone', slave, m);
      return;
    }
    case 'send_slaveof_noone': {
      const p = m.slaves.find((x) => x.name === m.promotedSlave)!;
      if (p.link.disconnected) {
        if (now - m.failoverStateChangeTime > m.failoverTimeout) {
          sentinelEvent(s, '#', '-failover-abort-slave-timeout', m, m);
          abortFailover(s, m);
        }
        return;
      }
      if (!sendSlaveOf(s, p, null, 0)) return;
      sentinelEvent(s, '*', '+failover-state-wait-promotion', p, m);
      setFailoverState(s, m, 'wait_promotion');
      return;
    }
    case 'wait_promotion':
      if (now - m.failoverStateChangeTime > m.failoverTimeout) {
        sentinelEvent(s, '#', '-failover-abort-slave-timeout', m, m);
        abortFailover(s, m);
      }
      return;
    case 'reconf_slaves':
      failoverReconfNextSlave(s, m);
      return;
    default:
      return;
  }
}

/** sentinelFailoverReconfNextSlave(): at most parallel-syncs replicas are told to follow the promoted one at a time. */
export function failoverReconfNextSlave(s: NodeState, m: SentinelMaster): void {
  const now = s.nowMs;
  const promoted = m.slaves.find((x) => x.name === m.promotedSlave);
  let inProgress = m.slaves.filter((r) => r.reconfSent || r.reconfInprog).length;
  for (const r of m.slaves) {
    if (inProgress >= m.parallelSyncs) break;
    if (r.promoted || r.reconfDone) continue;
    if (r.reconfSent && now - r.slaveReconfSentTime > SENTINEL_SLAVE_RECONF_TIMEOUT) {
      sentinelEvent(s, '*', '-slave-reconf-sent-timeout', r, m);
      r.reconfSent = false;
      r.reconfDone = true;
    }
    if (r.reconfSent || r.reconfInprog) continue;
    if (r.link.disconnected) continue;
    if (promoted && sendSlaveOf(s, r, promoted.ip, promoted.port)) {
      r.reconfSent = true;
      r.slaveReconfSentTime = now;
      sentinelEvent(s, '*', '+slave-reconf-sent', r, m);
      inProgress++;
    }
  }
  failoverDetectEnd(s, m);
}

/** sentinelFailoverDetectEnd(). */
export function failoverDetectEnd(s: NodeState, m: SentinelMaster): void {
  const promoted = m.slaves.find((x) => x.name === m.promotedSlave);
  if (!promoted || promoted.sDown) return;
  let notReconfigured = 0;
  let timeout = false;
  for (const r of m.slaves) {
    if (r.promoted || r.reconfDone) continue;
    if (r.sDown) continue;
    notReconfigured++;
  }
  if (s.nowMs - m.failoverStateChangeTime > m.failoverTimeout) {
    notReconfigured = 0;
    timeout = true;
    sentinelEvent(s, '#', '+failover-end-for-timeout', m, m);
  }
  if (notReconfigured === 0) {
    sentinelEvent(s, '#', '+failover-end', m, m);
    setFailoverState(s, m, 'update_config');
  }
  if (timeout) {
    for (const r of m.slaves) {
      if (r.promoted || r.reconfDone || r.reconfSent) continue;
      if (r.link.disconnected) continue;
      if (sendSlaveOf(s, r, promoted.ip, promoted.port)) {
        sentinelEvent(s, '*', '+slave-reconf-sent-be', r, m);
        r.reconfSent = true;
      }
    }
  }
}
