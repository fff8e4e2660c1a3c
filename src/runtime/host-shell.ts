// The shell around a NodeHost wherever it runs: it answers the scheduler's messages (init,
// restore, batch, snapshot). A bug in the engine becomes a 'failed' message, never a silent stop.

import { BudgetExceeded } from '../engine/budget.ts';
import type { Endpoint } from './endpoint.ts';
import { NodeHost } from './node-host.ts';
import { PROTOCOL_VERSION, type FromHost, type NodeView, type ToHost } from './protocol.ts';
import { packOutputs, recycle, transferOf, unpackInputs, viewDelta } from './wire.ts';

export function serveHost(ep: Endpoint<ToHost, FromHost>): void {
  let host: NodeHost | null = null;
  /** The view sent with the last batch (each batch sends what changed since). */
  let sentView: NodeView | null = null;
  const fail = (id: number, e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    const budget = e instanceof BudgetExceeded ? { budget: e.budget } : {};
    ep.postMessage({ type: 'failed', id, message: err.message, stack: err.stack ?? '', ...budget });
  };
  ep.addEventListener('message', (ev) => {
    const msg = ev.data;
    switch (msg.type) {
      case 'init':
      case 'restore': {
        if (msg.v !== PROTOCOL_VERSION) {
          fail(-1, new Error(`protocol version ${msg.v} is not ${PROTOCOL_VERSION}`));
          return;
        }
        try {
          host = msg.type === 'init' ? new NodeHost(msg.init) : new NodeHost(msg.snapshot.init, msg.snapshot);
          sentView = null;
          ep.postMessage({ type: 'ready', v: PROTOCOL_VERSION, outputs: host.takeOutputs(), view: host.view() });
        } catch (e) {
          fail(-1, e);
        }
        return;
      }
      case 'batch': {
        if (!host) {
          fail(msg.id, new Error('batch before init'));
          return;
        }
        try {
          if (msg.links) host.setLinks(msg.links);
          recycle(msg.spare);
          const r = host.runBatch(unpackInputs(msg.inputs), msg.endMs);
          const spare = msg.inputs.n.buffer as ArrayBuffer;
          const disk = host.diskIfChanged();
          const outputs = packOutputs(r.outputs, host.init.name);
          const view = host.view();
          const delta = viewDelta(sentView, view);
          sentView = view;
          ep.postMessage({
            type: 'batchDone', id: msg.id, outputs, processed: r.processed, view: delta,
            ...(disk ? { disk } : {}),
            ...(msg.wantSnapshot ? { snapshot: host.snapshot() } : {}),
            spare,
          }, [...transferOf(outputs), spare]);
        } catch (e) {
          fail(msg.id, e);
        }
        return;
      }
      case 'snapshot':
        if (!host) {
          fail(msg.id, new Error('snapshot before init'));
          return;
        }
        ep.postMessage({ type: 'snapshot', id: msg.id, snapshot: host.snapshot() });
        return;
    }
  });
}
