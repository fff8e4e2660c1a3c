// The trace: the record of what happened in a run, and its hash. The hash is FNV-1a (64-bit,
// computed on two 32-bit halves) over a canonical text of every trace entry, so the same scenario
// and seed give the same hash in Node and in the browser, inline or in workers.

export interface TraceEntry {
  readonly t: number;
  readonly node: string;
  readonly kind: string;
  readonly detail: string;
}

export class TraceHasher {
  private h1 = 0x811c9dc5;
  private h2 = 0xcbf29ce4;
  count = 0;

  add(e: TraceEntry): void {
    this.addText(`${e.t}|${e.node}|${e.kind}|${e.detail}\n`);
    this.count++;
  }

  addText(s: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ (c + 0x9e), 0x0100019b) >>> 0;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  save(): [number, number, number] {
    return [this.h1, this.h2, this.count];
  }

  load(s: readonly [number, number, number]): void {
    [this.h1, this.h2, this.count] = s;
  }

  digest(): string {
    return this.h1.toString(16).padStart(8, '0') + this.h2.toString(16).padStart(8, '0');
  }
}
