// Commands in captions: a command in an example's summary or in the fidelity notes is a button;
// activating it (mouse or keyboard) runs the line in that node's console, which prints the reply.
// The fidelity notes open from the bottom of the page, in English and Chinese.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const SHOTS = 'test-results/screens';

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

/** The console's entry for a line, once its reply is printed. */
function entry(page: Page, input: string) {
  return page.getByTestId('redis-console').locator('.rc-entry').filter({ hasText: input }).last();
}

test('clicking a caption command prints its reply in that node\'s console', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?example=partial-resync&host=inline');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  const summary = page.getByTestId('scenario-summary');
  const onR1 = summary.getByRole('button', { name: 'Run INFO replication on r1' });
  await expect(onR1).toBeVisible();
  // The console starts on m; the caption switches it to r1 and runs the line there.
  const rc = page.getByTestId('redis-console');
  await expect(rc.getByTestId('console-tab-m')).toHaveAttribute('aria-selected', 'true');
  await onR1.click();
  await expect(rc.getByTestId('console-tab-r1')).toHaveAttribute('aria-selected', 'true');
  await expect(entry(page, 'INFO replication').locator('.rc-out')).toContainText('role:slave');
  await expect(entry(page, 'INFO replication').locator('.rc-p')).toHaveText('127.0.0.1:6380>');
  await page.screenshot({ path: `${SHOTS}/captions-run-r1.png` });

  // From the keyboard: the button takes focus with a visible ring, Enter runs it on m.
  const onM = summary.getByRole('button', { name: 'Run INFO replication on m' });
  await onR1.focus();
  await page.keyboard.press('Tab');
  await expect(onM).toBeFocused();
  const ring = await onM.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(rc.getByTestId('console-tab-m')).toHaveAttribute('aria-selected', 'true');
  await expect(entry(page, 'INFO replication').locator('.rc-out')).toContainText('role:master');
  await expect(entry(page, 'INFO replication').locator('.rc-p')).toHaveText('127.0.0.1:6379>');
  // Run as if typed: the line is in m's history.
  const input = rc.getByTestId('console-input');
  await input.focus();
  await page.keyboard.press('ArrowUp');
  await expect(input).toHaveValue('INFO replication');

  // Another example: the last caption command is not run again there (entries that came back
  // from the node are data-kind="entry").
  await page.getByTestId('example-picker').selectOption('first-sync');
  await expect(page.getByTestId('scenario-summary')).toContainText('First sync');
  for (const n of ['m', 'r1']) {
    await rc.getByTestId(`console-tab-${n}`).click();
    await expect(rc.locator('.rc-entry[data-kind="entry"]').first()).toBeVisible();
    await expect(rc.locator('.rc-entry[data-kind="entry"]').filter({ hasText: 'INFO replication' })).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});

test('the fidelity notes open from the page, and their commands run too', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?example=first-sync&host=inline');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  const notes = page.getByTestId('fidelity-notes');
  await notes.getByRole('heading', { name: 'Fidelity notes' }).click();
  await expect(notes.getByRole('heading', { name: 'Myth: “the master resends commands when an ACK lags”' })).toBeVisible();
  await expect(notes).toContainText('REPLCONF ACK <offset> gets no reply');
  const run = notes.locator('[data-note="psync"]').getByRole('button', { name: 'Run INFO stats on m' });
  await run.click();
  await expect(entry(page, 'INFO stats').locator('.rc-out')).toContainText('sync_full:');
  const results = await new AxeBuilder({ page }).include('[data-testid="fidelity-notes"]').include('[data-testid="scenario-summary"]').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await notes.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/captions-notes.png` });
  expect(errors).toEqual([]);
});

test('in Chinese the captions and notes keep the same commands, with Chinese names', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./?example=partial-resync&host=inline&lang=zh-CN');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  const button = page.getByTestId('scenario-summary').getByRole('button', { name: '在 r1 上执行 INFO replication' });
  await button.click();
  await expect(entry(page, 'INFO replication').locator('.rc-out')).toContainText('role:slave');
  const notes = page.getByTestId('fidelity-notes');
  await notes.getByRole('heading', { name: '保真度说明' }).click();
  await expect(notes.getByRole('heading', { name: '误解：“ACK 落后时主节点会重发命令”' })).toBeVisible();
  await expect(notes.getByRole('button', { name: '在 m 上执行 INFO stats' }).first()).toBeVisible();
  expect(errors).toEqual([]);
});
