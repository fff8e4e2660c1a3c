// Compares the engine's run of a scenario with the real servers' run: replies line by line, offset
// deltas, final sync counters and the masters' PSYNC decisions, and labels every difference as
// unexplained (DIFF) or explained by a cause the runs' own records show (PING timing, the cut/heal
// emulation, the instant an observation was made, a command that is random by nature).

import {
  IdMapper, OFFSET_FIELDS, attachEvents, comparable, psyncDecisions, type Comparable, type PortNames,
  type PsyncDecision, type PsyncKind,
} from './fidelity-normalize.ts';
import {
  PING_BYTES, enginePingCount, pingExplains, realPingRange, realPingsBetween, type MasterTimeline, type PingRange,
} from './fidelity-pings.ts';
import { SENTINEL_TIME_TOLERANCE_MS, compareSentinels, sentinelIds, type SentinelReport } from './fidelity-sentinel.ts';
import type { LogEntry, ScenarioContext, StepRecord, WorldRun } from './fidelity-types.ts';

export type Verdict = { readonly kind: 'same' } | { readonly kind: 'explained'; readonly why: string } | { readonly kind: 'DIFF' };

export interface Difference {
  /** Scenario line, or null for the end-of-run state. */
  readonly line: number | null;
  readonly what: string;
  readonly real: string;
  readonly engine: string;
  readonly verdict: Verdict;
}

export interface OffsetRow {
  readonly line: number | null;
  readonly label: string;
  readonly real: number | null;
  readonly engine: number | null;
  readonly verdict: Verdict;
}

export interface CounterRow {
  readonly node: string;
  readonly counter: string;
  readonly real: string;
  readonly engine: string;
  readonly verdict: Verdict;
}

export interface PsyncRow {
  readonly real: PsyncDecision | null;
  readonly engine: PsyncDecision | null;
  readonly verdict: Verdict;
}

export interface ScenarioReport {
  readonly file: string;
  readonly realMs: number;
  readonly engineMs: number;
  readonly replyLines: number;
  readonly replyLinesSame: number;
  readonly replies: number;
  readonly offsets: OffsetRow[];
  readonly counters: CounterRow[];
  readonly psync: PsyncRow[];
  readonly diffs: Difference[];
  /** Directives the real run mapped or ignored, with what it did. */
  readonly mapped: { readonly line: number; readonly text: string; readonly note: string }[];
  /** The Sentinel events, selected replicas and final roles, when the scenario has Sentinels. */
  readonly sentinel?: SentinelReport;
}

const SAME: Verdict = { kind: 'same' };
const DIFF: Verdict = { kind: 'DIFF' };
const explained = (why: string): Verdict => ({ kind: 'explained', why });

/** Commands whose reply is random by nature. */
const RANDOM_COMMANDS = new Set(['spop', 'srandmember', 'randomkey', 'hrandfield', 'zrandmember']);

export const SYNC_COUNTERS = ['sync_full', 'sync_partial_ok', 'sync_partial_err'] as const;
type Counts = Record<(typeof SYNC_COUNTERS)[number], number>;

const secs = (ms: number) => `+${(ms / 1000).toFixed(3)}s`;

/** What one PSYNC decision adds to the master's sync counters (syncCommand in replication.c). */
export function decisionCounts(kind: PsyncKind): Counts {
  if (kind === 'accepted') return { sync_full: 0, sync_partial_ok: 1, sync_partial_err: 0 };
  if (kind === 'full requested') return { sync_full: 1, sync_partial_ok: 0, sync_partial_err: 0 };
  return { sync_full: 1, sync_partial_ok: 0, sync_partial_err: 1 };
}

interface CutWindow {
  readonly a: string;
  readonly b: string;
  readonly cutLine: number;
  readonly healLine: number | null;
  readonly real: readonly [number, number];
  readonly engine: readonly [number, number];
}

function cutWindows(ctx: ScenarioContext, eng: WorldRun, real: WorldRun): CutWindow[] {
  const out: CutWindow[] = [];
  const at = (w: WorldRun, line: number) => w.steps.find((s) => s.line === line)?.startMs ?? Infinity;
  ctx.cuts.forEach((c, i) => {
    if (c.type !== 'cut') return;
    const heal = ctx.cuts.slice(i + 1).find((h) => h.type === 'heal' && new Set([h.a, h.b, c.a, c.b]).size === 2);
    out.push({
      a: c.a, b: c.b, cutLine: c.line, healLine: heal?.line ?? null,
      real: [at(real, c.line), heal ? at(real, heal.line) : Infinity],
      engine: [at(eng, c.line), heal ? at(eng, heal.line) : Infinity],
    });
  });
  return out;
}

