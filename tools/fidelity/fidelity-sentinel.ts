// The Sentinel part of the fidelity check: reads the Sentinel events out of each world's logs
// (sentinelEvent() writes every event to the log: "+sdown master mymaster 127.0.0.1 6379"),
// normalises their addresses and IDs into node names, pairs each world's Sentinels by role (which
// Sentinel wins the election is a race in real Redis), and compares the sequences, the replica each
// failover picked and the data nodes' final roles. Also normalises SENTINEL replies.

import type { Verdict } from './fidelity-compare.ts';
import { normalizeAddresses, type PortNames } from './fidelity-normalize.ts';
import type { LogEntry, ScenarioContext, WorldRun } from './fidelity-types.ts';

/** How much the delay from the event before to an event may differ between the two worlds (ms). */
export const SENTINEL_TIME_TOLERANCE_MS = 1500;

/** SENTINEL_ASK_PERIOD: how often a Sentinel asks the others whether a master it sees down is down. */
const SENTINEL_ASK_PERIOD_MS = 1000;

/** One Sentinel event of one Sentinel's log, its text with addresses and IDs as node names. */
export interface SentinelEvent {
  readonly ms: number;
  readonly sentinel: string;
  /** "+sdown", "+switch-master"... */
  readonly event: string;
  /** The event's text after its name, normalised (<m>, <r1>, <s2>...). */
  readonly text: string;
}

const EVENT = /^([+-][a-z][a-z0-9-]*)(?: (.*))?$/;

/** Each Sentinel's run ID -> its name, from "Sentinel ID is <id>" at the top of its own log. */
export function sentinelIds(logs: ReadonlyMap<string, readonly LogEntry[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [node, log] of logs) {
    for (const e of log) {
      const m = /^Sentinel ID is ([0-9a-f]{40})$/.exec(e.msg);
      if (m) out.set(m[1], node);
    }
  }
  return out;
}

/**
 * An event's text with "IP PORT" and "IP:PORT" pairs that name a node replaced by <node>, and the
 * run IDs of Sentinels by <name> (any other 40-hex ID by <id>).
 */
export function normalizeEventText(text: string, ports: PortNames, ids: ReadonlyMap<string, string>): string {
  let t = text.replace(/\b[0-9a-f]{40}\b/g, (id) => (ids.has(id) ? `<${ids.get(id)}>` : '<id>'));
  t = normalizeAddresses(t, ports);
  t = t.replace(/\b(?:127\.0\.0\.1|172\.18\.0\.\d+) (\d+)\b/g, (m, p: string) => {
    const n = ports.get(Number(p));
    return n === undefined ? m : `<${n}>`;
  });
  return t;
}

/** The Sentinel events of the Sentinels' logs, in time order. */
export function sentinelEvents(logs: ReadonlyMap<string, readonly LogEntry[]>, sentinels: readonly string[], ports: PortNames): SentinelEvent[] {
  const ids = sentinelIds(logs);
  const out: SentinelEvent[] = [];
  for (const s of sentinels) {
    for (const e of logs.get(s) ?? []) {
      const m = EVENT.exec(e.msg);
      if (m) out.push({ ms: e.ms, sentinel: s, event: m[1], text: normalizeEventText(m[2] ?? '', ports, ids) });
    }
  }
  return out.sort((a, b) => a.ms - b.ms);
}

/** The Sentinels in the order they first logged +elected-leader. */
export function leaders(events: readonly SentinelEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) if (e.event === '+elected-leader' && !out.includes(e.sentinel)) out.push(e.sentinel);
  return out;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/**
 * What two events must share to be the same event: name and text, Sentinel names through
 * `rename`; the count of an +odown's "#quorum n/q" is left out (how many Sentinels had answered by
 * then is a race; the quorum q is kept).
 */
export const eventKey = (e: SentinelEvent, rename: (s: string) => string) =>
  `${e.event} ${e.text.replace(/<([\w.-]+)>/g, (_m, n: string) => `<${rename(n)}>`).replace(/#quorum \d+\//, '#quorum n/')}`.trimEnd();

/**
 * Matches two event lists of one Sentinel: each real event, in order, with the engine event of the
 * same key nearest in time not matched yet (the order of events a few ms apart is a race).
 * Returns index pairs [real, engine].
 */
