// Lint rules. The engine and the scenario language must stay pure: no DOM, no workers,
// no wall clock, no Math.random, no timers. Time and randomness come from the simulator.
// The layers of src/ import only downwards (tools/lint/layers.js).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import replscope from './tools/lint/layers.js';

const root = path.dirname(fileURLToPath(import.meta.url));

// Each layer may import from itself, from the layers listed in `may`, and from the data folders
// (the shipped scenarios, read as text). Everything else (cli/, tools/, scripts/, e2e/,
// src/main.tsx) sits on top and may import anything.
const layers = [
  { name: 'engine', dir: 'src/engine', may: [] },
  { name: 'scenario', dir: 'src/scenario', may: ['engine'] },
  { name: 'runtime', dir: 'src/runtime', may: ['engine', 'scenario'] },
  { name: 'app', dir: 'src/app', may: ['engine', 'scenario', 'runtime'] },
  { name: 'ui', dir: 'src/ui', may: ['engine', 'scenario', 'runtime', 'app'] },
];

const impure = [
  { name: 'Date', message: 'The engine is pure: take nowMs from the simulator.' },
  { name: 'setTimeout', message: 'The engine is pure: emit a timer effect.' },
  { name: 'setInterval', message: 'The engine is pure: emit a timer effect.' },
  { name: 'clearTimeout', message: 'The engine is pure.' },
  { name: 'clearInterval', message: 'The engine is pure.' },
  { name: 'requestAnimationFrame', message: 'The engine is pure.' },
  { name: 'queueMicrotask', message: 'The engine is pure.' },
  { name: 'performance', message: 'The engine is pure: take nowMs from the simulator.' },
  { name: 'window', message: 'The engine has no DOM.' },
  { name: 'document', message: 'The engine has no DOM.' },
  { name: 'navigator', message: 'The engine has no DOM.' },
  { name: 'self', message: 'The engine runs in no particular global.' },
  { name: 'Worker', message: 'The engine knows nothing of workers.' },
  { name: 'postMessage', message: 'The engine knows nothing of workers.' },
  { name: 'process', message: 'The engine has no I/O.' },
  { name: 'fetch', message: 'The engine has no I/O.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', URL: 'readonly', TextEncoder: 'readonly',
        TextDecoder: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        window: 'readonly', document: 'readonly', navigator: 'readonly', self: 'readonly',
        performance: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly',
        MessageChannel: 'readonly', Worker: 'readonly', structuredClone: 'readonly',
        Buffer: 'readonly', localStorage: 'readonly', location: 'readonly', history: 'readonly',
        matchMedia: 'readonly', getComputedStyle: 'readonly', setInterval: 'readonly',
        clearInterval: 'readonly', queueMicrotask: 'readonly', Blob: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    plugins: { replscope },
    rules: { 'replscope/layers': ['error', { root, layers, data: ['scenarios', 'lessons'] }] },
  },
  {
    // Files and functions small enough to read: about 500 lines of code a file (comments and blank
    // lines not counted), 100 a function in the web app (tests may run longer).
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/app/**/*.{ts,tsx}', 'src/ui/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: { 'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    files: ['src/engine/**/*.ts', 'src/scenario/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impure],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'The engine is pure: use the seeded PRNG.' },
        { object: 'globalThis', message: 'The engine reads no globals.' }],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'os', 'child_process'] }],
    },
  },
);
