// The Content-Security-Policy is enforced (as a header from `npm start`'s server and as a <meta>
// in every page) and the app never trips it: playing an example, every inspector tab, typing in a
// console, a ?scenario= link and the panel gallery all run without one violation.
import { expect, test, type Page } from '@playwright/test';

/** Records every CSP violation (on every page the test visits) and every console error. */
async function watch(page: Page): Promise<() => string[]> {
  const problems: string[] = [];
  await page.exposeFunction('__reportCsp', (v: string) => { problems.push(`csp: ${v}`); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return () => [...problems];
}

test('the server sends the policy and each page carries it', async ({ page, request }) => {
  for (const path of ['./', './gallery.html', './bench.html']) {
    const res = await request.get(path);
    const header = res.headers()['content-security-policy'];
    expect(header).toContain("default-src 'self'");
    expect(header).toContain("script-src 'self'");
    expect(header).not.toContain('unsafe-inline');
    expect(header).not.toContain('unsafe-eval');
    expect(await res.text()).toContain('http-equiv="Content-Security-Policy"');
  }
  // The policy really is in force: an inline script is refused.
  const problems = await watch(page);
  await page.goto('./');
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => problems().join('\n')).toContain('script-src');
});

test('playing, every inspector tab, a console and a scenario link: no CSP violation', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = await watch(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?example=first-sync');
  await expect(page.getByTestId('node-r1')).toBeVisible();
  const speed = page.getByTestId('speed-slider');
  await speed.fill(String(await speed.getAttribute('max')));
  await page.getByTestId('play').click();
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });

  const tabs = page.getByRole('tablist', { name: /inspector/i }).getByRole('tab');
  const count = await tabs.count();
  expect(count).toBeGreaterThanOrEqual(6);
  for (let i = 0; i < count; i++) {
    await tabs.nth(i).click();
    await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('#inspector-panel')).not.toBeEmpty();
  }

  const input = page.locator('[data-testid="console-input"]:visible').first();
  await input.fill('SET greeting hello');
  await input.press('Enter');
  await input.fill('GET greeting');
  await input.press('Enter');
  await expect(page.locator('[data-testid="console-output"]:visible .rc-entry').filter({ hasText: 'GET greeting' }).last().locator('.rc-out')).toContainText('hello');

  const scenario = ['seed 7', 'node m r1', 'r1> REPLICAOF m 6379', 'until r1 online within 10s', 'm> SET k v', 'sleep 1s'].join('\n');
  await page.goto(`./?scenario=${encodeURIComponent(scenario)}&play=end&lang=zh-CN`);
  await expect(page.getByTestId('trace-hash')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });

  await page.goto('./gallery.html');
  await expect(page.locator('#root')).not.toBeEmpty();
  expect(problems()).toEqual([]);
});
