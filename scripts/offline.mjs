// Vite plugins for the production build: the Content-Security-Policy <meta> in every HTML page,
// and the service worker (dist/sw.js) that precaches the built app for offline use.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP_META } from './csp.mjs';

const TEMPLATE = fileURLToPath(new URL('./sw.template.js', import.meta.url));

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** Puts the CSP into each built HTML page (not in dev: Vite's dev server injects inline scripts). */
export function cspMeta() {
  return {
    name: 'replscope-csp-meta',
    apply: 'build',
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' }];
    },
  };
}

/**
 * Writes dist/sw.js after the build: the list of every built file (source maps left out) and a
 * version that is the hash of their contents, so each build gets its own cache name.
 */
export function serviceWorker() {
  let outDir = 'dist';
  return {
    name: 'replscope-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = listFiles(outDir)
        .map((p) => relative(outDir, p).split(sep).join('/'))
        .filter((f) => !f.endsWith('.map') && f !== 'sw.js')
        .sort();
      const hash = createHash('sha256').update(readFileSync(TEMPLATE));
      for (const f of files) hash.update(f).update('\0').update(readFileSync(join(outDir, f))).update('\0');
      const version = hash.digest('hex').slice(0, 16);
      const sw = readFileSync(TEMPLATE, 'utf8')
        .replace("const VERSION = '__VERSION__';", `const VERSION = ${JSON.stringify(version)};`)
        .replace('const FILES = __FILES__;', `const FILES = ${JSON.stringify(files)};`);
      if (sw.includes("'__VERSION__'") || sw.includes('= __FILES__')) throw new Error('sw.template.js: placeholders not found');
      writeFileSync(join(outDir, 'sw.js'), sw);
    },
  };
}
