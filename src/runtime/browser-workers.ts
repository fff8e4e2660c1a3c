// Spawns a node's host in a module Web Worker (the browser default), and compiles scenarios in one.
import type { HostHandle } from './endpoint.ts';
import type { CompileOptions, CompileProgress, Compiled } from './timeline.ts';

export function spawnWorkerHost(node: string): HostHandle {
  const w = new Worker(new URL('./node.worker.ts', import.meta.url), { type: 'module', name: `replscope-${node}` });
  return {
    postMessage: (m, transfer) => w.postMessage(m, transfer ?? []),
    addEventListener: (t, fn) => w.addEventListener(t, fn as unknown as EventListener),
    removeEventListener: (t, fn) => w.removeEventListener(t, fn as unknown as EventListener),
    terminate: () => w.terminate(),
    onError: (fn) => {
      w.addEventListener('error', (e) => fn(e.message || 'the worker failed to start'));
      w.addEventListener('messageerror', () => fn('a message could not be read'));
    },
  };
}

/** What came of compiling in a worker: the compiled scenario, or the watchdog stopped it. */
export type WorkerCompiled = Compiled | { ok: false; timedOutMs: number };

/**
 * Compiles a scenario in a module Web Worker. The watchdog ends the worker when it has not
 * answered within `timeoutMs`; `signal` ends it on request.
 */
export function compileInWorker(text: string, options: CompileOptions, timeoutMs: number, signal?: AbortSignal, onProgress?: (p: CompileProgress) => void): Promise<WorkerCompiled> {
  const w = new Worker(new URL('./compile.worker.ts', import.meta.url), { type: 'module', name: 'replscope-compile' });
  return new Promise((resolve, reject) => {
    const done = (f: () => void) => {
      clearTimeout(timer);
      w.terminate();
      f();
    };
    const timer = setTimeout(() => done(() => resolve({ ok: false, timedOutMs: timeoutMs })), timeoutMs);
    signal?.addEventListener('abort', () => done(() => reject(new Error('cancelled'))));
    w.addEventListener('message', (ev: MessageEvent<Compiled | { progress: CompileProgress }>) => {
      const d = ev.data;
      if ('progress' in d) onProgress?.(d.progress);
      else done(() => resolve(d));
    });
    w.addEventListener('error', (e) => done(() => reject(new Error(e.message || 'the compile worker failed'))));
    w.postMessage({ text, options });
  });
}
