// The replication stream lane: every command the master propagated, as RESP bytes with its length
// and offset range (newest at the right), and one offset odometer per node underneath.

import { Fragment, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { FrameList } from '../../runtime/frame-list.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import { Odometer } from './Odometer.tsx';
import { fitCount, useMeasured } from './use-fit-count.ts';
import {
  commandLabel, isHousekeeping, nodeOffset, offsetGap, offsetRange, respRuns, respText, streamPiecesGrowing, topMaster,
  type StreamPiece, type Translate,
} from './stream.ts';
import './stream-lane.css';

/** The most blocks drawn at once; older ones are summarised. */
const MAX_BLOCKS = 60;
/** While the run plays, fewer: blocks stream by faster than anyone reads them. */
export const MAX_BLOCKS_PLAYING = 24;

/** .rs-block's min-width and .rs-lane's gap (stream-lane.css). */
const BLOCK_MIN_PX = 120;
const BLOCK_GAP_PX = 6;
/**
 * While playing, the blocks that fill the lane's width once over: the lane keeps to its newest
 * block, so no more are seen, and a refresh replaces a laneful of blocks, not MAX_BLOCKS_PLAYING.
 */
function blocksToFill(lane: HTMLElement): number {
  return fitCount(lane.clientWidth, BLOCK_MIN_PX, BLOCK_GAP_PX, MAX_BLOCKS_PLAYING);
}


export interface StreamLaneProps {
  readonly frames: FrameList;
  readonly views: readonly NodeView[];
  /** The cursor: only bytes sent by then are shown. */
  readonly cursorMs: number;
  /** Whose stream to show; by default the master with the most replicas. */
  readonly master?: string;
  readonly t: Translate;
  /** The run is playing: the lane draws its last MAX_BLOCKS_PLAYING commands instead of MAX_BLOCKS. */
  readonly playing?: boolean;
  /** The selected command, by its first offset (controlled when given, with onSelectOffset). */
  readonly selectedOffset?: number | null;
  readonly onSelectOffset?: (offset: number | null) => void;
}

/** The bytes of a piece, with \r \n shown muted and the unrecorded rest said so. */
function Bytes({ p, t }: { p: StreamPiece; t: Translate }) {
  const missing = p.to - p.from - p.bytes.length;
  return (
    <span className="rs-bytes">
      {respRuns(p.bytes).map((r, i) => (r.ctl ? <span key={i} className="rs-ctl">{r.text}</span> : <span key={i}>{r.text}</span>))}
      {missing > 0 ? <span className="rs-missing">{' ' + t('stream.lane.missing', { n: missing })}</span> : null}
    </span>
  );
}

function label(p: StreamPiece, t: Translate): string {
  const cmd = commandLabel(p.argv);
  if (p.complete) return cmd;
  return cmd ? `${cmd} …` : t('stream.lane.unrecorded');
}

interface LaneProps {
  readonly pieces: readonly StreamPiece[];
  /** The last pieces, drawn as blocks (the rest are summarised). */
  readonly shown: readonly StreamPiece[];
  readonly master: string;
  readonly sel: number | null | undefined;
  select(o: number | null): void;
  readonly laneRef: RefObject<HTMLDivElement | null>;
  /** Whether the lane keeps scrolled to its newest block (it is, until the reader scrolls back). */
  readonly stick: RefObject<boolean>;
  /**
   * While playing, blocks are keyed by their place from the newest: a refresh rewrites the blocks
   * in place instead of removing the oldest elements and building new ones (frame budget).
   */
  readonly playing: boolean;
  readonly t: Translate;
}

/** The commands as blocks, oldest at the left; arrows, Home and End move between them. */
function Lane({ pieces, shown, master, sel, select, laneRef, stick, playing, t }: LaneProps) {
  const selIdx = shown.findIndex((p) => p.from === sel);
  const tabIdx = selIdx >= 0 ? selIdx : shown.length - 1;
  const hidden = pieces.length - shown.length;
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const to = e.key === 'ArrowLeft' ? i - 1 : e.key === 'ArrowRight' ? i + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? shown.length - 1 : -2;
    if (to === -2) return;
    e.preventDefault();
    const j = Math.max(0, Math.min(shown.length - 1, to));
    const btn = laneRef.current?.querySelectorAll<HTMLButtonElement>('button.rs-block')[j];
    btn?.focus();
    btn?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  };
  return (
    <div
      className="rs-lane" ref={laneRef} role="list" aria-label={t('stream.lane.aria', { master })}
      onScroll={(e) => { const el = e.currentTarget; stick.current = el.scrollLeft + el.clientWidth >= el.scrollWidth - 8; }}
    >
      {hidden > 0 ? (
        <div role="listitem" className="rs-lane-more">
          {t('stream.lane.hidden', { count: hidden, first: pieces[0].from, last: shown[0].from - 1 })}
        </div>
      ) : null}
      {shown.map((p, i) => {
        const len = p.to - p.from;
        const text = label(p, t);
        const gapFrom = i > 0 ? shown[i - 1].to : p.from;
        return (
          <Fragment key={playing ? `p${shown.length - i}` : p.from}>
          {gapFrom < p.from ? (
            <div role="listitem" className="rs-lane-gap" data-testid="stream-gap">
              {t('stream.lane.gap', { n: p.from - gapFrom, range: offsetRange({ from: gapFrom, to: p.from }) })}
            </div>
          ) : null}
          <div role="listitem" className="rs-lane-item">
            <button
              type="button" className="rs-block" data-house={isHousekeeping(p.argv)} data-testid="stream-block"
              data-from={p.from} data-to={p.to} aria-pressed={p.from === sel} tabIndex={i === tabIdx ? 0 : -1}
              title={`${text}\n${respText(p.bytes)}\n${t('stream.lane.bytes', { n: len })} @${offsetRange(p)}`}
              onFocus={() => select(p.from)} onClick={() => select(p.from)} onKeyDown={(e) => onKey(e, i)}
            >
              <span className="rs-block-cmd">{text}</span>
              <span aria-hidden="true"><Bytes p={p} t={t} /></span>
              <span className="rs-block-meta"><b>{t('stream.lane.bytes', { n: len })}</b><span>@{offsetRange(p)}</span></span>
            </button>
          </div>
          </Fragment>
        );
      })}
    </div>
  );
}

