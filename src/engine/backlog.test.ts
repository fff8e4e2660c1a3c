// The backlog's two forms, through backlog.ts's API: what INFO would show as
// repl_backlog_first_byte_offset / repl_backlog_histlen, and the exact bytes a PSYNC would be sent.

import { describe, expect, it } from 'vitest';
import {
  backlogBlockFor, backlogCovers, backlogCreate, backlogFeed, backlogMemory, backlogRead, backlogResize, backlogTrim,
  jemallocUsable, replicaOutputBufferUsage, type Backlog,
} from './backlog.ts';

/** Byte i of the test stream (offset i + 1): a pattern that differs along 251 positions. */
const byteAt = (offset: number) => (offset * 7) % 251;

/** Feeds `total` stream bytes in writes of `piece` bytes; returns master_repl_offset. */
function feed(b: Backlog, from: number, total: number, piece: number, pinned?: (blockId: number) => boolean): number {
  let off = from;
  while (off < from + total) {
    const n = Math.min(piece, from + total - off);
    const data = Uint8Array.from({ length: n }, (_, i) => byteAt(off + 1 + i));
    off += n;
    backlogFeed(b, data, off, { pinned });
  }
  return off;
}

function expectStreamBytes(got: Uint8Array, fromOffset: number, toOffset: number): void {
  expect(got.length).toBe(toOffset - fromOffset + 1);
  const want = Uint8Array.from({ length: toOffset - fromOffset + 1 }, (_, i) => byteAt(fromOffset + i));
  expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
}

describe('jemalloc size classes', () => {
  it('rounds requests up to the usable sizes jemalloc hands out', () => {
    expect(jemallocUsable(8)).toBe(8);
    expect(jemallocUsable(100)).toBe(112);
    expect(jemallocUsable(16 * 1024 + 40)).toBe(20480);
    expect(jemallocUsable(20480)).toBe(20480);
    expect(jemallocUsable(20481)).toBe(24576);
  });
});

describe('the 2.8–6.2 ring', () => {
  it('starts empty with the next byte to be written as its first byte', () => {
    const b = backlogCreate('ring', 100, 500);
    expect([b.offset, b.histlen]).toEqual([501, 0]);
    expect(backlogCovers(b, 501)).toBe(true);
    expect(backlogCovers(b, 502)).toBe(false);
  });

  it('keeps exactly its size once the head has wrapped', () => {
    const b = backlogCreate('ring', 100, 0);
    feed(b, 0, 30, 7);
    expect([b.offset, b.histlen]).toEqual([1, 30]);
    const end = feed(b, 30, 95, 13);
    expect(end).toBe(125);
    expect([b.offset, b.histlen]).toEqual([26, 100]);
    expectStreamBytes(backlogRead(b, 26), 26, 125);
    expectStreamBytes(backlogRead(b, 90), 90, 125);
    expect(backlogMemory(b)).toBe(100);
  });

  it('answers the PSYNC range gate: [first byte, master_repl_offset + 1]', () => {
    const b = backlogCreate('ring', 100, 0);
    feed(b, 0, 250, 33);
    expect(b.offset).toBe(151);
    expect(backlogCovers(b, 150)).toBe(false);
    expect(backlogCovers(b, 151)).toBe(true);
    expect(backlogCovers(b, 251)).toBe(true);
    expect(backlogRead(b, 251).length).toBe(0);
    expect(backlogCovers(b, 252)).toBe(false);
  });

  it('keeps only the last size bytes of a write bigger than the ring', () => {
    const b = backlogCreate('ring', 100, 0);
    feed(b, 0, 40, 40);
    feed(b, 40, 330, 330);
    expect([b.offset, b.histlen]).toEqual([271, 100]);
    expectStreamBytes(backlogRead(b, 271), 271, 370);
  });

  it('restarts empty when resized, as Redis up to 6.2 did', () => {
    const b = backlogCreate('ring', 100, 0);
    feed(b, 0, 80, 10);
    backlogResize(b, 200, 80);
    expect([b.offset, b.histlen]).toEqual([81, 0]);
    expect(backlogCovers(b, 80)).toBe(false);
  });
});

