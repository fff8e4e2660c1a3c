// Where the nodes' hosts run. The scheduler (Sim) owns time, the event queue, the connections and
// the routing; a pool owns the hosts and runs each window's batches on them. Two pools: the inline
// pool (every host in this thread: the CLI, tests, seeks) answers at once; the worker pool
// (worker-sim.ts: one Web Worker per node) answers when every node of the window is done.

import type { Disk, NodeState } from '../engine/state.ts';
import { NodeHost } from './node-host.ts';
import type { HostInit, HostOutput, HostSnapshot, LinkParams, NodeView, TimedInput } from './protocol.ts';

/** One window's work for one node. */
export interface NodeBatch {
  node: string;
  inc: number;
  inputs: TimedInput[];
  /** Link changes the node's host has not been told yet. */
  links?: Readonly<Record<string, LinkParams>>;
}

export interface WindowPlan {
  endMs: number;
  batches: NodeBatch[];
}

export interface BatchResult {
  outputs: readonly HostOutput[];
  processed: number;
  /**
   * The node's view after the batch; the inline pool hands a function that reads it from the
   * host when someone asks (the host's state changes only in its next batch, which replaces it).
   */
  view: NodeView | (() => NodeView);
  /** The node's disk, when a remote host reports that it changed. */
  disk?: Disk;
}

/** A window's results by node. */
export type BatchResults = Map<string, BatchResult>;

/** What a host's boot produced: its first outputs (timers, a configured replica's connect). */
export interface Booted {
  outputs: readonly HostOutput[];
  view: NodeView;
  disk: Disk;
}

export interface HostPool {
  /** The hosts answer at once (they run in this thread): the synchronous run methods need it. */
  readonly synchronous: boolean;
  /** Starts a node's host. Every pool boots in this thread, so a boot is synchronous and identical. */
  boot(init: HostInit): Booted;
  /** Starts a node's host again from a checkpoint. */
  restore(snapshot: HostSnapshot): void;
  /** Stops a node's host for good; returns its disk when the pool holds it in this thread. */
  stop(node: string): Disk | null;
  /** Runs each node's batch of the window (all of them in parallel, in the worker pool). */
  runWindow(plan: WindowPlan): BatchResults | Promise<BatchResults>;
  /** The hosts' states, for a checkpoint (not copied: the checkpoint clones them). */
  snapshot(nodes: readonly string[]): Map<string, HostSnapshot> | Promise<Map<string, HostSnapshot>>;
  /** A node's engine state, when its host runs in this thread (tests, invariants); null otherwise. */
  engineState(node: string): NodeState | null;
  /** Stops every host. */
  dispose(): void;
}

/** Every host in this thread. */
export class InlinePool implements HostPool {
  readonly synchronous = true;
  private hosts = new Map<string, NodeHost>();

  boot(init: HostInit): Booted {
    const host = new NodeHost(init);
    this.hosts.set(init.name, host);
    return { disk: host.state.disk, view: host.view(), outputs: host.takeOutputs() };
  }

  restore(snapshot: HostSnapshot): void {
    this.hosts.set(snapshot.init.name, new NodeHost(snapshot.init, snapshot));
  }

  stop(node: string): Disk | null {
    const host = this.hosts.get(node);
    this.hosts.delete(node);
    return host ? host.state.disk : null;
  }

  runWindow(plan: WindowPlan): BatchResults {
    const results: BatchResults = new Map();
    for (const b of plan.batches) {
      const host = this.hosts.get(b.node)!;
      if (b.links) host.setLinks(b.links);
      const r = host.runBatch(b.inputs, plan.endMs);
      results.set(b.node, { outputs: r.outputs, processed: r.processed, view: host.viewOnDemand });
    }
    return results;
  }

  snapshot(nodes: readonly string[]): Map<string, HostSnapshot> {
    return new Map(nodes.map((n) => [n, this.hosts.get(n)!.snapshot()]));
  }

  engineState(node: string): NodeState | null {
    const host = this.hosts.get(node);
    return host && !host.dead ? host.state : null;
  }

  dispose(): void {
    this.hosts.clear();
  }
}
