// The SENTINEL command and what a Sentinel answers to INFO and PUBLISH, with Redis 7.0's replies.

import { R, type Reply } from './resp.ts';
import { log, type NodeState } from './state.ts';
import { SENTINEL_HELLO_CHANNEL, type SentinelInstance, type SentinelMaster } from './sentinel-state.ts';
import { createMaster, currentMasterAddress, flushConfig, masterByName, resetMaster, sen, sentinelEvent } from './sentinel-core.ts';
import { selectSlave, startFailover, voteLeader } from './sentinel-failover.ts';
import { processHelloMessage } from './sentinel.ts';

// ------------------------------------------------------------------ commands

const ok = R.ok;

/** addReplySentinelRedisInstance(): the instance's fields, as a flat array of names and values. */
function instanceReply(s: NodeState, ri: SentinelInstance): Reply {
  const now = s.nowMs;
  const f: string[] = [];
  if (ri.sDown) f.push('s_down');
  if (ri.oDown) f.push('o_down');
  if (ri.kind === 'master') f.push('master');
  if (ri.kind === 'slave') f.push('slave');
  if (ri.kind === 'sentinel') f.push('sentinel');
  if (ri.link.disconnected) f.push('disconnected');
  if (ri.masterDown) f.push('master_down');
  if (ri.failoverInProgress) f.push('failover_in_progress');
  if (ri.promoted) f.push('promoted');
  if (ri.reconfSent) f.push('reconf_sent');
  if (ri.reconfInprog) f.push('reconf_inprog');
  if (ri.reconfDone) f.push('reconf_done');
  if (ri.forceFailover) f.push('force_failover');
  const kv: [string, string][] = [
    ['name', ri.name], ['ip', ri.ip], ['port', String(ri.port)], ['runid', ri.runId ?? ''], ['flags', f.join(',')],
    ['link-pending-commands', String(ri.link.pendingCommands)], ['link-refcount', '1'],
  ];
  if (ri.failoverInProgress && ri.kind === 'master') kv.push(['failover-state', (ri as SentinelMaster).failoverState]);
  kv.push(
    ['last-ping-sent', String(ri.link.actPingTime ? now - ri.link.actPingTime : 0)],
    ['last-ok-ping-reply', String(now - ri.link.lastAvailTime)], ['last-ping-reply', String(now - ri.link.lastPongTime)],
  );
  if (ri.sDown) kv.push(['s-down-time', String(now - ri.sDownSince)]);
  if (ri.oDown) kv.push(['o-down-time', String(now - ri.oDownSince)]);
  kv.push(['down-after-milliseconds', String(ri.downAfterMs)]);
  if (ri.kind !== 'sentinel') {
    kv.push(['info-refresh', String(ri.infoRefresh ? now - ri.infoRefresh : 0)], ['role-reported', ri.roleReported], ['role-reported-time', String(now - ri.roleReportedTime)]);
  }
  if (ri.kind === 'master') {
    const mm = ri as SentinelMaster;
    kv.push(
      ['config-epoch', String(mm.configEpoch)], ['num-slaves', String(mm.slaves.length)], ['num-other-sentinels', String(mm.sentinels.length)],
      ['quorum', String(mm.quorum)], ['failover-timeout', String(mm.failoverTimeout)], ['parallel-syncs', String(mm.parallelSyncs)],
    );
  }
  if (ri.kind === 'slave') {
    kv.push(
      ['master-link-down-time', String(ri.masterLinkDownTime)], ['master-link-status', ri.slaveMasterLinkUp ? 'ok' : 'err'],
      ['master-host', ri.slaveMasterHost ?? '?'], ['master-port', String(ri.slaveMasterPort)], ['slave-priority', String(ri.slavePriority)],
      ['slave-repl-offset', String(ri.slaveReplOffset)], ['replica-announced', String(ri.replicaAnnounced)],
    );
  }
  if (ri.kind === 'sentinel') {
    kv.push(['last-hello-message', String(now - ri.lastHelloTime)], ['voted-leader', ri.leader ?? '?'], ['voted-leader-epoch', String(ri.leaderEpoch)]);
  }
  return R.bulks(kv.flat());
}

const noSuchMaster = () => R.err('ERR No such master with that name');

