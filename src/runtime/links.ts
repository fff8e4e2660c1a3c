// The links between nodes (latency, jitter, bandwidth, cut), kept by the scheduler, and the
// changes each node's host has not been told yet: they travel with the node's next batch.

import type { LinkParams } from './protocol.ts';
import { dict } from '../engine/own.ts';
import { DEFAULT_LINK, MIN_LATENCY_MS } from './tcp.ts';

export class Links {
  /** By "a|b" (names in order). */
  readonly params = new Map<string, LinkParams>();
  /** Link changes not yet told to each node's host. */
  private updates = new Map<string, Record<string, LinkParams>>();
  /** The same links by first name then second (names in order): a lookup builds no "a|b" key. */
  private byPair = new Map<string, Map<string, LinkParams>>();

  get(a: string, b: string): LinkParams {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    let inner = this.byPair.get(lo);
    const found = inner?.get(hi);
    if (found) return found;
    const k = `${lo}|${hi}`;
    let l = this.params.get(k);
    if (!l) {
      l = { ...DEFAULT_LINK };
      this.params.set(k, l);
    }
    if (!inner) this.byPair.set(lo, (inner = new Map()));
    inner.set(hi, l);
    return l;
  }

  /** The smallest latency of any link: the length of a conservative window. */
  minLatencyMs(): number {
    let m = DEFAULT_LINK.latencyMs;
    for (const l of this.params.values()) m = Math.min(m, l.latencyMs);
    return Math.max(MIN_LATENCY_MS, m);
  }

  setLatency(a: string, b: string, latencyMs: number, jitterMs: number): void {
    const l = this.get(a, b);
    l.latencyMs = Math.max(MIN_LATENCY_MS, latencyMs);
    l.jitterMs = Math.max(0, jitterMs);
    this.changed(a, b);
  }

  setBandwidth(a: string, b: string, bytesPerSec: number): void {
    this.get(a, b).bytesPerMs = Math.max(1, bytesPerSec) / 1000;
    this.changed(a, b);
  }

  private changed(a: string, b: string): void {
    const l = { ...this.get(a, b) };
    for (const [x, y] of [[a, b], [b, a]]) {
      const u = this.updates.get(x) ?? {};
      u[y] = l;
      this.updates.set(x, u);
    }
  }

  /** A booting host's links towards every other node: it starts up to date. */
  forBoot(node: string, others: Iterable<string>): Record<string, LinkParams> {
    const links: Record<string, LinkParams> = dict();
    for (const other of others) if (other !== node) links[other] = { ...this.get(node, other) };
    return links;
  }

  /** A node joined: every other host learns its name (with the default link until one is set). */
  noteNode(node: string, others: Iterable<string>): void {
    for (const other of others) {
      if (other === node) continue;
      this.updates.set(other, { ...(this.updates.get(other) ?? {}), [node]: { ...this.get(other, node) } });
    }
  }

  /** The host was told everything (it booted, or its next batch carries the changes). */
  takeUpdates(node: string): Record<string, LinkParams> | undefined {
    const u = this.updates.get(node);
    this.updates.delete(node);
    return u;
  }

  /** As a checkpoint keeps them (not copied: the checkpoint clones them). */
  save(): { links: [string, LinkParams][]; linkUpdates: [string, Record<string, LinkParams>][] } {
    return { links: [...this.params.entries()], linkUpdates: [...this.updates.entries()] };
  }

  load(links: readonly [string, LinkParams][], linkUpdates: readonly [string, Record<string, LinkParams>][]): void {
    this.params.clear();
    this.byPair.clear();
    for (const [k, v] of links) this.params.set(k, v);
    this.updates = new Map(linkUpdates);
  }
}
