// The example scenarios shipped in scenarios/, bundled as text so they work offline.

const files = import.meta.glob('../../scenarios/*.scn', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const ORDER = ['first-sync', 'propagation', 'partial-resync', 'full-resync-small-backlog', 'two-replicas', 'replica-crash-restart'];

export interface Example {
  readonly name: string;
  readonly text: string;
  /** The first comment lines: what the scenario shows. */
  readonly summary: string;
}

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
