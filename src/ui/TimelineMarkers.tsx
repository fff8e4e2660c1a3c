// The event markers above the time slider: faults and topology changes from the branch's actions,
// and the run's replication moments (full and partial resync, sync finished, link lost).
// Each kind has its own glyph; marks closer than a few pixels merge into one. Pressing a marker
// goes to its moment. The row is one Tab stop: ← → Home End move between markers, Enter goes.
// The markers sit in their own row, so the slider below stays free to drag.
import { memo, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties, type KeyboardEvent } from 'react';
import { COARSE_POINTER, useMediaQuery } from './use-media-query.ts';
import { useApp, useAppStore, useT } from './context.ts';
import { usePanelT } from './i18n/panels.ts';
import { formatSeconds } from './format.ts';
import { groupMarks, markBookOf, markSummary, type MarkGroup, type MarkKind } from './timeline-marks.ts';
import './timeline-markers.css';

/** The slider's thumb width (Chromium's and Firefox's default range thumbs are about this wide). */
const THUMB_PX = 16;
/** Marks closer than this merge: a few pixels with a mouse; on a touch screen, a 44 px target each. */
const GAP_FINE_PX = 8;
export const TOUCH_TARGET_PX = 44;
const GAP_COARSE_PX = TOUCH_TARGET_PX;

/**
 * Where a marker's button goes on a touch screen: a 44 px wide target centred on its moment, kept
 * inside the row at its ends; `dx` moves the glyph back onto the moment.
 */
export function touchPlace(x: number, widthPx: number): { left: number; dx: number } {
  const half = TOUCH_TARGET_PX / 2;
  const left = widthPx < TOUCH_TARGET_PX ? x : Math.min(Math.max(x, half), widthPx - half);
  return { left, dx: x - left };
}


/**
 * A kind's glyph, 12 × 12 around its centre: the shape tells the kind, the colour only repeats it.
 * Filled shapes have an outline in the text colour, so light fills still stand out.
 */
export function MarkGlyph({ kind }: { kind: MarkKind }) {
  const line = { stroke: 'currentColor', strokeWidth: 2.2, strokeLinecap: 'round' as const, fill: 'none' };
  let g;
  switch (kind) {
    case 'cut': g = <path d="M-4 -4L4 4M-4 4L4 -4" {...line} />; break;
    case 'heal': g = <path d="M0 -4.5V4.5M-4.5 0H4.5" {...line} />; break;
    case 'crash': g = <path className="solid" d="M-5 -4H5L0 4.5Z" />; break;
    case 'restart': g = <path className="solid" d="M-5 4H5L0 -4.5Z" />; break;
    case 'link': g = <path className="solid" d="M0 -5L5 0L0 5L-5 0Z" />; break;
    case 'topology': g = <rect className="solid" x={-4} y={-4} width={8} height={8} />; break;
    case 'command': g = <circle className="solid" r={2.5} />; break;
    case 'full': g = <circle className="solid" r={4.5} />; break;
    case 'partial': g = <path className="solid" d="M-3.5 -5L4.5 0L-3.5 5Z" />; break;
    case 'synced': g = <path d="M-4.5 0.5L-1.5 3.5L4.5 -3.5" {...line} />; break;
    case 'lost': g = <g {...line} strokeWidth={1.8}><circle r={4.3} /><path d="M-3 3L3 -3" /></g>; break;
    case 'sentinel': g = <path className="solid" d="M-5 0L-2.5 -4.3H2.5L5 0L2.5 4.3H-2.5Z" />; break;
  }
  return <svg className="tl-glyph" width={12} height={12} viewBox="-6 -6 12 12" aria-hidden="true" focusable="false">{g}</svg>;
}

function groupLabel(g: MarkGroup, t: ReturnType<typeof useT>, pt: ReturnType<typeof usePanelT>, nameOfPort: ReadonlyMap<number, string>): string {
  const at = formatSeconds(g.t);
  if (g.marks.length === 1) return t('transport.mark', { t: at, what: markSummary(g.marks[0], pt, nameOfPort) });
  const shown = g.marks.slice(0, 3).map((m) => markSummary(m, pt, nameOfPort, 70));
  if (g.marks.length > 3) shown.push(t('transport.markMore', { n: g.marks.length - 3 }));
  return t('transport.markMany', { t: at, n: g.marks.length, what: shown.join(t('transport.markSep')) });
}

