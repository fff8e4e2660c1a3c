import { describe, expect, it } from 'vitest';
import { ListpackBuilder, intsetBlob, parseIntset, parseListpack } from './listpack.ts';

describe('listpacks and intsets', () => {
  it('round-trips strings and every integer width', () => {
    const items = ['a', '0', '127', '128', '-1', '-4096', '4096', '-32769', '8388608', '-2147483649', '9223372036854775807', '007', 'x'.repeat(70), 'y'.repeat(5000), ''];
    const lp = new ListpackBuilder();
    for (const it of items) lp.appendString(it);
    const size = lp.size;
    const blob = lp.finish();
    expect(blob.length).toBe(size);
    expect(parseListpack(blob)).toEqual(items);
  });

  it('stores small integers in one byte with a one-byte backlen', () => {
    const lp = new ListpackBuilder();
    lp.appendString('5');
    expect([...lp.finish()]).toEqual([9, 0, 0, 0, 1, 0, 5, 1, 0xff]);
  });

  it('rejects a listpack whose backlen is wrong', () => {
    const lp = new ListpackBuilder();
    lp.appendString('5');
    const blob = lp.finish();
    blob[7] = 2;
    expect(() => parseListpack(blob)).toThrow('Listpack integrity check failed.');
  });

  it('writes intsets sorted in the narrowest encoding and reads them back', () => {
    const blob = intsetBlob([300n, -7n, 1n]);
    expect(blob[0]).toBe(2);
    expect(parseIntset(blob)).toEqual(['-7', '1', '300']);
    expect(intsetBlob([1n, 100000n])[0]).toBe(4);
    expect(parseIntset(intsetBlob([1n, -9223372036854775808n]))).toEqual(['-9223372036854775808', '1']);
  });
});