const pairHas = (w: CutWindow, x: string, y: string) => (w.a === x && w.b === y) || (w.a === y && w.b === x);
const bare = (placeholder: string) => placeholder.replace(/^<|>$/g, '');

function portNames(w: WorldRun): PortNames {
  return new Map([...(w.aliasPorts ?? []), ...[...w.ports].map(([n, p]) => [p, n] as const)]);
}

function timeline(w: WorldRun, master: string): MasterTimeline {
  const ports = portNames(w);
  const log = w.logs.get(master) ?? [];
  return {
    events: attachEvents(log).map((e) => ({ ...e, replica: ports.get(Number(e.replica.split(':').pop())) ?? e.replica })),
    starts: w.starts.get(master) ?? [0],
    stops: w.stops.get(master) ?? [],
  };
}

/** Compares two runs of one scenario. */
export class Comparison {
  private readonly engPorts: PortNames;
  private readonly realPorts: PortNames;
  private readonly engIds = new IdMapper();
  private readonly realIds = new IdMapper();
  private readonly windows: CutWindow[];
  /** Each world's Sentinel run IDs -> names (null: no Sentinel in the scenario). */
  private readonly engSentinelIds: ReadonlyMap<string, string> | undefined;
  private readonly realSentinelIds: ReadonlyMap<string, string> | undefined;
  readonly diffs: Difference[] = [];
  readonly psync: PsyncRow[];

  constructor(private readonly ctx: ScenarioContext, private readonly eng: WorldRun, private readonly real: WorldRun) {
    this.engPorts = portNames(eng);
    this.realPorts = portNames(real);
    // The emulation's explanations apply only when the real run could not cut its links.
    this.windows = real.cutsByProxy ? [] : cutWindows(ctx, eng, real);
    const withSentinels = (ctx.sentinels ?? []).length > 0;
    this.engSentinelIds = withSentinels ? sentinelIds(eng.logs) : undefined;
    this.realSentinelIds = withSentinels ? sentinelIds(real.logs) : undefined;
    this.psync = this.comparePsync();
  }

  // ------------------------------------------------------------------ PINGs

  private masterFor(node: string): string {
    return this.ctx.masterOf.get(node) ?? node;
  }

  /**
   * Why real - engine = diff for an offset of `node` (or of its master's stream), if PINGs explain
   * it. `window`: PINGs fed between the two times (a command's delta); `total`: PINGs fed by an
   * observation made between the two times. ackLagMs widens the window back for values a replica
   * reports in its once-a-second REPLCONF ACK.
   */
  pingWhy(node: string, diff: number, mode: 'window' | 'total', eng: readonly [number, number], real: readonly [number, number], ackLagMs = 0): string | null {
    const m = this.masterFor(node);
    const pings = this.eng.pings?.get(m) ?? [];
    const tl = timeline(this.real, m);
    const period = this.ctx.pingPeriodSec;
    let engRange: PingRange;
    let realRange: PingRange;
    if (mode === 'window') {
      const n = enginePingCount(pings, eng[1]) - enginePingCount(pings, eng[0]);
      engRange = { min: n, max: n };
      realRange = realPingsBetween(tl, period, real[0], real[1]);
    } else {
      engRange = { min: enginePingCount(pings, eng[1] - ackLagMs), max: enginePingCount(pings, eng[1]) };
      realRange = { min: realPingRange(tl, period, real[0] - ackLagMs, real[0]).min, max: realPingRange(tl, period, real[1], real[1]).max };
    }
    const k = pingExplains(diff, realRange, engRange);
    if (k === null) return null;
    const range = (r: PingRange) => (r.min === r.max ? String(r.min) : `${r.min}-${r.max}`);
    const ticks = realPingRange(tl, period, real[1], real[1]).ticks.filter((t) => t.maybe && (mode === 'total' || t.hi > real[0]));
    const tickText = ticks.length ? `with replicas attached at its tick(s) ${ticks.map((t) => `${secs(t.lo)}..${secs(t.hi)}`).join(', ')}` : 'with no replica attached at its ticks';
    const etl = timeline(this.eng, m);
    const engTicks: string[] = [];
    for (const start of etl.starts) {
      for (let t = start + 1 + period * 1000; t <= eng[1]; t += period * 1000) {
        if (mode === 'window' && t <= eng[0]) continue;
        engTicks.push(`${secs(t)} ${pings.some((p) => Math.abs(p - t) < 1) ? 'PING' : 'no replica attached, no PING'}`);
      }
    }
    return `PING timing: ${Math.abs(k)} PING(s) of ${PING_BYTES} bytes ${k > 0 ? 'more' : 'fewer'} in the real stream; ` +
      `real ${m}: ${range(realRange)} PING(s), its log shows it ${tickText}; ` +
      `engine ${m}: ${range(engRange)} PING(s)${engTicks.length ? ` (tick ${engTicks.join('; ')})` : ''}`;
  }