export function matchEvents(real: readonly SentinelEvent[], eng: readonly SentinelEvent[], realKey: (e: SentinelEvent) => string, engKey: (e: SentinelEvent) => string): [number, number][] {
  const used = new Set<number>();
  const ek = eng.map(engKey);
  const out: [number, number][] = [];
  real.forEach((r, i) => {
    const k = realKey(r);
    let best = -1;
    for (let j = 0; j < eng.length; j++) {
      if (used.has(j) || ek[j] !== k) continue;
      if (best < 0 || Math.abs(eng[j].ms - r.ms) < Math.abs(eng[best].ms - r.ms)) best = j;
    }
    if (best >= 0) {
      used.add(best);
      out.push([i, best]);
    }
  });
  return out;
}

/**
 * Pairs the real Sentinels with the engine's: the first elected leader with the first elected
 * leader (and so on), the rest so that their event sequences match best. Returns real name ->
 * engine name.
 */
export function pairSentinels(real: readonly SentinelEvent[], eng: readonly SentinelEvent[], sentinels: readonly string[]): Map<string, string> {
  const pairs = new Map<string, string>();
  const rl = leaders(real);
  const el = leaders(eng);
  for (let i = 0; i < Math.min(rl.length, el.length); i++) pairs.set(rl[i], el[i]);
  const restReal = sentinels.filter((s) => !pairs.has(s));
  const restEng = sentinels.filter((s) => ![...pairs.values()].includes(s));
  if (restReal.length === 0) return pairs;
  let best: string[] = restEng;
  let bestScore = -1;
  for (const perm of permutations(restEng).slice(0, 720)) {
    const trial = new Map(pairs);
    restReal.forEach((s, i) => trial.set(s, perm[i] ?? s));
    const toEng = (n: string) => trial.get(n) ?? n;
    let score = 0;
    restReal.forEach((s, i) => {
      const r = real.filter((e) => e.sentinel === s);
      const g = eng.filter((e) => e.sentinel === perm[i]);
      score += matchEvents(r, g, (e) => eventKey(e, toEng), (e) => eventKey(e, (n) => n)).length;
    });
    if (score > bestScore) {
      bestScore = score;
      best = perm;
    }
  }
  restReal.forEach((s, i) => pairs.set(s, best[i] ?? s));
  return pairs;
}

export interface SentinelEventRow {
  /** The real Sentinel and the engine's Sentinel paired with it ("s1/s3"). */
  readonly sentinel: string;
  readonly real: SentinelEvent | null;
  readonly engine: SentinelEvent | null;
  readonly verdict: Verdict;
  /**
   * For a matched event out of tolerance: how much longer it came after the event before it in
   * the real run than in the engine (ms; negative: sooner).
   */
  readonly drift?: number;
}

export interface SentinelRoleRow {
  readonly node: string;
  readonly real: string;
  readonly engine: string;
  readonly verdict: Verdict;
}

export interface SentinelReport {
  /** real Sentinel -> engine Sentinel. */
  readonly pairs: ReadonlyMap<string, string>;
  readonly events: SentinelEventRow[];
  readonly eventsSame: number;
  /** The replica each failover selected (+selected-slave), in order. */
  readonly selected: { readonly real: string[]; readonly engine: string[]; readonly verdict: Verdict };
  readonly roles: SentinelRoleRow[];
}

const SAME: Verdict = { kind: 'same' };
const DIFF: Verdict = { kind: 'DIFF' };
const explained = (why: string): Verdict => ({ kind: 'explained', why });

/** Events of a Sentinel reconfiguring an instance it finds misconfigured: whichever's INFO comes due first acts. */
const RECONFIG_EVENTS = new Set(['+convert-to-slave', '+fix-slave-config']);

/** Events of asking for votes: a Sentinel that reached o_down too asks for itself in the same epoch. */
const ELECTION_EVENTS = new Set(['+try-failover', '+vote-for-leader', '-failover-abort-not-elected', '+new-epoch']);

