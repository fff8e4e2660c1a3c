// The example scenarios shipped in scenarios/. Their names come with the page; each one's text is a
// small chunk of its own, loaded when that example is (the service worker keeps them for offline use).

const files = import.meta.glob('../../scenarios/*.scn', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

const ORDER = ['first-sync', 'propagation', 'partial-resync', 'full-resync-small-backlog', 'two-replicas', 'replica-crash-restart', 'replica-restart-versions',
  'sentinel-failover', 'sentinel-clean-failover', 'sentinel-split-brain', 'sentinel-split-brain-min-replicas', 'sentinel-no-quorum'];

export interface Example {
  readonly name: string;
  readonly text: string;
  /** The comment lines: what the scenario shows, with runnable commands between backticks (ui/caption-markup.ts). */
  readonly summary: string;
}

// The summaries in Simplified Chinese are in ./examples-zh.ts, loaded with the page's Chinese texts.

const nameOf = (path: string): string => path.split('/').pop()!.replace(/\.scn$/, '');
const PATHS = new Map(Object.keys(files).map((p) => [nameOf(p), p]));

/** The examples' names, in the order the page lists them. */
export const EXAMPLE_NAMES: readonly string[] = [...PATHS.keys()].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));

/** What a scenario shows: its comment lines, joined. */
export function summaryOf(text: string): string {
  return text
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .map((l) => l.replace(/^#\s?/, ''))
    .join(' ');
}

/** An example by name, its text loaded (undefined: there is no such example). */
export async function loadExample(name: string): Promise<Example | undefined> {
  const path = PATHS.get(name);
  if (path === undefined) return undefined;
  const text = await files[path]();
  return { name, text, summary: summaryOf(text) };
}

/** Every example, loaded, in the page's order. */
export async function loadExamples(): Promise<Example[]> {
  return Promise.all(EXAMPLE_NAMES.map(async (n) => (await loadExample(n))!));
}