  /**
   * Why an offset differs in a scenario with Sentinels: their hellos go through the replication
   * stream (null without Sentinels).
   */
  helloWhy(): string | null {
    const n = (this.ctx.sentinels ?? []).length;
    if (n === 0) return null;
    return `Sentinel hellos: each of the ${n} Sentinels PUBLISHes its hello on __sentinel__:hello to the master every 2 s ` +
      `(and more often while it reconfigures); each goes into the replication stream, and how many were sent by then is timing, ` +
      `their length differs too (the real Sentinels listen on 4-digit ports, the engine's on 26379...)`;
  }

  // ------------------------------------------------------------------ PSYNC decisions

  private decisions(w: WorldRun, ports: PortNames): PsyncDecision[] {
    const out: PsyncDecision[] = [];
    for (const [node, log] of w.logs) out.push(...psyncDecisions(node, log, ports));
    return out.sort((a, b) => a.ms - b.ms);
  }

  private comparePsync(): PsyncRow[] {
    const real = this.decisions(this.real, this.realPorts);
    const eng = this.decisions(this.eng, this.engPorts);
    const rows: PsyncRow[] = [];
    // 1. The real link is never cut: a real replica that resynced while the engine's link was cut.
    const realRest: PsyncDecision[] = [];
    for (const d of real) {
      const w = this.windows.find((x) => pairHas(x, d.node, bare(d.replica)) && d.ms > x.real[0] && d.ms < x.real[1]);
      if (!w) {
        realRest.push(d);
        continue;
      }
      const why = this.replicaReason(bare(d.replica), d.ms);
      rows.push({
        real: d, engine: null,
        verdict: explained(`cut/heal emulation: the real link ${w.a}-${w.b} was not cut (line ${w.cutLine}), so ${bare(d.replica)} resynced during the cut${why}; the engine's partition kept it from reconnecting until the heal (line ${w.healLine ?? '-'})`),
      });
    }
    // 2. Align the rest on (decision, replica); zip what is left between matches.
    const key = (d: PsyncDecision) => `${d.node}|${d.kind}|${d.replica}`;
    const pairs = lcsPairs(realRest.map(key), eng.map(key));
    let ri = 0;
    let ei = 0;
    const flush = (rEnd: number, eEnd: number) => {
      while (ri < rEnd || ei < eEnd) {
        const r = ri < rEnd ? realRest[ri++] : null;
        const e = ei < eEnd ? eng[ei++] : null;
        rows.push({ real: r, engine: e, verdict: this.mismatchVerdict(r, e) });
      }
    };
    for (const [r, e] of pairs) {
      flush(r, e);
      rows.push({ real: realRest[ri++], engine: eng[ei++], verdict: SAME });
    }
    flush(realRest.length, eng.length);
    return rows.sort((a, b) => (a.real ?? a.engine)!.ms - (b.real ?? b.engine)!.ms);
  }

  /** The replica's own last log line about losing its master before t (real run), as " after '...' at +t". */
  private replicaReason(replica: string, t: number): string {
    const log: LogEntry[] = [...(this.real.logs.get(replica) ?? [])].reverse();
    const hit = log.find((e) => e.ms <= t && /^MASTER timeout/.test(e.msg)) ?? log.find((e) => e.ms <= t && /^Connection with master lost/.test(e.msg));
    return hit ? ` after its own '${hit.msg}' at ${secs(hit.ms)} (repl-timeout)` : '';
  }

