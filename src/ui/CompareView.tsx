// One scenario under two Redis versions, side by side: each run's handshakes (the request and the
// master's reply), how its syncs ended, and each node's sync counters and offsets at the end, with
// what differs between the two marked (≠, a bold border, and "differs" for screen readers).
import { diffRuns, type HandshakeSummary, type NodeSummary, type RunDiff, type RunSummary } from '../app/store.ts';
import { useApp } from './context.ts';
import { addPanelWords, usePanelT, type PanelT } from './i18n/panels.ts';
import * as versionPanelWords from './i18n/version-panels.ts';
import './compare.css';

addPanelWords(versionPanelWords);

const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

function Differs({ on, t }: { on: boolean; t: PanelT }) {
  if (!on) return null;
  return <span className="cmp-ne" title={t('compare.differs')}><span aria-hidden="true">≠</span><span className="sr-only">{t('compare.differs')}</span></span>;
}

function HandshakeItem({ h, differs, t }: { h: HandshakeSummary | undefined; differs: boolean; t: PanelT }) {
  if (!h) return <li className="cmp-hs" data-differs={differs}><Differs on={differs} t={t} /> —</li>;
  return (
    <li className="cmp-hs" data-differs={differs} data-testid="compare-handshake">
      <p className="cmp-hs-head">
        <Differs on={differs} t={t} /> <span className="num">{seconds(h.t)}</span> · {h.replica} → {h.master} ·{' '}
        <span data-outcome={h.outcome ?? 'none'}>{t(`compare.outcome.${h.outcome ?? 'none'}`)}</span>
      </p>
      <p className="mono cmp-wrap" data-testid="compare-request"><span aria-hidden="true">→ </span>{h.request}</p>
      <p className="mono cmp-wrap" data-testid="compare-reply"><span aria-hidden="true">← </span>{h.reply ?? <span className="muted">{t('compare.noReply')}</span>}</p>
    </li>
  );
}

const NODE_FIELDS = ['syncFull', 'syncPartialOk', 'syncPartialErr', 'masterReplOffset', 'slaveReplOffset'] as const;
const FIELD_NAMES: Record<(typeof NODE_FIELDS)[number], string> = {
  syncFull: 'sync_full', syncPartialOk: 'sync_partial_ok', syncPartialErr: 'sync_partial_err', masterReplOffset: 'master_repl_offset', slaveReplOffset: 'slave_repl_offset',
};

function NodeItem({ n, version, differs, t }: { n: NodeSummary; version: string; differs: ReadonlySet<string> | undefined; t: PanelT }) {
  return (
    <li data-testid={`compare-node-${n.name}`}>
      <b>{n.name}</b> <span className="muted">({n.role})</span>
      <span className="cmp-kvs">
        {NODE_FIELDS.filter((k) => !(k === 'slaveReplOffset' && n.role === 'master')).map((k) => {
          const v = n[k];
          const d = differs?.has(k) ?? false;
          return (
            <span key={k} className="cmp-kv" data-differs={d} data-field={FIELD_NAMES[k]}>
              <Differs on={d} t={t} /> <code>{FIELD_NAMES[k]}</code>{' '}
              {v === null ? <span className="muted" title={t('compare.notInInfo', { version })}>—</span> : <b className="num">{v}</b>}
            </span>
          );
        })}
      </span>
    </li>
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
        <ol className="cmp-list">
          {Array.from({ length: n }, (_, i) => <HandshakeItem key={i} h={run.handshakes[i]} differs={diff.handshakes[i]} t={t} />)}
        </ol>
      )}
      <h4>{t('compare.nodes')}</h4>
      <ul className="cmp-list cmp-nodes">
        {run.nodes.map((x) => <NodeItem key={x.name} n={x} version={run.version} differs={diff.nodes.get(x.name)} t={t} />)}
      </ul>
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
