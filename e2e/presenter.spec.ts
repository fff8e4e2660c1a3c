// Presenter mode on a projector (1920x1080) and the theme switch: large type, the secondary
// panels hidden, nothing overflowing, "P" toggles it; the chosen theme is remembered.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const SHOTS = 'test-results/screens';

async function openAtEnd(page: Page, query: string): Promise<void> {
  await page.goto(`./?${query}&play=end`);
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

test.use({ viewport: { width: 1920, height: 1080 } });

test('presenter mode enlarges the screen, hides the secondary panels, and P turns it off again', async ({ page }) => {
  await openAtEnd(page, 'example=two-replicas');
  const summary = page.locator('details.more > summary');
  await expect(summary).toBeVisible();
  const before = (await page.getByTestId('topo-node-m').boundingBox())!;
  await page.getByTestId('presenter').click();
  await expect(page.getByTestId('presenter')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
  await expect(summary).toBeHidden();
  // Everything is drawn larger: the node's hit target grows by the zoom.
  const after = (await page.getByTestId('topo-node-m').boundingBox())!;
  expect(after.width).toBeGreaterThan(before.width * 1.25);
  // Nothing overflows sideways, and the transport bar stays on screen.
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(sw).toBeLessThanOrEqual(1920);
  await expect(page.getByTestId('play')).toBeInViewport();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/presenter-1920.png` });
  // A clicker's keys still drive time, and "P" leaves presenter mode.
  await page.locator('body').press('p');
  await expect(page.locator('html')).not.toHaveAttribute('data-presenter', 'on');
  await expect(summary).toBeVisible();
});

test('the theme switch changes the colours and is remembered; a URL starts in presenter mode', async ({ page }) => {
  await openAtEnd(page, 'example=partial-resync');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.getByTestId('theme').selectOption('light');
  const light = await bg();
  await page.getByTestId('theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).not.toBe(light);
  await page.screenshot({ path: `${SHOTS}/theme-dark-1920.png` });
  await openAtEnd(page, 'example=partial-resync');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme')).toHaveValue('dark');
  await openAtEnd(page, 'example=partial-resync&present=1');
  await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
});