  private mismatchVerdict(r: PsyncDecision | null, e: PsyncDecision | null): Verdict {
    if (r && e && r.kind === 'accepted' && e.kind !== 'accepted') {
      const w = this.windows.find((x) => x.healLine !== null && pairHas(x, r.node, bare(r.replica)) && r.ms >= x.real[1] && e.ms >= x.engine[1]);
      if (w) {
        const written = this.bytesWrittenDuring(r.node, w);
        const realAsked = /starting from offset (\d+)/.exec(r.msg)?.[1];
        const engAsked = /request was: (\d+)/.exec(e.msg)?.[1];
        if (written > 0) {
          return explained(`cut/heal emulation: heal is a CLIENT KILL TYPE master on the real ${bare(r.replica)}, which had received the ${written} bytes ${r.node} wrote during the cut ` +
            `(it asked for offset ${realAsked ?? '?'}); the engine's ${bare(e.replica)} had not (it asked for ${engAsked ?? '?'}), so the engine's ${e.node} answered '${e.kind}'`);
        }
      }
    }
    return DIFF;
  }

  private bytesWrittenDuring(master: string, w: CutWindow): number {
    let sum = 0;
    for (const s of this.eng.steps) {
      if (s.line <= w.cutLine || (w.healLine !== null && s.line >= w.healLine)) continue;
      if (s.node === master && s.offsetBefore !== null && s.offsetAfter !== null) sum += s.offsetAfter - s.offsetBefore;
    }
    return sum;
  }

  /** The sync counters of `node` by time t in each world, adjusted by the explained PSYNC differences. */
  countersWhy(node: string, counter: (typeof SYNC_COUNTERS)[number], realV: number, engV: number, realT: number, engT: number): string | null {
    let adjusted = engV;
    const used: string[] = [];
    this.psync.forEach((row, i) => {
      if (row.verdict.kind !== 'explained') return;
      if (row.real && row.real.node === node && row.real.ms <= realT) {
        adjusted += decisionCounts(row.real.kind)[counter];
        used.push(`#${i + 1}`);
      }
      if (row.engine && row.engine.node === node && row.engine.ms <= engT) {
        adjusted -= decisionCounts(row.engine.kind)[counter];
        used.push(`#${i + 1}`);
      }
    });
    if (used.length === 0 || adjusted !== realV) return null;
    return `follows from the explained PSYNC decision(s) ${[...new Set(used)].join(', ')} (cut/heal emulation)`;
  }

  // ------------------------------------------------------------------ replies

  private inCut(node: string | null, line: number): CutWindow | undefined {
    if (node === null) return undefined;
    return this.windows.find((w) => (w.a === node || w.b === node) && line > w.cutLine && (w.healLine === null || line < w.healLine));
  }

  /** "Synchronization with replica X succeeded" times of a master's log, for slaveN.state. */
  private onlineTimes(w: WorldRun, master: string, replica: string): number[] {
    const ports = portNames(w);
    return (w.logs.get(master) ?? [])
      .filter((e) => {
        const m = /^Synchronization with replica (\S+) succeeded$/.exec(e.msg);
        return m !== null && `<${ports.get(Number(m[1].split(':').pop())) ?? ''}>` === replica;
      })
      .map((e) => e.ms);
  }

  private stateWhy(master: string, replica: string, realV: string, engV: string, e: StepRecord, r: StepRecord): string | null {
    if (!((realV === 'online') !== (engV === 'online'))) return null;
    const rOn = this.onlineTimes(this.real, master, replica);
    const eOn = this.onlineTimes(this.eng, master, replica);
    const describe = (times: number[], tObs: number, isOnline: boolean): string | null => {
      if (isOnline) {
        const t = [...times].reverse().find((x) => x <= tObs);
        return t === undefined ? null : `at ${secs(t)}, before this line (${secs(tObs)})`;
      }
      const t = times.find((x) => x > tObs);
      return t === undefined || t - tObs > 1100 ? null : `at ${secs(t)}, after this line (${secs(tObs)})`;
    };
    const rd = describe(rOn, r.startMs, realV === 'online');
    const ed = describe(eOn, e.startMs, engV === 'online');
    if (!rd || !ed) return null;
    return `observation instant: ${master} put ${bare(replica)} online in the real run ${rd} and in the engine ${ed}; ` +
      `the engine's 'until' stops at the exact event while the real one polls every 50 ms, and the master puts a diskless-synced replica online when it reaps the RDB child (serverCron, every 100 ms)`;
  }

