// Runs the compare view's runs without freezing the page: each in its own Web Worker, or, where
// there is none (tests, old browsers), in this thread after yielding to the event loop.

import type { RedisVersion } from '../engine/version.ts';
import type { RunSummary } from './compare.ts';

export interface CompareRequest { readonly id: number; readonly text: string; readonly version: RedisVersion }
export type CompareResponse = { readonly id: number; readonly ok: true; readonly summary: RunSummary } | { readonly id: number; readonly ok: false; readonly message: string };

let nextId = 1;

/** One run's summary; rejects with the simulator's or the parser's message. */
export function runSummary(text: string, version: RedisVersion): Promise<RunSummary> {
  if (typeof Worker === 'undefined') {
    // The simulator loads here only on demand (it is not part of the page's first load).
    return import('./compare-run.ts').then(({ summarizeRun }) => new Promise((resolve, reject) => {
      setTimeout(() => {
        try {
          resolve(summarizeRun(text, version));
        } catch (e) {
          reject(e as Error);
        }
      }, 0);
    }));
  }
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module', name: `replscope-compare-${version}` });
    const id = nextId++;
    w.onmessage = (e: MessageEvent<CompareResponse>) => {
      if (e.data.id !== id) return;
      w.terminate();
      if (e.data.ok) resolve(e.data.summary);
      else reject(new Error(e.data.message));
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(e.message || 'the compare worker failed to start'));
    };
    w.postMessage({ id, text, version } satisfies CompareRequest);
  });
}
