// Redis strings are byte strings. The engine keeps them as "binary strings": one JS char per byte
// (0-255), so .length is the byte length Redis counts and RESP lengths come out right.

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 text a person typed -> binary string (one char per byte). */
export function utf8ToBinary(text: string): string {
  const b = enc.encode(text);
  return bytesToBinary(b);
}

/** Binary string -> text, decoding UTF-8 where valid. */
export function binaryToUtf8(bin: string): string {
  return dec.decode(binaryToBytes(bin));
}

export function bytesToBinary(b: Uint8Array, start = 0, end = b.length): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode.apply(null, Array.from(b.subarray(i, Math.min(end, i + CHUNK))));
  }
  return out;
}

export function binaryToBytes(bin: string): Uint8Array {
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i) & 0xff;
  return out;
}

/** True when every char is a byte (0-255): the engine's own strings must satisfy this. */
export function isBinary(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return false;
  return true;
}
