// The replication backlog, in its two historical forms:
//  - 'shared': Redis 7.0's shared replication buffer (replication.c feedReplicationBuffer): a list
//    of blocks sized by jemalloc size classes, trimmed a whole block at a time, never below one
//    block and never past a block a replica still needs. This is what INFO shows on a real 7.0.
//  - 'ring': the fixed-size circular buffer of Redis 2.8-6.2 (feedReplicationBacklog): exactly
//    repl-backlog-size bytes, the write head wrapping around. What most texts describe.

import { checkBacklogBudget } from './budget.ts';
import { assert } from './assert.ts';
import { binaryToBytes } from './bytes.ts';

export type BacklogMode = 'shared' | 'ring';

export interface BacklogBlock {
  /** Sequence number of the block (replBufBlock.id): blocks a replica holds count from its own to the tail. */
  id: number;
  /** Offset of the block's first byte in the replication stream (repl_offset). */
  startOffset: number;
  /** Allocated usable size (tail->size) and bytes used (tail->used). */
  size: number;
  used: number;
  buf: Uint8Array;
}

export interface Backlog {
  mode: BacklogMode;
  /** repl-backlog-size as configured. */
  sizeBytes: number;
  /** repl_backlog_first_byte_offset: the offset of the oldest byte held. */
  offset: number;
  /** repl_backlog_histlen: how many bytes are held. */
  histlen: number;
  /** ring mode: the buffer and the write head (repl_backlog_idx). */
  ring: Uint8Array | null;
  idx: number;
  /** shared mode: the blocks, oldest first, and the id the next block gets. */
  blocks: BacklogBlock[];
  nextBlockId: number;
}

/**
 * What feedReplicationBuffer() does around the bytes themselves. `pieces`: the lengths the write
 * is made of (replicationFeedSlaves feeds "*3\r\n", "$3\r\n", "SET", "\r\n"... one by one, and
 * a new block is sized by what is left of the current piece); default, one piece. `pinned`: is
 * this block still referenced by a replica (so it is not trimmed)? `step`: called after each step
 * (append to the tail, then at most one new block) with the block the step's bytes started in and
 * whether a block was added — where Redis sets a replica's first block and checks its output
 * buffer limit — before the step's trim.
 */
export interface FeedHooks {
  readonly pieces?: readonly number[];
  readonly pinned?: (blockId: number) => boolean;
  readonly step?: (startBlockId: number, added: boolean) => void;
}

const NOT_PINNED = () => false;

/** PROTO_REPLY_CHUNK_BYTES */
const CHUNK = 16 * 1024;
/** sizeof(replBufBlock) on 64-bit: int refcount (+pad), long long id, long long repl_offset, size_t size, size_t used. */
const BLOCK_HEADER = 40;
/** sizeof(listNode) on 64-bit: what each block also costs in a replica's output buffer memory. */
const LIST_NODE = 24;

/** The usable size jemalloc returns for a request of n bytes (its size classes, 16-byte quantum). */
export function jemallocUsable(n: number): number {
  if (n <= 8) return 8;
  if (n <= 16) return 16;
  const k = Math.floor(Math.log2(n - 1));
  const spacing = Math.max(16, 2 ** (k - 2));
  return Math.ceil(n / spacing) * spacing;
}

/** The fixed ring of Redis 2.8–6.2, allocated whole (within the simulator's budget). */
function newRing(sizeBytes: number): Uint8Array {
  checkBacklogBudget(sizeBytes);
  return new Uint8Array(sizeBytes);
}

/** createReplicationBacklog(): empty, and virtually the first byte held is the next one written. */
export function backlogCreate(mode: BacklogMode, sizeBytes: number, masterReplOffset: number): Backlog {
  return {
    mode,
    sizeBytes,
    offset: masterReplOffset + 1,
    histlen: 0,
    ring: mode === 'ring' ? newRing(sizeBytes) : null,
    idx: 0,
    blocks: [],
    nextBlockId: 0,
  };
}

/**
 * Appends stream bytes (already counted into master_repl_offset by the caller, which passes the
 * new master_repl_offset). Shared mode follows feedReplicationBuffer(): each step fills the tail
 * block, then allocates at most one new block (at least 16 KiB, at most repl-backlog-size / 16,
 * sized by what is left of the current piece), and trims after adding a block.
 * Returns the bytes allocated for new blocks (0 in ring mode: the ring is allocated once).
 */
