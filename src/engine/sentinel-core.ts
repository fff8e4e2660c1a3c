// A Sentinel's bookkeeping shared by its parts (sentinel.c): creating instances, sentinelEvent(),
// sentinelFlushConfig(), the links and their connections, sentinelSendSlaveOf(), resetting a master.

import type { LogLevel } from './io.ts';
import { encodeCommand } from './resp.ts';
import { emit, event, log, send, type NodeState } from './state.ts';
import { publishMessage } from './pubsub.ts';
import { civilFromDays } from './logfmt.ts';
import {
  FAILOVER_ORDER, SENTINEL_DEFAULT_DOWN_AFTER, SENTINEL_DEFAULT_FAILOVER_TIMEOUT, SENTINEL_DEFAULT_PARALLEL_SYNCS, SENTINEL_HELLO_CHANNEL, SENTINEL_INFO_PERIOD, SENTINEL_PING_PERIOD, type FailoverState, type InstanceKind, type PendingReply, type SentinelInstance, type SentinelLink, type SentinelMaster, type SentinelState,
} from './sentinel-state.ts';

export const sen = (s: NodeState): SentinelState => s.sentinel!;

export function createLink(now: number): SentinelLink {
  return {
    cc: null, pc: null, ccUp: false, pcUp: false, ccHeld: [], pcHeld: [], ccIn: '', pcIn: '', ccPending: [], ccLocalIp: '127.0.0.1',
    disconnected: true, pendingCommands: 0, ccConnTime: 0, pcConnTime: 0, pcLastActivity: 0,
    actPingTime: now, lastPingTime: 0, lastPongTime: now, lastAvailTime: now, lastReconnTime: 0,
  };
}

/** createSentinelRedisInstance() for a replica or a Sentinel of `master` (or the master itself). */
export function createInstance(kind: InstanceKind, name: string, ip: string, port: number, downAfterMs: number, now: number): SentinelInstance {
  return {
    kind, name, ip, port, runId: null, link: createLink(now),
    sDown: false, oDown: false, masterDown: false, failoverInProgress: false, promoted: false, reconfSent: false, reconfInprog: false,
    reconfDone: false, forceFailover: false, sDownSince: 0, oDownSince: 0, downAfterMs, infoRefresh: 0, roleReported: kind === 'slave' ? 'slave' : 'master',
    roleReportedTime: now, lastPubTime: now, lastHelloTime: now, lastMasterDownReplyTime: now, leader: null, leaderEpoch: 0,
    masterLinkDownTime: 0, slaveMasterHost: null, slaveMasterPort: 0, slaveMasterLinkUp: false, slavePriority: 100, slaveReplOffset: 0,
    replicaAnnounced: 1, slaveConfChangeTime: now, slaveReconfSentTime: 0,
  };
}

export function createMaster(name: string, ip: string, port: number, quorum: number, now: number): SentinelMaster {
  return {
    ...createInstance('master', name, ip, port, SENTINEL_DEFAULT_DOWN_AFTER, now),
    kind: 'master', quorum, parallelSyncs: SENTINEL_DEFAULT_PARALLEL_SYNCS, failoverTimeout: SENTINEL_DEFAULT_FAILOVER_TIMEOUT,
    configEpoch: 0, failoverEpoch: 0, failoverState: 'none', failoverStateChangeTime: 0, failoverStartTime: 0, failoverDelayLogged: 0,
    promotedSlave: null, slaves: [], sentinels: [],
  };
}

// ------------------------------------------------------------------ events and config

/** sentinelEvent(): the log line, the typed event, and a message on the event's channel. */
export function sentinelEvent(s: NodeState, level: LogLevel, type: string, ri: SentinelInstance, master: SentinelMaster | null, rest = '', at = true): void {
  let msg: string;
  if (at) {
    msg = `${ri.kind} ${ri.name} ${ri.ip} ${ri.port}`;
    if (master && ri !== master) msg += ` @ ${master.name} ${master.ip} ${master.port}`;
    if (rest) msg += ` ${rest}`;
  } else msg = rest;
  log(s, level, `${type} ${msg}`, 'X');
  event(s, {
    type: 'sentinelEvent', name: type, instance: ri.kind, instanceName: ri.name, ip: ri.ip, port: ri.port,
    master: master ? master.name : ri.name, epoch: sen(s).currentEpoch, detail: msg,
  });
  publishMessage(s, type, msg);
}

