// Browser journeys: every example runs in the page (nodes in Web Workers) to the same trace hash
// as the CLI in Node; the time controls; a bad scenario in the URL; an engine failure.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { cliHash, EXAMPLES, startCliHashes } from './cli-hash.ts';

const SHOTS = 'test-results/screens';

async function cursorMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('cursor').getAttribute('data-ms'));
}

/** Two animation frames: long enough for a playing page to move its cursor. */
async function twoFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

test.describe('every example in the page gives the CLI trace hash', () => {
  for (const name of EXAMPLES) {
    test(`${name} (worker host, play=end)`, async ({ page }) => {
      startCliHashes();
      const errors = collectErrors(page);
      await page.goto(`./?example=${name}&play=end`);
      const hash = page.getByTestId('trace-hash');
      await expect(hash).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
      await expect(page.getByTestId('transport')).toContainText('Web Workers');
      expect(await hash.textContent()).toBe(await cliHash(name));
      expect(errors).toEqual([]);
    });
  }
});

test('time controls: play with Space, pause with ".", step back, seek with the slider, jump from the log', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?example=partial-resync');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  await expect(page.getByTestId('trace-hash')).not.toHaveText('');
  expect(await cursorMs(page)).toBe(0);
  await page.screenshot({ path: `${SHOTS}/desktop-start.png` });

  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Pause');
  // Follow mode (the default) starts slowly: the first frames are on the links.
  await expect.poll(() => cursorMs(page)).toBeGreaterThan(0);

  await page.keyboard.press('.');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  const paused = await cursorMs(page);
  await twoFrames(page);
  expect(await cursorMs(page)).toBe(paused);

  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => cursorMs(page)).toBeLessThan(paused);
  const back = await cursorMs(page);
  // The live region says where the cursor went.
  await expect(page.getByTestId('live')).toContainText(`At ${(back / 1000).toFixed(3)} s.`);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => cursorMs(page)).toBeGreaterThan(back);

  // The slider seeks: past the cut (the link goes down after repl-timeout), then back before it.
  await page.getByTestId('time-slider').fill('9000');
  await expect.poll(() => cursorMs(page)).toBe(9000);
  await expect(page.getByTestId('link-r1')).toContainText('link down');
  await page.screenshot({ path: `${SHOTS}/desktop-cut.png` });
  await page.getByTestId('time-slider').fill('500');
  await expect.poll(() => cursorMs(page)).toBe(500);

  // "Until r1 online" runs to the moment the replica's link is up again.
  await page.getByTestId('time-slider').fill('9000');
  await expect.poll(() => cursorMs(page)).toBe(9000);
  await page.getByTestId('until-r1').click();
  await expect(page.getByTestId('link-r1')).toContainText('link up');
  expect(await cursorMs(page)).toBeGreaterThan(9000);

  await page.getByTestId('run-to-end').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('transcript')).toContainText('r1> REPLICAOF m 6379');
  await expect(page.getByTestId('transcript')).toContainText('sync_partial_ok:1');

  // A log line takes the cursor to its moment.
  const line = page.getByTestId('event-log').getByRole('button').filter({ hasText: 'Partial resynchronization request' }).first();
  const at = Number(await line.getAttribute('data-t'));
  await line.click();
  await expect.poll(() => cursorMs(page)).toBe(at);
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'running');
  // The log is one Tab stop; ↑ moves to the line before, Enter goes to its moment.
  await page.keyboard.press('ArrowUp');
  const before = Number(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.t));
  expect(before).toBeLessThanOrEqual(at);
  await page.keyboard.press('Enter');
  await expect.poll(() => cursorMs(page)).toBe(before);
  await page.screenshot({ path: `${SHOTS}/desktop-log-seek.png` });
  expect(errors).toEqual([]);
});

test('acting in the past forks a branch; the old one can be returned to; export downloads a scenario', async ({ page }) => {
  await page.goto('./?example=first-sync&host=inline');
  await expect(page.getByTestId('node-m')).toBeVisible();
  await page.getByTestId('time-slider').fill('1000');
  await expect.poll(() => cursorMs(page)).toBe(1000);
  await page.getByTestId('command-input').fill('SET during-handshake 1');
  await page.getByTestId('command-input').press('Enter');
  await expect(page.getByTestId('transcript')).toContainText('m> SET during-handshake 1');
  await expect(page.getByTestId('branches').getByRole('listitem')).toHaveCount(2);
  await expect(page.getByTestId('return-0')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^first-sync-branch-1\.scn$/);
  await page.screenshot({ path: `${SHOTS}/desktop-branches.png`, fullPage: true });
  await page.getByTestId('return-0').click();
  await expect(page.getByTestId('return-1')).toBeVisible();
  await expect(page.getByTestId('transcript')).not.toContainText('SET during-handshake');
});