  private classifyField(e: StepRecord, r: StepRecord, key: string, realV: string, engV: string, realFields: ReadonlyMap<string, string>): Verdict {
    const node = e.node!;
    const w = this.inCut(node, e.line);
    if (w) return explained(`cut/heal emulation: observed during the cut of ${w.a}-${w.b} (lines ${w.cutLine}-${w.healLine ?? 'end'}), which the real run does not make`);
    const isOffset = OFFSET_FIELDS.has(key) || /^slave\d+\.offset$/.test(key);
    if (isOffset && /^-?\d+$/.test(realV) && /^-?\d+$/.test(engV)) {
      const ackLag = /^slave\d+\.offset$/.test(key) ? 1100 : 0;
      const why = this.pingWhy(node, Number(realV) - Number(engV), 'total', [e.startMs, e.endMs], [r.startMs, r.endMs], ackLag) ?? this.helloWhy();
      if (why) return explained(why);
    }
    if ((SYNC_COUNTERS as readonly string[]).includes(key) && /^\d+$/.test(realV) && /^\d+$/.test(engV)) {
      const why = this.countersWhy(node, key as (typeof SYNC_COUNTERS)[number], Number(realV), Number(engV), r.startMs, e.startMs);
      if (why) return explained(why);
    }
    const st = /^(slave\d+)\.state$/.exec(key);
    if (st) {
      const replica = realFields.get(`${st[1]}.replica`);
      if (replica) {
        const why = this.stateWhy(node, replica, realV, engV, e, r);
        if (why) return explained(why);
      }
    }
    return DIFF;
  }

  private textVerdict(argv: readonly string[], realT: string, engT: string): Verdict {
    const cmd = argv[0]?.toLowerCase() ?? '';
    if (RANDOM_COMMANDS.has(cmd)) {
      const shape = (t: string) => (t.startsWith('"') ? 'string' : t.split('\n').length + ' lines');
      if (shape(realT) === shape(engT)) return explained(`${argv[0].toUpperCase()} picks at random (both replies have the same form; the engine's pick comes from its seeded generator)`);
    }
    return DIFF;
  }

