// Why a scenario could not be loaded (FILE:LINE: what is wrong, budgets in the page's language;
// where the run stopped while it was compiled), and what is still running.
import { budgetText } from './budget-text.ts';
import { useApp, useAppStore, useT } from './context.ts';
import { CopyText } from './CopyText.tsx';
import { FaultFacts } from './FaultPanel.tsx';
import { usePanelT } from './i18n/panels.ts';

export function LoadErrors() {
  const t = useT();
  const pt = usePanelT();
  const store = useAppStore();
  const err = useApp((s) => s.loadError);
  const kept = useApp((s) => s.scenario?.name ?? null);
  if (!err) return null;
  /** "FILE:LINE: " kept, the budget's words translated. */
  const message = (m: string, i: number): string => {
    const b = err.kind === 'scenario' ? err.budgets?.[i] : null;
    if (!b) return m;
    const where = /^(.*?:\d+: )/.exec(m)?.[1] ?? '';
    return where + budgetText(t, b);
  };
  return (
    <section className="notice bad" role="alert" data-testid="load-errors">
      {err.kind === 'scenario' && err.fault ? (
        <>
          <p className="notice-title">
            {t(err.fault.budget ? 'fault.budgetTitle' : 'fault.title')} — {t('fault.compileTitle', { line: err.fault.line ?? '?' })}
          </p>
          <FaultFacts fault={err.fault} />
          <div className="row"><CopyText text={err.fault.scenario} /></div>
        </>
      ) : err.kind === 'scenario' ? (
        <>
          <p className="notice-title">{t('app.badScenario')}</p>
          <pre className="errors">{err.messages.map(message).join('\n')}</pre>
        </>
      ) : err.kind === 'compile-timeout' ? (
        <p className="notice-title">{t('load.compileTimeout', { s: err.seconds })}</p>
      ) : err.kind === 'compile-cancelled' ? (
        <p className="notice-title">{t('load.compileCancelled', { name: err.name })}</p>
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
