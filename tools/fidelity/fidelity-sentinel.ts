// The Sentinel part of the fidelity check: reads the Sentinel events out of each world's logs
// (sentinelEvent() writes every event to the log: "+sdown master mymaster 127.0.0.1 6379"),
// normalises their addresses and IDs into node names, pairs each world's Sentinels by role (which
// Sentinel wins the election is a race in real Redis), and compares the sequences, the replica each
// failover picked and the data nodes' final roles. Also normalises SENTINEL replies.

import { lcsPairs, type Verdict } from './fidelity-compare.ts';
import { normalizeAddresses, type PortNames } from './fidelity-normalize.ts';
import type { LogEntry, ScenarioContext, WorldRun } from './fidelity-types.ts';

/** How far apart (ms since the scenario started) the same event may be in the two worlds. */
export const SENTINEL_TIME_TOLERANCE_MS = 1500;

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
      const r = real.filter((e) => e.sentinel === s).map((e) => eventKey(e, toEng));
      const g = eng.filter((e) => e.sentinel === perm[i]).map((e) => eventKey(e, (n) => n));
      score += lcsPairs(r, g).length;
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
  let same = 0;
  for (const s of sentinels) {
    const r = re.filter((e) => e.sentinel === s);
    const g = ee.filter((e) => e.sentinel === toEng(s));
    const label = toEng(s) === s ? s : `${s}/${toEng(s)}`;
    const rk = r.map((e) => eventKey(e, toEng));
    const gk = g.map((e) => eventKey(e, (n) => n));
    let ri = 0;
    let gi = 0;
    const flush = (rEnd: number, gEnd: number) => {
      while (ri < rEnd) events.push({ sentinel: label, real: r[ri++], engine: null, verdict: DIFF });
      while (gi < gEnd) events.push({ sentinel: label, real: null, engine: g[gi++], verdict: DIFF });
    };
    for (const [a, b] of lcsPairs(rk, gk)) {
      flush(a, b);
      const x = r[ri++];
      const y = g[gi++];
      const late = Math.abs(x.ms - y.ms) > SENTINEL_TIME_TOLERANCE_MS;
      if (!late) same++;
      events.push({ sentinel: label, real: x, engine: y, verdict: late ? DIFF : SAME });
    }
    flush(r.length, g.length);
  }
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
