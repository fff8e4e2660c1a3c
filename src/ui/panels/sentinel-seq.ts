// The failover as a sequence diagram, made from the run: the typed Sentinel moments (+sdown,
// +odown, +elected-leader, +switch-master...), the votes Sentinels learnt (sentinelVote), and the
// frames the Sentinels sent (SENTINEL is-master-down-by-addr between Sentinels and its reply,
// SLAVEOF to the data nodes), named by their labels, never parsed. Pure: the panel draws the rows.

import type { Moment } from '../../app/run-index.ts';
import { framesOfKindAt, type FrameList } from '../../runtime/frame-list.ts';

type SentinelMoment = Extract<Moment, { kind: 'sentinel' }>;

export type SeqRow =
  /** A Sentinel event, on the Sentinel's lifeline (an arrow to or from `other` when it involves another node). */
  | { readonly kind: 'event'; readonly t: number; readonly from: string; readonly to: string | null; readonly moment: SentinelMoment; readonly key: string }
  /** A vote learnt: `voter` voted for `leader` (arrives with is-master-down-by-addr's reply). */
  | { readonly kind: 'vote'; readonly t: number; readonly from: string; readonly to: string; readonly epoch: number; readonly key: string }
  /**
   * is-master-down-by-addr from one Sentinel to others (`to`, and `also` asked at the same
   * moment); `vote` when it asks for a vote (after +try-failover).
   */
  | { readonly kind: 'ask'; readonly t: number; readonly from: string; readonly to: string; readonly also: readonly string[]; readonly vote: boolean; readonly epoch: number; readonly key: string }
  /** The replies to an ask (from `from` and the `also` Sentinels, within the same millisecond). */
  | { readonly kind: 'reply'; readonly t: number; readonly from: string; readonly to: string; readonly also: readonly string[]; readonly key: string }
  /** A command a Sentinel sent a data node (SLAVEOF NO ONE, SLAVEOF host port). */
  | { readonly kind: 'command'; readonly t: number; readonly from: string; readonly to: string; readonly label: string; readonly key: string };

export interface Sequence {
  /** Lifelines, left to right: the Sentinels, then the data nodes that take part. */
  readonly lifelines: readonly string[];
  readonly sentinels: readonly string[];
  readonly rows: readonly SeqRow[];
}

/** The events the diagram shows. */
const SHOWN = new Set([
  '+sdown', '+odown', '+try-failover', '+vote-for-leader', '+elected-leader', '+selected-slave', '+promoted-slave', '+slave-reconf-sent',
  '+slave-reconf-inprog', '+slave-reconf-done', '+failover-end', '+failover-end-for-timeout', '+switch-master', '+config-update-from', '+convert-to-slave',
]);

export const ASK_LABEL = 'SENTINEL is-master-down-by-addr';

/**
 * The latest failover (or attempt) up to the cursor: from the first +sdown of a master after the
 * last +switch-master or -sdown of a master before it, to the cursor.
 */
