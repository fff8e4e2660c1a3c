// Follow mode's wait line: while following through a silence, what the silence waits for (the
// timer that ends it, by its Redis config name, or the next known moment), counting down in
// simulated seconds. Spoken once per wait, politely; the countdown is not spoken.
import { useEffect, useRef } from 'react';
import type { FollowWait } from '../app/follow.ts';
import { useAnnounce } from './announce.ts';
import { useApp, useAppStore } from './context.ts';
import { formatSeconds } from './format.ts';
import { usePanelT, type PanelT } from './i18n/panels.ts';

function secondsLeft(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

function waitText(pt: PanelT, w: FollowWait, cursorMs: number, live: boolean): string {
  if (w.kind === 'timer') {
    const vars = { name: w.name, node: w.node, peer: w.peer ?? '', left: secondsLeft(w.endMs - cursorMs) };
    return pt(live ? 'playback.liveTimer' : w.peer ? 'playback.waitTimerPeer' : 'playback.waitTimer', vars);
  }
  if (w.atMs === null) return pt(live ? 'playback.liveUnknown' : 'playback.waitUnknown');
  return pt(live ? 'playback.liveEvent' : 'playback.waitEvent', { t: formatSeconds(w.atMs), left: secondsLeft(w.atMs - cursorMs) });
}

/** Speaks a new wait once, politely (the countdown is not spoken). Used once on the page. */
export function useWaitAnnouncement(): void {
  const pt = usePanelT();
  const announce = useAnnounce();
  const store = useAppStore();
  const waiting = useApp((s) => s.waiting);
  const spoken = useRef<FollowWait | null>(null);
  useEffect(() => {
    if (!waiting || waiting === spoken.current) return;
    spoken.current = waiting;
    announce(waitText(pt, waiting, store.getState().cursorMs, true));
  }, [waiting, announce, pt, store]);
}

/** What follow mode waits for, counting down; always there (empty when not waiting) so nothing moves. */
export function WaitLine() {
  const pt = usePanelT();
  const cursorMs = useApp((s) => s.cursorMs);
  const waiting = useApp((s) => s.waiting);
  const text = waiting ? waitText(pt, waiting, cursorMs, false) : '';
  return (
    <span className="wait-line" aria-hidden="true" title={text} data-testid="follow-wait" data-kind={waiting?.kind ?? 'none'}>
      {text}
    </span>
  );
}
