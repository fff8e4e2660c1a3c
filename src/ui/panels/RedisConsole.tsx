// A redis-cli per node: tabs, the prompt (127.0.0.1:6380[2]>), history, Tab completion and hints,
// local HELP and clear, replies printed exactly as redis-cli prints them. Commands go out through
// onCommand; their replies come back in `transcript`. Also ClickableCommand, for commands in text.

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NodeView } from '../../runtime/protocol.ts';
import {
  completeStep, helpFor, hintFor, historyAdd, historyMove, historyStart, interpretLine, keepsInHistory, refusedText,
  type CompletionCycle, type HistoryNav,
} from './console.ts';
import { buildScreen, type ConsoleEntry, type Local, type ScreenItem } from './console-screen.ts';
import { PANEL_CSS } from './console-style.ts';
import { NodeTabs } from './NodeTabs.tsx';

export type { ConsoleEntry };

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A line to run as if typed there (from a ClickableCommand); each id runs once. */
export interface RunRequest {
  readonly id: number;
  readonly node: string;
  readonly text: string;
}

export interface RedisConsoleProps {
  readonly nodes: readonly NodeView[];
  readonly node: string;
  onNode(name: string): void;
  readonly transcript: readonly ConsoleEntry[];
  onCommand(node: string, argv: readonly string[]): void;
  /** Nodes not running at the cursor: redis-cli cannot connect to them. */
  readonly down?: readonly string[];
  readonly run?: RunRequest | null;
  readonly t: Translate;
  /** The run is playing: the console draws its last MAX_ROWS_PLAYING lines instead of MAX_ROWS. */
  readonly playing?: boolean;
}

interface NodeSession {
  history: readonly string[];
  locals: readonly Local[];
  /** `clear`: entries before these marks are off the screen. */
  clearedCount: number;
  clearedSeq: number;
  draft: string;
}

const EMPTY: NodeSession = { history: [], locals: [], clearedCount: 0, clearedSeq: -1, draft: '' };

/** The rows drawn at most: a long session keeps its history but draws only its end. */
const MAX_ROWS = 300;
/** While the run plays, fewer: lines stream by faster than anyone reads them. */
export const MAX_ROWS_PLAYING = 100;

