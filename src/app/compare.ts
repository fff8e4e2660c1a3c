// One scenario run under two Redis versions, side by side: what each version's replicas asked
// (SYNC, PSYNC ? -1, PSYNC <run_id|replid> <offset>) and were answered, each node's sync counters
// and offsets at the end, and where the two runs differ. Pure; the run itself is compare-run.ts
// (the simulator, loaded only where a run is summed up: a Web Worker, see compare-runner.ts).

import type { PsyncVerdict } from '../engine/io.ts';
import type { RedisVersion, SyncProtocol } from '../engine/version.ts';
import type { FrameRecord } from '../runtime/sim.ts';
import type { TraceEntry } from '../runtime/trace.ts';

/** One handshake's request and reply, as the bytes on the link say them. */
export interface HandshakeSummary {
  /** Ms since the run began, when the request was sent. */
  readonly t: number;
  readonly replica: string;
  readonly master: string;
  /** The request as a command line: "SYNC", "PSYNC ? -1", "PSYNC <id> <offset>". */
  readonly request: string;
  /** The master's first reply line ("+FULLRESYNC <id> <offset>", "+CONTINUE"), null for SYNC (the RDB comes at once) or no reply. */
  readonly reply: string | null;
  /** The master's verdict (its psyncDecision), when it made one. */
  readonly verdict: PsyncVerdict | null;
  /** How the sync ended: full (RDB loaded), partial (+CONTINUE), or not by the end of the run. */
  readonly outcome: 'full' | 'partial' | null;
}

export interface NodeSummary {
  readonly name: string;
  readonly role: 'master' | 'replica';
  readonly linkUp: boolean;
  /** null when this version's INFO has no such field (sync_* before 2.8, offsets in 2.6). */
  readonly syncFull: number | null;
  readonly syncPartialOk: number | null;
  readonly syncPartialErr: number | null;
  readonly masterReplOffset: number | null;
  readonly slaveReplOffset: number | null;
  readonly keys: number;
}

export interface RunSummary {
  readonly version: RedisVersion;
  readonly release: string;
  readonly protocol: SyncProtocol;
  readonly handshakes: readonly HandshakeSummary[];
  readonly nodes: readonly NodeSummary[];
  /** Full and partial syncs completed (replica side). */
  readonly fullSyncs: number;
  readonly partialSyncs: number;
  /** `expect` lines that did not hold, and commands this version does not know ("ERR unknown command"). */
  readonly failures: readonly string[];
  readonly unknownCommands: readonly string[];
  /** Ms since the run began when the script ended. */
  readonly endMs: number;
}

/** A RESP array or an inline command (2.8 and 4.0 send "PSYNC ? -1\r\n" inline) as a command line. */
export function commandLine(preview: string): string {
  if (!preview.startsWith('*')) {
    const i = preview.indexOf('\r\n');
    return (i < 0 ? preview : preview.slice(0, i)).trim();
  }
  const parts = preview.split('\r\n');
  const n = Number(parts[0].slice(1));
  const out: string[] = [];
  for (let i = 1; out.length < n && i + 1 < parts.length; i += 2) out.push(parts[i + 1]);
  return out.join(' ');
}

const firstLine = (s: string): string => {
  const i = s.indexOf('\r\n');
  return i < 0 ? s : s.slice(0, i);
};

const isSyncRequest = (line: string): boolean => /^(P?SYNC)\b/i.test(line);

/** The handshakes of a run, from its frames and its masters' verdicts. */
export function handshakesOf(frames: readonly FrameRecord[], trace: readonly TraceEntry[]): HandshakeSummary[] {
  const out: HandshakeSummary[] = [];
  // Verdicts and sync ends, in order, to pair with the requests.
  const verdicts = trace.filter((e) => e.kind === 'event' && e.event.type === 'psyncDecision');
  const finished = trace.filter((e) => e.kind === 'event' && e.event.type === 'syncFinished');
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    if (f.kind !== 'handshake' || f.from === f.to) continue;
    const line = commandLine(f.preview);
    if (!isSyncRequest(line)) continue;
    // The master's answer on the same connection.
    let reply: string | null = null;
    let replyAt = Infinity;
    for (let j = i + 1; j < frames.length; j++) {
      const g = frames[j];
      if (g.conn !== f.conn || g.from !== f.to) continue;
      if (g.kind === 'handshake' && g.preview.startsWith('+')) {
        reply = firstLine(g.preview);
        replyAt = g.sentAtMs;
      }
      break;
    }
    let verdict: PsyncVerdict | null = null;
    // The master's verdict between the request and its reply (a SYNC's comes before the RDB).
    const v = verdicts.find((e) => e.node === f.to && e.t >= f.sentAtMs && e.t <= replyAt);
    if (v && v.kind === 'event' && v.event.type === 'psyncDecision') verdict = v.event.verdict;
    const next = frames.slice(i + 1).find((g) => g.kind === 'handshake' && g.from === f.from && isSyncRequest(commandLine(g.preview)));
    const end = finished.find((e) => e.node === f.from && e.t >= f.sentAtMs && (!next || e.t < next.sentAtMs));
    const outcome = end && end.kind === 'event' && end.event.type === 'syncFinished' ? end.event.mode : null;
    out.push({ t: f.sentAtMs, replica: f.from, master: f.to, request: line, reply, verdict, outcome });
  }
  return out;
}

/** Where two runs differ, by what the compare view marks. */
export interface RunDiff {
  /** Handshake i differs in its request, its reply's kind or its outcome. */
  readonly handshakes: readonly boolean[];
  /** node name → the fields that differ. */
  readonly nodes: ReadonlyMap<string, ReadonlySet<keyof NodeSummary>>;
  readonly outcome: boolean;
}

/** The request with its IDs and offsets kept apart from its shape: "PSYNC <id> 1" vs "PSYNC ? -1". */
function requestShape(r: string): string {
  const w = r.split(' ');
  if (w[0].toUpperCase() !== 'PSYNC') return w[0].toUpperCase();
  return w[1] === '?' ? 'PSYNC ?' : 'PSYNC id';
}

const replyKind = (r: string | null): string => (r === null ? '' : r.split(' ')[0]);

export function diffRuns(a: RunSummary, b: RunSummary): RunDiff {
  const n = Math.max(a.handshakes.length, b.handshakes.length);
  const handshakes: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const x = a.handshakes[i];
    const y = b.handshakes[i];
    handshakes.push(!x || !y || requestShape(x.request) !== requestShape(y.request) || replyKind(x.reply) !== replyKind(y.reply) || x.outcome !== y.outcome);
  }
  const nodes = new Map<string, Set<keyof NodeSummary>>();
  const fields: (keyof NodeSummary)[] = ['role', 'linkUp', 'syncFull', 'syncPartialOk', 'syncPartialErr', 'masterReplOffset', 'slaveReplOffset', 'keys'];
  for (const x of a.nodes) {
    const y = b.nodes.find((m) => m.name === x.name);
    const set = new Set<keyof NodeSummary>();
    for (const k of fields) if (!y || x[k] !== y[k]) set.add(k);
    nodes.set(x.name, set);
  }
  return { handshakes, nodes, outcome: a.fullSyncs !== b.fullSyncs || a.partialSyncs !== b.partialSyncs };
}
