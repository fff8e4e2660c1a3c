// Shown when the run stopped on an engine or host failure: seed, moment, message, and the
// scenario that reproduces it, to copy.
import { useApp, useT } from './context.ts';
import { CopyText } from './CopyText.tsx';
import { formatSeconds } from './format.ts';

export function FaultPanel() {
  const t = useT();
  const fault = useApp((s) => s.fault);
  const scenario = useApp((s) => s.scenario);
  const load = useApp((s) => s.load);
  if (!fault) return null;
  return (
    <section className="notice bad" role="alert" data-testid="fault-panel" aria-labelledby="fault-title">
      <p className="notice-title" id="fault-title">{t('fault.title')}</p>
      <dl className="facts">
        <div><dt>{t('fault.seed')}</dt><dd className="num" data-testid="fault-seed">{fault.seed}</dd></div>
        <div><dt>{t('fault.time')}</dt><dd className="num">{formatSeconds(fault.atMs)}</dd></div>
        <div><dt>{t('fault.window')}</dt><dd className="num">{fault.window}</dd></div>
        <div className="wide"><dt>{t('fault.message')}</dt><dd><code data-testid="fault-message">{fault.message}</code></dd></div>
      </dl>
      <p>{t('fault.explain')}</p>
      <pre className="scenario-text">{fault.scenario}</pre>
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