  /** Compares the replies of every command line; returns [lines, lines the same, replies]. */
  compareReplies(): [number, number, number] {
    let lines = 0;
    let same = 0;
    let count = 0;
    this.eng.steps.forEach((e, i) => {
      const r = this.real.steps[i];
      if (!r || e.replies.length === 0 && r.replies.length === 0) return;
      lines++;
      let lineSame = true;
      const n = Math.max(e.replies.length, r.replies.length);
      count += n;
      let textDiffs = 0;
      let firstText: Difference | null = null;
      for (let j = 0; j < n; j++) {
        const er = e.replies[j];
        const rr = r.replies[j];
        const argv = (er ?? rr).argv;
        const ce: Comparable = er ? comparable(argv, er.printed, this.engPorts, this.engIds, this.engSentinelIds) : { kind: 'text', text: '(no reply)' };
        const cr: Comparable = rr ? comparable(argv, rr.printed, this.realPorts, this.realIds, this.realSentinelIds) : { kind: 'text', text: '(no reply)' };
        const label = `${e.node}> ${argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
        if (ce.kind === 'info' && cr.kind === 'info') {
          const keys = [...new Set([...cr.fields.keys(), ...ce.fields.keys()])];
          for (const k of keys) {
            const rv = cr.fields.get(k) ?? '(absent)';
            const ev = ce.fields.get(k) ?? '(absent)';
            if (rv === ev) continue;
            lineSame = false;
            this.diffs.push({ line: e.line, what: `${label}: ${k}`, real: rv, engine: ev, verdict: this.classifyField(e, r, k, rv, ev, cr.fields) });
          }
          continue;
        }
        const rt = cr.kind === 'text' ? cr.text : '(INFO)';
        const et = ce.kind === 'text' ? ce.text : '(INFO)';
        if (rt === et) continue;
        lineSame = false;
        textDiffs++;
        firstText ??= { line: e.line, what: n > 1 ? `${label} (reply ${j + 1} of ${n})` : label, real: rt, engine: et, verdict: this.textVerdict(argv, rt, et) };
      }
      if (firstText) {
        this.diffs.push(textDiffs > 1 ? { ...firstText, what: `${firstText.what}; ${textDiffs} of ${n} replies differ` } : firstText);
      }
      if (lineSame) same++;
    });
    // until lines
    this.eng.steps.forEach((e, i) => {
      const r = this.real.steps[i];
      if (!r || e.kind !== 'until' || e.untilOk === r.untilOk) return;
      const w = this.inCut(e.node, e.line);
      this.diffs.push({
        line: e.line, what: e.text, real: r.untilOk ? 'online' : 'not online in time', engine: e.untilOk ? 'online' : 'not online in time',
        verdict: w ? explained(`cut/heal emulation: during the cut of ${w.a}-${w.b} the real link is up`) : DIFF,
      });
    });
    return [lines, same, count];
  }

  // ------------------------------------------------------------------ offsets

  compareOffsets(): OffsetRow[] {
    const rows: OffsetRow[] = [];
    this.eng.steps.forEach((e, i) => {
      const r = this.real.steps[i];
      if (!r || e.replies.length === 0) return;
      const ed = e.offsetBefore !== null && e.offsetAfter !== null ? e.offsetAfter - e.offsetBefore : null;
      const rd = r.offsetBefore !== null && r.offsetAfter !== null ? r.offsetAfter - r.offsetBefore : null;
      if (!ed && !rd) return;
      let verdict: Verdict = SAME;
      if (ed !== rd) {
        const why = ed !== null && rd !== null ? this.pingWhy(e.node!, rd - ed, 'window', [e.startMs, e.endMs], [r.startMs, r.endMs]) ?? this.helloWhy() : null;
        verdict = why ? explained(why) : DIFF;
        this.diffs.push({ line: e.line, what: `master_repl_offset delta of ${e.text}`, real: String(rd), engine: String(ed), verdict });
      }
      rows.push({ line: e.line, label: e.text, real: rd, engine: ed, verdict });
    });
    for (const node of this.ctx.nodes) {
      const ee = this.eng.end.get(node);
      const re = this.real.end.get(node);
      if (!ee?.alive || !re?.alive) continue;
      const es = ee.fields.get('master_repl_offset');
      const rs = re.fields.get('master_repl_offset');
      if (es === undefined || rs === undefined) continue;
      const ev = Number(es);
      const rv = Number(rs);
      let verdict: Verdict = SAME;
      if (ev !== rv) {
        const why = this.pingWhy(node, rv - ev, 'total', [this.eng.totalMs, this.eng.totalMs], [this.real.totalMs, this.real.totalMs]) ?? this.helloWhy();
        verdict = why ? explained(why) : DIFF;
        this.diffs.push({ line: null, what: `${node} master_repl_offset at the end`, real: String(rv), engine: String(ev), verdict });
      }
      rows.push({ line: null, label: `${node} master_repl_offset at the end`, real: rv, engine: ev, verdict });
    }
    return rows;
  }

  // ------------------------------------------------------------------ counters

  compareCounters(): CounterRow[] {
    const rows: CounterRow[] = [];
    for (const node of this.ctx.nodes) {
      const ee = this.eng.end.get(node);
      const re = this.real.end.get(node);
      const values = SYNC_COUNTERS.map((c) => [c, re?.alive ? re.fields.get(c) ?? '?' : 'down', ee?.alive ? ee.fields.get(c) ?? '?' : 'down'] as const);
      if (values.every(([, r, e]) => (r === '0' || r === 'down') && (e === '0' || e === 'down') && r === e)) continue;
      for (const [c, r, e] of values) {
        let verdict: Verdict = SAME;
        if (r !== e) {
          const why = /^\d+$/.test(r) && /^\d+$/.test(e) ? this.countersWhy(node, c, Number(r), Number(e), Infinity, Infinity) : null;
          verdict = why ? explained(why) : DIFF;
          this.diffs.push({ line: null, what: `${node} ${c} at the end`, real: r, engine: e, verdict });
        }
        rows.push({ node, counter: c, real: r, engine: e, verdict });
      }
    }
    return rows;
  }

  psyncDiffs(): void {
    this.psync.forEach((row, i) => {
      if (row.verdict.kind === 'same') return;
      const show = (d: PsyncDecision | null, w: WorldRun) => {
        if (!d) return '(none)';
        const step = stepAt(w, d.ms);
        return `${d.kind}${d.replica ? ` (${bare(d.replica)})` : ''} at ${secs(d.ms)}${step ? `, during line ${step.line} '${step.text}'` : ''}`;
      };
      const d = (row.real ?? row.engine)!;
      this.diffs.push({
        line: stepAt(row.real ? this.real : this.eng, d.ms)?.line ?? null, what: `PSYNC decision #${i + 1} of ${d.node}`,
        real: show(row.real, this.real), engine: show(row.engine, this.eng), verdict: row.verdict,
      });
    });
  }
}

