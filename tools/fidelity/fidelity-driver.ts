// The real side of the fidelity check: plays a parsed scenario against real redis-server
// processes (one per node), mapping each directive to what can be done to a real server, and
// records the same things the engine side records (replies, offsets, logs, final INFO fields).

import { repeatArgv, type ScenarioStep } from '../../src/scenario/parse.ts';
import type { Reply } from '../../src/engine/resp.ts';
import { assertNever } from '../../src/engine/assert.ts';
import { FIRST_PORT, isLoopback, NAMED_PORT, SENTINEL_FIRST_PORT } from '../../src/runtime/address.ts';
import { LinkProxies } from './fidelity-proxy.ts';
import { RealCluster, allocatePorts } from './fidelity-real.ts';
import { RespClient } from './fidelity-resp.ts';
import { infoFields, parseLogLine, printedReply } from './fidelity-normalize.ts';
import { PUSHED_ARGV, type LogEntry, type NodeEnd, type ReplyRecord, type StepRecord, type WorldRun } from './fidelity-types.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll period of `until NODE online`. */
export const UNTIL_POLL_MS = 50;

/** The most commands of a repeat line sent in one write. */
const PIPELINE_CHUNK = 1000;

/** How long a real command may take to answer (WAIT 1 0 would wait forever). */
export const REAL_REPLY_LIMIT_MS = 60_000;

