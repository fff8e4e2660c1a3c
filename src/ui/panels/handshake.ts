// The PSYNC handshake of one replica, rebuilt from the run: one section per connection the replica
// opened to a master (a reconnection starts a new one), its frames as rows in time order, repeated
// stream / ACK / keepalive frames collapsed into "×N" rows, why each handshake started, and what a
// row shows at a cursor (rows after the cursor are the future).

import type { PsyncVerdict } from '../../engine/io.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import { framesOfKind, type FrameList } from '../../runtime/frame-list.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { notableOf, type ListView } from '../../runtime/compact-log.ts';
import { verdictReason } from '../moment-text.ts';
import { parseRespCommand } from './stream.ts';
import { addPanelWords } from '../i18n/panels.ts';
import * as handshakeWords from '../i18n/handshake.ts';

// The handshake diagram's and the buffer gauges' words load with them (not with the first screen).
addPanelWords(handshakeWords);

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
  /** On the answer row: the master's verdict on the PSYNC (its psyncDecision). */
  readonly decision: { readonly verdict: PsyncVerdict; readonly offset: number } | null;
  /** On an RDB row: the RDB's size, from the master's rdbTransferStarted. */
  readonly rdbBytes: number | null;
  /** On a stream row: the first frame carries the missed bytes (+CONTINUE) or what piled up during a full sync. */
  readonly origin: 'backlog' | 'buffered' | null;
  /** On an ACK row: each frame's acknowledged offset. */
  readonly acks: readonly (number | null)[];
}

