// The notable moments of a run in words (moment.* strings): made from the typed moment, with nodes
// named by name. Redis names a replica by "ip:port" and a master by "host:port"; a node listening
// on that port is named instead.

import type { Moment } from '../app/run-index.ts';
import type { PsyncVerdict } from '../engine/io.ts';
import { humanBytes } from './panels/human-bytes.ts';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** "127.0.0.1:6380" → "r1" when a node listens on port 6380; the address itself otherwise. */
export function nodeName(addr: string, nameOfPort: ReadonlyMap<number, string>): string {
  const i = addr.lastIndexOf(':');
  if (i < 0) return addr;
  return nameOfPort.get(Number(addr.slice(i + 1))) ?? addr;
}

/** Why a master answered a PSYNC as it did, in a few words ("replication ID mismatch"). */
export function verdictReason(verdict: PsyncVerdict, offset: number, t: Translate): string {
  return t(`moment.why.${verdict}`, { offset });
}

/**
 * A moment as a sentence: "Partial resync accepted: r1 from offset 123", "r1 lost its link to
 * master m: timeout (repl-timeout)". Null for the kinds the markers do not word (actions are
 * written as scenario lines, see timeline-marks.ts).
 */
export function momentText(m: Moment, t: Translate, nameOfPort: ReadonlyMap<number, string>): string | null {
  const name = (addr: string, node: string | null = null) => node ?? nodeName(addr, nameOfPort);
  switch (m.kind) {
    case 'psync':
      return m.verdict === 'accepted'
        ? t('moment.psync.accepted', { replica: name(m.replica, m.replicaNode), offset: m.offset })
        : t('moment.psync.full', { replica: name(m.replica, m.replicaNode), why: verdictReason(m.verdict, m.offset, t) });
    case 'syncFinished':
      return t(`moment.synced.${m.mode}`, { node: m.node, master: name(m.master, m.masterNode), offset: m.offset });
    case 'linkLost': {
      const peer = name(m.peer, m.peerNode);
      return t(`moment.lost.${m.role}`, { node: m.node, peer, cause: t(`moment.cause.${m.cause}`, { peer }) });
    }
    case 'bufferLimit':
      return t(`moment.bufferLimit.${m.limit}`, {
        node: m.node, replica: name(m.replica, m.replicaNode), usage: humanBytes(m.usage),
        hard: humanBytes(m.hardBytes), soft: humanBytes(m.softBytes), secs: m.softSeconds,
      });
    case 'sentinel':
      return sentinelMomentText(m, t, nameOfPort);
    case 'sentinelVote':
      return t('sentinel.vote', { voter: m.voter, leader: m.leader, epoch: m.epoch });
    case 'syncStarted': case 'rdbTransfer': case 'roleChanged': case 'action':
      return null;
  }
}

/** A Sentinel event in words: "s1 sees master m down (+sdown)...". */
export function sentinelMomentText(m: Extract<Moment, { kind: 'sentinel' }>, t: Translate, nameOfPort: ReadonlyMap<number, string>): string {
  const target = m.target ?? nodeName(m.addr, nameOfPort);
  const vars = { node: m.node, target, master: m.master, epoch: m.epoch, name: m.name, to: m.to ?? '?' };
  if (m.name === '+sdown' || m.name === '-sdown') return t(`sentinel.ev.${m.name}.${m.instance}`, vars);
  if (m.name.startsWith('-failover-abort')) return t('sentinel.ev.abort', vars);
  const key = `sentinel.ev.${m.name}`;
  const s = t(key, vars);
  return s === key ? t('sentinel.ev.other', vars) : s;
}