/** sentinelIsQuorumReachable(). */
function quorumReachable(m: SentinelMaster): { usable: number; noQuorum: boolean; noAuth: boolean } {
  const voters = m.sentinels.length + 1;
  let usable = 1;
  for (const x of m.sentinels) if (!x.sDown && !x.oDown) usable++;
  return { usable, noQuorum: usable < m.quorum, noAuth: usable < Math.floor(voters / 2) + 1 };
}

const isIp = (h: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(h) && h.split('.').every((x) => Number(x) <= 255);
const intArg = (x: string): number | null => (/^-?\d+$/.test(x) ? Number(x) : null);
const notInt = () => R.err('ERR value is not an integer or out of range');

/** SENTINEL subcommand ... */
export function sentinelCommand(s: NodeState, argv: readonly string[]): Reply {
  const st = sen(s);
  const sub = argv[1].toLowerCase();
  const wrong = () => R.err(`ERR wrong number of arguments for 'sentinel|${sub}' command`);
  const master = (name: string) => masterByName(s, name);
  switch (sub) {
    case 'masters':
      if (argv.length !== 2) return wrong();
      return R.array(st.masters.map((m) => instanceReply(s, m)));
    case 'master': {
      if (argv.length !== 3) return wrong();
      const m = master(argv[2]);
      return m ? instanceReply(s, m) : noSuchMaster();
    }
    case 'replicas':
    case 'slaves': {
      if (argv.length !== 3) return wrong();
      const m = master(argv[2]);
      return m ? R.array(m.slaves.map((r) => instanceReply(s, r))) : noSuchMaster();
    }
    case 'sentinels': {
      if (argv.length !== 3) return wrong();
      const m = master(argv[2]);
      return m ? R.array(m.sentinels.map((x) => instanceReply(s, x))) : noSuchMaster();
    }
    case 'myid':
      if (argv.length !== 2) return wrong();
      return R.bulk(st.myid);
    case 'get-master-addr-by-name': {
      if (argv.length !== 3) return wrong();
      const m = master(argv[2]);
      if (!m) return R.nilArray;
      const a = currentMasterAddress(m);
      return R.bulks([a.ip, String(a.port)]);
    }
    case 'ckquorum': {
      if (argv.length !== 3) return wrong();
      const m = master(argv[2]);
      if (!m) return noSuchMaster();
      const q = quorumReachable(m);
      if (!q.noQuorum && !q.noAuth) return R.status(`OK ${q.usable} usable Sentinels. Quorum and failover authorization can be reached`);
      let e = `NOQUORUM ${q.usable} usable Sentinels. `;
      if (q.noQuorum) e += 'Not enough available Sentinels to reach the specified quorum for this master';
      if (q.noAuth) e += `${q.noQuorum ? '. ' : ''}Not enough available Sentinels to reach the majority and authorize a failover`;
      return R.err(e);
    }
    case 'is-master-down-by-addr': {
      if (argv.length !== 6) return wrong();
      const port = intArg(argv[3]);
      const reqEpoch = intArg(argv[4]);
      if (port === null || reqEpoch === null) return notInt();
      const m = st.masters.find((x) => x.ip === argv[2] && x.port === port);
      const isdown = m && m.sDown ? 1 : 0;
      let leader: string | null = null;
      let leaderEpoch = 0;
      if (m && argv[5] !== '*') {
        const v = voteLeader(s, m, reqEpoch, argv[5]);
        leader = v.leader;
        leaderEpoch = v.epoch;
      }
      return R.array([R.int(isdown), R.bulk(leader ?? '*'), R.int(leaderEpoch)]);
    }
    case 'monitor': {
      if (argv.length !== 6) return wrong();
      const quorum = intArg(argv[5]);
      const port = intArg(argv[4]);
      if (quorum === null || port === null) return notInt();
      if (quorum <= 0) return R.err('ERR Quorum must be 1 or greater.');
      if (port <= 0 || port > 65535) return R.err('ERR Invalid port number');
      if (!isIp(argv[3])) return R.err('ERR Invalid IP address or hostname specified');
      if (master(argv[2])) return R.err('ERR Duplicate master name.');
      const m = createMaster(argv[2], argv[3], port, quorum, s.nowMs);
      st.masters.push(m);
      flushConfig(s);
      sentinelEvent(s, '#', '+monitor', m, m, `quorum ${quorum}`);
      return ok;
    }
    case 'remove': {
      if (argv.length !== 3) return wrong();
      const m = master(argv[2]);
      if (!m) return noSuchMaster();
      sentinelEvent(s, '#', '-monitor', m, m);
      resetMaster(s, m, true, false);
      st.masters = st.masters.filter((x) => x !== m);
      flushConfig(s);
      return ok;
    }
    case 'set':
      return sentinelSet(s, argv);
    case 'reset': {
      if (argv.length !== 3) return wrong();
      let n = 0;
      for (const m of st.masters) {
        if (!globMatchNoCase(argv[2], m.name)) continue;
        resetMaster(s, m, true, true);
        n++;
      }
      return R.int(n);
    }
    case 'failover': {
      if (argv.length !== 3) return wrong();
      const m = master(argv[2]);
      if (!m) return noSuchMaster();
      if (m.failoverInProgress) return R.err('INPROG Failover already in progress');
      if (selectSlave(s, m) === null) return R.err('NOGOODSLAVE No suitable replica to promote');
      log(s, '#', `Executing user requested FAILOVER of '${m.name}'`, 'X');
      startFailover(s, m);
      m.forceFailover = true;
      return ok;
    }
    default:
      return R.err(`ERR unknown subcommand '${argv[1]}'. Try SENTINEL HELP.`);
  }
}

function globMatchNoCase(pattern: string, s: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(s);
}

/** SENTINEL SET master option value [option value ...]. */
function sentinelSet(s: NodeState, argv: readonly string[]): Reply {
  if (argv.length < 5 || (argv.length - 3) % 2 !== 0) return R.err(`ERR wrong number of arguments for 'sentinel|set' command`);
  const m = masterByName(s, argv[2]);
  if (!m) return noSuchMaster();
  let changed = false;
  for (let j = 3; j < argv.length; j += 2) {
    const option = argv[j].toLowerCase();
    const value = argv[j + 1];
    const n = intArg(value);
    const bad = () => R.err(`ERR Invalid argument '${value}' for SENTINEL SET '${option}'`);
    if (option === 'down-after-milliseconds') {
      if (n === null || n <= 0) return bad();
      m.downAfterMs = n;
      for (const x of [...m.slaves, ...m.sentinels]) x.downAfterMs = n;
    } else if (option === 'failover-timeout') {
      if (n === null || n <= 0) return bad();
      m.failoverTimeout = n;
    } else if (option === 'parallel-syncs') {
      if (n === null || n <= 0) return bad();
      m.parallelSyncs = n;
    } else if (option === 'quorum') {
      if (n === null || n <= 0) return bad();
      m.quorum = n;
    } else {
      return R.err(`ERR Unknown option or number of arguments for SENTINEL SET '${option}'`);
    }
    changed = true;
    sentinelEvent(s, '#', '+set', m, m, `${option} ${value}`);
  }
  if (changed) flushConfig(s);
  return ok;
}

/** sentinelPublishCommand(): only hello messages are accepted, and processed at once. */
export function sentinelPublish(s: NodeState, argv: readonly string[]): Reply {
  if (argv[1] !== SENTINEL_HELLO_CHANNEL) return R.err('ERR Only HELLO messages are accepted by Sentinel instances.');
  processHelloMessage(s, argv[2]);
  return R.int(1);
}

/** The # Sentinel section of INFO. */
export function sentinelInfoSection(s: NodeState): string[] {
  const st = sen(s);
  const out = [
    `sentinel_masters:${st.masters.length}`, 'sentinel_tilt:0', 'sentinel_tilt_since_seconds:-1', 'sentinel_running_scripts:0',
    'sentinel_scripts_queue_length:0', 'sentinel_simulate_failure_flags:0',
  ];
  st.masters.forEach((m, i) => {
    const status = m.oDown ? 'odown' : m.sDown ? 'sdown' : 'ok';
    const a = currentMasterAddress(m);
    out.push(`master${i}:name=${m.name},status=${status},address=${a.ip}:${a.port},slaves=${m.slaves.length},sentinels=${m.sentinels.length + 1}`);
  });
  return out;
}
