// Shown when the run stopped on an engine or host failure, or at one of the simulator's budgets:
// seed, moment, scenario line, message, and the scenario that reproduces it, to copy.
import type { RunFault } from '../runtime/timeline.ts';
import { budgetText } from './budget-text.ts';
import { useApp, useT } from './context.ts';
import { CopyText } from './CopyText.tsx';
import { formatSeconds } from './format.ts';

/** The facts of a fault and the scenario that reproduces it (also used when loading stops). */
export function FaultFacts({ fault }: { fault: RunFault }) {
  const t = useT();
  return (
    <>
      <dl className="facts">
        <div><dt>{t('fault.seed')}</dt><dd className="num" data-testid="fault-seed">{fault.seed}</dd></div>
        <div><dt>{t('fault.time')}</dt><dd className="num" data-testid="fault-time">{formatSeconds(fault.atMs)}</dd></div>
        <div><dt>{t('fault.line')}</dt><dd className="num" data-testid="fault-line">{fault.line ?? t('fault.lineNone')}</dd></div>
        {!fault.budget && <div><dt>{t('fault.window')}</dt><dd className="num">{fault.window}</dd></div>}
        <div className="wide">
          <dt>{t('fault.message')}</dt>
          <dd><code data-testid="fault-message">{fault.budget ? budgetText(t, fault.budget) : fault.message}</code></dd>
        </div>
      </dl>
      <p>{t(fault.budget ? 'fault.budgetExplain' : 'fault.explain')}</p>
      <pre className="scenario-text">{fault.scenario}</pre>
    </>
  );
}

export function FaultPanel() {
  const t = useT();
  const fault = useApp((s) => s.fault);
  const scenario = useApp((s) => s.scenario);
  const load = useApp((s) => s.load);
  if (!fault) return null;
  return (
    <section className="notice bad" role="alert" data-testid="fault-panel" aria-labelledby="fault-title">
      <p className="notice-title" id="fault-title">{t(fault.budget ? 'fault.budgetTitle' : 'fault.title')}</p>
      <FaultFacts fault={fault} />
      <div className="row">
        <CopyText text={fault.scenario} />
        {scenario && (
          <button type="button" onClick={() => void load(scenario.example ? { example: scenario.example } : { text: scenario.text, name: scenario.name })}>
            {t('fault.reload')}
          </button>
        )}
      </div>
    </section>
  );
}
