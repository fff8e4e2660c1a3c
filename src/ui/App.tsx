// The app shell: pick an example scenario, run it in the simulator, and read the transcript.
import { useEffect, useMemo, useState } from 'react';
import { EXAMPLES, exampleByName } from '../app/examples.ts';
import { parseScenario, formatScenarioError } from '../scenario/parse.ts';
import { runScenario, type TranscriptItem } from '../runtime/run-scenario.ts';
import { t, type Lang } from './i18n.ts';

interface RunView {
  items: TranscriptItem[];
  hash: string;
  events: number;
  simMs: number;
  error: string | null;
}

function runText(text: string, name: string): RunView {
  const parsed = parseScenario(text, name);
  if (!parsed.ok) {
    return { items: [], hash: '', events: 0, simMs: 0, error: parsed.errors.map((e) => formatScenarioError(name, e)).join('\n') };
  }
  try {
    const res = runScenario(parsed.steps, parsed.seed);
    const last = res.transcript[res.transcript.length - 1];
    return { items: res.transcript, hash: res.hash, events: res.sim.eventsProcessed, simMs: last ? last.timeMs : 0, error: null };
  } catch (e) {
    return { items: [], hash: '', events: 0, simMs: 0, error: String((e as Error).message) };
  }
}

export function App() {
  const initial = new URLSearchParams(location.search).get('example') ?? EXAMPLES[0]?.name ?? '';
  const [name, setName] = useState(exampleByName(initial) ? initial : EXAMPLES[0].name);
  const [lang, setLang] = useState<Lang>(navigator.language.startsWith('zh') ? 'zh-CN' : 'en');
  const [view, setView] = useState<RunView | null>(null);
  const example = useMemo(() => exampleByName(name)!, [name]);

  useEffect(() => {
    setView(null);
    const id = setTimeout(() => setView(runText(example.text, `${example.name}.scn`)), 0);
    return () => clearTimeout(id);
  }, [example]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <div className="shell">
      <header className="bar">
        <h1>replscope <span className="tag">{t(lang, 'app.tagline')}</span></h1>
        <label>
          {t(lang, 'app.example')}{' '}
          <select value={name} onChange={(e) => setName(e.target.value)} data-testid="example-picker">
            {EXAMPLES.map((x) => <option key={x.name} value={x.name}>{x.name}</option>)}
          </select>
        </label>
        <label>
          {t(lang, 'app.language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
      </header>
      <main>
        <p className="summary">{example.summary}</p>
        <p aria-live="polite">
          {t(lang, 'app.traceHash')}:{' '}
          <code data-testid="trace-hash" data-state={view ? 'done' : 'running'}>{view ? view.hash : t(lang, 'app.running')}</code>
          {view && !view.error && <span className="meta"> · {view.events} {t(lang, 'app.events')} · {t(lang, 'app.simTime')} {(view.simMs / 1000).toFixed(3)} s</span>}
        </p>
        {view?.error && <pre role="alert" className="error">{view.error}</pre>}
        <h2>{t(lang, 'app.transcript')}</h2>
        <pre className="transcript" data-testid="transcript" tabIndex={0}>
          {view?.items.map((it, i) => (
            <span key={i} className={it.failure ? 'fail' : undefined}>
              <span className="cmd">{it.text}</span>{'\n'}
              {it.output && /^\s*(expect\s+|repeat\s+\d+\s+|nowait\s+)?[A-Za-z][\w-]*>/.test(it.text) ? it.output.replace(/\r\n/g, '\n') : ''}
              {it.failure ? `!! ${it.failure}\n` : ''}
            </span>
          ))}
        </pre>
      </main>
    </div>
  );
}
