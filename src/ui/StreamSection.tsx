// The replication stream lane with one offset odometer per node, under the stage.
import { SIM_EPOCH_MS } from '../runtime/node-host.ts';
import { useApp } from './context.ts';
import { usePanelT } from './i18n/panels.ts';
import { StreamLane } from './panels/StreamLane.tsx';

export function StreamSection() {
  const t = usePanelT();
  const views = useApp((s) => s.views);
  const frames = useApp((s) => s.frames);
  // The panels' moment (see AppState.panelMs): the lane's odometers roll between refreshes.
  useApp((s) => s.panelVersion);
  const cursorMs = useApp((s) => s.panelMs);
  return (
    <section className="panel lane" aria-label={t('lane.section')}>
      <StreamLane frames={frames} views={views} cursorAbsMs={SIM_EPOCH_MS + cursorMs} t={t} />
    </section>
  );
}