/** When the Sentinel logged +sdown for `target` ("master mymaster <m>"), and how many others had before it. */
function sdownRank(events: readonly SentinelEvent[], sentinel: string, target: string, before: number): { at: number; earlier: number } | null {
  const mine = events.filter((e) => e.sentinel === sentinel && e.event === '+sdown' && e.text === target && e.ms <= before).pop();
  if (!mine) return null;
  const firsts = new Map<string, number>();
  for (const e of events) if (e.event === '+sdown' && e.text === target && e.ms <= mine.ms && !firsts.has(e.sentinel)) firsts.set(e.sentinel, e.ms);
  return { at: mine.ms, earlier: [...firsts.keys()].filter((x) => x !== sentinel).length };
}

/** The slack after SENTINEL_ASK_PERIOD for the next ask to be answered and counted: two timer ticks (hz 10). */
const ASK_SLACK_MS = 300;

/**
 * Why the leader logged -odown just before its +failover-end in one run only: the others had
 * switched to the promoted replica already and answer is-master-down-by-addr about the old address
 * with "not down"; the leader asks once a second, so whether an answer lands before +failover-end
 * (which clears o_down silently) depends on where that second falls. Null if the records say otherwise.
 */
function odownAtEndWhy(e: SentinelEvent, mine: readonly SentinelEvent[], other: readonly SentinelEvent[], toOther: (n: string) => string, run: string): string | null {
  const target = e.text;
  const end = mine.find((x) => x.sentinel === e.sentinel && x.event === '+failover-end' && x.text === target && x.ms >= e.ms);
  const switched = mine.find((x) => x.sentinel !== e.sentinel && x.event === '+switch-master' && x.ms <= e.ms);
  const oEnd = other.find((x) => x.sentinel === toOther(e.sentinel) && x.event === '+failover-end' && x.text === target);
  const oSwitched = other.find((x) => x.sentinel !== toOther(e.sentinel) && x.event === '+switch-master');
  if (!end || !switched || !oEnd || !oSwitched || end.ms - e.ms > SENTINEL_ASK_PERIOD_MS) return null;
  const gap = oEnd.ms - oSwitched.ms;
  if (gap > SENTINEL_ASK_PERIOD_MS + ASK_SLACK_MS) return null;
  return `in the ${run} run the leader ${e.sentinel} asked is-master-down-by-addr (once a second) after ${switched.sentinel} had switched, got "not down", and logged -odown before its +failover-end; ` +
    `in the other run only ${gap} ms passed from the first +switch-master of the others to +failover-end, which clears o_down without the event`;
}

/**
 * Labels the differences the runs' own records show to be races between the Sentinels' timers:
 * - the same event logged by another Sentinel (the first whose INFO comes due sends +convert-to-slave
 *   or +fix-slave-config; the others then see it done);
 * - a Sentinel that reached o_down about when the leader did and asked for votes for itself in the
 *   same epoch (sentinelStartFailoverIfNeeded), when the leader is the same in both runs;
 * - the same event sent by two Sentinels at once in one run, by one in the other;
 * - the leader's -odown just before +failover-end in one run only (see odownAtEndWhy);
 * - an +odown later than the other run's, in the run where that Sentinel's +sdown came before enough
 *   of the others': its first SENTINEL is-master-down-by-addr got "not down" answers and it asks
 *   again only SENTINEL_ASK_PERIOD (1 s) later.
 */