export function RedisConsole({ nodes, node, onNode, transcript, onCommand, down = [], run = null, t, playing = false }: RedisConsoleProps) {
  const maxRows = playing ? MAX_ROWS_PLAYING : MAX_ROWS;
  const [sessions, setSessions] = useState<Record<string, NodeSession>>({});
  const [nav, setNav] = useState<HistoryNav | null>(null);
  const [cycle, setCycle] = useState<CompletionCycle | null>(null);
  const [hintFits, setHintFits] = useState(true);
  const seq = useRef(0);
  const lastRun = useRef<number | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const logRef = useRef<HTMLDivElement>(null);

  const view = nodes.find((v) => v.name === node) ?? null;
  const port = view?.port ?? 0;
  const isDown = down.includes(node);
  const session = sessions[node] ?? EMPTY;
  const entries = useMemo(() => transcript.filter((e) => e.node === node), [transcript, node]);
  const screen = useMemo(() => buildScreen(entries, session.locals, port, maxRows), [entries, session.locals, port, maxRows]);
  const shown = screen.items.filter((it) => (it.type === 'entry' ? it.index >= session.clearedCount : (it.local?.seq ?? 0) > session.clearedSeq));
  const value = session.draft;
  // Lines not drawn: the entries before the screen's window (unless cleared) and any overflow.
  const earlier = Math.max(0, screen.skipped - session.clearedCount) + Math.max(0, shown.length - maxRows);

  const update = (name: string, f: (s: NodeSession) => NodeSession) => setSessions((all) => ({ ...all, [name]: f(all[name] ?? EMPTY) }));
  const setValue = (text: string) => update(node, (s) => ({ ...s, draft: text }));

  /** Runs a line at a node's prompt, as redis-cli's repl loop does. */
  const submit = (name: string, line: string) => {
    const nodePort = nodes.find((v) => v.name === name)?.port ?? 0;
    const count = transcript.filter((e) => e.node === name).length;
    const action = interpretLine(line);
    const s0 = sessions[name] ?? EMPTY;
    const pending = s0.locals.filter((l) => l.kind === 'echo' && l.at <= count && count <= (l.expect ?? -1)).length;
    const add: Local[] = [];
    const local = (l: Omit<Local, 'seq' | 'at' | 'input'>) => add.push({ seq: seq.current++, at: count, input: line, ...l });
    let cleared: { count: number; seq: number } | null = null;
    switch (action.type) {
      case 'empty': local({ kind: 'text', text: '' }); break;
      case 'invalid': case 'bad-repeat': local({ kind: 'text', text: action.text }); break;
      case 'help': local({ kind: 'help', help: action.args }); break;
      case 'quit': local({ kind: 'note', text: t('console.quit') }); break;
      case 'clear': cleared = { count, seq: seq.current++ }; break;
      case 'send':
        if (down.includes(name)) {
          local({ kind: 'refused', text: refusedText(nodePort) });
          break;
        }
        for (let i = 0; i < action.repeat; i++) {
          local({ kind: 'echo', expect: count + pending + i });
          onCommand(name, action.argv);
        }
        break;
    }
    update(name, (s) => ({
      ...s,
      draft: name === node ? '' : s.draft,
      history: keepsInHistory(line) ? historyAdd(s.history, line) : s.history,
      locals: [...s.locals, ...add],
      ...(cleared ? { clearedCount: cleared.count, clearedSeq: cleared.seq } : {}),
    }));
    if (name === node) {
      setNav(null);
      setCycle(null);
    }
  };

  useEffect(() => {
    if (run && run.id !== lastRun.current) {
      lastRun.current = run.id;
      submit(run.node, run.text);
    }
  });

  // Each node has its own line being edited: switching tabs ends history browsing and completion.
  useEffect(() => {
    setNav(null);
    setCycle(null);
  }, [node]);

  useLayoutEffect(() => {
    const el = inputRef.current;
    if (el) setHintFits(el.scrollWidth <= el.clientWidth);
  }, [value]);

  const clear = () => update(node, (s) => ({ ...s, clearedCount: entries.length, clearedSeq: seq.current++ }));

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const key = e.key;
    if (key === 'Enter') {
      e.preventDefault();
      submit(node, value);
    } else if (key === 'ArrowUp' || key === 'ArrowDown') {
      e.preventDefault();
      const r = historyMove(nav ?? historyStart(session.history), value, key === 'ArrowUp' ? 'up' : 'down');
      setNav(r.nav);
      setValue(r.text);
      setCycle(null);
    } else if (key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && value.trim() !== '') {
      // Tab completes while there is something to complete; on an empty line it moves focus on.
      e.preventDefault();
      const r = completeStep(cycle ? cycle.original : value, cycle);
      if (r) {
        setCycle(r.cycle);
        setValue(r.text);
      }
    } else if (key === 'Escape' && cycle) {
      e.preventDefault();
      setValue(cycle.original);
      setCycle(null);
    } else if ((key === 'l' || key === 'L') && e.ctrlKey) {
      e.preventDefault();
      clear();
    } else if (key !== 'Shift' && key !== 'Control' && key !== 'Alt' && key !== 'Meta') {
      setCycle(null);
    }
  };

  const hint = hintFits && cycle === null ? hintFor(value) : null;
  const addr = `127.0.0.1:${port}`;
  const panelId = `rc-panel-${node}`;
  const status = cycle && cycle.index < cycle.matches.length ? t('console.completion', { text: cycle.matches[cycle.index], i: cycle.index + 1, n: cycle.matches.length }) : '';

  return (
    <section className="rc" data-testid="redis-console">
      <style href="replscope-console" precedence="default">{PANEL_CSS}</style>
      <NodeTabs
        label={t('console.tabs')}
        names={nodes.map((v) => v.name)}
        current={node}
        onSelect={onNode}
        panelId={panelId}
        badge={(n) => (down.includes(n) ? t('console.down') : null)}
      />
      {view === null ? (
        <p className="rc-empty">{t('console.noNode')}</p>
      ) : (
        <div className="rc-body" id={panelId} role="tabpanel" aria-label={`${node} ${addr}`}>
          <div
            className="rc-log"
            ref={logRef}
            role="log"
            tabIndex={0}
            aria-live="polite"
            aria-label={t('console.log', { node })}
            onMouseUp={() => {
              if (document.getSelection()?.isCollapsed !== false) inputRef.current?.focus();
            }}
          >
            <div>
              {shown.length === 0 && <p className="rc-muted">{t('console.start')}</p>}
              {earlier > 0 && <p className="rc-muted">{t('console.earlier', { n: earlier })}</p>}
              {shown.slice(-maxRows).map((it) => <ScreenRow key={it.key} item={it} t={t} />)}
            </div>
          </div>
          <div className="rc-inputline">
            <label className="rc-prompt" htmlFor={`rc-input-${node}`}>
              <span aria-hidden="true">{screen.prompt}</span>
              <span className="rc-sr">{t('console.input', { node, addr })}</span>
            </label>
            <div className="rc-field">
              <input
                id={`rc-input-${node}`}
                ref={inputRef}
                className="rc-input"
                data-testid="console-input"
                value={value}
                onChange={(e) => {
                  setValue(e.target.value);
                  setCycle(null);
                }}
                onKeyDown={onKeyDown}
                autoComplete="off"
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                enterKeyHint="send"
                aria-describedby={`rc-keys-${node}`}
                data-down={isDown ? 'yes' : undefined}
              />
              {hint !== null && (
                <div className="rc-hint" aria-hidden="true">
                  <span className="rc-hint-typed">{value}</span>
                  <span>{hint}</span>
                </div>
              )}
            </div>
          </div>
          <p className="rc-keys" id={`rc-keys-${node}`}>{t('console.keys')}</p>
          <p className="rc-sr" aria-live="polite">{status}</p>
        </div>
      )}
    </section>
  );
}

