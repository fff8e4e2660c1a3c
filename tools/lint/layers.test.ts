// The layer rule, run through ESLint with the repository's own eslint.config.js.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The layer rule's messages for `code` linted as if it were the file `filePath`. */
async function layerErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'replscope/layers').map((m) => m.message);
}

describe('replscope/layers', () => {
  it('stops the engine importing the runtime', async () => {
    const errors = await layerErrors(`import { Sim } from '../runtime/sim.ts';\nexport const s = Sim;\n`, 'src/engine/x.ts');
    expect(errors).toEqual([
      "Layer 'engine' (src/engine) may not import from layer 'runtime' (src/runtime/sim.ts): engine imports only from engine.",
    ]);
  });

  it('resolves paths that leave src/ and come back', async () => {
    const errors = await layerErrors(`import { x } from '../../src/runtime/x';\nexport const y = x;\n`, 'src/engine/x.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("Layer 'engine' (src/engine) may not import from layer 'runtime' (src/runtime/x)");
  });

  it('counts type-only imports, re-exports and dynamic imports', async () => {
    const code = [
      `import type { Sim } from '../runtime/sim.ts';`,
      `export type { Store } from '../app/store.ts';`,
      `export * from '../ui/App.tsx';`,
      `export const load = () => import('../runtime/timeline.ts');`,
      `export type T = import('../runtime/sim.ts').Sim | Sim;`,
      '',
    ].join('\n');
    const errors = await layerErrors(code, 'src/engine/x.ts');
    expect(errors.map((e) => e.match(/layer '(\w+)' \(([^)]*)\)/)?.slice(1))).toEqual([
      ['runtime', 'src/runtime/sim.ts'],
      ['app', 'src/app/store.ts'],
      ['ui', 'src/ui/App.tsx'],
      ['runtime', 'src/runtime/timeline.ts'],
      ['runtime', 'src/runtime/sim.ts'],
    ]);
  });

  it('stops the runtime importing the app', async () => {
    const errors = await layerErrors(`import { createStore } from '../app/store.ts';\nexport const c = createStore;\n`, 'src/runtime/x.ts');
    expect(errors).toEqual([
      "Layer 'runtime' (src/runtime) may not import from layer 'app' (src/app/store.ts): runtime imports only from runtime, engine, scenario.",
    ]);
  });

  it('stops a layer importing files outside the layers', async () => {
    const code = `import { main } from '../../cli/main.ts';\nexport const w = new URL('../../tools/bench/page/x.worker.ts', import.meta.url);\nexport const m = main;\n`;
    const errors = await layerErrors(code, 'src/scenario/x.ts');
    expect(errors).toEqual([
      "Layer 'scenario' (src/scenario) may not import cli/main.ts, which is outside the layers: scenario imports only from scenario, engine.",
      "Layer 'scenario' (src/scenario) may not import tools/bench/page/x.worker.ts, which is outside the layers: scenario imports only from scenario, engine.",
    ]);
  });

  it('lets each layer import downwards, and the top import anything', async () => {
    expect(await layerErrors(`import { nodeStep } from './node.ts';\nexport const n = nodeStep;\n`, 'src/engine/x.ts')).toEqual([]);
    expect(await layerErrors(`import { nodeStep } from '../engine/node.ts';\nexport const n = nodeStep;\n`, 'src/runtime/x.ts')).toEqual([]);
    expect(await layerErrors(`import { Sim } from '../runtime/sim.ts';\nimport { s } from '../app/store.ts';\nexport const n = [Sim, s];\n`, 'src/ui/x.tsx')).toEqual([]);
    expect(await layerErrors(`import t from '../../scenarios/first-sync.scn?raw';\nexport const n = t;\n`, 'src/app/x.ts')).toEqual([]);
    expect(await layerErrors(`import { App } from '../src/ui/App.tsx';\nexport const n = App;\n`, 'cli/x.ts')).toEqual([]);
    expect(await layerErrors(`import { App } from '../../src/ui/App.tsx';\nexport const n = App;\n`, 'tools/bench/x.ts')).toEqual([]);
  });
});
