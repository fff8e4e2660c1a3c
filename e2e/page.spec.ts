// The page runs a scenario in the browser and gets the same trace as the CLI in Node.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

function cliHash(example: string): string {
  const out = execFileSync(process.execPath, [join(ROOT, 'bin/replscope.mjs'), 'run', '--quiet', '--hash', join(ROOT, 'scenarios', `${example}.scn`)], { encoding: 'utf8' });
  return out.trim().replace('trace-hash ', '');
}

test('runs the first-sync example in the page and shows its transcript and trace hash', async ({ page }) => {
  await page.goto('./?example=first-sync');
  const hash = page.getByTestId('trace-hash');
  await expect(hash).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('transcript')).toContainText('r1> REPLICAOF m 6379');
  await expect(page.getByTestId('transcript')).toContainText('"hello"');
  expect(await hash.textContent()).toBe(cliHash('first-sync'));
  await page.screenshot({ path: 'test-results/first-sync.png', fullPage: true });
});
