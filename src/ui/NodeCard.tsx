// One node at the cursor, as INFO replication would describe it: role, link, offsets, backlog,
// its replicas, keys and sync counters. Labels that are INFO fields stay as Redis prints them.
import type { NodeView } from '../runtime/protocol.ts';
import { useT } from './context.ts';
import { formatBytes, shortId } from './format.ts';

const NO_ID = '0000000000000000000000000000000000000000';

/** An INFO field name that may break after its underscores, never inside a word. */
function F({ name }: { name: string }) {
  const parts = name.split('_');
  return <>{parts.map((p, i) => <span key={i}>{i > 0 && <>_<wbr /></>}{p}</span>)}</>;
}

export function NodeCard({ view, down, nameOf }: { view: NodeView; down: boolean; nameOf: (addr: string) => string | null }) {
  const t = useT();
  const master = view.role === 'master';
  const titleId = `node-${view.name}`;
  const b = view.backlog;
  return (
    <article className={`node ${master ? 'is-master' : 'is-replica'}${down ? ' is-down' : ''}`} aria-labelledby={titleId} data-testid={`node-${view.name}`}>
      <header className="node-head">
        <span className={`shape ${master ? 'square' : 'circle'}`} aria-hidden="true" />
        <h3 id={titleId}>{view.name}</h3>
        <span className="role">{master ? t('nodes.master') : t('nodes.replica')}</span>
        <span className="port num">:{view.port}</span>
        {!master && (
          <span className={`badge ${view.linkUp ? 'up' : 'down'}`} data-testid={`link-${view.name}`}>
            <span aria-hidden="true">{view.linkUp ? '▲' : '▼'}</span> {view.linkUp ? t('nodes.linkUp') : t('nodes.linkDown')}
          </span>
        )}
        {down && (
          <span className="badge off" title={t('nodes.downHint')}>
            <span aria-hidden="true">✕</span> {t('nodes.down')}
          </span>
        )}
      </header>

      {!master && (
        <p className="sub">
          {t('nodes.replicaOf', { master: `${view.masterHost}:${view.masterPort}` })} · <code>{view.replState}</code>
        </p>
      )}

      <dl className="kv">
        <div><dt><F name="master_repl_offset" /></dt><dd className="num">{view.masterReplOffset}</dd></div>
        {view.slaveReplOffset !== null && <div><dt><F name="slave_repl_offset" /></dt><dd className="num">{view.slaveReplOffset}</dd></div>}
        <div><dt><F name="master_replid" /></dt><dd className="num" title={view.replId}>{shortId(view.replId)}</dd></div>
        {view.replId2 !== NO_ID && (
          <>
            <div><dt><F name="master_replid2" /></dt><dd className="num" title={view.replId2}>{shortId(view.replId2)}</dd></div>
            <div><dt><F name="second_repl_offset" /></dt><dd className="num">{view.secondReplOffset}</dd></div>
          </>
        )}
        <div><dt>{t('nodes.keys')}</dt><dd className="num">{view.keys}</dd></div>
      </dl>

      <section className="node-sec" aria-label={t('nodes.backlog')}>
        <h4>{t('nodes.backlog')}</h4>
        {b ? (
          <>
            <div className="fill" role="img" aria-label={`repl_backlog_histlen ${b.histlen} / repl_backlog_size ${b.sizeBytes}`}>
              <div className="fill-bar" style={{ width: `${Math.min(100, (100 * b.histlen) / Math.max(1, b.sizeBytes))}%` }} />
            </div>
            <dl className="kv">
              <div><dt><F name="repl_backlog_size" /></dt><dd className="num">{formatBytes(b.sizeBytes)}</dd></div>
              <div><dt><F name="repl_backlog_first_byte_offset" /></dt><dd className="num">{b.firstByteOffset}</dd></div>
              <div><dt><F name="repl_backlog_histlen" /></dt><dd className="num">{b.histlen}</dd></div>
            </dl>
            <p className="sub">{b.mode === 'ring' ? t('nodes.backlogRing') : t('nodes.backlogShared')}</p>
          </>
        ) : (
          <p className="sub">{t('nodes.backlogNone')}</p>
        )}
      </section>

      {(master || view.replicas.length > 0) && (
        <section className="node-sec" aria-label={t('nodes.replicas')}>
          <h4>{t('nodes.replicas')} <span className="num muted">connected_slaves:{view.replicas.length}</span></h4>
          {view.replicas.length === 0 ? (
            <p className="sub">{t('nodes.noReplicas')}</p>
          ) : (
            <table className="replicas">
              <thead>
                <tr>
                  <th scope="col">{t('nodes.colReplica')}</th>
                  <th scope="col">state</th>
                  <th scope="col" className="r">offset</th>
                  <th scope="col" className="r">lag</th>
                  <th scope="col" className="r">{t('nodes.colBuffer')}</th>
                </tr>
              </thead>
              <tbody>
                {view.replicas.map((r) => (
                  <tr key={r.name}>
                    <th scope="row" title={r.name}>{nameOf(r.name) ?? r.name}</th>
                    <td><code>{r.state}</code></td>
                    <td className="r num">{r.ackOffset}</td>
                    <td className="r num">{r.lagS}</td>
                    <td className="r num">{r.pendingBytes} B</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      <section className="node-sec" aria-label={t('nodes.sync')}>
        <dl className="kv counters">
          <div><dt><F name="sync_full" /></dt><dd className="num">{view.syncFull}</dd></div>
          <div><dt><F name="sync_partial_ok" /></dt><dd className="num">{view.syncPartialOk}</dd></div>
          <div><dt><F name="sync_partial_err" /></dt><dd className="num">{view.syncPartialErr}</dd></div>
        </dl>
        {view.rdbChild && <p className="sub">{t('nodes.rdbChild', { target: view.rdbChild })}</p>}
      </section>
    </article>
  );
}
