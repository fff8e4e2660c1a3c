// Follow mode, the default playback: opening the site and pressing Play, the handshake, the RDB and
// the first ACKs move at a readable pace, the 5 s repl-diskless-sync-delay passes in about a second
// with what it waits for written out, the replica is online within ~20 s, and the run is the same as
// the CLI's. The time slider shows the fast-forwarded stretches.
import { expect, test, type Page } from '@playwright/test';
import { cliHash } from './cli-hash.ts';

const SHOTS = 'test-results/screens';

interface Sample { wall: number; cursor: number; frames: number; wait: string; online: boolean; done: boolean }

/**
 * Samples the page every ~100 ms of wall time from inside it, until the run is done (or 40 s):
 * the cursor, the frames drawn in flight (keepalive newlines aside), the wait line, r1's state.
 */
async function sampleUntilDone(page: Page): Promise<Sample[]> {
  return page.evaluate(() => new Promise<Sample[]>((resolve) => {
    const out: Sample[] = [];
    const t0 = performance.now();
    const id = setInterval(() => {
      const q = (s: string) => document.querySelector(s);
      const done = q('[data-testid="trace-hash"]')?.getAttribute('data-state') === 'done';
      out.push({
        wall: performance.now() - t0,
        cursor: Number(q('[data-testid="cursor"]')?.getAttribute('data-ms')),
        frames: [...document.querySelectorAll('[data-frame]')].filter((e) => e.getAttribute('data-frame') !== 'keepalive').length,
        wait: q('[data-testid="follow-wait"]')?.textContent ?? '',
        online: /online/.test(q('[data-testid="topo-node-r1"]')?.getAttribute('aria-label') ?? ''),
        done,
      });
      if (done || performance.now() - t0 > 40_000) {
        clearInterval(id);
        resolve(out);
      }
    }, 100);
  }));
}

function shareWithFrames(samples: Sample[], fromMs: number, toMs: number): number {
  const inPhase = samples.filter((s) => s.cursor >= fromMs && s.cursor < toMs);
  expect(inPhase.length, `samples between ${fromMs} and ${toMs} ms`).toBeGreaterThan(3);
  return inPhase.filter((s) => s.frames > 0).length / inPhase.length;
}

const wallAt = (samples: Sample[], ms: number) => samples.find((s) => s.cursor >= ms)!.wall;

/** Keeps every text the live region takes from now on (each is soon replaced by the next). */
async function recordLive(page: Page) {
  await page.evaluate(() => {
    const live = document.querySelector('[data-testid="live"]')!;
    const said: string[] = [];
    (window as unknown as { __said: string[] }).__said = said;
    new MutationObserver(() => said.push(live.textContent ?? '')).observe(live, { childList: true, characterData: true, subtree: true });
  });
}
const liveSaid = (page: Page) => page.evaluate(() => (window as unknown as { __said: string[] }).__said);

test('opening the site and pressing Play follows the first sync at a readable pace, with the CLI hash', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  await expect(page.getByTestId('play-mode-follow')).toBeChecked();
  await expect(page.getByTestId('follow-factor')).toHaveValue('1');
  await recordLive(page);
  await page.getByTestId('play').click();
  const sampling = sampleUntilDone(page);
  // The live region names the mode playing, with its pace (before the lines that follow it).
  await expect.poll(async () => (await liveSaid(page)).some((x) => x.startsWith('Playing in Follow mode at 1×.'))).toBe(true);
  // Mid-wait: the transport says what it waits for.
  await expect(page.getByTestId('follow-wait')).toContainText('waiting:', { timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/follow-wait-1440.png` });
  const samples = await sampling;
  expect(samples[samples.length - 1].done).toBe(true);

  // The handshake (PING … PSYNC, 2–7 ms) and the RDB with its first ACK (5001–5003 ms) show frames.
  expect(shareWithFrames(samples, 2, 7)).toBeGreaterThan(0.6);
  expect(shareWithFrames(samples, 5001, 5003.003)).toBeGreaterThan(0.6);
  expect(shareWithFrames(samples, 6001, 6002)).toBeGreaterThan(0.5);
  // The 5 s delay passes in well under 2 s of wall time, with its wait line.
  expect(wallAt(samples, 5000) - wallAt(samples, 8)).toBeLessThan(2000);
  const inDelay = samples.filter((s) => s.cursor > 200 && s.cursor < 4800);
  expect(inDelay.length).toBeGreaterThan(0);
  expect(inDelay.every((s) => s.wait.startsWith('waiting:'))).toBe(true);
  // r1 online within ~20 s of wall time.
  const online = samples.find((s) => s.online);
  expect(online, 'r1 online').toBeTruthy();
  expect(online!.wall).toBeLessThan(20_000);

  // The same run as the CLI's.
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done');
  expect(await page.getByTestId('trace-hash').textContent()).toBe(await cliHash('first-sync'));
  // The time slider shows the fast-forwarded stretch of the wait, and says so in words.
  const band = page.getByTestId('compressed-bands').locator('.compressed-band');
  expect(await band.count()).toBeGreaterThan(0);
  const long = await band.evaluateAll((els) => els.some((e) => Number(e.getAttribute('data-from')) < 1000 && Number(e.getAttribute('data-to')) > 4000));
  expect(long).toBe(true);
  await expect(page.locator('#compressed-desc')).toContainText('Fast-forwarded in follow mode');
  await page.screenshot({ path: `${SHOTS}/follow-done-1440.png` });
});

test('the mode switch and follow pace work from the keyboard, and the steady slider still plays at a steady rate', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?example=first-sync');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  const factor = page.getByTestId('follow-factor');
  await factor.focus();
  await page.keyboard.press('ArrowDown');
  await expect(factor).toHaveValue('2');
  await page.getByTestId('play-mode-steady').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-mode-steady')).toBeChecked();
  await page.getByTestId('play-mode-follow').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play-mode-follow')).toBeChecked();
  // Moving the steady slider plays at a steady rate.
  const speed = page.getByTestId('speed-slider');
  await speed.fill(String(await speed.getAttribute('max')));
  await expect(page.getByTestId('play-mode-steady')).toBeChecked();
  await expect(page.getByTestId('speed-value')).toHaveText('1000×');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  expect(await page.getByTestId('trace-hash').textContent()).toBe(await cliHash('first-sync'));
  await expect(page.getByTestId('compressed-bands').locator('.compressed-band')).toHaveCount(0);
});

test('in Chinese on a phone, follow mode says what it waits for', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./?lang=zh-CN');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  await expect(page.getByTestId('play-mode-follow').locator('xpath=..')).toContainText('跟随');
  await expect(page.getByTestId('play-mode-steady').locator('xpath=..')).toContainText('匀速');
  await recordLive(page);
  await page.getByTestId('play').click();
  await expect.poll(() => liveSaid(page)).toContainEqual(expect.stringMatching(/^以跟随模式（1×）播放。/));
  await expect(page.getByTestId('follow-wait')).toContainText('等待', { timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/follow-wait-390-zh.png` });
  // The whole run at follow pace is the first test's; here the rest of it is run at once.
  await page.getByTestId('run-to-end').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 40_000 });
});

test('presenter at 1920×1080: the wait line and the mode switch fit the transport', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./?present=1');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('follow-wait')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/follow-wait-1920-present.png` });
  await page.getByTestId('run-to-end').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 40_000 });
});
