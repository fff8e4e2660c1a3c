// A Redis 7.0 Sentinel, as sentinel.c runs it: sentinelTimer() on every serverCron (whose hz it
// randomises to 10..19 each time), the links to every instance (a command connection, and a
// Pub/Sub connection subscribed to __sentinel__:hello on masters and replicas), PING every second,
// INFO every 10 s (every second for a replica whose master is down or failing over), the hello
// every 2 s, +sdown after down-after-milliseconds, SENTINEL is-master-down-by-addr to the other
// Sentinels, +odown at the quorum, the vote for a leader by epoch, and the failover state
// machine. Function names follow sentinel.c; docs/glossary.md maps them. Each event is a typed
// NodeEvent and a log line worded as sentinelEvent() words it.

import { prngHex40, prngInt } from './prng.ts';
import { encodeCommand, parseReply, type Reply } from './resp.ts';
import { event, log, send, type NodeState } from './state.ts';
import {
  SENTINEL_ASK_PERIOD, SENTINEL_HELLO_CHANNEL, SENTINEL_INFO_PERIOD, SENTINEL_MAX_PENDING_COMMANDS, SENTINEL_MIN_LINK_RECONNECT_PERIOD, SENTINEL_PING_PERIOD, SENTINEL_PUBLISH_PERIOD, type SentinelInstance, type SentinelMaster, type SentinelState,
} from './sentinel-state.ts';
import {
  type SavedConfig, closeLinkConn, commandLabel, createInstance, createMaster, currentMasterAddress, flushConfig, linkCommand, linkConnGone, masterByName, masterLooksSane, noDownFor, reconnectInstance, resetMasterAndChangeAddress, sen, sendPing, sendSlaveOf, sentinelEvent, setFailoverState, switchToPromotedSlave,
} from './sentinel-core.ts';
import { failoverStateMachine, startFailoverIfNeeded } from './sentinel-failover.ts';

export * from './sentinel-state.ts';

// ------------------------------------------------------------------ boot

/**
 * sentinelIsRunning(): the Sentinel starts from its config file (after a restart, the one it
 * rewrote), generating its ID the first time.
 */
export function sentinelInit(s: NodeState, networkIp: string, lines: readonly string[]): void {
  const saved = s.disk.configFile.sentinel ? (JSON.parse(s.disk.configFile.sentinel) as SavedConfig) : null;
  const st: SentinelState = { myid: saved?.myid ?? '', currentEpoch: saved?.currentEpoch ?? 0, masters: [], networkIp, hz: 10, conns: {} };
  s.sentinel = st;
  // sentinelHandleConfiguration(): the sentinel.conf lines given at the first start (a restart reads the rewritten file).
  if (!saved) {
    for (const line of lines) {
      const a = line.split(' ');
      const d = a[0].toLowerCase();
      if (d === 'monitor') {
        if (!masterByName(s, a[1])) st.masters.push(createMaster(a[1], a[2], Number(a[3]), Number(a[4]), s.nowMs));
        continue;
      }
      const m = masterByName(s, a[1]);
      if (!m) continue;
      const v = Number(a[2]);
      if (d === 'down-after-milliseconds') m.downAfterMs = v;
      else if (d === 'failover-timeout') m.failoverTimeout = v;
      else if (d === 'parallel-syncs') m.parallelSyncs = v;
      else if (d === 'quorum') m.quorum = v;
    }
  }
  for (const m of saved?.masters ?? []) {
    const mm = createMaster(m.name, m.ip, m.port, m.quorum, s.nowMs);
    Object.assign(mm, { downAfterMs: m.downAfterMs, failoverTimeout: m.failoverTimeout, parallelSyncs: m.parallelSyncs, configEpoch: m.configEpoch, leaderEpoch: m.leaderEpoch, leader: m.leader });
    for (const [ip, port] of m.replicas) mm.slaves.push(createInstance('slave', `${ip}:${port}`, ip, port, m.downAfterMs, s.nowMs));
    for (const [ip, port, id] of m.sentinels) {
      const x = createInstance('sentinel', id, ip, port, m.downAfterMs, s.nowMs);
      x.runId = id;
      mm.sentinels.push(x);
    }
    st.masters.push(mm);
  }
  if (!st.myid) {
    st.myid = prngHex40(s.rng);
    flushConfig(s);
  }
  log(s, '#', `Sentinel ID is ${st.myid}`, 'X');
  for (const m of st.masters) sentinelEvent(s, '#', '+monitor', m, m, `quorum ${m.quorum}`);
}