export function backlogFeed(b: Backlog, data: Uint8Array | string, masterReplOffsetAfter: number, hooks: FeedHooks = {}): number {
  if (b.mode === 'ring') {
    feedReplicationBacklog(b, typeof data === 'string' ? binaryToBytes(data) : data, masterReplOffsetAfter);
    return 0;
  }
  const pinned = hooks.pinned ?? NOT_PINNED;
  let allocated = 0;
  let s = 0;
  let offsetCursor = masterReplOffsetAfter - data.length; // offset of the last byte before this write
  const pieces = hooks.pieces ?? [data.length];
  for (const piece of pieces) {
    let len = piece;
    while (len > 0) {
      let startBlock = -1;
      let added = false;
      const tail = b.blocks[b.blocks.length - 1];
      if (tail && tail.size > tail.used) {
        startBlock = tail.id;
        const copy = Math.min(tail.size - tail.used, len);
        copyBytes(tail.buf, tail.used, data, s, copy);
        tail.used += copy;
        s += copy;
        len -= copy;
        offsetCursor += copy;
        b.histlen += copy;
      }
      if (len > 0) {
        const limit = Math.max(Math.floor(b.sizeBytes / 16), CHUNK);
        const want = Math.min(Math.max(len, CHUNK), limit);
        const size = jemallocUsable(want + BLOCK_HEADER) - BLOCK_HEADER;
        const copy = Math.min(size, len);
        const buf = new Uint8Array(size);
        copyBytes(buf, 0, data, s, copy);
        const id = b.nextBlockId++;
        b.blocks.push({ id, startOffset: offsetCursor + 1, size, used: copy, buf });
        if (startBlock < 0) startBlock = id;
        s += copy;
        len -= copy;
        offsetCursor += copy;
        b.histlen += copy;
        allocated += size;
        added = true;
      }
      b.offset = offsetCursor - b.histlen + 1;
      hooks.step?.(startBlock, added);
      // Trim after adding a block (incrementalTrimReplicationBacklog), as Redis does.
      if (added) backlogTrim(b, offsetCursor, pinned);
    }
  }
  assert(s === data.length && offsetCursor === masterReplOffsetAfter, 'backlog feed pieces do not add up');
  b.offset = masterReplOffsetAfter - b.histlen + 1;
  return allocated;
}

/** Copies len bytes of data (bytes, or a binary string: one byte per char) from `from` into buf at `at`. */
function copyBytes(buf: Uint8Array, at: number, data: Uint8Array | string, from: number, len: number): void {
  if (typeof data !== 'string') {
    buf.set(data.subarray(from, from + len), at);
    return;
  }
  for (let i = 0; i < len; i++) buf[at + i] = data.charCodeAt(from + i) & 0xff;
}

/** feedReplicationBacklog() of Redis 2.8-6.2: write into the ring, overwriting its oldest bytes. */
function feedReplicationBacklog(b: Backlog, data: Uint8Array, masterReplOffsetAfter: number): void {
  const ring = b.ring!;
  let p = 0;
  let len = data.length;
  // Only the last sizeBytes bytes can survive.
  if (len > b.sizeBytes) {
    p = len - b.sizeBytes;
    b.idx = (b.idx + p) % b.sizeBytes;
    len = b.sizeBytes;
  }
  while (len > 0) {
    const thislen = Math.min(b.sizeBytes - b.idx, len);
    ring.set(data.subarray(p, p + thislen), b.idx);
    b.idx = (b.idx + thislen) % b.sizeBytes;
    p += thislen;
    len -= thislen;
  }
  b.histlen = Math.min(b.histlen + data.length, b.sizeBytes);
  b.offset = masterReplOffsetAfter - b.histlen + 1;
}

/**
 * incrementalTrimReplicationBacklog(): drop whole leading blocks while histlen exceeds the size,
 * never the last block, never a block a replica still references, and never so far that less
 * than repl-backlog-size would remain. `masterReplOffset` places the first byte held.
 */
export function backlogTrim(b: Backlog, masterReplOffset: number, pinned: (blockId: number) => boolean = NOT_PINNED): void {
  if (b.mode !== 'shared') return;
  while (b.histlen > b.sizeBytes) {
    if (b.blocks.length <= 1) break;
    const first = b.blocks[0];
    // A replica still needs bytes of this block: keep it (the backlog grows past its setting).
    if (pinned(first.id)) break;
    if (b.histlen - first.size <= b.sizeBytes) break;
    assert(first.used === first.size, 'trimming a block that is not full');
    b.histlen -= first.size;
    b.blocks.shift();
  }
  b.offset = masterReplOffset - b.histlen + 1;
}

