// Gallery page for the stream lane, the odometers and the backlog ring, on a real run of a shipped
// scenario: gallery.html?panel=stream&scn=full-resync-small-backlog&mode=ring&t=9500&lang=zh

import { useEffect, useMemo, useRef, useState } from 'react';
import { Timeline } from '../../runtime/timeline.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { panelT } from '../i18n/panels.ts';
import { StreamLane } from './StreamLane.tsx';
import { BacklogRing } from './BacklogRing.tsx';
import { psyncAnswers } from './ring.ts';
import { topMaster } from './stream.ts';

const SCENARIOS = import.meta.glob('../../../scenarios/*.scn', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const scnName = (p: string) => p.split('/').pop()!.replace('.scn', '');
/** Where each scenario is worth looking at first (ms since the start); the end otherwise. */
const START_AT: Record<string, number> = { 'partial-resync': 10500, 'full-resync-small-backlog': 9500 };

interface Run {
  tl: Timeline;
  frames: FrameRecord[];
  trace: TraceEntry[];
  endMs: number;
  stops: number[];
}

async function loadRun(name: string, mode: 'shared' | 'ring'): Promise<Run> {
  const text = Object.entries(SCENARIOS).find(([p]) => scnName(p) === name)?.[1] ?? '';
  const frames: FrameRecord[] = [];
  const trace: TraceEntry[] = [];
  let collecting = true;
  const r = Timeline.load(text, {
    backlogMode: mode, fileName: `${name}.scn`,
    events: { onFrame: (f) => { if (collecting) frames.push(f); }, onTrace: (b) => { if (collecting) trace.push(...b); } },
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  const endMs = Math.ceil(r.timeline.scriptEndMs + 3000);
  await r.timeline.advanceTo(endMs);
  collecting = false;
  const stops = new Set<number>([0, endMs]);
  for (const f of frames) if (f.kind === 'stream') stops.add(Math.ceil(f.arriveAtMs));
  for (const e of trace) if (e.kind === 'event' && e.event.type === 'psyncDecision') stops.add(Math.ceil(e.t));
  return { tl: r.timeline, frames, trace, endMs, stops: [...stops].sort((a, b) => a - b) };
}

export function Gallery() {
  const q = new URLSearchParams(location.search);
  const [name, setName] = useState(q.get('scn') ?? 'propagation');
  const [mode, setMode] = useState<'shared' | 'ring'>(q.get('mode') === 'ring' ? 'ring' : 'shared');
  const [lang, setLang] = useState<'en' | 'zh'>(q.get('lang') === 'zh' ? 'zh' : 'en');
  const [run, setRun] = useState<Run | null>(null);
  const [cursorMs, setCursorMs] = useState(0);
  const [views, setViews] = useState<readonly NodeView[]>([]);
  const chain = useRef(Promise.resolve());
  const t = useMemo(() => panelT(lang === 'zh' ? 'zh-CN' : 'en'), [lang]);

  const seek = (r: Run, ms: number) => {
    chain.current = chain.current.then(async () => {
      await r.tl.seek(ms);
      setCursorMs(r.tl.cursorMs);
      setViews(r.tl.snapshot().views);
    });
  };

  useEffect(() => {
    let live = true;
    setRun(null);
    void loadRun(name, mode).then((r) => {
      if (!live) return;
      setRun(r);
      const want = Number(q.get('t') ?? START_AT[name] ?? r.endMs);
      seek(r, Math.min(r.endMs, Math.max(0, want)));
    });
    return () => { live = false; };
  }, [name, mode]);

  useEffect(() => { document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; }, [lang]);

  const psync = useMemo(() => (run ? psyncAnswers(run.trace, cursorMs) : []), [run, cursorMs]);
  const nameOfPort = useMemo(() => new Map((run?.trace ?? []).flatMap((e) => (e.kind === 'boot' ? [[e.port, e.node] as const] : []))), [run]);
  const master = topMaster(views);
  const step = (dir: 1 | -1) => {
    if (!run) return;
    const s = dir > 0 ? run.stops.find((x) => x > cursorMs + 0.5) : [...run.stops].reverse().find((x) => x < cursorMs - 0.5);
    if (s !== undefined) seek(run, s);
  };

  return (
    <main style={{ fontFamily: 'var(--font-ui)', background: 'var(--bg)', color: 'var(--fg)', minHeight: '100vh', padding: 12, boxSizing: 'border-box', display: 'flex', flexDirection: 'column', gap: 14 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'center', fontSize: 'var(--fs-sm)' }}>
        <label>{t('stream.gallery.scenario')}{' '}
          <select value={name} onChange={(e) => setName(e.target.value)} style={{ minHeight: 44 }}>
            {Object.keys(SCENARIOS).map(scnName).map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label>{t('stream.gallery.mode')}{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value === 'ring' ? 'ring' : 'shared')} style={{ minHeight: 44 }}>
            <option value="shared">shared (7.0)</option><option value="ring">ring (2.8–6.2)</option>
          </select>
        </label>
        <label>{t('stream.gallery.language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value === 'zh' ? 'zh' : 'en')} style={{ minHeight: 44 }}>
            <option value="en">English</option><option value="zh">中文</option>
          </select>
        </label>
        <button type="button" style={{ minHeight: 44, minWidth: 44 }} onClick={() => step(-1)} disabled={!run}>◀ {t('stream.gallery.prev')}</button>
        <button type="button" style={{ minHeight: 44, minWidth: 44 }} onClick={() => step(1)} disabled={!run}>{t('stream.gallery.next')} ▶</button>
        <label style={{ display: 'flex', alignItems: 'center', gap: 6, flex: '1 1 200px' }}>{t('stream.gallery.cursor')}
          <input type="range" min={0} max={run?.endMs ?? 0} value={cursorMs} disabled={!run} style={{ flex: 1, minHeight: 44 }}
            onChange={(e) => run && seek(run, Number(e.target.value))} />
        </label>
        <span className="mono" data-testid="gallery-cursor">{t('stream.gallery.at', { s: (cursorMs / 1000).toFixed(3) })}</span>
      </div>
      {!run || !master ? <p>{t('stream.gallery.loading')}</p> : (
        <>
          <StreamLane frames={run.frames} views={views} cursorMs={cursorMs} t={t} />
          <BacklogRing view={master} frames={run.frames} psync={psync} cursorMs={cursorMs} nameOfPort={nameOfPort} t={t} />
        </>
      )}
    </main>
  );
}
