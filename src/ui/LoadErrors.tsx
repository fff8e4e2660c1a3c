// Why a scenario could not be loaded (FILE:LINE: what is wrong), and what is still running.
import { useApp, useAppStore, useT } from './context.ts';
import { usePanelT } from './i18n/panels.ts';

export function LoadErrors() {
  const t = useT();
  const pt = usePanelT();
  const store = useAppStore();
  const err = useApp((s) => s.loadError);
  const kept = useApp((s) => s.scenario?.name ?? null);
  if (!err) return null;
  return (
    <section className="notice bad" role="alert" data-testid="load-errors">
      {err.kind === 'scenario' ? (
        <>
          <p className="notice-title">{t('app.badScenario')}</p>
          <pre className="errors">{err.messages.join('\n')}</pre>
        </>
      ) : err.kind === 'link' ? (
        <p className="notice-title">{pt(`link.broken.${err.problem}`)}</p>
      ) : (
        <p className="notice-title">{t('load.unknownExample', { name: err.name })}</p>
      )}
      {kept && <p>{t('load.kept', { name: kept })}</p>}
      <button type="button" onClick={() => store.setState({ loadError: null })}>{t('load.dismiss')}</button>
    </section>
  );
}
