// "Next event" reaches moments not yet simulated: on a fresh partial-resync load, "]" (and
// PageDown, what a clicker sends) simulates ahead to each next moment and lands on it — the first
// sync, the cut, the heal, and the +CONTINUE after it, which no marker showed at first.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'test-results/screens';
const cursor = (page: Page) => page.getByTestId('cursor');
const marker = (page: Page, label: RegExp) => page.getByTestId('timeline-mark').and(page.getByRole('button', { name: label }));

async function cursorMs(page: Page): Promise<number> {
  return Number(await cursor(page).getAttribute('data-ms'));
}

/** Presses a key and waits until the cursor has moved from where it was. */
async function pressAndMove(page: Page, key: string): Promise<number> {
  const before = await cursorMs(page);
  await page.keyboard.press(key);
  await expect.poll(() => cursorMs(page), { timeout: 15_000 }).not.toBe(before);
  return cursorMs(page);
}

for (const host of ['inline', 'worker'] as const) {
  test(`"]" on a fresh partial-resync load lands on the cut, then the heal, then +CONTINUE (${host})`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`./?example=partial-resync&host=${host}`);
    await expect(cursor(page)).toHaveAttribute('data-ms', '0');
    const cut = marker(page, /cut m r1/);
    const heal = marker(page, /heal m r1/);
    await expect(heal).toHaveCount(1);
    const cutAt = Number(await cut.getAttribute('data-t'));
    const healAt = Number(await heal.getAttribute('data-t'));
    // Nothing after the heal is known yet: the +CONTINUE has not been simulated.
    await expect(marker(page, /Partial resync accepted/)).toHaveCount(0);

    const stops: number[] = [];
    for (let i = 0; i < 10; i++) {
      const at = await pressAndMove(page, i % 2 ? 'PageDown' : ']');
      stops.push(at);
      if (at > healAt && (await marker(page, /Partial resync accepted: r1 from offset 61/).count()) > 0) break;
    }
    expect(stops).toEqual([...stops].sort((a, b) => a - b));
    expect(stops).toContain(cutAt);
    expect(stops).toContain(healAt);
    const partial = marker(page, /Partial resync accepted: r1 from offset 61/);
    await expect(partial).toHaveAttribute('data-kind', 'partial');
    const partialAt = Number(await partial.getAttribute('data-t'));
    expect(partialAt).toBeGreaterThan(healAt);
    expect(stops[stops.length - 1]).toBe(partialAt);
    await expect(cursor(page)).toHaveAttribute('data-ms', String(partialAt));
    // There, the master's answer is in the event log, in Redis's words.
    await expect(page.getByTestId('event-log').getByRole('listitem')
      .filter({ hasText: 'Partial resynchronization request from 172.18.0.3:6380 accepted' })).toHaveCount(1);
    if (host === 'worker') await page.screenshot({ path: `${SHOTS}/future-continue.png` });

    // "[" goes back over the marks it found.
    const back = await pressAndMove(page, '[');
    expect(back).toBe(stops[stops.length - 2]);
  });
}

test('"]" on the first example goes past the moment 0 to the first sync', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?host=inline');
  // The first example is loaded (the engine comes on demand, after the first screen).
  await expect(page.getByTestId('example-picker')).toHaveValue('first-sync');
  // The run is ready when the transport is: Play is enabled and the moment 0 is on the stage.
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('event-log').getByRole('listitem').first()).toBeVisible();
  await expect(cursor(page)).toHaveAttribute('data-ms', '0');
  const at = await pressAndMove(page, ']');
  expect(at).toBeGreaterThan(0);
  // The first moment worth a mark: the master's answer to the replica's PSYNC.
  await expect(page.getByTestId('event-log').getByRole('listitem')
    .filter({ hasText: 'Replica 172.18.0.3:6380 asks for synchronization' })).toHaveCount(1);
});
