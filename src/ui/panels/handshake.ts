// The PSYNC handshake of one replica, rebuilt from the run: one section per connection the replica
// opened to a master (a reconnection starts a new one), its frames as rows in time order, repeated
// stream / ACK / keepalive frames collapsed into "×N" rows, why each handshake started, and what a
// row shows at a cursor (rows after the cursor are the future).

import type { FrameRecord } from '../../runtime/sim.ts';
import type { TraceEntry } from '../../runtime/trace.ts';

/** Simulated start (Unix ms): mirrors SIM_EPOCH_MS of runtime/node-host.ts (a test checks). */
export const EPOCH_MS = 1767225600000;

export type Translate = (key: string, vars?: Record<string, string | number>) => string;
export type Dir = 'toMaster' | 'toReplica';
export type Cause = 'first' | 'replicaof' | 'cut' | 'kill' | 'replicaRestart' | 'masterRestart' | 'overflow' | 'timeout' | 'reconnect';
export type Answer = 'fullresync' | 'continue';

export interface HandshakeRow {
  readonly key: string;
  readonly kind: FrameRecord['kind'];
  readonly dir: Dir;
  /** In send order; one frame, or several collapsed ones. */
  readonly frames: readonly FrameRecord[];
  /** The master's reason for its PSYNC answer (Redis's log wording), on the answer row. */
  readonly reason: string | null;
}

export interface HandshakeSection {
  /** 1-based, in the order the replica opened its connections. */
  readonly index: number;
  readonly conn: string;
  readonly replica: string;
  readonly master: string;
  readonly startAbsMs: number;
  readonly cause: Cause;
  readonly rows: readonly HandshakeRow[];
}

const COLLAPSIBLE: ReadonlySet<string> = new Set(['stream', 'ack', 'keepalive']);

const firstLine = (s: string): string => {
  const i = s.indexOf('\r\n');
  return i < 0 ? s : s.slice(0, i);
};

/** Does this frame open a replication handshake (the replica's first PING)? */
const opensHandshake = (f: FrameRecord, replica: string): boolean =>
  f.from === replica && f.kind === 'handshake' && f.meta.label === 'PING';

/** The replicas that opened at least one handshake, in order of their first one. */
export function replicasWithHandshakes(frames: readonly FrameRecord[]): string[] {
  const out: string[] = [];
  for (const f of frames) if (f.kind === 'handshake' && f.meta.label === 'PING' && !out.includes(f.from)) out.push(f.from);
  return out;
}

/** Builds every handshake section of `replica` (the whole run; the cursor is applied later). */
export function buildHandshakes(replica: string, frames: readonly FrameRecord[], trace: readonly TraceEntry[]): HandshakeSection[] {
  const opened = new Map<string, FrameRecord>();
  for (const f of frames) if (opensHandshake(f, replica) && !opened.has(f.conn)) opened.set(f.conn, f);
  const byConn = new Map<string, FrameRecord[]>();
  for (const f of frames) if (opened.has(f.conn)) (byConn.get(f.conn) ?? byConn.set(f.conn, []).get(f.conn)!).push(f);
  const starts = [...opened.values()].sort((a, b) => a.sentAtMs - b.sentAtMs);
  return starts.map((ping, i) => {
    const master = ping.to;
    // Stable: frames of one node keep the order they were sent in.
    const fs = byConn.get(ping.conn)!.slice().sort((a, b) => a.sentAtMs - b.sentAtMs);
    const prevStart = i > 0 ? starts[i - 1].sentAtMs : null;
    const port = listeningPort(fs);
    return {
      index: i + 1, conn: ping.conn, replica, master, startAbsMs: ping.sentAtMs,
      cause: findCause(trace, replica, master, port, prevStart, ping.sentAtMs),
      rows: collapse(fs, replica, trace, master, port),
    };
  });
}

function listeningPort(fs: readonly FrameRecord[]): string | null {
  for (const f of fs) {
    const m = /^REPLCONF listening-port (\d+)$/.exec(f.meta.label);
    if (m) return m[1];
  }
  return null;
}

