// Offsets and lag over simulated time: master_repl_offset and each replica's slave_repl_offset,
// and each replica's lag in bytes, as small step charts with the cursor as a vertical line.
// Clicking a chart (or its arrow keys) seeks; a table beside gives the values at the cursor.

import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { max } from 'd3-array';
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';

/** The parts of d3 this chart uses, each from its own module. */
const d3 = { max, format, scaleLinear, curveStepAfter, line };
import type { NodeView } from '../../runtime/protocol.ts';
import { decimate, type Charts, type Series, type SeriesPoint } from './series.ts';
import './console-style.css';
import type { Translate } from './RedisConsole.tsx';
import { addPanelWords } from '../i18n/panels.ts';
import * as infoChartWords from '../i18n/info-charts.ts';

// This tab's words come with it, not with the page.
addPanelWords(infoChartWords);

export interface OffsetChartProps {
  /** Offsets and lags over time (the store's charts, built from the trace). */
  readonly charts: Charts;
  /** The nodes at the cursor, and those not running then: the tables' values. */
  readonly views: readonly NodeView[];
  readonly down: readonly string[];
  readonly cursorMs: number;
  onSeek(ms: number): void;
  readonly t: Translate;
}

const HEIGHT = 132;
const M = { top: 10, right: 64, bottom: 22, left: 52 };
const REPLICA_COLOURS = ['var(--ok-sky)', 'var(--ok-green)', 'var(--ok-blue)', 'var(--ok-purple)', 'var(--ok-vermillion)'];
const REPLICA_DASHES = ['7 4', '2 3', '10 3 2 3', '4 2', '1 3'];

