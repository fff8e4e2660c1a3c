// The Sentinels' tab: what each Sentinel sees of each master it monitors (flags, epochs, its vote,
// the leader, the failover state) and the latest failover as a sequence diagram made from the run
// (sentinel-seq.ts), with the same steps as an ordered list for screen readers and small screens.

import { useMemo } from 'react';
import type { Moment } from '../../app/run-index.ts';
import type { NodeView, SentinelMasterView } from '../../runtime/protocol.ts';
import type { FrameList } from '../../runtime/frame-list.ts';
import { sentinelMomentText } from '../moment-text.ts';
import { failoverSequence, type SeqRow, type Sequence } from './sentinel-seq.ts';
import { PILL_DASH, type T } from './TopologySvg.tsx';
import { addPanelWords } from '../i18n/panels.ts';
import * as sentinelPanelWords from '../i18n/sentinel-panel.ts';
import './sentinel.css';

addPanelWords(sentinelPanelWords);

export interface SentinelPanelProps {
  readonly views: readonly NodeView[];
  readonly down: readonly string[];
  readonly moments: readonly Moment[];
  readonly frames: FrameList;
  readonly cursorMs: number;
  readonly nameOfPort: ReadonlyMap<number, string>;
  readonly t: T;
}

/** A Sentinel by its ID: the node whose view has that ID, else the ID's first 8 characters. */
function idName(views: readonly NodeView[], id: string | null): string | null {
  if (id === null) return null;
  return views.find((v) => v.sentinel?.myid === id)?.name ?? id.slice(0, 8);
}

/** The leader of the latest epoch a Sentinel knows for a master: its own failover, or the winner of the votes it learnt. */
export function leaderOf(moments: readonly Moment[], master: string, cursorMs: number): { leader: string; epoch: number } | null {
  for (let i = moments.length - 1; i >= 0; i--) {
    const m = moments[i];
    if (m.t <= cursorMs && m.kind === 'sentinel' && m.name === '+elected-leader' && m.master === master) return { leader: m.node, epoch: m.epoch };
  }
  return null;
}

function MasterView({ v, m, views, leader, t }: { v: NodeView; m: SentinelMasterView; views: readonly NodeView[]; leader: { leader: string; epoch: number } | null; t: T }) {
  const byPort = new Map(views.map((x) => [x.port, x.name]));
  const addrName = (ip: string, port: number) => byPort.get(port) ?? `${ip}:${port}`;
  const flags = [m.sDown ? 's_down' : null, m.oDown ? 'o_down' : null].filter(Boolean).join(' ');
  const vote = m.leader ? t('sentinel.views.voteValue', { leader: idName(views, m.leader)!, epoch: m.leaderEpoch }) : t('sentinel.views.noVote');
  return (
    <dl className="sn-master" data-master={m.name}>
      <dt>{t('sentinel.views.master')}</dt><dd><b>{m.name}</b> · {addrName(m.ip, m.port)} <span className="mono">({m.ip}:{m.port})</span> · {t('sentinel.views.quorum', { quorum: m.quorum })}</dd>
      <dt>{t('sentinel.views.flags')}</dt><dd className="mono" data-testid={`sentinel-flags-${v.name}`} data-flags={flags || 'none'}>{flags ? <span className="sn-flag">{flags}</span> : t('sentinel.node.ok')}</dd>
      <dt>{t('sentinel.views.epoch')}</dt><dd className="mono">{v.sentinel!.currentEpoch} <span className="sn-muted">(config-epoch {m.configEpoch})</span></dd>
      <dt>{t('sentinel.views.vote')}</dt><dd>{vote}</dd>
      <dt>{t('sentinel.views.leader')}</dt><dd>{leader ? t('sentinel.views.leaderValue', leader) : t('sentinel.views.noLeader')}</dd>
      <dt>{t('sentinel.views.failover')}</dt><dd className="mono">{m.failoverState}{m.promotedSlave ? ` → ${addrName(m.promotedSlave.split(':')[0], Number(m.promotedSlave.split(':')[1]))}` : ''}</dd>
      <dt>{t('sentinel.views.replicas')}</dt>
      <dd>{m.slaves.length ? m.slaves.map((r) => `${addrName(r.name.split(':')[0], Number(r.name.split(':')[1]))}${r.sDown ? ' (s_down)' : ''}`).join(', ') : '—'}</dd>
      <dt>{t('sentinel.views.sentinels')}</dt>
      <dd>{m.sentinels.length ? m.sentinels.map((o) => `${addrName(o.ip, o.port)}${o.sDown ? ' (s_down)' : ''}`).join(', ') : '—'}</dd>
    </dl>
  );
}

