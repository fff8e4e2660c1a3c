// The aria-live region: says briefly where the cursor went (after a step, a seek, a pause) and
// the narration line there (or the last log line), speaks each new narration line while playing,
// and relays messages components hand it.
import { useEffect, useRef } from 'react';
import { currentNarration, narrationItems } from '../app/narration.ts';
import type { AppState } from '../app/store.ts';
import { formatSpeed } from '../app/speed.ts';
import { useAppStore, useT } from './context.ts';
import { formatSeconds } from './format.ts';
import { actionEntryText } from './timeline-marks.ts';
import { usePanelT } from './i18n/panels.ts';
import { narrationText } from './Narration.tsx';

/** Moves settle for this long before they are spoken (a dragged slider speaks once). */
const SETTLE_MS = 400;
/** A message handed in by a component (e.g. "Link copied") is left to be heard this long. */
const HOLD_MS = 2000;

export function LiveRegion({ message, onMessage }: { message: string; onMessage: (m: string) => void }) {
  const t = useT();
  const pt = usePanelT();
  const store = useAppStore();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** A message handed in is heard before anything this region says next, until then (performance.now()). */
  const heldUntil = useRef(0);
  /** The last message this region made itself (others come from components). */
  const own = useRef<string | null>(null);
  /** The key of the narration line last spoken. */
  const spoken = useRef<string | null>(null);

  useEffect(() => {
    const later = (m: () => string) => {
      if (timer.current) clearTimeout(timer.current);
      const wait = Math.max(SETTLE_MS, heldUntil.current - performance.now());
      timer.current = setTimeout(() => {
        timer.current = null;
        own.current = m();
        onMessage(own.current);
      }, wait);
    };
    const narration = (s: AppState) => currentNarration(narrationItems({ moments: s.moments, frames: s.frames, views: s.views, cursorMs: s.panelMs, nameOfPort: s.nameOfPort }));
    const unsub = store.subscribe((s, prev) => {
      if (s.scenario !== prev.scenario && s.scenario) {
        const name = s.scenario.name;
        later(() => t('live.loaded', { name }));
      } else if (s.playing !== prev.playing) {
        later(() => (s.playing ? t('live.playing', { speed: formatSpeed(s.speed) }) : t('live.paused', { t: formatSeconds(store.getState().cursorMs) })));
      } else if (s.branchId !== prev.branchId) {
        later(() => t('live.branch', { id: store.getState().branchId }));
      } else if (!s.playing && s.cursorMs !== prev.cursorMs) {
        later(() => {
          const now = store.getState();
          const where = t('live.at', { t: formatSeconds(now.cursorMs) });
          const line = narration(now);
          spoken.current = line?.key ?? null;
          if (line) return `${where} ${narrationText(line, pt, now.nameOfPort)}`;
          const last = now.log[now.log.length - 1];
          return last ? `${where} ${t('live.lastLog', { line: last.kind === 'log' ? `${last.node} ${last.text}` : actionEntryText(last) })}` : where;
        });
      } else if (s.playing && s.panelVersion !== prev.panelVersion) {
        // While playing: each new narration line, once (the panels' pace, not every frame).
        const line = narration(s);
        if (line && line.key !== spoken.current) {
          spoken.current = line.key;
          later(() => narrationText(line, pt, store.getState().nameOfPort));
        }
      }
    });
    return () => {
      unsub();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [store, t, pt, onMessage]);

  // A message handed in (e.g. "Link copied") is what the person just asked for: it is not
  // overwritten by a move still settling.
  useEffect(() => {
    if (message === own.current) return;
    heldUntil.current = performance.now() + HOLD_MS;
    if (!timer.current) return;
    clearTimeout(timer.current);
    timer.current = null;
  }, [message]);

  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="live">
      {message}
    </div>
  );
}
