// One node at the cursor, as INFO replication would describe it: role, link, offsets, backlog,
// its replicas, keys and sync counters. Labels that are INFO fields stay as Redis prints them.
// A node that is not running shows only that, and what is on its disk.
import { memo } from 'react';
import type { NodeView } from '../runtime/protocol.ts';
import type { DiskView } from '../runtime/timeline.ts';
import { useT } from './context.ts';
import { formatBytes, shortId } from './format.ts';
import { usePanelT } from './i18n/panels.ts';
import { diskLines, sentOffset } from './node-truth.ts';

const NO_ID = '0000000000000000000000000000000000000000';

/** An INFO field name that may break after its underscores, never inside a word (drawn once: a refresh does not redraw it). */
const F = memo(function F({ name }: { name: string }) {
  const parts = name.split('_');
  return <>{parts.map((p, i) => <span key={i}>{i > 0 && <>_<wbr /></>}{p}</span>)}</>;
});

/** A node that is not running: its name, that it is down, and its disk. */
function DownCard({ view, disk }: { view: NodeView; disk: DiskView | undefined }) {
  const t = useT();
  const pt = usePanelT();
  const titleId = `node-${view.name}`;
  return (
    <article className="node is-down" aria-labelledby={titleId} data-testid={`node-${view.name}`} data-down="true">
      <header className="node-head">
        <span className="shape circle" aria-hidden="true" />
        <h3 id={titleId}>{view.name}</h3>
        <span className="port num">:{view.port}</span>
        <span className="badge off"><span aria-hidden="true">✕</span> {t('nodes.down')}</span>
      </header>
      <p className="sub">{pt('cards.down.what')}</p>
      <section className="node-sec" aria-label={pt('cards.disk')}>
        <h4>{pt('cards.disk')}</h4>
        <ul className="node-disk" data-testid={`disk-${view.name}`}>
          {diskLines(disk, pt).map((line) => <li key={line}>{line}</li>)}
        </ul>
      </section>
    </article>
  );
}

export function NodeCard({ view, down, disk, nameOf }: { view: NodeView; down: boolean; disk?: DiskView; nameOf: (addr: string) => string | null }) {
  if (down) return <DownCard view={view} disk={disk} />;
  return <LiveCard view={view} nameOf={nameOf} />;
}

function LiveCard({ view, nameOf }: { view: NodeView; nameOf: (addr: string) => string | null }) {
  const t = useT();
  const pt = usePanelT();
  const master = view.role === 'master';
  const titleId = `node-${view.name}`;
  const b = view.backlog;
  return (
    <article className={`node ${master ? 'is-master' : 'is-replica'}`} aria-labelledby={titleId} data-testid={`node-${view.name}`}>
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
      </header>

      {!master && (
        <p className="sub">
          {t('nodes.replicaOf', { master: `${view.masterHost}:${view.masterPort}` })} · <code>{view.replState}</code>
        </p>
      )}

      <dl className="kv">
        {/* Redis 2.6 has no replication offsets in its INFO, and names no history: run_id up to 2.8, replid from 4.0. */}
        {view.version !== '2.6' && <div><dt><F name="master_repl_offset" /></dt><dd className="num">{view.masterReplOffset}</dd></div>}
        {view.version !== '2.6' && view.slaveReplOffset !== null && <div><dt><F name="slave_repl_offset" /></dt><dd className="num">{view.slaveReplOffset}</dd></div>}
        {view.version === '2.6' || view.version === '2.8'
          ? <div><dt><F name="run_id" /></dt><dd className="num" title={view.runId}>{shortId(view.runId)}</dd></div>
          : <div><dt><F name="master_replid" /></dt><dd className="num" title={view.replId}>{shortId(view.replId)}</dd></div>}
        {view.replId2 !== NO_ID && view.version !== '2.6' && view.version !== '2.8' && (
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
              {/* Scaled, not sized: a refresh while playing moves it on the compositor, with no layout or repaint. */}
              <div className="fill-bar" style={{ transform: `scaleX(${Math.min(1, b.histlen / Math.max(1, b.sizeBytes))})` }} />
            </div>
            <dl className="kv">
              <div><dt><F name="repl_backlog_size" /></dt><dd className="num">{formatBytes(b.sizeBytes)}</dd></div>
              <div><dt><F name="repl_backlog_first_byte_offset" /></dt><dd className="num">{b.firstByteOffset}</dd></div>
              <div><dt><F name="repl_backlog_histlen" /></dt><dd className="num">{b.histlen}</dd></div>
            </dl>
            <p className="sub" data-testid="node-backlog-kind">{pt(b.mode === 'ring' ? 'ring.label.ring' : 'ring.label.shared', { version: view.version })}</p>
          </>
        ) : (
          <p className="sub">{view.version === '2.6' ? pt('ring.none26short') : t('nodes.backlogNone')}</p>
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
                  <th scope="col" className="r" title={pt('cards.colSentHint')}>{pt('cards.colSent')}</th>
                  <th scope="col" className="r" title={pt('cards.colAckHint')}>{pt('cards.colAck')}</th>
                  <th scope="col" className="r">lag</th>
                  <th scope="col" className="r">{t('nodes.colBuffer')}</th>
                </tr>
              </thead>
              <tbody>
                {view.replicas.map((r) => (
                  <tr key={r.name}>
                    <th scope="row" title={r.name}>{nameOf(r.name) ?? r.name}</th>
                    <td><code>{r.state}</code></td>
                    <td className="r num" data-testid="sent-offset">{sentOffset(view, r) ?? <span title={pt('cards.notYet')}>—</span>}</td>
                    <td className="r num" data-testid="ack-offset">{r.ackOffset}</td>
                    <td className="r num">{r.lagS}</td>
                    <td className="r num">{r.pendingBytes} B</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      <SyncSection view={view} />
    </article>
  );
}

/** The sync counters (INFO stats has them from 2.8 on) and the RDB child at work. */
function SyncSection({ view }: { view: NodeView }) {
  const t = useT();
  return (
    <section className="node-sec" aria-label={t('nodes.sync')}>
      {/* INFO stats has the sync counters from 2.8 on. */}
      {view.version !== '2.6' && (
        <dl className="kv counters">
          <div><dt><F name="sync_full" /></dt><dd className="num">{view.syncFull}</dd></div>
          <div><dt><F name="sync_partial_ok" /></dt><dd className="num">{view.syncPartialOk}</dd></div>
          <div><dt><F name="sync_partial_err" /></dt><dd className="num">{view.syncPartialErr}</dd></div>
        </dl>
      )}
      {view.rdbChild && <p className="sub">{t('nodes.rdbChild', { target: view.rdbChild })}</p>}
    </section>
  );
}