/** sentinelFlushConfig(): the config is rewritten (kept on the simulated disk). */
export function flushConfig(s: NodeState): void {
  s.disk.configFile = { ...s.disk.configFile, sentinel: JSON.stringify(configSnapshot(sen(s))) };
  log(s, '*', 'Sentinel new configuration saved on disk', 'X');
}

export interface SavedMaster {
  name: string; ip: string; port: number; quorum: number; downAfterMs: number; failoverTimeout: number; parallelSyncs: number;
  configEpoch: number; leaderEpoch: number; leader: string | null; replicas: [string, number][]; sentinels: [string, number, string][];
}
export interface SavedConfig { myid: string; currentEpoch: number; masters: SavedMaster[] }

/** What sentinel.conf holds after a rewrite: myid, current epoch, the masters with known replicas and Sentinels. */
export function configSnapshot(st: SentinelState): SavedConfig {
  return {
    myid: st.myid, currentEpoch: st.currentEpoch,
    masters: st.masters.map((m) => ({
      name: m.name, ip: m.ip, port: m.port, quorum: m.quorum, downAfterMs: m.downAfterMs, failoverTimeout: m.failoverTimeout,
      parallelSyncs: m.parallelSyncs, configEpoch: m.configEpoch, leaderEpoch: m.leaderEpoch, leader: m.leader,
      replicas: m.slaves.map((r) => [r.ip, r.port] as [string, number]),
      sentinels: m.sentinels.filter((x) => x.runId).map((x) => [x.ip, x.port, x.runId!] as [string, number, string]),
    })),
  };
}

// ------------------------------------------------------------------ links

export function masterByName(s: NodeState, name: string): SentinelMaster | undefined {
  return sen(s).masters.find((m) => m.name === name);
}

export function newConnId(s: NodeState): string {
  return `${s.name}.${s.incarnation}.${s.nextConnSeq++}`;
}

export const isLoopback = (host: string) => host === '127.0.0.1' || host.toLowerCase() === 'localhost';

/** redisAsyncCommand(): written now if connected, else held until the connection is up. */
export function linkCommand(s: NodeState, link: SentinelLink, which: 'cc' | 'pc', argv: string[], pending: PendingReply | null): boolean {
  const conn = which === 'cc' ? link.cc : link.pc;
  if (conn === null) return false;
  if (which === 'cc' && pending) link.ccPending.push(pending);
  else if (which === 'cc') link.ccPending.push('discard');
  const up = which === 'cc' ? link.ccUp : link.pcUp;
  if (up) send(s, conn, encodeCommand(argv), 'sentinel', { label: commandLabel(argv) });
  else (which === 'cc' ? link.ccHeld : link.pcHeld).push(argv);
  return true;
}

export function commandLabel(argv: readonly string[]): string {
  const n = argv[0].toUpperCase();
  if (n === 'PUBLISH' || n === 'SUBSCRIBE' || n === 'SENTINEL' || n === 'CLIENT' || n === 'CONFIG') return `${n} ${argv[1]}`;
  if (n === 'SLAVEOF') return argv.join(' ');
  return n;
}

/** instanceLinkCloseConnection(): closes one of the link's connections. */
export function closeLinkConn(s: NodeState, link: SentinelLink, which: 'cc' | 'pc'): void {
  const conn = which === 'cc' ? link.cc : link.pc;
  if (conn === null) return;
  emit(s, { type: 'close', connId: conn });
  linkConnGone(s, link, which);
}

export function linkConnGone(s: NodeState, link: SentinelLink, which: 'cc' | 'pc'): void {
  const conn = which === 'cc' ? link.cc : link.pc;
  if (conn !== null) delete sen(s).conns[conn];
  if (which === 'cc') {
    link.cc = null; link.ccUp = false; link.ccHeld = []; link.ccIn = '';
    link.pendingCommands -= link.ccPending.length;
    if (link.pendingCommands < 0) link.pendingCommands = 0;
    link.ccPending = [];
  } else {
    link.pc = null; link.pcUp = false; link.pcHeld = []; link.pcIn = '';
  }
  link.disconnected = true;
}

