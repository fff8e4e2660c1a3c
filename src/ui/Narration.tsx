// The narration line on the stage: what just happened at the cursor, in words, with a button that
// opens the panel that shows it, and the history of these lines (newest first) under it. The
// live region speaks the same lines (LiveRegion.tsx).
import { memo, useMemo, useState } from 'react';
import { currentNarration, narrationItemsShared, type NarrationInput, type NarrationItem } from '../app/narration.ts';
import { useApp } from './context.ts';
import { formatSeconds } from './format.ts';
import { usePanelT, type PanelT } from './i18n/panels.ts';
import { momentText, nodeName } from './moment-text.ts';
import { openPanel } from './open-panel.ts';
import { actionEntryText } from './timeline-marks.ts';
import './narration.css';

/** History lines shown (the newest). */
const HISTORY_MAX = 200;

/** A replication ID as people quote it: its first four characters. */
export function shortReplId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…` : id;
}

function secs(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** An item in words. */
export function narrationText(x: NarrationItem, t: PanelT, nameOfPort: ReadonlyMap<number, string>): string {
  switch (x.kind) {
    case 'frame':
      return t('narration.frame', { from: x.from, to: x.to, label: x.label });
    case 'stream':
      return t('narration.stream', { from: x.from, to: x.to, label: x.label, fromOffset: x.fromOffset, toOffset: x.toOffset });
    case 'psyncAsk':
      return x.replId === '?' ? t('narration.psyncAsk.full', { from: x.from, to: x.to })
        : t('narration.psyncAsk', { from: x.from, to: x.to, replId: shortReplId(x.replId), offset: x.offset });
    case 'psyncAnswer':
      if (x.verdict === 'accepted') return t(x.backlogBytes > 0 ? 'narration.continue' : 'narration.continue.none', { from: x.from, to: x.to, bytes: x.backlogBytes });
      return x.waitEndMs === null
        ? t('narration.fullresync', { from: x.from, to: x.to, why: t(`moment.why.${x.verdict}`, { offset: x.offset }) })
        : t('narration.fullresync.wait', { from: x.from, to: x.to, why: t(`moment.why.${x.verdict}`, { offset: x.offset }), secs: secs(x.waitEndMs - x.t) });
    case 'moment':
      return momentWords(x.moment, t, nameOfPort);
  }
}

function momentWords(m: Extract<NarrationItem, { kind: 'moment' }>['moment'], t: PanelT, nameOfPort: ReadonlyMap<number, string>): string {
  switch (m.kind) {
    case 'syncStarted':
      return t(`narration.syncStarted.${m.why}`, { node: m.node, master: nodeName(m.master, nameOfPort) });
    case 'rdbTransfer':
      return t(`narration.rdb.${m.target}`, { node: m.node, replica: nodeName(m.replica, nameOfPort), bytes: m.bytes });
    case 'syncFinished':
      return t(`narration.online.${m.mode}`, { node: m.node, offset: m.offset });
    case 'roleChanged':
      return m.to === 'master' ? t('narration.role.master', { node: m.node }) : t('narration.role.replica', { node: m.node, master: nodeName(m.master ?? '', nameOfPort) });
    case 'action':
      return actionEntryText(m.entry);
    default:
      return momentText(m, t, nameOfPort) ?? m.kind;
  }
}

/** The narration at the panels' moment (memoised on the panels' version). */
export function useNarration(): NarrationItem[] {
  const moments = useApp((s) => s.moments);
  const frames = useApp((s) => s.frames);
  const views = useApp((s) => s.views);
  const nameOfPort = useApp((s) => s.nameOfPort);
  const cursorMs = useApp((s) => s.panelMs);
  const version = useApp((s) => s.panelVersion);
  return useMemo(() => narrationItemsShared({ moments, frames, views, cursorMs, nameOfPort } satisfies NarrationInput),
    [moments, frames, views, cursorMs, nameOfPort, version]);
}

/** It has no props: it re-renders when its store slices change, not with the stage around it (every frame). */
export const Narration = memo(function Narration() {
  const t = usePanelT();
  const nameOfPort = useApp((s) => s.nameOfPort);
  const items = useNarration();
  const now = currentNarration(items);
  // The history's lines are written out only while it is open (not at every refresh while playing).
  const [open, setOpen] = useState(false);
  const history = open ? items.slice(-HISTORY_MAX).reverse() : [];
  const panel = now ? t(`narration.panel.${now.panel}`) : '';
  return (
    <div className="narration" role="group" aria-label={t('narration.title')}>
      <p className="narration-line">
        <span data-testid="narration" data-kind={now ? (now.kind === 'moment' ? now.moment.kind : now.kind) : 'none'}>
          {now ? narrationText(now, t, nameOfPort) : t('narration.empty')}
        </span>
        {now && (
          <button type="button" className="narration-open" onClick={() => openPanel(now.panel)} aria-label={t('narration.open', { panel })}>
            {panel} →
          </button>
        )}
      </p>
      {items.length > 1 && (
        // On the same row as the line; opened, the list lies over the stage below.
        <details className="narration-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>{t('narration.history', { n: items.length })}</summary>
          <ol reversed start={items.length}>
            {history.map((x) => (
              <li key={x.key}>
                <span className="narration-at">{formatSeconds(x.t)}</span> {narrationText(x, t, nameOfPort)}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
});
