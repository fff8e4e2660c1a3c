// The seam between the scheduler and a node's host: anything that can post and receive messages
// (a Web Worker, a MessagePort in tests). The worker shell is tested over a real MessageChannel.

import type { FromHost, ToHost } from './protocol.ts';

export interface Endpoint<In, Out> {
  /** `transfer`: buffers moved to the other side, not copied (the packed batches' numbers). */
  postMessage(msg: Out, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (ev: { data: In }) => void): void;
  removeEventListener(type: 'message', fn: (ev: { data: In }) => void): void;
}

/** The scheduler's side of a host: it sends ToHost and receives FromHost. */
export interface HostHandle extends Endpoint<FromHost, ToHost> {
  /** Stops the host for good (a crashed node's worker is terminated: its memory is really gone). */
  terminate(): void;
  /** Errors that are not messages (a worker that failed to load or threw outside a batch). */
  onError(fn: (message: string) => void): void;
}