/** sentinelReconnectInstance(). */
export function reconnectInstance(s: NodeState, ri: SentinelInstance, master: SentinelMaster): void {
  const link = ri.link;
  if (!link.disconnected) return;
  if (ri.port === 0) return;
  const now = s.nowMs;
  if (now - link.lastReconnTime < SENTINEL_PING_PERIOD) return;
  link.lastReconnTime = now;
  const st = sen(s);
  if (link.cc === null) {
    const id = newConnId(s);
    link.cc = id;
    link.ccUp = false;
    link.ccLocalIp = isLoopback(ri.ip) ? '127.0.0.1' : st.networkIp;
    st.conns[id] = { master: master.name, kind: ri.kind, instance: ri.name, which: 'cc' };
    emit(s, { type: 'connect', connId: id, host: ri.ip, port: ri.port });
    link.pendingCommands = 0;
    link.ccConnTime = now;
    // sentinelSetClientName(), then sentinelSendPing().
    linkCommand(s, link, 'cc', ['CLIENT', 'SETNAME', `sentinel-${st.myid.slice(0, 8)}-cmd`], 'discard');
    link.pendingCommands++;
    sendPing(s, ri);
  }
  if (ri.kind !== 'sentinel' && link.pc === null) {
    const id = newConnId(s);
    link.pc = id;
    link.pcUp = false;
    st.conns[id] = { master: master.name, kind: ri.kind, instance: ri.name, which: 'pc' };
    emit(s, { type: 'connect', connId: id, host: ri.ip, port: ri.port });
    link.pcConnTime = now;
    link.pcLastActivity = 0;
    linkCommand(s, link, 'pc', ['CLIENT', 'SETNAME', `sentinel-${st.myid.slice(0, 8)}-pubsub`], null);
    linkCommand(s, link, 'pc', ['SUBSCRIBE', SENTINEL_HELLO_CHANNEL], null);
  }
  if (link.cc !== null && (ri.kind === 'sentinel' || link.pc !== null)) link.disconnected = false;
}

/** sentinelSendPing(). */
export function sendPing(s: NodeState, ri: SentinelInstance): boolean {
  const link = ri.link;
  if (!linkCommand(s, link, 'cc', ['PING'], 'ping')) return false;
  link.pendingCommands++;
  link.lastPingTime = s.nowMs;
  if (link.actPingTime === 0) link.actPingTime = link.lastPingTime;
  return true;
}

/** sentinelMasterLooksSane(). */
export function masterLooksSane(s: NodeState, m: SentinelMaster): boolean {
  return m.roleReported === 'master' && !m.sDown && !m.oDown && s.nowMs - m.infoRefresh < SENTINEL_INFO_PERIOD * 2;
}

/** sentinelRedisInstanceNoDownFor(). */
export function noDownFor(s: NodeState, ri: SentinelInstance, ms: number): boolean {
  const recent = Math.max(ri.sDownSince, ri.oDownSince);
  return recent === 0 || s.nowMs - recent > ms;
}

/**
 * sentinelSendSlaveOf(): MULTI, SLAVEOF host port (or NO ONE), CONFIG REWRITE, CLIENT KILL TYPE
 * normal and pubsub, EXEC, in one go on the command link.
 */
export function sendSlaveOf(s: NodeState, ri: SentinelInstance, host: string | null, port: number): boolean {
  const link = ri.link;
  if (link.cc === null) return false;
  const cmds: string[][] = [
    ['MULTI'], host === null ? ['SLAVEOF', 'NO', 'ONE'] : ['SLAVEOF', host, String(port)], ['CONFIG', 'REWRITE'],
    ['CLIENT', 'KILL', 'TYPE', 'normal'], ['CLIENT', 'KILL', 'TYPE', 'pubsub'], ['EXEC'],
  ];
  for (const argv of cmds) {
    linkCommand(s, link, 'cc', argv, 'discard');
    link.pendingCommands++;
  }
  return true;
}