test('a bad scenario in the URL shows its FILE:LINE errors and the page keeps working', async ({ page }) => {
  const errors = collectErrors(page);
  const bad = 'seed 5\nnode m r1\nr1> REPLICAOF m 6379\nsleep forever\n';
  await page.goto(`./?scenario=${encodeURIComponent(bad)}`);
  const box = page.getByTestId('load-errors');
  await expect(box).toBeVisible();
  await expect(box).toContainText('scenario.scn:4:');
  await expect(box).toContainText('first-sync');
  await expect(page.getByTestId('example-picker')).toHaveValue('first-sync');
  await page.screenshot({ path: `${SHOTS}/desktop-bad-scenario.png` });
  await page.getByTestId('run-to-end').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
  expect(await page.getByTestId('trace-hash').textContent()).toBe(await cliHash('first-sync'));
  // Picking another example clears the error.
  await page.getByTestId('example-picker').selectOption('propagation');
  await expect(box).toBeHidden();
  expect(errors).toEqual([]);
});

test('an engine failure shows the fault panel with seed, message and the scenario to copy', async ({ page }) => {
  const text = 'seed 77\nnode m r1\nr1> REPLICAOF m 6379\nsleep 1s\nnowait m> FLUSHALL\nsleep 1s\nm> GET a\n';
  // failAt is a test hook: every node's host answers a batch with that command as a failure.
  await page.goto(`./?scenario=${encodeURIComponent(text)}&host=inline&failAt=FLUSHALL&play=end`);
  const panel = page.getByTestId('fault-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('fault-seed')).toHaveText('77');
  await expect(page.getByTestId('fault-message')).toContainText('failAt=FLUSHALL');
  await expect(panel).toContainText('nowait m> FLUSHALL');
  // The page is not blank: the cluster, the log and the controls are still there.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('replscope');
  await expect(page.getByTestId('node-m')).toBeVisible();
  await expect(page.getByTestId('transport')).toBeVisible();
  await expect(page.getByTestId('play')).toBeDisabled();
  await expect(page.getByTestId('time-slider')).toBeDisabled();
  await page.getByTestId('copy-scenario').click();
  await expect(panel.getByRole('status')).not.toHaveText('');
  await page.screenshot({ path: `${SHOTS}/desktop-fault.png` });
});

test('phone layout, Chinese, and no serious accessibility violations', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./?example=partial-resync&play=end&lang=zh-CN');
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('transport')).toContainText('轨迹哈希');
  await page.screenshot({ path: `${SHOTS}/phone-zh-end.png` });
  await page.screenshot({ path: `${SHOTS}/phone-zh-full.png`, fullPage: true });
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByTestId('transport')).toContainText('Trace hash');
  await page.screenshot({ path: `${SHOTS}/phone-en-end.png` });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('keyboard only: every control is reachable with Tab and shows its focus', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?example=first-sync');
  await expect(page.getByTestId('node-m')).toBeVisible();
  const seen = new Set<string>();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return '';
      const outline = getComputedStyle(el).outlineStyle;
      return `${el.dataset.testid ?? el.getAttribute('aria-label') ?? el.tagName}|${outline}`;
    });
    if (id) seen.add(id);
  }
  const ids = [...seen];
  for (const want of ['play', 'step-back', 'step-forward', 'run-to-end', 'time-slider', 'speed-slider', 'export', 'command-input']) {
    const hit = ids.find((x) => x.startsWith(`${want}|`));
    expect(hit, want).toBeTruthy();
    expect(hit!.endsWith('|none'), `${want} shows its focus`).toBe(false);
  }
  await page.getByTestId('play').focus();
  await page.screenshot({ path: `${SHOTS}/desktop-focus.png` });
});

test('dark theme with reduced motion: readable, and no serious accessibility violations', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?example=two-replicas&play=end');
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
  const transition = await page.locator('.fill-bar').first().evaluate((el) => getComputedStyle(el).transitionDuration);
  expect(transition).toMatch(/^0(\.0+1)?m?s$/);
  await page.screenshot({ path: `${SHOTS}/desktop-dark-end.png` });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
