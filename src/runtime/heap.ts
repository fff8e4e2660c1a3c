// A binary min-heap ordered by (timeMs, seq): the scheduler's event queue. Ties in time are
// broken by insertion order, so the run is a pure function of its inputs.

export interface Timed {
  timeMs: number;
  seq: number;
}

export class EventHeap<T extends Timed> {
  private items: T[] = [];
  /**
   * Each item's time and seq, kept beside it: the comparisons read plain numbers instead of the
   * fields of events of many shapes (a field read on many shapes boxes a fractional time anew).
   */
  private times: number[] = [];
  private seqs: number[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(x: T): void {
    const a = this.items;
    const ts = this.times;
    const ss = this.seqs;
    const t = x.timeMs;
    const s = x.seq;
    let i = a.length;
    a.push(x);
    ts.push(t);
    ss.push(s);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = ts[p];
      if (!(t < pt || (t === pt && s < ss[p]))) break;
      a[i] = a[p];
      ts[i] = pt;
      ss[i] = ss[p];
      i = p;
    }
    a[i] = x;
    ts[i] = t;
    ss[i] = s;
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const ts = this.times;
    const ss = this.seqs;
    const top = a[0];
    const last = a.pop()!;
    const lt = ts.pop()!;
    const ls = ss.pop()!;
    const n = a.length;
    if (n > 0) {
      // The last item sinks from the root: the same swaps as moving it down one level at a time.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let mt = lt;
        let ms = ls;
        if (l < n && (ts[l] < mt || (ts[l] === mt && ss[l] < ms))) {
          m = l;
          mt = ts[l];
          ms = ss[l];
        }
        if (r < n && (ts[r] < mt || (ts[r] === mt && ss[r] < ms))) {
          m = r;
          mt = ts[r];
          ms = ss[r];
        }
        if (m === i) break;
        a[i] = a[m];
        ts[i] = mt;
        ss[i] = ms;
        i = m;
      }
      a[i] = last;
      ts[i] = lt;
      ss[i] = ls;
    }
    return top;
  }

  toArray(): T[] {
    return [...this.items];
  }

  clear(): void {
    this.items = [];
    this.times = [];
    this.seqs = [];
  }
}