/** sentinelGetCurrentMasterAddress(): the promoted replica's once it is being reconfigured to. */
export function currentMasterAddress(m: SentinelMaster): { ip: string; port: number } {
  if (m.failoverInProgress && m.promotedSlave && FAILOVER_ORDER.indexOf(m.failoverState) >= FAILOVER_ORDER.indexOf('reconf_slaves')) {
    const p = m.slaves.find((x) => x.name === m.promotedSlave);
    if (p) return { ip: p.ip, port: p.port };
  }
  return { ip: m.ip, port: m.port };
}

export function setFailoverState(s: NodeState, m: SentinelMaster, state: FailoverState): void {
  m.failoverState = state;
  m.failoverStateChangeTime = s.nowMs;
}

/** ctime_r()'s text without the newline ("Mon Dec  7 12:51:24 2026"), in UTC. */
export function ctime(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  const [y, mo, d] = civilFromDays(days);
  const sod = secs - days * 86400;
  const wd = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'][((days % 7) + 7) % 7];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${wd} ${months[mo - 1]} ${String(d).padStart(2, ' ')} ${p2(Math.floor(sod / 3600))}:${p2(Math.floor(sod / 60) % 60)}:${p2(sod % 60)} ${y}`;
}

/** sentinelResetMaster(). */
export function resetMaster(s: NodeState, m: SentinelMaster, withSentinels: boolean, generateEvent: boolean): void {
  for (const r of m.slaves) closeInstanceLinks(s, r);
  m.slaves = [];
  if (withSentinels) {
    for (const x of m.sentinels) closeInstanceLinks(s, x);
    m.sentinels = [];
  }
  closeInstanceLinks(s, m);
  m.sDown = m.oDown = m.masterDown = m.failoverInProgress = m.promoted = m.reconfSent = m.reconfInprog = m.reconfDone = m.forceFailover = false;
  m.leader = null;
  m.failoverState = 'none';
  m.failoverStateChangeTime = 0;
  m.failoverStartTime = 0;
  m.promotedSlave = null;
  m.runId = null;
  m.slaveMasterHost = null;
  m.link.actPingTime = s.nowMs;
  m.link.lastPingTime = 0;
  m.link.lastAvailTime = s.nowMs;
  m.link.lastPongTime = s.nowMs;
  m.roleReportedTime = s.nowMs;
  m.roleReported = 'master';
  if (generateEvent) sentinelEvent(s, '#', '+reset-master', m, m);
}

export function closeInstanceLinks(s: NodeState, ri: SentinelInstance): void {
  closeLinkConn(s, ri.link, 'cc');
  closeLinkConn(s, ri.link, 'pc');
}

/** sentinelResetMasterAndChangeAddress(): the master moves; its replicas (and the old address) are known again as replicas. */
export function resetMasterAndChangeAddress(s: NodeState, m: SentinelMaster, ip: string, port: number): void {
  const addrs: [string, number][] = [];
  for (const r of m.slaves) if (!(r.ip === ip && r.port === port)) addrs.push([r.ip, r.port]);
  if (!(m.ip === ip && m.port === port)) addrs.push([m.ip, m.port]);
  resetMaster(s, m, false, false);
  m.ip = ip;
  m.port = port;
  m.oDownSince = 0;
  m.sDownSince = 0;
  for (const [aip, aport] of addrs) {
    const r = createInstance('slave', `${aip}:${aport}`, aip, aport, m.downAfterMs, s.nowMs);
    m.slaves.push(r);
    sentinelEvent(s, '*', '+slave', r, m);
  }
  flushConfig(s);
}

/** sentinelFailoverSwitchToPromotedSlave(). */
export function switchToPromotedSlave(s: NodeState, m: SentinelMaster): void {
  const p = m.slaves.find((x) => x.name === m.promotedSlave);
  const ref = p ?? m;
  sentinelEvent(s, '#', '+switch-master', m, m, `${m.name} ${m.ip} ${m.port} ${ref.ip} ${ref.port}`, false);
  resetMasterAndChangeAddress(s, m, ref.ip, ref.port);
}
