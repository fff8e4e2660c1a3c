// Checkpoints that share what never changes. A shared-mode backlog (Redis 7.0's replication
// buffer) only ever writes past a block's `used` bytes, so the bytes a checkpoint sees in a block
// stay as they were for good: every checkpoint and the live run can hold the same buffers, and
// only the tail block (the one still written) needs a copy of its own when a run resumes from a
// checkpoint. A one-hour session keeps hundreds of checkpoints; without this each one carries
// every node's whole backlog.

import type { Backlog, BacklogBlock } from '../engine/backlog.ts';
import type { Keyspace } from '../engine/keyspace.ts';
import type { NodeState } from '../engine/state.ts';
import { PackedKeyspace, copyCheckpointKeyspace, dropMemos, packKeyspace, unpackKeyspace } from './checkpoint-keyspace.ts';
import { nodeView } from './node-host.ts';
import { clonePlain, samePlain } from './plain-clone.ts';

const EMPTY = new Uint8Array(0);

/** Bytes of a ring-mode backlog a checkpoint shares in pieces of (a write changes one or two). */
const RING_PAGE = 4096;

/**
 * A ring-mode backlog's buffer (Redis 2.8 to 6.2) as a checkpoint keeps it: in pages, each the
 * previous checkpoint's page where its bytes did not change. Never written to.
 */
export class PackedRing {
  constructor(readonly pages: readonly Uint8Array[], readonly length: number) {}
}