/** CONFIG SET repl-backlog-size at runtime (resizeReplicationBacklog). */
export function backlogResize(b: Backlog, sizeBytes: number, masterReplOffset: number, pinned: (blockId: number) => boolean = NOT_PINNED): void {
  if (b.mode === 'ring') {
    // Redis <= 6.2 discarded the old content on resize: the backlog restarts empty.
    b.ring = newRing(sizeBytes);
    b.sizeBytes = sizeBytes;
    b.idx = 0;
    b.histlen = 0;
    b.offset = masterReplOffset + 1;
    return;
  }
  b.sizeBytes = sizeBytes;
  backlogTrim(b, masterReplOffset, pinned);
}

/**
 * The block addReplyReplicationBacklog() hands a replica resuming at `fromOffset`: the first one
 * whose bytes reach that offset (null: nothing held yet).
 */
export function backlogBlockFor(b: Backlog, fromOffset: number): number | null {
  if (b.mode !== 'shared' || b.histlen === 0) return null;
  const blk = b.blocks.find((x) => x.startOffset + x.used >= fromOffset);
  return blk ? blk.id : null;
}

/** The id of the tail block (where a replica that has written everything stays), or null. */
export function backlogTailId(b: Backlog): number | null {
  return b.mode === 'shared' && b.blocks.length > 0 ? b.blocks[b.blocks.length - 1].id : null;
}

/**
 * getClientOutputBufferMemoryUsage() of a replica referencing block `refBlockId`: every byte
 * from the start of that block to the end of the tail block's allocation, plus each block's
 * header and list node. So even a replica that is fully caught up counts its whole block.
 */
export function replicaOutputBufferUsage(b: Backlog, refBlockId: number | null): { bytes: number; blocks: number } {
  if (refBlockId === null || b.mode !== 'shared' || b.blocks.length === 0) return { bytes: 0, blocks: 0 };
  const last = b.blocks[b.blocks.length - 1];
  const cur = b.blocks.find((x) => x.id === refBlockId);
  if (!cur) return { bytes: 0, blocks: 0 };
  const blocks = last.id - cur.id + 1;
  return { bytes: last.startOffset + last.size - cur.startOffset + blocks * (LIST_NODE + BLOCK_HEADER), blocks };
}

/** Do we still hold the bytes starting at `fromOffset`? (the backlog gate of masterTryPartialResynchronization) */
export function backlogCovers(b: Backlog | null, fromOffset: number): boolean {
  return b !== null && fromOffset >= b.offset && fromOffset <= b.offset + b.histlen;
}

/** The bytes from `fromOffset` to the end (addReplyReplicationBacklog). Caller checks backlogCovers. */
export function backlogRead(b: Backlog, fromOffset: number): Uint8Array {
  const skip = fromOffset - b.offset;
  const len = b.histlen - skip;
  const out = new Uint8Array(len);
  if (len === 0) return out;
  if (b.mode === 'ring') {
    const ring = b.ring!;
    // Oldest byte is at (idx - histlen) mod size.
    let j = (b.idx - b.histlen + skip + 2 * b.sizeBytes) % b.sizeBytes;
    let w = 0;
    while (w < len) {
      const n = Math.min(len - w, b.sizeBytes - j);
      out.set(ring.subarray(j, j + n), w);
      w += n;
      j = (j + n) % b.sizeBytes;
    }
    return out;
  }
  let w = 0;
  for (const blk of b.blocks) {
    const blkEnd = blk.startOffset + blk.used; // exclusive
    if (blkEnd <= fromOffset) continue;
    const from = Math.max(0, fromOffset - blk.startOffset);
    out.set(blk.buf.subarray(from, blk.used), w);
    w += blk.used - from;
  }
  assert(w === len, 'backlog read length mismatch');
  return out;
}

/** Memory the backlog takes: the ring's size, or the blocks' allocations. */
export function backlogMemory(b: Backlog): number {
  if (b.mode === 'ring') return b.sizeBytes;
  return b.blocks.reduce((s, x) => s + x.size + BLOCK_HEADER, 0);
}
