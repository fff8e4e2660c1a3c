/// <reference lib="webworker" />
// Compiles a scenario (runs it once to time its actions) off the page's thread: a long or hostile
// shared link keeps the page responsive, and the page can stop it.
import { compileScenario, type CompileOptions, type CompileProgress, type Compiled } from './timeline.ts';

/** How often the page hears how far the compile has got (wall ms). */
const PROGRESS_EVERY_MS = 100;

const ctx = self as unknown as DedicatedWorkerGlobalScope;
ctx.addEventListener('message', (ev: MessageEvent<{ text: string; options: CompileOptions }>) => {
  let next = performance.now() + PROGRESS_EVERY_MS;
  const progress = (p: CompileProgress) => {
    const now = performance.now();
    if (now < next) return;
    next = now + PROGRESS_EVERY_MS;
    ctx.postMessage({ progress: p });
  };
  const out: Compiled = compileScenario(ev.data.text, ev.data.options, progress);
  ctx.postMessage(out);
});