export function SentinelViews({ views, down, moments, cursorMs, t }: Pick<SentinelPanelProps, 'views' | 'down' | 'moments' | 'cursorMs' | 't'>) {
  const sentinels = views.filter((v) => v.sentinel);
  return (
    <section className="sn-views" aria-labelledby="sn-views-title">
      <h3 id="sn-views-title">{t('sentinel.views.title')}</h3>
      <div className="sn-cards">
        {sentinels.map((v) => (
          <article key={v.name} className="sn-card" data-sentinel={v.name} aria-label={`${v.name} · ${t('topology.role.sentinel')}`}>
            <h4><span className="sn-hex" aria-hidden="true" />{v.name} <span className="sn-muted mono">:{v.port}</span>{down.includes(v.name) && <span className="sn-flag"> {t('sentinel.views.down')}</span>}</h4>
            {down.includes(v.name) ? null : v.sentinel!.masters.length === 0
              ? <p className="sn-muted">{t('sentinel.views.nothing')}</p>
              : v.sentinel!.masters.map((m) => <MasterView key={m.name} v={v} m={m} views={views} leader={leaderOf(moments, m.name, cursorMs)} t={t} />)}
          </article>
        ))}
      </div>
    </section>
  );
}

/** A row of the sequence in words (the list, the screen reader, the row's tooltip). */
export function rowText(r: SeqRow, t: T, nameOfPort: ReadonlyMap<number, string>): string {
  switch (r.kind) {
    case 'event': return sentinelMomentText(r.moment, t, nameOfPort);
    case 'vote': return t('sentinel.vote', { voter: r.from, leader: r.to, epoch: r.epoch });
    case 'ask': {
      const to = [r.to, ...r.also].join(', ');
      return r.vote ? t('sentinel.seq.askVote', { from: r.from, to, epoch: r.epoch }) : t('sentinel.seq.ask', { from: r.from, to });
    }
    case 'reply': return t('sentinel.seq.reply', { from: [r.from, ...r.also].join(', '), to: r.to });
    case 'command': return t('sentinel.seq.command', { from: r.from, to: r.to, label: r.label });
  }
}

/** The short label drawn on the diagram's row. */
function rowLabel(r: SeqRow, t: T): string {
  switch (r.kind) {
    case 'event': return r.moment.name;
    case 'vote': return t('sentinel.seq.l.vote', { leader: r.to, epoch: r.epoch });
    case 'ask': return r.vote ? t('sentinel.seq.l.askVote', { epoch: r.epoch }) : 'is-master-down-by-addr';
    case 'reply': return r.also.length ? t('sentinel.seq.l.replies', { n: r.also.length + 1 }) : t('sentinel.seq.l.reply');
    case 'command': return r.label;
  }
}

/** A note's colour: down flags in the "bad" colour, the leader and the switch in the "good" one. */
function noteFill(r: SeqRow): string {
  const name = r.kind === 'event' ? r.moment.name : '';
  if (name === '+odown' || name === '+sdown') return 'var(--bad)';
  if (name === '+switch-master' || name === '+elected-leader') return 'var(--good)';
  return 'var(--role-sentinel)';
}

const ROW_H = 34;
const HEAD_H = 30;

