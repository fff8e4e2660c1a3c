// The aria-live region: says briefly where the cursor went (after a step, a seek, a pause) and
// the narration line there (or the last log line), speaks each new narration line while playing,
// and relays messages components hand it.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Announcer } from './announce.ts';
import { currentNarration, narrationItemsShared } from '../app/narration.ts';
import type { AppState } from '../app/store.ts';
import { formatFactor } from '../app/follow.ts';
import { formatSpeed } from '../app/speed.ts';
import type { MsgKey } from './i18n.ts';
import { useAppStore, useT } from './context.ts';
import { formatSeconds } from './format.ts';
import { actionEntryText } from './timeline-marks.ts';
import { usePanelT } from './i18n/panels.ts';
import { narrationText } from './Narration.tsx';

/** Moves settle for this long before they are spoken (a dragged slider speaks once). */
const SETTLE_MS = 400;
/** A message handed in by a component (e.g. "Link copied") is left to be heard this long. */
const HOLD_MS = 2000;

/** What the region says when playing starts: Follow with its factor, or the steady speed. */
export function playingText(s: Pick<AppState, 'playMode' | 'followFactor' | 'speed'>, t: (key: MsgKey, vars?: Record<string, string | number>) => string): string {
  return s.playMode === 'follow' ? t('live.playingFollow', { factor: formatFactor(s.followFactor) }) : t('live.playing', { speed: formatSpeed(s.speed) });
}

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
  /** A pending "playing"/"paused": said before a component's message that comes meanwhile, not dropped. */
  const pendingState = useRef<(() => string) | null>(null);

  useEffect(() => {
    const later = (next: () => string, playState = false) => {
      if (timer.current) clearTimeout(timer.current);
      // A line coming before "Playing…" was said is said after it, not instead.
      const state = pendingState.current;
      const m = !playState && state ? () => `${state()} ${next()}` : next;
      pendingState.current = playState ? next : state;
      const wait = Math.max(SETTLE_MS, heldUntil.current - performance.now());
      timer.current = setTimeout(() => {
        timer.current = null;
        pendingState.current = null;
        own.current = m();
        onMessage(own.current);
      }, wait);
    };
    const narration = (s: AppState) => currentNarration(narrationItemsShared({ moments: s.moments, frames: s.frames, views: s.views, cursorMs: s.panelMs, nameOfPort: s.nameOfPort }));
    const unsub = store.subscribe((s, prev) => {
      if (s.scenario !== prev.scenario && s.scenario) {
        const name = s.scenario.name;
        later(() => t('live.loaded', { name }));
      } else if (s.playing !== prev.playing || (s.playing && (s.playMode !== prev.playMode || s.followFactor !== prev.followFactor))) {
        later(() => (s.playing ? playingText(store.getState(), t) : t('live.paused', { t: formatSeconds(store.getState().cursorMs) })), true);
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
    // "Playing in Follow mode…" then what the component says (e.g. what the run waits for).
    const state = pendingState.current;
    pendingState.current = null;
    if (state) {
      own.current = `${state()} ${message}`;
      onMessage(own.current);
    }
  }, [message, onMessage]);

  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="live">
      {message}
    </div>
  );
}

/** The page's live region: its message lives in the announcer, so a new one renders only here. */
export function PageLiveRegion({ announcer }: { announcer: Announcer }) {
  const message = useSyncExternalStore(announcer.subscribe, announcer.current, announcer.current);
  return <LiveRegion message={message} onMessage={announcer.announce} />;
}
