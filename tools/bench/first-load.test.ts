import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceMapGenerator } from 'source-map-js';
import { measureFirstLoad, modulesIn } from './first-load.ts';

const dir = mkdtempSync(join(tmpdir(), 'first-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(rel: string, text: string): number {
  writeFileSync(join(dir, rel), text);
  return gzipSync(Buffer.from(text), { level: 9 }).length;
}

describe('the first-load figure', () => {
  it('sums what index.html loads and what that imports statically; import() chunks are counted apart', () => {
    mkdirSync(join(dir, 'assets'));
    file('index.html', '<script type="module" crossorigin src="./assets/main-1.js"></script>\n<link rel="modulepreload" crossorigin href="./assets/react-2.js">');
    const main = file('assets/main-1.js', 'import{a as e}from"./react-2.js";import"./shared-3.js";const p=()=>import(`./panel-4.js`);e(p);');
    const react = file('assets/react-2.js', 'export const a=(f)=>f;'.repeat(20));
    const shared = file('assets/shared-3.js', 'export const s=1;');
    const panel = file('assets/panel-4.js', 'import{s}from"./shared-3.js";import"./words-5.js";export default s;');
    const words = file('assets/words-5.js', 'export const w="words";');
    const r = measureFirstLoad(dir);
    expect(r.eager.map((f) => f.file).sort()).toEqual(['assets/main-1.js', 'assets/react-2.js', 'assets/shared-3.js']);
    expect(r.eagerGzipBytes).toBe(main + react + shared);
    expect(r.lazy.map((f) => f.file).sort()).toEqual(['assets/panel-4.js', 'assets/words-5.js']);
    expect(r.lazyGzipBytes).toBe(panel + words);
  });

  it('splits a built file among its source modules by its source map', () => {
    mkdirSync(join(dir, 'm'), { recursive: true });
    // Line 1: 4 bytes of react, then 6 of the app; line 2: 2 unmapped bytes, then 3 of the app.
    writeFileSync(join(dir, 'm/x.js'), 'rrrraaaaaa\nzzaaa');
    const g = new SourceMapGenerator({ file: 'x.js' });
    g.addMapping({ generated: { line: 1, column: 0 }, original: { line: 1, column: 0 }, source: '../../node_modules/react/index.js' });
    g.addMapping({ generated: { line: 1, column: 4 }, original: { line: 1, column: 0 }, source: '../../src/app.ts' });
    g.addMapping({ generated: { line: 2, column: 2 }, original: { line: 2, column: 0 }, source: '../../src/app.ts' });
    writeFileSync(join(dir, 'm/x.js.map'), g.toString());
    expect(modulesIn(dir, 'm/x.js')).toEqual([
      { source: 'src/app.ts', bytes: 9 },
      { source: 'node_modules/react/index.js', bytes: 4 },
      { source: '(no source)', bytes: 3 },
    ]);
  });
});
