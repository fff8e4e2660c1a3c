// Prints the fidelity comparison as plain text: per scenario, the replies, the offset deltas, the
// sync counters and the PSYNC decisions side by side (real | engine), then every difference with
// its line and both values, marked DIFF or explained; aligned for an 80-100 column terminal.

import type { CounterRow, OffsetRow, PsyncRow, ScenarioReport, Verdict } from './fidelity-compare.ts';
import { SENTINEL_TIME_TOLERANCE_MS, type SentinelReport } from './fidelity-sentinel.ts';

export const WIDTH = 100;

/** How the real run maps scenario lines onto real servers, printed once above the tables. */
export const MAPPING_NOTES: readonly string[] = [
  'real runs: one redis-server per node (config: port, bind 127.0.0.1, dir, daemonize no, logfile;',
  '  all else default), ports from 7900 up (or REPLSCOPE_FIDELITY_PORTS=FIRST-LAST); NAME> CMD on one',
  '  connection per node (REPLICAOF <node> <port> -> 127.0.0.1 <proxy port>); repeat: pipelined;',
  '  nowait: sent, reply not awaited; sleep,',
  '  at: real time; until: INFO replication every 50 ms; crash: SIGKILL; restart: same config and',
  '  dir; kill a b: CLIENT KILL TYPE master on the replica; a replica reaches its master through a',
  '  loopback TCP proxy per pair of nodes: cut stops it forwarding (no RST, no FIN: bytes wait in',
  '  the sockets), heal resumes; latency, bandwidth: ignored.',
  'compared: every reply as redis-cli prints it (IDs, ports, pids, lag, times, memory, byte counters',
  '  normalised); INFO: role, connected_slaves, slaveN state/offset, link status, offsets, backlog,',
  '  sync_*, expired_keys only. Offset deltas: master_repl_offset of the commanded node read with',
  '  INFO replication (engine: its state) just before and after each command, on a separate',
  '  connection (INFO is not propagated, so reading does not move it).',
  'Sentinels: one redis-sentinel per sentinel node (sentinel.conf: port, bind, dir, logfile and its',
  '  --sentinel lines, monitor pointed at the real port); replicas then reach their master directly',
  '  (no proxy). Compared: each Sentinel\'s events from its log (addresses and IDs as node names; the',
  '  Sentinels paired leader with leader, the rest by best match; the delay from the event before',
  `  within ${SENTINEL_TIME_TOLERANCE_MS} ms), the replica each failover selected, the data nodes' final roles, and`,
  '  SENTINEL replies (ages, offsets, run IDs normalised; instance lists sorted).',
];

export function verdictWord(v: Verdict): string {
  return v.kind === 'same' ? 'ok' : v.kind === 'explained' ? 'explained' : 'DIFF';
}

/** Cuts s to n columns, marking the cut with "...". */
export function fit(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, Math.max(0, n - 3)) + '...';
}

