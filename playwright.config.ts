// Browser journeys in Debian's Chromium (Playwright cannot download its own browser here).
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4179);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  // A run played to its end in workers can take more than the default 5 s on a busy 2-core machine.
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'],
    },
  },
  webServer: {
    command: `npx vite build --logLevel warn && PORT=${port} node scripts/serve.mjs`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
