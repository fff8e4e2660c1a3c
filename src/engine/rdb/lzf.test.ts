import { describe, expect, it } from 'vitest';
import { lzfCompress, lzfDecompress, lzfStateCreate } from './lzf.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('LZF', () => {
  it('LZF round-trips and gives up when it cannot save space', () => {
    const st = lzfStateCreate();
    const inputs = [
      'a'.repeat(1000),
      range(5000).map((i) => `item:${i % 300},`).join(''),
      range(3000).map((i) => String.fromCharCode((i * 131 + (i >> 3) * 7) & 0xff)).join(''),
    ];
    for (const s of inputs) {
      const b = Uint8Array.from(s, (c) => c.charCodeAt(0));
      const out = new Uint8Array(b.length + 8);
      const n = lzfCompress(st, b, out, b.length - 4);
      if (n === 0) continue;
      expect(n).toBeLessThanOrEqual(b.length - 4);
      expect(lzfDecompress(out.subarray(0, n), b.length)).toEqual(b);
    }
    const noise = Uint8Array.from(range(64), (i) => (i * 97 + 13) & 0xff);
    expect(lzfCompress(st, noise, new Uint8Array(100), 60)).toBe(0);
    expect(lzfDecompress(Uint8Array.of(0x05, 0x61), 6)).toBeNull();
  });
});
