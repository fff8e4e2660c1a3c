// The Redis version switch in the page: picking 2.8 restarts the run under 2.8, the backlog panel
// draws the fixed ring with its arithmetic, the handshake names the master's run_id; "compare
// with" 4.0 shows a replica restart under both with the difference marked; the URL reproduces it.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const SHOTS = 'test-results/screens';

async function done(page: Page): Promise<void> {
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

async function showTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tablist', { name: 'Inspector' }).getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

test('picking 2.8 restarts the run under 2.8: the ring backlog with its arithmetic, and the run_id in the handshake', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?example=replica-restart-versions&lang=en');
  await expect(page.getByTestId('version-picker')).toHaveValue('7.0');
  await expect(page.getByTestId('version-source')).toHaveAttribute('data-source', 'default');
  // Keyboard: focus the picker and choose 2.8.
  await page.getByTestId('version-picker').focus();
  await page.getByTestId('version-picker').selectOption('2.8');
  await expect(page.getByTestId('version-switch')).toHaveAttribute('data-version', '2.8');
  await expect(page).toHaveURL(/[?&]version=2\.8(&|$)/);
  await expect(page.getByTestId('cursor')).toHaveAttribute('data-ms', '0');
  await expect(page.getByTestId('version-source')).toHaveAttribute('data-source', 'pick');
  await expect(page.getByTestId('summary-version-note')).toContainText('Redis 2.8');
  await page.getByRole('button', { name: 'Run to end' }).click();
  await done(page);

  await showTab(page, 'Backlog');
  await expect(page.getByTestId('backlog-ring')).toHaveAttribute('data-mode', 'ring');
  await expect(page.getByTestId('ring-title')).toContainText('(ring, 2.8)');
  const math = page.getByTestId('backlog-math');
  await expect(math).toHaveAttribute('data-mode', 'ring');
  await expect(math.getByTestId('math-idx')).toContainText('repl_backlog_idx =');
  const head = await page.getByTestId('fact-head').textContent();
  const histlen = await page.getByTestId('fact-histlen').textContent();
  const first = await page.getByTestId('fact-first').textContent();
  expect(Number(first)).toBe(Number(head) - Number(histlen) + 1);
  await expect(math.getByTestId('math-first')).toContainText(`= ${head} − ${histlen} + 1 = ${first}`);

  await showTab(page, 'Nodes');
  const runId = await page.getByTestId('node-m').locator('dd[title]').first().getAttribute('title');
  expect(runId).toMatch(/^[0-9a-f]{40}$/);
  await showTab(page, 'Handshake');
  const hs = page.getByTestId('handshake-text');
  await expect(hs).toContainText('PSYNC ? -1');
  await expect(hs).toContainText(`+FULLRESYNC ${runId}`);
  await page.screenshot({ path: `${SHOTS}/versions-28.png` });
});

