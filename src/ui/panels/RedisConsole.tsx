// A redis-cli per node: tabs, the prompt (127.0.0.1:6380[2]>), history, Tab completion and hints,
// local HELP and clear, replies printed exactly as redis-cli prints them. Commands go out through
// onCommand; their replies come back in `transcript`. Also ClickableCommand, for commands in text.

import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { NodeView } from '../../runtime/protocol.ts';
import { completeStep, helpFor, hintFor, historyMove, historyStart } from './console.ts';
import type { ConsoleEntry, ScreenItem } from './console-screen.ts';
import { useConsoleSessions } from './use-console-sessions.ts';
import { fitCount, useMeasured } from './use-fit-count.ts';
import './console-style.css';
import { NodeTabs } from './NodeTabs.tsx';
export { ClickableCommand } from './ClickableCommand.tsx';

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
  /** Nodes whose redis-cli waits for a reply: it reads no next line until then. */
  readonly waiting?: readonly string[];
  /** What the shown node's console waits for (drawn above its input while it waits). */
  readonly waitLine?: ReactNode;
  /** Ctrl+C while a node's console waits: that redis-cli exits. */
  onInterrupt?(node: string): void;
}

/** The rows drawn at most: a long session keeps its history but draws only its end. */
const MAX_ROWS = 300;
/** While the run plays, fewer: lines stream by faster than anyone reads them. */
export const MAX_ROWS_PLAYING = 100;

/**
 * While playing, the rows that fill the console at its tallest (its panel's max-height), each at
 * least one line high: the log keeps to its newest line, so no more are seen, and a refresh
 * replaces a screenful of rows, not MAX_ROWS_PLAYING. MAX_ROWS_PLAYING where the panel has no
 * max-height (its height would follow its rows).
 */
function rowsToFill(log: HTMLElement): number {
  const panel = log.closest<HTMLElement>('.panel');
  const maxPx = panel ? parseFloat(getComputedStyle(panel).maxHeight) : NaN;
  const linePx = parseFloat(getComputedStyle(log).lineHeight);
  return Number.isFinite(maxPx) ? fitCount(maxPx, linePx, ROW_GAP_PX, MAX_ROWS_PLAYING) : MAX_ROWS_PLAYING;
}
/** .rc-entry's bottom margin (console-style.css). */
const ROW_GAP_PX = 2;

const NONE: readonly string[] = [];

export function RedisConsole(props: RedisConsoleProps) {
  const { nodes, node, onNode, transcript, onCommand, down = NONE, run = null, t, playing = false, waiting = NONE, waitLine = null, onInterrupt } = props;
  const logRef = useRef<HTMLDivElement>(null);
  const playingRows = useMeasured(logRef, rowsToFill, playing, MAX_ROWS_PLAYING, nodes.some((v) => v.name === node));
  const maxRows = playing ? playingRows : MAX_ROWS;
  const c = useConsoleSessions({ nodes, node, transcript, onCommand, down, waiting, t, maxRows });
  const lastRun = useRef<number | null>(null);

  useEffect(() => {
    if (run && run.id !== lastRun.current) {
      lastRun.current = run.id;
      c.submit(run.node, run.text);
    }
  });

  const view = nodes.find((v) => v.name === node) ?? null;
  // On a Sentinel redis-cli's help and completion know the Sentinel's commands, not the data ones.
  const sentinel = view?.sentinel !== undefined;
  const addr = `127.0.0.1:${view?.port ?? 0}`;
  const panelId = `rc-panel-${node}`;

  return (
    <section className="rc" data-testid="redis-console">
      <NodeTabs
        label={t('console.tabs')}
        names={nodes.map((v) => v.name)}
        current={node}
        onSelect={onNode}
        panelId={panelId}
        badge={(n) => (down.includes(n) ? t('console.down') : null)}
        testId={(n) => `console-tab-${n}`}
      />
      {view === null ? (
        <p className="rc-empty">{t('console.noNode')}</p>
      ) : (
        <div className="rc-body" id={panelId} role="tabpanel" aria-label={`${node} ${addr}`}>
          <div
            ref={logRef}
            className="rc-log"
            role="log"
            tabIndex={0}
            aria-live="polite"
            aria-label={t('console.log', { node })}
            onMouseUp={() => {
              if (document.getSelection()?.isCollapsed !== false) c.inputRef.current?.focus();
            }}
          >
            <div data-testid="console-output">
              {c.shown.length === 0 && <p className="rc-muted">{t('console.start')}</p>}
              {c.earlier > 0 && <p className="rc-muted">{t('console.earlier', { n: c.earlier })}</p>}
              {/* While playing, rows are keyed by their place from the newest: a refresh rewrites the rows' text
                  in place instead of removing the oldest elements and building new ones (frame budget). */}
              {c.shown.slice(-maxRows).map((it, i, rows) => <ScreenRow key={playing ? `p${rows.length - i}` : it.key} item={it} node={node} sentinel={sentinel} t={t} />)}
            </div>
          </div>
          {waiting.includes(node) && waitLine}
          <ConsolePrompt c={c} node={node} sentinel={sentinel} addr={addr} isDown={down.includes(node)} waits={waiting.includes(node)} onInterrupt={onInterrupt} t={t} />
        </div>
      )}
    </section>
  );
}

type Session = ReturnType<typeof useConsoleSessions>;

