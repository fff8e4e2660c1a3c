// The PSYNC handshake of one replica as a sequence diagram drawn from the run: lifelines for the
// replica and its master, one arrow per message in time order, a section per (re)connection, the
// current row in step with the cursor; exportable as an SVG file and as plain text.

import { useEffect, useId, useMemo, useRef, useState, type Ref } from 'react';
import type { FrameList } from '../../runtime/frame-list.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import type { ListView } from '../../runtime/compact-log.ts';
import { buildHandshakes, diagramText, replicasWithHandshakes, type Translate } from './handshake.ts';
import { layoutDiagram, type DiagramLayout, type RowBox } from './handshake-layout.ts';
import { downloadSvg, useWidth } from './handshake-dom.ts';
import { REDUCED_MOTION, useMediaQuery } from '../use-media-query.ts';
import './handshake.css';

export interface HandshakeDiagramProps {
  /** The replica to draw (node name); null: the first replica that opened a handshake. */
  readonly replica: string | null;
  readonly frames: FrameList;
  readonly trace: ListView<TraceEntry>;
  /** The cursor: ms since the run began. */
  readonly cursorMs: number;
  readonly t: Translate;
  /** Called when the user picks another replica; without it the choice stays inside the panel. */
  readonly onSelectReplica?: (name: string) => void;
}


interface KindStyle { color: string; width: number; dash?: string }
const KIND: Record<RowBox['kind'], KindStyle> = {
  handshake: { color: 'var(--frame-handshake)', width: 2 },
  rdb: { color: 'var(--frame-rdb)', width: 6 },
  stream: { color: 'var(--frame-stream)', width: 2 },
  ack: { color: 'var(--frame-ack)', width: 2, dash: '7 4' },
  keepalive: { color: 'var(--frame-keepalive)', width: 1.5, dash: '2 3' },
  fin: { color: 'var(--muted)', width: 1.5, dash: '8 3 2 3' },
  reply: { color: 'var(--muted)', width: 1.5 },
  sentinel: { color: 'var(--muted)', width: 1.5, dash: '4 2' },
};

const MONO = { fontFamily: 'var(--font-mono)', fontVariantNumeric: 'tabular-nums' } as const;

function Row({ box, lay, reduced }: { box: RowBox; lay: DiagramLayout; reduced: boolean }) {
  const k = KIND[box.kind];
  const [x1, x2] = box.dir === 'toMaster' ? [lay.xReplica, lay.xMaster] : [lay.xMaster, lay.xReplica];
  const p = box.at.state === 'future' ? 1 : box.at.progress;
  const travel = reduced ? 1 : p;
  const tip = Math.round((x1 + (x2 - x1) * travel) * 10) / 10;
  const ay = box.y + 24;
  const sgn = x2 > x1 ? 1 : -1;
  const head = Math.max(6, k.width + 4);
  const opacity = box.at.state === 'future' ? 0.35 : reduced && box.at.state === 'inflight' ? 0.3 + 0.7 * p : 1;
  const mid = (lay.xReplica + lay.xMaster) / 2;
  return (
    <g opacity={opacity} data-row={box.key} data-state={box.at.state} data-current={box.current || undefined}>
      <title>{`${box.time} ${box.fullLabel} — ${box.at.detail}`}</title>
      {box.current && (
        <rect x={2} y={box.y + 1} width={lay.width - 4} height={lay.rowH - 2} rx={4}
          style={{ fill: 'var(--accent)', fillOpacity: 0.14, stroke: 'var(--accent)', strokeWidth: 1.5 }} />
      )}
      <text x={6} y={box.y + 28} style={{ ...MONO, fontSize: lay.timeFont, fill: box.current ? 'var(--fg)' : 'var(--muted)', fontWeight: box.current ? 700 : 400 }}>
        {box.current ? '▶ ' : ''}{box.time}
      </text>
      <text x={mid} y={box.y + 17} textAnchor="middle" style={{ ...MONO, fontSize: 12, fill: 'var(--fg)', fontWeight: box.current ? 700 : 400 }}>
        {box.label}
      </text>
      <line x1={x1} y1={ay} x2={tip - sgn * head} y2={ay}
        style={{ stroke: k.color, strokeWidth: k.width, strokeDasharray: k.dash, strokeLinecap: 'butt' }} />
      <path d={`M ${tip} ${ay} L ${tip - sgn * (head + 4)} ${ay - head / 2 - 2} L ${tip - sgn * (head + 4)} ${ay + head / 2 + 2} Z`} style={{ fill: k.color }} />
      <text x={mid} y={box.y + 40} textAnchor="middle" style={{ fontFamily: 'var(--font-ui)', fontSize: 11, fill: 'var(--muted)' }}>
        {box.detail}
      </text>
    </g>
  );
}

