// The time slider: the cursor over [0, max(head, end of script)]; moving it seeks. Above its
// track, the event markers (TimelineMarkers.tsx).
import { useApp, useT } from './context.ts';
import { formatSeconds } from './format.ts';
import { TimelineMarkers } from './TimelineMarkers.tsx';

export function TimeSlider() {
  const t = useT();
  const cursorMs = useApp((s) => s.cursorMs);
  const seekingTo = useApp((s) => s.seekingTo);
  const headMs = useApp((s) => s.headMs);
  const scriptEndMs = useApp((s) => s.scriptEndMs);
  const seek = useApp((s) => s.seek);
  const ready = useApp((s) => s.timeline !== null && s.fault === null);
  const max = Math.max(headMs, scriptEndMs, cursorMs, 1);
  const value = seekingTo ?? cursorMs;
  const endPct = (100 * scriptEndMs) / max;
  return (
    <div className="time">
      <output className="cursor num" data-testid="cursor" data-ms={cursorMs} aria-live="off">
        {t('transport.cursor', { t: formatSeconds(cursorMs) })}
      </output>
      <div className="time-track" style={{ ['--end' as string]: `${endPct}%` }}>
        <TimelineMarkers maxMs={max} disabled={!ready} />
        <input
          type="range"
          min={0}
          max={max}
          step={1}
          value={Math.min(value, max)}
          disabled={!ready}
          onChange={(e) => void seek(Number(e.target.value))}
          aria-label={t('transport.time')}
          aria-valuetext={formatSeconds(value)}
          data-testid="time-slider"
        />
        <span className="end-mark" aria-hidden="true" />
      </div>
      <span className="script-end num">{t('transport.scriptEnd', { t: formatSeconds(scriptEndMs) })}</span>
    </div>
  );
}
