// The aria-live region: says briefly where the cursor went (after a step, a seek, a pause) and
// what the last log line there is, and relays messages components hand it.
import { useEffect, useRef } from 'react';
import { formatSpeed } from '../app/speed.ts';
import { useAppStore, useT } from './context.ts';
import { formatSeconds } from './format.ts';
import { actionEntryText } from './timeline-marks.ts';

/** Moves settle for this long before they are spoken (a dragged slider speaks once). */
const SETTLE_MS = 400;

export function LiveRegion({ message, onMessage }: { message: string; onMessage: (m: string) => void }) {
  const t = useT();
  const store = useAppStore();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const later = (m: () => string) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => onMessage(m()), SETTLE_MS);
    };
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
          const last = now.log[now.log.length - 1];
          const where = t('live.at', { t: formatSeconds(now.cursorMs) });
          return last ? `${where} ${t('live.lastLog', { line: last.kind === 'log' ? `${last.node} ${last.text}` : actionEntryText(last) })}` : where;
        });
      }
    });
    return () => {
      unsub();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [store, t, onMessage]);

  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="live">
      {message}
    </div>
  );
}
