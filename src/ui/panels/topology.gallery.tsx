// The topology stage in the panel gallery, on real runs: gallery.html?panel=topology&scene=chain
// &at=470&lang=zh&sel=r1&frame=first&rm=1. Buttons move the cursor to telling moments, step it,
// or play it slowly; node and link actions act on the run (history forks, as on the page).

import { useCallback, useEffect, useRef, useState } from 'react';
import { Timeline } from '../../runtime/timeline.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { UserAction } from '../../runtime/timeline-api.ts';
import type { ActionTarget } from '../../app/actions.ts';
import { assertNever } from '../../engine/assert.ts';
import firstSync from '../../../scenarios/first-sync.scn?raw';
import crashRestart from '../../../scenarios/replica-crash-restart.scn?raw';
import { panelT } from '../i18n/panels.ts';
import { Topology } from './Topology.tsx';
import type { MenuActionId } from './TopologyMenu.tsx';
import { frameId, framesInFlight, indexFrames } from './frames.ts';
import { linkKey } from './topology-layout.ts';
import { BUSY, CHAIN } from './topology-scenes.ts';

const SCENES: Record<string, { text: string; moments: readonly [string, number][] }> = {
  chain: { text: CHAIN, moments: [['handshake', 150], ['RDB m→r1', 470], ['RDB r1→r3', 6175], ['stream', 6880], ['cut', 8900]] },
  'first-sync': { text: firstSync, moments: [['start', 0], ['PING', 2.5], ['REPLCONF', 4.5], ['RDB', 5001.6], ['ACK', 6001.5]] },
  crash: { text: crashRestart, moments: [['online', 500], ['crashed', 2000], ['restarted', 3010.5], ['PSYNC', 3012]] },
  busy: { text: BUSY, moments: [['handshake', 100], ['burst', 515], ['after', 900]] },
};

interface Run { tl: Timeline; frames: FrameRecord[]; ids: Set<string>; endMs: number }

/** The scene's run, loaded once and played to its end; the cursor moves by seeks, in order. */
function useSceneRun(scene: (typeof SCENES)[string], params: URLSearchParams) {
  const run = useRef<Run | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [, setTick] = useState(0);
  const [cursorMs, setCursorMs] = useState(0);
  const [views, setViews] = useState<readonly NodeView[]>([]);
  const [selFrame, setSelFrame] = useState<string | null>(null);
  const [note, setNote] = useState('');

  const publish = useCallback(() => {
    const r = run.current!;
    setViews(r.tl.snapshot().views);
    setCursorMs(r.tl.cursorMs);
    setTick((x) => x + 1);
  }, []);
  const go = useCallback((ms: number) => {
    queue.current = queue.current.then(async () => { await run.current?.tl.seek(Math.max(0, ms)); publish(); });
    return queue.current;
  }, [publish]);

  useEffect(() => {
    const ids = new Set<string>();
    const onFrame = (f: FrameRecord) => { const id = frameId(f); if (run.current && !ids.has(id)) { ids.add(id); run.current.frames.push(f); } };
    const loaded = Timeline.load(scene.text, { events: { onFrame } });
    if (!loaded.ok) { setNote(loaded.errors.join('\n')); return; }
    const tl = loaded.timeline;
    const endMs = tl.scriptEndMs + 500;
    run.current = { tl, frames: [], ids, endMs };
    void (async () => {
      await tl.advanceTo(endMs);
      const at = Number(params.get('at') ?? scene.moments[1]?.[1] ?? 0);
      await go(at);
      if (params.get('frame') === 'first') {
        const inflight = framesInFlight(indexFrames(run.current!.frames), at);
        if (inflight.length) setSelFrame(frameId(inflight[inflight.length - 1]));
      }
    })();
  }, []);

  const act = (a: UserAction) => {
    queue.current = queue.current.then(async () => {
      const x = run.current!;
      // Acting forks history: the old future's frames go.
      const now = x.tl.cursorMs;
      for (const f of x.frames) if (f.sentAtMs > now) x.ids.delete(frameId(f));
      x.frames = x.frames.filter((f) => f.sentAtMs <= now);
      await x.tl.act(a);
      setNote(JSON.stringify(a));
      publish();
    });
  };
  const cursor = () => run.current?.tl.cursorMs ?? 0;
  return { run: run.current, cursor, cursorMs, views, selFrame, setSelFrame, note, setNote, go, act };
}