/** The instance a connection belongs to (null once it was forgotten, e.g. after a reset). */
function connInstance(s: NodeState, connId: string): { ri: SentinelInstance; master: SentinelMaster; which: 'cc' | 'pc' } | null {
  const c = sen(s).conns[connId];
  if (!c) return null;
  const master = masterByName(s, c.master);
  if (!master) return null;
  const list = c.kind === 'master' ? [master] : c.kind === 'slave' ? master.slaves : master.sentinels;
  const ri = list.find((x) => x.name === c.instance);
  if (!ri) return null;
  if ((c.which === 'cc' ? ri.link.cc : ri.link.pc) !== connId) return null;
  return { ri, master, which: c.which };
}

export function sentinelOwnsConn(s: NodeState, connId: string): boolean {
  return s.sentinel !== undefined && connId in s.sentinel.conns;
}

export function sentinelConnEstablished(s: NodeState, connId: string): void {
  const x = connInstance(s, connId);
  if (!x) return;
  const link = x.ri.link;
  if (x.which === 'cc') {
    link.ccUp = true;
    for (const argv of link.ccHeld) send(s, connId, encodeCommand(argv), 'sentinel', { label: commandLabel(argv) });
    link.ccHeld = [];
  } else {
    link.pcUp = true;
    for (const argv of link.pcHeld) send(s, connId, encodeCommand(argv), 'sentinel', { label: commandLabel(argv) });
    link.pcHeld = [];
  }
}

/** instanceLinkConnectionError() / the disconnect callback: the link is marked disconnected. */
export function sentinelConnClosed(s: NodeState, connId: string): void {
  const x = connInstance(s, connId);
  delete sen(s).conns[connId];
  if (!x) return;
  linkConnGone(s, x.ri.link, x.which);
}

export function sentinelConnData(s: NodeState, connId: string, data: string): void {
  const x = connInstance(s, connId);
  if (!x) return;
  const { ri, master, which } = x;
  const link = ri.link;
  if (which === 'pc') {
    link.pcIn += data;
    for (;;) {
      const r = parseReply(link.pcIn);
      if (r.type !== 'ok') break;
      link.pcIn = link.pcIn.slice(r.consumed);
      receiveHelloMessages(s, ri, master, r.value);
      if (link.pc !== connId) return;
    }
    return;
  }
  link.ccIn += data;
  for (;;) {
    const r = parseReply(link.ccIn);
    if (r.type !== 'ok') break;
    link.ccIn = link.ccIn.slice(r.consumed);
    const cb = link.ccPending.shift();
    if (link.pendingCommands > 0) link.pendingCommands--;
    if (cb === 'ping') pingReply(s, ri, r.value);
    else if (cb === 'info') {
      if (r.value.type === 'bulk' && r.value.v !== null) refreshInstanceInfo(s, ri, master, r.value.v);
    } else if (cb === 'publish') {
      if (r.value.type !== 'error') ri.lastPubTime = s.nowMs;
    } else if (cb === 'is-master-down') isMasterDownReply(s, ri, master, r.value);
    if (link.cc !== connId) return;
  }
}

/** sentinelPingReplyCallback(). */
function pingReply(s: NodeState, ri: SentinelInstance, r: Reply): void {
  const link = ri.link;
  if (r.type === 'status' || r.type === 'error') {
    const v = r.v;
    if (r.type === 'status' || v.startsWith('LOADING') || v.startsWith('MASTERDOWN')) {
      link.lastAvailTime = s.nowMs;
      link.actPingTime = 0;
    }
  }
  link.lastPongTime = s.nowMs;
}

