// One redis-cli session per node: its history, its local lines (HELP, errors typed, echoes
// waiting for a reply), what `clear` hid, and the line being edited; `submit` runs a line at a
// node's prompt as redis-cli's repl loop does. While a node's redis-cli waits for a reply it reads
// no line: a line entered then stays in the input, unsent.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { NodeView } from '../../runtime/protocol.ts';
import { historyAdd, interpretLine, keepsInHistory, refusedText, type CompletionCycle, type HistoryNav } from './console.ts';
import { buildScreen, type ConsoleEntry, type Local } from './console-screen.ts';
import { own } from '../../engine/own.ts';

interface NodeSession {
  history: readonly string[];
  locals: readonly Local[];
  /** `clear`: entries before these marks are off the screen. */
  clearedCount: number;
  clearedSeq: number;
  draft: string;
}

/** A panel's translator (the same shape as RedisConsole's). */
type Translate = (key: string, vars?: Record<string, string | number>) => string;

const EMPTY: NodeSession = { history: [], locals: [], clearedCount: 0, clearedSeq: -1, draft: '' };

export interface SessionsInput {
  readonly nodes: readonly NodeView[];
  readonly node: string;
  readonly transcript: readonly ConsoleEntry[];
  onCommand(node: string, argv: readonly string[]): void;
  readonly down: readonly string[];
  /** Nodes whose redis-cli waits for a reply. */
  readonly waiting: readonly string[];
  readonly t: Translate;
  readonly maxRows: number;
}

export function useConsoleSessions({ nodes, node, transcript, onCommand, down, waiting, t, maxRows }: SessionsInput) {
  const [sessions, setSessions] = useState<Record<string, NodeSession>>({});
  const [nav, setNav] = useState<HistoryNav | null>(null);
  const [cycle, setCycle] = useState<CompletionCycle | null>(null);
  const seq = useRef(0);
  const inputRef = useRef<HTMLInputElement>(null);

  const port = nodes.find((v) => v.name === node)?.port ?? 0;
  const session = own(sessions, node) ?? EMPTY;
  const entries = useMemo(() => transcript.filter((e) => e.node === node), [transcript, node]);
  const screen = useMemo(() => buildScreen(entries, session.locals, port, maxRows), [entries, session.locals, port, maxRows]);
  const shown = screen.items.filter((it) => (it.type === 'entry' ? it.index >= session.clearedCount : (it.local?.seq ?? 0) > session.clearedSeq));
  // Lines not drawn: the entries before the screen's window (unless cleared) and any overflow.
  const earlier = Math.max(0, screen.skipped - session.clearedCount) + Math.max(0, shown.length - maxRows);

  const update = (name: string, f: (s: NodeSession) => NodeSession) => setSessions((all) => ({ ...all, [name]: f(own(all, name) ?? EMPTY) }));
  const setValue = (text: string) => update(node, (s) => ({ ...s, draft: text }));

  /** Runs a line at a node's prompt, as redis-cli's repl loop does. False when it waits for a reply. */
  const submit = (name: string, line: string): boolean => {
    if (waiting.includes(name)) {
      // redis-cli is not reading: the line stays where it was typed, unsent.
      update(name, (s) => ({ ...s, draft: line }));
      return false;
    }
    const nodeView = nodes.find((v) => v.name === name);
    const nodePort = nodeView?.port ?? 0;
    const count = transcript.filter((e) => e.node === name).length;
    const action = interpretLine(line, nodeView?.sentinel !== undefined);
    const s0 = own(sessions, name) ?? EMPTY;
    const pending = s0.locals.filter((l) => l.kind === 'echo' && l.at <= count && count <= (l.expect ?? -1)).length;
    const add: Local[] = [];
    const local = (l: Omit<Local, 'seq' | 'at' | 'input'>) => add.push({ seq: seq.current++, at: count, input: line, ...l });
    let cleared: { count: number; seq: number } | null = null;
    switch (action.type) {
      case 'empty': local({ kind: 'text', text: '' }); break;
      case 'invalid': case 'bad-repeat': local({ kind: 'text', text: action.text }); break;
      case 'help': local({ kind: 'help', help: action.args }); break;
      case 'quit': local({ kind: 'note', text: t('console.quit') }); break;
      case 'not-modelled': local({ kind: 'note', text: t('console.notModelled', { cmd: action.command }) }); break;
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
    return true;
  };

  // Each node has its own line being edited: switching tabs ends history browsing and completion.
  useEffect(() => {
    setNav(null);
    setCycle(null);
  }, [node]);

  const clear = () => update(node, (s) => ({ ...s, clearedCount: entries.length, clearedSeq: seq.current++ }));

  return { session, screen, shown, earlier, value: session.draft, setValue, submit, clear, nav, setNav, cycle, setCycle, inputRef };
}
