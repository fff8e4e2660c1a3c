// The example scenarios shipped in scenarios/, bundled as text so they work offline.

const files = import.meta.glob('../../scenarios/*.scn', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const ORDER = ['first-sync', 'propagation', 'partial-resync', 'full-resync-small-backlog', 'two-replicas', 'replica-crash-restart', 'replica-restart-versions',
  'sentinel-failover', 'sentinel-clean-failover', 'sentinel-split-brain', 'sentinel-split-brain-min-replicas', 'sentinel-no-quorum'];

export interface Example {
  readonly name: string;
  readonly text: string;
  /** The comment lines: what the scenario shows, with runnable commands between backticks (ui/caption-markup.ts). */
  readonly summary: string;
}

// The summaries in Simplified Chinese are in ./examples-zh.ts, loaded with the page's Chinese texts.

export const EXAMPLES: readonly Example[] = Object.entries(files)
  .map(([path, text]) => {
    const name = path.split('/').pop()!.replace(/\.scn$/, '');
    const summary = text
      .split('\n')
      .filter((l) => l.startsWith('#'))
      .map((l) => l.replace(/^#\s?/, ''))
      .join(' ');
    return { name, text, summary };
  })
  .sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));

export function exampleByName(name: string): Example | undefined {
  return EXAMPLES.find((e) => e.name === name);
}