/** sentinelReceiveHelloMessages(): every reply on the Pub/Sub link counts as activity. */
function receiveHelloMessages(s: NodeState, ri: SentinelInstance, _master: SentinelMaster, r: Reply): void {
  ri.link.pcLastActivity = s.nowMs;
  if (r.type !== 'array' || !r.v || r.v.length !== 3) return;
  const [k, , payload] = r.v;
  if (k.type !== 'bulk' || k.v !== 'message' || payload.type !== 'bulk' || payload.v === null) return;
  if (payload.v.includes(sen(s).myid)) return;
  processHelloMessage(s, payload.v);
}

/** sentinelProcessHelloMessage(). */
export function processHelloMessage(s: NodeState, hello: string): void {
  const t = hello.split(',');
  if (t.length !== 8) return;
  const st = sen(s);
  const master = masterByName(s, t[4]);
  if (!master) return;
  const ip = t[0];
  const port = Number(t[1]);
  const runid = t[2];
  const currentEpoch = Number(t[3]);
  const masterIp = t[5];
  const masterPort = Number(t[6]);
  const masterConfigEpoch = Number(t[7]);
  let si = master.sentinels.find((x) => x.ip === ip && x.port === port && x.runId === runid);
  if (!si) {
    // An address change: forget the Sentinels with that run id; another at that address loses its address.
    const before = master.sentinels.length;
    master.sentinels = master.sentinels.filter((x) => {
      if (x.runId !== runid) return true;
      closeLinkConn(s, x.link, 'cc');
      return false;
    });
    const removed = before - master.sentinels.length;
    if (removed) sentinelEvent(s, '*', '+sentinel-address-switch', master, master, `ip ${ip} port ${port} for ${runid}`);
    else {
      const other = master.sentinels.find((x) => x.ip === ip && x.port === port);
      if (other) {
        sentinelEvent(s, '*', '+sentinel-invalid-addr', other, master);
        other.port = 0;
      }
    }
    si = createInstance('sentinel', runid, ip, port, master.downAfterMs, s.nowMs);
    si.runId = runid;
    master.sentinels.push(si);
    if (!removed) sentinelEvent(s, '*', '+sentinel', si, master);
    flushConfig(s);
  }
  if (currentEpoch > st.currentEpoch) {
    st.currentEpoch = currentEpoch;
    flushConfig(s);
    sentinelEvent(s, '#', '+new-epoch', master, master, String(st.currentEpoch), false);
  }
  if (master.configEpoch < masterConfigEpoch) {
    master.configEpoch = masterConfigEpoch;
    if (masterPort !== master.port || masterIp !== master.ip) {
      sentinelEvent(s, '#', '+config-update-from', si, master);
      sentinelEvent(s, '#', '+switch-master', master, master, `${master.name} ${master.ip} ${master.port} ${masterIp} ${masterPort}`, false);
      resetMasterAndChangeAddress(s, master, masterIp, masterPort);
    }
  }
  si.lastHelloTime = s.nowMs;
}

// ------------------------------------------------------------------ INFO

