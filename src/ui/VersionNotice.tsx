// The lines of the scenario the picked Redis version does not know (REPLICAOF before 5.0, ROLE
// before 2.8.12, WAIT before 3.0), as Redis answered them, and a way to the example written for
// every version.
import { useApp } from './context.ts';
import { usePanelT } from './i18n/panels.ts';

const EVERY_VERSION = 'replica-restart-versions';

export function VersionNotice() {
  const t = usePanelT();
  const lines = useApp((s) => s.unknownCommands);
  const version = useApp((s) => s.redisVersion);
  const load = useApp((s) => s.load);
  const setVersion = useApp((s) => s.setVersion);
  const example = useApp((s) => s.scenario?.example ?? null);
  if (lines.length === 0) return null;
  const open = async () => {
    if (await load({ example: EVERY_VERSION })) await setVersion(version);
  };
  return (
    <section className="notice version-notice" data-testid="version-notice">
      <p className="notice-title">{t('version.unknown.title', { version, n: lines.length })}</p>
      <ul className="mono">
        {lines.map((l) => <li key={l.line}>{l.text} <span className="muted">→ {l.output}</span></li>)}
      </ul>
      <p>{t('version.unknown.hint')}</p>
      {example !== EVERY_VERSION && <button type="button" onClick={() => void open()} data-testid="version-notice-open">{t('version.unknown.open', { version })}</button>}
    </section>
  );
}