function Diagram({ lay, reduced, label, svgRef, t }: { lay: DiagramLayout; reduced: boolean; label: string; svgRef: Ref<SVGSVGElement>; t: Translate }) {
  return (
    <svg ref={svgRef} xmlns="http://www.w3.org/2000/svg" width={lay.width} height={lay.height} viewBox={`0 0 ${lay.width} ${lay.height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <rect x={0} y={0} width={lay.width} height={lay.height} style={{ fill: 'var(--panel)' }} />
      {lay.sections.map((s) => {
        const headY = s.y + 30;
        const lifeTop = headY + lay.headH - 4;
        return (
          <g key={s.key}>
            <text x={8} y={s.y + 18} style={{ fontFamily: 'var(--font-ui)', fontSize: 13, fontWeight: 700, fill: 'var(--fg)' }}>{s.heading}</text>
            <text x={8} y={s.y + 30} style={{ fontFamily: 'var(--font-ui)', fontSize: 10.5, fill: 'var(--muted)' }}>{s.started}</text>
            <line x1={lay.xReplica} y1={lifeTop} x2={lay.xReplica} y2={s.bottom}
              style={{ stroke: 'var(--role-replica)', strokeWidth: 1.5, strokeDasharray: '4 3' }} />
            <line x1={lay.xMaster} y1={lifeTop} x2={lay.xMaster} y2={s.bottom} style={{ stroke: 'var(--role-master)', strokeWidth: 1.5 }} />
            <circle cx={lay.xReplica - 20} cy={headY + 12} r={5} style={{ fill: 'var(--role-replica)' }} />
            <text x={lay.xReplica - 12} y={headY + 16} style={{ ...MONO, fontSize: 12, fontWeight: 700, fill: 'var(--fg)' }}>
              {s.replica}<tspan dx={6} style={{ fontFamily: 'var(--font-ui)', fontSize: 10.5, fontWeight: 400, fill: 'var(--muted)' }}>{t('handshake.lifeReplica')}</tspan>
            </text>
            <rect x={lay.width - 16} y={headY + 7} width={10} height={10} style={{ fill: 'var(--role-master)' }} />
            <text x={lay.width - 22} y={headY + 16} textAnchor="end" style={{ ...MONO, fontSize: 12, fontWeight: 700, fill: 'var(--fg)' }}>
              <tspan style={{ fontFamily: 'var(--font-ui)', fontSize: 10.5, fontWeight: 400, fill: 'var(--muted)' }}>{t('handshake.lifeMaster')}</tspan>
              <tspan dx={6}>{s.master}</tspan>
            </text>
            {s.rows.map((r) => <Row key={r.key} box={r} lay={lay} reduced={reduced} />)}
          </g>
        );
      })}
      <line x1={lay.timeW} y1={0} x2={lay.timeW} y2={lay.height} style={{ stroke: 'var(--line)', strokeWidth: 1 }} />
    </svg>
  );
}

export function HandshakeDiagram({ replica, frames, trace, cursorMs, t, onSelectReplica }: HandshakeDiagramProps) {
  const [own, setOwn] = useState<string | null>(null);
  const [showFuture, setShowFuture] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const ids = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef, 640);
  const reduced = useMediaQuery(REDUCED_MOTION);
  const candidates = useMemo(() => replicasWithHandshakes(frames), [frames]);
  const chosen = (onSelectReplica ? replica : own ?? replica) ?? candidates[0] ?? null;
  const sections = useMemo(() => (chosen ? buildHandshakes(chosen, frames, trace) : []), [chosen, frames, trace]);
  const lay = useMemo(() => layoutDiagram(sections, cursorMs, showFuture, width - 2, t), [sections, cursorMs, showFuture, width, t]);
  const text = useMemo(() => diagramText(sections, cursorMs, showFuture, t), [sections, cursorMs, showFuture, t]);
  const curY = lay.current?.y ?? null;

  // Keep the current row in view inside the diagram's own scroll box (never the page).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || curY === null) return;
    if (curY < el.scrollTop || curY + lay.rowH > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, curY - el.clientHeight / 2);
  }, [curY, lay.rowH]);

  const pick = (name: string) => (onSelectReplica ? onSelectReplica(name) : setOwn(name));
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(text), () => setCopied(null));
  };
  const label = t('handshake.svgLabel', {
    replica: chosen ?? '', sections: lay.sections.length, rows: lay.rowCount,
    current: lay.current ? `${lay.current.time} ${lay.current.fullLabel}` : t('handshake.noCurrent'),
  });

  return (
    <section className="rs-hs" aria-labelledby={`${ids}-h`} data-testid="handshake-diagram">
      <h3 id={`${ids}-h`}>{t('handshake.title')}</h3>
      <div className="rs-hs-bar">
        {candidates.length > 1 && (
          <label>
            {t('handshake.replica')}
            <select value={chosen ?? ''} onChange={(e) => pick(e.target.value)} data-testid="handshake-replica">
              {candidates.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
        )}
        <label>
          <input type="checkbox" checked={showFuture} onChange={(e) => setShowFuture(e.target.checked)} />
          {t('handshake.showFuture')}
        </label>
        <button type="button" disabled={lay.sections.length === 0} onClick={() => svgRef.current && downloadSvg(svgRef.current, `handshake-${chosen}.svg`)}>
          {t('handshake.exportSvg')}
        </button>
      </div>
      <div className="rs-hs-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={t('handshake.region', { replica: chosen ?? '' })}>
        {lay.sections.length > 0 && (
          <div className="rs-hs-sticky" aria-hidden="true">
            <span style={{ left: lay.xReplica - 26 }}><i style={{ background: 'var(--role-replica)', borderRadius: '50%' }} /><b>{chosen}</b> {t('handshake.lifeReplica')}</span>
            <span style={{ right: 6 }}>{t('handshake.lifeMaster')} <b>{lay.sections[lay.sections.length - 1].master}</b><i style={{ background: 'var(--role-master)' }} /></span>
          </div>
        )}
        {lay.sections.length === 0 ? (
          <p className="rs-hs-empty" style={{ padding: 8 }}>{chosen ? t('handshake.notYet', { replica: chosen }) : t('handshake.none')}</p>
        ) : (
          <Diagram lay={lay} reduced={reduced} label={label} svgRef={svgRef} t={t} />
        )}
      </div>
      <details className="rs-hs-text">
        <summary>{t('handshake.textVersion')}</summary>
        <pre tabIndex={0} data-testid="handshake-text" aria-label={t('handshake.textVersion')}>{text}</pre>
        <button type="button" onClick={copy}>{copied === text ? t('handshake.copied') : t('handshake.copy')}</button>
      </details>
    </section>
  );
}
