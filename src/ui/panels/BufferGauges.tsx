// Per-replica output buffer gauges of one master: each replica's output buffer as the master counts
// it against client-output-buffer-limit (in 7.0 the shared replication-buffer blocks it still
// references, with the bytes not yet sent drawn inside), and the bytes on the link towards it, on
// a log scale with the soft and hard lines; a replica closed for overflow shows red with the limit
// it crossed.

import { useId, useMemo } from 'react';
import type { NodeView } from '../../runtime/protocol.ts';
import type { FrameList } from '../../runtime/frame-list.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import type { ListView } from '../../runtime/compact-log.ts';
import { gaugeRows, gaugeScale, humanBytes, type GaugeRow, type GaugeScale } from './buffers.ts';
import { fmtSec, type Translate } from './handshake.ts';
import './buffer-gauges.css';

export interface BufferGaugesProps {
  readonly master: NodeView;
  /** Every node's view at the cursor (to name replicas by node). */
  readonly views: readonly NodeView[];
  readonly frames: FrameList;
  /** The cursor: ms since the run began. */
  readonly cursorMs: number;
  readonly trace: ListView<TraceEntry>;
  readonly t: Translate;
}


/** A size as redis.conf writes it: 268435456 -> "256mb". */
function confBytes(n: number): string {
  if (n > 0 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}mb`;
  if (n > 0 && n % 1024 === 0) return `${n / 1024}kb`;
  return String(n);
}

const pct = (scale: GaugeScale, v: number) => `${(scale.pos(v) * 100).toFixed(2)}%`;

function stateText(r: GaugeRow, t: Translate): { token: string; desc: string } {
  if (r.state === null) return { token: t('buffers.state.gone'), desc: '' };
  const token = r.state.startsWith('wait_bgsave') ? 'wait_bgsave' : r.state;
  if (r.state === 'online' && r.pendingBytes > 0) return { token, desc: t('buffers.state.onlineWaitAck') };
  const key = `buffers.state.${r.state}`;
  const desc = t(key);
  return { token, desc: desc === key ? '' : desc };
}

function Track({ scale, lim, value, inner = 0, kind, level, label, valueText }: {
  scale: GaugeScale; lim: NodeView['replicaBufferLimits']; value: number; inner?: number; kind: 'buffer' | 'link'; level: string; label: string; valueText: string;
}) {
  return (
    <div className="rs-buf-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={scale.max} aria-valuenow={value} aria-valuetext={valueText}>
      {scale.ticks.map((v) => <span key={v} className="rs-buf-grid" style={{ left: pct(scale, v) }} />)}
      {value > 0 && <span className="rs-buf-fill" data-k={kind} data-level={level} style={{ width: pct(scale, value) }} />}
      {inner > 0 && <span className="rs-buf-fill" data-k="unsent" data-testid="buffer-unsent" style={{ width: pct(scale, inner) }} />}
      {lim.softBytes > 0 && <span className="rs-buf-line" data-k="soft" style={{ left: pct(scale, lim.softBytes) }} />}
      {lim.hardBytes > 0 && <span className="rs-buf-line" data-k="hard" style={{ left: pct(scale, lim.hardBytes) }} />}
    </div>
  );
}

function Replica({ r, scale, master, shared, t }: { r: GaugeRow; scale: GaugeScale; master: NodeView; shared: boolean; t: Translate }) {
  const lim = { ...master.replicaBufferLimits, hardBytes: master.replicaHardLimitBytes };
  const name = r.node ?? r.addr;
  const st = stateText(r, t);
  const parts = (['rdb', 'stream', 'other'] as const).filter((k) => r.link[k] > 0).map((k) => `${t(`buffers.link${k[0].toUpperCase()}${k.slice(1)}`)} ${humanBytes(r.link[k])}`);
  const linkText = parts.join(' · ');
  const hard = lim.hardBytes > 0 ? humanBytes(lim.hardBytes) : t('buffers.noLimit');
  return (
    <li className="rs-buf-rep" data-level={r.level} data-testid={`buffer-${name}`}>
      <div className="rs-buf-head">
        <b>{name}</b>
        {r.node !== null && <code>{r.addr}</code>}
        <code className="rs-buf-state" data-testid="buffer-state">{st.token}</code>
        {st.desc && <span className="rs-buf-desc">{st.desc}</span>}
      </div>
      <div className="rs-buf-g">
        <span className="rs-buf-lbl">{t('buffers.outputBuffer')}</span>
        <Track scale={scale} lim={lim} value={r.bufferBytes} inner={shared ? r.pendingBytes : 0} kind="buffer" level={r.level}
          label={`${name} ${t('buffers.outputBuffer')}`}
          valueText={shared
            ? t('buffers.meterBufferUnsent', { node: name, value: `${r.bufferBytes} B`, unsent: `${r.pendingBytes} B`, hard })
            : t('buffers.meterBuffer', { node: name, value: `${r.bufferBytes} B`, hard })} />
        <span className="rs-buf-val" data-testid="buffer-value">
          {humanBytes(r.bufferBytes)}
          {r.bufferBytes >= 1024 && <small>{r.bufferBytes.toLocaleString('en-US')} B</small>}
        </span>
      </div>
      {shared && r.state !== null && (
        <div className="rs-buf-meta" data-testid="buffer-detail">
          {r.bufferBlocks === 1 ? t('buffers.block') : t('buffers.blocks', { n: r.bufferBlocks })}
          {' · '}
          <span className="rs-buf-unsent-k">{t('buffers.valueUnsent', { bytes: humanBytes(r.pendingBytes) })}</span>
        </div>
      )}
      <div className="rs-buf-g">
        <span className="rs-buf-lbl">{t('buffers.onLink')}</span>
        <Track scale={scale} lim={{ hardBytes: 0, softBytes: 0, softSeconds: 0 }} value={r.link.total} kind="link" level="ok"
          label={`${name} ${t('buffers.onLink')}`}
          valueText={t('buffers.meterLink', { node: name, value: `${r.link.total} B` }) + (parts.length ? ` (${linkText})` : '')} />
        <span className="rs-buf-val" data-testid="link-value">
          {humanBytes(r.link.total)}
          {parts.length > 0 && <small>{linkText}</small>}
        </span>
      </div>
      {r.level === 'soft' && <div className="rs-buf-note" data-tone="soft">{t('buffers.levelSoft', { secs: lim.softSeconds })}</div>}
      {r.level === 'hard' && <div className="rs-buf-over"><b>{t('buffers.levelHard')}</b></div>}
      {r.overflow && (
        <div className="rs-buf-over" data-testid="buffer-overflow">
          <b>{t('buffers.overflow', { t: fmtSec(r.overflow.t) })}</b>
          <span>{r.overflow.limit === 'hard'
            ? t('buffers.overflowHard', { usage: humanBytes(r.overflow.usage), hard: humanBytes(r.overflow.hardBytes) })
            : t('buffers.overflowSoft', { usage: humanBytes(r.overflow.usage), soft: humanBytes(r.overflow.softBytes), secs: r.overflow.softSeconds })}</span>
        </div>
      )}
      {!r.overflow && r.lastOverflow && (
        <div className="rs-buf-note">{t('buffers.overflowPast', { n: r.overflowCount, t: fmtSec(r.lastOverflow.t) })}</div>
      )}
      {r.ackOffset !== null && <div className="rs-buf-meta">{t('buffers.ack', { offset: r.ackOffset, lag: r.lagS ?? 0 })}</div>}
    </li>
  );
}

export function BufferGauges({ master, views, frames, cursorMs, trace, t }: BufferGaugesProps) {
  const ids = useId();
  const rows = useMemo(() => gaugeRows(master, views, frames, cursorMs, trace), [master, views, frames, cursorMs, trace]);
  const lim = master.replicaBufferLimits;
  const hardApplied = master.replicaHardLimitBytes;
  const scale = gaugeScale(lim, rows, hardApplied);
  // 7.0's shared replication buffer: a replica's output buffer is the blocks it references.
  const shared = master.backlog?.mode === 'shared';
  return (
    <section className="rs-buf" aria-labelledby={`${ids}-h`} data-testid="buffer-gauges">
      <h3 id={`${ids}-h`}>{t('buffers.title')}</h3>
      <p>
        {t(shared ? 'buffers.captionShared' : 'buffers.caption', { master: master.name })}{' '}
        <code>{t('buffers.limits', { hard: confBytes(lim.hardBytes), soft: confBytes(lim.softBytes), secs: lim.softSeconds })}</code>
      </p>
      <ul className="rs-buf-legend">
        <li><span className="rs-buf-sw" data-k="buffer" />{t('buffers.outputBuffer')}</li>
        {shared && <li><span className="rs-buf-sw" data-k="unsent" />{t('buffers.legendUnsent')}</li>}
        <li><span className="rs-buf-sw" data-k="link" />{t('buffers.legendLink', { master: master.name })}</li>
        <li><span className="rs-buf-sw" data-k="soft" />{lim.softBytes > 0 ? t('buffers.legendSoft', { bytes: humanBytes(lim.softBytes), secs: lim.softSeconds }) : t('buffers.noLimit')}</li>
        <li><span className="rs-buf-sw" data-k="hard" />{lim.hardBytes === 0 ? t('buffers.noLimit')
          : hardApplied !== lim.hardBytes ? t('buffers.legendHardRaised', { bytes: humanBytes(hardApplied), set: humanBytes(lim.hardBytes) })
            : t('buffers.legendHard', { bytes: humanBytes(lim.hardBytes) })}</li>
      </ul>
      {rows.length === 0 ? (
        <p data-testid="buffer-empty">{t('buffers.noReplicas', { master: master.name })}</p>
      ) : (
        <>
          <div className="rs-buf-g" aria-hidden="true">
            <span />
            <div className="rs-buf-axis">
              <span>0</span>
              {scale.ticks.filter((v) => scale.pos(v) < 0.82).map((v, i) => <span key={v} data-minor={i % 2 === 0 ? '' : undefined} style={{ left: pct(scale, v) }}>{humanBytes(v)}</span>)}
              <span style={{ left: '100%' }}>{humanBytes(scale.max)}</span>
            </div>
            <span />
          </div>
          <ul className="rs-buf-list">
            {rows.map((r) => <Replica key={r.addr} r={r} scale={scale} master={master} shared={shared} t={t} />)}
          </ul>
          <p>{t('buffers.scale', { max: humanBytes(scale.max) })}</p>
        </>
      )}
    </section>
  );
}
