// A long list of plain records (the trace) kept compactly. The newest records stay as objects; every
// CHUNK records are packed into bytes: each record as the id of its shape (its keys and the kinds
// of its values) followed by its values: integers as varints, repeated strings as ids into a table,
// other numbers as 8 bytes (or nothing when equal to the previous one: a run's entries mostly share
// their moment). A one-hour session's millions of entries take tens of MiB instead of a GiB.
// Records read back are equal to the ones pushed (new objects for packed ones).

/** What readers of a list need: an array works, and so does a CompactLog. */
export interface ListView<T> extends Iterable<T> {
  readonly length: number;
  at(i: number): T | undefined;
  slice(start?: number, end?: number): T[];
  filter(pred: (x: T, i: number) => boolean): T[];
  some(pred: (x: T, i: number) => boolean): boolean;
  find(pred: (x: T, i: number) => boolean): T | undefined;
}

const CHUNK = 4096;
/** New strings in a row after which a field's strings are written inline (they do not repeat across chunks). */
const FRESH_LIMIT = 256;
/** Strings beyond this many distinct ones are written inline rather than interned. */
const MAX_STRINGS = 1 << 16;

type Shape =
  | { k: 'obj'; keys: string[]; vals: Shape[] }
  | { k: 'arr'; items: Shape[] }
  | { k: 'i' | 'f' | 'g' | 's' | 'S' | 'c' | 't' | 'F' | 'n' | 'u' };

/** What a chunk's decoding carries from record to record. */
interface ReadState {
  last: number;
  /** The strings written inline so far in this chunk, in order (later ones refer to them by index). */
  local: string[];
}