/** sentinelRefreshInstanceInfo(): what INFO says, then what the Sentinel does about it. */
function refreshInstanceInfo(s: NodeState, ri: SentinelInstance, master: SentinelMaster, info: string): void {
  const now = s.nowMs;
  let role: 'master' | 'slave' | null = null;
  if (ri.kind === 'slave' || ri.kind === 'master') ri.masterLinkDownTime = 0;
  for (const l of info.split('\r\n')) {
    if (l.startsWith('run_id:') && l.length >= 47) {
      const id = l.slice(7, 47);
      if (ri.runId !== null && ri.runId !== id) sentinelEvent(s, '*', '+reboot', ri, master);
      ri.runId = id;
    }
    if (ri.kind === 'master' && /^slave\d+:/.test(l)) {
      const fields = new Map(l.slice(l.indexOf(':') + 1).split(',').map((kv) => kv.split('=') as [string, string]));
      const ip = fields.get('ip');
      const port = Number(fields.get('port'));
      if (ip && port && !master.slaves.some((x) => x.ip === ip && x.port === port)) {
        const slave = createInstance('slave', `${ip}:${port}`, ip, port, master.downAfterMs, now);
        master.slaves.push(slave);
        sentinelEvent(s, '*', '+slave', slave, master);
        flushConfig(s);
      }
    }
    if (l.startsWith('master_link_down_since_seconds:')) ri.masterLinkDownTime = Number(l.slice(31)) * 1000;
    if (l === 'role:master') role = 'master';
    else if (l === 'role:slave') role = 'slave';
    if (role === 'slave') {
      if (l.startsWith('master_host:')) {
        const h = l.slice(12);
        if (ri.slaveMasterHost === null || ri.slaveMasterHost.toLowerCase() !== h.toLowerCase()) {
          ri.slaveMasterHost = h;
          ri.slaveConfChangeTime = now;
        }
      }
      if (l.startsWith('master_port:')) {
        const p = Number(l.slice(12));
        if (ri.slaveMasterPort !== p) {
          ri.slaveMasterPort = p;
          ri.slaveConfChangeTime = now;
        }
      }
      if (l.startsWith('master_link_status:')) ri.slaveMasterLinkUp = l.slice(19).toLowerCase() === 'up';
      if (l.startsWith('slave_priority:')) ri.slavePriority = Number(l.slice(15));
      if (l.startsWith('slave_repl_offset:')) ri.slaveReplOffset = Number(l.slice(18));
      if (l.startsWith('replica_announced:')) ri.replicaAnnounced = Number(l.slice(18));
    }
  }
  ri.infoRefresh = now;
  if (role === null) return;
  if (role !== ri.roleReported) {
    ri.roleReportedTime = now;
    ri.roleReported = role;
    if (role === 'slave') ri.slaveConfChangeTime = now;
    // +role-change / -role-change are LL_VERBOSE: not in the log at the default loglevel.
  }
  if (ri.kind === 'slave' && role === 'master') {
    if (ri.promoted && master.failoverInProgress && master.failoverState === 'wait_promotion') {
      master.configEpoch = master.failoverEpoch;
      setFailoverState(s, master, 'reconf_slaves');
      flushConfig(s);
      sentinelEvent(s, '#', '+promoted-slave', ri, master);
      sentinelEvent(s, '#', '+failover-state-reconf-slaves', master, master);
      forceHelloUpdateForMaster(master);
    } else {
      const wait = SENTINEL_PUBLISH_PERIOD * 4;
      if (!ri.promoted && masterLooksSane(s, master) && noDownFor(s, ri, wait) && now - ri.roleReportedTime > wait) {
        if (sendSlaveOf(s, ri, master.ip, master.port)) sentinelEvent(s, '*', '+convert-to-slave', ri, master);
      }
    }
  }
  if (ri.kind === 'slave' && role === 'slave' && (ri.slaveMasterPort !== master.port || (ri.slaveMasterHost ?? '').toLowerCase() !== master.ip.toLowerCase())) {
    const wait = master.failoverTimeout;
    if (masterLooksSane(s, master) && noDownFor(s, ri, wait) && now - ri.slaveConfChangeTime > wait) {
      if (sendSlaveOf(s, ri, master.ip, master.port)) sentinelEvent(s, '*', '+fix-slave-config', ri, master);
    }
  }
  if (ri.kind === 'slave' && role === 'slave' && (ri.reconfSent || ri.reconfInprog)) {
    const promoted = master.slaves.find((x) => x.name === master.promotedSlave);
    if (ri.reconfSent && promoted && ri.slaveMasterHost !== null && ri.slaveMasterHost.toLowerCase() === promoted.ip.toLowerCase() && ri.slaveMasterPort === promoted.port) {
      ri.reconfSent = false;
      ri.reconfInprog = true;
      sentinelEvent(s, '*', '+slave-reconf-inprog', ri, master);
    }
    if (ri.reconfInprog && ri.slaveMasterLinkUp) {
      ri.reconfInprog = false;
      ri.reconfDone = true;
      sentinelEvent(s, '*', '+slave-reconf-done', ri, master);
    }
  }
}

