// No import cycles in src/: the static imports (type-only ones included) form a graph without
// rings, so every module can be understood, loaded and tested after the modules it uses.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, findCycles, staticImports, type CycleGroup } from './import-graph.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function describeCycles(groups: CycleGroup[]): string {
  return groups
    .map((g) => `${g.files.length} files import each other: ${g.files.join(', ')}\n` + g.cycles.map((c) => `  ${c.join(' → ')}`).join('\n'))
    .join('\n');
}

describe('import cycles', () => {
  it('src/ has none', () => {
    const cycles = findCycles(buildImportGraph(root, 'src'), { withTypeOnly: true });
    expect(describeCycles(cycles), 'import cycles in src/').toBe('');
  });
});

describe('the import graph', () => {
  it('reads static imports and re-exports, marks type-only ones, and skips packages and import()', () => {
    const text = [
      `import { a } from './a.ts';`,
      `import type { B } from './b.ts';`,
      `import { type C, type D } from '../c';`,
      `import { type E, f } from './e.tsx';`,
      `import './side-effect.ts';`,
      `import React from 'react';`,
      `export { g } from './g.ts';`,
      `export type { H } from './h.ts';`,
      `export * from './i.ts';`,
      `const j = () => import('./j.ts');`,
    ].join('\n');
    expect(staticImports('x.ts', text)).toEqual([
      { spec: './a.ts', typeOnly: false },
      { spec: './b.ts', typeOnly: true },
      { spec: '../c', typeOnly: true },
      { spec: './e.tsx', typeOnly: false },
      { spec: './side-effect.ts', typeOnly: false },
      { spec: './g.ts', typeOnly: false },
      { spec: './h.ts', typeOnly: true },
      { spec: './i.ts', typeOnly: false },
    ]);
  });

  it('finds a ring of three files and a type-only ring, resolving paths without extensions', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
    const write = (f: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), text);
    };
    write('src/a.ts', `import { b } from './b.ts';\nexport const a = b;\n`);
    write('src/b.ts', `import { c } from './sub/c';\nexport const b = c;\n`);
    write('src/sub/c.ts', `import { a } from '../a.ts';\nimport { d } from '../d.tsx';\nexport const c = a + d;\n`);
    write('src/d.tsx', `export const d = 1;\n`);
    write('src/t1.ts', `import type { T2 } from './t2.ts';\nexport type T1 = T2;\n`);
    write('src/t2.ts', `import type { T1 } from './t1.ts';\nexport type T2 = T1 | 1;\n`);
    const graph = buildImportGraph(dir, 'src');
    expect(findCycles(graph, { withTypeOnly: true })).toEqual([
      { files: ['src/a.ts', 'src/b.ts', 'src/sub/c.ts'], cycles: [['src/a.ts', 'src/b.ts', 'src/sub/c.ts', 'src/a.ts']] },
      { files: ['src/t1.ts', 'src/t2.ts'], cycles: [['src/t1.ts', 'src/t2.ts', 'src/t1.ts']] },
    ]);
    expect(findCycles(graph, { withTypeOnly: false }).map((g) => g.files)).toEqual([['src/a.ts', 'src/b.ts', 'src/sub/c.ts']]);
  });
});
