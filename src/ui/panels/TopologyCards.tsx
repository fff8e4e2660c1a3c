// The topology stage's cards and legend: a node's INFO-like fields, a frame's bytes, offsets and
// times, and the key to shapes, dash patterns and colours.

import { memo, type ReactNode } from 'react';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { DiskView } from '../../runtime/timeline.ts';
import { diskLines } from '../node-truth.ts';
import { progress, previewRepr, frameColour } from './frames.ts';
import type { NodeRole } from './topology-layout.ts';
import { LINK_DASH, LINK_STATES } from './topology-links.ts';
import { LINK_COLOUR, NodeShape, PILL_DASH, type T } from './TopologySvg.tsx';

/** INFO replication fields the card shows, in INFO's order (the inspector has the rest). */
const INFO_FIELDS = new Set([
  'role', 'master_host', 'master_link_status', 'slave_repl_offset', 'connected_slaves',
  'master_replid', 'master_replid2', 'master_repl_offset', 'second_repl_offset', 'repl_backlog_first_byte_offset', 'repl_backlog_histlen',
]);

/**
 * The node's INFO-like lines, as its Redis version prints them: the main INFO replication fields
 * (no replid before 4.0: up to 2.8 the history is named by INFO server's run_id, shown instead),
 * the sync counters INFO stats has from 2.8 on, keys.
 */
export function nodeInfoLines(v: NodeView): string[] {
  const out: string[] = [];
  if (v.version === '2.8') out.push(`run_id:${v.runId}`);
  for (const line of v.infoReplication.split('\r\n')) {
    const k = line.slice(0, line.indexOf(':'));
    // A replication ID of zeros and second_repl_offset:-1 say "no previous history": left out.
    if (line === 'master_replid2:0000000000000000000000000000000000000000' || line === 'second_repl_offset:-1') continue;
    if (INFO_FIELDS.has(k) || /^slave\d+$/.test(k)) out.push(line);
  }
  if (v.version !== '2.6') out.push(`sync_full:${v.syncFull}`, `sync_partial_ok:${v.syncPartialOk}`, `sync_partial_err:${v.syncPartialErr}`);
  out.push(`db0:keys=${v.keys}`);
  return out;
}

function Card({ title, sub, onClose, t, children, testId }: { title: ReactNode; sub?: ReactNode; onClose(): void; t: T; children: ReactNode; testId: string }) {
  return (
    <section className="topo-card" data-testid={testId} aria-label={typeof title === 'string' ? title : undefined}>
      <header className="topo-card-head">
        <h3>{title}</h3>
        {sub && <span className="topo-card-sub">{sub}</span>}
        <button type="button" className="topo-btn topo-close" onClick={onClose} aria-label={t('topology.card.close')}>×</button>
      </header>
      {children}
    </section>
  );
}

/**
 * A node's card on the stage. A node that is not running shows only that, and what is on its disk:
 * its last view in memory died with it.
 */
export function NodeCard({ view, role, down, disk, t, onClose, children }: {
  view: NodeView; role: NodeRole; down: boolean; disk?: DiskView; t: T; onClose(): void; children?: ReactNode;
}) {
  return (
    <Card testId="topo-node-card" title={t('topology.card.node', { name: view.name })} onClose={onClose} t={t}
      sub={down ? t('topology.node.notRunning') : t(role === 'sub' ? 'topology.role.subLong' : `topology.role.${role}`)}>
      {down ? (
        <>
          <p className="topo-card-note">{t('cards.down.what')}</p>
          <div className="topo-preview-head">{t('cards.disk')}</div>
          <pre className="topo-info" data-testid="topo-node-disk">{diskLines(disk, t).join('\n')}</pre>
        </>
      ) : <pre className="topo-info">{nodeInfoLines(view).join('\n')}</pre>}
      {children}
    </Card>
  );
}

function ms(x: number): string {
  return x.toFixed(3);
}

