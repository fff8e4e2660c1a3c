// One scenario under two Redis versions, side by side: each run's handshakes (the request and the
// master's reply), how its syncs ended, and each node's sync counters and offsets at the end, with
// what differs between the two marked (≠, a bold border, and "differs" for screen readers).
import { diffRuns, type HandshakeSummary, type NodeSummary, type RunDiff, type RunSummary } from '../app/store.ts';
import { useApp } from './context.ts';
import { usePanelT, type PanelT } from './i18n/panels.ts';
import './compare.css';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

function Differs({ on, t }: { on: boolean; t: PanelT }) {
  if (!on) return null;
  return <span className="cmp-ne" title={t('compare.differs')}><span aria-hidden="true">≠</span><span className="sr-only">{t('compare.differs')}</span></span>;
}

function HandshakeRow({ h, differs, t }: { h: HandshakeSummary | undefined; differs: boolean; t: PanelT }) {
  if (!h) return <tr data-differs={differs}><td colSpan={5}><Differs on={differs} t={t} /> —</td></tr>;
  return (
    <tr data-differs={differs} data-testid="compare-handshake">
      <td className="num">{seconds(h.t)}</td>
      <td>{h.replica} → {h.master}</td>
      <td className="mono cmp-wrap" data-testid="compare-request"><Differs on={differs} t={t} /> {h.request}</td>
      <td className="mono cmp-wrap" data-testid="compare-reply">{h.reply ?? <span className="muted">{t('compare.noReply')}</span>}</td>
      <td data-outcome={h.outcome ?? 'none'}>{t(`compare.outcome.${h.outcome ?? 'none'}`)}</td>
    </tr>
  );
}

const NODE_FIELDS = ['syncFull', 'syncPartialOk', 'syncPartialErr', 'masterReplOffset', 'slaveReplOffset'] as const;
const FIELD_NAMES: Record<(typeof NODE_FIELDS)[number], string> = {
  syncFull: 'sync_full', syncPartialOk: 'sync_partial_ok', syncPartialErr: 'sync_partial_err', masterReplOffset: 'master_repl_offset', slaveReplOffset: 'slave_repl_offset',
};

function NodeRow({ n, version, differs, t }: { n: NodeSummary; version: string; differs: ReadonlySet<string> | undefined; t: PanelT }) {
  return (
    <tr data-testid={`compare-node-${n.name}`}>
      <th scope="row">{n.name} <span className="muted">({n.role})</span></th>
      {NODE_FIELDS.map((k) => {
        const v = n[k];
        const d = differs?.has(k) ?? false;
        return (
          <td key={k} className="num" data-differs={d} data-field={FIELD_NAMES[k]}>
            <Differs on={d} t={t} />{' '}
            {v === null ? <span className="muted" title={t('compare.notInInfo', { version })}>—</span> : v}
          </td>
        );
      })}
    </tr>
  );
}

function RunColumn({ run, other, diff, here, t, onPlay }: { run: RunSummary; other: RunSummary; diff: RunDiff; here: boolean; t: PanelT; onPlay(): void }) {
  const n = Math.max(run.handshakes.length, other.handshakes.length);
  return (
    <section className="cmp-run" data-testid={`compare-run-${run.version}`} aria-labelledby={`cmp-${run.version.replace('.', '-')}`}>
      <header className="cmp-head">
        <h3 id={`cmp-${run.version.replace('.', '-')}`}>Redis {run.release}</h3>
        <span className="muted">{t(`compare.protocol.${run.protocol}`)}</span>
        {here ? <span className="cmp-here">{t('compare.here')}</span> : <button type="button" onClick={onPlay} data-testid="compare-play">{t('compare.play', { version: run.version })}</button>}
      </header>
      <p data-testid="compare-total" data-differs={diff.outcome}>
        <b>{t('compare.syncs')}:</b> <Differs on={diff.outcome} t={t} /> {t('compare.total', { full: run.fullSyncs, partial: run.partialSyncs })}
      </p>
      <h4>{t('compare.handshakes')}</h4>
      {n === 0 ? <p className="muted">{t('compare.noHandshake')}</p> : (
        <div className="cmp-scroll">
          <table className="cmp-table">
            <thead><tr>
              <th scope="col">{t('compare.col.t')}</th><th scope="col">{t('compare.col.who')}</th>
              <th scope="col">{t('compare.col.request')}</th><th scope="col">{t('compare.col.reply')}</th><th scope="col">{t('compare.col.outcome')}</th>
            </tr></thead>
            <tbody>
              {Array.from({ length: n }, (_, i) => <HandshakeRow key={i} h={run.handshakes[i]} differs={diff.handshakes[i]} t={t} />)}
            </tbody>
          </table>
        </div>
      )}
      <h4>{t('compare.nodes')}</h4>
      <div className="cmp-scroll">
        <table className="cmp-table">
          <thead><tr>
            <th scope="col">{t('compare.col.node')}</th>
            {NODE_FIELDS.map((k) => <th key={k} scope="col" className="mono">{FIELD_NAMES[k]}</th>)}
          </tr></thead>
          <tbody>{run.nodes.map((x) => <NodeRow key={x.name} n={x} version={run.version} differs={diff.nodes.get(x.name)} t={t} />)}</tbody>
        </table>
      </div>
      {run.unknownCommands.length > 0 && <p className="cmp-warn">{t('compare.unknown', { version: run.version, lines: run.unknownCommands.join('; ') })}</p>}
      {run.failures.length > 0 && <p className="cmp-warn">{t('compare.failures', { lines: run.failures.join('; ') })}</p>}
    </section>
  );
}

/** Marks node fields as differing in both directions (a node only one run has differs everywhere). */
function bothWays(a: RunSummary, b: RunSummary): [RunDiff, RunDiff] {
  const ab = diffRuns(a, b);
  const ba = diffRuns(b, a);
  return [ab, { ...ba, handshakes: ab.handshakes }];
}

export function CompareView() {
  const t = usePanelT();
  const cmp = useApp((s) => s.compare);
  const setCompare = useApp((s) => s.setCompare);
  const setVersion = useApp((s) => s.setVersion);
  if (!cmp) return null;
  const [a, b] = cmp.versions;
  return (
    <section className="panel compare" data-testid="version-compare" data-status={cmp.status} aria-labelledby="compare-title" aria-busy={cmp.status === 'running'}>
      <header className="cmp-top">
        <h2 id="compare-title">{t('compare.title', { a, b })}</h2>
        <button type="button" className="cmp-close" onClick={() => setCompare(null)} aria-label={t('compare.close')} title={t('compare.close')}>×</button>
      </header>
      <p className="muted cmp-intro">{t('compare.intro')}</p>
      {cmp.status === 'running' && <p role="status">{t('compare.running', { a, b })}</p>}
      {cmp.status === 'failed' && <p role="alert" className="cmp-warn">{t('compare.failed', { message: cmp.message })}</p>}
      {cmp.status === 'done' && (() => {
        const [ra, rb] = cmp.runs;
        const [da, db] = bothWays(ra, rb);
        const same = !da.outcome && da.handshakes.every((x) => !x) && [...da.nodes.values()].every((s) => s.size === 0);
        return (
          <>
            {same && <p data-testid="compare-same">{t('compare.allSame')}</p>}
            <div className="cmp-runs">
              <RunColumn run={ra} other={rb} diff={da} here t={t} onPlay={() => undefined} />
              <RunColumn run={rb} other={ra} diff={db} here={false} t={t} onPlay={() => { setCompare(a); void setVersion(b); }} />
            </div>
          </>
        );
      })()}
    </section>
  );
}