function placeStyle(x: number, width: number, coarse: boolean): CSSProperties {
  if (!coarse) return { left: x };
  const { left, dx } = touchPlace(x, width);
  return { left, ['--dx' as string]: `${dx}px` };
}

/** The index of the last group at or before ms (-1 if none). */
function groupAt(groups: readonly MarkGroup[], ms: number): number {
  let lo = 0, hi = groups.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (groups[mid].t <= ms + 1e-6) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export const TimelineMarkers = memo(function TimelineMarkers({ maxMs, disabled }: { maxMs: number; disabled: boolean }) {
  const t = useT();
  const pt = usePanelT();
  const store = useAppStore();
  const book = useMemo(() => markBookOf(store), [store]);
  const version = useSyncExternalStore(book.subscribe, book.getVersion, book.getVersion);
  const marks = useMemo(() => book.marks(), [book, version]);
  const coarse = useMediaQuery(COARSE_POINTER);

  const strip = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useLayoutEffect(() => {
    const el = strip.current;
    if (!el) return;
    const read = () => setWidth(el.clientWidth || 600);
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const groups = useMemo(() => groupMarks(marks, maxMs, width, coarse ? GAP_COARSE_PX : GAP_FINE_PX, THUMB_PX), [marks, maxMs, width, coarse]);
  // Node names by port (Redis names replicas by address); a string, so it changes only when they do.
  const ports = useApp((s) => [...s.nameOfPort].map(([port, name]) => `${port}=${name}`).join(','));
  const nameOfPort = useMemo(() => new Map(ports.split(',').filter(Boolean).map((p) => {
    const [port, name] = p.split('=');
    return [Number(port), name] as const;
  })), [ports]);
  // Only which group the cursor is on re-renders the row while playing (for its Tab stop).
  const atCursor = useApp((s) => groupAt(groups, s.seekingTo ?? s.cursorMs));
  const seek = useApp((s) => s.seek);
  const [chosen, setChosen] = useState<string | null>(null);
  const tabKey = groups.some((g) => g.key === chosen) ? chosen : (groups[Math.max(0, atCursor)]?.key ?? null);

  // While playing, the row's end moves every frame and the groups are placed again: a group's
  // label is written once (by its first mark and its size) for these marks, the language and the node names.
  const labelCache = useMemo(() => new Map<string, string>(), [marks, nameOfPort, t, pt]);
  const labels = useMemo(() => groups.map((g) => {
    const id = `${g.key}|${g.marks.length}`;
    let label = labelCache.get(id);
    if (label === undefined) labelCache.set(id, (label = groupLabel(g, t, pt, nameOfPort)));
    return label;
  }), [groups, labelCache, nameOfPort, t, pt]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const k = e.key;
    const to = k === 'ArrowLeft' || k === 'ArrowUp' ? at - 1 : k === 'ArrowRight' || k === 'ArrowDown' ? at + 1 : k === 'Home' ? 0 : k === 'End' ? buttons.length - 1 : null;
    if (to === null) return;
    // Handled here, so the page's keys (← → step time) leave it alone.
    e.preventDefault();
    const b = buttons[Math.max(0, Math.min(buttons.length - 1, to))];
    b.focus();
    setChosen(b.dataset.key ?? null);
  };

  return (
    <div ref={strip} className="tl-marks" data-coarse={coarse} data-testid="timeline-marks"
      {...(groups.length > 0 ? { role: 'toolbar', 'aria-label': t('transport.marks'), 'aria-orientation': 'horizontal' as const, onKeyDown: onKey } : {})}>
      {groups.map((g, i) => (
        <button key={g.key} type="button" className="tl-mark" data-kind={g.kind} data-key={g.key} data-t={g.t} data-count={g.marks.length}
          style={placeStyle(g.x, width, coarse)} tabIndex={g.key === tabKey ? 0 : -1} disabled={disabled}
          aria-label={labels[i]} title={labels[i]} data-testid="timeline-mark"
          onClick={() => {
            setChosen(g.key);
            void seek(g.t);
          }}>
          <MarkGlyph kind={g.kind} />
          {g.marks.length > 1 && <span className="tl-more" aria-hidden="true" />}
        </button>
      ))}
    </div>
  );
});
