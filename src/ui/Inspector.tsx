// The inspector: one tab at a time beside the stage — node cards, the backlog ring, the output
// buffers, the handshake sequence diagram, INFO replication with its changes, offsets over time.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useAppStore } from './context.ts';
import { useAppWhile, useVisible } from './use-visible.ts';
import { usePanelT } from './i18n/panels.ts';
import { NodeGrid } from './NodeGrid.tsx';
import { BacklogRing, BufferGauges, HandshakeDiagram, InfoPanel, OffsetChart, SentinelPanel } from './lazy-panels.tsx';
import { psyncAnswers } from './panels/psync-answers.ts';
import { topMaster } from './panels/stream.ts';
import { usePanelRequest } from './open-panel.ts';
import { useWidth } from './panels/handshake-dom.ts';

const ALL_TABS = ['nodes', 'sentinel', 'backlog', 'buffers', 'handshake', 'info', 'charts'] as const;
type Tab = (typeof ALL_TABS)[number];

export function Inspector({ selected, onSelect }: { selected: string | null; onSelect(n: string | null): void }) {
  const t = usePanelT();
  const [chosen, setTab] = useState<Tab>('nodes');
  // The Sentinels' tab is there whenever the run has Sentinels, even before the inspector was on
  // screen (the held views may still be those of before the run); a run without them shows the nodes.
  const hasSentinels = useApp((s) => s.views.some((v) => v.sentinel));
  const tab: Tab = chosen === 'sentinel' && !hasSentinels ? 'nodes' : chosen;
  const [replica, setReplica] = useState<string | null>(null);
  const ref = useRef<HTMLElement>(null);
  // A request to show a tab (the narration's "Show in…"): switch to it and bring it into view.
  const request = usePanelRequest();
  const handled = useRef(request?.id);
  useEffect(() => {
    if (!request || request.id === handled.current) return;
    handled.current = request.id;
    setTab(request.tab);
    if (request.quiet) return;
    ref.current?.scrollIntoView?.({ block: 'nearest' });
    document.getElementById(`inspector-tab-${request.tab}`)?.focus();
  }, [request]);
  // Off screen (on a phone, scrolled away), the inspector holds what it showed (use-visible.ts).
  const visible = useVisible(ref);
  const allViews = useAppWhile(visible, (s) => s.views);
  // Sentinels have their own tab; the replication panels show the data nodes.
  const views = useMemo(() => allViews.filter((v) => !v.sentinel), [allViews]);
  const previous = useAppWhile(visible, (s) => s.previousViews);
  const frames = useApp((s) => s.frames);
  const trace = useApp((s) => s.trace);
  // The panels' moment: refreshed a few times a second while playing (see AppState.panelMs).
  const version = useAppWhile(visible, (s) => s.panelVersion);
  const cursorMs = useAppWhile(visible, (s) => s.panelMs);
  const down = useAppWhile(visible, (s) => s.down);
  const disks = useAppWhile(visible, (s) => s.disks);
  const charts = useAppWhile(visible, (s) => s.charts);
  const nameOfPort = useAppWhile(visible, (s) => s.nameOfPort);
  const store = useAppStore();
  const master = topMaster(views);
  // Only the backlog tab shows the PSYNC answers: the whole trace is not read for the others.
  const psync = useMemo(() => (tab === 'backlog' ? psyncAnswers(trace, cursorMs) : []), [tab, trace, version, cursorMs]);
  const infoNode = selected && views.some((v) => v.name === selected) ? selected : views[0]?.name ?? '';
  const moments = useAppWhile(visible, (s) => s.moments);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelWidth = useWidth(panelRef, 560);
  const TABS = hasSentinels ? ALL_TABS : ALL_TABS.filter((k) => k !== 'sentinel');

  const onKey = (e: React.KeyboardEvent, i: number) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    setTab(next);
    document.getElementById(`inspector-tab-${next}`)?.focus();
  };

  return (
    <section className="panel inspector" ref={ref} aria-label={t('inspector.title')}>
      <div role="tablist" aria-label={t('inspector.title')} className="tabs">
        {TABS.map((k, i) => (
          <button key={k} id={`inspector-tab-${k}`} role="tab" type="button" aria-selected={tab === k} aria-controls="inspector-panel"
            tabIndex={tab === k ? 0 : -1} className={tab === k ? 'tab on' : 'tab'} onClick={() => setTab(k)} onKeyDown={(e) => onKey(e, i)}>
            {t(`inspector.tab.${k}`)}
          </button>
        ))}
      </div>
      <div id="inspector-panel" role="tabpanel" tabIndex={0} aria-labelledby={`inspector-tab-${tab}`} className="tabpanel" ref={panelRef}>
        {tab === 'sentinel' && <SentinelPanel views={allViews} down={down} moments={moments} frames={frames} cursorMs={cursorMs} nameOfPort={nameOfPort} width={Math.max(300, panelWidth - 24)} t={t} />}
        {tab === 'nodes' && <NodeGrid views={views} down={down} disks={disks} />}
        {tab === 'backlog' && (master ? <BacklogRing view={master} frames={frames} psync={psync} cursorMs={cursorMs} nameOfPort={nameOfPort} t={t} /> : <p>{t('inspector.noMaster')}</p>)}
        {tab === 'buffers' && (master ? <BufferGauges master={master} views={views} frames={frames} cursorMs={cursorMs} trace={trace} t={t} /> : <p>{t('inspector.noMaster')}</p>)}
        {tab === 'handshake' && <HandshakeDiagram replica={replica} onSelectReplica={setReplica} frames={frames} trace={trace} cursorMs={cursorMs} t={t} />}
        {tab === 'info' && infoNode && <InfoPanel views={views} node={infoNode} previous={previous} onNode={onSelect} down={down} t={t} />}
        {tab === 'charts' && <OffsetChart charts={charts} views={views} down={down} cursorMs={cursorMs} onSeek={(ms) => void store.getState().seek(ms)} t={t} />}
      </div>
    </section>
  );
}