/**
 * sentinelForceHelloUpdateForMaster(): the next timer tick sends the hello to the master, its
 * replicas and the other Sentinels at once, so the new configuration (the promoted replica's
 * address, the failover's config epoch) reaches the others without waiting for the 2 s period.
 */
function forceHelloUpdateForMaster(master: SentinelMaster): void {
  for (const ri of [master, ...master.sentinels, ...master.slaves]) {
    if (ri.lastPubTime >= SENTINEL_PUBLISH_PERIOD + 1) ri.lastPubTime -= SENTINEL_PUBLISH_PERIOD + 1;
  }
}

// ------------------------------------------------------------------ periodic work

/** sentinelSendPeriodicCommands(). */
function sendPeriodicCommands(s: NodeState, ri: SentinelInstance, master: SentinelMaster): void {
  const now = s.nowMs;
  const link = ri.link;
  if (link.disconnected) return;
  if (link.pendingCommands >= SENTINEL_MAX_PENDING_COMMANDS) return;
  const infoPeriod = ri.kind === 'slave' && (master.oDown || master.failoverInProgress || ri.masterLinkDownTime !== 0) ? 1000 : SENTINEL_INFO_PERIOD;
  const pingPeriod = Math.min(ri.downAfterMs, SENTINEL_PING_PERIOD);
  if (ri.kind !== 'sentinel' && (ri.infoRefresh === 0 || now - ri.infoRefresh > infoPeriod)) {
    if (linkCommand(s, link, 'cc', ['INFO'], 'info')) link.pendingCommands++;
  }
  if (now - link.lastPongTime > pingPeriod && now - link.lastPingTime > pingPeriod / 2) sendPing(s, ri);
  if (now - ri.lastPubTime > SENTINEL_PUBLISH_PERIOD) sendHello(s, ri, master);
}

/** sentinelSendHello(): PUBLISH __sentinel__:hello ip,port,myid,epoch,master,ip,port,config-epoch. */
function sendHello(s: NodeState, ri: SentinelInstance, master: SentinelMaster): void {
  if (ri.link.disconnected) return;
  const st = sen(s);
  const a = currentMasterAddress(master);
  const payload = `${ri.link.ccLocalIp},${s.port},${st.myid},${st.currentEpoch},${master.name},${a.ip},${a.port},${master.configEpoch}`;
  if (linkCommand(s, ri.link, 'cc', ['PUBLISH', SENTINEL_HELLO_CHANNEL, payload], 'publish')) ri.link.pendingCommands++;
}

/** sentinelCheckSubjectivelyDown(). */
function checkSubjectivelyDown(s: NodeState, ri: SentinelInstance, master: SentinelMaster): void {
  const now = s.nowMs;
  const link = ri.link;
  let elapsed = 0;
  if (link.actPingTime) elapsed = now - link.actPingTime;
  else if (link.disconnected) elapsed = now - link.lastAvailTime;
  if (link.cc !== null && now - link.ccConnTime > SENTINEL_MIN_LINK_RECONNECT_PERIOD && link.actPingTime !== 0 &&
    now - link.actPingTime > ri.downAfterMs / 2 && now - link.lastPongTime > ri.downAfterMs / 2) {
    closeLinkConn(s, link, 'cc');
  }
  if (link.pc !== null && now - link.pcConnTime > SENTINEL_MIN_LINK_RECONNECT_PERIOD && now - link.pcLastActivity > SENTINEL_PUBLISH_PERIOD * 3) {
    closeLinkConn(s, link, 'pc');
  }
  const claimsSlave = ri.kind === 'master' && ri.roleReported === 'slave' && now - ri.roleReportedTime > ri.downAfterMs + SENTINEL_INFO_PERIOD * 2;
  if (elapsed > ri.downAfterMs || claimsSlave) {
    if (!ri.sDown) {
      sentinelEvent(s, '#', '+sdown', ri, master);
      ri.sDownSince = now;
      ri.sDown = true;
    }
  } else if (ri.sDown) {
    sentinelEvent(s, '#', '-sdown', ri, master);
    ri.sDown = false;
  }
}

