// A node's INFO replication exactly as Redis prints it, one line per line, with the fields that
// changed since the previous cursor position marked (▶ and a tint) and their "was → now" beside.

import { useMemo } from 'react';
import type { NodeView } from '../../runtime/protocol.ts';
import { describeChange, diffInfo, parseInfo, type FieldChange } from './info-diff.ts';
import './console-style.css';
import { NodeTabs } from './NodeTabs.tsx';
import type { Translate } from './RedisConsole.tsx';
import { addPanelWords } from '../i18n/panels.ts';
import * as infoChartWords from '../i18n/info-charts.ts';

// This tab's words come with it, not with the page.
addPanelWords(infoChartWords);

export interface InfoPanelProps {
  readonly views: readonly NodeView[];
  readonly node: string;
  /** The views at the previous cursor position: what changed since is marked. */
  readonly previous?: readonly NodeView[] | null;
  onNode(name: string): void;
  /** Nodes not running: their INFO is the last they printed. */
  readonly down?: readonly string[];
  readonly t: Translate;
}

/** What to print beside a changed field: the number's delta, or which parts of a compound value moved. */
export function changeNote(c: FieldChange, t: Translate): string {
  if (c.kind === 'added') return t('console.info.new');
  if (c.parts !== null && c.parts.length > 0) return c.parts.map((p) => `${p.key} ${describeChange(p)}`).join(' · ');
  return describeChange(c);
}

export function InfoPanel({ views, node, previous = null, onNode, down = [], t }: InfoPanelProps) {
  const view = views.find((v) => v.name === node) ?? null;
  const before = previous?.find((v) => v.name === node)?.infoReplication ?? null;
  const text = view?.infoReplication ?? '';
  const lines = useMemo(() => parseInfo(text), [text]);
  const diff = useMemo(() => diffInfo(before, text), [before, text]);
  const panelId = `ip-panel-${node}`;
  const changed = diff.byKey.size;
  const summary =
    before === null ? t('console.info.first')
    : diff.all.length === 0 ? t('console.info.same')
    : changed === 1 ? t('console.info.changedOne')
    : t('console.info.changed', { n: changed });

  return (
    <section className="ip" data-testid="info-panel">
      <NodeTabs
        label={t('console.info.nodes')}
        names={views.map((v) => v.name)}
        current={node}
        onSelect={onNode}
        panelId={panelId}
        badge={(n) => (down.includes(n) ? t('console.down') : null)}
      />
      <div id={panelId} role="tabpanel" className="ip-body" aria-label={t('console.info.title', { node })}>
        {view === null ? (
          <p className="rc-muted">{t('console.info.none')}</p>
        ) : (
          <>
            {down.includes(node) && <p className="ip-down" data-testid="info-down">{t('console.info.down', { node })}</p>}
            <p className="ip-summary" aria-live="polite" data-testid="info-summary">
              {summary}
              {changed > 0 && <span className="ip-legend"> {t('console.info.legend')}</span>}
            </p>
            <ol className="ip-lines mono" aria-label={t('console.info.title', { node })}>
              {lines.map((l, i) => {
                const c = l.type === 'field' ? diff.byKey.get(l.key) : undefined;
                return (
                  <li key={i} className={`ip-line ip-${l.type}`} data-changed={c ? c.kind : undefined}>
                    <span className="ip-mark" aria-hidden="true">{c ? '▶' : ''}</span>
                    <span className="ip-text">
                      {c && <span className="rc-sr">{t('console.info.changedMark')} </span>}
                      {l.type === 'field' ? (
                        <>
                          <span className="ip-key">{l.key}</span>:<span className="ip-val">{l.value}</span>
                        </>
                      ) : (
                        l.text || '\u00a0'
                      )}
                    </span>
                    {c && <span className="ip-delta" data-testid={`delta-${l.type === 'field' ? l.key : i}`}>{changeNote(c, t)}</span>}
                  </li>
                );
              })}
            </ol>
            {diff.removed.length > 0 && (
              <p className="ip-removed" data-testid="info-removed">
                {t('console.info.removed', { fields: diff.removed.map((r) => `${r.key}:${r.was ?? ''}`).join(', ') })}
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
