// Normalisation for the fidelity check: makes engine and real-Redis output comparable by replacing
// what is random or time-dependent by nature (IDs, ports, pids, ages, memory, byte counters),
// picks the INFO fields that matter for replication, and reads Redis log lines and PSYNC decisions.

import { replyAsPrinted } from '../../src/engine/cli-format.ts';
import type { Reply } from '../../src/engine/resp.ts';
import type { LogEntry } from './fidelity-types.ts';

/** The INFO fields compared between the engine and real Redis (slaveN lines are added to these). */
export const COMPARED_INFO_FIELDS: readonly string[] = [
  'role', 'connected_slaves', 'master_link_status', 'master_sync_in_progress', 'master_repl_offset',
  'slave_repl_offset', 'slave_read_repl_offset', 'second_repl_offset', 'repl_backlog_active',
  'repl_backlog_size', 'repl_backlog_first_byte_offset', 'repl_backlog_histlen', 'sync_full',
  'sync_partial_ok', 'sync_partial_err', 'expired_keys',
];

/** INFO fields whose value is a replication offset or a length of the stream (PINGs move them). */
export const OFFSET_FIELDS: ReadonlySet<string> = new Set([
  'master_repl_offset', 'slave_repl_offset', 'slave_read_repl_offset', 'repl_backlog_histlen',
]);

const ZERO_ID = '0000000000000000000000000000000000000000';

/** Replaces 40-hex IDs (replication IDs, run IDs) by <id1>, <id2>... in order of first appearance. */
export class IdMapper {
  private readonly ids = new Map<string, string>();

  map(text: string): string {
    return text.replace(/\b[0-9a-f]{40}\b/g, (id) => {
      if (id === ZERO_ID) return id;
      let p = this.ids.get(id);
      if (p === undefined) {
        p = `<id${this.ids.size + 1}>`;
        this.ids.set(id, p);
      }
      return p;
    });
  }
}

/** How each world names ports: port number -> node name. */
export type PortNames = ReadonlyMap<number, string>;

function portName(port: string, ports: PortNames): string {
  const n = ports.get(Number(port));
  return n === undefined ? '<port>' : `<${n}>`;
}

/** The value of a key:value or key=value field, with time-dependent and random values replaced. */
export function normalizeFieldValue(key: string, value: string, ports: PortNames): string {
  const k = key.toLowerCase();
  if (k === 'lag') return '<lag>';
  if (k.includes('seconds') || k.startsWith('uptime') || k === 'age' || k === 'idle') return '<secs>';
  if (k === 'server_time_usec' || k === 'lru_clock' || k === 'rdb_last_save_time') return '<time>';
  if (k.includes('mem') || k.includes('rss') || k.includes('fragmentation') || k.startsWith('allocator_')) return '<mem>';
  if (k === 'process_id' || k === 'pid' || k === 'fd') return '<pid>';
  if (k.startsWith('total_net_')) return '<bytes>';
  if (k.startsWith('instantaneous_')) return '<rate>';
  if (k === 'tcp_port' || k === 'master_port' || k === 'port') return /^\d+$/.test(value) ? portName(value, ports) : value;
  if (k === 'master_host' || k === 'ip') return '<host>';
  if (k === 'addr' || k === 'laddr') return normalizeAddresses(value, ports);
  if (k === 'executable' || k === 'config_file') return '<path>';
  return value;
}

/** "127.0.0.1:7901" -> "<r1>" (a node's port) or "<addr>" (a client's ephemeral port). */
export function normalizeAddresses(text: string, ports: PortNames): string {
  // 172.18.0.N: the engine's network addresses (a node reached by name); a port names the node.
  return text.replace(/\b(?:127\.0\.0\.1|localhost|::1|172\.18\.0\.\d+):(\d+)\b/g, (_m, p: string) => {
    const n = ports.get(Number(p));
    return n === undefined ? '<addr>' : `<${n}>`;
  });
}

/**
 * A printed reply with everything random or time-dependent replaced: IDs (through the world's
 * IdMapper), addresses, and the values of `key:value` lines and `key=value` pairs that depend on
 * time, memory, pids or ports.
 */
export function normalizeText(text: string, ports: PortNames, ids: IdMapper): string {
  let t = ids.map(text);
  t = t.replace(/(^|[\s,:])([A-Za-z_][\w-]*)=([^\s,]*)/g, (_m, pre: string, k: string, v: string) => `${pre}${k}=${normalizeFieldValue(k, v, ports)}`);
  t = t.replace(/^([a-z_][\w]*):([^\r\n]*)/gm, (_m, k: string, v: string) => `${k}:${normalizeFieldValue(k, v, ports)}`);
  t = normalizeAddresses(t, ports);
  return t;
}

/** INFO text -> field -> value (comments and blank lines skipped). */
export function infoFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** A slaveN value "ip=..,port=..,state=..,offset=..,lag=.." -> the replica's name, state, offset. */
export function replicaLine(value: string, ports: PortNames): { name: string; state: string; offset: string } {
  const kv = new Map<string, string>();
  for (const part of value.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) kv.set(part.slice(0, i), part.slice(i + 1));
  }
  const port = kv.get('port') ?? '';
  return { name: portName(port, ports), state: kv.get('state') ?? '?', offset: kv.get('offset') ?? '?' };
}

