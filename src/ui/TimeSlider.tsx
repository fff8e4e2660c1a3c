// The time slider: the cursor over [0, max(head, end of script)]; moving it seeks. Above its
// track, the event markers (TimelineMarkers.tsx); on it, hatched bands for the stretches follow
// mode fast-forwarded through. After it, the script's end, or while follow mode crosses a
// silence, what the silence waits for (WaitLine.tsx).
import { memo, useLayoutEffect, useRef, type RefObject } from 'react';
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
  const input = useRef<HTMLInputElement>(null);
  const shown = Math.min(value, max);
  const playing = useApp((s) => s.playing);
  useSliderValue(input, max, shown, formatSeconds(value), playing);
  return (
    <div className="time">
      <output className="cursor num" data-testid="cursor" data-ms={cursorMs} aria-live="off">
        {t('transport.cursor', { t: formatSeconds(cursorMs) })}
      </output>
      <div className="time-track" style={{ ['--end' as string]: `${endPct}%` }}>
        <TimelineMarkers maxMs={max} disabled={!ready} />
        <SliderInput inputRef={input} initial={shown} disabled={!ready} label={t('transport.time')} seek={seek} />
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

/**
 * The range input, drawn once (and again when it is enabled or disabled, or the language changes).
 * While playing its value moves every frame: useSliderValue writes it straight to the element,
 * because React rewrites an input's type and name with each update it renders, and every attribute
 * written costs the page a style pass.
 */
const SliderInput = memo(function SliderInput({ inputRef, initial, disabled, label, seek }: {
  inputRef: RefObject<HTMLInputElement | null>; initial: number; disabled: boolean; label: string; seek(ms: number): Promise<void>;
}) {
  return (
    <input ref={inputRef} type="range" min={0} step={1} defaultValue={initial} disabled={disabled}
      onChange={(e) => void seek(Number(e.target.value))}
      aria-label={label} aria-describedby="compressed-desc" data-testid="time-slider" />
  );
}, (a, b) => a.disabled === b.disabled && a.label === b.label && a.seek === b.seek && a.inputRef === b.inputRef);

/**
 * Writes the slider's range, value and spoken value where they changed (max first: the value is
 * clamped to it). While playing, a value that would move the thumb less than half a pixel from where
 * it is drawn is not written yet: at 1x a frame moves it a fraction of a pixel, and each move costs
 * the page a layout and a new layering of its paint. Paused, the value is always exact.
 */
function useSliderValue(ref: RefObject<HTMLInputElement | null>, max: number, value: number, valueText: string, playing: boolean): void {
  const width = useRef(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver((entries) => { width.current = entries[entries.length - 1].contentRect.width; });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const mx = String(max);
    const v = String(value);
    const maxChanged = el.max !== mx;
    if (maxChanged) el.max = mx;
    if (el.value !== v) {
      if (playing && !maxChanged && width.current > 0 && (Math.abs(Number(el.value) - value) * width.current) / max < 0.5) return;
      el.value = v;
    }
    if (el.getAttribute('aria-valuetext') !== valueText) el.setAttribute('aria-valuetext', valueText);
  });
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
