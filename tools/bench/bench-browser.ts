// The browser half of the benchmark: builds the app, serves dist/ with scripts/serve.mjs on a free
// local port, opens bench.html in Debian's Chromium through Playwright, relays the page's progress
// lines, and returns what the page measured. Stops the server and the browser it started.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import type { PageResult } from './page/page-result.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu',
  // The time machine's memory figures: a full GC on request, and exact heap sizes.
  '--js-flags=--expose-gc', '--enable-precise-memory-info'];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
}

/** Why the browser part cannot run here, or null. */
export function browserMissing(): string | null {
  const p = chromiumPath();
  return existsSync(p) ? null : `Chromium not found at ${p} (install Debian's chromium or set CHROMIUM_PATH)`;
}

export function buildApp(log: (s: string) => void): void {
  log('browser: building the app (npx vite build)');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`vite build failed (exit ${r.status ?? r.signal}):\n${tail}`);
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export interface Served {
  readonly url: string;
  readonly pid: number;
  stop(): void;
}

/** Starts scripts/serve.mjs on the first free port from basePort and waits for the URL it prints. */
export async function serveDist(basePort: number, log: (s: string) => void): Promise<Served> {
  for (let port = basePort; port < basePort + 50; port++) {
    if (!(await portFree(port))) continue;
    const child: ChildProcess = spawn(process.execPath, ['scripts/serve.mjs'], {
      cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string | null>((resolve) => {
      let text = '';
      const timer = setTimeout(() => resolve(null), 10_000);
      child.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /https?:\/\/\S+/.exec(text);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
    if (url === null) {
      if (child.exitCode === null) child.kill();
      continue;
    }
    const pid = child.pid!;
    log(`browser: serving dist/ at ${url} (PID ${pid})`);
    return {
      url: url.endsWith('/') ? url : `${url}/`,
      pid,
      stop: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      },
    };
  }
  throw new Error(`no free port for the static server in ${basePort}-${basePort + 49}`);
}

export interface PageRun {
  readonly result: PageResult;
  readonly browserVersion: string;
}

/** Opens bench.html?query in a fresh Chromium and waits for window.benchResult. */
export async function runPage(baseUrl: string, query: string, timeoutMs: number, log: (s: string) => void): Promise<PageRun> {
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const browserVersion = browser.version();
    const page = await browser.newPage();
    // The time machine's memory figures: a full GC and the V8 heap in use, through the DevTools protocol.
    const cdp = await page.context().newCDPSession(page);
    await page.exposeFunction('benchHeapAfterGc', async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const u = await cdp.send('Runtime.getHeapUsage');
      return u.usedSize;
    });
    page.on('console', (m) => {
      const text = m.text();
      if (text.startsWith('bench-progress: ')) log(`browser: ${text.slice('bench-progress: '.length)}`);
      else if (m.type() === 'error' || m.type() === 'warning') log(`browser console ${m.type()}: ${text}`);
    });
    page.on('pageerror', (e) => log(`browser page error: ${e.message}`));
    // The page starts its work while loading (a long session may hold its load event for minutes):
    // wait for the navigation only, then for the result.
    await page.goto(`${baseUrl}bench.html?${query}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { benchResult?: unknown }).benchResult != null, undefined, { timeout: timeoutMs, polling: 250 });
    const result = (await page.evaluate(() => (window as unknown as { benchResult: unknown }).benchResult)) as PageResult;
    return { result, browserVersion };
  } finally {
    await browser?.close();
  }
}
