// The backlog ring: the master's replication backlog drawn as a circular buffer (write head, first
// byte held, histlen, wrap-around), readable byte by byte, with the latest PSYNC projected on it.

import { useId, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { arc } from 'd3-shape';
import type { FrameList } from '../../runtime/frame-list.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import { nodeName, verdictReason } from '../moment-text.ts';
import {
  continueBytes, isHeld, latestPsync, offsetPos, pointToPos, posAngle, posToOffset, psyncVerdict, ringGeometry, verdictKey,
  type PsyncAnswer, type RingGeometry,
} from './ring.ts';
import { BacklogMath } from './BacklogMath.tsx';
import { byteGlyph, commandLabel, offsetRange, pieceAt, streamPiecesGrowing, type StreamPiece, type Translate } from './stream.ts';
import { addPanelWords } from '../i18n/panels.ts';
import * as backlogRingWords from '../i18n/backlog-ring.ts';
import './backlog-ring.css';

addPanelWords(backlogRingWords);


const R1 = 118; // outer radius of the band
const R0 = 88; // inner radius
const VIEW = 172;
const MIN_ARC = 0.05; // radians

const band = (r0: number, r1: number, a0: number, a1: number) =>
  arc()({ innerRadius: r0, outerRadius: r1, startAngle: a0, endAngle: a1 }) ?? '';
const polar = (r: number, a: number): [number, number] => [r * Math.sin(a), -r * Math.cos(a)];
const spanAngle = (g: RingGeometry, n: number) => (Math.min(n, g.total) / g.total) * 2 * Math.PI;

type Sel = { readonly offset: number } | { readonly pos: number };

const NO_NAMES: ReadonlyMap<number, string> = new Map();

export interface BacklogRingProps {
  /** The master's view at the cursor. */
  readonly view: NodeView;
  /** Frames so far (the stream frames' previews are the readable bytes). */
  readonly frames: FrameList;
  /** PSYNC answers up to the cursor (psyncAnswers). */
  readonly psync: readonly PsyncAnswer[];
  /** The cursor: ms since the run began. */
  readonly cursorMs: number;
  /** Node name by port, to name the replica that asked. */
  readonly nameOfPort?: ReadonlyMap<number, string>;
  readonly t: Translate;
}

/** What the selected slot or offset holds, in words and bytes. */
function ByteReadout({ g, sel, pieces, t }: { g: RingGeometry; sel: Sel | null; pieces: readonly StreamPiece[]; t: Translate }) {
  if (!sel) return <p className="rs-muted">{t('stream.ring.pickHint')}</p>;
  const o = 'offset' in sel ? sel.offset : posToOffset(g, sel.pos);
  if (o === null) return <p>{t('stream.ring.emptySlot', { pos: 'pos' in sel ? sel.pos : 0 })}</p>;
  if (!isHeld(g, o)) return <p>{t('stream.ring.notHeld', { offset: o })}</p>;
  const hit = pieceAt(pieces, o);
  const head = <b className="mono">{t('stream.ring.byteAt', { offset: o })}</b>;
  if (!hit) return <p>{head} {t('stream.ring.byteUnknown', { offset: o })}</p>;
  const { piece: p, known } = hit;
  const cmd = commandLabel(p.argv) || t('stream.lane.unrecorded');
  if (!known) return <p>{head} {t('stream.ring.byteBeyond', { cmd, range: offsetRange(p) })}</p>;
  const k = o - p.from;
  const ch = p.bytes[k];
  const glyph = byteGlyph(ch).text;
  return (
    <>
      <p>{head} <span className="mono rs-byte">{glyph}</span>{' '}
        {t('stream.ring.byteKnown', { hex: ch.charCodeAt(0).toString(16).padStart(2, '0'), index: k + 1, len: p.to - p.from, cmd, range: offsetRange(p) })}</p>
      <p className="mono rs-ring-bytes">
        <span>{[...p.bytes.slice(0, k)].map((c) => byteGlyph(c).text).join('')}</span>
        <mark>{glyph}</mark>
        <span>{[...p.bytes.slice(k + 1)].map((c) => byteGlyph(c).text).join('')}</span>
      </p>
    </>
  );
}

/** The ring's description for screen readers: mode, size, range held, write head, the latest PSYNC. */
function ringAria(node: string, g: RingGeometry, extra: number, ps: PsyncAnswer | null, verdict: ReturnType<typeof psyncVerdict> | null, t: Translate): string {
  const last = g.first + g.histlen - 1;
  const modeName = t(g.mode === 'ring' ? 'stream.ring.modeRing' : 'stream.ring.modeShared');
  return t('stream.ring.aria', { node, mode: modeName, size: g.sizeBytes, first: g.first, last, histlen: g.histlen, head: g.head })
    + (g.mode === 'ring' ? ' ' + headText(g, t) : '')
    + (g.wraps ? ' ' + t('stream.ring.wraps') : '')
    + (extra > 0 ? ' ' + t('stream.ring.extra', { n: extra }) : '')
    + (ps ? ` PSYNC ${ps.offset}: ${ps.answer === 'continue' ? '+CONTINUE' : '+FULLRESYNC'} — ${verdictReason(ps.verdict, ps.offset, t)}` : '')
    + (ps && verdict ? ' ' + t(verdictKey(ps), { offset: ps.offset, first: ps.backlogFirstByte, last: ps.backlogFirstByte + ps.backlogHistlen - 1, n: continueBytes(ps) }) : '');
}

/** Where the ring's write head is, worked out (idx is master_repl_offset mod size only for a backlog created at offset 0). */
function headText(g: RingGeometry, t: Translate): string {
  return g.headPos === g.head % g.total ? t('stream.ring.headAt', { offset: g.head, size: g.total, pos: g.headPos }) : t('stream.ring.headIdx', { pos: g.headPos });
}

interface RingSvgProps {
  readonly g: RingGeometry;
  /** Bytes held beyond repl-backlog-size (shared buffer), drawn hatched. */
  readonly extra: number;
  /** The current PSYNC answer and where its offset fell, if any. */
  readonly ps: PsyncAnswer | null;
  readonly verdict: ReturnType<typeof psyncVerdict> | null;
  /** The slot shown selected (or under the pointer). */
  readonly selPos: number | null;
  readonly aria: string;
  readonly hatch: string;
  readonly t: Translate;
}

/** The ring itself: the band, the held arc (hatched beyond the configured size), first byte, write head, PSYNC marker, selection. */
function RingSvg({ g, extra, ps, verdict, selPos, aria, hatch, t }: RingSvgProps) {
  // Held bytes: in the shared buffer the part older than repl-backlog-size is hatched (kept only
  // until its whole block is trimmed).
  const a0 = posAngle(g, g.firstPos);
  // A few hundred bytes of a 1 MB backlog would be invisible: the held arc is never thinner than MIN_ARC.
  const heldPath = band(R0, R1, a0 + spanAngle(g, extra), a0 + Math.max(spanAngle(g, g.histlen), MIN_ARC));
  const extraPath = extra > 0 ? band(R0, R1, a0, a0 + spanAngle(g, extra)) : null;
  const headA = posAngle(g, g.headPos);
  const firstA = a0;
  const cfgA = g.configuredFromPos === null ? null : posAngle(g, g.configuredFromPos);

  const marker = ps && verdict ? (() => {
    const { pos } = offsetPos(g, ps.offset);
    const a = posAngle(g, pos);
    const [x, y] = polar(verdict === 'inside' ? (R0 + R1) / 2 : R1 + 22, a);
    return { a, x, y };
  })() : null;

  return (
    <svg viewBox={`${-VIEW} ${-VIEW} ${2 * VIEW} ${2 * VIEW}`} role="img" aria-label={aria} data-testid="ring-svg">
      <defs>
        <pattern id={hatch} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="var(--panel)" /><rect width="3" height="6" fill="var(--frame-stream)" />
        </pattern>
      </defs>
      <path d={band(R0, R1, 0, 2 * Math.PI)} fill="var(--panel-2)" stroke="var(--line)" />
      {g.histlen > 0 ? <path d={heldPath} fill="var(--frame-stream)" fillOpacity={0.85} data-testid="held-arc" data-from-pos={g.firstPos} data-span={g.histlen} /> : null}
      {extraPath ? <path d={extraPath} fill={`url(#${hatch})`} stroke="var(--frame-stream)" data-testid="extra-arc" /> : null}
      {/* where the buffer's end meets its start */}
      <line x1={0} y1={-R0 + 2} x2={0} y2={-R1 - 4} stroke="var(--fg)" strokeDasharray="3 2" />
      <text x={0} y={-R0 + 14} textAnchor="middle" className="rs-svg-small">{g.mode === 'ring' ? `0 | ${g.total}` : '0'}</text>
      {cfgA !== null ? (
        <g data-testid="configured-size">
          <path d={band(R1 + 4, R1 + 7, cfgA, cfgA + spanAngle(g, g.sizeBytes))} fill="var(--fg)" />
          <line x1={polar(R0 - 6, cfgA)[0]} y1={polar(R0 - 6, cfgA)[1]} x2={polar(R1 + 10, cfgA)[0]} y2={polar(R1 + 10, cfgA)[1]} stroke="var(--fg)" strokeWidth={2} />
        </g>
      ) : null}
      <line x1={polar(R0 - 8, firstA)[0]} y1={polar(R0 - 8, firstA)[1]} x2={polar(R1, firstA)[0]} y2={polar(R1, firstA)[1]} stroke="var(--ok-green)" strokeWidth={3} />
      <rect x={polar(R0 - 12, firstA)[0] - 4} y={polar(R0 - 12, firstA)[1] - 4} width={8} height={8} fill="var(--ok-green)" />
      <g data-testid="write-head" data-pos={g.headPos} transform={`rotate(${(headA * 180) / Math.PI})`}>
        <line x1={0} y1={-R0} x2={0} y2={-R1 - 2} stroke="var(--role-master)" strokeWidth={3} />
        <path d={`M0 ${-R1 - 2} l-8 -13 h16 z`} fill="var(--role-master)" stroke="var(--fg)" strokeWidth={1} />
      </g>
      {ps && verdict === 'inside' && marker ? (
        <path d={band(R1 + 11, R1 + 16, marker.a, marker.a + Math.max(spanAngle(g, continueBytes(ps)), 0.02))} fill="var(--good)" />
      ) : null}
      {marker && verdict ? (
        <g data-testid="psync-marker" data-verdict={verdict} data-offset={ps!.offset} transform={`translate(${marker.x} ${marker.y})`}>
          {verdict === 'inside' ? <circle r={8} fill="var(--good)" stroke="var(--panel)" strokeWidth={2} /> : null}
          {verdict === 'outside' ? <path d="M-7 -7 L7 7 M7 -7 L-7 7" stroke="var(--bad)" strokeWidth={4} strokeLinecap="round" /> : null}
          {verdict === 'notApplicable' ? <><circle r={9} fill="none" stroke="var(--muted)" strokeWidth={2} strokeDasharray="3 3" /><text y={4} textAnchor="middle" className="rs-svg-small">?</text></> : null}
        </g>
      ) : null}
      {selPos !== null ? <RingSelection g={g} pos={selPos} /> : null}
      <text y={-6} textAnchor="middle" className="rs-svg-big">{g.histlen} B</text>
      <text y={14} textAnchor="middle" className="rs-svg-small">{t('stream.ring.ofSize', { size: g.sizeBytes })}</text>
    </svg>
  );
}

/** The selected slot: a tick across the band. */
function RingSelection({ g, pos }: { g: RingGeometry; pos: number }) {
  const [x1, y1] = polar(R0 - 4, posAngle(g, pos + 0.5));
  const [x2, y2] = polar(R1 + 4, posAngle(g, pos + 0.5));
  return (
    <g data-testid="ring-selection">
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="var(--panel)" strokeWidth={8} strokeLinecap="round" />
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="var(--fg)" strokeWidth={3} strokeLinecap="round" />
      <circle cx={x1} cy={y1} r={4} fill="var(--fg)" />
    </g>
  );
}

interface RingSliderProps {
  readonly g: RingGeometry;
  readonly pieces: readonly StreamPiece[];
  /** The offset shown selected (or under the pointer). */
  readonly selOffset: number | null;
  setSel(s: Sel): void;
  setHover(s: Sel | null): void;
  readonly t: Translate;
}

/** The ring as a slider over the drawing: click or tap a slot, or move by byte, command or step with the keys. */
function RingSlider({ g, pieces, selOffset, setSel, setHover, t }: RingSliderProps) {
  const last = g.first + g.histlen - 1;
  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    if (g.histlen === 0) return;
    const cur = selOffset ?? g.head;
    const at = pieceAt(pieces, cur);
    const step = Math.max(1, Math.round(g.total / 32));
    const next = ({
      ArrowRight: cur + 1, ArrowLeft: cur - 1,
      ArrowUp: at ? at.piece.to : cur + step, ArrowDown: at ? (cur > at.piece.from ? at.piece.from : (pieceAt(pieces, cur - 1)?.piece.from ?? cur - step)) : cur - step,
      PageUp: cur + step, PageDown: cur - step, Home: g.first, End: last, Enter: cur, ' ': cur,
    } as Record<string, number>)[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setHover(null);
    setSel({ offset: Math.max(g.first, Math.min(last, next)) });
  };
  const fromPointer = (e: MouseEvent<HTMLDivElement>): Sel => {
    const r = e.currentTarget.getBoundingClientRect();
    return { pos: pointToPos(g, e.clientX - r.left - r.width / 2, e.clientY - r.top - r.height / 2) };
  };
  return (
    <div
      className="rs-ring-hit" role="slider" tabIndex={0} aria-label={t('stream.ring.slider')}
      aria-valuemin={g.first} aria-valuemax={Math.max(g.first, last)} aria-valuenow={selOffset ?? g.head}
      aria-valuetext={selOffset !== null ? t('stream.ring.sliderText', { offset: selOffset }) : t('stream.ring.pickHint')}
      onKeyDown={move} onPointerMove={(e) => e.pointerType === 'mouse' && setHover(fromPointer(e))}
      onPointerLeave={() => setHover(null)} onClick={(e) => setSel(fromPointer(e))}
    />
  );
}

/** Beside the ring: the INFO fields with their keys, where the write head is, the latest PSYNC, the selected byte. */
function RingSide({ g, extra, latest, cursorMs, nameOfPort, shown, pieces, t }: {
  g: RingGeometry; extra: number; latest: ReturnType<typeof latestPsync>; cursorMs: number; nameOfPort: ReadonlyMap<number, string>;
  shown: Sel | null; pieces: readonly StreamPiece[]; t: Translate;
}) {
  return (
    <div className="rs-ring-side">
      <dl className="rs-facts">
        <dt>{g.mode === 'shared' ? <span className="rs-key rs-key-size" aria-hidden="true" /> : null}repl-backlog-size</dt><dd data-testid="fact-size">{g.sizeBytes}</dd>
        <dt><span className="rs-key rs-key-first" aria-hidden="true" />repl_backlog_first_byte_offset</dt><dd data-testid="fact-first">{g.first}</dd>
        <dt><span className="rs-key rs-key-held" aria-hidden="true" />repl_backlog_histlen</dt><dd data-testid="fact-histlen">{g.histlen}</dd>
        <dt><span className="rs-key rs-key-head" aria-hidden="true" />master_repl_offset</dt><dd data-testid="fact-head">{g.head}</dd>
      </dl>
      <p className="rs-note">
        {g.mode === 'ring' ? headText(g, t) : t('stream.ring.headShared', { n: g.histlen })}
        {g.wraps ? ` ${t('stream.ring.wraps')}` : ''}
        {extra > 0 ? <><br /><span className="rs-key rs-key-extra" aria-hidden="true" />{t('stream.ring.extra', { n: extra })}</> : null}
      </p>
      <PsyncBox latest={latest} cursorMs={cursorMs} nameOfPort={nameOfPort} t={t} />
      <div className="rs-readout" aria-live="polite" data-testid="ring-readout">
        <ByteReadout g={g} sel={shown} pieces={pieces} t={t} />
      </div>
    </div>
  );
}

export function BacklogRing({ view, frames, psync, cursorMs, nameOfPort = NO_NAMES, t }: BacklogRingProps) {
  const uid = useId().replace(/:/g, '');
  const [sel, setSel] = useState<Sel | null>(null);
  const [hover, setHover] = useState<Sel | null>(null);
  const pieces = useMemo(() => streamPiecesGrowing(frames, view.name, cursorMs, view.masterReplOffset), [frames, frames.length, view, cursorMs]);
  const b = view.backlog;
  if (!b) {
    return <section className="rs-ring"><p data-testid="ring-none">{view.version === '2.6' ? t('ring.none26', { node: view.name }) : t('stream.ring.none', { node: view.name })}</p></section>;
  }
  const g = ringGeometry(b, view.masterReplOffset);
  const latest = latestPsync(psync, view.name, cursorMs);
  const ps = latest?.current ? latest.answer : null;
  const verdict = ps ? psyncVerdict(ps) : null;
  const shown = hover ?? sel;
  const selOffset = shown ? ('offset' in shown ? shown.offset : posToOffset(g, shown.pos)) : null;
  const selPos = shown ? ('offset' in shown ? offsetPos(g, shown.offset).pos : shown.pos) : null;
  const extra = g.mode === 'shared' ? Math.max(0, g.histlen - g.sizeBytes) : 0;
  // "ring, 2.8" / "shared buffer blocks, 7.0": the form this version's backlog takes.
  const label = t(g.mode === 'ring' ? 'ring.label.ring' : 'ring.label.shared', { version: view.version });

  return (
    <section className="rs-ring" aria-labelledby={`rs-ring-title-${uid}`} data-testid="backlog-ring" data-mode={g.mode}>
      <h3 id={`rs-ring-title-${uid}`} data-testid="ring-title">{t('stream.ring.title', { node: view.name })} <span className="rs-muted">({label})</span></h3>
      <div className="rs-ring-body">
        <div className="rs-ring-fig">
          <RingSvg g={g} extra={extra} ps={ps} verdict={verdict} selPos={selPos} aria={ringAria(view.name, g, extra, ps, verdict, t)} hatch={`rs-hatch-${uid}`} t={t} />
          <RingSlider g={g} pieces={pieces} selOffset={selOffset} setSel={setSel} setHover={setHover} t={t} />
        </div>
        <RingSide g={g} extra={extra} latest={latest} cursorMs={cursorMs} nameOfPort={nameOfPort} shown={shown} pieces={pieces} t={t} />
      </div>
      <BacklogMath view={view} g={g} nameOfPort={nameOfPort} t={t} />
      <p className="rs-caption">{t(g.mode === 'ring' ? 'stream.ring.captionRing' : 'stream.ring.captionShared')}</p>
    </section>
  );
}

/** The latest PSYNC answer: the request, the decision and why, and where the offset fell. */
function PsyncBox({ latest, cursorMs, nameOfPort, t }: { latest: ReturnType<typeof latestPsync>; cursorMs: number; nameOfPort: ReadonlyMap<number, string>; t: Translate }) {
  if (!latest) return <div className="rs-psync rs-muted" data-testid="psync-box">{t('stream.ring.noPsync')}</div>;
  const { answer: a, current } = latest;
  const v = psyncVerdict(a);
  const age = ((cursorMs - a.t) / 1000).toFixed(1);
  const glyph = v === 'inside' ? '●' : v === 'outside' ? '✕' : '◌';
  return (
    <div className="rs-psync" data-testid="psync-box" data-current={current} data-verdict={v}>
      <p className="rs-muted">{t(current ? 'stream.ring.psyncNow' : 'stream.ring.psyncEarlier', { replica: nodeName(a.replica, nameOfPort), age })}</p>
      <p className="mono rs-wrap">PSYNC {a.replId} {a.offset}</p>
      <p className="rs-decision"><b className="mono" data-answer={a.answer}>{a.answer === 'continue' ? '+CONTINUE' : '+FULLRESYNC'}</b>{' — '}<span className="rs-wrap">{verdictReason(a.verdict, a.offset, t)}</span></p>
      <p data-verdict={v}><span aria-hidden="true" className="rs-glyph">{glyph}</span>{' '}
        {t(verdictKey(a), { offset: a.offset, first: a.backlogFirstByte, last: a.backlogFirstByte + a.backlogHistlen - 1, n: continueBytes(a) })}</p>
      {a.said !== null && <p className="rs-said"><span className="rs-muted">{t('stream.ring.redisSays')}</span>{' '}<q className="mono rs-wrap" lang="en">{a.said}</q></p>}
    </div>
  );
}
