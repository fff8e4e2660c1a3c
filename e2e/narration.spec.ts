// The narration line and the timers on the stage: seeking through the first sync, the line names
// each step (the handshake, PSYNC, +FULLRESYNC and why, the RDB, online) in English and Chinese;
// the master's repl-diskless-sync-delay is drawn as a countdown during the delay; "Show in…" opens
// the panel; the history is readable; the live region speaks the line.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const SHOTS = 'test-results/screens';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`./?example=first-sync${query}`);
  await expect(page.getByTestId('node-r1')).toBeVisible();
  await expect(page.getByTestId('trace-hash')).not.toHaveText('');
}

async function seek(page: Page, ms: number): Promise<void> {
  await page.getByTestId('time-slider').fill(String(ms));
  await expect.poll(async () => Number(await page.getByTestId('cursor').getAttribute('data-ms'))).toBe(ms);
}

const EN: readonly [number, RegExp][] = [
  [2, /^r1 → m: PING$/],
  [4, /^r1 → m: REPLCONF/],
  // In flight, the PSYNC is its frame; once the master has it, the history explains it.
  [7, /^r1 → m: PSYNC [0-9a-f]{40} 1$/],
  [1000, /m will answer r1 \+FULLRESYNC: replication ID mismatch — it waits repl-diskless-sync-delay \(5 s\) before sending the RDB/],
  [5001, /^m → r1: the RDB, \d+ bytes, straight to the socket \(diskless\)$/],
  [5500, /^r1 is online: full sync finished at offset 0$/],
];

const ZH: readonly [number, RegExp][] = [
  [2, /^r1 → m：PING$/],
  [7, /^r1 → m：PSYNC [0-9a-f]{40} 1$/],
  [1000, /m 将以 \+FULLRESYNC 回复 r1：复制 ID 不匹配 — 先等待 repl-diskless-sync-delay（5 秒）再发送 RDB/],
  [5001, /^m → r1：RDB，\d+ 字节，直接写入套接字（无盘复制）$/],
  [5500, /^r1 已上线：完整重同步完成，偏移量 0$/],
];

test.describe('narration at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('names each step of the first sync, follows the cursor back, opens the panel, keeps a history', async ({ page }) => {
    await open(page, '');
    const line = page.getByTestId('narration');
    for (const [ms, want] of EN) {
      await seek(page, ms);
      await expect(line).toHaveText(want);
      if (ms === 1000) {
        // The countdown on the master: its config name and the seconds left until the first
        // replicationCron tick after the delay (5.001 s).
        const timer = page.locator('[data-timer-label="repl-diskless-sync-delay"]');
        await expect(timer).toHaveText('repl-diskless-sync-delay 4.0 s');
        await expect(page.locator('.topo-timer[data-timer="repl-diskless-sync-delay"][data-node="m"]')).toHaveCount(1);
        await expect(page.locator('.topo-svg desc')).toContainText('m: repl-diskless-sync-delay 4.0 s');
        await page.screenshot({ path: `${SHOTS}/narration-1440-delay.png` });
      }
    }
    // The live region speaks the narration where the cursor lands.
    await expect(page.getByTestId('live')).toContainText('r1 is online: full sync finished at offset 0');
    await expect(page.locator('[data-timer-label="repl-diskless-sync-delay"]')).toHaveCount(0);
    // Seeking back brings that moment's line back.
    await seek(page, 2);
    await expect(line).toHaveText('r1 → m: PING');
    await seek(page, 5500);
    // The history, newest first.
    await page.getByText(/^History \(\d+\)$/).click();
    const items = page.locator('.narration-history li');
    await expect(items.first()).toContainText('r1 is online');
    await expect(items.last()).toContainText('r1 is now a replica of m');
    await expect(page.locator('.narration-history')).toContainText('+FULLRESYNC 0');
    await expect(page.locator('.narration-history li').filter({ hasText: /r1 → m: PSYNC [0-9a-f]{4}… 1 — asks for the bytes from offset 1 on/ })).toHaveCount(1);
    // "Show in…" opens the panel that shows it.
    await page.getByRole('button', { name: 'Show in INFO' }).click();
    await expect(page.locator('#inspector-tab-info')).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('#inspector-tab-info')).toBeFocused();
    await seek(page, 7);
    await page.getByRole('button', { name: 'Show in Handshake' }).click();
    await expect(page.locator('#inspector-tab-handshake')).toHaveAttribute('aria-selected', 'true');
    const axe = await new AxeBuilder({ page }).include('.stage').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/narration-1440-history.png` });
  });

  test('in Chinese', async ({ page }) => {
    await open(page, '&lang=zh-CN');
    const line = page.getByTestId('narration');
    for (const [ms, want] of ZH) {
      await seek(page, ms);
      await expect(line).toHaveText(want);
    }
    await page.getByText(/^历史（\d+）$/).click();
    await expect(page.locator('.narration-history li').filter({ hasText: /r1 → m：PSYNC [0-9a-f]{4}… 1 — 请求从偏移量 1 开始的数据/ })).toHaveCount(1);
    await seek(page, 1000);
    await expect(page.locator('[data-timer-label="repl-diskless-sync-delay"]')).toHaveText('repl-diskless-sync-delay 4.0 秒');
    await expect(page.getByRole('button', { name: '在「握手」中查看' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/narration-1440-zh.png` });
  });
});

