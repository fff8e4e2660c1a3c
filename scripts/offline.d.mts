// Types of scripts/offline.mjs for vite.config.ts.
import type { Plugin } from 'vite';

export function cspMeta(): Plugin;
export function serviceWorker(): Plugin;
