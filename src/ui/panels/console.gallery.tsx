// Gallery page for the console, the INFO panel and the offset charts on a real run of a shipped
// scenario, with a movable cursor and live commands (typing in the past forks history):
// gallery.html?panel=console&scn=replica-crash-restart&t=5000&lang=zh&node=r1

import { useEffect, useMemo, useRef, useState } from 'react';
import { Timeline } from '../../runtime/timeline.ts';
import type { ReplyEvent } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import { RunIndex } from '../../app/run-index.ts';
import { quoteArg } from '../../scenario/split-args.ts';
import { panelT, type PanelT } from '../i18n/panels.ts';
import { ClickableCommand, RedisConsole, type ConsoleEntry, type RunRequest } from './RedisConsole.tsx';
import { InfoPanel } from './InfoPanel.tsx';
import { OffsetChart } from './OffsetChart.tsx';
import { refusedText } from './console.ts';

const SCENARIOS = import.meta.glob('../../../scenarios/*.scn', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const STEP_MS = 20;

/** The views at a moment (ms since the start), and the nodes not running then. */
interface Sample {
  readonly tMs: number;
  readonly views: readonly NodeView[];
  readonly down: readonly string[];
}

/** The sample at a moment: the last one at or before it. */
function sampleAt(samples: readonly Sample[], t: number): Sample | null {
  let best: Sample | null = null;
  for (const s of samples) if (s.tMs <= t && (best === null || s.tMs >= best.tMs)) best = s;
  return best;
}

interface Run {
  tl: Timeline;
  /** The run's trace read as the store reads it (the offset charts). */
  index: RunIndex;
  samples: Sample[];
  replies: ReplyEvent[];
  endMs: number;
}

/** Advances from the timeline's cursor to endMs, sampling the views every STEP_MS. */
async function collect(run: Run, fromMs: number): Promise<void> {
  for (let ms = Math.ceil(fromMs / STEP_MS) * STEP_MS; ms <= run.endMs; ms += STEP_MS) {
    await run.tl.advanceTo(ms);
    const snap = run.tl.snapshot();
    run.samples.push({ tMs: ms, views: snap.views, down: snap.down });
  }
}

/** Commands of the branch matched in order, per node, with the replies that came. */
function transcriptOf(run: Run, cursorMs: number): ConsoleEntry[] {
  const queues = new Map<string, ReplyEvent[]>();
  for (const r of run.replies) queues.set(r.node, [...(queues.get(r.node) ?? []), r]);
  const out: ConsoleEntry[] = [];
  for (const a of run.tl.actions) {
    if (a.action.type !== 'command' || a.atMs > cursorMs) continue;
    const { node, argv } = a.action;
    const r = queues.get(node)?.shift();
    const at = r ? r.timeMs : Infinity;
    const input = argv.map((x) => quoteArg(x)).join(' ');
    const port = run.samples.at(-1)?.views.find((v) => v.name === node)?.port ?? 0;
    if (!r || at > cursorMs) out.push({ node, input, output: null, atMs: a.atMs });
    else if (r.note === 'refused') out.push({ node, input, output: refusedText(port), atMs: a.atMs, ended: 'refused' });
    else if (r.note === 'exited') out.push({ node, input, output: null, atMs: a.atMs, ended: 'exited' });
    else out.push({ node, input, output: r.reply, atMs: a.atMs, replyAtMs: at });
  }
  return out;
}

/**
 * The scenario's run, played to its end and sampled once loaded; `command` types a command at the
 * cursor (history forks there, and the run is sampled again after it).
 */
function useSampledRun(scn: string, setCursorMs: (f: (c: number) => number) => void) {
  const runRef = useRef<Run | null>(null);
  const collecting = useRef(true);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(true);

  useEffect(() => {
    let live = true;
    const text = Object.entries(SCENARIOS).find(([p]) => p.endsWith(`/${scn}.scn`))?.[1] ?? '';
    const replies: ReplyEvent[] = [];
    const index = new RunIndex();
    const r = Timeline.load(text, {
      fileName: `${scn}.scn`,
      events: {
        onReply: (e) => { if (collecting.current) replies.push(e); },
        onTrace: (b) => index.add(b),
        onRewind: (keep) => index.cutBack(keep),
      },
    });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const run: Run = { tl: r.timeline, index, samples: [], replies, endMs: Math.ceil(r.timeline.scriptEndMs + 3000) };
    void collect(run, 0).then(() => {
      if (!live) return;
      runRef.current = run;
      setCursorMs((c) => (Number.isFinite(c) ? c : run.endMs));
      setBusy(false);
      setVersion((v) => v + 1);
    });
    return () => {
      live = false;
    };
  }, [scn]);

  const run = runRef.current;
  const command = async (cursorMs: number, name: string, argv: readonly string[]) => {
    if (!run || busy) return;
    setBusy(true);
    collecting.current = false;
    await run.tl.seek(cursorMs);
    collecting.current = true;
    run.replies.splice(0, run.replies.length, ...run.replies.filter((r) => r.timeMs <= cursorMs));
    run.samples.splice(0, run.samples.length, ...run.samples.filter((s) => s.tMs <= cursorMs));
    await run.tl.act({ type: 'command', node: name, argv, wait: true });
    await collect(run, cursorMs + 1);
    setBusy(false);
    setVersion((v) => v + 1);
  };
  return { run, version, busy, command };
}

/** Back and forward between moments, the cursor's slider and time, the language. */
function Toolbar({ cursorMs, endMs, busy, step, moveTo, lang, setLang, t }: {
  cursorMs: number; endMs: number; busy: boolean; step(dir: -1 | 1): void; moveTo(ms: number): void;
  lang: 'en' | 'zh'; setLang(l: 'en' | 'zh'): void; t: PanelT;
}) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 8 }}>
      <button type="button" onClick={() => step(-1)} disabled={busy} style={{ minHeight: 36 }}>‹ {t('console.gallery.back')}</button>
      <label style={{ display: 'flex', gap: 6, alignItems: 'center', flex: '1 1 200px' }}>
        {t('console.gallery.moment')}
        <input type="range" min={0} max={endMs} step={STEP_MS} value={Number.isFinite(cursorMs) ? cursorMs : 0} onChange={(e) => moveTo(Number(e.target.value))} style={{ flex: 1 }} />
        <span className="mono">{((Number.isFinite(cursorMs) ? cursorMs : 0) / 1000).toFixed(3)} s</span>
      </label>
      <button type="button" onClick={() => step(1)} disabled={busy} style={{ minHeight: 36 }}>{t('console.gallery.forward')} ›</button>
      <button type="button" onClick={() => setLang(lang === 'en' ? 'zh' : 'en')} style={{ minHeight: 36 }}>{lang === 'en' ? '中文' : 'English'}</button>
    </div>
  );
}

