// Hostile scenario links: a budget, a command that would exhaust memory, a reversed glob range
// and nodes named like Object.prototype members each give a clear message (or just work), in
// English and Chinese, and the page stays usable.
import { expect, test, type Page } from '@playwright/test';

const SIZES = [[1440, 900], [1920, 1080], [390, 844]] as const;
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/screens';

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

const open = (page: Page, text: string, more = '') => page.goto(`./?scenario=${encodeURIComponent(text)}${more}`);

test('a line over a budget is named with FILE:LINE in Chinese, and the first example runs instead', async ({ page }) => {
  const errors = collectErrors(page);
  await open(page, 'seed 5\nnode m r1\nsleep 99999999m\n', '&lang=zh-CN');
  const box = page.getByTestId('load-errors');
  await expect(box).toContainText('scenario.scn:3: 这一行要等待 1666667 小时的模拟时间；一行最多只能等待 2 小时');
  await expect(page.getByTestId('example-picker')).toHaveValue('first-sync');
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/budget-zh-${w}.png` });
  }
  await page.getByTestId('run-to-end').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
  expect(errors).toEqual([]);
});

test('a command that would build a huge reply stops the compile with the seed, the time and the line', async ({ page }) => {
  await open(page, 'seed 6\nnode m\nm> SADD s x\nsleep 2s\nm> SRANDMEMBER s -2000000\nm> GET never\n', '&lang=en');
  const box = page.getByTestId('load-errors');
  await expect(box).toContainText('The scenario stopped at line 5');
  await expect(box.getByTestId('fault-seed')).toHaveText('6');
  await expect(box.getByTestId('fault-line')).toHaveText('5');
  await expect(box.getByTestId('fault-time')).toContainText('2');
  await expect(box.getByTestId('fault-message')).toHaveText('SRANDMEMBER would build a reply of 2000000 elements; one command may build at most 1000000');
  await expect(box).toContainText('m> SRANDMEMBER s -2000000');
  await expect(box).not.toContainText('GET never');
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/budget-fault-${w}.png`, fullPage: true });
  }
  await expect(page.getByTestId('transport')).toBeVisible();
});

test('CONFIG GET [z-a] and nodes named constructor and toString run to the end in workers', async ({ page }) => {
  const errors = collectErrors(page);
  const text = 'seed 3\nnode m constructor toString\nconstructor> REPLICAOF m 6379\ntoString> REPLICAOF m 6379\nsleep 7s\nm> CONFIG GET [z-a]\nm> CONFIG GET **********e\nm> SET a 1\nsleep 1s\nconstructor> GET a\ntoString> GET a\n';
  await open(page, text, '&play=end&lang=en');
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('fault-panel')).toBeHidden();
  await expect(page.getByTestId('load-errors')).toBeHidden();
  await expect(page.getByTestId('node-constructor')).toBeVisible();
  await expect(page.getByTestId('node-toString')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a scenario link is compiled off the page\'s thread: the watchdog stops a slow one and the page stays usable', async ({ page }) => {
  const errors = collectErrors(page);
  // Within every budget, but far slower to compile than this test's watchdog (watchdog=MS is a test hook).
  const slow = 'seed 1\nnode a b c d e f g h\nsleep 120m\nsleep 120m\nsleep 110m\n';
  await open(page, slow, '&lang=en&watchdog=1500');
  const box = page.getByTestId('load-errors');
  await expect(box).toContainText('Reading this scenario took longer than 1.5 s, so it was stopped.');
  await expect(page.getByTestId('example-picker')).toHaveValue('first-sync');
  // The page answered all along and still runs an example.
  await page.getByTestId('example-picker').selectOption('propagation');
  await page.getByTestId('run-to-end').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
  await page.screenshot({ path: `${SHOTS}/watchdog-1440.png` });
  expect(errors).toEqual([]);
});

test('long work shows its progress and can be cancelled, in English and Chinese; the page stays usable', async ({ page }) => {
  const errors = collectErrors(page);
  // Within every budget, but seconds of compiling: the page shows how far it has got.
  const slow = 'seed 1\nnode a b c d e f g h\nsleep 120m\nsleep 120m\nsleep 110m\n';
  await open(page, slow, '&lang=en');
  const work = page.getByTestId('work-progress');
  await expect(work).toHaveAttribute('data-kind', 'compile');
  await expect(work).toContainText(/Reading the scenario: line \d+ of 6, [\d.]+ s simulated/);
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/work-progress-${w}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await work.getByRole('button', { name: /Cancel/ }).click();
  await expect(work).toBeHidden();
  await expect(page.getByTestId('load-errors')).toContainText('Reading “scenario” was cancelled.');
  // The page runs the first example meanwhile and answers.
  await expect(page.getByTestId('example-picker')).toHaveValue('first-sync');
  await page.getByTestId('run-to-end').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');

  // In Chinese, Esc cancels.
  await open(page, slow, '&lang=zh-CN');
  await expect(work).toContainText(/正在读取场景：第 \d+ 行，共 6 行/);
  await page.keyboard.press('Escape');
  await expect(work).toBeHidden();
  await expect(page.getByTestId('load-errors')).toContainText('已取消读取“scenario”。');
  expect(errors).toEqual([]);
});
