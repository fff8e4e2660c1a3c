// The time slider: the cursor over [0, max(head, end of script)]; moving it seeks. Above its
// track, the event markers (TimelineMarkers.tsx); on it, hatched bands for the stretches follow
// mode fast-forwarded through. After it, the script's end, or while follow mode crosses a
// silence, what the silence waits for (WaitLine.tsx).
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { Stretch } from '../app/follow.ts';
import { useApp, useT } from './context.ts';
import { formatSeconds } from './format.ts';
import { usePanelT } from './i18n/panels.ts';
import { TimelineMarkers } from './TimelineMarkers.tsx';
import { WaitLine } from './WaitLine.tsx';
import './playback.css';

export function TimeSlider() {
  const t = useT();
  const cursorMs = useApp((s) => s.cursorMs);
  const seekingTo = useApp((s) => s.seekingTo);
  const headMs = useApp((s) => s.headMs);
  const scriptEndMs = useApp((s) => s.scriptEndMs);
  const seek = useApp((s) => s.seek);
  const ready = useApp((s) => s.timeline !== null && s.fault === null);
  const waiting = useApp((s) => s.waiting !== null);
  const max = Math.max(headMs, scriptEndMs, cursorMs, 1);
  const value = seekingTo ?? cursorMs;
  const endPct = (100 * scriptEndMs) / max;
  // While playing the value moves every frame: it is written straight to the element (React
  // rewrites an input's type and name with each update it renders, each attribute costing a style pass).
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    const el = input.current!;
    el.max = String(max);
    el.value = String(Math.min(value, max));
    el.setAttribute('aria-valuetext', formatSeconds(value));
  });
  // Drawn again only when it is enabled or disabled, or the language changes.
  const slider = useMemo(() => (
    <input ref={input} type="range" min={0} step={1} defaultValue={0} disabled={!ready} onChange={(e) => void seek(Number(e.target.value))}
      aria-label={t('transport.time')} aria-describedby="compressed-desc" data-testid="time-slider" />
  ), [ready, seek, t]);
  return (
    <div className="time">
      <output className="cursor num" data-testid="cursor" data-ms={cursorMs} aria-live="off">
        {t('transport.cursor', { t: formatSeconds(cursorMs) })}
      </output>
      <div className="time-track" style={{ ['--end' as string]: `${endPct}%` }}>
        <TimelineMarkers maxMs={max} disabled={!ready} />
        {slider}
        <CompressedBands maxMs={max} headMs={headMs} />
        <span className="end-mark" aria-hidden="true" />
      </div>
      <div className="time-end">
        {!waiting && <span className="script-end num">{t('transport.scriptEnd', { t: formatSeconds(scriptEndMs) })}</span>}
        <WaitLine />
      </div>
    </div>
  );
}

/** The fast-forwarded stretches of this run (up to its head), as bands and as text. */
function CompressedBands({ maxMs, headMs }: { maxMs: number; headMs: number }) {
  const pt = usePanelT();
  const all = useApp((s) => s.compressed);
  // A stretch belongs to the run that played it: a new run (head 0) shows none until it plays.
  const shown: Stretch[] = all.filter((x) => x.fromMs < headMs).map((x) => ({ fromMs: x.fromMs, toMs: Math.min(x.toMs, headMs) }));
  const list = shown.map((x) => pt('playback.compressedItem', { from: formatSeconds(x.fromMs), to: formatSeconds(x.toMs) })).join(', ');
  return (
    <>
      <span className="compressed" aria-hidden="true" data-testid="compressed-bands">
        {shown.map((x) => (
          <span key={x.fromMs} className="compressed-band" data-from={x.fromMs} data-to={x.toMs}
            style={{ left: `${(100 * x.fromMs) / maxMs}%`, width: `${(100 * (x.toMs - x.fromMs)) / maxMs}%` }} />
        ))}
      </span>
      <span id="compressed-desc" className="sr-only">{shown.length ? pt('playback.compressed', { list }) : ''}</span>
    </>
  );
}
