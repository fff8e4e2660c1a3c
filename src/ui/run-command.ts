// Running a command from anywhere on the page (a caption, a note) in a node's redis-cli console.
// App provides one CommandBus; whoever shows a runnable command calls run(node, text); the
// console section takes the latest request, switches to that node and runs the line there, as if
// typed (echo, history, the reply in that node's console), at the cursor.
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { RunRequest } from './panels/RedisConsole.tsx';

export interface CommandBus {
  run(node: string, text: string): void;
  /** The latest request; each has a new id. */
  latest(): RunRequest | null;
  subscribe(listener: () => void): () => void;
}

export function createCommandBus(): CommandBus {
  let current: RunRequest | null = null;
  const listeners = new Set<() => void>();
  return {
    run(node, text) {
      current = { id: (current?.id ?? 0) + 1, node, text };
      for (const l of [...listeners]) l();
    },
    latest: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const RunCommandContext = createContext<CommandBus | null>(null);

/** run(node, text), or null where no console listens (then commands show as plain code). */
export function useRunCommand(): ((node: string, text: string) => void) | null {
  const bus = useContext(RunCommandContext);
  const run = useCallback((node: string, text: string) => bus?.run(node, text), [bus]);
  return bus ? run : null;
}

const none = () => () => {};

/** The latest request, for the console that runs them. */
export function useRunRequest(): RunRequest | null {
  const bus = useContext(RunCommandContext);
  return useSyncExternalStore(bus ? bus.subscribe : none, () => bus?.latest() ?? null, () => null);
}