/** Each node's backlog in a snapshot of the Sim (null where it has none), in the nodes' order. */
function nodeBacklogs(x: unknown): (Backlog | null)[] {
  const nodes = (x as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.map((n) => (n as { host?: { state?: { backlog?: Backlog | null } } | null }).host?.state?.backlog ?? null);
}

function samePage(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && a.length % 4 === 0) {
    const x = new Int32Array(a.buffer, a.byteOffset, a.length / 4);
    const y = new Int32Array(b.buffer, b.byteOffset, b.length / 4);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function packRing(ring: Uint8Array, prev: PackedRing | null): PackedRing {
  const pages: Uint8Array[] = [];
  for (let at = 0, i = 0; at < ring.length; at += RING_PAGE, i++) {
    const page = ring.subarray(at, Math.min(ring.length, at + RING_PAGE));
    const old = prev && prev.length === ring.length ? prev.pages[i] : undefined;
    pages.push(old && samePage(old, page) ? old : page.slice());
  }
  return new PackedRing(pages, ring.length);
}

function unpackRing(p: PackedRing): Uint8Array {
  const out = new Uint8Array(p.length);
  let at = 0;
  for (const page of p.pages) {
    out.set(page, at);
    at += page.length;
  }
  return out;
}

/** The shared-mode backlog blocks inside a snapshot of the Sim (the hosts' node states). */
function blocksIn(x: unknown): BacklogBlock[] {
  const out: BacklogBlock[] = [];
  const nodes = (x as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return out;
  for (const n of nodes) {
    const host = (n as { host?: { state?: { backlog?: Backlog | null } } | null }).host;
    const b = host?.state?.backlog;
    if (b && b.mode === 'shared') for (const blk of b.blocks) out.push(blk);
  }
  return out;
}

/** The host states (engine node states) inside a snapshot of the Sim that hold a keyspace. */
function statesIn(x: unknown): { ks: unknown }[] {
  const out: { ks: unknown }[] = [];
  const nodes = (x as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return out;
  for (const n of nodes) {
    const st = (n as { host?: { state?: { ks?: unknown } } | null }).host?.state;
    if (st && typeof st === 'object' && st.ks !== undefined && st.ks !== null) out.push(st as { ks: unknown });
  }
  return out;
}

/**
 * A copy (clonePlain) of a Sim snapshot whose backlog blocks keep their buffers (not copied): the clone
 * and the original hold the same bytes. Safe because a block's bytes below `used` never change.
 * Keyspaces are copied by hand (a live one) or shared (a checkpoint's packed one, never written);
 * with `liveKeyspaces`, a live one is held as it is, for packCheckpoint to pack before the run
 * goes on (packing only reads it), which saves copying every key first.
 */
export function cloneSharingBlocks<T>(x: T, liveKeyspaces = false): T {
  const blocks = blocksIn(x);
  const bufs = blocks.map((b) => b.buf);
  const states = statesIn(x);
  const kss = states.map((s) => s.ks);
  const backlogs = nodeBacklogs(x);
  const rings = backlogs.map((b) => (b ? b.ring : null));
  for (const b of blocks) b.buf = EMPTY;
  for (const s of states) s.ks = null;
  for (const b of backlogs) if (b) b.ring = null;
  let copy: T;
  try {
    copy = clonePlain(x);
  } finally {
    blocks.forEach((b, i) => { b.buf = bufs[i]; });
    states.forEach((s, i) => { s.ks = kss[i]; });
    backlogs.forEach((b, i) => { if (b) b.ring = rings[i]; });
  }
  // A live ring is copied (the run writes on into it); a checkpoint's packed one is shared.
  nodeBacklogs(copy).forEach((b, i) => {
    const r = rings[i] as unknown;
    if (b) b.ring = r instanceof Uint8Array ? r.slice() : (r as Uint8Array | null);
  });
  const copied = blocksIn(copy);
  copied.forEach((b, i) => { b.buf = bufs[i]; });
  nulledStatesIn(copy, states.length).forEach((s, i) => { s.ks = liveKeyspaces && !(kss[i] instanceof PackedKeyspace) ? kss[i] : copyCheckpointKeyspace(kss[i]); });
  return copy;
}

/** The copy's host states in the original's order (their ks was null while cloned). */
function nulledStatesIn(copy: unknown, n: number): { ks: unknown }[] {
  const out: { ks: unknown }[] = [];
  const nodes = (copy as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return out;
  for (const node of nodes) {
    const st = (node as { host?: { state?: { ks?: unknown } } | null }).host?.state;
    if (st && typeof st === 'object' && st.ks === null) out.push(st as { ks: unknown });
  }
  if (out.length !== n) throw new Error('a snapshot changed shape while copied');
  return out;
}

/**
 * Stands in a checkpoint for a node's last view where that view is the one its state gives
 * (nodeView): the view is made again from the state when the run resumes, not kept.
 */
export const VIEW_FROM_STATE: Readonly<{ viewFromState: true }> = Object.freeze({ viewFromState: true });

type SnapNode = { lastView?: unknown; host?: { state?: unknown } | null };

/**
 * A checkpoint's keyspaces and ring backlogs packed (as changes since the previous checkpoint's
 * where that is smaller; pages shared with it). Changes `snap` (a fresh capture) in place. With
 * `liveKeyspaces`, snap holds the run's own keyspaces (cloneSharingBlocks): one that cannot be
 * packed is copied, so that the checkpoint never shares what the run writes.
 */
export function packCheckpoint<T>(snap: T, prev: unknown, liveKeyspaces = false): T {
  const before = new Map<string, PackedKeyspace>();
  const ringsBefore = new Map<string, PackedRing>();
  const prevNodes = (prev as { nodes?: unknown } | null)?.nodes;
  if (Array.isArray(prevNodes)) {
    for (const n of prevNodes) {
      const name = (n as { name: string }).name;
      const st = (n as { host?: { state?: { ks?: unknown; backlog?: Backlog | null } } | null }).host?.state;
      if (st?.ks instanceof PackedKeyspace) before.set(name, st.ks);
      const ring = st?.backlog?.ring as unknown;
      if (ring instanceof PackedRing) ringsBefore.set(name, ring);
    }
  }
  const nodes = (snap as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return snap;
  const canon = new Map<string, string>();
  const peers: PackedKeyspace[] = [];
  for (const n of nodes) {
    const name = (n as { name: string }).name;
    const st = (n as { host?: { state?: { ks?: unknown; backlog?: Backlog | null } } | null }).host?.state;
    if (!st || typeof st !== 'object') continue;
    // A node's view is mostly the view of its state (taken between windows): kept as a mark alone.
    const sn = n as SnapNode;
    if (sn.lastView && typeof sn.lastView === 'object' && !(st.ks instanceof PackedKeyspace) && samePlain(sn.lastView, nodeView(st as NodeState))) sn.lastView = VIEW_FROM_STATE;
    const b = st.backlog;
    if (b && b.ring instanceof Uint8Array) b.ring = packRing(b.ring, ringsBefore.get(name) ?? null) as unknown as Uint8Array;
    if (st.ks === undefined || st.ks === null || st.ks instanceof PackedKeyspace) continue;
    const packed = packKeyspace(st.ks as Keyspace, before.get(name) ?? null, canon, peers);
    if (packed instanceof PackedKeyspace) peers.push(packed);
    st.ks = packed instanceof PackedKeyspace || !liveKeyspaces ? packed : copyCheckpointKeyspace(packed);
  }
  dropMemos(before.values(), peers);
  return snap;
}

/**
 * A checkpoint made live again: cloned sharing the full blocks, and each backlog's tail block given
 * a buffer of its own (the run will write into it), holding the same bytes.
 */
export function cloneForResume<T>(x: T): T {
  const origNodes = (x as { nodes?: unknown }).nodes;
  const derived = Array.isArray(origNodes) ? origNodes.map((n) => (n as SnapNode).lastView === VIEW_FROM_STATE) : [];
  const copy = cloneSharingBlocks(x);
  const nodes = (copy as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return copy;
  const built = new Map();
  for (const s of statesIn(copy)) if (s.ks instanceof PackedKeyspace) s.ks = unpackKeyspace(s.ks, built);
  nodes.forEach((n, i) => {
    const sn = n as SnapNode;
    if (derived[i]) sn.lastView = nodeView(sn.host!.state as NodeState);
  });
  for (const b of nodeBacklogs(copy)) {
    const r = b?.ring as unknown;
    if (b && r instanceof PackedRing) b.ring = unpackRing(r);
  }
  for (const n of nodes) {
    const b = (n as { host?: { state?: { backlog?: Backlog | null } } | null }).host?.state?.backlog;
    if (!b || b.mode !== 'shared' || b.blocks.length === 0) continue;
    const tail = b.blocks[b.blocks.length - 1];
    const own = new Uint8Array(tail.size);
    own.set(tail.buf.subarray(0, tail.used));
    tail.buf = own;
  }
  return copy;
}

/** Refills map a, in its order, with the key strings of b where equal (a keyspace's keys mostly stay). */
function shareKeys(a: Map<unknown, unknown>, b: Map<unknown, unknown>): void {
  const canon = new Map<unknown, unknown>();
  for (const k of b.keys()) if (typeof k === 'string') canon.set(k, k);
  if (canon.size === 0) return;
  const entries = [...a];
  a.clear();
  for (const [k, v] of entries) a.set(typeof k === 'string' ? canon.get(k) ?? k : k, v);
}

/**
 * Shares with the previous checkpoint whatever did not change since it: `copy` (a fresh clone) has
 * each part deep-equal to the same part of `prev` replaced by prev's. Both are checkpoints, never
 * written to (a run resumes from a clone of one), so sharing is safe; the result keeps copy's
 * aliasing exactly (an object referenced twice stays one object, two stay two), so a run resumed
 * from it is the run that was saved. A long session's keyspace, configs and views mostly repeat.
 */
export function shareWithPrevious<T>(copy: T, prev: unknown): T {
  const done = new Map<object, unknown>();
  const usedPrev = new Set<object>();
  /** Objects met again while being compared (a cycle): they stay copy's own. */
  const pinned = new Set<object>();
  const take = (a: object, b: object): object => {
    if (pinned.has(a)) return a;
    usedPrev.add(b);
    done.set(a, b);
    return b;
  };
  const share = (a: unknown, b: unknown): unknown => {
    if (a === b) return a;
    if (typeof a === 'string') return typeof b === 'string' && a === b ? b : a;
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a;
    const seen = done.get(a);
    if (seen === a) pinned.add(a);
    if (seen !== undefined) return seen;
    done.set(a, a);
    // A previous object already standing for another part of copy: keep copy's own.
    const free = !usedPrev.has(b);
    if (ArrayBuffer.isView(a)) {
      if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length || !free) return a;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a;
      return take(a, b);
    }
    if (Array.isArray(a)) {
      if (!Array.isArray(b)) return a;
      let same = a.length === b.length;
      for (let i = 0; i < a.length; i++) {
        if (i >= b.length) break;
        const v = share(a[i], b[i]);
        if (v !== a[i]) a[i] = v;
        if (v !== b[i]) same = false;
      }
      return same && free ? take(a, b) : a;
    }
    if (a instanceof Map) {
      if (!(b instanceof Map)) return a;
      let same = a.size === b.size;
      const bKeys = same ? [...b.keys()] : [];
      let i = 0;
      for (const [k, v] of a) {
        if (same && bKeys[i] !== k) same = false;
        i++;
        if (!b.has(k)) { same = false; continue; }
        const bv: unknown = b.get(k);
        const nv = share(v, bv);
        if (nv !== v) a.set(k, nv);
        if (nv !== bv) same = false;
      }
      if (same && free) return take(a, b);
      shareKeys(a, b);
      return a;
    }
    if (a instanceof Set) {
      if (!(b instanceof Set) || a.size !== b.size || !free) return a;
      const bs = [...b];
      let i = 0;
      for (const v of a) if (typeof v === 'object' || v !== bs[i++]) return a;
      return take(a, b);
    }
    if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return a;
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const aKeys = Object.keys(ao);
    const bKeys = Object.keys(bo);
    let same = aKeys.length === bKeys.length;
    for (let i = 0; i < aKeys.length; i++) {
      const k = aKeys[i];
      if (same && bKeys[i] !== k) same = false;
      if (!Object.prototype.hasOwnProperty.call(bo, k)) { same = false; continue; }
      const nv = share(ao[k], bo[k]);
      if (nv !== ao[k]) ao[k] = nv;
      if (nv !== bo[k]) same = false;
    }
    return same && free ? take(a, b) : a;
  };
  return share(copy, prev) as T;
}
