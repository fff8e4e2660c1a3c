// Checkpoints that share what never changes. A shared-mode backlog (Redis 7.0's replication
// buffer) only ever writes past a block's `used` bytes, so the bytes a checkpoint sees in a block
// stay as they were for good: every checkpoint and the live run can hold the same buffers, and
// only the tail block (the one still written) needs a copy of its own when a run resumes from a
// checkpoint. A one-hour session keeps hundreds of checkpoints; without this each one carries
// every node's whole backlog.

import type { Backlog, BacklogBlock } from '../engine/backlog.ts';

const EMPTY = new Uint8Array(0);

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

/**
 * structuredClone of a Sim snapshot whose backlog blocks keep their buffers (not copied): the clone
 * and the original hold the same bytes. Safe because a block's bytes below `used` never change.
 */
export function cloneSharingBlocks<T>(x: T): T {
  const blocks = blocksIn(x);
  const bufs = blocks.map((b) => b.buf);
  for (const b of blocks) b.buf = EMPTY;
  let copy: T;
  try {
    copy = structuredClone(x);
  } finally {
    blocks.forEach((b, i) => { b.buf = bufs[i]; });
  }
  const copied = blocksIn(copy);
  copied.forEach((b, i) => { b.buf = bufs[i]; });
  return copy;
}

/**
 * A checkpoint made live again: cloned sharing the full blocks, and each backlog's tail block given
 * a buffer of its own (the run will write into it), holding the same bytes.
 */
export function cloneForResume<T>(x: T): T {
  const copy = cloneSharingBlocks(x);
  const nodes = (copy as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return copy;
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
