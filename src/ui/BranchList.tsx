// The branches of history (acting in the past forks one off) and the scenario export.
import { useApp, useT } from './context.ts';
import { downloadText } from './download.ts';
import { formatSeconds } from './format.ts';

export function BranchList() {
  const t = useT();
  const branches = useApp((s) => s.branches);
  const current = useApp((s) => s.branchId);
  const switchBranch = useApp((s) => s.switchBranch);
  const exportScenario = useApp((s) => s.exportScenario);
  const name = useApp((s) => s.scenario?.name ?? 'scenario');

  const save = () => {
    const text = exportScenario();
    if (text !== null) downloadText(`${name}-branch-${current}.scn`, text);
  };

  return (
    <section className="panel branches" aria-labelledby="branches-title">
      <h2 id="branches-title">{t('branches.title')}</h2>
      <ul className="branch-list" data-testid="branches">
        {branches.map((b) => (
          <li key={b.id} className={b.id === current ? 'is-current' : undefined} aria-current={b.id === current ? 'true' : undefined}>
            <div>
              <strong>{t('branches.item', { id: b.id })}</strong>{' '}
              {b.id === current && <span className="badge cur">{t('branches.current')}</span>}
              <div className="sub">
                {b.parent === null ? t('branches.root') : t('branches.forked', { parent: b.parent, t: formatSeconds(b.forkAtMs) })}
                {' · '}
                <span className="num">{t('branches.detail', { n: b.actions.length, t: formatSeconds(b.headMs) })}</span>
              </div>
            </div>
            {b.id !== current && (
              <button type="button" onClick={() => void switchBranch(b.id)} data-testid={`return-${b.id}`}>
                {t('branches.return')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" onClick={save} data-testid="export">{t('branches.export')}</button>
        <span className="hint">{t('branches.exportHint')}</span>
      </div>
    </section>
  );
}
