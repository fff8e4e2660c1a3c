#!/usr/bin/env node
// Serves the built app (dist/) on http://127.0.0.1:PORT and prints the URL. No dependencies:
// a static file server is all a static app needs.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP_HEADER } from './csp.mjs';

const root = join(fileURLToPath(new URL('..', import.meta.url)), 'dist');
const port = Number(process.env.PORT ?? 5178);
const host = process.env.HOST ?? '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.map': 'application/json', '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8',
  '.scn': 'text/plain; charset=utf-8', '.woff2': 'font/woff2',
};

const server = createServer({ maxHeaderSize: 4 * 1024 * 1024 }, async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://x');
    let p = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    if (p.endsWith('/')) p += 'index.html';
    let file = join(root, p);
    if (!file.startsWith(root)) throw new Error('outside');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    } catch {
      file = join(root, 'index.html');
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'content-security-policy': CSP_HEADER,
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
});
server.on('error', (e) => {
  console.error(`replscope: cannot listen on ${host}:${port}: ${e.message} (set PORT=... to use another port)`);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`replscope is running at http://${host}:${port}/`);
});
