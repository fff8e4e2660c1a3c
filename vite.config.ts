// Build and test configuration: the static app (vite) and the unit/scenario tests (vitest).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { cspMeta, serviceWorker } from './scripts/offline.mjs';

export default defineConfig({
  base: './',
  // cspMeta and serviceWorker act on production builds only (see scripts/offline.mjs).
  plugins: [react(), cspMeta(), serviceWorker()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // No polyfill: a browser without modulepreload (Safari before 17) still loads each module on import.
    modulePreload: { polyfill: false },
    sourcemap: true,
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html', gallery: 'gallery.html' } },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'cli/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    // The Chinese texts load on demand in the page (src/ui/i18n/lang.ts); tests have both languages.
    setupFiles: ['src/ui/i18n/test-setup.ts'],
    // Tests that run whole scenarios take a few seconds alone; on a busy 2-core machine more.
    testTimeout: 20_000,
  },
});
