import { describe, expect, it } from 'vitest';
import { clonePlain } from './plain-clone.ts';
import { Timeline } from './timeline.ts';

class Point {
  constructor(public x: number, public y: number) {}
  get sum(): number {
    return this.x + this.y;
  }
}

describe('clonePlain', () => {
  it('copies what structuredClone copies, as structuredClone does: kinds, order, odd numbers, shared parts', () => {
    const shared = { n: 1 };
    const buf = new ArrayBuffer(8);
    const x = {
      b: 2, a: [1, -0, NaN, undefined, null, 'x', 2n ** 70n], m: new Map<unknown, unknown>([[shared, 's'], ['k', [shared]]]), s: new Set([3, 'y']),
      u8: new Uint8Array([1, 2, 3]), left: new Uint8Array(buf, 0, 4), right: new Uint32Array(buf, 4, 1), d: new Date(5), p: new Point(1, 2),
      shared, again: shared, nul: Object.assign(Object.create(null) as object, { z: 1 }),
    };
    const got = clonePlain(x);
    const want = structuredClone(x);
    expect(got).toStrictEqual(want);
    expect(Object.keys(got)).toEqual(Object.keys(want));
    expect(Object.is(got.a[1], -0)).toBe(true);
    expect(got.again).toBe(got.shared);
    expect(got.m.get(got.shared)).toBe('s');
    expect(got.left.buffer).toBe(got.right.buffer);
    expect(got.left.buffer).not.toBe(buf);
    expect(Object.getPrototypeOf(got.p)).toBe(Object.prototype);
    // A copy: changing it leaves the original as it was.
    got.shared.n = 9;
    got.u8[0] = 7;
    expect(x.shared.n).toBe(1);
    expect(x.u8[0]).toBe(1);
  });

  it('refuses what structuredClone refuses', () => {
    expect(() => clonePlain({ f: () => 1 })).toThrow();
    expect(() => clonePlain([Symbol('s')])).toThrow();
  });

  it('copies a whole run snapshot equal to structuredClone\'s copy', async () => {
    const r = Timeline.load('seed 5\nnode m r1\nr1> REPLICAOF 127.0.0.1 6379\nsleep 1s\nm> SET a 1\nm> RPUSH l x y\nm> HSET h f v\nsleep 1s\n');
    if (!r.ok) throw new Error(r.errors.join('\n'));
    await r.timeline.advanceTo(r.timeline.scriptEndMs);
    const snap = r.timeline.simulator.snapshot();
    expect(clonePlain(snap)).toStrictEqual(structuredClone(snap));
  });
});
