// Offline: after the first visit the service worker holds the whole built app, so a reload with
// the network gone (a conference room's Wi-Fi) still opens the page and runs an example to the
// same trace hash as the CLI.
import { expect, test } from '@playwright/test';
import { cliHash } from './cli-hash.ts';

test('after one visit, a reload without network opens the app and runs an example to its end', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  // The service worker has installed (the precache is complete) and controls the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  const manifest = await page.evaluate(async () => {
    const r = await fetch('./manifest.webmanifest');
    return (await r.json()) as { name: string; icons: { src: string }[] };
  });
  expect(manifest.name).toContain('replscope');
  expect(manifest.icons.map((i) => i.src)).toContain('icon-512.png');

  await context.setOffline(true);
  // Really offline: something the app never cached cannot be fetched.
  const uncached = await page.evaluate(() => fetch(`./not-cached-${Date.now()}.txt`).then(() => 'fetched', () => 'failed'));
  expect(uncached).toBe('failed');

  await page.reload();
  await expect(page.getByTestId('node-r1')).toBeVisible();
  await page.goto('./?example=first-sync&play=end');
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  expect(await page.getByTestId('trace-hash').textContent()).toBe(await cliHash('first-sync'));
  expect(errors).toEqual([]);
  await context.setOffline(false);
});