export interface HandshakeSection {
  /** 1-based, in the order the replica opened its connections. */
  readonly index: number;
  readonly conn: string;
  readonly replica: string;
  readonly master: string;
  /** Ms since the run began. */
  readonly startMs: number;
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
export function replicasWithHandshakes(frames: FrameList): string[] {
  const out: string[] = [];
  for (const f of framesOfKind(frames, 'handshake')) if (f.meta.label === 'PING' && !out.includes(f.from)) out.push(f.from);
  return out;
}

/** The port of "ip:port" / "host:port". */
const portOfAddr = (addr: string): number => Number(addr.slice(addr.lastIndexOf(':') + 1));

/** The port a node listens on, from its boot entries (null before it booted). */
function portOfNode(trace: ListView<TraceEntry>, node: string): number | null {
  for (const e of notableOf(trace)) if (e.kind === 'boot' && e.node === node) return e.port;
  return null;
}

/** What the master's events say about one replica (named by its port, as Redis names it). */
interface MasterFacts {
  readonly decisions: readonly { readonly t: number; readonly verdict: PsyncVerdict; readonly offset: number }[];
  readonly rdbStarts: readonly { readonly t: number; readonly bytes: number }[];
  readonly acks: readonly { readonly t: number; readonly offset: number }[];
  /** When each stream offset was first written into the master's stream (backlogAppended). */
  readonly appendedAt: ReadonlyMap<number, number>;
}

function masterFacts(trace: ListView<TraceEntry>, master: string, port: number | null): MasterFacts {
  const decisions: { t: number; verdict: PsyncVerdict; offset: number }[] = [];
  const rdbStarts: { t: number; bytes: number }[] = [];
  const acks: { t: number; offset: number }[] = [];
  const appendedAt = new Map<number, number>();
  for (const e of trace) {
    if (e.node !== master || e.kind !== 'event') continue;
    const ev = e.event;
    switch (ev.type) {
      case 'backlogAppended':
        appendedAt.set(ev.fromOffset, e.t);
        break;
      case 'psyncDecision':
        if (portOfAddr(ev.replica) === port) decisions.push({ t: e.t, verdict: ev.verdict, offset: ev.offset });
        break;
      case 'rdbTransferStarted':
        if (portOfAddr(ev.replica) === port) rdbStarts.push({ t: e.t, bytes: ev.bytes });
        break;
      case 'ackReceived':
        if (portOfAddr(ev.replica) === port) acks.push({ t: e.t, offset: ev.offset });
        break;
      default:
        break;
    }
  }
  return { decisions, rdbStarts, acks, appendedAt };
}

/** The latest of these (sorted by time) at or before `t`. */
function latestBy<T extends { readonly t: number }>(list: readonly T[], t: number): T | null {
  let out: T | null = null;
  for (const x of list) {
    if (x.t > t) break;
    out = x;
  }
  return out;
}

/** Builds every handshake section of `replica` (the whole run; the cursor is applied later). */
export function buildHandshakes(replica: string, frames: FrameList, trace: ListView<TraceEntry>): HandshakeSection[] {
  const opened = new Map<string, FrameRecord>();
  for (const f of framesOfKind(frames, 'handshake')) if (opensHandshake(f, replica) && !opened.has(f.conn)) opened.set(f.conn, f);
  const byConn = new Map<string, FrameRecord[]>();
  for (const f of frames) if (opened.has(f.conn)) (byConn.get(f.conn) ?? byConn.set(f.conn, []).get(f.conn)!).push(f);
  const starts = [...opened.values()].sort((a, b) => a.sentAtMs - b.sentAtMs);
  const port = portOfNode(trace, replica);
  const facts = new Map<string, MasterFacts>();
  return starts.map((ping, i) => {
    const master = ping.to;
    let mf = facts.get(master);
    if (!mf) facts.set(master, (mf = masterFacts(trace, master, port)));
    // Stable: frames of one node keep the order they were sent in.
    const fs = byConn.get(ping.conn)!.slice().sort((a, b) => a.sentAtMs - b.sentAtMs);
    const prevStart = i > 0 ? starts[i - 1].sentAtMs : null;
    return {
      index: i + 1, conn: ping.conn, replica, master, startMs: ping.sentAtMs,
      cause: findCause(trace, replica, master, port, prevStart, ping.sentAtMs),
      rows: collapse(fs, replica, mf),
    };
  });
}

type MutableRow = { -readonly [K in keyof HandshakeRow]: HandshakeRow[K] } & { frames: FrameRecord[]; acks: (number | null)[] };

/** Rows in time order; a run of stream / ACK / keepalive frames of one direction shares one "×N" row. */
function collapse(fs: readonly FrameRecord[], replica: string, mf: MasterFacts): HandshakeRow[] {
  const rows: MutableRow[] = [];
  let continuedAt: number | null = null;
  for (const f of fs) {
    const dir: Dir = f.from === replica ? 'toMaster' : 'toReplica';
    const answer = dir === 'toReplica' ? answerOf(f) : null;
    if (answer === 'continue') continuedAt = f.sentAtMs;
    const ack = f.kind === 'ack' ? ackOffset(f, mf) : null;
    const prev = rows[rows.length - 1];
    if (COLLAPSIBLE.has(f.kind) && prev && prev.kind === f.kind && prev.dir === dir) {
      prev.frames.push(f);
      if (f.kind === 'ack') prev.acks.push(ack);
      continue;
    }
    const decision = answer ? latestBy(mf.decisions, f.sentAtMs) : null;
    rows.push({
      key: `${f.conn}#${rows.length}`, kind: f.kind, dir, frames: [f],
      decision: decision ? { verdict: decision.verdict, offset: decision.offset } : null,
      rdbBytes: f.kind === 'rdb' ? latestBy(mf.rdbStarts, f.sentAtMs)?.bytes ?? null : null,
      origin: f.kind === 'stream' ? streamOrigin(f, continuedAt, mf) : null,
      acks: f.kind === 'ack' ? [ack] : [],
    });
  }
  return rows;
}

/**
 * Where a stream frame's bytes come from: the backlog when it went out with the +CONTINUE; what
 * piled up in the output buffer when its first byte was written into the stream before the frame
 * was sent (a live write goes out at once).
 */
function streamOrigin(f: FrameRecord, continuedAt: number | null, mf: MasterFacts): HandshakeRow['origin'] {
  if (continuedAt !== null && f.sentAtMs === continuedAt) return 'backlog';
  const from = f.meta.fromOffset;
  const written = from === undefined ? undefined : mf.appendedAt.get(from);
  return written !== undefined && written < f.sentAtMs ? 'buffered' : null;
}

/** The offset an ACK frame acknowledged: the master's ackReceived when it arrived, else the REPLCONF ACK sent. */
function ackOffset(f: FrameRecord, mf: MasterFacts): number | null {
  const got = mf.acks.find((a) => a.t === f.arriveAtMs);
  if (got) return got.offset;
  const argv = parseRespCommand(f.preview, 0)?.argv;
  const n = argv && argv.length === 3 ? Number(argv[2]) : NaN;
  return Number.isInteger(n) ? n : null;
}

/** +FULLRESYNC or +CONTINUE, when the frame is the master's answer to PSYNC. */
export function answerOf(f: FrameRecord): Answer | null {
  if (f.kind !== 'handshake') return null;
  if (f.meta.label.startsWith('+FULLRESYNC')) return 'fullresync';
  if (f.meta.label.startsWith('+CONTINUE')) return 'continue';
  return null;
}

const REPLICAOF = new Set(['REPLICAOF', 'SLAVEOF']);

/** Why the replica opened this connection, read from the trace since its previous handshake. */
function findCause(trace: ListView<TraceEntry>, replica: string, master: string, port: number | null, prevMs: number | null, startMs: number): Cause {
  const from = prevMs ?? -Infinity;
  const seen = new Set<Cause>();
  const isReplica = (addr: string) => port !== null && portOfAddr(addr) === port;
  for (const e of trace) {
    if (e.t > startMs) break;
    if (e.t < from) continue;
    switch (e.kind) {
      case 'linkAction':
        if ((e.action === 'cut' || e.action === 'kill') && [e.a, e.b].includes(replica) && [e.a, e.b].includes(master)) seen.add(e.action);
        break;
      case 'nodeAction':
        if (e.action === 'crash' || e.action === 'restart') {
          if (e.node === replica) seen.add('replicaRestart');
          else if (e.node === master) seen.add('masterRestart');
        }
        break;
      case 'command':
        if (e.node === replica && REPLICAOF.has((e.argv[0] ?? '').toUpperCase())) seen.add('replicaof');
        break;
      case 'event': {
        const ev = e.event;
        if (ev.type === 'handshakeStarted' && e.node === replica && ev.why === 'replicaof') seen.add('replicaof');
        else if (ev.type === 'replicaDropped' && e.node === master && isReplica(ev.replica)) seen.add('overflow');
        else if (ev.type === 'linkLost') {
          const mine = (e.node === replica && ev.role === 'replica') || (e.node === master && ev.role === 'master' && isReplica(ev.peer));
          if (mine && ev.cause === 'timeout') seen.add('timeout');
          else if (mine && ev.cause === 'output-buffer-limit') seen.add('overflow');
        }
        break;
      }
      default:
        break;
    }
  }
  const order: Cause[] = ['replicaRestart', 'masterRestart', 'kill', 'cut', 'overflow', 'replicaof', 'timeout'];
  for (const c of order) if (seen.has(c) && !(prevMs === null && c === 'replicaof')) return c;
  return prevMs === null ? 'first' : 'reconnect';
}

/** The PSYNC answer of a section, if it was sent by the cursor. */
export function sectionAnswer(s: HandshakeSection, cursorMs: number): Answer | null {
  for (const r of s.rows) {
    const a = answerOf(r.frames[0]);
    if (a && r.frames[0].sentAtMs <= cursorMs) return a;
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
  readonly lastSentMs: number;
  /** 0..1: how far the newest frame shown has travelled. */
  readonly progress: number;
  readonly bytes: number;
}

export const fmtSec = (ms: number): string => (ms / 1000).toFixed(3);

/** What a row shows at the cursor: only the frames sent by then count. */
export function rowAt(row: HandshakeRow, section: HandshakeSection, cursorMs: number, t: Translate): RowAt {
  const sent = row.frames.filter((f) => f.sentAtMs <= cursorMs);
  const fs = sent.length > 0 ? sent : row.frames;
  const last = fs[fs.length - 1];
  const span = last.arriveAtMs - last.sentAtMs;
  const progress = sent.length === 0 ? 0 : span <= 0 ? 1 : Math.min(1, Math.max(0, (cursorMs - last.sentAtMs) / span));
  const state = sent.length === 0 ? 'future' : progress < 1 ? 'inflight' : 'past';
  const bytes = fs.reduce((a, f) => a + f.bytes, 0);
  const firstRelMs = fs[0].sentAtMs - section.startMs;
  const lastRelMs = last.sentAtMs - section.startMs;
  const { text, detail } = describe(row, fs, bytes, t);
  const many = fs.length > 1 ? t('handshake.collapsed', { n: fs.length, from: fmtSec(firstRelMs), to: fmtSec(lastRelMs) }) : '';
  const flight = state === 'inflight' ? t('handshake.inFlight', { pct: Math.floor(progress * 100) }) : '';
  return {
    state, count: fs.length, text, detail: [detail, many, flight].filter((x) => x !== '').join(' · '),
    firstRelMs, lastRelMs, lastSentMs: last.sentAtMs, progress, bytes,
  };
}

function describe(row: HandshakeRow, fs: readonly FrameRecord[], bytes: number, t: Translate): { text: string; detail: string } {
  const f = fs[0];
  const size = t('handshake.bytes', { n: bytes });
  switch (row.kind) {
    case 'handshake': {
      const text = row.dir === 'toReplica' && /^[+-]/.test(f.preview) ? firstLine(f.preview) : f.meta.label;
      return { text, detail: row.decision ? `${size} · ${verdictReason(row.decision.verdict, row.decision.offset, t)}` : size };
    }
    case 'rdb': {
      const ms = (fs[fs.length - 1].arriveAtMs - f.sentAtMs).toFixed(1);
      const text = f.preview ? firstLine(f.preview) : f.meta.label;
      return { text, detail: t('handshake.rdbDetail', { payload: row.rdbBytes !== null ? t('handshake.bytes', { n: row.rdbBytes }) : '?', wire: size, ms }) };
    }
    case 'stream': {
      const from = fs[0].meta.fromOffset;
      const to = fs[fs.length - 1].meta.toOffset;
      const offs = from !== undefined && to !== undefined ? t('handshake.offsets', { from, to: to - 1 }) : '';
      if (fs.length > 1) return { text: t('handshake.streamMany'), detail: [offs, size].filter(Boolean).join(' · ') };
      const origin = row.origin ? t(`handshake.${row.origin}`) : '';
      return { text: origin || f.meta.label, detail: [offs, size].filter(Boolean).join(' · ') };
    }
    case 'ack': {
      const a = row.acks[0] ?? '?';
      const b = row.acks[fs.length - 1] ?? '?';
      return { text: fs.length === 1 || a === b ? `REPLCONF ACK ${a}` : `REPLCONF ACK ${a} … ${b}`, detail: size };
    }
    case 'keepalive':
      return { text: '\\n', detail: `${size} · ${t('handshake.keepalive')}` };
    case 'fin':
      return { text: 'FIN', detail: t('handshake.fin', { node: f.from }) };
    case 'reply':
    case 'sentinel':
      return { text: f.meta.label, detail: size };
  }
}

/** The row in step with the cursor: the one whose newest frame sent by then is the latest. */
export function currentRowKey(sections: readonly HandshakeSection[], cursorMs: number): string | null {
  let best: { key: string; at: number } | null = null;
  for (const s of sections) {
    for (const r of s.rows) {
      let at = -Infinity;
      for (const f of r.frames) if (f.sentAtMs <= cursorMs) at = f.sentAtMs;
      if (at > -Infinity && (best === null || at >= best.at)) best = { key: r.key, at };
    }
  }
  return best?.key ?? null;
}

/**
 * "#2 — after the link was cut: +CONTINUE". The answer shows once the master has sent it, or
 * at once when the future is shown.
 */
export function sectionHeading(s: HandshakeSection, cursorMs: number, t: Translate, showFuture = false): string {
  const a = sectionAnswer(s, showFuture ? Infinity : cursorMs);
  const answer = a === 'fullresync' ? '+FULLRESYNC' : a === 'continue' ? '+CONTINUE' : t('handshake.answerPending');
  const head = t('handshake.section', { n: s.index, cause: t(`handshake.cause.${s.cause}`, { master: s.master, replica: s.replica }), answer });
  return showFuture && s.startMs > cursorMs ? `${head} ${t('handshake.future')}` : head;
}

/** Sections that have started by the cursor (all of them when the future is shown). */
export function visibleSections(sections: readonly HandshakeSection[], cursorMs: number, showFuture: boolean): HandshakeSection[] {
  return sections.filter((s) => showFuture || s.startMs <= cursorMs);
}

/** The diagram as plain text, one row per line: the copyable version and the screen-reader alternative. */
export function diagramText(sections: readonly HandshakeSection[], cursorMs: number, showFuture: boolean, t: Translate): string {
  const current = currentRowKey(sections, cursorMs);
  const lines: string[] = [];
  for (const s of visibleSections(sections, cursorMs, showFuture)) {
    if (lines.length > 0) lines.push('');
    lines.push(`${sectionHeading(s, cursorMs, t, showFuture)} (${t('handshake.startedAt', { t: fmtSec(s.startMs) })})`);
    for (const r of s.rows) {
      const a = rowAt(r, s, cursorMs, t);
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
