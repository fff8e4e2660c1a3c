// Gallery page for the output-buffer gauges and the PSYNC handshake diagram, on a real run:
// gallery.html?panel=handshake&scn=partial-resync&t=10500&lang=zh&replica=r1

import { useEffect, useMemo, useRef, useState } from 'react';
import { Timeline } from '../../runtime/timeline.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { panelT } from '../i18n/panels.ts';
import { BufferGauges } from './BufferGauges.tsx';
import { HandshakeDiagram } from './HandshakeDiagram.tsx';

const FILES = import.meta.glob('../../../scenarios/*.scn', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const SHIPPED = Object.fromEntries(Object.entries(FILES).map(([p, text]) => [p.split('/').pop()!.replace('.scn', ''), text]));

/** Two replicas, a slow link to r1, and writes while the RDB travels: the buffers fill, then drain. */
const SLOW_LINK = `seed 5
node m r1 r2
repeat 100 m> SET user:{i} name-{i}
bandwidth m r1 64kbit
r1> REPLICAOF m 6379
r2> REPLICAOF m 6379
sleep 2s
repeat 50 m> SET early:{i} value-{i}
at 5100ms
repeat 50 m> SET w:{i} value-{i}
at 5600ms
repeat 50 m> SET x:{i} value-{i}
sleep 5s`;

/**
 * repl-backlog-size 16kb and a 32kb hard limit: once both replicas are online, the second
 * shared-buffer block makes each reference two blocks, over the limit; they are dropped and
 * continue with a partial resync.
 */
const BUFFER_OVERFLOW = `seed 5
node m r1 r2
m> CONFIG SET repl-backlog-size 16kb
m> CONFIG SET client-output-buffer-limit "replica 32kb 16kb 60"
repeat 100 m> SET user:{i} name-{i}
r1> REPLICAOF m 6379
r2> REPLICAOF m 6379
at 8000ms
repeat 3 m> SET big:{i} ${'v'.repeat(9000)}
sleep 5s`;

const SCENARIOS: Record<string, string> = {
  ...SHIPPED,
  'slow-link-writes': SLOW_LINK,
  'buffer-overflow': BUFFER_OVERFLOW,
};
/** Where each scenario is worth looking at first (ms since the start); the end otherwise. */
const START_AT: Record<string, number> = { 'first-sync': 5002.5, 'partial-resync': 10500, 'slow-link-writes': 5300, 'buffer-overflow': 8000.5 };

interface Run {
  tl: Timeline;
  frames: FrameRecord[];
  trace: TraceEntry[];
  endMs: number;
  /** Moments worth stopping at: every frame's departure and arrival. */
  stops: number[];
}

async function loadRun(name: string): Promise<Run> {
  const frames: FrameRecord[] = [];
  const trace: TraceEntry[] = [];
  let collecting = true;
  const r = Timeline.load(SCENARIOS[name] ?? '', {
    fileName: `${name}.scn`,
    events: { onFrame: (f) => { if (collecting) frames.push(f); }, onTrace: (b) => { if (collecting) trace.push(...b); } },
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  const endMs = Math.ceil(r.timeline.scriptEndMs + 3000);
  await r.timeline.advanceTo(endMs);
  collecting = false;
  const stops = new Set<number>([0, endMs]);
  for (const f of frames) if (f.kind !== 'reply') stops.add(f.sentAtMs).add(f.arriveAtMs);
  return { tl: r.timeline, frames, trace, endMs, stops: [...stops].filter((x) => x <= endMs).sort((a, b) => a - b) };
}

const BTN = { minHeight: 44, minWidth: 44 } as const;

export function Gallery() {
  const q = new URLSearchParams(location.search);
  const [name, setName] = useState(q.get('scn') && SCENARIOS[q.get('scn')!] ? q.get('scn')! : 'first-sync');
  const [lang, setLang] = useState<'en' | 'zh'>(q.get('lang') === 'zh' ? 'zh' : 'en');
  const [replica, setReplica] = useState<string | null>(q.get('replica'));
  const [run, setRun] = useState<Run | null>(null);
  const [cursorMs, setCursorMs] = useState(0);
  const [views, setViews] = useState<readonly NodeView[]>([]);
  const chain = useRef(Promise.resolve());
  const t = useMemo(() => panelT(lang === 'zh' ? 'zh-CN' : 'en'), [lang]);

  const seek = (r: Run, ms: number) => {
    chain.current = chain.current.then(async () => {
      await r.tl.seek(Math.min(r.endMs, Math.max(0, ms)));
      setCursorMs(r.tl.cursorMs);
      setViews(r.tl.snapshot().views);
    });
  };

  useEffect(() => {
    let live = true;
    setRun(null);
    void loadRun(name).then((r) => {
      if (!live) return;
      setRun(r);
      seek(r, Number(q.get('t') ?? START_AT[name] ?? r.endMs));
    });
    return () => { live = false; };
  }, [name]);

  useEffect(() => { document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; }, [lang]);

  const master = views.find((v) => v.role === 'master' && v.replicas.length > 0) ?? views.find((v) => v.role === 'master') ?? null;
  const stop = (dir: 1 | -1) => {
    if (!run) return;
    const s = dir > 0 ? run.stops.find((x) => x > cursorMs + 1e-6) : [...run.stops].reverse().find((x) => x < cursorMs - 1e-6);
    if (s !== undefined) seek(run, s);
  };

  return (
    <main style={{ fontFamily: 'var(--font-ui)', background: 'var(--bg)', color: 'var(--fg)', minHeight: '100vh', padding: 12, boxSizing: 'border-box', display: 'flex', flexDirection: 'column', gap: 14 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', fontSize: 'var(--fs-sm)' }}>
        <label>{t('handshake.gallery.scenario')}{' '}
          <select value={name} onChange={(e) => setName(e.target.value)} style={BTN}>
            {Object.keys(SCENARIOS).map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label>{t('handshake.gallery.language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value === 'zh' ? 'zh' : 'en')} style={BTN}>
            <option value="en">English</option><option value="zh">中文</option>
          </select>
        </label>
        <button type="button" style={BTN} disabled={!run} onClick={() => run && seek(run, cursorMs - 1000)} aria-label={t('handshake.gallery.back1s')}>−1 s</button>
        <button type="button" style={BTN} disabled={!run} onClick={() => stop(-1)}>◀ {t('handshake.gallery.prev')}</button>
        <button type="button" style={BTN} disabled={!run} onClick={() => stop(1)}>{t('handshake.gallery.next')} ▶</button>
        <button type="button" style={BTN} disabled={!run} onClick={() => run && seek(run, cursorMs + 1000)} aria-label={t('handshake.gallery.fwd1s')}>+1 s</button>
        <label style={{ display: 'flex', alignItems: 'center', gap: 6, flex: '1 1 200px' }}>{t('handshake.gallery.cursor')}
          <input type="range" min={0} max={run?.endMs ?? 0} step={1} value={cursorMs} disabled={!run} style={{ flex: 1, minHeight: 44 }}
            onChange={(e) => run && seek(run, Number(e.target.value))} />
        </label>
        <span className="mono" data-testid="gallery-cursor">{t('handshake.gallery.at', { s: (cursorMs / 1000).toFixed(3) })}</span>
      </div>
      {!run || !master ? <p>{t('handshake.gallery.loading')}</p> : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))', gap: 16, alignItems: 'start' }}>
          <div style={{ background: 'var(--panel)', border: '1px solid var(--line)', borderRadius: 'var(--radius)', padding: 10, minWidth: 0 }}>
            <BufferGauges master={master} views={views} frames={run.frames} cursorMs={cursorMs} trace={run.trace} t={t} />
          </div>
          <div style={{ background: 'var(--panel)', border: '1px solid var(--line)', borderRadius: 'var(--radius)', padding: 10, minWidth: 0 }}>
            <HandshakeDiagram replica={replica} onSelectReplica={setReplica} frames={run.frames} trace={run.trace} cursorMs={cursorMs} t={t} />
          </div>
        </div>
      )}
    </main>
  );
}
