// Closed-loop benchmark clients, like redis-benchmark's: each client has one SET in flight and
// sends its next one a round trip after the reply. All start together, so the master takes each
// round of commands at one simulated instant, as a real event loop takes the batch of ready clients.

import type { ReplyEvent } from '../../../src/runtime/sim.ts';
import { SIM_EPOCH_MS } from '../../../src/runtime/protocol.ts';

export class ClosedLoopClients {
  readonly ids: string[];
  private index: Map<string, number>;
  /** When client i sends its next SET; Infinity while it waits for its reply. */
  private nextAt: Float64Array;
  replies = 0;
  errors = 0;
  firstError = '';

  constructor(count: number, startMs: number, private rttMs: number) {
    this.ids = Array.from({ length: count }, (_, i) => `bench-${i}`);
    this.index = new Map(this.ids.map((id, i) => [id, i]));
    this.nextAt = new Float64Array(count).fill(startMs);
  }

  /**
   * A reply for one of our clients (others are ignored): it sends again a round trip later. A reply's
   * time counts from the run's start; the schedule uses the simulator's clock, which starts at the epoch.
   */
  onReply(r: ReplyEvent): void {
    const i = this.index.get(r.clientId);
    if (i === undefined) return;
    this.replies++;
    if (r.reply === null || r.reply.type !== 'status') {
      this.errors++;
      if (!this.firstError) this.firstError = JSON.stringify(r.reply ?? r.note);
    }
    this.nextAt[i] = r.timeMs + SIM_EPOCH_MS + this.rttMs;
  }

  /** The earliest moment a client sends, or Infinity when every client waits for a reply. */
  nextSendAt(): number {
    let best = Infinity;
    for (let i = 0; i < this.nextAt.length; i++) if (this.nextAt[i] < best) best = this.nextAt[i];
    return best;
  }

  /** Every client whose turn has come at nowMs sends (at most `limit` commands); returns how many did. */
  sendDue(nowMs: number, limit: number, send: (clientId: string) => void): number {
    let n = 0;
    for (let i = 0; i < this.nextAt.length && n < limit; i++) {
      if (this.nextAt[i] > nowMs) continue;
      this.nextAt[i] = Infinity;
      send(this.ids[i]);
      n++;
    }
    return n;
  }
}
