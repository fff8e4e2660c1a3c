// Journeys through the visualizer: a first sync watched end to end, a cut that heals with
// +CONTINUE, a long cut that ends in +FULLRESYNC, a replica crash and restart, typing in the
// consoles, the shortcuts dialog, the layouts at three sizes, and axe on every inspector tab.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const SHOTS = 'test-results/screens';
const INSPECTOR_TABS = ['Nodes', 'Backlog', 'Buffers', 'Handshake', 'INFO', 'Offsets'] as const;

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

async function openAtEnd(page: Page, example: string): Promise<void> {
  await page.goto(`./?example=${example}&play=end`);
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

function inspectorTab(page: Page, name: string) {
  return page.getByRole('tablist', { name: 'Inspector' }).getByRole('tab', { name, exact: true });
}

async function showTab(page: Page, name: string): Promise<void> {
  await inspectorTab(page, name).click();
  await expect(inspectorTab(page, name)).toHaveAttribute('aria-selected', 'true');
}

test('a first sync watched end to end: handshake rows, +FULLRESYNC, the replica online', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?example=first-sync');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  await expect(page.getByTestId('link-r1')).toContainText('link down');
  await page.screenshot({ path: `${SHOTS}/visualizer-first-sync-start.png` });

  // The fastest speed stop, through the speed slider.
  const speed = page.getByTestId('speed-slider');
  await speed.fill(String(await speed.getAttribute('max')));
  await expect(page.getByTestId('speed-value')).toHaveText('1000×');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');

  // The stage and the node cards: r1's link is up.
  await expect(page.getByTestId('topo-node-r1')).toHaveAttribute('aria-label', /online/);
  await expect(page.getByTestId('link-r1')).toContainText('link up');

  await showTab(page, 'Handshake');
  const diagram = page.getByTestId('handshake-diagram');
  await expect(diagram).toBeVisible();
  await diagram.locator('details.rs-hs-text > summary').click();
  const text = page.getByTestId('handshake-text');
  await expect(text).toBeVisible();
  await expect(text).toContainText('PING');
  await expect(text).toContainText('PSYNC');
  await expect(text).toContainText('+FULLRESYNC');
  await text.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/visualizer-first-sync-handshake.png` });
  expect(errors).toEqual([]);
});

test('a short cut heals with +CONTINUE: the backlog tab says why, the node card counts it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'partial-resync');
  await showTab(page, 'Backlog');
  const box = page.getByTestId('psync-box');
  await expect(box.locator('[data-answer]')).toHaveText('+CONTINUE');
  await expect(box).toContainText('accepted');
  await page.screenshot({ path: `${SHOTS}/visualizer-partial-backlog.png` });

  await showTab(page, 'Nodes');
  const m = page.getByTestId('node-m');
  await expect(m.locator('div', { has: page.locator('dt', { hasText: /^sync_partial_ok$/ }) }).locator('dd')).toHaveText('1');
  await expect(page.getByTestId('link-r1')).toContainText('link up');
  await page.screenshot({ path: `${SHOTS}/visualizer-partial-nodes.png` });
});

test('a long cut with a small backlog ends in +FULLRESYNC for lack of backlog', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'full-resync-small-backlog');
  await showTab(page, 'Backlog');
  const box = page.getByTestId('psync-box');
  await expect(box.locator('[data-answer]')).toHaveText('+FULLRESYNC');
  await expect(box).toContainText('lack of backlog');
  await page.screenshot({ path: `${SHOTS}/visualizer-full-resync-backlog.png` });
});

test('a replica crashes and restarts, then resynchronizes partially', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'replica-crash-restart');
  const log = page.getByTestId('event-log');
  await expect(log).toContainText('Partial resynchronization request from 172.18.0.3:6380 accepted');
  await log.getByRole('button').filter({ hasText: 'Partial resynchronization request from 172.18.0.3:6380 accepted' }).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/visualizer-crash-restart.png` });
});

test('removing a replica from its menu takes it off the stage; the master sees its replica gone', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'two-replicas');
  await expect(page.getByTestId('topo-node-r2')).toBeVisible();
  await page.getByTestId('topo-node-menu-r2').click();
  await page.getByRole('menuitem', { name: 'Remove r2' }).click();
  await expect(page.getByTestId('topo-node-r2')).toHaveCount(0);
  await expect(page.getByTestId('topo-node-r1')).toBeVisible();
  await expect(page.getByTestId('event-log')).toContainText('remove r2');
  // One link latency later the master sees the connection close: one replica left.
  await page.getByTestId('step-forward').click();
  await page.getByTestId('step-forward').click();
  await expect(page.getByRole('article', { name: 'm' })).toContainText('connected_slaves:1');
  await page.screenshot({ path: `${SHOTS}/visualizer-removed-r2.png` });
});

