// The replication stream lane with one offset odometer per node, under the stage.
import { useMemo, useRef } from 'react';
import { useApp } from './context.ts';
import { useAppWhile, useVisible } from './use-visible.ts';
import { usePanelT } from './i18n/panels.ts';
import { StreamLane } from './panels/StreamLane.tsx';

export function StreamSection() {
  const t = usePanelT();
  const ref = useRef<HTMLElement>(null);
  // Off screen, the lane holds what it showed (use-visible.ts).
  const visible = useVisible(ref);
  const allViews = useAppWhile(visible, (s) => s.views);
  // The stream and its odometers are the data nodes' (a Sentinel has no replication offset).
  const views = useMemo(() => (allViews.some((v) => v.sentinel) ? allViews.filter((v) => !v.sentinel) : allViews), [allViews]);
  const frames = useApp((s) => s.frames);
  const playing = useApp((s) => s.playing);
  // The panels' moment (see AppState.panelMs): the lane's odometers roll between refreshes.
  useAppWhile(visible, (s) => s.panelVersion);
  const cursorMs = useAppWhile(visible, (s) => s.panelMs);
  return (
    <section className="panel lane" ref={ref} aria-label={t('lane.section')}>
      <StreamLane frames={frames} views={views} cursorMs={cursorMs} t={t} playing={playing} />
    </section>
  );
}