/** Plays the run at 1/20 of real time while `playing`. */
function useSlowPlay(playing: boolean, go: (ms: number) => unknown, cursor: () => number) {
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let id = requestAnimationFrame(function step(now) {
      const dt = (now - last) * 0.05; // 1/20 of real time
      last = now;
      void go(cursor() + dt);
      id = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(id);
  }, [playing, go]);
}

export function Gallery() {
  const params = new URLSearchParams(location.search);
  const sceneName = SCENES[params.get('scene') ?? ''] ? params.get('scene')! : 'chain';
  const scene = SCENES[sceneName];
  const [lang, setLang] = useState<'en' | 'zh'>(params.get('lang') === 'zh' ? 'zh' : 'en');
  const [rm, setRm] = useState(params.get('rm') === '1');
  const { run: r, cursor, cursorMs, views, selFrame, setSelFrame, note, setNote, go, act } = useSceneRun(scene, params);
  const [selNode, setSelNode] = useState<string | null>(params.get('sel'));
  const [playing, setPlaying] = useState(false);
  useSlowPlay(playing, go, cursor);

  const t = panelT(lang === 'zh' ? 'zh-CN' : 'en');
  const cut = new Set<string>();
  for (const a of r?.tl.actions ?? []) {
    if (a.atMs > cursorMs) break;
    if (a.action.type === 'cut') cut.add(linkKey(a.action.a, a.action.b));
    if (a.action.type === 'heal') cut.delete(linkKey(a.action.a, a.action.b));
  }
  const down = r ? [...r.tl.simulator.nodes.values()].filter((n) => !n.alive).map((n) => n.name) : [];
  const addReplica = (of: string) => {
    const names = new Set(views.map((v) => v.name));
    let i = views.length;
    while (names.has(`r${i}`)) i++;
    const port = views.find((v) => v.name === of)?.port ?? 6379;
    act({ type: 'addNode', node: `r${i}` });
    act({ type: 'command', node: `r${i}`, argv: ['REPLICAOF', of, String(port)], wait: false });
  };
  // The catalogue's actions, done on this run (the page runs them through the store).
  const onRun = (id: MenuActionId, target: ActionTarget) => {
    const node = target.node ?? '', a = target.a ?? '', b = target.b ?? '';
    switch (id) {
      case 'crash': case 'restart': act({ type: id, node }); break;
      case 'promote': act({ type: 'command', node, argv: ['REPLICAOF', 'NO', 'ONE'], wait: false }); break;
      case 'addReplica': addReplica(node); break;
      case 'remove': setNote(`remove(${node})`); break;
      case 'addSentinel': case 'monitor': setNote(`${id}(${node})`); break;
      case 'cut': case 'heal': case 'kill': act({ type: id, a, b }); break;
      default: assertNever(id);
    }
  };
  const btn = { minHeight: 32, marginRight: 4 } as const;
  return (
    <div style={{ background: 'var(--bg)', color: 'var(--fg)', fontFamily: 'var(--font-ui)', minHeight: '100vh', padding: 8, boxSizing: 'border-box' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center', marginBottom: 6, fontSize: 13 }}>
        <strong>{sceneName}</strong>
        {scene.moments.map(([label, ms]) => <button key={label} style={btn} onClick={() => void go(ms)}>{label}</button>)}
        {[-10, -1, -0.25, 0.25, 1, 10].map((d) => <button key={d} style={btn} onClick={() => void go(cursorMs + d)}>{d > 0 ? `+${d}` : d} ms</button>)}
        <button style={btn} onClick={() => setPlaying(!playing)}>{playing ? 'pause' : 'play 1/20×'}</button>
        <input type="range" min={0} max={r?.endMs ?? 1} step={0.25} value={cursorMs} onChange={(e) => void go(Number(e.target.value))} aria-label="cursor" />
        <span className="mono">t={cursorMs.toFixed(3)} ms</span>
        <button style={btn} onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}>{lang === 'en' ? '中文' : 'EN'}</button>
        <label><input type="checkbox" checked={rm} onChange={(e) => setRm(e.target.checked)} /> reduced motion</label>
        {note && <code style={{ fontSize: 11 }}>{note}</code>}
      </div>
      <div style={{ height: 'calc(100vh - 90px)', minHeight: 320, maxWidth: Number(params.get('w') ?? 0) || undefined }}>
        {r && (
          <Topology views={views} frames={r.frames} cursorMs={cursorMs} cutLinks={[...cut]} down={down}
            selectedNode={selNode} selectedFrame={selFrame} onSelectNode={setSelNode} onSelectFrame={setSelFrame}
            onAction={act} onRun={onRun} reducedMotion={rm} t={t} />
        )}
      </div>
    </div>
  );
}