test('typing in each console: a write on m reaches r1; a write on r1 is refused', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'first-sync');
  const rc = page.getByTestId('redis-console');
  const input = rc.getByTestId('console-input');

  await rc.getByTestId('console-tab-m').click();
  await input.fill('SET x 1');
  await input.press('Enter');
  await expect(input).toHaveValue('');
  // Time moves on so the command runs and the write reaches the replica.
  await page.getByTestId('step-forward').click();
  await expect(rc.locator('.rc-entry').filter({ hasText: 'SET x 1' }).locator('.rc-out')).toHaveText('OK');
  await input.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/visualizer-console-m.png` });

  await rc.getByTestId('console-tab-r1').click();
  await expect(rc.getByTestId('console-tab-r1')).toHaveAttribute('aria-selected', 'true');
  await input.fill('GET x');
  await input.press('Enter');
  await page.getByTestId('step-forward').click();
  await expect(rc.locator('.rc-entry').filter({ hasText: 'GET x' }).locator('.rc-out')).toHaveText('"1"');

  await input.fill('SET y 2');
  await input.press('Enter');
  await page.getByTestId('step-forward').click();
  await expect(rc.locator('.rc-entry').filter({ hasText: 'SET y 2' }).locator('.rc-out'))
    .toHaveText("(error) READONLY You can't write against a read only replica.");
  await input.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/visualizer-console-r1.png` });
  expect(errors).toEqual([]);
});

test('"?" opens the shortcuts dialog; Esc closes it and focus comes back', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?example=first-sync');
  await expect(page.getByTestId('node-m')).toBeVisible();
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  // From the page: Shift+/ opens it, focus moves in, the cursor does not move.
  await page.getByTestId('step-forward').focus();
  await page.keyboard.press('Shift+Slash');
  await expect(dialog).toBeVisible();
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  for (const k of ['Space', '.', '←', '→', 'PageUp', 'PageDown', '?', 'Esc']) {
    await expect(dialog.locator('kbd', { hasText: k }).first()).toBeVisible();
  }
  await expect(dialog).toContainText('Play / pause');
  await expect(dialog).toContainText('Step back');
  await expect(dialog).toContainText('Step forward');
  await page.screenshot({ path: `${SHOTS}/visualizer-shortcuts.png` });
  const results = await new AxeBuilder({ page }).include('dialog').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  // Space inside the dialog does not start playback.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('step-forward')).toBeFocused();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');

  // Typed into the console, "?" is just a character.
  const input = page.getByTestId('console-input');
  await input.fill('');
  await input.press('Shift+Slash');
  await expect(dialog).toBeHidden();
  await expect(input).toHaveValue('?');
  await input.fill('');

  // The labelled "?" button, from the keyboard.
  const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
});

for (const vp of [
  { name: 'desktop-1280', width: 1280, height: 800, touch: false },
  { name: 'desktop-1920', width: 1920, height: 1080, touch: false },
  { name: 'phone-390', width: 390, height: 844, touch: true },
]) {
  test.describe(`layout ${vp.name}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height }, hasTouch: vp.touch, isMobile: vp.touch });
    test(`no horizontal overflow and the transport bar in view at ${vp.width}x${vp.height}`, async ({ page }) => {
      await openAtEnd(page, 'two-replicas');
      const overflow = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
      expect(overflow.sw).toBeLessThanOrEqual(overflow.w);
      const transport = page.getByTestId('transport');
      await expect(transport).toBeInViewport({ ratio: 1 });
      await expect(page.getByTestId('play')).toBeInViewport();
      await page.screenshot({ path: `${SHOTS}/visualizer-layout-${vp.name}.png` });
      // Scrolled to the bottom, the bar is still there and nothing is hidden under it.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expect(transport).toBeInViewport({ ratio: 1 });
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(sw).toBeLessThanOrEqual(vp.width);
      await page.screenshot({ path: `${SHOTS}/visualizer-layout-${vp.name}-bottom.png` });
      // The shortcuts dialog fits too, opened from its button.
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(dialog).toBeVisible();
      const box = await dialog.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(vp.width);
      await page.screenshot({ path: `${SHOTS}/visualizer-layout-${vp.name}-shortcuts.png` });
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });
  });
}

test('axe finds no serious or critical issues with each inspector tab open', async ({ page }) => {
  // Six axe scans: on a loaded 2-core machine they can take most of a minute.
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'partial-resync');
  const found: string[] = [];
  for (const [i, name] of INSPECTOR_TABS.entries()) {
    await showTab(page, name);
    // The whole page once; then only the inspector, the one part a tab changes (the cursor stays
    // at the end, so the rest of the page is the same).
    const axe = new AxeBuilder({ page });
    if (i > 0) axe.include('.panel.inspector');
    const results = await axe.analyze();
    for (const v of results.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') found.push(`${name} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
    await page.screenshot({ path: `${SHOTS}/visualizer-axe-${name.toLowerCase()}.png` });
  }
  expect(found).toEqual([]);
});
