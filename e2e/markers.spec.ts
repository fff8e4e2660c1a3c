// Journeys through the timeline's event markers, the link settings in the link menu, and the
// long-press menu on a phone.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/screens';

async function openAtEnd(page: Page, example: string): Promise<void> {
  await page.goto(`./?example=${example}&host=inline&play=end`);
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

const cursor = (page: Page) => page.getByTestId('cursor');
const marker = (page: Page, label: RegExp) => page.getByTestId('timeline-mark').and(page.getByRole('button', { name: label }));

test('clicking a marker moves the cursor to its moment, and the markers ahead stay', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'partial-resync');
  const marks = page.getByTestId('timeline-mark');
  const row = page.getByRole('toolbar', { name: 'Events on the timeline' });
  await expect(row).toBeVisible();
  const count = await marks.count();
  expect(count).toBeGreaterThan(3);

  // The +CONTINUE, said with the replica's name.
  const partial = marker(page, /Partial resync accepted: r1 from offset 61/);
  await expect(partial).toHaveAttribute('data-kind', 'partial');
  const cut = marker(page, /cut m r1/);
  const cutAt = await cut.getAttribute('data-t');
  await cut.click();
  await expect(cursor(page)).toHaveAttribute('data-ms', cutAt!);
  await expect(page.getByTestId('cursor')).toContainText(`t = ${(Number(cutAt) / 1000).toFixed(3)} s`);
  // Going back does not forget what lies ahead: the +CONTINUE is still marked, and takes us there.
  await expect(marks).toHaveCount(count);
  const partialAt = await partial.getAttribute('data-t');
  await partial.click();
  await expect(cursor(page)).toHaveAttribute('data-ms', partialAt!);
  // There, the event log has the master's answer in Redis's words.
  await expect(page.getByTestId('event-log').getByRole('listitem').filter({ hasText: 'Partial resynchronization request from 172.18.0.3:6380 accepted' })).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/markers-desktop.png` });
});

test('"]" and "[" (and PageDown, PageUp) go to the next and previous marker; the row is one Tab stop', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'partial-resync');
  const times = (await page.getByTestId('timeline-mark').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))))).sort((a, b) => a - b);
  const cut = marker(page, /cut m r1/);
  const cutAt = Number(await cut.getAttribute('data-t'));
  await cut.click();
  await expect(cursor(page)).toHaveAttribute('data-ms', String(cutAt));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  const next = times.find((t) => t > cutAt)!;
  await page.keyboard.press(']');
  await expect(cursor(page)).toHaveAttribute('data-ms', String(next));
  await page.keyboard.press('[');
  await expect(cursor(page)).toHaveAttribute('data-ms', String(cutAt));
  await page.keyboard.press('PageDown');
  await expect(cursor(page)).toHaveAttribute('data-ms', String(next));
  await page.keyboard.press('PageUp');
  await expect(cursor(page)).toHaveAttribute('data-ms', String(cutAt));

  // One Tab stop for the whole row; arrows move between markers without moving time; Enter goes.
  const inRow = page.getByRole('toolbar', { name: 'Events on the timeline' }).getByRole('button');
  await expect(inRow.and(page.locator('[tabindex="0"]'))).toHaveCount(1);
  await inRow.and(page.locator('[tabindex="0"]')).focus();
  const focusedT = () => page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.t));
  const from = await focusedT();
  await page.keyboard.press('ArrowRight');
  const to = await focusedT();
  expect(to).toBeGreaterThan(from);
  await expect(cursor(page)).toHaveAttribute('data-ms', String(cutAt));
  await page.keyboard.press('Enter');
  await expect(cursor(page)).toHaveAttribute('data-ms', String(to));

  // The keys are in the "?" help.
  await page.keyboard.press('Shift+Slash');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog.locator('kbd', { hasText: '[' })).toBeVisible();
  await expect(dialog.locator('kbd', { hasText: ']' })).toBeVisible();
  await expect(dialog).toContainText('Go to the next event marker on the time slider');
  await page.keyboard.press('Escape');
});

test("a link's latency and bandwidth set from its menu: checked, applied, in the log and on the timeline", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAtEnd(page, 'partial-resync');
  const log = page.getByTestId('event-log');
  await page.getByTestId('topo-link-m|r1').click();
  await page.getByRole('menuitem', { name: 'Latency of m–r1… (now 1 ms)' }).click();
  const form = page.getByTestId('topo-link-form');
  const latency = form.getByLabel('One-way latency (ms)');
  await expect(latency).toBeFocused();
  await expect(latency).toHaveValue('1');

  // Out of range: a message, nothing applied.
  await latency.fill('0');
  await latency.press('Enter');
  await expect(form.getByRole('alert')).toHaveText('Latency: a whole number of milliseconds from 1 to 60000.');
  await expect(latency).toHaveAttribute('aria-invalid', 'true');
  await expect(log).not.toContainText('latency m r1');

  await latency.fill('40');
  await form.getByLabel(/^Jitter \(ms\)/).fill('5');
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(log.getByRole('listitem').filter({ hasText: 'latency m r1 40ms jitter 5ms' })).toHaveCount(1);
  await expect(page.getByTestId('timeline-mark').and(page.getByRole('button', { name: /latency m r1 40ms jitter 5ms/ }))).toHaveCount(1);

  // The menu shows the link as it is now; bandwidth from the keyboard: arrows to 64 kbit/s, Enter.
  await page.getByTestId('topo-link-m|r1').click();
  await expect(page.getByRole('menuitem', { name: 'Latency of m–r1… (now 40 ms + up to 5 ms jitter)' })).toBeVisible();
  await page.getByRole('menuitem', { name: 'Bandwidth of m–r1… (now 1 Gbit/s)' }).click();
  await expect(form.getByRole('radio', { name: '1 Gbit/s' })).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await expect(form.getByRole('radio', { name: '64 kbit/s' })).toBeChecked();
  await page.screenshot({ path: `${SHOTS}/markers-link-bandwidth.png` });
  await page.keyboard.press('Enter');
  await expect(log.getByRole('listitem').filter({ hasText: 'bandwidth m r1 64kbit' })).toHaveCount(1);

  // Escape goes back from the form to the menu, and again closes the menu.
  await page.getByTestId('topo-link-m|r1').click();
  await page.getByRole('menuitem', { name: 'Bandwidth of m–r1… (now 64 kbit/s)' }).click();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(page.getByRole('menuitem', { name: /^Cut the link m–r1/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('topo-menu')).toBeHidden();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('holding a node opens its actions menu without selecting it; a tap still selects; markers are fingertip-sized', async ({ page }) => {
    await openAtEnd(page, 'partial-resync');
    const node = page.getByTestId('topo-node-r1');
    await node.scrollIntoViewIfNeeded();
    const box = (await node.boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
    const menu = page.getByRole('menu', { name: 'Actions for r1' });
    await expect(menu).toBeVisible();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    // Lifting the finger chose nothing: the menu is still open, r1 still runs and is not selected.
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Crash r1' })).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: /^Latency of m–r1…/ })).toBeAttached();
    await expect(node).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('topo-node-card')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/markers-phone-longpress.png` });

    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await node.tap();
    await expect(node).toHaveAttribute('aria-pressed', 'true');

    // Each marker is a 44 × 44 target inside the bar, none over another, none over the slider's thumb.
    const transport = (await page.getByTestId('transport').boundingBox())!;
    const slider = (await page.getByTestId('time-slider').boundingBox())!;
    const boxes = await page.getByTestId('timeline-mark').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    }));
    expect(boxes.length).toBeGreaterThan(1);
    for (const [i, b] of boxes.entries()) {
      expect(b.w).toBeGreaterThanOrEqual(44);
      expect(b.h).toBeGreaterThanOrEqual(44);
      expect(b.y).toBeGreaterThanOrEqual(transport.y);
      expect(b.y + b.h).toBeLessThanOrEqual(slider.y + slider.height / 2 - 8);
      if (i > 0) expect(b.x).toBeGreaterThanOrEqual(boxes[i - 1].x + boxes[i - 1].w - 0.5);
    }
    await page.getByTestId('transport').screenshot({ path: `${SHOTS}/markers-phone-bar.png` });
    const last = page.getByTestId('timeline-mark').last();
    const lastAt = await last.getAttribute('data-t');
    await last.tap();
    await expect(cursor(page)).toHaveAttribute('data-ms', lastAt!);
  });
});
