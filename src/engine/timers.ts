// The timers a node is waiting on, read from its state (no effect on it): when each started and
// the moment Redis acts on it. Most replication timeouts are checked by replicationCron(), once a
// second (every tenth serverCron), so such a timer ends at the first of those ticks at or after
// its deadline — which is when Redis really acts, not the deadline itself.

import { configBool, configInt } from './config.ts';
import { CRON_PERIOD_MS } from './node.ts';
import { replicaName, replicas, unixSec, type NodeState, type ReplState } from './state.ts';
import { SENTINEL_PING_PERIOD, type SentinelState } from './sentinel-state.ts';

export type NodeTimerName =
  | 'repl-diskless-sync-delay' | 'repl-timeout' | 'repl-ping-replica-period' | 'replica-ack' | 'connect-retry' | 'debug-sleep' | 'wait-timeout'
  | 'down-after-milliseconds' | 'failover-timeout';

/** A timer, in the node's absolute simulated ms. */
export interface NodeTimer {
  readonly name: NodeTimerName;
  readonly peer?: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** serverCron runs replicationCron() every this many loops (run_with_period(1000)). */
const REPL_CRON_EVERY = 10;

/**
 * When serverCron runs next. Its first run is 1 ms after the start and then every 100 ms; a
 * DEBUG SLEEP holds it back to the wake-up, and it goes on every 100 ms from there.
 */
export function nextServerCronMs(s: NodeState): number {
  const grid = s.startedAtMs + 1 + CRON_PERIOD_MS * s.cronLoops;
  const woke = s.blockedUntilMs;
  if (woke <= s.startedAtMs) return grid;
  if (s.nowMs < woke) return Math.max(grid, woke);
  return woke + CRON_PERIOD_MS * (Math.floor((s.nowMs - woke) / CRON_PERIOD_MS) + 1);
}

/** When replicationCron() runs next. */
export function nextReplicationCronMs(s: NodeState): number {
  return nextServerCronMs(s) + CRON_PERIOD_MS * ((REPL_CRON_EVERY - (s.cronLoops % REPL_CRON_EVERY)) % REPL_CRON_EVERY);
}

/** The first replicationCron() tick at or after `deadlineMs`. */
function tickAtOrAfter(nextTick: number, deadlineMs: number): number {
  const period = CRON_PERIOD_MS * REPL_CRON_EVERY;
  return deadlineMs <= nextTick ? nextTick : nextTick + period * Math.ceil((deadlineMs - nextTick) / period);
}

const HANDSHAKE_STATES: ReadonlySet<ReplState> = new Set([
  'REPL_STATE_CONNECTING', 'REPL_STATE_RECEIVE_PING_REPLY', 'REPL_STATE_SEND_HANDSHAKE', 'REPL_STATE_RECEIVE_AUTH_REPLY',
  'REPL_STATE_RECEIVE_PORT_REPLY', 'REPL_STATE_RECEIVE_IP_REPLY', 'REPL_STATE_RECEIVE_CAPA_REPLY', 'REPL_STATE_SEND_PSYNC',
  'REPL_STATE_RECEIVE_PSYNC_REPLY', 'REPL_STATE_TRANSFER',
]);

/** The timers running on a node now, soonest first. */
export function nodeTimers(s: NodeState): NodeTimer[] {
  const out: NodeTimer[] = [];
  const tick = nextReplicationCronMs(s);
  const timeoutS = configInt(s.config, 'repl-timeout');
  // "now - last > timeout", in whole seconds: the first second past last's second + timeout.
  const timeoutAt = (lastMs: number) => tickAtOrAfter(tick, (unixSec(lastMs) + timeoutS + 1) * 1000);

  if (s.blockedUntilMs > s.nowMs) out.push({ name: 'debug-sleep', startMs: s.nowMs, endMs: s.blockedUntilMs });
  for (const c of Object.values(s.consoleClients)) {
    const b = c.blocked;
    if (b && b.untilMs > 0) out.push({ name: 'wait-timeout', startMs: b.sinceMs, endMs: b.untilMs });
  }

  // Replica side.
  if (s.masterHost !== null) {
    if (s.master && s.replState === 'REPL_STATE_CONNECTED') {
      out.push({ name: 'repl-timeout', peer: s.master.peer, startMs: s.master.lastInteractionMs, endMs: timeoutAt(s.master.lastInteractionMs) });
    } else if (s.handshake && HANDSHAKE_STATES.has(s.replState)) {
      out.push({ name: 'repl-timeout', peer: s.handshake.peer, startMs: s.handshake.lastIoMs, endMs: timeoutAt(s.handshake.lastIoMs) });
    }
    if (s.replState === 'REPL_STATE_CONNECT' && !s.handshake) {
      out.push({ name: 'connect-retry', peer: `${s.masterHost}:${s.masterPort}`, startMs: Math.max(tick - 1000, s.replDownSinceMs), endMs: tick });
    }
    if (s.master) out.push({ name: 'replica-ack', peer: s.master.peer, startMs: tick - 1000, endMs: tick });
  }

  // Master side.
  const reps = replicas(s);
  if (reps.length > 0) {
    const period = configInt(s.config, 'repl-ping-replica-period');
    const ping = tick + 1000 * ((period - (s.replCronLoops % period)) % period);
    out.push({ name: 'repl-ping-replica-period', startMs: ping - 1000 * period, endMs: ping });
  }
  for (const c of reps) {
    const r = c.replica!;
    if (r.state === 'online') out.push({ name: 'repl-timeout', peer: replicaName(c), startMs: r.ackTimeMs, endMs: timeoutAt(r.ackTimeMs) });
  }
  const waiting = reps.filter((c) => c.replica!.state === 'wait_bgsave_start');
  const delayS = configInt(s.config, 'repl-diskless-sync-delay');
  if (waiting.length > 0 && s.rdbChild === null && configBool(s.config, 'repl-diskless-sync') && delayS > 0) {
    // shouldStartChildReplication(): the replica idle longest decides (or enough replicas came).
    const first = Math.min(...waiting.map((c) => c.lastInteractionMs));
    const maxReplicas = configInt(s.config, 'repl-diskless-sync-max-replicas');
    const deadline = maxReplicas > 0 && waiting.length >= maxReplicas ? tick : (unixSec(first) + delayS) * 1000;
    out.push({ name: 'repl-diskless-sync-delay', startMs: first, endMs: tickAtOrAfter(tick, deadline) });
  }
  if (s.sentinel) out.push(...sentinelTimers(s.sentinel, s.nowMs));
  return out.sort((a, b) => a.endMs - b.endMs);
}

/** The failover states that end in -failover-abort-slave-timeout / +failover-end-for-timeout after failover-timeout. */
const FAILOVER_TIMED = new Set(['send_slaveof_noone', 'wait_promotion', 'reconf_slaves']);

/**
 * A Sentinel's timers for each master it monitors. down-after-milliseconds: while the master
 * does not answer (a PING unanswered for a ping period, or the link down), counted as
 * sentinelCheckSubjectivelyDown() counts it — from the first unanswered PING, or from the last
 * valid reply when the link is down — until +sdown; that check runs on the Sentinel's next
 * sentinelTimer() past the deadline (its period is random, so the deadline itself is shown).
 * failover-timeout: during a failover's steps that give up after it, from the step's start.
 */
function sentinelTimers(st: SentinelState, now: number): NodeTimer[] {
  const out: NodeTimer[] = [];
  for (const m of st.masters) {
    const link = m.link;
    const peer = `${m.ip}:${m.port}`;
    const since = link.actPingTime ? link.actPingTime : link.disconnected ? link.lastAvailTime : 0;
    if (!m.sDown && since > 0 && (link.disconnected || now - since >= Math.min(m.downAfterMs, SENTINEL_PING_PERIOD))) {
      out.push({ name: 'down-after-milliseconds', peer, startMs: since, endMs: since + m.downAfterMs });
    }
    if (FAILOVER_TIMED.has(m.failoverState)) {
      out.push({ name: 'failover-timeout', peer, startMs: m.failoverStateChangeTime, endMs: m.failoverStateChangeTime + m.failoverTimeout });
    }
  }
  return out;
}