function SequenceSvg({ seq, t, nameOfPort, width }: { seq: Sequence; t: T; nameOfPort: ReadonlyMap<number, string>; width: number }) {
  const n = seq.lifelines.length;
  const gutter = 54;
  const colW = Math.max(48, (width - gutter - 10) / Math.max(1, n));
  const w = gutter + colW * n + 10;
  const xOf = (name: string) => gutter + colW * (seq.lifelines.indexOf(name) + 0.5);
  const h = HEAD_H + ROW_H * seq.rows.length + 8;
  return (
    <>
    <svg className="sn-seq-svg sn-seq-headrow" width={w} height={HEAD_H - 6} viewBox={`0 0 ${w} ${HEAD_H - 6}`} aria-hidden="true">
      {seq.lifelines.map((l) => <text key={l} x={xOf(l)} y={18} textAnchor="middle" className="sn-seq-head">{l}</text>)}
    </svg>
    <svg className="sn-seq-svg" width={w} height={h - HEAD_H + 6} viewBox={`0 ${HEAD_H - 6} ${w} ${h - HEAD_H + 6}`} aria-hidden="true">
      {seq.lifelines.map((l) => (
        <g key={l}>
          <line x1={xOf(l)} x2={xOf(l)} y1={HEAD_H - 6} y2={h} stroke="var(--line)" strokeWidth={seq.sentinels.includes(l) ? 2 : 1.5}
            strokeDasharray={seq.sentinels.includes(l) ? undefined : '3 3'} />
        </g>
      ))}
      {seq.rows.map((r, i) => {
        const y = HEAD_H + i * ROW_H;
        const x1 = xOf(r.from);
        const x2 = r.to && seq.lifelines.includes(r.to) ? xOf(r.to) : null;
        // Extra arrows: an ask to several Sentinels fans out from its sender; several replies converge on the asker.
        const extra: [number, number][] = r.kind === 'ask' ? r.also.map((o) => [x1, xOf(o)]) : r.kind === 'reply' ? r.also.map((o) => [xOf(o), xOf(r.to)]) : [];
        const colour = r.kind === 'event' ? 'var(--fg)' : r.kind === 'vote' ? 'var(--frame-ack)' : r.kind === 'command' ? 'var(--frame-handshake)' : r.kind === 'reply' ? 'var(--frame-keepalive)' : 'var(--frame-sentinel)';
        const dash = r.kind === 'ask' ? PILL_DASH.sentinel : r.kind === 'reply' ? '2 2' : undefined;
        const xs = x2 !== null ? [x1, x2, ...extra.flat()] : [x1];
        const labelX = x2 !== null ? Math.min(...xs) + 4 : x1 + 10;
        return (
          <g key={r.key} data-seq-row={r.kind} data-name={r.kind === 'event' ? r.moment.name : r.kind}>
            <title>{`${(r.t / 1000).toFixed(3)} s — ${rowText(r, t, nameOfPort)}`}</title>
            <text x={4} y={y + 12} className="sn-seq-time">{(r.t / 1000).toFixed(3)}</text>
            <text x={Math.min(labelX, w - 8)} y={y + 12} className="sn-seq-label">{rowLabel(r, t)}{r.kind === 'event' && r.moment.target && r.moment.name !== '+switch-master' && r.moment.name !== '+config-update-from' ? ` ${r.moment.target}` : ''}{r.kind === 'event' && r.moment.name === '+switch-master' ? ` → ${r.moment.to ?? '?'}` : ''}</text>
            {x2 !== null ? (
              <g stroke={colour} strokeWidth={2}>
                {[[x1, x2] as [number, number], ...extra].map(([a, b], k) => (
                  <g key={k}>
                    <line x1={a} x2={b} y1={y + 22} y2={y + 22} strokeDasharray={dash} />
                    <path d={b > a ? `M${b - 7},${y + 17} L${b},${y + 22} L${b - 7},${y + 27}` : `M${b + 7},${y + 17} L${b},${y + 22} L${b + 7},${y + 27}`} fill="none" />
                  </g>
                ))}
              </g>
            ) : (
              <rect x={x1 - 6} y={y + 16} width={12} height={12} rx={2} fill={noteFill(r)} stroke="var(--fg)" strokeWidth={1.5} />
            )}
          </g>
        );
      })}
    </svg>
    </>
  );
}

export function SentinelSequence({ views, moments, frames, cursorMs, nameOfPort, t, width }: Omit<SentinelPanelProps, 'down'> & { width: number }) {
  const sentinelNames = useMemo(() => views.filter((v) => v.sentinel).map((v) => v.name), [views]);
  const dataNames = useMemo(() => views.filter((v) => !v.sentinel).map((v) => v.name), [views]);
  const seq = useMemo(() => failoverSequence(moments, frames, cursorMs, sentinelNames, dataNames), [moments, frames, frames.length, cursorMs, sentinelNames, dataNames]);
  return (
    <section className="sn-seq" aria-labelledby="sn-seq-title">
      <h3 id="sn-seq-title">{t('sentinel.seq.title')}</h3>
      {seq.rows.length === 0 ? <p className="sn-muted">{t('sentinel.seq.none')}</p> : (
        <>
          <p className="sn-muted sn-seq-caption">{t('sentinel.seq.caption')}</p>
          <div className="sn-seq-scroll" tabIndex={0} role="region" aria-label={t('sentinel.seq.title')}>
            <SequenceSvg seq={seq} t={t} nameOfPort={nameOfPort} width={width} />
          </div>
          <details className="sn-seq-list" open={width < 420}>
            <summary>{t('sentinel.seq.list')}</summary>
            <ol data-testid="sentinel-steps">
              {seq.rows.map((r) => (
                <li key={r.key} data-name={r.kind === 'event' ? r.moment.name : r.kind}><span className="mono sn-muted">{(r.t / 1000).toFixed(3)} s</span> {rowText(r, t, nameOfPort)}</li>
              ))}
            </ol>
          </details>
        </>
      )}
    </section>
  );
}

export function SentinelPanel(props: SentinelPanelProps & { width?: number }) {
  const { t } = props;
  if (!props.views.some((v) => v.sentinel)) return <p className="sn-muted">{t('sentinel.views.none')}</p>;
  return (
    <div className="sn-panel">
      <SentinelViews {...props} />
      <SentinelSequence {...props} width={props.width ?? 560} />
    </div>
  );
}
