// The run's fingerprint: its trace hash (data-state="done" once the script has run to its end),
// the number of events, and where the nodes run.
import { isDone } from '../app/store.ts';
import { useApp, useT } from './context.ts';

export function RunStatus() {
  const t = useT();
  const hash = useApp((s) => s.traceHash);
  const events = useApp((s) => s.eventCount);
  const host = useApp((s) => s.host);
  const done = useApp(isDone);
  const busy = useApp((s) => s.busy || s.playing);
  return (
    <p className="status">
      <span>{t('app.traceHash')}</span>{' '}
      <code className="num" data-testid="trace-hash" data-state={done ? 'done' : 'running'}>{hash}</code>
      {(done || busy) && <span className={`state ${done ? 'is-done' : ''}`}>{done ? t('transport.stateDone') : t('transport.stateRunning')}</span>}
      <span className="muted num">{events} {t('app.events')}</span>
      <span className="muted">{host === 'worker' ? t('transport.hostWorker') : t('transport.hostInline')}</span>
    </p>
  );
}