export function Gallery() {
  const q = new URLSearchParams(location.search);
  const scn = q.get('scn') ?? 'propagation';
  const [lang, setLang] = useState<'en' | 'zh'>(q.get('lang') === 'zh' ? 'zh' : 'en');
  const t = useMemo(() => panelT(lang === 'zh' ? 'zh-CN' : 'en'), [lang]);
  const [cursorMs, setCursorMs] = useState(Number(q.get('t') ?? NaN));
  const [prevCursorMs, setPrevCursorMs] = useState<number | null>(q.get('prev') !== null ? Number(q.get('prev')) : null);
  const [node, setNode] = useState(q.get('node') ?? 'm');
  const [request, setRequest] = useState<RunRequest | null>(null);
  const { run, version, busy, command } = useSampledRun(scn, setCursorMs);

  // The moments worth stepping to: where some node's INFO replication changed.
  const moments = useMemo(() => {
    const out: number[] = [];
    let last = '';
    for (const smp of run?.samples ?? []) {
      const sig = smp.views.map((v) => v.infoReplication).join('|');
      if (sig !== last) out.push(smp.tMs);
      last = sig;
    }
    if (run) out.push(run.endMs);
    return out;
  }, [run, version]);
  const at = run ? sampleAt(run.samples, cursorMs) : null;
  const prevAt = run && prevCursorMs !== null ? sampleAt(run.samples, prevCursorMs) : null;
  const moveTo = (ms: number) => {
    setPrevCursorMs(cursorMs);
    setCursorMs(ms);
  };
  const transcript = useMemo(() => (run ? transcriptOf(run, cursorMs) : []), [run, cursorMs, version]);
  const down = at?.down ?? [];
  // The whole run's lines (the gallery runs to the end first), the cursor drawn across them.
  const charts = useMemo(() => (run ? run.index.offsets.charts(run.endMs) : null), [run, version]);

  const step = (dir: -1 | 1) => {
    const next = dir > 0 ? moments.find((m) => m > cursorMs) : [...moments].reverse().find((m) => m < cursorMs);
    if (next !== undefined) moveTo(next);
  };
  const runCmd = (n: string, text: string) => {
    setNode(n);
    setRequest((r) => ({ id: (r?.id ?? 0) + 1, node: n, text }));
  };

  return (
    <main style={{ background: 'var(--bg)', color: 'var(--fg)', minHeight: '100vh', padding: 12, boxSizing: 'border-box', fontFamily: 'var(--font-ui)' }}>
      <Toolbar cursorMs={cursorMs} endMs={run?.endMs ?? 0} busy={busy} step={step} moveTo={moveTo} lang={lang} setLang={setLang} t={t} />
      <p style={{ margin: '0 0 8px', display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'baseline' }}>
        <ClickableCommand node="m" text="INFO replication" onRun={runCmd} t={t} />
        <ClickableCommand node="r1" text="SELECT 2" onRun={runCmd} t={t} />
        <ClickableCommand node="m" text="HELP SET" onRun={runCmd} t={t} />
        <ClickableCommand node="m" text="HELP @transactions" onRun={runCmd} t={t} />
      </p>
      {at && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))', gap: 12 }}>
          <div style={{ height: 420 }}>
            <RedisConsole nodes={at.views} node={node} onNode={setNode} transcript={transcript} onCommand={(n, a) => void command(cursorMs, n, a)} down={down} run={request} t={t} />
          </div>
          <InfoPanel views={at.views} previous={prevAt?.views ?? null} node={node} onNode={setNode} down={down} t={t} />
          <div style={{ gridColumn: '1 / -1' }}>
            <OffsetChart charts={charts!} views={at.views} down={down} cursorMs={cursorMs} onSeek={moveTo} t={t} />
          </div>
        </div>
      )}
    </main>
  );
}
