// Runs one scenario under one Redis version off the page's thread, for the compare view.
import { summarizeRun } from './compare-run.ts';
import type { CompareRequest, CompareResponse } from './compare-runner.ts';

self.onmessage = (e: MessageEvent<CompareRequest>) => {
  const { id, text, version } = e.data;
  let out: CompareResponse;
  try {
    out = { id, ok: true, summary: summarizeRun(text, version) };
  } catch (err) {
    out = { id, ok: false, message: (err as Error).message };
  }
  (self as unknown as Worker).postMessage(out);
};