interface PromptProps {
  readonly c: Session;
  readonly node: string;
  /** The console is on a Sentinel: completion and hints know its commands. */
  readonly sentinel: boolean;
  readonly addr: string;
  readonly isDown: boolean;
  /** redis-cli waits for a reply: Enter keeps the line, Ctrl+C quits. */
  readonly waits: boolean;
  onInterrupt?(node: string): void;
  readonly t: Translate;
}

/** The prompt line: history (↑ ↓), Tab completion with its hint, Esc, Ctrl+L; Ctrl+C while it waits. */
function ConsolePrompt({ c, node, sentinel, addr, isDown, waits, onInterrupt, t }: PromptProps) {
  const [hintFits, setHintFits] = useState(true);
  const { value, setValue, nav, setNav, cycle, setCycle } = c;

  useLayoutEffect(() => {
    const el = c.inputRef.current;
    if (el) setHintFits(el.scrollWidth <= el.clientWidth);
  }, [value, c.inputRef]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const key = e.key;
    const el = e.currentTarget;
    if (key === 'Enter') {
      e.preventDefault();
      c.submit(node, value);
    } else if (waits && (key === 'c' || key === 'C') && e.ctrlKey && el.selectionStart === el.selectionEnd) {
      // Ctrl+C with nothing selected (with a selection it copies): redis-cli exits.
      e.preventDefault();
      onInterrupt?.(node);
    } else if (key === 'ArrowUp' || key === 'ArrowDown') {
      e.preventDefault();
      const r = historyMove(nav ?? historyStart(c.session.history), value, key === 'ArrowUp' ? 'up' : 'down');
      setNav(r.nav);
      setValue(r.text);
      setCycle(null);
    } else if (key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && value.trim() !== '') {
      // Tab completes while there is something to complete; on an empty line it moves focus on.
      e.preventDefault();
      const r = completeStep(cycle ? cycle.original : value, cycle, sentinel);
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
      c.clear();
    } else if (key !== 'Shift' && key !== 'Control' && key !== 'Alt' && key !== 'Meta') {
      setCycle(null);
    }
  };

  const hint = hintFits && cycle === null ? hintFor(value, sentinel) : null;
  const status = cycle && cycle.index < cycle.matches.length ? t('console.completion', { text: cycle.matches[cycle.index], i: cycle.index + 1, n: cycle.matches.length }) : '';
  return (
    <>
      <div className="rc-inputline">
        <label className="rc-prompt" htmlFor={`rc-input-${node}`}>
          <span aria-hidden="true">{c.screen.prompt}</span>
          <span className="rc-sr">{t('console.input', { node, addr })}</span>
        </label>
        <div className="rc-field">
          <input
            id={`rc-input-${node}`}
            ref={c.inputRef}
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
            data-waiting={waits ? 'yes' : undefined}
          />
          {hint !== null && (
            <div className="rc-hint" aria-hidden="true">
              <span className="rc-hint-typed">{value}</span>
              <span>{hint}</span>
            </div>
          )}
        </div>
      </div>
      {waits && value.trim() !== '' && <p className="rc-held">{t('console.wait.held')}</p>}
      <p className="rc-keys" id={`rc-keys-${node}`}>{t('console.keys')}</p>
      <p className="rc-sr" aria-live="polite">{status}</p>
    </>
  );
}

/** Two screen items draw the same row (the screen is rebuilt whenever the transcript grows). */
function sameRow(a: ScreenItem, b: ScreenItem): boolean {
  return a.key === b.key && a.type === b.type && a.local === b.local && a.prompt === b.prompt && a.input === b.input && a.text === b.text
    && a.error === b.error && a.pending === b.pending && a.cancelled === b.cancelled;
}

type RowProps = { item: ScreenItem; node: string; sentinel: boolean; t: Translate };

/** A row is redrawn only when what it shows changes: a refresh while playing redraws the new rows, not the hundred before them. */
const ScreenRow = memo(function ScreenRow({ item, node, sentinel, t }: RowProps) {
  const l = item.type === 'local' ? item.local : null;
  return (
    <div className="rc-entry" data-kind={l ? l.kind : 'entry'}>
      <div className="rc-line">
        <span className="rc-p">{item.prompt}</span>
        <span className="rc-in">{item.input}</span>
      </div>
      {l?.kind === 'help' ? (
        <HelpView args={l.help ?? []} sentinel={sentinel} />
      ) : item.pending ? (
        <p className="rc-muted rc-pending">{t('console.waiting')}</p>
      ) : l?.kind === 'note' ? (
        <p className="rc-muted">{item.text}</p>
      ) : item.cancelled ? (
        <>
          <pre className="rc-out">{item.text}</pre>
          <p className="rc-muted">{t('console.wait.ctrlC', { node })}</p>
        </>
      ) : item.text !== '' ? (
        <pre className={item.error ? 'rc-out rc-err' : 'rc-out'}>{item.text}</pre>
      ) : null}
    </div>
  );
}, (a: RowProps, b: RowProps) => a.node === b.node && a.sentinel === b.sentinel && a.t === b.t && sameRow(a.item, b.item));

/** A command in a caption or a lesson: activating it runs it in that node's console. */
/** HELP as redis-cli prints it: the name in bold, the arguments dimmed, the labels marked. */
function HelpView({ args, sentinel }: { args: readonly string[]; sentinel: boolean }) {
  const r = helpFor(args, sentinel);
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