/** Rows in time order; a run of stream / ACK / keepalive frames of one direction shares one "×N" row. */
function collapse(fs: readonly FrameRecord[], replica: string, trace: readonly TraceEntry[], master: string, port: string | null): HandshakeRow[] {
  const rows: { key: string; kind: FrameRecord['kind']; dir: Dir; frames: FrameRecord[]; reason: string | null }[] = [];
  for (const f of fs) {
    const dir: Dir = f.from === replica ? 'toMaster' : 'toReplica';
    const prev = rows[rows.length - 1];
    if (COLLAPSIBLE.has(f.kind) && prev && prev.kind === f.kind && prev.dir === dir) {
      prev.frames.push(f);
      continue;
    }
    const reason = f.kind === 'handshake' && dir === 'toReplica' ? psyncReason(trace, master, port, f) : null;
    rows.push({ key: `${f.conn}#${rows.length}`, kind: f.kind, dir, frames: [f], reason });
  }
  return rows;
}

const parse = (s: string): Record<string, unknown> | null => {
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    return null;
  }
};

/** The master's reason for a +FULLRESYNC / +CONTINUE it sent: its latest psyncAnswered for this replica. */
function psyncReason(trace: readonly TraceEntry[], master: string, port: string | null, f: FrameRecord): string | null {
  const text = answerOf(f);
  if (text === null || port === null) return null;
  let reason: string | null = null;
  const sentRel = f.sentAtMs - EPOCH_MS;
  for (const e of trace) {
    if (e.t > sentRel) break;
    if (e.node !== master || e.kind !== 'ev:psyncAnswered') continue;
    const d = parse(e.detail);
    if (d && String(d.replica).endsWith(`:${port}`) && typeof d.reason === 'string') reason = d.reason;
  }
  return reason;
}

/** +FULLRESYNC or +CONTINUE, when the frame is the master's answer to PSYNC. */
export function answerOf(f: FrameRecord): Answer | null {
  if (f.kind !== 'handshake') return null;
  if (f.meta.label.startsWith('+FULLRESYNC')) return 'fullresync';
  if (f.meta.label.startsWith('+CONTINUE')) return 'continue';
  return null;
}

/** Why the replica opened this connection, read from the trace since its previous handshake. */
function findCause(trace: readonly TraceEntry[], replica: string, master: string, port: string | null, prevAbs: number | null, startAbs: number): Cause {
  const from = prevAbs === null ? -Infinity : prevAbs - EPOCH_MS;
  const to = startAbs - EPOCH_MS;
  const seen = new Set<Cause>();
  let overflowAt = -1;
  for (const e of trace) {
    if (e.t > to) break;
    if (e.t < from) continue;
    const pair = e.node.split('|');
    if ((e.kind === 'cut' || e.kind === 'kill') && pair.includes(replica) && pair.includes(master)) seen.add(e.kind);
    else if ((e.kind === 'crash' || e.kind === 'restart') && e.node === replica) seen.add('replicaRestart');
    else if ((e.kind === 'crash' || e.kind === 'restart') && e.node === master) seen.add('masterRestart');
    else if (e.kind === 'command' && e.node === replica && /^(REPLICAOF|SLAVEOF) /i.test(e.detail)) seen.add('replicaof');
    else if (e.kind === 'log' && e.node === replica && e.detail.includes('MASTER timeout')) seen.add('timeout');
    else if (e.kind === 'log' && e.node === master && e.detail.includes('Disconnecting timedout replica')) seen.add('timeout');
    else if (e.kind === 'log' && e.node === master && e.detail.includes('for overcoming of output buffer limits')) overflowAt = e.t;
    else if (e.kind === 'log' && e.node === master && overflowAt === e.t && port !== null && e.detail.includes(`Connection with replica 127.0.0.1:${port} lost`)) seen.add('overflow');
  }
  const order: Cause[] = ['replicaRestart', 'masterRestart', 'kill', 'cut', 'overflow', 'replicaof', 'timeout'];
  for (const c of order) if (seen.has(c) && !(prevAbs === null && c === 'replicaof')) return c;
  return prevAbs === null ? 'first' : 'reconnect';
}

