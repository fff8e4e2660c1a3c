// LZF (lzf_c.c / lzf_d.c, with HLOG 16 and VERY_FAST as Redis builds them): how RDB strings and
// blobs over 20 bytes are compressed.

const LZF_HSIZE = 1 << 16;
const LZF_MAX_LIT = 1 << 5;
const LZF_MAX_OFF = 1 << 13;
const LZF_MAX_REF = (1 << 8) + (1 << 3);

/** The compressor's hash table. Redis leaves it uninitialised (INIT_HTAB 0); a fresh table is the
 *  deterministic equivalent. A generation counter makes "fresh" O(1) per call. */
export interface LzfState {
  gen: Uint32Array;
  pos: Int32Array;
  cur: number;
}

export function lzfStateCreate(): LzfState {
  return { gen: new Uint32Array(LZF_HSIZE), pos: new Int32Array(LZF_HSIZE), cur: 0 };
}

function lzfIdx(h: number): number {
  return ((h >>> 8) - Math.imul(h, 5)) & (LZF_HSIZE - 1);
}

/**
 * lzf_compress(in, in_len, out, out_len): the compressed length, or 0 when the output would not
 * fit in outLen bytes. `out` must have at least outLen + 4 bytes of room.
 */
export function lzfCompress(st: LzfState, inp: Uint8Array, out: Uint8Array, outLen: number): number {
  const inEnd = inp.length;
  if (inEnd === 0 || outLen === 0) return 0;
  st.cur = (st.cur + 1) >>> 0;
  if (st.cur === 0) {
    st.gen.fill(0);
    st.cur = 1;
  }
  const gen = st.gen;
  const pos = st.pos;
  const g = st.cur;
  let ip = 0;
  let op = 1; // start run
  let lit = 0;
  let hval = (inp[0] << 8) | (inEnd > 1 ? inp[1] : 0);
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | inp[ip + 2]) >>> 0;
    let slot = lzfIdx(hval);
    const ref = gen[slot] === g ? pos[slot] : -1;
    gen[slot] = g;
    pos[slot] = ip;
    const off = ip - ref - 1;
    if (
      ref > 0 &&
      off < LZF_MAX_OFF &&
      inp[ref + 2] === inp[ip + 2] &&
      inp[ref] === inp[ip] &&
      inp[ref + 1] === inp[ip + 1]
    ) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > LZF_MAX_REF) maxlen = LZF_MAX_REF;
      if (op + 3 + 1 >= outLen && op - (lit ? 0 : 1) + 3 + 1 >= outLen) return 0;
      out[op - lit - 1] = (lit - 1) & 0xff; // stop run
      if (!lit) op--; // undo run if length is zero
      let stopped = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (inp[ref + len] !== inp[ip + len]) {
            stopped = true;
            break;
          }
        }
      }
      if (!stopped) {
        do len++;
        while (len < maxlen && inp[ref + len] === inp[ip + len]);
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      ip -= 2;
      hval = (inp[ip] << 8) | inp[ip + 1];
      hval = ((hval << 8) | inp[ip + 2]) >>> 0;
      slot = lzfIdx(hval);
      gen[slot] = g;
      pos[slot] = ip;
      ip++;
      hval = ((hval << 8) | inp[ip + 2]) >>> 0;
      slot = lzfIdx(hval);
      gen[slot] = g;
      pos[slot] = ip;
      ip++;
    } else {
      if (op >= outLen) return 0;
      lit++;
      out[op++] = inp[ip++];
      if (lit === LZF_MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return 0;
  while (ip < inEnd) {
    lit++;
    out[op++] = inp[ip++];
    if (lit === LZF_MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = (lit - 1) & 0xff; // end run
  if (!lit) op--;
  return op;
}

/** lzf_decompress(): the outLen decompressed bytes, or null when the data are corrupt. */
export function lzfDecompress(inp: Uint8Array, outLen: number): Uint8Array | null {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  const inEnd = inp.length;
  while (ip < inEnd) {
    let ctrl = inp[ip++];
    if (ctrl < 1 << 5) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > inEnd) return null;
      out.set(inp.subarray(ip, ip + ctrl), op);
      op += ctrl;
      ip += ctrl;
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inEnd) return null;
      if (len === 7) {
        len += inp[ip++];
        if (ip >= inEnd) return null;
      }
      ref -= inp[ip++];
      if (op + len + 2 > outLen || ref < 0) return null;
      len += 2;
      for (let k = 0; k < len; k++) out[op++] = out[ref++];
    }
  }
  return op === outLen ? out : null;
}
