// The transcript: each command typed at a node's console and what redis-cli printed, up to the
// cursor, for all nodes or one.
import { useRef, useState } from 'react';
import type { TranscriptItem } from '../app/store.ts';
import { useT } from './context.ts';
import { useAppWhile, useVisible } from './use-visible.ts';

/** The most commands drawn at once; the rest stay in the run (and in an exported scenario). */
export const TRANSCRIPT_SHOWN = 300;

function Output({ item }: { item: TranscriptItem }) {
  const t = useT();
  if (item.ended === 'crashed') return <span className="tr-note">{t('transcript.crashed')}</span>;
  if (item.ended === 'exited' && !item.output) return <span className="tr-note">{t('transcript.exited')}</span>;
  if (item.output === null) return <span className="tr-note">{t('transcript.waiting')}</span>;
  return <span className={item.output.startsWith('(error)') ? 'tr-out is-error' : 'tr-out'}>{item.output}</span>;
}

export function Transcript() {
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const items = useAppWhile(visible, (s) => s.transcript);
  const nodes = useAppWhile(visible, (s) => s.views.map((v) => v.name).join(' '));
  const [filter, setFilter] = useState<string>('');
  const names = nodes ? nodes.split(' ') : [];
  const all = filter ? items.filter((x) => x.node === filter) : items;
  const shown = all.length > TRANSCRIPT_SHOWN ? all.slice(all.length - TRANSCRIPT_SHOWN) : all;

  return (
    <section className="panel transcript-panel" ref={ref} aria-labelledby="transcript-title">
      <div className="panel-head">
        <h2 id="transcript-title">{t('app.transcript')}</h2>
        <label className="inline">
          <span>{t('transcript.filter')}</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="transcript-filter">
            <option value="">{t('transcript.all')}</option>
            {names.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
      </div>
      {all.length > shown.length && <p className="hint">{t('transcript.shown', { n: shown.length, total: all.length })}</p>}
      <div className="transcript" data-testid="transcript" tabIndex={0} role="region" aria-labelledby="transcript-title">
        {/* Reversed box (see .transcript): it stays at the newest command as commands come. */}
        <div>
        {shown.length === 0 && <p className="sub">{t('transcript.empty')}</p>}
        {shown.map((x) => (
          <div key={x.index} className="tr-item">
            <div className="tr-cmd">
              <span className="tr-t num">{(x.t / 1000).toFixed(3)}</span>
              <span className="prompt">{x.node}&gt;</span> {x.text}
            </div>
            <pre className="tr-pre"><Output item={x} /></pre>
          </div>
        ))}
        </div>
      </div>
    </section>
  );
}
