// A redis-cli console per node, wired to the store: commands run at the cursor (acting in the
// past forks history), replies come back in the transcript.
import { useMemo, useState } from 'react';
import { useApp, useAppStore } from './context.ts';
import { usePanelT } from './i18n/panels.ts';
import { RedisConsole } from './panels/RedisConsole.tsx';
import type { ConsoleEntry } from './panels/console-screen.ts';
import type { TranscriptItem } from '../app/transcript.ts';

// Transcript items are kept while they do not change, and so are their console entries (the
// console remembers what it computed for an entry by the entry).
const entryOf = new WeakMap<TranscriptItem, ConsoleEntry>();
function consoleEntry(x: TranscriptItem): ConsoleEntry {
  let e = entryOf.get(x);
  if (!e) entryOf.set(x, (e = { node: x.node, input: x.text, output: x.output, atMs: x.t, ...(x.ended ? { ended: x.ended } : {}) }));
  return e;
}

export function ConsoleSection({ selected, onSelect }: { selected: string | null; onSelect(n: string | null): void }) {
  const t = usePanelT();
  const store = useAppStore();
  const views = useApp((s) => s.views);
  const down = useApp((s) => s.down);
  const transcript = useApp((s) => s.transcript);
  const [own, setOwn] = useState<string | null>(null);
  const node = (selected && views.some((v) => v.name === selected) ? selected : own) ?? views[0]?.name ?? '';
  const entries: ConsoleEntry[] = useMemo(() => transcript.map(consoleEntry), [transcript]);
  if (!node) return null;
  return (
    <section className="panel console" aria-label={t('console.section')}>
      <RedisConsole
        nodes={views}
        node={node}
        onNode={(n) => { setOwn(n); onSelect(n); }}
        transcript={entries}
        down={down}
        onCommand={(n, argv) => void store.getState().act({ type: 'command', node: n, argv, wait: false })}
        t={t}
      />
    </section>
  );
}