/** The step a world was running at time t (the last one started by then). */
export function stepAt(w: WorldRun, t: number): StepRecord | null {
  let found: StepRecord | null = null;
  for (const s of w.steps) if (s.startMs <= t) found = s;
  return found;
}

/**
 * Merges differences of one line that have the same values and the same verdict into one entry
 * naming all their fields ("r1> INFO replication: master_repl_offset, slave_repl_offset").
 */
export function mergeDiffs(diffs: readonly Difference[]): Difference[] {
  const out: Difference[] = [];
  for (const d of diffs) {
    const prev = out[out.length - 1];
    const colon = d.what.lastIndexOf(': ');
    if (prev && prev.line === d.line && d.line !== null && colon > 0 && prev.what.startsWith(d.what.slice(0, colon + 2)) &&
      prev.real === d.real && prev.engine === d.engine && JSON.stringify(prev.verdict) === JSON.stringify(d.verdict)) {
      out[out.length - 1] = { ...prev, what: `${prev.what}, ${d.what.slice(colon + 2)}` };
    } else out.push(d);
  }
  return out;
}

/** Index pairs of a longest common subsequence of a and b. */
export function lcsPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push([i, j]);
      i++;
      j++;
    } else if (L[i + 1][j] >= L[i][j + 1]) i++;
    else j++;
  }
  return out;
}

/** The whole comparison of one scenario. */
export function compareRuns(ctx: ScenarioContext, eng: WorldRun, real: WorldRun): ScenarioReport {
  const c = new Comparison(ctx, eng, real);
  const [replyLines, replyLinesSame, replies] = c.compareReplies();
  const offsets = c.compareOffsets();
  const counters = c.compareCounters();
  c.psyncDiffs();
  const sentinel = compareSentinels(ctx, eng, real);
  if (sentinel) c.diffs.push(...sentinelDiffs(sentinel));
  const mapped = real.steps.filter((s) => s.note !== undefined).map((s) => ({ line: s.line, text: s.text, note: s.note! }));
  const diffs = mergeDiffs([...c.diffs].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
  return {
    file: ctx.file, realMs: real.totalMs, engineMs: eng.totalMs, replyLines, replyLinesSame, replies, offsets, counters, psync: c.psync, diffs, mapped,
    ...(sentinel ? { sentinel } : {}),
  };
}

/** The differences of the Sentinel comparison: events missing or out of tolerance, the selected replicas, the final roles. */
export function sentinelDiffs(s: SentinelReport): Difference[] {
  const out: Difference[] = [];
  const ev = (e: { ms: number; sentinel: string; event: string; text: string } | null) => (e ? `${secs(e.ms)} ${e.sentinel}: ${e.event} ${e.text}`.trimEnd() : '(none)');
  for (const row of s.events) {
    if (row.verdict.kind === 'same') continue;
    const what = row.real && row.engine
      ? `Sentinel ${row.sentinel}: ${row.real.event} ${Math.abs(row.drift ?? 0)} ms ${(row.drift ?? 0) > 0 ? 'later' : 'sooner'} after the event before it in the real run (tolerance ${SENTINEL_TIME_TOLERANCE_MS} ms)`
      : `Sentinel ${row.sentinel}: event in one run only`;
    out.push({ line: null, what, real: ev(row.real), engine: ev(row.engine), verdict: row.verdict });
  }
  if (s.selected.verdict.kind !== 'same') out.push({ line: null, what: 'Sentinel: replica selected (+selected-slave)', real: s.selected.real.join(', ') || '(none)', engine: s.selected.engine.join(', ') || '(none)', verdict: s.selected.verdict });
  for (const r of s.roles) if (r.verdict.kind !== 'same') out.push({ line: null, what: `${r.node} role at the end`, real: r.real, engine: r.engine, verdict: r.verdict });
  return out;
}