export function failoverSequence(moments: readonly Moment[], frames: FrameList, cursorMs: number, sentinelNames: readonly string[], dataNames: readonly string[]): Sequence {
  const ms = moments.filter((m): m is SentinelMoment | Extract<Moment, { kind: 'sentinelVote' }> => (m.kind === 'sentinel' || m.kind === 'sentinelVote') && m.t <= cursorMs);
  const isMasterSdown = (m: Moment) => m.kind === 'sentinel' && m.name === '+sdown' && m.instance === 'master';
  let last = -1;
  for (let i = ms.length - 1; i >= 0; i--) if (isMasterSdown(ms[i])) { last = i; break; }
  if (last < 0) return { lifelines: sentinelNames, sentinels: sentinelNames, rows: [] };
  let first = last;
  for (let i = last - 1; i >= 0; i--) {
    const m = ms[i];
    if (m.kind === 'sentinel' && (m.name === '+switch-master' || (m.name === '-sdown' && m.instance === 'master'))) break;
    if (isMasterSdown(m)) first = i;
  }
  const start = ms[first].t;
  const sentinelSet = new Set(sentinelNames);
  const rows: SeqRow[] = [];
  // The first +try-failover of each Sentinel: its asks from then on ask for a vote.
  const tryAt = new Map<string, { t: number; epoch: number }>();
  const votes = new Set<string>();
  for (const m of ms.slice(first)) {
    if (m.kind === 'sentinelVote') {
      const vk = `${m.voter}>${m.leader}@${m.epoch}`;
      if (votes.has(vk)) continue;
      votes.add(vk);
      rows.push({ kind: 'vote', t: m.t, from: m.voter, to: m.node, epoch: m.epoch, key: `v${m.index}:${m.voter}` });
      continue;
    }
    if (!SHOWN.has(m.name) && !m.name.startsWith('-failover-abort')) continue;
    if (m.name === '+sdown' && m.instance !== 'master') continue;
    if (m.name === '+try-failover' && !tryAt.has(m.node)) tryAt.set(m.node, { t: m.t, epoch: m.epoch });
    const to = m.name === '+slave-reconf-sent' || m.name === '+convert-to-slave' ? m.target : null;
    const from = m.name === '+config-update-from' && m.target ? m.target : m.node;
    rows.push({ kind: 'event', t: m.t, from, to: m.name === '+config-update-from' ? m.node : to, moment: m, key: `m${m.index}` });
  }
  // The asks: the first of each pair after the +sdown (is the master down?) and the first after
  // the asker's +try-failover (its vote request), each with its reply.
  const asked = new Set<string>();
  // Only Sentinels' frames matter here (a Sentinel's replies are Sentinel frames too); keys keep
  // each frame's place in the whole list.
  const { frames: sent, positions } = framesOfKindAt(frames, 'sentinel');
  sent.forEach((f, at) => {
    const i = positions[at];
    if (f.sentAtMs < start || f.sentAtMs > cursorMs) return;
    if (f.kind === 'sentinel' && sentinelSet.has(f.from) && f.meta.label.startsWith('SLAVEOF') && !sentinelSet.has(f.to)) {
      rows.push({ kind: 'command', t: f.sentAtMs, from: f.from, to: f.to, label: f.meta.label, key: `f${i}` });
      return;
    }
    if (f.kind !== 'sentinel' || f.meta.label !== ASK_LABEL || !sentinelSet.has(f.from) || !sentinelSet.has(f.to)) return;
    const tried = tryAt.get(f.from);
    const vote = tried !== undefined && f.sentAtMs >= tried.t;
    const k = `${f.from}>${f.to}:${vote}`;
    if (asked.has(k)) return;
    asked.add(k);
    rows.push({ kind: 'ask', t: f.sentAtMs, from: f.from, to: f.to, also: [], vote, epoch: tried?.epoch ?? 0, key: `f${i}` });
    // The reply comes back on the same connection.
    const reply = sent.find((g, j) => j > at && g.conn === f.conn && g.from === f.to && g.sentAtMs >= f.arriveAtMs && g.sentAtMs <= cursorMs);
    if (reply) rows.push({ kind: 'reply', t: reply.sentAtMs, from: reply.from, to: reply.to, also: [], key: `r${i}` });
  });
  const sorted = rows.map((r, i) => [r, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([r]) => r);
  // An ask sent to several Sentinels at once is one row (its arrows fan out); so are the replies
  // one Sentinel gets within the same millisecond.
  const order: SeqRow[] = [];
  for (const r of sorted) {
    const prev = order[order.length - 1];
    if (r.kind === 'ask' && prev?.kind === 'ask' && prev.from === r.from && prev.vote === r.vote && Math.abs(prev.t - r.t) < 1) {
      order[order.length - 1] = { ...prev, also: [...prev.also, r.to] };
      continue;
    }
    if (r.kind === 'reply' && prev?.kind === 'reply' && prev.to === r.to && Math.abs(prev.t - r.t) < 1) {
      order[order.length - 1] = { ...prev, also: [...prev.also, r.from] };
      continue;
    }
    order.push(r);
  }
  const used = new Set<string>();
  for (const r of order) { used.add(r.from); if (r.to) used.add(r.to); }
  const data = dataNames.filter((n) => used.has(n));
  return { lifelines: [...sentinelNames, ...data], sentinels: sentinelNames, rows: order };
}
