// Tests for the backlog ring's geometry and PSYNC projection on real runs: the held range, the write
// head, and where a replica's requested offset falls, with the master's verdict on it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../runtime/timeline.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import {
  continueBytes, isHeld, latestPsync, offsetPos, pointToPos, psyncAnswers, posToOffset, psyncVerdict, ringGeometry, verdictKey,
  type PsyncAnswer,
} from './ring.ts';
import { pieceAt, streamPieces } from './stream.ts';

async function runTo(scn: string, ms: number, backlogMode?: 'ring' | 'shared') {
  const frames: FrameRecord[] = [];
  const trace: TraceEntry[] = [];
  const r = Timeline.load(readFileSync(`scenarios/${scn}.scn`, 'utf8'), { backlogMode, events: { onFrame: (f) => frames.push(f), onTrace: (b) => trace.push(...b) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  const at = r.timeline.cursorMs;
  const m = r.timeline.snapshot().views.find((v) => v.name === 'm') as NodeView;
  return { frames, m, at, psync: psyncAnswers(trace, at) };
}

describe('the backlog ring', () => {
  it('after 2000 writes a 16kb backlog has dropped offset 1: the request for it lands outside, with +FULLRESYNC', async () => {
    const { m, at, psync } = await runTo('full-resync-small-backlog', 9500);
    const g = ringGeometry(m.backlog!, m.masterReplOffset);
    expect(g.first).toBeGreaterThan(1);
    const cur = latestPsync(psync, 'm', at)!;
    expect(cur.current).toBe(true);
    expect(cur.answer.offset).toBe(1);
    expect(cur.answer.answer).toBe('fullresync');
    expect(psyncVerdict(cur.answer)).toBe('outside');
    expect(isHeld(g, 1)).toBe(false);
    expect(offsetPos(g, 1).pinned).toBe('before');
    expect(cur.answer.verdict).toBe('offset-out-of-range');
    expect(cur.answer.replica).toBe('172.18.0.3:6380');
  });

  it("keeps more than repl-backlog-size in 7.0's shared buffer, since it trims whole blocks", async () => {
    const { m } = await runTo('full-resync-small-backlog', 9500);
    const g = ringGeometry(m.backlog!, m.masterReplOffset);
    expect(g.mode).toBe('shared');
    expect(g.histlen).toBeGreaterThan(g.sizeBytes);
    expect(g.total).toBe(g.histlen);
    expect(g.first + g.histlen - 1).toBe(m.masterReplOffset);
    expect(g.configuredFromPos).toBe(g.histlen - g.sizeBytes);
  });

  it('puts the write head at master_repl_offset mod repl-backlog-size in ring mode, and wraps', async () => {
    const { m } = await runTo('full-resync-small-backlog', 9500, 'ring');
    const g = ringGeometry(m.backlog!, m.masterReplOffset);
    expect(g.mode).toBe('ring');
    expect(g.sizeBytes).toBe(16384);
    expect(g.headPos).toBe(m.masterReplOffset % 16384);
    expect(g.histlen).toBe(16384);
    expect(g.wraps).toBe(true);
    // The slot just behind the head holds the last byte written; the head's own slot the oldest one.
    expect(posToOffset(g, (g.headPos + 16383) % 16384)).toBe(m.masterReplOffset);
    expect(posToOffset(g, g.headPos)).toBe(g.first);
    for (const o of [g.first, g.first + 5000, m.masterReplOffset]) expect(posToOffset(g, offsetPos(g, o).pos)).toBe(o);
  });

  it('marks the requested offset inside the held range on +CONTINUE, and knows the bytes sent', async () => {
    const { frames, m, at, psync } = await runTo('partial-resync', 10500);
    const cur = latestPsync(psync, 'm', at)!;
    expect(cur.current).toBe(true);
    expect(psyncVerdict(cur.answer)).toBe('inside');
    expect(cur.answer.offset).toBe(61);
    expect(continueBytes(cur.answer)).toBe(63);
    expect(cur.answer.verdict).toBe('accepted');
    expect(cur.answer.answer).toBe('continue');
    const g = ringGeometry(m.backlog!, m.masterReplOffset);
    expect(isHeld(g, 61)).toBe(true);
    // The byte at offset 61 is readable: it came in the backlog frame the +CONTINUE sent.
    const hit = pieceAt(streamPieces(frames, 'm', at, m.masterReplOffset), 61)!;
    expect(hit.known).toBe(true);
    expect(hit.piece.bytes[61 - hit.piece.from]).toBe('*');
  });

  it('treats a replication ID mismatch as not about the offset', async () => {
    const { at, psync } = await runTo('propagation', 100);
    const cur = latestPsync(psync, 'm', at)!;
    expect(cur.answer.verdict).toBe('replid-mismatch');
    expect(psyncVerdict(cur.answer)).toBe('notApplicable');
  });

  it('explains the older protocols\' full syncs without looking up an offset: 2.6\'s SYNC, 2.8\'s run_id', () => {
    const base: PsyncAnswer = {
      t: 0, node: 'm', replica: '127.0.0.1:6380', replId: '?', offset: -1, answer: 'fullresync', verdict: 'sync', said: null,
      backlogFirstByte: 0, backlogHistlen: 0, masterReplOffset: 0,
    };
    expect(psyncVerdict(base)).toBe('notApplicable');
    expect(verdictKey(base)).toBe('stream.ring.verdict.sync');
    const runId: PsyncAnswer = { ...base, replId: 'a'.repeat(40), offset: 62, verdict: 'runid-mismatch' };
    expect(psyncVerdict(runId)).toBe('notApplicable');
    expect(verdictKey(runId)).toBe('stream.ring.verdict.runId');
  });

  it('stops calling a PSYNC current a few seconds later', async () => {
    const { at, psync } = await runTo('partial-resync', 15800);
    const cur = latestPsync(psync, 'm', at)!;
    expect(cur.answer.offset).toBe(61);
    expect(cur.current).toBe(false);
  });

  it('maps a click at twelve, three, six and nine o\'clock to a quarter of the ring each', () => {
    const g = ringGeometry({ sizeBytes: 1000, firstByteOffset: 1, histlen: 1000, mode: 'ring', idx: 0, blocks: [], trimmed: 0 }, 1000);
    expect([pointToPos(g, 0, -10), pointToPos(g, 10, 0), pointToPos(g, 0, 10), pointToPos(g, -10, 0)]).toEqual([0, 250, 500, 750]);
  });
});
