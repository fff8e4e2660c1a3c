#!/usr/bin/env node
// Renders public/icon.svg to the PNG icons of the web app manifest (public/icon-192.png and
// public/icon-512.png) in Chromium. Run it after changing the SVG: node scripts/icons.mjs
import { chromium } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pub = fileURLToPath(new URL('../public/', import.meta.url));
const svg = readFileSync(`${pub}icon.svg`, 'utf8');
const browser = await chromium.launch({ executablePath: [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => p && existsSync(p)), args: ['--no-sandbox'] });
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await page.screenshot({ path: `${pub}icon-${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
