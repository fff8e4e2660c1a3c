#!/usr/bin/env node
// Runs every test: the unit and scenario tests (vitest) and the browser journeys (Playwright in
// Debian's Chromium), then prints one line "N passed, N failed, N skipped" summing both.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env };
const tmp = mkdtempSync(join(tmpdir(), 'replscope-test-'));
let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

function sh(cmd, args, extraEnv = {}) {
  return spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
}

export function findChromium() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

// 1. Unit, scenario and sweep tests.
const vitestJson = join(tmp, 'vitest.json');
const v = sh('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], { NO_COLOR: '1' });
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  if (r.numTotalTestSuites === 0) broken = true;
} else broken = true;
if (v.status !== 0 && failed === 0) broken = true;

// 2. Every lesson, every variant, run in Node: each step's moment comes, each task can be done,
// each question's answer comes from the run (counted as one test).
const lc = sh('node', ['bin/replscope.mjs', 'lessons', 'check']);
if (lc.status === 0) passed += 1;
else failed += 1;

// 3. Browser journeys.
let chromium = findChromium();
if (!chromium && process.getuid?.() === 0) {
  console.log('test: installing Debian chromium for the browser tests (apt-get install -y chromium)');
  sh('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
  chromium = findChromium();
}
if (!chromium) {
  console.error('test: no Chromium found. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
  broken = true;
} else {
  const pwJson = join(tmp, 'playwright.json');
  const p = sh('npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (existsSync(pwJson)) {
    const r = JSON.parse(readFileSync(pwJson, 'utf8'));
    passed += r.stats.expected + (r.stats.flaky ?? 0);
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
    if (r.stats.expected + r.stats.unexpected === 0) broken = true;
  } else broken = true;
  if (p.status !== 0 && failed === 0) broken = true;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || broken ? 1 : 0);
