// A local ESLint plugin: `replscope/layers` keeps the source layers in order. Each relative
// import (static, type-only, re-export, dynamic `import()`, `import('…').T` types, and
// `new URL('…', import.meta.url)` worker references, Vite's `import.meta.glob('…')`) is
// resolved against the importing file; a file inside a layer may import only its own layer,
// the layers it is allowed to use, and the data folders (text such as scenarios/*.scn).
// Files outside every layer (cli/, tools/, scripts/, e2e/, src/main.tsx) sit on top and may
// import anything. Bare package names are not checked here.
import path from 'node:path';

const layerSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    dir: { type: 'string' },
    may: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'dir', 'may'],
  additionalProperties: false,
};

/** The path of `file` relative to `root`, with forward slashes. */
function relPath(root, file) {
  return path.relative(root, file).split(path.sep).join('/');
}

function inDir(rel, dir) {
  return rel === dir || rel.startsWith(dir + '/');
}

/** The layer a repository-relative path lies in, or null. */
export function layerOf(layers, rel) {
  return layers.find((l) => inDir(rel, l.dir)) ?? null;
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only from its own layer and the layers below it.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'array', items: layerSchema },
          data: { type: 'array', items: { type: 'string' } },
        },
        required: ['layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward:
        "Layer '{{from}}' ({{fromDir}}) may not import from layer '{{to}}' ({{target}}): {{from}} imports only from {{allowed}}.",
      outside:
        "Layer '{{from}}' ({{fromDir}}) may not import {{target}}, which is outside the layers: {{from}} imports only from {{allowed}}.",
    },
  },
  create(context) {
    const { layers, root: rootOption, data = [] } = context.options[0];
    const root = rootOption ?? context.cwd;
    const filename = context.filename;
    const from = layerOf(layers, relPath(root, filename));
    if (from === null) return {};
    const byName = new Map(layers.map((l) => [l.name, l]));
    const allowedNames = [from.name, ...from.may];
    const allowed = allowedNames.map((n) => byName.get(n)).filter(Boolean);
    const allowedText = allowedNames.join(', ');

    function check(node, spec) {
      if (typeof spec !== 'string' || !(spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../'))) return;
      const clean = spec.replace(/[?#].*$/, '');
      const target = relPath(root, path.resolve(path.dirname(filename), clean));
      if (allowed.some((l) => inDir(target, l.dir)) || data.some((d) => inDir(target, d))) return;
      const to = layerOf(layers, target);
      if (to !== null) {
        context.report({ node, messageId: 'upward', data: { from: from.name, fromDir: from.dir, to: to.name, target, allowed: allowedText } });
      } else {
        context.report({ node, messageId: 'outside', data: { from: from.name, fromDir: from.dir, target, allowed: allowedText } });
      }
    }

    const literal = (n) => (n && n.type === 'Literal' ? n.value : undefined);
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => check(node.source, literal(node.source)),
      TSImportType: (node) => {
        // typescript-eslint 8.x: `source` is the string literal (older: `argument`, a TSLiteralType).
        const arg = node.source !== undefined ? node.source : node.argument;
        const lit = arg && arg.type === 'TSLiteralType' ? arg.literal : arg;
        check(node, literal(lit));
      },
      CallExpression: (node) => {
        // import.meta.glob('../../scenarios/*.scn') or import.meta.glob(['…', '…'])
        const c = node.callee;
        const isGlob =
          c.type === 'MemberExpression' && c.object.type === 'MetaProperty' &&
          c.property.type === 'Identifier' && c.property.name === 'glob';
        if (!isGlob || node.arguments.length === 0) return;
        const arg = node.arguments[0];
        const patterns = arg.type === 'ArrayExpression' ? arg.elements : [arg];
        for (const p of patterns) if (p) check(p, literal(p));
      },
      TSExternalModuleReference: (node) => check(node, literal(node.expression)),
      NewExpression: (node) => {
        // new URL('./x.worker.ts', import.meta.url): a worker or asset the bundler follows.
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'URL' || node.arguments.length < 2) return;
        const base = node.arguments[1];
        const isImportMetaUrl =
          base.type === 'MemberExpression' && base.object.type === 'MetaProperty' &&
          base.property.type === 'Identifier' && base.property.name === 'url';
        if (isImportMetaUrl) check(node.arguments[0], literal(node.arguments[0]));
      },
    };
  },
};

export default {
  meta: { name: 'replscope' },
  rules: { layers: layersRule },
};