function ScreenRow({ item, t }: { item: ScreenItem; t: Translate }) {
  const l = item.type === 'local' ? item.local : null;
  return (
    <div className="rc-entry" data-kind={l ? l.kind : 'entry'}>
      <div className="rc-line">
        <span className="rc-p">{item.prompt}</span>
        <span className="rc-in">{item.input}</span>
      </div>
      {l?.kind === 'help' ? (
        <HelpView args={l.help ?? []} />
      ) : item.pending ? (
        <p className="rc-muted rc-pending">{t('console.waiting')}</p>
      ) : l?.kind === 'note' ? (
        <p className="rc-muted">{item.text}</p>
      ) : item.text !== '' ? (
        <pre className={item.error ? 'rc-out rc-err' : 'rc-out'}>{item.text}</pre>
      ) : null}
    </div>
  );
}

/** A command in a caption or a lesson: activating it runs it in that node's console. */
export function ClickableCommand({ node, text, onRun, t }: { node: string; text: string; onRun(node: string, text: string): void; t: Translate }) {
  return (
    <button type="button" className="rc-cmdlink" onClick={() => onRun(node, text)} aria-label={t('console.run', { cmd: text, node })}>
      <style href="replscope-console" precedence="default">{PANEL_CSS}</style>
      <span aria-hidden="true">▸</span>
      <code>{text}</code>
    </button>
  );
}

/** HELP as redis-cli prints it: the name in bold, the arguments dimmed, the labels marked. */
function HelpView({ args }: { args: readonly string[] }) {
  const r = helpFor(args);
  if (r.type === 'generic') return <pre className="rc-out">{r.text.slice(0, -1)}</pre>;
  return (
    <pre className="rc-out rc-help">
      {r.items.map((h) => (
        <span key={h.name}>
          {'\n  '}<b>{h.name}</b> <span className="rc-dim">{h.params}</span>
          {'\n  '}<span className="rc-lbl">summary:</span> {h.summary}
          {h.since !== '' && <>{'\n  '}<span className="rc-lbl">since:</span> {h.since}</>}
          {h.group !== undefined && <>{'\n  '}<span className="rc-lbl">group:</span> {h.group}</>}
        </span>
      ))}
      {'\n'}
    </pre>
  );
}