class Writer {
  buf: Uint8Array;
  len = 0;
  private f64 = new Float64Array(1);
  private f64b = new Uint8Array(this.f64.buffer);

  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }

  /** Writes v as uint() would at `at`, where one byte was kept for it (what follows moves along when it needs more). */
  putUintAt(at: number, v: number): void {
    if (v < 0x80) {
      this.buf[at] = v;
      return;
    }
    let n = 1;
    for (let x = v; x >= 0x80; x = Math.floor(x / 0x80)) n++;
    this.room(n - 1);
    this.buf.copyWithin(at + n, at + 1, this.len);
    this.len += n - 1;
    for (let i = 0; i < n - 1; i++) {
      this.buf[at + i] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[at + n - 1] = v;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const nb = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
  }

  /** A non-negative integer up to 2^53. */
  uint(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  int(v: number): void {
    this.uint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  float(v: number): void {
    this.room(8);
    this.f64[0] = v;
    this.buf.set(this.f64b, this.len);
    this.len += 8;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

class Reader {
  pos = 0;
  private f64 = new Float64Array(1);
  private f64b = new Uint8Array(this.f64.buffer);
  constructor(private readonly buf: Uint8Array) {}

  uint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  float(): number {
    this.f64b.set(this.buf.subarray(this.pos, this.pos + 8));
    this.pos += 8;
    return this.f64[0];
  }
}

/** Thrown while packing a record that is not plain data (a typed array, a Map...). */
const LOOSE: unique symbol = Symbol('loose');

function isPlain(v: object): boolean {
  const p: unknown = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function isSmallInt(v: number): boolean {
  return Number.isSafeInteger(v) && !Object.is(v, -0);
}

/** Property names as a shape key writes them (JSON, then ':'), made once per name. */
const KEY_PARTS = new Map<string, string>();

function keyPart(k: string): string {
  let p = KEY_PARTS.get(k);
  if (p === undefined) {
    p = JSON.stringify(k) + ':';
    if (KEY_PARTS.size < 4096) KEY_PARTS.set(k, p);
  }
  return p;
}

/**
 * A node of the tree of shape keys met so far: one step per token of the key (a value's kind, a
 * bracket, a property name), so the key of a record is found by walking from the root, without
 * building its text. Property names have their own branches (a name may look like a token).
 */
interface KeyNode {
  /** The key up to here (made once, when the node is created). */
  readonly key: string;
  /** The shape id of a record whose key ends here; -1 until one does. */
  id: number;
  readonly tokens: Map<string, KeyNode>;
  readonly names: Map<string, KeyNode>;
  /** The step taken last from here and where it led (records of one shape take the same steps). */
  lastTok: string;
  lastTokNode: KeyNode | null;
  lastName: string;
  lastNameNode: KeyNode | null;
  /** The interned string met here last, and its id (a string field's value there). */
  lastStr: string | null;
  lastStrId: number;
  /** Strings new to the table met here in a row (past FRESH_LIMIT, strings here are written inline). */
  fresh: number;
}

function keyNode(key: string): KeyNode {
  return { key, id: -1, tokens: new Map(), names: new Map(), lastTok: '', lastTokNode: null, lastName: '', lastNameNode: null, lastStr: null, lastStrId: -1, fresh: 0 };
}

/** The shapes, strings and packing rules one log uses (shared by its chunks). */
class Codec {
  private shapeIds = new Map<string, number>();
  private shapes: Shape[] = [];
  private strIds = new Map<string, number>();
  private strs: string[] = [];
  private lastFloat = NaN;
  private readonly root = keyNode('');
  /** Where the walk of the record being written has reached in the tree of keys. */
  private at: KeyNode = this.root;
  /** Where the record being written goes: its values are written as the walk meets them. */
  private w: Writer = new Writer(0);
  /** Strings written inline in the chunk being packed, by index; those of the record being written. */
  private localIds = new Map<string, number>();
  /** The inline strings the record being written added to localIds (taken back if it is not packed). */
  private readonly newLocal: string[] = [];

  /** The key goes on with a token. */
  private tok(t: string): void {
    const at = this.at;
    if (at.lastTok === t && at.lastTokNode !== null) {
      this.at = at.lastTokNode;
      return;
    }
    let n = at.tokens.get(t);
    if (n === undefined) at.tokens.set(t, (n = keyNode(at.key + t)));
    at.lastTok = t;
    at.lastTokNode = n;
    this.at = n;
  }

  /** The key goes on with a property name. */
  private name(k: string): void {
    const at = this.at;
    if (at.lastName === k && at.lastNameNode !== null) {
      this.at = at.lastNameNode;
      return;
    }
    let n = at.names.get(k);
    if (n === undefined) at.names.set(k, (n = keyNode(at.key + keyPart(k))));
    at.lastName = k;
    at.lastNameNode = n;
    this.at = n;
  }

  /** The shape key of a value (a walk in the tree of keys), its values collected in order. */
  private walk(v: unknown): void {
    switch (typeof v) {
      case 'number':
        if (isSmallInt(v)) { this.tok('i'); this.w.int(v); return; }
        if (Object.is(v, this.lastFloat)) { this.tok('g'); return; }
        this.lastFloat = v;
        this.tok('f');
        this.w.float(v);
        return;
      case 'string': {
        // A field mostly holds the string it held in the last record of this shape (a node's
        // name, a kind, a connection): that one's id is remembered where the walk is.
        const at = this.at;
        if (at.lastStr === v) {
          this.tok('s');
          this.w.uint(at.lastStrId);
          return;
        }
        // A field whose strings are new each time (a written value) stops filling the table.
        let id = at.fresh > FRESH_LIMIT ? undefined : this.strIds.get(v);
        if (id !== undefined) at.fresh = 0;
        else if (at.fresh <= FRESH_LIMIT && this.strs.length < MAX_STRINGS) {
          id = this.strs.length;
          this.strs.push(v);
          this.strIds.set(v, id);
          at.fresh++;
        }
        if (id !== undefined) {
          at.lastStr = v;
          at.lastStrId = id;
          this.tok('s');
          this.w.uint(id);
          return;
        }
        // The table is full: a string met earlier in this chunk is written as its index there.
        const local = this.localIds.get(v);
        if (local !== undefined) { this.tok('c'); this.w.uint(local); return; }
        this.localIds.set(v, this.localIds.size);
        this.newLocal.push(v);
        this.tok('S');
        this.w.uint(v.length);
        for (let i = 0; i < v.length; i++) this.w.uint(v.charCodeAt(i));
        return;
      }
      case 'boolean': this.tok(v ? 't' : 'F'); return;
      case 'undefined': this.tok('u'); return;
      case 'object':
        if (v === null) { this.tok('n'); return; }
        if (Array.isArray(v)) {
          this.tok('[');
          for (let i = 0; i < v.length; i++) {
            if (i) this.tok(',');
            this.walk(v[i]);
          }
          this.tok(']');
          return;
        }
        if (!isPlain(v)) throw LOOSE;
        this.tok('{');
        for (const k in v) {
          this.name(k);
          this.walk((v as Record<string, unknown>)[k]);
          this.tok(',');
        }
        this.tok('}');
        return;
      default:
        throw LOOSE;
    }
  }

  /**
   * Packs x; false when it holds something other than plain data (it is then kept as it is). The
   * values are written as the walk meets them, after a byte kept for the shape's id (known at the
   * walk's end; the rare id past one byte moves them along).
   */
  write(w: Writer, x: unknown): boolean {
    this.at = this.root;
    this.w = w;
    // Setting an array's length gives up its store, even to 0 from 0: most records add no inline string.
    if (this.newLocal.length > 0) this.newLocal.length = 0;
    const chain = this.lastFloat;
    const start = w.len;
    w.uint(0);
    try {
      this.walk(x);
    } catch (e) {
      this.lastFloat = chain;
      w.len = start;
      for (const str of this.newLocal) this.localIds.delete(str);
      if (e === LOOSE) return false;
      throw e;
    }
    const end = this.at;
    let id = end.id;
    if (id < 0) {
      const key = end.key;
      let known = this.shapeIds.get(key);
      if (known === undefined) {
        known = this.shapes.length;
        this.shapeIds.set(key, known);
        this.shapes.push(parseShape(key));
      }
      id = end.id = known;
    }
    w.putUintAt(start, id + 1);
    return true;
  }

  /** Restarts the "same number as before" chain (each chunk decodes on its own). */
  resetChain(): void {
    this.lastFloat = NaN;
    this.localIds.clear();
  }

  /** The next record, or LOOSE where a record was kept as it is. */
  read(r: Reader, st: ReadState): unknown {
    const id = r.uint();
    return id === 0 ? LOOSE : this.readShape(r, this.shapes[id - 1], st);
  }

  private readShape(r: Reader, s: Shape, st: ReadState): unknown {
    switch (s.k) {
      case 'obj': {
        const o: Record<string, unknown> = {};
        for (let i = 0; i < s.keys.length; i++) o[s.keys[i]] = this.readShape(r, s.vals[i], st);
        return o;
      }
      case 'arr': return s.items.map((x) => this.readShape(r, x, st));
      case 'i': return r.int();
      case 'f': return (st.last = r.float());
      case 'g': return st.last;
      case 's': return this.strs[r.uint()];
      case 'S': {
        const n = r.uint();
        let str = '';
        for (let i = 0; i < n; i++) str += String.fromCharCode(r.uint());
        st.local.push(str);
        return str;
      }
      case 'c': return st.local[r.uint()];
      case 't': return true;
      case 'F': return false;
      case 'n': return null;
      case 'u': return undefined;
    }
  }
}

/** Parses a shape key (as Codec.walk writes it). */
function parseShape(key: string): Shape {
  let p = 0;
  const one = (): Shape => {
    const c = key[p++];
    if (c === '[') {
      const items: Shape[] = [];
      if (key[p] === ']') { p++; return { k: 'arr', items }; }
      for (;;) {
        items.push(one());
        const d = key[p++];
        if (d === ']') return { k: 'arr', items };
      }
    }
    if (c === '{') {
      const keys: string[] = [];
      const vals: Shape[] = [];
      while (key[p] !== '}') {
        // A JSON string: find its closing quote (escapes skipped).
        const start = p;
        p++;
        while (key[p] !== '"') p += key[p] === '\\' ? 2 : 1;
        p++;
        keys.push(JSON.parse(key.slice(start, p)) as string);
        p++; // ':'
        vals.push(one());
        p++; // ','
      }
      p++;
      return { k: 'obj', keys, vals };
    }
    return { k: c as 'i' };
  };
  return one();
}

interface Packed {
  bytes: Uint8Array;
  count: number;
  /** Records kept as they are (not plain data), in order. */
  loose: unknown[];
}

export interface CompactLogOptions<T> {
  /**
   * Records readers look for across the whole history (rare ones): also kept as objects, so a scan
   * for them (notableOf) does not unpack everything.
   */
  readonly notable?: (x: T) => boolean;
}

export class CompactLog<T> implements ListView<T> {
  private codec = new Codec();
  private readonly isNotable: ((x: T) => boolean) | null;
  private notableItems: T[] = [];
  private notableAt: number[] = [];

  constructor(o: CompactLogOptions<T> = {}) {
    this.isNotable = o.notable ?? null;
  }

  /** The notable records, in order (every record when the log has no such rule). */
  get notable(): Iterable<T> {
    return this.isNotable ? this.notableItems : this;
  }

  private chunks: Packed[] = [];
  private packedCount = 0;
  /** The newest records, as objects. */
  private tail: T[] = [];
  /** The last chunk read back (reads are mostly in order). */
  private cache: { chunk: number; items: T[] } | null = null;

  get length(): number {
    return this.packedCount + this.tail.length;
  }

  /**
   * Keeps the first n records (n <= length). Cutting inside a packed chunk leaves it packed (its
   * first records stay in use), so a seek back does not unpack anything.
   */
  set length(n: number) {
    if (n >= this.length) return;
    let k = this.notableAt.length;
    while (k > 0 && this.notableAt[k - 1] >= n) k--;
    this.notableAt.length = k;
    this.notableItems.length = k;
    if (n >= this.packedCount) {
      this.tail.length = n - this.packedCount;
      return;
    }
    const c = Math.floor(n / CHUNK);
    this.chunks.length = n % CHUNK === 0 ? c : c + 1;
    this.packedCount = n;
    this.tail = [];
    if (this.cache && this.cache.chunk >= this.chunks.length) this.cache = null;
  }

  /** Records of the last chunk in use when a cut left it partly used (0: every chunk is whole). */
  private get partial(): number {
    return this.packedCount % CHUNK;
  }

  push(...xs: T[]): number {
    for (const x of xs) this.add(x);
    return this.length;
  }

  /** push() of one record (no argument list made per record). */
  add(x: T): void {
    if (this.isNotable !== null && this.isNotable(x)) {
      this.notableAt.push(this.length);
      this.notableItems.push(x);
    }
    this.tail.push(x);
    if (this.partial + this.tail.length === CHUNK) this.pack();
  }

  private pack(): void {
    const used = this.partial;
    if (used > 0) {
      // The partly used chunk, refilled: packed again as one chunk.
      const c = this.chunks.length - 1;
      const items = this.unpack(c).slice(0, used);
      this.chunks.length = c;
      this.packedCount -= used;
      this.cache = null;
      for (const x of this.tail) items.push(x);
      this.tail = items;
    }
    const w = new Writer();
    this.codec.resetChain();
    const loose: unknown[] = [];
    for (const x of this.tail) {
      if (this.codec.write(w, x)) continue;
      w.uint(0);
      loose.push(x);
    }
    this.chunks.push({ bytes: w.done(), count: this.tail.length, loose });
    // The records just packed stay readable as the same objects until another chunk is read.
    this.cache = { chunk: this.chunks.length - 1, items: this.tail };
    this.packedCount += this.tail.length;
    this.tail = [];
  }

  private unpack(c: number): T[] {
    if (this.cache?.chunk === c) return this.cache.items;
    const ch = this.chunks[c];
    const r = new Reader(ch.bytes);
    const st: ReadState = { last: NaN, local: [] };
    const items: T[] = new Array<T>(ch.count);
    let l = 0;
    for (let i = 0; i < ch.count; i++) {
      const x = this.codec.read(r, st);
      items[i] = (x === LOOSE ? ch.loose[l++] : x) as T;
    }
    this.cache = { chunk: c, items };
    return items;
  }

  at(i: number): T | undefined {
    if (i < 0) i += this.length;
    if (i < 0 || i >= this.length) return undefined;
    if (i >= this.packedCount) return this.tail[i - this.packedCount];
    return this.unpack(Math.floor(i / CHUNK))[i % CHUNK];
  }

  slice(start = 0, end = this.length): T[] {
    const n = this.length;
    const a = Math.max(0, start < 0 ? n + start : Math.min(start, n));
    const b = Math.max(a, end < 0 ? n + end : Math.min(end, n));
    const out: T[] = [];
    let i = a;
    while (i < b && i < this.packedCount) {
      const c = Math.floor(i / CHUNK);
      const items = this.unpack(c);
      const upTo = Math.min(b, (c + 1) * CHUNK, this.packedCount);
      for (; i < upTo; i++) out.push(items[i - c * CHUNK]);
    }
    for (; i < b; i++) out.push(this.tail[i - this.packedCount]);
    return out;
  }

  *[Symbol.iterator](): Iterator<T> {
    const whole = Math.floor(this.packedCount / CHUNK);
    for (let c = 0; c < whole; c++) yield* this.unpack(c);
    if (this.partial > 0) yield* this.unpack(whole).slice(0, this.partial);
    yield* this.tail.slice();
  }

  filter(pred: (x: T, i: number) => boolean): T[] {
    const out: T[] = [];
    let i = 0;
    for (const x of this) if (pred(x, i++)) out.push(x);
    return out;
  }

  some(pred: (x: T, i: number) => boolean): boolean {
    return this.find(pred) !== undefined;
  }

  find(pred: (x: T, i: number) => boolean): T | undefined {
    let i = 0;
    for (const x of this) if (pred(x, i++)) return x;
    return undefined;
  }

  /** Bytes the packed records take (for measuring). */
  packedBytes(): number {
    return this.chunks.reduce((s, c) => s + c.bytes.length, 0);
  }
}

/** The records of a list a whole-history scan looks for: a CompactLog's notable ones, or all. */
export function notableOf<T>(list: ListView<T>): Iterable<T> {
  return list instanceof CompactLog ? (list as CompactLog<T>).notable : list;
}
