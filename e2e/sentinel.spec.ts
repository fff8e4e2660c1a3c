// A Sentinel failover on the page: the example played to its end; at the +odown marker the
// Sentinels' tab shows the master objectively down; at the end it names the new master; the
// sequence diagram lists the failover's steps in order; a console on s1 answers
// SENTINEL GET-MASTER-ADDR-BY-NAME with the promoted replica's address, completes SENTINEL's
// subcommands and refuses a data command as redis-sentinel does.
import { expect, test } from '@playwright/test';

const SHOTS = 'test-results/screens';

test('a Sentinel failover: o_down, the new master, the steps in order, and s1 answering', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?example=sentinel-failover&host=inline&play=end&lang=en');
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });

  // The Sentinels stand in their own band, drawn as Sentinels.
  for (const s of ['s1', 's2', 's3']) await expect(page.locator(`.topo-node[data-node="${s}"]`)).toHaveAttribute('data-role', 'sentinel');

  // At the +odown marker, the Sentinel that agreed sees the master objectively down.
  const odown = page.getByTestId('timeline-mark').and(page.getByRole('button', { name: /enough Sentinels agree master m is down/ })).first();
  await odown.click();
  await page.getByRole('tab', { name: 'Sentinels' }).click();
  const flags = page.locator('[data-testid^="sentinel-flags-"]');
  await expect(flags.filter({ hasText: 'o_down' }).first()).toBeVisible();

  // At the end: every Sentinel names r1 (127.0.0.1:6380) as mymaster's master, and the diagram has the steps in order.
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  for (const s of ['s1', 's2', 's3']) {
    await expect(page.locator(`.sn-card[data-sentinel="${s}"] [data-master="mymaster"] dd`).first()).toContainText('r1 (127.0.0.1:6380)');
  }
  const steps = page.getByTestId('sentinel-steps').locator('li');
  const names = await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  const order = ['+sdown', 'ask', '+odown', '+try-failover', 'vote', '+elected-leader', '+selected-slave', 'command', '+promoted-slave', '+slave-reconf-sent', '+slave-reconf-done', '+switch-master'];
  let at = -1;
  for (const n of order) {
    const i = names.indexOf(n, at + 1);
    expect(i, `${n} after step ${at} in ${names.join(' ')}`).toBeGreaterThan(at);
    at = i;
  }
  await expect(page.getByTestId('sentinel-steps')).toContainText('SLAVEOF NO ONE');
  await page.screenshot({ path: `${SHOTS}/sentinel-desktop.png` });

  // A console on s1 answers with the new master's address.
  await page.locator('.console [role="tab"]', { hasText: 's1' }).first().click();
  const input = page.locator('[data-testid="console-input"]:visible');
  await input.fill('SENTINEL GET-MASTER-ADDR-BY-NAME mymaster');
  await input.press('Enter');
  await expect(page.locator('[data-testid="console-output"]:visible .rc-entry').filter({ hasText: 'GET-MASTER-ADDR-BY-NAME' }).last().locator('.rc-out'))
    .toHaveText(/1\) "127\.0\.0\.1"\s*2\) "6380"/);
  // Its console completes the Sentinel's own subcommands; a data command gets redis-sentinel's refusal.
  await input.fill('sentinel ckq');
  await input.press('Tab');
  await expect(input).toHaveValue('SENTINEL CKQUORUM');
  await input.fill('SET a 1');
  await input.press('Enter');
  await expect(page.locator('[data-testid="console-output"]:visible .rc-entry').filter({ hasText: 'SET a 1' }).last().locator('.rc-out'))
    .toHaveText(/ERR unknown command 'SET', with args beginning with: 'a' '1'/);
  expect(errors).toEqual([]);
});