/** The replies, or an error once limitMs has passed without them. */
function withLimit<T>(p: Promise<T>, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply within ${limitMs / 1000} s`)), limitMs);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/**
 * The node a REPLICAOF/SLAVEOF <host> <port> typed in a scenario names, resolved as the simulator
 * resolves it (Sim.nodeByAddress): a node's name on 6379 or with that node's simulated port (6380...
 * in declaration order), or 127.0.0.1/localhost with a node's simulated port. Undefined for
 * anything else (NO ONE, other commands, addresses that name no node).
 */
export function replicaofTarget(argv: readonly string[], simPorts: ReadonlyMap<number, string>): string | undefined {
  const cmd = argv[0]?.toLowerCase();
  if ((cmd !== 'replicaof' && cmd !== 'slaveof') || argv.length !== 3) return undefined;
  const host = argv[1].toLowerCase();
  const byPort = /^\d+$/.test(argv[2]) ? simPorts.get(Number(argv[2])) : undefined;
  const byName = /^\d+$/.test(argv[2]) && Number(argv[2]) === NAMED_PORT && [...simPorts.values()].includes(argv[1]) ? argv[1] : undefined;
  return isLoopback(host) ? byPort : byPort === argv[1] ? byPort : byName;
}

/**
 * REPLICAOF/SLAVEOF naming a node -> 127.0.0.1 and the real port to reach it at (`realPorts`:
 * the node's own port, or the port of the proxy the link goes through). Anything else is sent as
 * typed.
 */
export function rewriteReplicaof(argv: readonly string[], simPorts: ReadonlyMap<number, string>, realPorts: ReadonlyMap<string, number>): string[] {
  const target = replicaofTarget(argv, simPorts);
  const real = target === undefined ? undefined : realPorts.get(target);
  return real === undefined ? [...argv] : [argv[0], '127.0.0.1', String(real)];
}

/** A node's startup options as redis.conf lines, a replicaof naming a node pointed at its real port. */
export function startupLines(config: Readonly<Record<string, string>>, simPorts: ReadonlyMap<number, string>, realPorts: ReadonlyMap<string, number>): string[] {
  return Object.entries(config).map(([k, v]) => {
    if (k === 'replicaof') return v === '' ? 'replicaof no one' : rewriteReplicaof(['replicaof', ...v.split(' ')], simPorts, realPorts).join(' ');
    return `${k} ${v === '' ? '""' : v}`;
  });
}

/**
 * Each node's port in the simulator (port -> name): data nodes 6379, 6380... and Sentinels 26379,
 * 26380... each in declaration order, as Sim gives them.
 */
export function simPortsOf(steps: readonly ScenarioStep[]): Map<number, string> {
  const out = new Map<number, string>();
  let data = 0;
  let sentinels = 0;
  for (const st of steps) {
    if (st.type !== 'node') continue;
    for (const n of st.names) out.set(st.kind === 'sentinel' ? SENTINEL_FIRST_PORT + sentinels++ : FIRST_PORT + data++, n);
  }
  return out;
}

/** The names of the scenario's Sentinels. */
export function sentinelNames(steps: readonly ScenarioStep[]): Set<string> {
  return new Set(steps.flatMap((st) => (st.type === 'node' && st.kind === 'sentinel' ? st.names : [])));
}

/** 127.0.0.1 (or localhost) and a node's simulated port -> 127.0.0.1 and its real port; else null. */
function realAddress(host: string, port: string, simPorts: ReadonlyMap<number, string>, realPorts: ReadonlyMap<string, number>): [string, string] | null {
  if (!isLoopback(host) || !/^\d+$/.test(port)) return null;
  const node = simPorts.get(Number(port));
  const real = node === undefined ? undefined : realPorts.get(node);
  return real === undefined ? null : ['127.0.0.1', String(real)];
}

/**
 * A Sentinel's sentinel.conf lines from its `--sentinel DIRECTIVE ARGS` options, the address of a
 * `monitor` line that names a node (127.0.0.1 and its simulated port) pointed at its real port.
 */
export function sentinelConfLines(config: Readonly<Record<string, string>>, simPorts: ReadonlyMap<number, string>, realPorts: ReadonlyMap<string, number>): string[] {
  return Object.values(config).map((line) => {
    const w = line.split(' ');
    if (w[0].toLowerCase() === 'monitor' && w.length === 5) {
      const a = realAddress(w[2], w[3], simPorts, realPorts);
      if (a) return `sentinel monitor ${w[1]} ${a[0]} ${a[1]} ${w[4]}`;
    }
    return `sentinel ${line}`;
  });
}

/** SENTINEL MONITOR / IS-MASTER-DOWN-BY-ADDR naming a node by 127.0.0.1 and its simulated port -> its real port. */
export function rewriteSentinelCommand(argv: readonly string[], simPorts: ReadonlyMap<number, string>, realPorts: ReadonlyMap<string, number>): string[] {
  const out = [...argv];
  if (argv[0]?.toLowerCase() !== 'sentinel') return out;
  const sub = argv[1]?.toLowerCase();
  const at = sub === 'monitor' ? 3 : sub === 'is-master-down-by-addr' ? 2 : -1;
  if (at < 0 || argv.length <= at + 1) return out;
  const a = realAddress(argv[at], argv[at + 1], simPorts, realPorts);
  if (a) [out[at], out[at + 1]] = a;
  return out;
}

class Sessions {
  private readonly consoles = new Map<string, RespClient>();
  private readonly probes = new Map<string, RespClient>();

  constructor(private readonly cluster: RealCluster) {}

  private async get(map: Map<string, RespClient>, node: string): Promise<RespClient | null> {
    const c = map.get(node);
    if (c && !c.closed) return c;
    const n = this.cluster.nodes.get(node);
    if (!n || !n.proc) return null;
    try {
      const fresh = await RespClient.connect(n.port);
      map.set(node, fresh);
      return fresh;
    } catch {
      return null;
    }
  }

  /** The node's redis-cli-like session (kept across commands, as MULTI needs). */
  console(node: string): Promise<RespClient | null> {
    return this.get(this.consoles, node);
  }

  /** A second connection for INFO probes, so probing never lands inside the console's MULTI. */
  probe(node: string): Promise<RespClient | null> {
    return this.get(this.probes, node);
  }

  /** The node's console connection if one is open (never opens one). */
  openConsole(node: string): RespClient | null {
    const c = this.consoles.get(node);
    return c && !c.closed ? c : null;
  }

  drop(node: string): void {
    this.consoles.get(node)?.close();
    this.probes.get(node)?.close();
    this.consoles.delete(node);
    this.probes.delete(node);
  }

  closeAll(): void {
    for (const c of [...this.consoles.values(), ...this.probes.values()]) c.close();
    this.consoles.clear();
    this.probes.clear();
  }
}

async function infoOf(s: Sessions, node: string, section: string): Promise<Map<string, string> | null> {
  const c = await s.probe(node);
  if (!c) return null;
  try {
    const r = await c.call(['INFO', section]);
    return r.type === 'bulk' && r.v !== null ? infoFields(r.v) : null;
  } catch {
    return null;
  }
}

async function offsetOf(s: Sessions, node: string): Promise<number | null> {
  const f = await infoOf(s, node, 'replication');
  const v = f?.get('master_repl_offset');
  return v === undefined ? null : Number(v);
}

/** Of two nodes, the one replicating from the other (or any replica of the two), for CLIENT KILL TYPE master. */
async function replicaOfPair(s: Sessions, cluster: RealCluster, a: string, b: string): Promise<string | null> {
  const roles = new Map<string, Map<string, string> | null>();
  for (const n of [a, b]) roles.set(n, await infoOf(s, n, 'replication'));
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const f = roles.get(x);
    if (f?.get('role') === 'slave' && Number(f.get('master_port')) === cluster.nodes.get(y)?.port) return x;
  }
  for (const n of [a, b]) if (roles.get(n)?.get('role') === 'slave') return n;
  return null;
}

async function killMasterLink(s: Sessions, cluster: RealCluster, a: string, b: string): Promise<string> {
  const r = await replicaOfPair(s, cluster, a, b);
  if (r === null) return `neither ${a} nor ${b} is a replica: nothing to kill`;
  const c = await s.probe(r);
  if (!c) return `${r} is down: nothing to kill`;
  const reply = await c.call(['CLIENT', 'KILL', 'TYPE', 'master']).catch(() => null);
  return `${r}> CLIENT KILL TYPE master -> ${reply ? printedReply(['CLIENT', 'KILL'], reply) : 'no reply'}`;
}

export interface RealOptions {
  /** Progress lines (one per scenario line), for a person watching. */
  readonly progress?: (s: string) => void;
}

/** Plays the scenario on real servers. Always stops the servers it started. */
export async function runReal(steps: readonly ScenarioStep[], nodeNames: readonly string[], opts: RealOptions = {}): Promise<WorldRun> {
  const cluster = new RealCluster();
  const sessions = new Sessions(cluster);
  const simPorts = simPortsOf(steps);
  const sentinels = sentinelNames(steps);
  // With Sentinels, replicas reach their master directly: a Sentinel compares the master address a
  // replica reports with the one it monitors (and "fixes" a replica pointing at a proxy port).
  const direct = sentinels.size > 0;
  const realPorts = new Map<string, number>();
  const records: StepRecord[] = [];
  const starts = new Map<string, number[]>();
  const stops = new Map<string, number[]>();
  const t0 = Date.now();
  const now = () => Date.now() - t0;
  const end = new Map<string, NodeEnd>();
  const logs = new Map<string, LogEntry[]>();
  const proxies = new LinkProxies(async () => (await allocatePorts(1))[0]);
  // Where `node` reaches each node named in these commands: through the proxy of that pair.
  const via = async (node: string, argvs: readonly (readonly string[])[]): Promise<Map<string, number>> => {
    const out = new Map<string, number>();
    for (const a of argvs) {
      const target = replicaofTarget(a, simPorts);
      if (target !== undefined && !out.has(target) && realPorts.has(target)) out.set(target, direct ? realPorts.get(target)! : await proxies.portFor(node, target, realPorts.get(target)!));
    }
    return out;
  };
  try {
    const ports = await allocatePorts(nodeNames.length);
    nodeNames.forEach((n, i) => realPorts.set(n, ports[i]));
    for (const st of steps) {
      const startMs = now();
      const node = st.type === 'command' || st.type === 'expect' || st.type === 'repeat' || st.type === 'until' || st.type === 'nowait' ? st.node : null;
      const replies: ReplyRecord[] = [];
      let offsetBefore: number | null = null;
      let offsetAfter: number | null = null;
      let untilOk: boolean | null = null;
      let note: string | undefined;
      opts.progress?.(`  real ${String(st.line).padStart(3)}: ${st.text.trim()}`);
      switch (st.type) {
        case 'seed':
        case 'version':
          break;
        case 'node':
          for (const n of st.names) {
            if (st.kind === 'sentinel') await cluster.add(n, realPorts.get(n)!, sentinelConfLines(st.config ?? {}, simPorts, realPorts), true);
            else await cluster.add(n, realPorts.get(n)!, startupLines(st.config ?? {}, simPorts, realPorts));
          }
          if (st.kind === 'sentinel') note = `redis-sentinel on ports ${st.names.map((n) => realPorts.get(n)).join(', ')}; sentinel.conf: ${sentinelConfLines(st.config ?? {}, simPorts, realPorts).join('; ')}`;
          break;
        case 'command':
        case 'expect':
        case 'repeat': {
          const argvs = st.type === 'repeat'
            ? Array.from({ length: st.count }, (_, i) => repeatArgv(st.argv, i + 1))
            : [st.argv];
          offsetBefore = await offsetOf(sessions, st.node);
          const c = await sessions.console(st.node);
          if (!c) {
            for (const a of argvs) replies.push({ argv: a, printed: printedReply(a, null, realPorts.get(st.node)) });
          } else {
            for (let i = 0; i < argvs.length; i += PIPELINE_CHUNK) {
              const chunk = argvs.slice(i, i + PIPELINE_CHUNK);
              const ports = await via(st.node, chunk);
              const sent = chunk.map((a) => rewriteSentinelCommand(rewriteReplicaof(a, simPorts, ports), simPorts, realPorts));
              let got: Reply[];
              try {
                got = await withLimit(c.pipeline(sent), REAL_REPLY_LIMIT_MS);
              } catch (e) {
                got = [];
                note = (e as Error).message;
                sessions.drop(st.node); // its replies would now come out of step
              }
              chunk.forEach((a, j) => replies.push({ argv: a, printed: got[j] ? printedReply(a, got[j]) : '' }));
            }
          }
          offsetAfter = await offsetOf(sessions, st.node);
          break;
        }
        case 'nowait': {
          // Sent on the node's console connection without waiting: later commands on it queue behind.
          const c = await sessions.console(st.node);
          if (c) c.pipeline([rewriteReplicaof(st.argv, simPorts, await via(st.node, [st.argv]))]).catch(() => undefined);
          note = c ? 'sent, reply not awaited' : 'node down: not sent';
          break;
        }
        case 'sleep':
          await sleep(st.durationMs);
          break;
        case 'at': {
          // Until that much real time has passed since the scenario started (at once if it has).
          const wait = st.atMs - now();
          if (wait > 0) await sleep(wait);
          note = wait > 0 ? `waited ${wait} ms` : `already ${-wait} ms past`;
          break;
        }
        case 'until': {
          const deadline = Date.now() + st.withinMs;
          untilOk = false;
          for (;;) {
            const f = await infoOf(sessions, st.node, 'replication');
            if (f?.get('master_link_status') === 'up') {
              untilOk = true;
              break;
            }
            if (Date.now() >= deadline) break;
            await sleep(UNTIL_POLL_MS);
          }
          break;
        }
        case 'crash':
        case 'remove':
          sessions.drop(st.node);
          await cluster.crash(st.node);
          note = st.type === 'remove' ? 'SIGKILL, not restarted' : 'SIGKILL';
          break;
        case 'closeConsole': {
          // What a subscribed redis-cli printed before Ctrl+C: the messages nobody asked for.
          const msgs = sessions.openConsole(st.node)?.takeUnsolicited() ?? [];
          if (msgs.length > 0) replies.push({ argv: [PUSHED_ARGV], printed: msgs.map((m) => printedReply([PUSHED_ARGV], m)).join('\n') });
          // The node's console connection closes, as when redis-cli exits on Ctrl+C.
          sessions.drop(st.node);
          break;
        }
        case 'restart':
          sessions.drop(st.node);
          await cluster.restart(st.node);
          note = 'same config file and dir';
          break;
        case 'kill':
          note = await killMasterLink(sessions, cluster, st.a, st.b);
          break;
        case 'cut':
          note = direct ? 'not reproduced: with Sentinels every link is direct (no proxy to stop)' : `proxy stops forwarding (${proxies.cut(st.a, st.b)} link(s) now)`;
          break;
        case 'heal':
          note = direct ? 'not reproduced: with Sentinels every link is direct' : `proxy forwards again (${proxies.heal(st.a, st.b)} link(s))`;
          break;
        case 'latency':
        case 'bandwidth':
          note = 'ignored';
          break;
        default:
          assertNever(st);
      }
      records.push({ line: st.line, text: st.text.trim(), kind: st.type, node, startMs, endMs: now(), replies, offsetBefore, offsetAfter, untilOk, ...(note ? { note } : {}) });
    }
    const totalMs = now();
    for (const n of nodeNames) {
      if (sentinels.has(n)) {
        const f = await infoOf(sessions, n, 'sentinel');
        end.set(n, f ? { alive: true, fields: f } : { alive: false, fields: new Map() });
        continue;
      }
      const repl = await infoOf(sessions, n, 'replication');
      const stats = await infoOf(sessions, n, 'stats');
      end.set(n, repl && stats ? { alive: true, fields: new Map([...repl, ...stats]) } : { alive: false, fields: new Map() });
    }
    // The logs are read in `finally`, once the servers have stopped; the map is filled by then.
    return { world: 'real', steps: records, end, logs, starts, stops, ports: realPorts, aliasPorts: proxies.aliases(), cutsByProxy: !direct, pings: null, totalMs };
  } finally {
    sessions.closeAll();
    await proxies.closeAll();
    await cluster.stopAll();
    for (const [n, rn] of cluster.nodes) {
      starts.set(n, rn.startsMs.map((ms) => ms - t0));
      stops.set(n, rn.stopsMs.map((ms) => ms - t0));
      const entries: LogEntry[] = [];
      for (const line of cluster.readLog(n).split('\n')) {
        const p = parseLogLine(line);
        if (p) entries.push({ ms: p.ms - t0, role: p.role, level: p.level, msg: p.msg });
      }
      logs.set(n, entries);
    }
    cluster.removeDir();
  }
}
