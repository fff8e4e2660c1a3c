// The static import graph of a source tree and its cycles. Edges are `import … from`,
// `import '…'` and `export … from` statements with relative paths, resolved the way Vite and
// TypeScript resolve them here (exact file, then .ts, .tsx, /index.ts, /index.tsx); dynamic
// `import()` is left out, since it does not run while the importing module loads.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  to: string;
  /** Every specifier naming the target is `import type` / `export type`. */
  typeOnly: boolean;
}

/** File (relative to root, forward slashes) → the files it imports. */
export type ImportGraph = Map<string, ImportEdge[]>;

const SOURCE = /\.(ts|tsx)$/;

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveImport(fromFile: string, spec: string): string | null {
  const base = path.resolve(path.dirname(fromFile), spec.replace(/[?#].*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The relative module specifiers a file imports statically, each with whether it is type-only. */
export function staticImports(fileName: string, text: string): { spec: string; typeOnly: boolean }[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      let typeOnly = clause?.isTypeOnly ?? false;
      if (clause && !typeOnly && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        const els = clause.namedBindings.elements;
        typeOnly = els.length > 0 && els.every((e) => e.isTypeOnly);
      }
      out.push({ spec: st.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      let typeOnly = st.isTypeOnly;
      if (!typeOnly && st.exportClause && ts.isNamedExports(st.exportClause)) {
        const els = st.exportClause.elements;
        typeOnly = els.length > 0 && els.every((e) => e.isTypeOnly);
      }
      out.push({ spec: st.moduleSpecifier.text, typeOnly });
    }
  }
  return out.filter((i) => i.spec.startsWith('./') || i.spec.startsWith('../'));
}

/** The import graph of every .ts/.tsx file under `dir` (edges leaving `dir` are dropped). */
export function buildImportGraph(root: string, dir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const top = path.resolve(root, dir);
  for (const file of listSources(top)) {
    const edges = new Map<string, boolean>();
    for (const { spec, typeOnly } of staticImports(file, readFileSync(file, 'utf8'))) {
      const target = resolveImport(file, spec);
      if (target === null || !target.startsWith(top + path.sep) || !SOURCE.test(target)) continue;
      const key = rel(target);
      edges.set(key, (edges.get(key) ?? true) && typeOnly);
    }
    graph.set(rel(file), [...edges].map(([to, typeOnly]) => ({ to, typeOnly })));
  }
  return graph;
}

/** Files that import each other in a ring, and the shortest ring through each of them. */
export interface CycleGroup {
  /** The strongly connected component, sorted. */
  files: string[];
  /** Distinct shortest cycles through each file, e.g. [a, b, c, a], each starting at its smallest file. */
  cycles: string[][];
}

/** The groups of files that import each other, directly or through others (sorted). */
export function findCycles(graph: ImportGraph, options: { withTypeOnly: boolean }): CycleGroup[] {
  const next = (n: string) =>
    (graph.get(n) ?? []).filter((e) => options.withTypeOnly || !e.typeOnly).map((e) => e.to).filter((t) => graph.has(t));
  // Tarjan's strongly connected components (iterative, so deep graphs do not overflow the stack).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; children: string[]; i: number }[] = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), i: 0 });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++];
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== frame.node);
        const selfLoop = component.length === 1 && next(n).includes(n);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map((files) => {
      const within = new Set(files);
      const seen = new Map<string, string[]>();
      for (const f of files) {
        const ring = rotateToSmallest(shortestCycle(f, within, next));
        seen.set(ring.join('\n'), ring);
      }
      return { files, cycles: [...seen.values()].sort((a, b) => a.length - b.length || (a.join() < b.join() ? -1 : 1)) };
    });
}

/** [b, c, a, b] → [a, b, c, a]. */
function rotateToSmallest(cycle: string[]): string[] {
  const ring = cycle.slice(0, -1);
  let k = 0;
  for (let i = 1; i < ring.length; i++) if (ring[i] < ring[k]) k = i;
  const rotated = [...ring.slice(k), ...ring.slice(0, k)];
  return [...rotated, rotated[0]];
}

function shortestCycle(start: string, within: Set<string>, next: (n: string) => string[]): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q];
    for (const t of next(n)) {
      if (!within.has(t)) continue;
      if (t === start) {
        const pathBack = [n];
        while (pathBack[0] !== start) pathBack.unshift(parent.get(pathBack[0])!);
        return [...pathBack, start];
      }
      if (!parent.has(t)) {
        parent.set(t, n);
        queue.push(t);
      }
    }
  }
  return [start];
}