export function explainRaces(rows: SentinelEventRow[], real: readonly SentinelEvent[], eng: readonly SentinelEvent[], pairs: ReadonlyMap<string, string>): void {
  const toEng = (n: string) => pairs.get(n) ?? n;
  const onlyReal = rows.filter((r) => r.verdict.kind === 'DIFF' && r.real && !r.engine);
  const onlyEng = rows.filter((r) => r.verdict.kind === 'DIFF' && r.engine && !r.real);
  const key = (e: SentinelEvent, rename: (n: string) => string) => eventKey(e, rename);
  for (const r of onlyReal) {
    const k = key(r.real!, toEng);
    const other = onlyEng.find((g) => g.verdict.kind === 'DIFF' && key(g.engine!, (n) => n) === k && Math.abs(g.engine!.ms - r.real!.ms) <= SENTINEL_TIME_TOLERANCE_MS);
    if (!other) continue;
    const why = `the same ${r.real!.event} came from another Sentinel (real ${r.real!.sentinel} at +${(r.real!.ms / 1000).toFixed(3)}s, engine ${other.engine!.sentinel} at +${(other.engine!.ms / 1000).toFixed(3)}s): the first whose timer comes due acts, the others then find it done`;
    const i = rows.indexOf(r);
    const j = rows.indexOf(other);
    rows[i] = { ...r, verdict: explained(why) };
    rows[j] = { ...other, verdict: explained(why) };
  }
  // Two Sentinels whose INFO showed the instance unconverted at about the same time both act.
  rows.forEach((row, i) => {
    if (row.verdict.kind !== 'DIFF' || (row.real && row.engine)) return;
    const e = (row.real ?? row.engine)!;
    if (!RECONFIG_EVENTS.has(e.event)) return;
    const mine = row.real ? real : eng;
    const other = row.real ? eng : real;
    const twin = mine.find((x) => x !== e && x.sentinel !== e.sentinel && x.event === e.event && x.text === e.text && Math.abs(x.ms - e.ms) <= SENTINEL_ASK_PERIOD_MS);
    if (!twin || !other.some((x) => x.event === e.event && x.text === e.text)) return;
    rows[i] = { ...row, verdict: explained(`${twin.sentinel} sent the same ${e.event} ${Math.abs(e.ms - twin.ms)} ms apart in the ${row.real ? 'real' : 'engine'} run: ` +
      `both read the instance's INFO before either's REPLICAOF took effect; the other run has it from one Sentinel`) };
  });
  const leaderOf = (evs: readonly SentinelEvent[]) => new Map(evs.filter((e) => e.event === '+elected-leader').map((e) => [e.text, e.sentinel] as const));
  const realLeaders = leaderOf(real);
  const engLeaders = leaderOf(eng);
  rows.forEach((row, i) => {
    if (row.verdict.kind !== 'DIFF') return;
    const e = (row.real ?? row.engine)!;
    const inReal = row.real !== null;
    if (row.real && row.engine && e.event === '+odown') {
      // Which run is later: its Sentinel had +sdown before enough others had, so its first ask came too soon.
      const later = (row.drift ?? row.real.ms - row.engine.ms) > 0 ? { ev: real, x: row.real, run: 'real' } : { ev: eng, x: row.engine, run: 'engine' };
      const q = Number(/#quorum \d+\/(\d+)/.exec(later.x.text)?.[1] ?? '0');
      const target = later.x.text.replace(/ #quorum.*$/, '');
      const rank = sdownRank(later.ev, later.x.sentinel, target, later.x.ms);
      if (rank && q > 0 && rank.earlier < q - 1) {
        rows[i] = { ...row, verdict: explained(`in the ${later.run} run ${later.x.sentinel} had +sdown at +${(rank.at / 1000).toFixed(3)}s with ${rank.earlier} other Sentinel(s) agreeing (quorum ${q}): ` +
          `its first is-master-down-by-addr was answered "not down", and it asks again only 1 s later (SENTINEL_ASK_PERIOD)`) };
      }
      return;
    }
    if (row.real && row.engine) return;
    if (e.event === '-odown') {
      const why = odownAtEndWhy(e, inReal ? real : eng, inReal ? eng : real, inReal ? toEng : (n) => [...pairs].find(([, g]) => g === n)?.[0] ?? n, inReal ? 'real' : 'engine');
      if (why) rows[i] = { ...row, verdict: explained(why) };
      return;
    }
    if (!ELECTION_EVENTS.has(e.event)) return;
    const leaders = inReal ? realLeaders : engLeaders;
    const otherLeaders = inReal ? engLeaders : realLeaders;
    const target = [...leaders.keys()].find((t) => otherLeaders.has(t));
    if (target === undefined) return;
    const lead = leaders.get(target)!;
    const otherLead = otherLeaders.get(target)!;
    if ((inReal ? toEng(lead) : lead) !== (inReal ? otherLead : toEng(otherLead)) || e.sentinel === lead) return;
    rows[i] = { ...row, verdict: explained(`election race: ${e.sentinel} reached o_down close to when ${lead} did and ${e.event === '+vote-for-leader' ? 'voted' : 'asked for votes'} in the same epoch; ` +
      `${lead} won it in both runs (paired as the leader), who asks first is a race of their timers`) };
  });
}

/** "master", "replica of <m>", "down" from a data node's final INFO replication. */
export function finalRole(w: WorldRun, node: string, ports: PortNames): string {
  const e = w.end.get(node);
  if (!e || !e.alive) return 'down';
  const role = e.fields.get('role');
  if (role === 'master') return 'master';
  if (role === 'slave') {
    const p = Number(e.fields.get('master_port'));
    const n = ports.get(p);
    return `replica of ${n ?? 'port ' + String(p)}${e.fields.get('master_link_status') === 'up' ? '' : ' (link down)'}`;
  }
  return role ?? '?';
}

/** The replica of each +selected-slave, as a node name. */
export function selectedReplicas(events: readonly SentinelEvent[]): string[] {
  return events.filter((e) => e.event === '+selected-slave').map((e) => /^slave <([\w.-]+)>/.exec(e.text)?.[1] ?? e.text);
}

function portNames(w: WorldRun): PortNames {
  return new Map([...(w.aliasPorts ?? []), ...[...w.ports].map(([n, p]) => [p, n] as const)]);
}

/** Compares the Sentinel side of two runs; null when the scenario has no Sentinel. */
export function compareSentinels(ctx: ScenarioContext, eng: WorldRun, real: WorldRun): SentinelReport | null {
  const sentinels = ctx.sentinels ?? [];
  if (sentinels.length === 0) return null;
  const realPorts = portNames(real);
  const engPorts = portNames(eng);
  const re = sentinelEvents(real.logs, sentinels, realPorts);
  const ee = sentinelEvents(eng.logs, sentinels, engPorts);
  const pairs = pairSentinels(re, ee, sentinels);
  const toEng = (n: string) => pairs.get(n) ?? n;
  const events: SentinelEventRow[] = [];
  for (const s of sentinels) {
    const r = re.filter((e) => e.sentinel === s);
    const g = ee.filter((e) => e.sentinel === toEng(s));
    const label = toEng(s) === s ? s : `${s}/${toEng(s)}`;
    const matched = matchEvents(r, g, (e) => eventKey(e, toEng), (e) => eventKey(e, (n) => n));
    const rDone = new Set(matched.map(([a]) => a));
    const gDone = new Set(matched.map(([, b]) => b));
    for (const [a, b] of matched) events.push({ sentinel: label, real: r[a], engine: g[b], verdict: SAME });
    r.forEach((e, i) => { if (!rDone.has(i)) events.push({ sentinel: label, real: e, engine: null, verdict: DIFF }); });
    g.forEach((e, i) => { if (!gDone.has(i)) events.push({ sentinel: label, real: null, engine: e, verdict: DIFF }); });
  }
  // Timing: the delay from the event before (in the real run's order) must agree within the
  // tolerance; how far the two runs are apart already (process start-up, an earlier race) carries over.
  let prev = 0;
  for (const row of events.filter((x) => x.real && x.engine).sort((x, y) => x.real!.ms - y.real!.ms)) {
    const d = row.real!.ms - row.engine!.ms;
    const drift = d - prev;
    prev = d;
    if (Math.abs(drift) > SENTINEL_TIME_TOLERANCE_MS) events[events.indexOf(row)] = { ...row, drift, verdict: DIFF };
  }
  explainRaces(events, re, ee, pairs);
  const same = events.filter((x) => x.verdict.kind === 'same').length;
  events.sort((a, b) => (a.real ?? a.engine)!.ms - (b.real ?? b.engine)!.ms);
  const sr = selectedReplicas(re);
  const sg = selectedReplicas(ee);
  const roles: SentinelRoleRow[] = ctx.nodes.map((n) => {
    const rv = finalRole(real, n, realPorts);
    const ev = finalRole(eng, n, engPorts);
    return { node: n, real: rv, engine: ev, verdict: rv === ev ? SAME : DIFF };
  });
  return {
    pairs, events, eventsSame: same,
    selected: { real: sr, engine: sg, verdict: sr.join(',') === sg.join(',') ? SAME : DIFF },
    roles,
  };
}
