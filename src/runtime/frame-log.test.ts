import { describe, expect, it } from 'vitest';
import { FrameLog, labelOfCommand } from './frame-log.ts';
import { framesOfKind, framesOverlapping } from './frame-list.ts';
import type { FrameRecord } from './tcp.ts';

/** A run's worth of varied frames: writes streamed to two replicas, ACKs, a handshake, an RDB with a wide character. */
function frames(n: number): FrameRecord[] {
  const out: FrameRecord[] = [];
  let off = 0;
  for (let i = 0; i < n; i++) {
    const t = i * 3;
    if (i % 97 === 0) {
      out.push({ conn: 'c1', from: 'r1', to: 'm', kind: 'handshake', meta: { label: 'PING' }, bytes: 14, sentAtMs: t, arriveAtMs: t + 1, preview: '*1\r\n$4\r\nPING\r\n' });
    } else if (i % 501 === 0) {
      out.push({ conn: 'c1', from: 'm', to: 'r1', kind: 'rdb', meta: { label: `RDB ${i} B` }, bytes: 5000 + i, sentAtMs: t, arriveAtMs: t + 400, preview: `$${i}\r\nREDIS0011\u00fa\u2603` });
    } else if (i % 10 === 0) {
      out.push({ conn: 'c2', from: 'r2', to: 'm', kind: 'ack', meta: { label: `ACK ${off}` }, bytes: 37, sentAtMs: t, arriveAtMs: t + 1, preview: `*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$${String(off).length}\r\n${off}\r\n` });
    } else {
      const cmd = `*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${String(i).length}\r\n${i}\r\n`;
      const meta = { fromOffset: off, toOffset: off + cmd.length, label: `SET k ${i}` };
      out.push({ conn: 'c1', from: 'm', to: 'r1', kind: 'stream', meta, bytes: cmd.length, sentAtMs: t, arriveAtMs: t + 2.5, preview: cmd });
      out.push({ conn: 'c2', from: 'm', to: 'r2', kind: 'stream', meta, bytes: cmd.length, sentAtMs: t, arriveAtMs: t + 2.5, preview: cmd });
      off += cmd.length;
    }
  }
  // A long argument (the label cuts it), a relayed stream (its own label), odd times and sizes.
  const long = `*2\r\n$3\r\nGET\r\n$30\r\n${'x'.repeat(30)}\r\n`;
  out.push({ conn: 'c1', from: 'm', to: 'r1', kind: 'stream', meta: { fromOffset: off, toOffset: off + long.length, label: `GET ${'x'.repeat(21)}...` }, bytes: long.length, sentAtMs: n * 3, arriveAtMs: n * 3 + 1, preview: long });
  out.push({ conn: 'c3', from: 'r1', to: 'r3', kind: 'stream', meta: { fromOffset: 2 ** 40, toOffset: 2 ** 40 + 7, label: 'proxied' }, bytes: 2 ** 33, sentAtMs: 1e9 + 0.1, arriveAtMs: 1e9 + 0.1 + 1 / 3, preview: '*1\r\n$4\r\nPING\r\n' });
  // A frame with its label before its offsets, and a FIN.
  out.push({ conn: 'c1', from: 'm', to: 'r1', kind: 'stream', meta: { label: 'backlog 4 B', fromOffset: off, toOffset: off + 4 }, bytes: 4, sentAtMs: n * 3, arriveAtMs: n * 3 + 1, preview: 'abcd' });
  out.push({ conn: 'c1', from: 'r1', to: 'm', kind: 'fin', meta: { label: 'FIN' }, bytes: 0, sentAtMs: n * 3, arriveAtMs: n * 3 + 1, preview: '' });
  return out;
}

function logOf(fs: readonly FrameRecord[]): FrameLog {
  const log = new FrameLog();
  for (const f of fs) log.push({ ...f });
  return log;
}