describe("7.0's shared replication buffer", () => {
  // Small writes allocate 16 KiB chunks: jemalloc's 20480-byte class minus the 40-byte header.
  const BLOCK = 20_440;

  it('trims whole blocks while feeding only when a block is added, and the rest before sleeping', () => {
    const b = backlogCreate('shared', 50_000, 0);
    feed(b, 0, 100_000, 1000);
    // Block 5 was allocated at 81 761 bytes: block 1 went then; nothing more while feeding.
    expect([b.offset, b.histlen]).toEqual([BLOCK + 1, 100_000 - BLOCK]);
    expectStreamBytes(backlogRead(b, b.offset), BLOCK + 1, 100_000);
    expect(backlogMemory(b)).toBe(4 * 20_480);
    // beforeSleep trims again: block 2 goes too (59 120 bytes stay), block 3 cannot (38 680 < 50 000).
    backlogTrim(b, 100_000);
    expect([b.offset, b.histlen]).toEqual([2 * BLOCK + 1, 100_000 - 2 * BLOCK]);
    expect(b.histlen).toBeGreaterThan(50_000);
  });

  it('sizes a new block by what is left of the piece being fed, not of the whole write', () => {
    // repl-backlog-size 1 MiB allows blocks up to 64 KiB. A 32 728-byte argument after a full
    // tail fills a block of jemalloc's 32 768 class exactly; its "\r\n" then needs a new block.
    // Fed as one write, the 32 730 bytes would have taken one block of the 40 960 class.
    const b = backlogCreate('shared', 1_048_576, 0);
    feed(b, 0, BLOCK, BLOCK);
    backlogFeed(b, new Uint8Array(32_730), BLOCK + 32_730, { pieces: [32_728, 2] });
    expect(b.blocks.map((x) => x.size)).toEqual([BLOCK, 32_768 - 40, BLOCK]);
    const whole = backlogCreate('shared', 1_048_576, 0);
    feed(whole, 0, BLOCK, BLOCK);
    backlogFeed(whole, new Uint8Array(32_730), BLOCK + 32_730);
    expect(whole.blocks.map((x) => x.size)).toEqual([BLOCK, 40_960 - 40]);
  });

  it("counts a replica's output buffer from the start of its block to the end of the last allocation", () => {
    const b = backlogCreate('shared', 16_384, 0);
    feed(b, 0, 20_000, 100);
    expect(replicaOutputBufferUsage(b, null)).toEqual({ bytes: 0, blocks: 0 });
    // Caught up, on the only block: the whole block counts, plus its header and list node.
    expect(replicaOutputBufferUsage(b, 0)).toEqual({ bytes: BLOCK + 64, blocks: 1 });
    // Still on block 0 when block 1 is added: both blocks (what 7.0 logs as omem=41008).
    feed(b, 20_000, 1000, 1000, (id) => id === 0);
    expect(replicaOutputBufferUsage(b, 0)).toEqual({ bytes: 2 * BLOCK + 128, blocks: 2 });
    // A PSYNC from offset 20 441 (the first byte of block 1) is handed block 0, whose bytes reach it.
    expect(backlogBlockFor(b, 20_441)).toBe(0);
    expect(backlogBlockFor(b, 20_442)).toBe(1);
  });

  it('never trims below the configured size once a block is dropped', () => {
    const b = backlogCreate('shared', 50_000, 0);
    feed(b, 0, 61_321, 1000);
    // Four blocks, 61 321 bytes: dropping the first would leave 40 881 < 50 000, so all stay.
    expect([b.offset, b.histlen]).toEqual([1, 61_321]);
  });

  it('keeps the blocks a replica still needs, growing past its setting', () => {
    const b = backlogCreate('shared', 50_000, 0);
    feed(b, 0, 100_000, 1000, (id) => id === 0);
    backlogTrim(b, 100_000, (id) => id === 0);
    expect([b.offset, b.histlen]).toEqual([1, 100_000]);
    expectStreamBytes(backlogRead(b, 5), 5, 100_000);
  });

  it('continues the stream offsets of the master it was created at', () => {
    const b = backlogCreate('shared', 1_048_576, 7_000);
    feed(b, 7_000, 300, 100);
    expect([b.offset, b.histlen]).toEqual([7_001, 300]);
    expect(backlogCovers(b, 7_000)).toBe(false);
    expect(backlogCovers(b, 7_301)).toBe(true);
    expectStreamBytes(backlogRead(b, 7_150), 7_150, 7_300);
  });

  it('trims to the new size, whole blocks at a time, when repl-backlog-size shrinks', () => {
    const b = backlogCreate('shared', 1_048_576, 0);
    feed(b, 0, 100_000, 1000);
    expect([b.offset, b.histlen]).toEqual([1, 100_000]);
    backlogResize(b, 30_000, 100_000);
    // 5 blocks; dropping while the rest stays above 30 000: blocks 1-3 go, 38 680 bytes remain.
    expect([b.offset, b.histlen]).toEqual([3 * BLOCK + 1, 100_000 - 3 * BLOCK]);
    expectStreamBytes(backlogRead(b, 3 * BLOCK + 1), 3 * BLOCK + 1, 100_000);
  });
});