/**
 * The comparable fields of an INFO reply, in a fixed order: the fields COMPARED_INFO_FIELDS names,
 * then each slaveN as `slaveN.replica`, `slaveN.state` and `slaveN.offset`.
 */
export function comparableInfo(text: string, ports: PortNames): Map<string, string> {
  const f = infoFields(text);
  const out = new Map<string, string>();
  for (const k of COMPARED_INFO_FIELDS) {
    const v = f.get(k);
    if (v !== undefined) out.set(k, v);
  }
  for (const [k, v] of f) {
    if (!/^slave\d+$/.test(k)) continue;
    const r = replicaLine(v, ports);
    out.set(`${k}.replica`, r.name);
    out.set(`${k}.state`, r.state);
    out.set(`${k}.offset`, r.offset);
  }
  return out;
}

export function isInfoCommand(argv: readonly string[]): boolean {
  return argv.length > 0 && argv[0].toLowerCase() === 'info';
}

/** What the comparison looks at for one reply: INFO as its compared fields, the rest as text. */
export type Comparable =
  | { readonly kind: 'info'; readonly fields: ReadonlyMap<string, string> }
  | { readonly kind: 'text'; readonly text: string };

/** SENTINEL MASTER/REPLICAS/SENTINELS fields whose value is an age or a time in ms: 0 kept, else <ms>. */
export const SENTINEL_TIME_FIELDS: ReadonlySet<string> = new Set([
  'last-ping-sent', 'last-ok-ping-reply', 'last-ping-reply', 'info-refresh', 'role-reported-time', 's-down-time',
  'o-down-time', 'last-hello-message', 'master-link-down-time', 'failover-state-change-time',
]);

/** SENTINEL subcommands that list instances in dict order (random in Redis): compared sorted. */
const SENTINEL_LISTS = new Set(['masters', 'replicas', 'slaves', 'sentinels']);

const IP = /^(?:127\.0\.0\.1|172\.18\.0\.\d+)$/;

/**
 * A SENTINEL reply as redis-cli prints it, made comparable: ports that name a node (after a `port`
 * or `master-port` key, or after an IP) -> <node>; "IP:PORT" -> <node>; run IDs -> <runid> (a
 * Sentinel's: <sentinel NAME>, from `sentinelIds`); a voted-leader -> <a sentinel> (who wins the vote is a
 * race); ages and times -> <ms> (0 kept); slave-repl-offset and link-pending-commands -> <n>. The
 * instance lists (MASTERS, REPLICAS, SENTINELS) are sorted, as Redis lists them in hash order.
 */
export function normalizeSentinelReply(argv: readonly string[], printed: string, ports: PortNames, sentinelIds: ReadonlyMap<string, string>): string {
  const lines = printed.split('\n');
  const out: string[] = [];
  let prev = '';
  for (const line of lines) {
    const m = /^((?:\s*\d+\)\s+)*)(.*)$/.exec(line)!;
    const prefix = m[1];
    const body = m[2];
    const index = Number(/(\d+)\)\s*$/.exec(prefix)?.[1] ?? '0');
    const q = /^"(.*)"$/.exec(body);
    const value = q ? q[1] : /^\(integer\) (-?\d+)$/.exec(body)?.[1] ?? null;
    let v = value;
    if (value !== null) {
      const key = index % 2 === 0 ? prev : '';
      if ((key === 'port' || key === 'master-port' || IP.test(prev)) && /^\d+$/.test(value) && ports.has(Number(value))) v = `<${ports.get(Number(value))}>`;
      else if (/^[0-9a-f]{40}$/.test(value)) v = sentinelIds.has(value) ? (key === 'voted-leader' || key === 'leader' ? '<a sentinel>' : `<sentinel ${sentinelIds.get(value)}>`) : '<runid>';
      else if (SENTINEL_TIME_FIELDS.has(key) && /^\d+$/.test(value) && value !== '0') v = '<ms>';
      else if ((key === 'slave-repl-offset' || key === 'link-pending-commands') && /^\d+$/.test(value)) v = '<n>';
      else v = normalizeAddresses(value, ports);
    }
    out.push(v === null || v === value ? normalizeAddresses(line, ports) : `${prefix}${q ? `"${v}"` : v}`);
    prev = value ?? '';
  }
  if (!SENTINEL_LISTS.has(argv[1]?.toLowerCase() ?? '')) return out.join('\n');
  // Split into top-level elements ("1)  1) ..." starts one), sort them, number them again.
  const elements: string[][] = [];
  for (const l of out) {
    if (/^\d+\)/.test(l) || elements.length === 0) elements.push([l]);
    else elements[elements.length - 1].push(l);
  }
  const strip = (e: string[]) => e.map((l, i) => (i === 0 ? l.replace(/^\d+\)/, '') : l)).join('\n');
  elements.sort((a, b) => (strip(a) < strip(b) ? -1 : strip(a) > strip(b) ? 1 : 0));
  return elements.map((e, i) => [e[0].replace(/^\d+\)/, `${i + 1})`), ...e.slice(1)].join('\n')).join('\n');
}