/** A node's line style: masters solid in the master colour, replicas dashed, each its own. */
function styleFor(node: string, order: readonly string[], masters: ReadonlySet<string>): { colour: string; dash: string } {
  if (masters.has(node)) return { colour: 'var(--role-master)', dash: '' };
  const i = Math.max(0, order.filter((n) => !masters.has(n)).indexOf(node));
  return { colour: REPLICA_COLOURS[i % REPLICA_COLOURS.length], dash: REPLICA_DASHES[i % REPLICA_DASHES.length] };
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
/** The port of a replica as its master names it ("127.0.0.1:6380"). */
const portOf = (addr: string) => Number(addr.slice(addr.lastIndexOf(':') + 1));
const bytes = d3.format(',');

export function OffsetChart({ charts, views, down, cursorMs, onSeek, t }: OffsetChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(560);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const order = charts.offsets.map((s) => s.node);
  const masters = new Set(charts.offsets.filter((s) => s.role === 'master').map((s) => s.node));
  const style = (node: string) => styleFor(node, order, masters);
  const lagOf = (view: NodeView, r: NodeView['replicas'][number]) =>
    r.state === 'online' ? bytes(view.masterReplOffset - r.ackOffset) : t('console.offsets.gap');

  return (
    <section className="oc" ref={box} data-testid="offset-chart">
      {charts.domain === null ? (
        <p className="rc-muted">{t('console.offsets.none')}</p>
      ) : (
        <>
          <LineChart title={t('console.offsets.title')} series={charts.offsets} domain={charts.domain} width={width} cursorMs={cursorMs} onSeek={onSeek} style={style} t={t} />
          {charts.lags.length > 0 ? (
            <LineChart title={t('console.offsets.lagTitle')} series={charts.lags} domain={charts.domain} width={width} cursorMs={cursorMs} onSeek={onSeek} style={style} t={t} />
          ) : (
            <p className="rc-muted">{t('console.offsets.noLinks')}</p>
          )}
        </>
      )}
      {views.length > 0 && (
        <div className="oc-tables">
          <table className="oc-table" data-testid="offset-table">
            <caption>{t('console.offsets.at', { t: seconds(cursorMs) })}</caption>
            <thead>
              <tr><th scope="col">{t('console.offsets.node')}</th><th scope="col">{t('console.offsets.role')}</th><th scope="col">{t('console.offsets.field')}</th><th scope="col">{t('console.offsets.offset')}</th></tr>
            </thead>
            <tbody>
              {views.map((v) => {
                const isDown = down.includes(v.name);
                const off = isDown ? null : v.role === 'master' ? v.masterReplOffset : v.slaveReplOffset;
                return (
                  <tr key={v.name}>
                    <th scope="row"><Swatch {...style(v.name)} /> {v.name}</th>
                    <td>{t(`console.role.${v.role}`)}{isDown ? ` (${t('console.down')})` : ''}</td>
                    <td className="mono">{v.role === 'master' ? 'master_repl_offset' : 'slave_repl_offset'}</td>
                    <td className="mono num">{off === null ? t('console.offsets.gap') : bytes(off)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {views.some((v) => v.replicas.length > 0 && !down.includes(v.name)) && (
            <table className="oc-table" data-testid="lag-table">
              <thead>
                <tr><th scope="col">{t('console.offsets.link')}</th><th scope="col">{t('console.offsets.state')}</th><th scope="col">{t('console.offsets.lagBytes')}</th><th scope="col">{t('console.offsets.lagS')}</th></tr>
              </thead>
              <tbody>
                {views.filter((v) => !down.includes(v.name)).flatMap((v) => v.replicas.map((r) => {
                  const to = views.find((x) => x.port === portOf(r.name))?.name ?? r.name;
                  return (
                    <tr key={`${v.name}→${r.name}`}>
                      <th scope="row"><Swatch {...style(to)} /> {v.name}→{to}</th>
                      <td className="mono">{r.state}</td>
                      <td className="mono num">{lagOf(v, r)}</td>
                      <td className="mono num">{r.lagS}</td>
                    </tr>
                  );
                }))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

function Swatch({ colour, dash }: { colour: string; dash: string }) {
  return (
    <svg className="oc-swatch" width="22" height="8" aria-hidden="true">
      <line x1="1" x2="21" y1="4" y2="4" style={{ stroke: colour, strokeDasharray: dash }} />
    </svg>
  );
}

interface LineChartProps {
  readonly title: string;
  readonly series: readonly Series[];
  readonly domain: readonly [number, number];
  readonly width: number;
  readonly cursorMs: number;
  onSeek(ms: number): void;
  style(node: string): { colour: string; dash: string };
  readonly t: Translate;
}

/** Where the end labels go: at their line's last value, pushed apart so none overlap. */
function dodge(ys: readonly number[], gap: number): number[] {
  const idx = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = [...ys];
  let prev = -Infinity;
  for (const { y, i } of idx) {
    out[i] = Math.max(y, prev + gap);
    prev = out[i];
  }
  return out;
}

const lastDefined = (pts: readonly SeriesPoint[]) => {
  for (let i = pts.length - 1; i >= 0; i--) if (pts[i].v !== null) return pts[i];
  return null;
};

function LineChart({ title, series, domain, width, cursorMs, onSeek, style, t }: LineChartProps) {
  const drawn = useMemo(() => series.map((s) => decimate(s.points)), [series]);
  const innerW = Math.max(40, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const [t0, t1] = domain[1] > domain[0] ? domain : [domain[0], domain[0] + 1];
  const x = d3.scaleLinear().domain([t0, t1]).range([0, innerW]);
  const yMax = d3.max(series, (s) => d3.max(s.points, (p) => p.v ?? 0)) ?? 0;
  const y = d3.scaleLinear().domain([0, Math.max(1, yMax)]).nice().range([innerH, 0]);
  const line = d3.line<SeriesPoint>().defined((p) => p.v !== null).x((p) => x(p.t)).y((p) => y(p.v ?? 0)).curve(d3.curveStepAfter);
  const ends = series.map((s) => lastDefined(s.points));
  const labelYs = dodge(ends.map((p) => (p ? y(p.v ?? 0) : innerH)), 11);
  const cursorIn = cursorMs >= t0 && cursorMs <= t1;
  const seek = (ms: number) => onSeek(Math.round(Math.min(t1, Math.max(t0, ms))));
  const step = Math.max(1, (t1 - t0) / 100);

  const values = series.map((s) => {
    let v: number | null = null;
    for (const p of s.points) if (p.t <= cursorMs) v = p.v;
    return t('console.offsets.descValue', { id: s.field === 'lag' ? s.id : `${s.node} ${s.field}`, v: v === null ? t('console.offsets.gap') : bytes(v) });
  });
  const desc = t('console.offsets.desc', { title, n: series.length, from: seconds(t0), to: seconds(t1), values: values.join('; ') });

  const onPointer = (e: PointerEvent<HTMLDivElement>) => {
    if (e.type === 'pointermove' && e.buttons !== 1) return;
    const r = e.currentTarget.getBoundingClientRect();
    seek(x.invert(e.clientX - r.left));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const k = e.key;
    const to =
      k === 'ArrowRight' || k === 'ArrowUp' ? cursorMs + step
      : k === 'ArrowLeft' || k === 'ArrowDown' ? cursorMs - step
      : k === 'PageUp' ? cursorMs + step * 10
      : k === 'PageDown' ? cursorMs - step * 10
      : k === 'Home' ? t0
      : k === 'End' ? t1
      : null;
    if (to === null) return;
    e.preventDefault();
    seek(to);
  };

  return (
    <figure className="oc-chart">
      <figcaption className="oc-title">{title}</figcaption>
      <div className="oc-plot" style={{ height: HEIGHT }}>
        <svg width={width} height={HEIGHT} role="img" aria-label={desc}>
          <g transform={`translate(${M.left},${M.top})`}>
            {y.ticks(3).map((v) => (
              <g key={v} transform={`translate(0,${y(v)})`} className="oc-grid">
                <line x2={innerW} />
                <text x={-6} dy="0.32em" textAnchor="end">{d3.format('~s')(v)}</text>
              </g>
            ))}
            {x.ticks(Math.max(2, Math.floor(innerW / 90))).map((v) => (
              <text key={v} className="oc-tick" x={x(v)} y={innerH + 15} textAnchor="middle">{d3.format('~g')(v / 1000)}</text>
            ))}
            <text className="oc-tick" x={innerW + 4} y={innerH + 15}>s</text>
            {series.map((s, i) => {
              const st = style(s.node);
              return <path key={s.id} d={line(drawn[i]) ?? ''} className="oc-line" style={{ stroke: st.colour, strokeDasharray: st.dash }} />;
            })}
            {series.map((s, i) => (ends[i] ? (
              <text key={s.id} className="oc-end" x={innerW + 4} y={labelYs[i]} dy="0.32em" style={{ fill: style(s.node).colour }}>{s.id}</text>
            ) : null))}
            {cursorIn && <line className="oc-cursor" x1={x(cursorMs)} x2={x(cursorMs)} y1={-M.top} y2={innerH} />}
          </g>
        </svg>
        <div
          className="oc-seek"
          style={{ left: M.left, width: innerW, top: 0, height: HEIGHT - M.bottom }}
          role="slider"
          tabIndex={0}
          aria-label={t('console.offsets.seek', { title })}
          aria-valuemin={t0}
          aria-valuemax={t1}
          aria-valuenow={Math.round(cursorMs)}
          aria-valuetext={`t = ${seconds(cursorMs)} s`}
          onPointerDown={onPointer}
          onPointerMove={onPointer}
          onKeyDown={onKey}
        />
      </div>
    </figure>
  );
}
