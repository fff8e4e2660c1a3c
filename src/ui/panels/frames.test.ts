import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../runtime/sim.ts';
import { assignLanes, findFrame, frameId, framesInFlight, groupByDirection, indexFrames, inFlight, pillText, previewRepr, progress } from './frames.ts';
import { BUSY, CHAIN } from './topology-scenes.ts';
import { runTo, scenarioFile } from './topology-test-run.ts';

/** Brute force: every frame on the wire at t. */
const naive = (frames: readonly FrameRecord[], t: number) => frames.filter((f) => inFlight(f, t)).map(frameId).sort();

describe('progress', () => {
  it('is 0 when the frame is sent, 1/2 halfway, 1 on arrival, and clamped outside', () => {
    expect(progress(100, 100, 140)).toBe(0);
    expect(progress(120, 100, 140)).toBe(0.5);
    expect(progress(140, 100, 140)).toBe(1);
    expect(progress(90, 100, 140)).toBe(0);
    expect(progress(200, 100, 140)).toBe(1);
  });
});

describe('framesInFlight', () => {
  it("finds first-sync's PING on the wire from its send until just before its arrival", async () => {
    const { frames } = await runTo(scenarioFile('first-sync.scn'), 7000);
    const ping = frames.find((f) => f.meta.label === 'PING')!;
    const ix = indexFrames(frames);
    const ids = (t: number) => framesInFlight(ix, t).map(frameId);
    expect(ids(ping.sentAtMs - 0.01)).not.toContain(frameId(ping));
    expect(ids(ping.sentAtMs)).toContain(frameId(ping));
    expect(ids((ping.sentAtMs + ping.arriveAtMs) / 2)).toContain(frameId(ping));
    expect(ids(ping.arriveAtMs)).not.toContain(frameId(ping));
  });

  it('agrees with a scan of every frame, including a long RDB transfer among many short frames', async () => {
    const { frames } = await runTo(CHAIN, 9000);
    const ix = indexFrames(frames);
    const rdb = frames.find((f) => f.kind === 'rdb')!;
    expect(framesInFlight(ix, (rdb.sentAtMs + rdb.arriveAtMs) / 2).map(frameId)).toContain(frameId(rdb));
    for (let ms = 0; ms <= 9000; ms += 7.25) expect(framesInFlight(ix, ms).map(frameId).sort()).toEqual(naive(frames, ms));
  });

  it('extends the index in place as frames are appended, even out of send order, with the same answers', async () => {
    const { frames } = await runTo(BUSY, 700);
    // Appended in batches, each batch shuffled the way a later window can hold earlier sends.
    const growing: FrameRecord[] = [];
    let ix = indexFrames(growing);
    const first = ix;
    for (let i = 0; i < frames.length; i += 97) {
      growing.push(...frames.slice(i, i + 97).reverse());
      ix = indexFrames(growing, ix);
    }
    expect(ix).toBe(first);
    expect(ix.sorted.length).toBe(frames.length);
    for (const ms of [60, 300, 501, 515, 531, 540]) expect(framesInFlight(ix, ms).map(frameId).sort()).toEqual(naive(frames, ms));
  });

  it('rebuilds the index when the frames are not a continuation (a seek back cut them)', async () => {
    const { frames } = await runTo(CHAIN, 9000);
    const ix = indexFrames(frames);
    const shorter = frames.slice(0, 20);
    const again = indexFrames(shorter, ix);
    expect(again).not.toBe(ix);
    expect(again.sorted.length).toBe(20);
  });
});

describe('frame ids and details', () => {
  it('finds a frame by its id, which stays the same when the run is simulated again', async () => {
    const a = await runTo(CHAIN, 9000), b = await runTo(CHAIN, 9000);
    const f = a.frames.find((x) => x.kind === 'stream' && x.meta.fromOffset === 24)!;
    expect(findFrame(indexFrames(b.frames), frameId(f))).toEqual(f);
    expect(new Set(a.frames.map(frameId)).size).toBe(a.frames.length);
  });

  it("shows a frame's first bytes as redis-cli's repr, with \\r\\n visible", async () => {
    const { frames } = await runTo(scenarioFile('first-sync.scn'), 7000);
    expect(previewRepr(frames.find((f) => f.meta.label === 'PING')!)).toBe('"*1\\r\\n$4\\r\\nPING\\r\\n"');
    const rdb = frames.find((f) => f.kind === 'rdb')!;
    expect(previewRepr(rdb).startsWith('"$EOF:')).toBe(true);
    expect(previewRepr(rdb).endsWith('…')).toBe(rdb.preview.length < rdb.bytes);
  });

  it('labels a pill with the command and its byte size, shortened to fit', async () => {
    const { frames } = await runTo(CHAIN, 9000);
    const set = frames.find((f) => f.meta.label === 'SET greeting hello')!;
    expect(pillText(set, 20)).toBe('SET greeting hello 38 B');
    expect(pillText(set, 8)).toBe('SET gre… 38 B');
  });
});

describe('groupByDirection and lanes', () => {
  it('keeps the newest 12 pills of each direction during a burst of 1000 writes and counts the rest', async () => {
    const { frames } = await runTo(BUSY, 700);
    const inflight = framesInFlight(indexFrames(frames), 515);
    const groups = groupByDirection(inflight, 12);
    expect([...groups.keys()].sort()).toEqual(['m>r1', 'm>r2', 'm>r3', 'm>r4', 'm>r5']);
    for (const g of groups.values()) {
      expect(g.pills.length).toBe(12);
      expect(g.pills.length + g.hidden).toBe(inflight.filter((f) => f.to === g.to).length);
      expect(g.pills[11].meta.label).toBe('SET key:1000 value-1000');
      expect(g.hiddenLead!.sentAtMs).toBeLessThanOrEqual(g.pills[0].sentAtMs);
    }
  });

  it('gives pills at the same spot different lanes, and bunches the ones that find no free lane', () => {
    // The newest (last) pill at a spot keeps lane 0, the one before it lane 1, the oldest is bunched.
    expect(assignLanes([50, 50, 50], [40, 40, 40], 2)).toEqual([-1, 1, 0]);
    expect(assignLanes([10, 100], [40, 40], 2)).toEqual([0, 0]);
  });
});
