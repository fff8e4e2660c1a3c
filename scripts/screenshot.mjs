#!/usr/bin/env node
// Takes a screenshot of a page in Debian's Chromium: node scripts/screenshot.mjs URL OUT.png [W H WAIT_MS]
// Prints console errors and page errors, so a broken page is noticed.
import { chromium } from '@playwright/test';

const [url = 'http://127.0.0.1:5178/', out = 'screenshot.png', w = '1280', h = '800', wait = '1500'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
await page.goto(url);
await page.waitForTimeout(Number(wait));
await page.screenshot({ path: out });
await browser.close();
console.log(`saved ${out}`);