test('compare 2.8 with 4.0 on a replica restart: the PSYNC and the sync counters differ, marked', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?example=replica-restart-versions&version=2.8&lang=en');
  await expect(page.getByTestId('version-picker')).toHaveValue('2.8');
  await page.getByTestId('compare-picker').selectOption('4.0');
  await expect(page).toHaveURL(/[?&]compare=4\.0(&|$)/);
  await expect(page).toHaveURL(/[?&]version=2\.8(&|$)/);
  const cmp = page.getByTestId('version-compare');
  await expect(cmp).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
  const a = cmp.getByTestId('compare-run-2.8');
  const b = cmp.getByTestId('compare-run-4.0');
  // The restart's handshake: 2.8 forgot the master, 4.0 read its replid and offset from the RDB.
  await expect(a.getByTestId('compare-request').nth(1)).toContainText('PSYNC ? -1');
  await expect(a.getByTestId('compare-reply').nth(1)).toContainText('+FULLRESYNC');
  await expect(b.getByTestId('compare-request').nth(1)).toContainText(/PSYNC [0-9a-f]{40} \d+/);
  await expect(b.getByTestId('compare-reply').nth(1)).toContainText('+CONTINUE');
  await expect(a.getByTestId('compare-handshake').nth(1)).toHaveAttribute('data-differs', 'true');
  await expect(a.getByTestId('compare-handshake').nth(0)).toHaveAttribute('data-differs', 'false');
  const cell = (run: typeof a, f: string) => run.getByTestId('compare-node-m').locator(`[data-field="${f}"]`);
  await expect(cell(a, 'sync_full')).toContainText('2');
  await expect(cell(b, 'sync_full')).toContainText('1');
  await expect(cell(a, 'sync_full')).toHaveAttribute('data-differs', 'true');
  await expect(cell(b, 'sync_partial_ok')).toContainText('1');
  await expect(cell(b, 'sync_partial_ok')).toHaveAttribute('data-differs', 'true');
  await expect(a.getByTestId('compare-total')).toContainText('2 full, 0 partial');
  await expect(b.getByTestId('compare-total')).toContainText('1 full, 1 partial');
  await expect(cmp.getByText('differs').first()).toBeAttached();
  await page.screenshot({ path: `${SHOTS}/versions-compare.png` });
  const axe = await new AxeBuilder({ page }).include('[data-testid="version-compare"]').include('[data-testid="version-switch"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // The URL reproduces it in a new page.
  const url = page.url();
  const other = await page.context().newPage();
  await other.goto(url);
  await expect(other.getByTestId('version-picker')).toHaveValue('2.8');
  await expect(other.getByTestId('compare-picker')).toHaveValue('4.0');
  await expect(other.getByTestId('version-compare')).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
  await expect(other.getByTestId('compare-run-4.0').getByTestId('compare-reply').nth(1)).toContainText('+CONTINUE');
  // Closing the comparison drops it from the address.
  await other.getByRole('button', { name: 'Close the comparison' }).click();
  await expect(other.getByTestId('version-compare')).toHaveCount(0);
  await expect(other).not.toHaveURL(/compare=/);
});

test('a scenario\'s own version line is shown, and a picked version wins over it', async ({ page }) => {
  const text = 'version 4.0\nnode m r1\nr1> SLAVEOF m 6379\nuntil r1 online within 20s\nm> SET a 1\n';
  await page.goto(`./?scenario=${encodeURIComponent(text)}&lang=en`);
  await expect(page.getByTestId('version-picker')).toHaveValue('4.0');
  await expect(page.getByTestId('version-source')).toHaveAttribute('data-source', 'line');
  await page.getByTestId('version-picker').selectOption('2.6');
  await expect(page.getByTestId('version-source')).toHaveAttribute('data-source', 'pick');
  await expect(page.getByTestId('version-source')).toContainText('version 4.0');
  await expect(page).toHaveURL(/version=2\.6/);
});

test('under 2.8 an example typed with REPLICAOF says so, and runs with SLAVEOF on request', async ({ page }) => {
  await page.goto('./?example=partial-resync&version=2.8&lang=zh-CN');
  const notice = page.getByTestId('version-notice');
  await expect(notice).toContainText("ERR unknown command 'REPLICAOF'");
  await expect(notice).toContainText('Redis 2.8 不认识');
  await notice.getByTestId('version-notice-slaveof').click();
  await expect(page.getByTestId('version-notice')).toHaveCount(0);
  await expect(page.getByTestId('version-picker')).toHaveValue('2.8');
  await expect(page.getByTestId('example-picker')).toHaveValue('');
});

test('on a phone, in Chinese, the compare view reads top to bottom with no sideways scrolling', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  await page.goto('./?example=replica-restart-versions&version=2.8&compare=4.0&lang=zh-CN');
  const cmp = page.getByTestId('version-compare');
  await expect(cmp).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
  await expect(cmp).toContainText('同一个场景在 Redis 2.8 和 4.0 下');
  const a = await cmp.getByTestId('compare-run-2.8').boundingBox();
  const b = await cmp.getByTestId('compare-run-4.0').boundingBox();
  expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
  const o = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
  expect(o.sw).toBeLessThanOrEqual(o.w);
  await page.screenshot({ path: `${SHOTS}/versions-compare-phone-zh.png`, fullPage: true });
  await ctx.close();
});