/** Wraps text at word boundaries to `width` columns, every line after the first indented. */
export function wrap(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const out: string[] = [];
  let cur = firstIndent;
  let empty = true;
  for (const w of words) {
    if (!empty && cur.length + 1 + w.length > width) {
      out.push(cur);
      cur = indent + w;
    } else {
      cur += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  if (!empty) out.push(cur);
  return out;
}

/** Shows a value on one line: line breaks as \n, cut to n columns. */
function oneLine(s: string, n: number): string {
  return fit(s.replace(/\r/g, '\\r').replace(/\n/g, '\\n'), n);
}

const num = (v: number | string | null) => (v === null ? '-' : String(v));

function offsetTable(rows: readonly OffsetRow[]): string[] {
  if (rows.length === 0) return ['offset deltas  (no command changed master_repl_offset)'];
  const out = [`offset deltas  ${'line'.padStart(4)}  ${'command (delta of master_repl_offset)'.padEnd(46)} ${'real'.padStart(8)} ${'engine'.padStart(8)}  ok?`];
  for (const r of rows) {
    const line = r.line === null ? 'end' : String(r.line);
    out.push(`               ${line.padStart(4)}  ${fit(r.label, 46).padEnd(46)} ${num(r.real).padStart(8)} ${num(r.engine).padStart(8)}  ${verdictWord(r.verdict)}`);
  }
  return out;
}

function counterTable(rows: readonly CounterRow[]): string[] {
  if (rows.length === 0) return ['sync counters  (all 0 on every node, both runs)'];
  const out = [`sync counters  ${'node'.padEnd(16)} ${'counter'.padEnd(34)} ${'real'.padStart(8)} ${'engine'.padStart(8)}  ok?`];
  for (const r of rows) out.push(`               ${r.node.padEnd(16)} ${r.counter.padEnd(34)} ${r.real.padStart(8)} ${r.engine.padStart(8)}  ${verdictWord(r.verdict)}`);
  return out;
}

function psyncTable(rows: readonly PsyncRow[]): string[] {
  if (rows.length === 0) return ['PSYNC decisions  (none in either run)'];
  const out = ['PSYNC decisions (the masters\' log lines, IDs and addresses normalised)', `  #  ${'real'.padEnd(42)} ${'engine'.padEnd(42)} ok?`];
  const cell = (d: PsyncRow['real']) => (d ? `+${(d.ms / 1000).toFixed(3)}s ${d.node}: ${d.kind}${d.replica ? ` (${d.replica.replace(/^<|>$/g, '')})` : ''}` : '-');
  rows.forEach((r, i) => {
    out.push(`${String(i + 1).padStart(3)}  ${fit(cell(r.real), 42).padEnd(42)} ${fit(cell(r.engine), 42).padEnd(42)} ${verdictWord(r.verdict)}`);
    out.push(...wrap(r.real ? r.real.msg : '-', WIDTH, '             ', '     real:   '));
    out.push(...wrap(r.engine ? r.engine.msg : '-', WIDTH, '             ', '     engine: '));
  });
  return out;
}

function sentinelTables(s: SentinelReport): string[] {
  const out: string[] = [];
  const pairs = [...s.pairs].filter(([r, e]) => r !== e).map(([r, e]) => `real ${r} = engine ${e}`);
  const total = s.events.length;
  const explainedRows = s.events.filter((e) => e.verdict.kind === 'explained').length;
  out.push(`sentinel events  ${s.eventsSame} of ${total} rows the same, ${explainedRows} explained${pairs.length ? ` (paired by role: ${pairs.join(', ')})` : ''}`);
  out.push(`  ${'sentinel'.padEnd(8)} ${'real'.padEnd(9)} ${'engine'.padEnd(9)} ${'event'.padEnd(64)} ok?`);
  const t = (e: { ms: number } | null) => (e ? `+${(e.ms / 1000).toFixed(3)}s` : '-');
  for (const r of s.events) {
    const e = (r.real ?? r.engine)!;
    out.push(`  ${fit(r.sentinel, 8).padEnd(8)} ${t(r.real).padEnd(9)} ${t(r.engine).padEnd(9)} ${fit(`${e.event} ${e.text}`.trimEnd(), 64).padEnd(64)} ${verdictWord(r.verdict)}`);
  }
  out.push(`selected replica real: ${s.selected.real.join(', ') || '(none)'}  engine: ${s.selected.engine.join(', ') || '(none)'}  ${verdictWord(s.selected.verdict)}`);
  out.push(`final roles    ${'node'.padEnd(16)} ${'real'.padEnd(30)} ${'engine'.padEnd(30)} ok?`);
  for (const r of s.roles) out.push(`               ${r.node.padEnd(16)} ${fit(r.real, 30).padEnd(30)} ${fit(r.engine, 30).padEnd(30)} ${verdictWord(r.verdict)}`);
  return out;
}

/** The block of one scenario. */
export function renderScenario(r: ScenarioReport): string[] {
  const out: string[] = [];
  out.push(`== ${r.file}  (real run ${(r.realMs / 1000).toFixed(1)} s, engine ${(r.engineMs / 1000).toFixed(1)} s simulated)`);
  const diffLines = r.replyLines - r.replyLinesSame;
  out.push(`replies        ${r.replyLines} command lines (${r.replies} replies): ${r.replyLinesSame} same, ${diffLines} different`);
  out.push(...offsetTable(r.offsets));
  out.push(...counterTable(r.counters));
  out.push(...psyncTable(r.psync));
  if (r.sentinel) out.push(...sentinelTables(r.sentinel));
  if (r.mapped.length > 0) {
    out.push('mapped lines (real run)');
    for (const m of r.mapped) out.push(...wrap(`${m.text}: ${m.note}`, WIDTH, '            ', `  L${String(m.line).padEnd(4)}  `));
  }
  const unexplained = r.diffs.filter((d) => d.verdict.kind === 'DIFF').length;
  out.push(`differences    ${r.diffs.length} (${unexplained} unexplained)`);
  for (const d of r.diffs) {
    const where = d.line === null ? 'end ' : `L${d.line}`;
    out.push(...wrap(d.what, WIDTH, '        ', `  ${where.padEnd(5)} `));
    out.push(`        real:   ${oneLine(d.real, WIDTH - 16)}`);
    out.push(`        engine: ${oneLine(d.engine, WIDTH - 16)}`);
    if (d.verdict.kind === 'explained') out.push(...wrap(`explained: ${d.verdict.why}`, WIDTH, '          ', '        '));
    else if (d.verdict.kind === 'DIFF') out.push('        DIFF');
  }
  return out;
}

export function unexplainedCount(reports: readonly ScenarioReport[]): number {
  return reports.reduce((n, r) => n + r.diffs.filter((d) => d.verdict.kind === 'DIFF').length, 0);
}

export function summaryLine(scenarios: number, unexplained: number): string {
  return `fidelity: ${scenarios} scenarios, ${unexplained} unexplained differences`;
}
