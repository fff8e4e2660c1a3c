// Tests for the stream lane's helpers on real runs: one piece per command, byte counts that add
// up to master_repl_offset, and only what was sent by the cursor.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../runtime/timeline.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import { commandLabel, offsetGap, offsetRange, pieceAt, respText, streamPieces, streamPiecesGrowing, topMaster } from './stream.ts';

async function runTo(scn: string, ms: number): Promise<{ frames: FrameRecord[]; views: readonly NodeView[]; at: number }> {
  const frames: FrameRecord[] = [];
  const r = Timeline.load(readFileSync(`scenarios/${scn}.scn`, 'utf8'), { events: { onFrame: (f) => frames.push(f) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  return { frames, views: r.timeline.snapshot().views, at: r.timeline.cursorMs };
}

const master = (views: readonly NodeView[]) => topMaster(views)!;

describe('the replication stream lane', () => {
  it('counts SELECT 0 as 23 bytes and SET a 1 as 27 bytes, at offsets 1–23 and 24–50', async () => {
    const { frames, views, at } = await runTo('propagation', 3000);
    const m = master(views);
    const p = streamPieces(frames, m.name, at, m.masterReplOffset);
    expect(commandLabel(p[0].argv)).toBe('SELECT 0');
    expect([p[0].to - p[0].from, offsetRange(p[0])]).toEqual([23, '1–23']);
    expect(commandLabel(p[1].argv)).toBe('SET a 1');
    expect([p[1].to - p[1].from, offsetRange(p[1])]).toEqual([27, '24–50']);
    expect(respText(p[1].bytes)).toBe('*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\na\\r\\n$1\\r\\n1\\r\\n');
  });

  it('adds up its byte counts to master_repl_offset, with no gap and no overlap', async () => {
    const { frames, views, at } = await runTo('propagation', 3000);
    const m = master(views);
    const p = streamPieces(frames, m.name, at, m.masterReplOffset);
    for (let i = 1; i < p.length; i++) expect(p[i].from).toBe(p[i - 1].to);
    expect(p.reduce((s, x) => s + x.to - x.from, 0)).toBe(m.masterReplOffset);
    expect(m.masterReplOffset).toBe(301);
    // Every byte of the stream is known: each piece shows all of its bytes.
    for (const x of p) {
      expect(x.complete).toBe(true);
      expect(x.bytes.length).toBe(x.to - x.from);
    }
  });

  it('grows by exactly the bytes sent between two moments (the offset delta)', async () => {
    const a = await runTo('partial-resync', 500);
    const b = await runTo('partial-resync', 12000);
    const ma = master(a.views);
    const mb = master(b.views);
    const pb = streamPieces(b.frames, mb.name, b.at, mb.masterReplOffset);
    const sent = pb.filter((p) => p.from > ma.masterReplOffset).reduce((s, p) => s + p.to - p.from, 0);
    expect(mb.masterReplOffset - ma.masterReplOffset).toBe(sent);
    expect(sent).toBeGreaterThan(0);
    expect(pb.map((p) => commandLabel(p.argv))).toEqual(['SELECT 0', 'SET before-cut 1', 'SET during-cut 1', 'INCR visits']);
  });

  it('shows nothing that the master had not sent by the cursor', async () => {
    const { frames, views } = await runTo('propagation', 3000);
    const m = master(views);
    const firstSent = Math.min(...frames.filter((f) => f.kind === 'stream').map((f) => f.sentAtMs));
    expect(streamPieces(frames, m.name, firstSent - 0.001, m.masterReplOffset)).toEqual([]);
    expect(streamPieces(frames, m.name, firstSent, m.masterReplOffset).length).toBeGreaterThan(0);
  });

  it('shows each command once when two replicas receive the same stream', async () => {
    const { frames, views, at } = await runTo('two-replicas', 20000);
    const m = master(views);
    const copies = frames.filter((f) => f.kind === 'stream' && f.from === m.name);
    expect(new Set(copies.map((f) => f.to)).size).toBe(2);
    const p = streamPieces(frames, m.name, at, m.masterReplOffset);
    expect(new Set(p.map((x) => x.from)).size).toBe(p.length);
    expect(p.reduce((s, x) => s + x.to - x.from, 0)).toBe(m.masterReplOffset);
  });

  it("counts the master's own PING in the stream (14 bytes)", async () => {
    const { frames, views, at } = await runTo('full-resync-small-backlog', 14000);
    const m = master(views);
    const p = streamPieces(frames, m.name, at, m.masterReplOffset);
    const ping = p.find((x) => commandLabel(x.argv) === 'PING')!;
    expect(ping.to - ping.from).toBe(14);
    expect(ping.to - 1).toBe(m.masterReplOffset);
    expect(pieceAt(p, ping.from)?.known).toBe(true);
    expect(pieceAt(p, 1)).toBeNull();
  });

  it('tells how far a replica is behind while the bytes are on the wire', async () => {
    const done = await runTo('propagation', 3000);
    const f = done.frames.find((x) => x.kind === 'stream')!;
    const mid = await runTo('propagation', (f.sentAtMs + f.arriveAtMs) / 2);
    const m = master(mid.views);
    const r1 = mid.views.find((v) => v.name === 'r1')!;
    expect(offsetGap(r1, m)).toBe(-301);
    const r1done = done.views.find((v) => v.name === 'r1')!;
    expect(offsetGap(r1done, master(done.views))).toBe(0);
  });
});

describe('streamPiecesGrowing', () => {
  it('equals streamPieces as the run grows, is cut back, and grows again', async () => {
    const { runTo } = await import('./topology-test-run.ts');
    const { CHAIN } = await import('./topology-scenes.ts');
    const run = await runTo(CHAIN, 6880);
    const frames = [...run.frames];
    const master = 'm';
    const grown: typeof frames = [];
    for (let i = 0; i < frames.length; i += 7) {
      grown.push(...frames.slice(i, i + 7));
      const at = grown[grown.length - 1].sentAtMs;
      expect(streamPiecesGrowing(grown, master, at)).toEqual(streamPieces(grown, master, at));
    }
    // Cut back and grown again with other frames: started over, still equal.
    grown.length = Math.floor(grown.length / 2);
    grown.push(...frames.filter((f) => f.kind === 'stream').slice(0, 6).reverse());
    const end = Math.max(...grown.map((f) => f.sentAtMs));
    expect(streamPiecesGrowing(grown, master, end)).toEqual(streamPieces(grown, master, end));
    expect(streamPiecesGrowing(grown, master, end).length).toBeGreaterThan(0);
  });
});
