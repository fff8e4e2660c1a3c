// FNV-1a, 32-bit: the one hash behind SCAN's cursor order, the per-name seeds and the trace hash.
// Strings are hashed one UTF-16 code unit at a time (one byte each for the engine's binary
// strings). fnv1aStep is the loop body, for callers that hash as they go or with another prime.

export const FNV1A_OFFSET = 0x811c9dc5; // 2166136261
export const FNV1A_PRIME = 0x01000193; // 16777619

/** One FNV-1a round: xor in c, multiply by the prime, as an unsigned 32-bit value. */
export function fnv1aStep(h: number, c: number, prime: number = FNV1A_PRIME): number {
  return Math.imul(h ^ c, prime) >>> 0;
}

/** FNV-1a of s's code units, continuing from h (the offset basis by default). */
export function fnv1a(s: string, h: number = FNV1A_OFFSET): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV1A_PRIME) >>> 0;
  return h >>> 0;
}

/** FNV-1a of a binary string's bytes: each char's low 8 bits (SCAN's key order). */
export function fnv1aBytes(s: string, h: number = FNV1A_OFFSET): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ (s.charCodeAt(i) & 0xff), FNV1A_PRIME) >>> 0;
  return h >>> 0;
}
