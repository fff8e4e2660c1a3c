// Consoles on a paused run, as a person at redis-cli sees them: Enter plays the run until the
// reply comes, then it pauses again; a WAIT that cannot be satisfied is shown blocked with its
// timeout counting down; Ctrl+C ends a WAIT that would block for ever and gives a fresh prompt.
// Desktop 1440×900, presenter 1920×1080 and phone 390×844 (touch), English and Chinese.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/screens';

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

async function openAtEnd(page: Page, lang: string, extra = '') {
  await page.goto(`./?example=first-sync&play=end&lang=${lang}${extra}`);
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

/** A master that accepts DEBUG from local clients, as `enable-debug-command local` in redis.conf. */
const DEBUG_SCENARIO = ['seed 42', 'node m r1 --enable-debug-command local', 'r1> REPLICAOF m 6379', 'until r1 online within 10s'].join('\n');

async function openDebugAtEnd(page: Page, lang: string, extra = '') {
  await page.goto(`./?scenario=${encodeURIComponent(DEBUG_SCENARIO)}&play=end&lang=${lang}${extra}`);
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

/** Types a line in the visible console and presses Enter (nothing else). */
async function enter(page: Page, line: string) {
  const input = page.locator('[data-testid="console-input"]:visible');
  await input.fill(line);
  await input.press('Enter');
}

/** The console's last entry for a line. */
const entry = (page: Page, input: string) =>
  page.locator('[data-testid="console-output"]:visible .rc-entry').filter({ hasText: input }).last();

const cursorMs = async (page: Page) => Number(await page.getByTestId('cursor').first().getAttribute('data-ms'));

const VIEWS = [
  { name: 'desktop', width: 1440, height: 900, touch: false, extra: '' },
  { name: 'presenter', width: 1920, height: 1080, touch: false, extra: '&present=1' },
  { name: 'phone', width: 390, height: 844, touch: true, extra: '' },
] as const;

for (const vp of VIEWS) {
  for (const lang of ['en', 'zh-CN'] as const) {
    test.describe(`${vp.name} ${lang}`, () => {
      test.use({ viewport: { width: vp.width, height: vp.height }, hasTouch: vp.touch, isMobile: vp.touch });

      test('SET, WAIT and GET on a paused run at its end: nothing pressed but Enter and the tab', async ({ page }) => {
        const errors = collectErrors(page);
        await openAtEnd(page, lang, vp.extra);
        const input = page.locator('[data-testid="console-input"]:visible');
        await input.scrollIntoViewIfNeeded();
        await enter(page, 'SET k v');
        await expect(entry(page, 'SET k v').locator('.rc-out')).toHaveText('OK');
        await enter(page, 'WAIT 1 2000');
        await expect(entry(page, 'WAIT 1 2000').locator('.rc-out')).toHaveText('(integer) 1', { timeout: 20_000 });
        // The run paused again once the reply came, and the console takes lines again.
        await expect(input).not.toHaveAttribute('data-waiting', 'yes');
        await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
        await page.getByTestId('console-tab-r1').click();
        await enter(page, 'GET k');
        await expect(entry(page, 'GET k').locator('.rc-out')).toHaveText('"v"');
        await page.screenshot({ path: `${SHOTS}/console-${vp.name}-${lang}-wait.png` });
        expect(await page.locator('[data-testid="console-output"]:visible').innerText()).not.toMatch(/blocked by a previous command/);
        expect(errors).toEqual([]);
      });

      test('a WAIT that cannot be satisfied is blocked with a countdown, then answers after its timeout', async ({ page }) => {
        const errors = collectErrors(page);
        await openAtEnd(page, lang, vp.extra);
        const start = await cursorMs(page);
        await enter(page, 'WAIT 5 3000');
        const wait = page.locator('[data-testid="console-wait"]:visible');
        await expect(wait).toHaveAttribute('data-blocked', 'yes');
        await expect(wait).toContainText('WAIT 5 3000');
        await expect(page.locator('[data-testid="console-input"]:visible')).toHaveAttribute('data-waiting', 'yes');
        // A line entered meanwhile is not sent: it stays in the input.
        await enter(page, 'GET k');
        await expect(page.locator('[data-testid="console-input"]:visible')).toHaveValue('GET k');
        await page.screenshot({ path: `${SHOTS}/console-${vp.name}-${lang}-blocked.png` });
        // redis-cli's elapsed time after a reply that took half a second or more.
        await expect(entry(page, 'WAIT 5 3000').locator('.rc-out')).toHaveText('(integer) 1\n(3.00s)', { timeout: 30_000 });
        await expect(wait).toHaveCount(0);
        expect(await cursorMs(page)).toBeGreaterThanOrEqual(start + 3000);
        await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
        // Now the line goes out.
        await page.locator('[data-testid="console-input"]:visible').press('Enter');
        await expect(entry(page, 'GET k').locator('.rc-out')).toHaveText('(nil)');
        expect(errors).toEqual([]);
      });

      test('Ctrl+C on a WAIT that blocks for ever gives a fresh prompt', async ({ page }) => {
        const errors = collectErrors(page);
        await openAtEnd(page, lang, vp.extra);
        await enter(page, 'SELECT 1');
        await enter(page, 'WAIT 5 0');
        const wait = page.locator('[data-testid="console-wait"]:visible');
        await expect(wait).toHaveAttribute('data-blocked', 'yes');
        const input = page.locator('[data-testid="console-input"]:visible');
        if (vp.touch) await wait.getByRole('button').click();
        else await input.press('Control+c');
        await expect(entry(page, 'WAIT 5 0').locator('.rc-out')).toHaveText('^C');
        await expect(wait).toHaveCount(0);
        await expect(input).not.toHaveAttribute('data-waiting', 'yes');
        await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
        await enter(page, 'INFO clients');
        const info = entry(page, 'INFO clients');
        await expect(info.locator('.rc-out')).toContainText('blocked_clients:0');
        // A new redis-cli: database 0 again.
        await expect(info.locator('.rc-p')).toHaveText('127.0.0.1:6379>');
        await page.screenshot({ path: `${SHOTS}/console-${vp.name}-${lang}-ctrlc.png` });
        expect(errors).toEqual([]);
      });

      test('DEBUG SLEEP prints its time after OK; Ctrl+C while the server sleeps never shows the OK', async ({ page }) => {
        const errors = collectErrors(page);
        await openDebugAtEnd(page, lang, vp.extra);
        const input = page.locator('[data-testid="console-input"]:visible');
        await input.scrollIntoViewIfNeeded();
        await enter(page, 'DEBUG SLEEP 1');
        await expect(entry(page, 'DEBUG SLEEP 1').locator('.rc-out')).toHaveText('OK\n(1.00s)', { timeout: 20_000 });
        await expect(input).not.toHaveAttribute('data-waiting', 'yes');
        await enter(page, 'DEBUG SLEEP 2');
        const wait = page.locator('[data-testid="console-wait"]:visible');
        await expect(wait).toHaveAttribute('data-blocked', 'yes');
        if (vp.touch) await wait.getByRole('button').click();
        else await input.press('Control+c');
        await expect(entry(page, 'DEBUG SLEEP 2').locator('.rc-out')).toHaveText('^C');
        // The server still sleeps: a new redis-cli's PING is answered when it wakes, the OK never.
        const start = await cursorMs(page);
        await enter(page, 'PING');
        await expect(entry(page, 'PING').locator('.rc-out')).toHaveText(/^PONG(\n\(\d\.\d\ds\))?$/, { timeout: 20_000 });
        expect(await cursorMs(page)).toBeGreaterThan(start);
        await expect(entry(page, 'DEBUG SLEEP 2').locator('.rc-out')).toHaveText('^C');
        await page.screenshot({ path: `${SHOTS}/console-${vp.name}-${lang}-sleep.png` });
        expect(errors).toEqual([]);
      });
    });
  }
}