test.describe('a cut link at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });
  test('repl-timeout counts down at both ends of the silent link; the line names the lost link and the +CONTINUE', async ({ page }) => {
    await page.goto('./?example=partial-resync');
    await expect(page.getByTestId('node-r1')).toBeVisible();
    await seek(page, 4000);
    for (const node of ['m', 'r1']) await expect(page.locator(`.topo-timer[data-timer="repl-timeout"][data-node="${node}"]`)).toHaveCount(1);
    await expect(page.locator('[data-timer-label="repl-timeout"]')).toHaveText([/^repl-timeout \((r1|m)\) \d\.\d s$/, /^repl-timeout \((r1|m)\) \d\.\d s$/]);
    await page.screenshot({ path: `${SHOTS}/narration-1440-cut.png` });
    await page.getByTestId('time-slider').fill('16000');
    await expect(page.getByText(/^History \(\d+\)$/)).toBeVisible();
    await page.getByText(/^History \(\d+\)$/).click();
    const history = page.locator('.narration-history');
    await expect(history).toContainText('lost its link to master m: timeout (repl-timeout)');
    await expect(history).toContainText(/m → r1: \+CONTINUE — the backlog still holds them; \d+ bytes follow/);
    await expect(history).toContainText(/r1 → m: PSYNC [0-9a-f]{4}… \d+ — asks for the bytes from offset \d+ on/);
  });
});

test.describe('presenter at 1920×1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  test('the line and the countdown are on screen', async ({ page }) => {
    await open(page, '&present=1');
    await seek(page, 1000);
    await expect(page.getByTestId('narration')).toContainText('repl-diskless-sync-delay');
    await expect(page.getByTestId('narration')).toBeInViewport();
    await expect(page.locator('[data-timer-label="repl-diskless-sync-delay"]')).toBeInViewport();
    await page.screenshot({ path: `${SHOTS}/narration-1920-presenter.png` });
  });
});

test.describe('phone at 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('the line, its panel button and one countdown per node', async ({ page }) => {
    await open(page, '');
    await seek(page, 1000);
    await expect(page.getByTestId('narration')).toContainText('+FULLRESYNC');
    await expect(page.locator('.topo-timer[data-node="m"]')).toHaveCount(1);
    await expect(page.locator('[data-timer-label="repl-diskless-sync-delay"]')).toHaveText('repl-diskless-sync-delay 4.0 s');
    const button = (await page.getByRole('button', { name: 'Show in Handshake' }).boundingBox())!;
    expect(button.height).toBeGreaterThanOrEqual(44);
    await page.getByTestId('narration').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/narration-390.png` });
    await page.locator('[data-timer-label="repl-diskless-sync-delay"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/narration-390-timer.png` });
  });
});
