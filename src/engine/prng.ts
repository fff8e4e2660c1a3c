// The seeded pseudo-random generator: every "random" choice the engine makes comes from here,
// so the same seed always gives the same run (run IDs, replication IDs, jitter, SPOP picks).

/** State of a xoshiro128** generator: four 32-bit words, plain data so it survives structuredClone. */
export interface PrngState {
  s: [number, number, number, number];
}

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a generator state from any integer seed (and an optional stream number for sub-generators). */
export function prngCreate(seed: number, stream = 0): PrngState {
  const sm = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
  const s: [number, number, number, number] = [sm(), sm(), sm(), sm()];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return { s };
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Next 32-bit unsigned integer; advances the state in place. */
export function prngNextU32(st: PrngState): number {
  const s = st.s;
  const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
  const t = (s[1] << 9) >>> 0;
  s[2] = (s[2] ^ s[0]) >>> 0;
  s[3] = (s[3] ^ s[1]) >>> 0;
  s[1] = (s[1] ^ s[2]) >>> 0;
  s[0] = (s[0] ^ s[3]) >>> 0;
  s[2] = (s[2] ^ t) >>> 0;
  s[3] = rotl(s[3], 11);
  return result;
}

/** Uniform float in [0, 1). */
export function prngFloat(st: PrngState): number {
  return prngNextU32(st) / 4294967296;
}

/** Uniform integer in [0, n). */
export function prngInt(st: PrngState, n: number): number {
  return Math.floor(prngFloat(st) * n);
}

/** 40 lowercase hex characters, like Redis's getRandomHexChars(buf, CONFIG_RUN_ID_SIZE). */
export function prngHex40(st: PrngState): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += prngNextU32(st).toString(16).padStart(8, '0');
  return out;
}