/** sentinelCheckObjectivelyDown(). */
function checkObjectivelyDown(s: NodeState, m: SentinelMaster): void {
  let quorum = 0;
  let odown = false;
  if (m.sDown) {
    quorum = 1;
    for (const x of m.sentinels) if (x.masterDown) quorum++;
    if (quorum >= m.quorum) odown = true;
  }
  if (odown) {
    if (!m.oDown) {
      sentinelEvent(s, '#', '+odown', m, m, `#quorum ${quorum}/${m.quorum}`);
      m.oDown = true;
      m.oDownSince = s.nowMs;
    }
  } else if (m.oDown) {
    sentinelEvent(s, '#', '-odown', m, m);
    m.oDown = false;
  }
}

/** sentinelAskMasterStateToOtherSentinels(). */
function askMasterStateToOtherSentinels(s: NodeState, m: SentinelMaster, forced: boolean): void {
  const st = sen(s);
  for (const ri of m.sentinels) {
    const elapsed = s.nowMs - ri.lastMasterDownReplyTime;
    if (elapsed > SENTINEL_ASK_PERIOD * 5) {
      ri.masterDown = false;
      ri.leader = null;
    }
    if (!m.sDown) continue;
    if (ri.link.disconnected) continue;
    if (!forced && elapsed < SENTINEL_ASK_PERIOD) continue;
    const runid = m.failoverState !== 'none' ? st.myid : '*';
    if (linkCommand(s, ri.link, 'cc', ['SENTINEL', 'is-master-down-by-addr', m.ip, String(m.port), String(st.currentEpoch), runid], 'is-master-down')) {
      ri.link.pendingCommands++;
    }
  }
}

/** sentinelReceiveIsMasterDownReply(). */
function isMasterDownReply(s: NodeState, ri: SentinelInstance, master: SentinelMaster, r: Reply): void {
  if (r.type !== 'array' || !r.v || r.v.length !== 3) return;
  const [down, leader, epoch] = r.v;
  if (down.type !== 'int' || leader.type !== 'bulk' || leader.v === null || epoch.type !== 'int') return;
  ri.lastMasterDownReplyTime = s.nowMs;
  ri.masterDown = Number(down.v) === 1;
  if (leader.v !== '*') {
    if (ri.leaderEpoch !== Number(epoch.v)) log(s, '#', `${ri.name} voted for ${leader.v} ${Number(epoch.v)}`, 'X');
    ri.leader = leader.v;
    ri.leaderEpoch = Number(epoch.v);
    event(s, { type: 'sentinelVote', voter: ri.name, leader: leader.v, epoch: Number(epoch.v), master: master.name });
  }
}

/** sentinelHandleRedisInstance(). */
function handleInstance(s: NodeState, ri: SentinelInstance, master: SentinelMaster): void {
  reconnectInstance(s, ri, master);
  sendPeriodicCommands(s, ri, master);
  checkSubjectivelyDown(s, ri, master);
  if (ri.kind === 'master') {
    const m = ri as SentinelMaster;
    checkObjectivelyDown(s, m);
    if (startFailoverIfNeeded(s, m)) askMasterStateToOtherSentinels(s, m, true);
    failoverStateMachine(s, m);
    askMasterStateToOtherSentinels(s, m, false);
  }
}

/** sentinelTimer(): called by serverCron; then hz becomes 10 + rand() % 10. Returns the next cron delay. */
export function sentinelTimer(s: NodeState): number {
  const st = sen(s);
  let switchTo: SentinelMaster | null = null;
  for (const m of [...st.masters]) {
    handleInstance(s, m, m);
    for (const r of [...m.slaves]) handleInstance(s, r, m);
    for (const x of [...m.sentinels]) handleInstance(s, x, m);
    if (m.failoverState === 'update_config') switchTo = m;
  }
  if (switchTo) switchToPromotedSlave(s, switchTo);
  st.hz = 10 + prngInt(s.rng, 10);
  return Math.floor(1000 / st.hz);
}
