// The JavaScript the first screen loads: what dist/index.html loads eagerly (its module scripts and
// modulepreloads, and every chunk those import statically), each file gzipped (level 9, as a
// static server would send it), summed. Dynamic import()s (the engine for the inline host, panels
// loaded on demand, lessons) are listed apart: they load later or never.
//
//   npx vite build && npx tsx tools/bench/first-load.ts        (prints the table)

import { readFileSync, existsSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The budget for the first screen's JavaScript, gzipped (issue: a small first load). */
export const FIRST_LOAD_TARGET_BYTES = 150 * 1000;

export interface FirstLoadFile { readonly file: string; readonly bytes: number; readonly gzipBytes: number }
export interface FirstLoad {
  /** Loaded before the first screen: the entry and every chunk it imports statically. */
  readonly eager: readonly FirstLoadFile[];
  /** Reachable from them by dynamic import() only. */
  readonly lazy: readonly FirstLoadFile[];
  readonly eagerGzipBytes: number;
  readonly lazyGzipBytes: number;
}

const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;
/** Vite's preload helper lists a dynamic import's chunks in a string array of "assets/x.js". */
const PRELOAD_DEPS = /["'](assets\/[\w.-]+\.js)["']/g;

function gz(path: string): FirstLoadFile & { text: string } {
  const buf = readFileSync(path);
  return { file: '', bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length, text: buf.toString('utf8') };
}

/** Measures dist/ (built with `npx vite build`). */
export function measureFirstLoad(dist = join(ROOT, 'dist')): FirstLoad {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) entries.add(posix.normalize(m[1]));
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) entries.add(posix.normalize(m[1]));
  if (entries.size === 0) throw new Error('dist/index.html loads no module script: build with npx vite build');
  const eager = new Map<string, FirstLoadFile>();
  const lazySeeds = new Set<string>();
  const queue = [...entries];
  const texts = new Map<string, string>();
  while (queue.length) {
    const rel = queue.shift()!;
    if (eager.has(rel)) continue;
    const abs = join(dist, rel);
    if (!existsSync(abs)) throw new Error(`${rel} is missing from dist/`);
    const f = gz(abs);
    eager.set(rel, { file: rel, bytes: f.bytes, gzipBytes: f.gzipBytes });
    texts.set(rel, f.text);
    for (const m of f.text.matchAll(STATIC_IMPORT)) queue.push(posix.join(dirname(rel), m[1]));
    for (const m of f.text.matchAll(DYNAMIC_IMPORT)) lazySeeds.add(posix.join(dirname(rel), m[1]));
    for (const m of f.text.matchAll(PRELOAD_DEPS)) lazySeeds.add(m[1]);
  }
  const lazy = new Map<string, FirstLoadFile>();
  const lq = [...lazySeeds];
  while (lq.length) {
    const rel = lq.shift()!;
    if (eager.has(rel) || lazy.has(rel)) continue;
    const abs = join(dist, rel);
    if (!existsSync(abs)) continue;
    const f = gz(abs);
    lazy.set(rel, { file: rel, bytes: f.bytes, gzipBytes: f.gzipBytes });
    for (const m of f.text.matchAll(STATIC_IMPORT)) lq.push(posix.join(dirname(rel), m[1]));
  }
  const sum = (xs: Iterable<FirstLoadFile>): number => [...xs].reduce((a, x) => a + x.gzipBytes, 0);
  const byGz = (a: FirstLoadFile, b: FirstLoadFile): number => b.gzipBytes - a.gzipBytes;
  return {
    eager: [...eager.values()].sort(byGz), lazy: [...lazy.values()].sort(byGz),
    eagerGzipBytes: sum(eager.values()), lazyGzipBytes: sum(lazy.values()),
  };
}

const kb = (n: number): string => (n / 1000).toFixed(1);

/** The report: one line per eagerly loaded file, the total against the target, the lazy total. */
export function firstLoadReport(r: FirstLoad): string {
  const lines = ['first-load JavaScript (what dist/index.html loads before the first screen; gzip -9)'];
  for (const f of r.eager) lines.push(`  ${f.file.padEnd(44)} ${kb(f.bytes).padStart(8)} KB  gzip ${kb(f.gzipBytes).padStart(7)} KB`);
  const met = r.eagerGzipBytes <= FIRST_LOAD_TARGET_BYTES ? 'met' : 'MISSED';
  lines.push(`  total gzipped: ${kb(r.eagerGzipBytes)} KB (target <= ${kb(FIRST_LOAD_TARGET_BYTES)} KB: ${met})`);
  lines.push(`  loaded on demand later (dynamic import; engine for the inline host, panels, lessons): ${r.lazy.length} files, ${kb(r.lazyGzipBytes)} KB gzipped`);
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(firstLoadReport(measureFirstLoad()));
}
