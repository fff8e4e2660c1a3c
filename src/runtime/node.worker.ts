/// <reference lib="webworker" />
// One Redis node in its own Web Worker.
import { serveHost } from './host-shell.ts';
import type { FromHost, ToHost } from './protocol.ts';
import type { Endpoint } from './endpoint.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
serveHost(ctx as unknown as Endpoint<ToHost, FromHost>);
