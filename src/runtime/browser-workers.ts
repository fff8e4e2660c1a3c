// Spawns a node's host in a module Web Worker (the browser default).
import type { HostHandle } from './endpoint.ts';

export function spawnWorkerHost(node: string): HostHandle {
  const w = new Worker(new URL('./node.worker.ts', import.meta.url), { type: 'module', name: `replscope-${node}` });
  return {
    postMessage: (m) => w.postMessage(m),
    addEventListener: (t, fn) => w.addEventListener(t, fn as unknown as EventListener),
    removeEventListener: (t, fn) => w.removeEventListener(t, fn as unknown as EventListener),
    terminate: () => w.terminate(),
    onError: (fn) => {
      w.addEventListener('error', (e) => fn(e.message || 'the worker failed to start'));
      w.addEventListener('messageerror', () => fn('a message could not be read'));
    },
  };
}