describe('FrameLog', () => {
  const fs = frames(9000);

  it('gives back every frame as it was pushed, by position and in order', () => {
    const log = logOf(fs);
    expect(log.length).toBe(fs.length);
    expect([...log]).toEqual(fs);
    for (const i of [0, 1, 2047, 2048, 5000, fs.length - 1]) {
      expect(log.at(i)).toEqual(fs[i]);
      expect(JSON.stringify(log.at(i))).toBe(JSON.stringify(fs[i]));
    }
    expect(log.at(-1)).toEqual(fs[fs.length - 1]);
    expect(log.at(fs.length)).toBeUndefined();
    expect(log.slice(2040, 2060)).toEqual(fs.slice(2040, 2060));
  });

  it('reads a streamed command\'s label as the master writes it', () => {
    expect(labelOfCommand('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n')).toBe('SET k ');
    expect(labelOfCommand('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n')).toBeNull();
    expect(labelOfCommand('*1\r\n$4\r\nPING\r\n*1\r\n')).toBeNull();
    expect(labelOfCommand('+OK\r\n')).toBeNull();
  });

  it('gives back odd frames exactly once packed (wide characters, long arguments, fractional times, huge sizes)', () => {
    const odd = [...fs.slice(-4), ...fs.slice(0, -4)];
    const log = logOf(odd);
    expect(log.slice(0, 4)).toEqual(odd.slice(0, 4));
    expect(log.slice(0, 4).map((f) => JSON.stringify(f))).toEqual(odd.slice(0, 4).map((f) => JSON.stringify(f)));
    expect([...log]).toEqual(odd);
  });

  it('packs an hour-like run into far fewer bytes than objects', () => {
    const log = logOf(fs);
    expect(log.packedBytes() / log.length).toBeLessThan(100);
  });

  it('is cut back to a checkpoint length and grows again from there, like an array', () => {
    const log = logOf(fs);
    const before = log.ofKind('handshake');
    expect(before).toEqual(fs.filter((f) => f.kind === 'handshake'));
    const mark = log.mark(3000);
    log.length = 4100;
    expect(log.stillHolds(mark)).toBe(true);
    expect(log.length).toBe(4100);
    expect(log.slice(4090)).toEqual(fs.slice(4090, 4100));
    log.length = 2500;
    expect(log.stillHolds(mark)).toBe(false);
    expect(log.kept(mark)).toBe(2500);
    expect(log.ofKind('handshake')).toEqual(fs.slice(0, 2500).filter((f) => f.kind === 'handshake'));
    expect(before).toEqual(fs.filter((f) => f.kind === 'handshake'));
    const other = frames(3000).map((f) => ({ ...f, sentAtMs: f.sentAtMs + 1 }));
    for (const f of other) log.push(f);
    expect([...log]).toEqual([...fs.slice(0, 2500), ...other]);
    expect(framesOfKind(log, 'rdb')).toEqual([...fs.slice(0, 2500), ...other].filter((f) => f.kind === 'rdb'));
    expect(framesOfKind(log, 'handshake')).toEqual([...fs.slice(0, 2500), ...other].filter((f) => f.kind === 'handshake'));
    log.length = 0;
    expect(log.length).toBe(0);
    expect([...log]).toEqual([]);
  });

  it('behaves like an array through many cuts inside packed chunks and growth after each', () => {
    const log = new FrameLog();
    const model: FrameRecord[] = [];
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    let next = 0;
    for (let round = 0; round < 12; round++) {
      const add = 500 + rnd(3000);
      for (let k = 0; k < add; k++) {
        const f = { ...fs[next++ % fs.length] };
        log.push(f);
        model.push(f);
      }
      const n = rnd(model.length + 1);
      log.length = n;
      model.length = n;
      expect(log.length).toBe(n);
      const i = rnd(Math.max(1, n));
      if (n > 0) expect(log.at(i)).toEqual(model[i]);
    }
    expect([...log]).toEqual(model);
    expect(framesOfKind(log, 'ack')).toEqual(model.filter((f) => f.kind === 'ack'));
    const t = model[Math.floor(model.length / 2)]?.sentAtMs ?? 0;
    expect(framesOverlapping(log, t, t + 10)).toEqual(framesOverlapping(model, t, t + 10));
  });

  it('finds the frames of one kind and those on the wire in a window, as a scan would', () => {
    const log = logOf(fs);
    for (const k of ['handshake', 'rdb', 'fin', 'ack'] as const) expect(framesOfKind(log, k)).toEqual(fs.filter((f) => f.kind === k));
    for (const [a, b] of [[0, 0], [1500, 1500], [1500.5, 1600], [26999, 27001], [9e9, 9e9]]) {
      expect(framesOverlapping(log, a, b)).toEqual(framesOverlapping(fs, a, b));
    }
    expect(log.overlapping(1500, 1500)).toBe(log.overlapping(1500, 1500));
    expect(log.sentAt(1503)).toEqual(fs.filter((f) => f.sentAtMs === 1503));
  });
});

describe('a Timeline\'s frames', () => {
  it('after a seek back into packed frames and a replay, are the frames of a run played straight through', async () => {
    // A cut inside the first packed chunk (2048 frames), then frames packed again across it.
    const { Timeline } = await import('./timeline.ts');
    const lines = ['seed 3', 'node m r1 r2', 'm> CONFIG SET repl-diskless-sync-delay 0', 'r1> REPLICAOF m 6379', 'r2> REPLICAOF m 6379', 'until r2 online within 10s'];
    for (let i = 0; i < 1500; i++) lines.push(`nowait m> SET key:${i % 50} ${i}`, 'sleep 3ms');
    const load = (): InstanceType<typeof Timeline> => {
      const r = Timeline.load(lines.join('\n') + '\n');
      if (!r.ok) throw new Error('the scenario does not compile');
      return r.timeline;
    };
    const tl = load();
    await tl.advanceTo(tl.scriptEndMs);
    // Copies: the frames as the straight run recorded them.
    const want = [...tl.frames].map((f) => ({ ...f, meta: { ...f.meta } }));
    expect(want.length).toBeGreaterThan(2048);
    await tl.seek(tl.scriptEndMs / 2);
    expect(tl.frames.length).toBeLessThan(want.length);
    expect([...tl.frames]).toEqual(want.slice(0, tl.frames.length));
    await tl.seek(tl.scriptEndMs);
    expect([...tl.frames]).toEqual(want);
  });
});
