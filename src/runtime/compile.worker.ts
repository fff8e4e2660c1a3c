/// <reference lib="webworker" />
// Compiles a scenario (runs it once to time its actions) off the page's thread: a long or hostile
// shared link keeps the page responsive, and the page can stop it.
import { compileScenario, type CompileOptions, type Compiled } from './timeline.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
ctx.addEventListener('message', (ev: MessageEvent<{ text: string; options: CompileOptions }>) => {
  const out: Compiled = compileScenario(ev.data.text, ev.data.options);
  ctx.postMessage(out);
});