/** A frame's details. Times are shown since the run's start and relative to the cursor. */
export function FrameCard({ frame, cursorMs, t, onClose }: { frame: FrameRecord; cursorMs: number; t: T; onClose(): void }) {
  const when = (at: number) => {
    const rel = at - cursorMs;
    const relText = Math.abs(rel) < 0.0005 ? t('topology.frame.now') : rel < 0 ? t('topology.frame.ago', { ms: ms(-rel) }) : t('topology.frame.in', { ms: ms(rel) });
    return `${t('topology.frame.at', { t: (at / 1000).toFixed(6) })} · ${relText}`;
  };
  const p = progress(cursorMs, frame.sentAtMs, frame.arriveAtMs);
  const status = cursorMs < frame.sentAtMs ? t('topology.frame.status.future')
    : cursorMs >= frame.arriveAtMs ? t('topology.frame.status.arrived') : t('topology.frame.status.flight', { percent: Math.floor(p * 100) });
  const { fromOffset, toOffset } = frame.meta;
  return (
    <Card testId="topo-frame-card" t={t} onClose={onClose}
      title={<><span className="topo-swatch" style={{ background: frameColour(frame.kind) }} aria-hidden="true" />{frame.meta.label}</>}
      sub={t(`topology.kind.${frame.kind}`)}>
      <dl className="topo-dl">
        <dt>{t('topology.frame.route')}</dt><dd>{frame.from} → {frame.to}</dd>
        <dt>{t('topology.frame.conn')}</dt><dd className="mono">{frame.conn}</dd>
        <dt>{t('topology.frame.bytes')}</dt><dd className="mono">{t('topology.frame.bytesValue', { n: frame.bytes })}</dd>
        {fromOffset !== undefined && toOffset !== undefined && (<><dt>{t('topology.frame.offsets')}</dt><dd className="mono">{fromOffset}–{toOffset}</dd></>)}
        <dt>{t('topology.frame.sent')}</dt><dd className="mono">{when(frame.sentAtMs)}</dd>
        <dt>{t('topology.frame.arrives')}</dt><dd className="mono">{when(frame.arriveAtMs)}</dd>
        <dt />
        <dd>{status}</dd>
      </dl>
      <div className="topo-preview-head">{t('topology.frame.preview')}</div>
      <pre className="topo-preview" data-testid="topo-frame-bytes">{previewRepr(frame)}</pre>
    </Card>
  );
}

function Swatch({ children }: { children: ReactNode }) {
  return <svg width={34} height={22} viewBox="-17 -11 34 22" aria-hidden="true">{children}</svg>;
}

/** The key to the stage: role shapes, link dash patterns and colours, frame colours. */
export const Legend = memo(function Legend({ t, compact, sentinels = false }: { t: T; compact: boolean; sentinels?: boolean }) {
  const kinds = sentinels ? (['stream', 'handshake', 'ack', 'keepalive', 'sentinel'] as const) : (['stream', 'handshake', 'ack', 'keepalive'] as const);
  return (
    <details className="topo-legend" open={!compact}>
      <summary>{t('topology.legend')}</summary>
      <div className="topo-legend-body">
        <div role="group" aria-label={t('topology.legend.roles')}>
          {(sentinels ? (['master', 'replica', 'sub', 'sentinel'] as const) : (['master', 'replica', 'sub'] as const)).map((r) => (
            <span key={r} className="topo-legend-item">
              <Swatch><g transform="scale(0.33)"><NodeShape role={r} r={24} down={false} crown={0} /></g></Swatch>{t(`topology.role.${r}`)}
            </span>
          ))}
        </div>
        <div role="group" aria-label={t('topology.legend.links')}>
          {LINK_STATES.map((s) => (
            <span key={s} className="topo-legend-item">
              <Swatch>
                {s === 'sync' && <line x1={-15} x2={15} stroke="var(--link-sync)" strokeOpacity={0.25} strokeWidth={9} />}
                <line x1={-15} x2={15} stroke={LINK_COLOUR[s]} strokeWidth={2.5} strokeDasharray={LINK_DASH[s] || undefined} strokeLinecap={s === 'down' || s === 'cut' ? 'round' : 'butt'} />
              </Swatch>
              {t(`topology.link.${s}`)}
            </span>
          ))}
        </div>
        <div role="group" aria-label={t('topology.legend.frames')}>
          {kinds.map((k) => (
            <span key={k} className="topo-legend-item">
              <Swatch><rect x={-14} y={-6} width={28} height={12} rx={6} fill={frameColour(k)} fillOpacity={0.25} stroke={frameColour(k)} strokeWidth={2} strokeDasharray={PILL_DASH[k]} /></Swatch>
              {t(`topology.kind.${k}`)}
            </span>
          ))}
          <span className="topo-legend-item">
            <Swatch><line x1={-15} x2={15} stroke="var(--frame-rdb)" strokeOpacity={0.3} strokeWidth={9} /><line x1={-15} x2={3} stroke="var(--frame-rdb)" strokeWidth={9} /></Swatch>
            {t('topology.kind.rdb')}
          </span>
        </div>
      </div>
    </details>
  );
});
