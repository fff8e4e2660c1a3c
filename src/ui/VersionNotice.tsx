// The lines of the scenario the picked Redis version does not know (REPLICAOF before 5.0, ROLE
// before 2.8.12, WAIT before 3.0), as Redis answered them, and a way to the example written for
// every version.
import { useApp } from './context.ts';
import { usePanelT } from './i18n/panels.ts';

const EVERY_VERSION = 'replica-restart-versions';

/** The scenario with its replicas attached by SLAVEOF (what a learner types before 5.0); nothing else changes. */
export function withSlaveof(text: string): string {
  return text.replace(/^(\s*(?:nowait\s+)?[A-Za-z0-9_.-]+>\s*)REPLICAOF\b/gim, '$1SLAVEOF');
}

export function VersionNotice() {
  const t = usePanelT();
  const lines = useApp((s) => s.unknownCommands);
  const version = useApp((s) => s.redisVersion);
  const load = useApp((s) => s.load);
  const scenario = useApp((s) => s.scenario);
  const example = scenario?.example ?? null;
  if (lines.length === 0 || !scenario) return null;
  const replicaof = lines.some((l) => /^\S+>\s*REPLICAOF\b/i.test(l.text));
  return (
    <section className="notice version-notice" data-testid="version-notice">
      <p className="notice-title">{t('version.unknown.title', { version, n: lines.length })}</p>
      <ul className="mono">
        {lines.map((l, i) => <li key={`${l.line}-${i}`}>{l.text} <span className="muted">→ {l.output}</span></li>)}
      </ul>
      <p>{t('version.unknown.hint')}</p>
      <div className="version-notice-actions">
        {replicaof && (
          <button type="button" data-testid="version-notice-slaveof"
            onClick={() => void load({ text: withSlaveof(scenario.text), name: `${scenario.name}-slaveof` }, version)}>
            {t('version.unknown.slaveof', { version })}
          </button>
        )}
        {example !== EVERY_VERSION && <button type="button" onClick={() => void load({ example: EVERY_VERSION }, version)} data-testid="version-notice-open">{t('version.unknown.open', { version })}</button>}
      </div>
    </section>
  );
}
