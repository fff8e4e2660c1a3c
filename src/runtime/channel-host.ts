// A node's host in this thread behind a real MessageChannel (the worker shell, minus the Worker),
// and a test hook that makes a host fail on a given command.
import type { Endpoint, HostHandle } from './endpoint.ts';
import { serveHost } from './host-shell.ts';
import type { FromHost, ToHost } from './protocol.ts';
import { unpackInputs } from './wire.ts';

/** A node's host in this thread behind a real MessageChannel: the worker shell, minus the Worker. */
export function channelHost(): HostHandle {
  const ch = new MessageChannel();
  serveHost(ch.port2 as unknown as Endpoint<ToHost, FromHost>);
  ch.port2.start();
  const near = ch.port1;
  near.start();
  let terminated = false;
  return {
    postMessage: (m, transfer) => { if (!terminated) near.postMessage(m, transfer ?? []); },
    addEventListener: (t, fn) => near.addEventListener(t, fn as never),
    removeEventListener: (t, fn) => near.removeEventListener(t, fn as never),
    terminate: () => { terminated = true; near.close(); ch.port2.close(); },
    onError: () => {},
  };
}

/**
 * TEST HOOK ONLY. Wraps a host so that a batch carrying `command` is answered with 'failed'
 * instead of being run: the same message the host shell sends when the engine throws.
 */
export function failingHost(h: HostHandle, command: string): HostHandle {
  const listeners = new Set<(ev: { data: FromHost }) => void>();
  const wanted = command.toUpperCase();
  return {
    postMessage: (m, transfer) => {
      if (m.type === 'batch' && unpackInputs(m.inputs).some((i) => i.input.type === 'command' && i.input.argv[0]?.toUpperCase() === wanted)) {
        const failed: FromHost = { type: 'failed', id: m.id, message: `assertion failed: test hook failAt=${command}`, stack: '' };
        void Promise.resolve().then(() => { for (const fn of listeners) fn({ data: failed }); });
        return;
      }
      h.postMessage(m, transfer);
    },
    addEventListener: (t, fn) => { listeners.add(fn); h.addEventListener(t, fn); },
    removeEventListener: (t, fn) => { listeners.delete(fn); h.removeEventListener(t, fn); },
    terminate: () => h.terminate(),
    onError: (fn) => h.onError(fn),
  };
}