export function comparable(argv: readonly string[], printed: string, ports: PortNames, ids: IdMapper, sentinelIds?: ReadonlyMap<string, string>): Comparable {
  if (sentinelIds && argv[0]?.toLowerCase() === 'sentinel') return { kind: 'text', text: normalizeSentinelReply(argv, printed, ports, sentinelIds) };
  // A Sentinel's INFO sentinel: every field, as text (master0:name=...,address=<m>,slaves=2,...).
  if (isInfoCommand(argv) && argv.length === 2 && argv[1].toLowerCase() === 'sentinel') return { kind: 'text', text: normalizeText(printed, ports, ids) };
  if (isInfoCommand(argv)) {
    ids.map(printed); // keep the order of first appearance the same in both worlds
    return { kind: 'info', fields: comparableInfo(printed, ports) };
  }
  return { kind: 'text', text: normalizeText(printed, ports, ids) };
}

/** What redis-cli shows for a reply, or its connection error. */
export function printedReply(argv: readonly string[], reply: Reply | null, refusedPort?: number): string {
  if (reply === null) return refusedPort === undefined ? '' : `Could not connect to Redis at 127.0.0.1:${refusedPort}: Connection refused`;
  return replyAsPrinted(reply, argv);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A Redis log line "pid:R dd Mon yyyy hh:mm:ss.mmm L message" -> its parts; the time is read as
 * local time (Redis formats it with localtime) and returned as Unix ms. Null for other lines.
 */
export function parseLogLine(line: string): { pid: number; role: string; ms: number; level: string; msg: string } | null {
  const m = /^(\d+):([A-Z]) (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) (\S) (.*)$/.exec(line);
  if (!m) return null;
  const mon = MONTHS.indexOf(m[4]);
  if (mon < 0) return null;
  const ms = new Date(Number(m[5]), mon, Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8]), Number(m[9])).getTime();
  return { pid: Number(m[1]), role: m[2], ms, level: m[10], msg: m[11] };
}

export type PsyncKind = 'id mismatch' | 'offset past id2' | 'full requested' | 'lack of backlog' | 'accepted';

export interface PsyncDecision {
  readonly ms: number;
  readonly node: string;
  readonly kind: PsyncKind;
  /** The replica, as a node name placeholder (<r1>). */
  readonly replica: string;
  /** The log message with IDs and addresses normalised. */
  readonly msg: string;
}

/** The master's PSYNC decision a log message records, or null. */
export function psyncDecision(msg: string, ports: PortNames): { kind: PsyncKind; replica: string; msg: string } | null {
  const norm = normalizeAddresses(msg.replace(/\b[0-9a-f]{40}\b/g, (id) => (id === ZERO_ID ? id : '<id>')), ports);
  let m: RegExpExecArray | null;
  if ((m = /^Partial resynchronization request from (\S+) accepted\./.exec(msg))) return { kind: 'accepted', replica: normalizeAddresses(m[1], ports), msg: norm };
  if ((m = /^Unable to partial resync with replica (\S+) for lack of backlog/.exec(msg))) return { kind: 'lack of backlog', replica: normalizeAddresses(m[1], ports), msg: norm };
  if ((m = /^Full resync requested by replica (\S+)/.exec(msg))) return { kind: 'full requested', replica: normalizeAddresses(m[1], ports), msg: norm };
  if (/^Partial resynchronization not accepted: Replication ID mismatch/.test(msg)) return { kind: 'id mismatch', replica: '', msg: norm };
  if (/^Partial resynchronization not accepted: Requested offset for second ID/.test(msg)) return { kind: 'offset past id2', replica: '', msg: norm };
  return null;
}

/** The PSYNC decisions in a node's log. "not accepted" lines name no replica: take it from the "asks for synchronization" line before. */
export function psyncDecisions(node: string, log: readonly LogEntry[], ports: PortNames): PsyncDecision[] {
  const out: PsyncDecision[] = [];
  let asking = '';
  for (const e of log) {
    const ask = /^Replica (\S+) asks for synchronization$/.exec(e.msg);
    if (ask) {
      asking = normalizeAddresses(ask[1], ports);
      continue;
    }
    const d = psyncDecision(e.msg, ports);
    if (d) out.push({ ms: e.ms, node, kind: d.kind, replica: d.replica || asking, msg: d.msg });
  }
  return out;
}

/**
 * When a master had replicas attached, from its log: +1 at "Replica X asks for synchronization",
 * -1 at "Connection with replica X lost.".
 */
export function attachEvents(log: readonly LogEntry[]): { ms: number; replica: string; attached: boolean }[] {
  const out: { ms: number; replica: string; attached: boolean }[] = [];
  for (const e of log) {
    let m = /^Replica (\S+) asks for synchronization$/.exec(e.msg);
    if (m) out.push({ ms: e.ms, replica: m[1], attached: true });
    m = /^Connection with replica (\S+) lost\.$/.exec(e.msg);
    if (m) out.push({ ms: e.ms, replica: m[1], attached: false });
  }
  return out;
}