/** The PSYNC answer of a section, if it was sent by the cursor. */
export function sectionAnswer(s: HandshakeSection, cursorAbsMs: number): Answer | null {
  for (const r of s.rows) {
    const a = answerOf(r.frames[0]);
    if (a && r.frames[0].sentAtMs <= cursorAbsMs) return a;
  }
  return null;
}

export interface RowAt {
  readonly state: 'past' | 'inflight' | 'future';
  /** Frames sent by the cursor (all of them for a future row). */
  readonly count: number;
  /** The arrow's label, in Redis's tokens. */
  readonly text: string;
  readonly detail: string;
  /** Ms since the section started: the first and the newest frame shown. */
  readonly firstRelMs: number;
  readonly lastRelMs: number;
  readonly lastSentAbsMs: number;
  /** 0..1: how far the newest frame shown has travelled. */
  readonly progress: number;
  readonly bytes: number;
}

export const fmtSec = (ms: number): string => (ms / 1000).toFixed(3);

/** What a row shows at the cursor: only the frames sent by then count. */
export function rowAt(row: HandshakeRow, section: HandshakeSection, cursorAbsMs: number, t: Translate): RowAt {
  const sent = row.frames.filter((f) => f.sentAtMs <= cursorAbsMs);
  const fs = sent.length > 0 ? sent : row.frames;
  const last = fs[fs.length - 1];
  const span = last.arriveAtMs - last.sentAtMs;
  const progress = sent.length === 0 ? 0 : span <= 0 ? 1 : Math.min(1, Math.max(0, (cursorAbsMs - last.sentAtMs) / span));
  const state = sent.length === 0 ? 'future' : progress < 1 ? 'inflight' : 'past';
  const bytes = fs.reduce((a, f) => a + f.bytes, 0);
  const firstRelMs = fs[0].sentAtMs - section.startAbsMs;
  const lastRelMs = last.sentAtMs - section.startAbsMs;
  const { text, detail } = describe(row, fs, bytes, t);
  const many = fs.length > 1 ? t('handshake.collapsed', { n: fs.length, from: fmtSec(firstRelMs), to: fmtSec(lastRelMs) }) : '';
  const flight = state === 'inflight' ? t('handshake.inFlight', { pct: Math.floor(progress * 100) }) : '';
  return {
    state, count: fs.length, text, detail: [detail, many, flight].filter((x) => x !== '').join(' · '),
    firstRelMs, lastRelMs, lastSentAbsMs: last.sentAtMs, progress, bytes,
  };
}

function describe(row: HandshakeRow, fs: readonly FrameRecord[], bytes: number, t: Translate): { text: string; detail: string } {
  const f = fs[0];
  const size = t('handshake.bytes', { n: bytes });
  switch (row.kind) {
    case 'handshake': {
      const text = row.dir === 'toReplica' && /^[+-]/.test(f.preview) ? firstLine(f.preview) : f.meta.label;
      return { text, detail: row.reason ? `${size} · ${row.reason}` : size };
    }
    case 'rdb': {
      const payload = /RDB (\d+) B/.exec(f.meta.label);
      const ms = (fs[fs.length - 1].arriveAtMs - f.sentAtMs).toFixed(1);
      const text = f.preview ? firstLine(f.preview) : f.meta.label;
      return { text, detail: t('handshake.rdbDetail', { payload: payload ? `${payload[1]} B` : '?', wire: size, ms }) };
    }
    case 'stream': {
      const from = fs[0].meta.fromOffset;
      const to = fs[fs.length - 1].meta.toOffset;
      const offs = from !== undefined && to !== undefined ? t('handshake.offsets', { from, to: to - 1 }) : '';
      if (fs.length > 1) return { text: t('handshake.streamMany'), detail: [offs, size].filter(Boolean).join(' · ') };
      const buffered = /^buffered \d+ B$/.test(f.meta.label) ? t('handshake.buffered') : /^backlog \d+ B$/.test(f.meta.label) ? t('handshake.backlog') : '';
      return { text: buffered || f.meta.label, detail: [offs, size].filter(Boolean).join(' · ') };
    }
    case 'ack': {
      const a = fs[0].meta.label.replace(/^ACK /, '');
      const b = fs[fs.length - 1].meta.label.replace(/^ACK /, '');
      return { text: a === b ? `REPLCONF ACK ${a}` : `REPLCONF ACK ${a} … ${b}`, detail: size };
    }
    case 'keepalive':
      return { text: '\\n', detail: `${size} · ${t('handshake.keepalive')}` };
    case 'fin':
      return { text: 'FIN', detail: t('handshake.fin', { node: f.from }) };
    case 'reply':
      return { text: f.meta.label, detail: size };
  }
}

