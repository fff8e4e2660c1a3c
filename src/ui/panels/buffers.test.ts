// The output-buffer gauges' numbers on real runs: the buffer grows while the RDB travels and drains
// after, the link queue, the master's closes for the output buffer limit, the scale and byte sizes.
import { describe, expect, it } from 'vitest';
import { gaugeRows, gaugeScale, humanBytes } from './buffers.ts';
import { overflowing, runTo, withWrites } from './handshake-test-run.ts';

async function rowsAt(text: string, ms: number) {
  const run = await runTo(text, ms);
  const m = run.views.find((v) => v.name === 'm')!;
  return { m, rows: gaugeRows(m, run.views, run.frames, run.cursorMs, run.trace) };
}

describe('replica output buffer gauges', () => {
  it('keeps the buffer empty while the replica waits for BGSAVE to start: those writes go into the RDB', async () => {
    const { rows } = await rowsAt(withWrites(), 2500);
    const r1 = rows.find((r) => r.node === 'r1')!;
    expect(r1.state).toBe('wait_bgsave_start');
    expect(r1.pendingBytes).toBe(0);
  });

  it('shows the buffer of a replica in wait_bgsave growing as the master writes during the diskless RDB transfer', async () => {
    const text = withWrites();
    const a = (await rowsAt(text, 5300)).rows.find((r) => r.node === 'r1')!;
    const b = (await rowsAt(text, 5700)).rows.find((r) => r.node === 'r1')!;
    expect(a.state).toBe('wait_bgsave_end');
    expect(a.pendingBytes).toBeGreaterThan(0);
    expect(b.pendingBytes).toBeGreaterThan(a.pendingBytes);
  });

  it('counts the RDB bytes still on the slow link as the link queue, and drains both after the sync', async () => {
    const text = withWrites();
    const during = (await rowsAt(text, 5200)).rows;
    expect(during.find((r) => r.node === 'r1')!.link.rdb).toBeGreaterThan(1000);
    expect(during.find((r) => r.node === 'r2')!.link.total).toBe(0);
    const after = (await rowsAt(text, 9000)).rows.find((r) => r.node === 'r1')!;
    expect(after.state).toBe('online');
    expect(after.pendingBytes).toBe(0);
    expect(after.link.total).toBe(0);
    expect(after.level).toBe('ok');
  });

  it('names each replica by its node and its address', async () => {
    const { rows } = await rowsAt(withWrites(), 2500);
    expect(rows.map((r) => [r.node, r.addr]).sort()).toEqual([['r1', '172.18.0.3:6380'], ['r2', '172.18.0.4:6381']]);
  });

  it('turns a replica red, with the limit it crossed, when it is closed for overcoming the output buffer limit', async () => {
    // Both replicas reference the first shared-buffer block when the second is added: two blocks, over 32kb.
    const { m, rows } = await rowsAt(overflowing(), 8000.5);
    expect(m.replicas).toHaveLength(0);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.level).toBe('overflow');
      expect(r.state).toBeNull();
      expect(r.overflow!.t).toBe(8000);
      expect(r.overflow!.limit).toBe('hard');
      expect(r.overflow!.hardBytes).toBe(32 * 1024);
      expect(r.overflow!.usage).toBeGreaterThan(32 * 1024);
    }
  });

  it('keeps the overflow red while the replica reconnects, then keeps a note of it once it is online again', async () => {
    const text = overflowing();
    const again = (await rowsAt(text, 8003)).rows.find((r) => r.node === 'r1')!;
    expect(again.state).toBeNull();
    expect(again.level).toBe('overflow');
    const later = (await rowsAt(text, 12000)).rows.find((r) => r.node === 'r1')!;
    expect(later.state).toBe('online');
    expect(later.overflow).toBeNull();
    expect(later.level).toBe('ok');
    expect(later.overflowCount).toBe(1);
    expect(later.lastOverflow!.t).toBe(8000);
  });

  it('counts a caught-up replica as the whole shared-buffer block it references, with nothing left unsent', async () => {
    const { m, rows } = await rowsAt(overflowing(), 12000);
    const r1 = rows.find((r) => r.node === 'r1')!;
    const b = m.backlog!;
    expect(b.mode).toBe('shared');
    expect(r1.pendingBytes).toBe(0);
    expect(r1.bufferBlocks).toBe(1);
    // One block: its usable bytes (more than the 27 KB written, so every byte since the drop is in it) plus its header.
    expect(r1.bufferBytes).toBeGreaterThan(16 * 1024);
    expect(r1.bufferBytes).toBeLessThan(32 * 1024);
  });

  it('shows a healthy replica above a soft limit smaller than a block: one block already exceeds it', async () => {
    const { rows } = await rowsAt(overflowing('64kb 16kb 60'), 12000);
    const r1 = rows.find((r) => r.node === 'r1')!;
    expect(r1.state).toBe('online');
    expect(r1.pendingBytes).toBe(0);
    expect(r1.level).toBe('soft');
    expect(r1.overflowCount).toBe(0);
  });

  it('applies a hard limit below repl-backlog-size as repl-backlog-size', async () => {
    const run = await runTo(overflowing('3kb 0 0'), 7000);
    const m = run.views.find((v) => v.name === 'm')!;
    expect(m.replicaBufferLimits.hardBytes).toBe(3 * 1024);
    expect(m.replicaHardLimitBytes).toBe(16 * 1024);
  });

  it('marks a buffer above the soft limit before the master closes it', async () => {
    const { rows } = await rowsAt(withWrites('replica 64kb 1kb 60'), 5300);
    expect(rows.find((r) => r.node === 'r1')!.level).toBe('soft');
  });

  it('writes sizes in binary units, as Redis counts 64mb', () => {
    expect(humanBytes(56)).toBe('56 B');
    expect(humanBytes(1229)).toBe('1.2 KB');
    expect(humanBytes(3687)).toBe('3.6 KB');
    expect(humanBytes(67108864)).toBe('64 MB');
    expect(humanBytes(268435456)).toBe('256 MB');
    expect(humanBytes(3565158)).toBe('3.4 MB');
  });

  it('uses a log scale on which a few hundred bytes are visible next to a 256 MB hard limit', () => {
    const s = gaugeScale({ hardBytes: 268435456, softBytes: 67108864, softSeconds: 60 }, []);
    expect(s.pos(0)).toBe(0);
    expect(s.pos(268435456)).toBe(1);
    expect(s.pos(200)).toBeGreaterThan(0.2);
    expect(s.pos(67108864)).toBeLessThan(1);
    expect(s.ticks).toEqual([32, 1024, 32768, 1048576, 33554432]);
  });

  it('stretches the scale when a buffer passes the hard limit', () => {
    const rows = [{ pendingBytes: 0, bufferBytes: 5000, link: { total: 0 } }] as unknown as Parameters<typeof gaugeScale>[1];
    const s = gaugeScale({ hardBytes: 3072, softBytes: 1024, softSeconds: 60 }, rows);
    expect(s.max).toBe(5000);
    expect(s.pos(3072)).toBeLessThan(1);
  });
});
