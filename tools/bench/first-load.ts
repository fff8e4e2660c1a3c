// The JavaScript the first screen loads: what dist/index.html loads eagerly (its module scripts and
// modulepreloads, and every chunk those import statically), each file gzipped (level 9, as a
// static server would send it), summed. Dynamic import()s (the engine for the inline host, panels
// loaded on demand, lessons) are listed apart: they load later or never.
//
//   npx vite build && npx tsx tools/bench/first-load.ts        (prints the table)
//   npx vite build && npx tsx tools/bench/first-load.ts --modules   (and, under each file, the
//       source modules in it with their minified bytes, from its source map)

import { readFileSync, existsSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

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

export interface ModuleShare { readonly source: string; readonly bytes: number }

/**
 * The source modules in a built file and how many of its (minified) bytes each accounts for, read
 * from the file's source map: each generated character belongs to the source of the mapping that
 * starts at or before it on its line. Characters before a line's first mapping (and in a file with
 * no map) count as "(no source)". Largest first.
 */
export function modulesIn(dist: string, rel: string): ModuleShare[] {
  const abs = join(dist, rel);
  const code = readFileSync(abs, 'utf8');
  const lines = code.split('\n');
  const bytes = new Map<string, number>();
  const add = (source: string, n: number): void => {
    if (n > 0) bytes.set(source, (bytes.get(source) ?? 0) + n);
  };
  const NONE = '(no source)';
  if (!existsSync(`${abs}.map`)) {
    add(NONE, Buffer.byteLength(code));
  } else {
    const map = new SourceMapConsumer(JSON.parse(readFileSync(`${abs}.map`, 'utf8')) as RawSourceMap);
    const byLine = new Map<number, { col: number; source: string }[]>();
    map.eachMapping((m) => {
      const list = byLine.get(m.generatedLine) ?? [];
      list.push({ col: m.generatedColumn, source: m.source ?? NONE });
      byLine.set(m.generatedLine, list);
    }, null, SourceMapConsumer.GENERATED_ORDER);
    lines.forEach((text, i) => {
      const marks = byLine.get(i + 1) ?? [];
      const at = (col: number): number => Buffer.byteLength(text.slice(0, col));
      add(NONE, at(marks[0]?.col ?? text.length) + (i < lines.length - 1 ? 1 : 0));
      marks.forEach((m, k) => add(m.source, at(marks[k + 1]?.col ?? text.length) - at(m.col)));
    });
  }
  const clean = (s: string): string => s.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/');
  const merged = new Map<string, number>();
  for (const [s, n] of bytes) merged.set(clean(s), (merged.get(clean(s)) ?? 0) + n);
  return [...merged].map(([source, n]) => ({ source, bytes: n })).sort((a, b) => b.bytes - a.bytes);
}

const kb = (n: number): string => (n / 1000).toFixed(1);

/** Under each eagerly loaded file, its modules of at least `minBytes` minified bytes. */
export function firstLoadModulesReport(r: FirstLoad, dist = join(ROOT, 'dist'), minBytes = 200): string {
  const lines = ['first-load JavaScript by source module (minified bytes, from the source maps; gzip share in proportion)'];
  for (const f of r.eager) {
    lines.push(`  ${f.file}  ${kb(f.bytes)} KB, gzip ${kb(f.gzipBytes)} KB`);
    const mods = modulesIn(dist, f.file);
    const small = mods.filter((m) => m.bytes < minBytes);
    for (const m of mods.filter((x) => x.bytes >= minBytes)) {
      lines.push(`    ${m.source.padEnd(60)} ${kb(m.bytes).padStart(7)} KB  ~gzip ${kb((m.bytes / f.bytes) * f.gzipBytes).padStart(6)} KB`);
    }
    if (small.length) lines.push(`    ${`${small.length} smaller modules`.padEnd(60)} ${kb(small.reduce((a, m) => a + m.bytes, 0)).padStart(7)} KB`);
  }
  return `${lines.join('\n')}\n`;
}

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
  const r = measureFirstLoad();
  process.stdout.write(firstLoadReport(r));
  if (process.argv.includes('--modules')) process.stdout.write(`\n${firstLoadModulesReport(r)}`);
}