/** The row in step with the cursor: the one whose newest frame sent by then is the latest. */
export function currentRowKey(sections: readonly HandshakeSection[], cursorAbsMs: number): string | null {
  let best: { key: string; at: number } | null = null;
  for (const s of sections) {
    for (const r of s.rows) {
      let at = -Infinity;
      for (const f of r.frames) if (f.sentAtMs <= cursorAbsMs) at = f.sentAtMs;
      if (at > -Infinity && (best === null || at >= best.at)) best = { key: r.key, at };
    }
  }
  return best?.key ?? null;
}

/**
 * "#2 — after the link was cut: +CONTINUE". The answer shows once the master has sent it, or
 * at once when the future is shown.
 */
export function sectionHeading(s: HandshakeSection, cursorAbsMs: number, t: Translate, showFuture = false): string {
  const a = sectionAnswer(s, showFuture ? Infinity : cursorAbsMs);
  const answer = a === 'fullresync' ? '+FULLRESYNC' : a === 'continue' ? '+CONTINUE' : t('handshake.answerPending');
  const head = t('handshake.section', { n: s.index, cause: t(`handshake.cause.${s.cause}`, { master: s.master, replica: s.replica }), answer });
  return showFuture && s.startAbsMs > cursorAbsMs ? `${head} ${t('handshake.future')}` : head;
}

/** Sections that have started by the cursor (all of them when the future is shown). */
export function visibleSections(sections: readonly HandshakeSection[], cursorAbsMs: number, showFuture: boolean): HandshakeSection[] {
  return sections.filter((s) => showFuture || s.startAbsMs <= cursorAbsMs);
}

/** The diagram as plain text, one row per line: the copyable version and the screen-reader alternative. */
export function diagramText(sections: readonly HandshakeSection[], cursorAbsMs: number, showFuture: boolean, t: Translate): string {
  const current = currentRowKey(sections, cursorAbsMs);
  const lines: string[] = [];
  for (const s of visibleSections(sections, cursorAbsMs, showFuture)) {
    if (lines.length > 0) lines.push('');
    lines.push(`${sectionHeading(s, cursorAbsMs, t, showFuture)} (${t('handshake.startedAt', { t: fmtSec(s.startAbsMs - EPOCH_MS) })})`);
    for (const r of s.rows) {
      const a = rowAt(r, s, cursorAbsMs, t);
      if (a.state === 'future' && !showFuture) continue;
      const arrow = r.dir === 'toMaster' ? `${s.replica} → ${s.master}` : `${s.master} → ${s.replica}`;
      const mark = r.key === current ? '▶' : ' ';
      const times = a.count > 1 ? '×' + a.count : '';
      const future = a.state === 'future' ? ` ${t('handshake.future')}` : '';
      lines.push(`${mark} ${t('handshake.rel', { s: fmtSec(a.firstRelMs) }).padEnd(11)} ${arrow}  ${a.text}${times ? ' ' + times : ''}  (${a.detail})${future}`);
    }
  }
  return lines.join('\n');
}
