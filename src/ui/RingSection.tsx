// The master's backlog ring on its own, beside the stage in presenter mode, so that an audience
// sees the nodes, the bytes on the lane and the ring filling up at once (the inspector, with its
// tabs, moves below).
import { useMemo, useRef } from 'react';
import { useApp } from './context.ts';
import { useAppWhile, useVisible } from './use-visible.ts';
import { usePanelT } from './i18n/panels.ts';
import { BacklogRing } from './lazy-panels.tsx';
import { psyncAnswers } from './panels/psync-answers.ts';
import { topMaster } from './panels/stream.ts';

export function RingSection() {
  const t = usePanelT();
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const views = useAppWhile(visible, (s) => s.views);
  const frames = useApp((s) => s.frames);
  const trace = useApp((s) => s.trace);
  const version = useAppWhile(visible, (s) => s.panelVersion);
  const cursorMs = useAppWhile(visible, (s) => s.panelMs);
  const nameOfPort = useAppWhile(visible, (s) => s.nameOfPort);
  const master = topMaster(views);
  const psync = useMemo(() => psyncAnswers(trace, cursorMs), [trace, version, cursorMs]);
  return (
    <section className="panel ring-panel" ref={ref} aria-label={t('layout.ring')} data-testid="ring-panel">
      {master
        ? <BacklogRing view={master} frames={frames} psync={psync} cursorMs={cursorMs} nameOfPort={nameOfPort} t={t} />
        : <p>{t('inspector.noMaster')}</p>}
    </section>
  );
}
