import { describe, expect, it } from 'vitest';
import { CompactLog, notableOf } from './compact-log.ts';
import { isNotableEntry, type TraceEntry } from './trace.ts';
import { Timeline } from './timeline.ts';

const TWO_REPLICAS = `seed 7
node m r1 r2
r1> REPLICAOF 127.0.0.1 6379
r2> REPLICAOF 127.0.0.1 6379
sleep 2s
m> SET a 1
m> INCRBYFLOAT f 1.5
m> DEL a
sleep 300s
`;

describe('CompactLog', () => {
  it('reads back records whose strings outnumber the shared table (each written once a chunk), around records kept as they are', () => {
    type R = { id: string; label: string; n: number; data?: Uint8Array };
    const log = new CompactLog<R>();
    const want: R[] = [];
    for (let i = 0; i < 72000; i++) {
      const r: R = i % 997 === 0 ? { id: `x${i}`, label: `SET k ${i + 1}`, n: i, data: new Uint8Array([i % 256]) } : { id: `x${i}`, label: `SET k ${i - (i % 3)}`, n: i };
      log.push(r);
      want.push(r);
    }
    expect(log.length).toBe(want.length);
    expect([...log]).toEqual(want);
    expect(log.slice(70000, 70100)).toEqual(want.slice(70000, 70100));
    // Past the table, a label repeated in its chunk costs a few bytes, not its characters again.
    const small = new CompactLog<R>();
    for (const r of want.slice(0, 56000)) small.push(r);
    const before = small.packedBytes();
    for (const r of want.slice(56000, 56000 + 4096 * 3)) small.push(r);
    // Each record's own id (7 bytes inline) and, once in three records, its label (11 bytes).
    expect((small.packedBytes() - before) / (4096 * 3)).toBeLessThan(17);
  });

  it('reads back records of hundreds of shapes, with the same field holding one string, then another', () => {
    // A shape's id past one byte moves the values written after it; a field's remembered string
    // must not stand in for a different one.
    const log = new CompactLog<Record<string, unknown>>();
    const want: Record<string, unknown>[] = [];
    for (let i = 0; i < 9000; i++) {
      const r: Record<string, unknown> = { kind: i % 3 === 0 ? 'send' : 'reply', [`f${i % 300}`]: i % 7 === 0 ? 'a' : 'b', t: i + 0.5, n: i };
      log.add(r);
      want.push(r);
    }
    expect([...log]).toEqual(want);
    expect(log.at(8999)).toEqual(want[8999]);
  });

  it('cut inside a packed chunk and grown again, reads back as an array cut and grown the same way', () => {
    const rec = (i: number) => ({ kind: 'send', t: i / 3, n: i, label: `SET k${i % 50}`, ok: i % 2 === 0 });
    const log = new CompactLog<ReturnType<typeof rec>>();
    const arr: ReturnType<typeof rec>[] = [];
    const push = (from: number, to: number) => { for (let i = from; i < to; i++) { log.push(rec(i)); arr.push(rec(i)); } };
    push(0, 10000);
    for (const [cut, grow] of [[5000, 3000], [7000, 4500], [4096, 10], [100, 9000], [8192, 1]] as const) {
      log.length = cut;
      arr.length = cut;
      expect(log.length).toBe(cut);
      expect(log.at(cut - 1)).toEqual(arr[cut - 1]);
      push(cut + 7, cut + 7 + grow);
      expect(log.length).toBe(arr.length);
      expect([...log]).toEqual(arr);
      expect(log.slice(cut - 20, cut + 20)).toEqual(arr.slice(cut - 20, cut + 20));
      expect(log.at(-1)).toEqual(arr[arr.length - 1]);
    }
  });

  it('reads back every trace entry of a run equal to what was recorded, in order, across packed chunks', async () => {
    const plain: unknown[] = [];
    const r = Timeline.load(TWO_REPLICAS, { events: { onTrace: (b) => plain.push(...b) } });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    await r.timeline.advanceTo(r.timeline.scriptEndMs);
    const log = r.timeline.trace;
    expect(log.length).toBe(plain.length);
    expect(log.length).toBeGreaterThan(4096); // at least one chunk is packed
    expect([...log]).toEqual(plain);
    expect(log.slice(100, 5000)).toEqual(plain.slice(100, 5000));
    expect(log.at(4095)).toEqual(plain[4095]);
    expect(log.at(-1)).toEqual(plain[plain.length - 1]);
    // The notable entries (a boot, PSYNC answers...) are found without unpacking the rest.
    const notable = (plain as TraceEntry[]).filter(isNotableEntry);
    expect(notable.some((e) => e.kind === 'event' && e.event.type === 'psyncDecision')).toBe(true);
    expect([...notableOf(log)]).toEqual(notable);
    // A seek back cuts them with the rest.
    log.length = 3000;
    expect([...notableOf(log)]).toEqual((plain.slice(0, 3000) as TraceEntry[]).filter(isNotableEntry));
  });

  it('keeps odd values exactly: floats, -0, huge integers, undefined fields, unicode and non-plain records', () => {
    const log = new CompactLog<Record<string, unknown>>();
    const recs: Record<string, unknown>[] = [];
    for (let i = 0; i < 9000; i++) {
      recs.push({
        t: i % 3 === 0 ? i / 7 : i, neg: -i, big: 2 ** 53 - i, z: i === 5 ? -0 : 0, nan: i === 6 ? NaN : 1,
        s: `k${i % 50}`, u: i % 2 ? undefined : 'x', uni: 'é✓😀', arr: [i, 'a', [true, false, null]],
        ...(i === 7 ? { bytes: new Uint8Array([1, 2]) } : {}),
      });
    }
    log.push(...recs);
    expect(log.length).toBe(9000);
    const back = [...log];
    expect(back).toEqual(recs);
    expect(Object.is(back[5].z, -0)).toBe(true);
    expect('u' in back[1]).toBe(true);
    expect(back[7].bytes).toBeInstanceOf(Uint8Array);
  });

  it('truncates to any length and goes on appending after it', () => {
    const log = new CompactLog<{ i: number }>();
    for (let i = 0; i < 10000; i++) log.push({ i });
    log.length = 5000;
    expect(log.length).toBe(5000);
    expect(log.at(4999)).toEqual({ i: 4999 });
    log.push({ i: -1 });
    expect(log.at(5000)).toEqual({ i: -1 });
    log.length = 100;
    for (let i = 100; i < 9000; i++) log.push({ i });
    expect([...log].map((x) => x.i)).toEqual(Array.from({ length: 9000 }, (_, i) => i));
    log.length = 0;
    expect([...log]).toEqual([]);
  });
});