/** The selected command: its length, the offsets around it, whose copy, its bytes. */
function StreamDetails({ selected, t }: { selected: StreamPiece | null; t: Translate }) {
  return (
    <div className="rs-details" aria-live="polite" data-testid="stream-details">
      {selected ? (
        <>
          <p><b className="mono">{label(selected, t)}</b>{' — '}{t('stream.lane.detailLen', { n: selected.to - selected.from, before: selected.from - 1, after: selected.to - 1 })}</p>
          <p className="mono">@{offsetRange(selected)} · {t('stream.lane.copy', { replica: selected.replica })}</p>
          <p><Bytes p={selected} t={t} /></p>
        </>
      ) : (
        <p className="rs-stream-sum">{t('stream.lane.hint')}</p>
      )}
    </div>
  );
}

/** One offset odometer per node, the master's first, each saying how far it is from the master. */
function Odometers({ mv, views, t }: { mv: NodeView; views: readonly NodeView[]; t: Translate }) {
  const others = views.filter((v) => v.name !== mv.name).sort((a, b) => a.name.localeCompare(b.name));
  const digits = Math.max(...[mv, ...others].map((v) => String(nodeOffset(v) ?? 0).length));
  return (
    <div className="rs-odos">
      {[mv, ...others].map((v) => {
        const gap = offsetGap(v, mv);
        const off = nodeOffset(v);
        const note = v.name === mv.name ? t('stream.odo.isMaster')
          : off === null ? t('stream.odo.noOffset')
          : gap === null ? t('stream.odo.otherHistory')
          : gap === 0 ? t('stream.odo.inStep', { master: mv.name })
          : gap < 0 ? t('stream.odo.behind', { n: -gap }) : t('stream.odo.ahead', { n: gap });
        const tone = v.name === mv.name || gap === 0 ? 'ok' : gap !== null && gap < 0 ? 'behind' : 'none';
        return (
          <Odometer
            key={v.name} value={off} label={v.name} role={v.role} minDigits={digits} note={note} tone={tone}
            field={v.role === 'master' ? 'master_repl_offset' : 'slave_repl_offset'}
          />
        );
      })}
    </div>
  );
}

/** The bytes of all pieces, summed once per list of pieces (a refresh's, not every render's). */
const totals = new WeakMap<readonly StreamPiece[], number>();
function totalBytes(pieces: readonly StreamPiece[]): number {
  let n = totals.get(pieces);
  if (n === undefined) totals.set(pieces, (n = pieces.reduce((s, p) => s + (p.to - p.from), 0)));
  return n;
}

export function StreamLane({ frames, views, cursorMs, master, t, selectedOffset, onSelectOffset, playing = false }: StreamLaneProps) {
  const mv = topMaster(views, master);
  const pieces = useMemo(
    () => (mv ? streamPiecesGrowing(frames, mv.name, cursorMs, mv.masterReplOffset) : []),
    [frames, frames.length, mv, cursorMs],
  );
  const [localSel, setLocalSel] = useState<number | null>(null);
  const sel = selectedOffset !== undefined ? selectedOffset : localSel;
  const select = (o: number | null) => {
    setLocalSel(o);
    onSelectOffset?.(o);
  };
  const laneRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // While playing, a laneful; MAX_BLOCKS_PLAYING once the reader has scrolled back from the newest.
  const fill = useMeasured(laneRef, blocksToFill, playing, MAX_BLOCKS_PLAYING, pieces.length > 0);
  const shown = pieces.slice(-(playing ? (stick.current ? fill : MAX_BLOCKS_PLAYING) : MAX_BLOCKS));
  const selIdx = shown.findIndex((p) => p.from === sel);
  const selected = selIdx >= 0 ? shown[selIdx] : null;

  useLayoutEffect(() => {
    const el = laneRef.current;
    if (el && stick.current) el.scrollLeft = el.scrollWidth;
  }, [shown.length]);

  if (!mv) return <section className="rs-stream"><p>{t('stream.lane.noMaster')}</p></section>;
  const total = totalBytes(pieces);

  return (
    <section className="rs-stream" aria-labelledby="rs-stream-title" data-testid="stream-lane">
      <h3 id="rs-stream-title">{t('stream.lane.title', { master: mv.name })}</h3>
      <div className="rs-stream-sum">
        {pieces.length === 0
          ? t(mv.masterReplOffset > 0 ? 'stream.lane.unseen' : 'stream.lane.empty', { master: mv.name, n: mv.masterReplOffset })
          : t(pieces.length === 1 ? 'stream.lane.summaryOne' : 'stream.lane.summary', { count: pieces.length, bytes: total, first: pieces[0].from, last: pieces[pieces.length - 1].to - 1 })}
      </div>
      {pieces.length > 0 ? <Lane pieces={pieces} shown={shown} master={mv.name} sel={sel} select={select} laneRef={laneRef} stick={stick} playing={playing} t={t} /> : null}
      <StreamDetails selected={selected} t={t} />
      <h3>{t('stream.odo.title')}</h3>
      <Odometers mv={mv} views={views} t={t} />
    </section>
  );
}
