// The URL is the state: choosing an example puts it in the address bar; "Copy link" gives a link
// that opens the same run (after a fork: the branch's actions) at the same moment with the same
// trace hash; a truncated link says so, in English and Chinese, and the first example runs.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/screens';
const cursor = (page: Page) => page.getByTestId('cursor');
const marker = (page: Page, label: RegExp) => page.getByTestId('timeline-mark').and(page.getByRole('button', { name: label }));

/** The cursor and trace hash once nothing is running. */
async function settled(page: Page): Promise<{ ms: string; hash: string }> {
  await expect(page.getByTestId('trace-hash')).not.toHaveText('');
  let last = '';
  await expect.poll(async () => {
    const now = `${await cursor(page).getAttribute('data-ms')} ${await page.getByTestId('trace-hash').textContent()}`;
    const same = now === last;
    last = now;
    return same;
  }, { intervals: [300, 300, 300, 500, 1000] }).toBe(true);
  const [ms, hash] = last.split(' ');
  return { ms, hash };
}

test('choosing an example puts it in the URL, keeping the language and theme', async ({ page }) => {
  await page.goto('./?lang=en&theme=dark&host=inline');
  await expect(cursor(page)).toHaveAttribute('data-ms', '0');
  await page.getByTestId('example-picker').selectOption('partial-resync');
  await expect(page).toHaveURL(/\?example=partial-resync&lang=en&theme=dark$/);
  await expect(page.getByTestId('scenario-summary')).toContainText('short cut');
});

test('"Copy link" after a fork opens the same run at the same moment, with the same trace hash', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?example=partial-resync&lang=en&host=inline');
  const cut = marker(page, /cut m r1/);
  const cutAt = await cut.getAttribute('data-t');
  await cut.click();
  await expect(cursor(page)).toHaveAttribute('data-ms', cutAt!);
  // Crash r1 there: history forks.
  await page.getByTestId('topo-node-menu-r1').click();
  await page.getByRole('menu', { name: 'Actions for r1' }).getByRole('menuitem', { name: 'Crash r1' }).click();
  await expect(page.getByTestId('topo-node-r1')).toHaveAccessibleName('r1, not running');
  // On to the next event (the master sees the link go), simulated ahead.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(']');
  await expect.poll(async () => Number(await cursor(page).getAttribute('data-ms'))).toBeGreaterThan(Number(cutAt));
  const before = await settled(page);

  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link-status')).toHaveText('Link copied');
  await expect(page.getByTestId('live')).toHaveText('Link copied');
  const link = (await page.getByTestId('copy-link').getAttribute('data-link'))!;
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(link).toMatch(/\?z=[A-Za-z0-9_-]+&t=[\d.]+&lang=en$/);
  expect(link.length).toBeLessThan(700);
  await page.screenshot({ path: `${SHOTS}/url-copied.png` });

  // Opened anew (in Web Workers this time): the same moment, the same trace hash, r1 still down.
  const other = await context.newPage();
  await other.setViewportSize({ width: 1440, height: 900 });
  await other.goto(link);
  await expect(cursor(other)).toHaveAttribute('data-ms', before.ms, { timeout: 20_000 });
  const after = await settled(other);
  expect(after).toEqual(before);
  await expect(other.getByTestId('topo-node-r1')).toHaveAccessibleName('r1, not running');
  await expect(other.getByTestId('load-errors')).toHaveCount(0);
});

for (const lang of ['en', 'zh-CN'] as const) {
  test(`a truncated link says it is cut short and the first example runs (${lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('./?example=partial-resync&host=inline');
    await page.getByTestId('topo-node-menu-r1').click();
    await page.getByRole('menu', { name: 'Actions for r1' }).getByRole('menuitem', { name: 'Crash r1' }).click();
    await page.getByTestId('copy-link').click();
    await expect(page.getByTestId('copy-link')).toHaveAttribute('data-link', /z=/);
    const link = new URL((await page.getByTestId('copy-link').getAttribute('data-link'))!);
    const z = link.searchParams.get('z')!;
    await page.goto(`./?z=${z.slice(0, z.length - 7)}&lang=${lang}`);
    const notice = page.getByTestId('load-errors');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('role', 'alert');
    await expect(notice).toContainText(lang === 'en' ? 'This link is cut short or damaged' : '此链接被截断或已损坏');
    await expect(notice).toContainText(lang === 'en' ? 'Still showing: first-sync' : '仍在显示：first-sync');
    await expect(page.getByTestId('example-picker')).toHaveValue('first-sync');
    await expect(page.getByTestId('topo-node-r1')).toBeVisible();
    if (lang === 'zh-CN') await page.screenshot({ path: `${SHOTS}/url-broken-zh.png` });
  });
}
