// A redis-cli console per node, wired to the store: commands run at the cursor (acting in the
// past forks history), replies come back in the transcript. On a paused run a command plays the
// run until its reply comes (store/console.ts); meanwhile the console says what it waits for.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useAppStore } from './context.ts';
import { useAppWhile, useVisible } from './use-visible.ts';
import { usePanelT } from './i18n/panels.ts';
import { RedisConsole } from './panels/RedisConsole.tsx';
import type { ConsoleEntry } from './panels/console-screen.ts';
import { useRunRequest } from './run-command.ts';
import type { TranscriptItem } from '../app/transcript.ts';
import { ConsoleWaitLine } from './ConsoleWaitLine.tsx';
import { own as ownKey } from '../engine/own.ts';

// Transcript items are kept while they do not change, and so are their console entries (the
// console remembers what it computed for an entry by the entry).
const entryOf = new WeakMap<TranscriptItem, ConsoleEntry>();
function consoleEntry(x: TranscriptItem): ConsoleEntry {
  let e = entryOf.get(x);
  if (!e) entryOf.set(x, (e = { node: x.node, input: x.text, output: x.output, atMs: x.t, ...(x.replyAtMs !== undefined ? { replyAtMs: x.replyAtMs } : {}), ...(x.ended ? { ended: x.ended } : {}) }));
  return e;
}

export function ConsoleSection({ selected, onSelect }: { selected: string | null; onSelect(n: string | null): void }) {
  const t = usePanelT();
  const store = useAppStore();
  const sectionRef = useRef<HTMLElement>(null);
  // Off screen, the console holds what it showed (use-visible.ts); a caption's command brings it back.
  const visible = useVisible(sectionRef);
  const views = useAppWhile(visible, (s) => s.views);
  const down = useAppWhile(visible, (s) => s.down);
  const transcript = useAppWhile(visible, (s) => s.transcript);
  const playing = useApp((s) => s.playing);
  const waits = useApp((s) => s.consoleWaits);
  // A console in Pub/Sub mode (after SUBSCRIBE) reads no line either, until Ctrl+C.
  const waiting = useMemo(() => {
    const subscribed = new Set(transcript.filter((x) => x.subscribed).map((x) => x.node));
    return [...new Set([...Object.keys(waits), ...subscribed])];
  }, [waits, transcript]);
  const [own, setOwn] = useState<string | null>(null);
  const node = (selected && views.some((v) => v.name === selected) ? selected : own) ?? views[0]?.name ?? '';
  // A command run from a caption (run-command.ts): RedisConsole runs the line at its node as if
  // typed; then the console switches to that node and scrolls into view. A request is passed on
  // for one commit only, so a console mounted later (another scenario) does not run it again.
  const request = useRunRequest();
  const [done, setDone] = useState(0);
  const fresh = request !== null && request.id > done;
  const run = fresh && views.some((v) => v.name === request.node) ? request : null;
  useEffect(() => {
    if (!fresh) return;
    setDone(request.id);
    if (!run) return;
    setOwn(run.node);
    onSelect(run.node);
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    sectionRef.current?.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  }, [fresh, request, run, onSelect]);
  // A command its console still waits for shows no reply yet (a sleeping node's reply is computed
  // before it is sent).
  const entries: ConsoleEntry[] = useMemo(() => {
    const open = new Set(Object.values(waits).map((w) => w.index));
    return transcript.map((x) => (open.has(x.index) && x.output !== null ? { ...consoleEntry(x), output: null } : consoleEntry(x)));
  }, [transcript, waits]);
  if (!node) return null;
  return (
    <section className="panel console" ref={sectionRef} aria-label={t('console.section')}>
      <RedisConsole
        nodes={views}
        node={node}
        onNode={(n) => { setOwn(n); onSelect(n); }}
        transcript={entries}
        down={down}
        onCommand={(n, argv) => void store.getState().consoleCommand(n, argv)}
        run={run}
        playing={playing}
        waiting={waiting}
        waitLine={ownKey(waits, node) ? <ConsoleWaitLine wait={ownKey(waits, node)!} onInterrupt={() => void store.getState().consoleInterrupt(node)} t={t} /> : null}
        onInterrupt={(n) => void store.getState().consoleInterrupt(n)}
        t={t}
      />
    </section>
  );
}
