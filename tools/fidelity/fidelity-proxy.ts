// The real side of `cut` and `heal`: a loopback TCP proxy per ordered pair of nodes (a replica's
// link to its master goes through the proxy of that pair). `cut` stops forwarding in both
// directions without closing anything: the proxy stops reading, so bytes wait in its sockets'
// buffers and then in the senders' (no RST, no FIN), as a partition looks to both ends. `heal`
// resumes forwarding, and what waited is delivered. A connection opened during a cut is accepted
// by the kernel (nothing else can be done without an answer the peer would see) but goes through
// only when its SYN would have: the engine's TCP retries a lost SYN after 1, 2, 4, 8, 16 and 32 s,
// so it is forwarded at the first of those instants after the heal, and dropped after the last.

import { createServer, connect, type Server, type Socket } from 'node:net';

/** When a SYN sent at 0 is retried (1, 2, 4, 8, 16, 32 s apart), in ms; after the last, connect fails. */
const SYN_RETRIES_MS = [0, 1000, 3000, 7000, 15_000, 31_000, 63_000];

interface Pipe {
  readonly down: Socket;
  readonly up: Socket;
}

/** One proxy: 127.0.0.1:listenPort -> 127.0.0.1:targetPort. */
export class LinkProxy {
  private readonly server: Server;
  private readonly pipes = new Set<Pipe>();
  private cut = false;
  /** Connections accepted during a cut, with when: opened upstream at a SYN retry after the heal. */
  private waiting: { down: Socket; atMs: number }[] = [];
  private timers = new Set<NodeJS.Timeout>();

  private constructor(readonly from: string, readonly to: string, readonly listenPort: number, readonly targetPort: number) {
    this.server = createServer({ pauseOnConnect: true }, (down) => {
      if (this.cut) this.waiting.push({ down, atMs: Date.now() });
      else this.open(down);
    });
  }

  static async start(from: string, to: string, listenPort: number, targetPort: number): Promise<LinkProxy> {
    const p = new LinkProxy(from, to, listenPort, targetPort);
    await new Promise<void>((resolve, reject) => {
      p.server.once('error', reject);
      p.server.listen({ port: listenPort, host: '127.0.0.1', exclusive: true }, () => resolve());
    });
    return p;
  }

  private open(down: Socket): void {
    const up = connect({ port: this.targetPort, host: '127.0.0.1' });
    const pipe: Pipe = { down, up };
    this.pipes.add(pipe);
    down.setNoDelay(true);
    up.setNoDelay(true);
    down.pipe(up);
    up.pipe(down);
    // One end closing or failing closes the other, as a direct connection would.
    const end = () => {
      this.pipes.delete(pipe);
      down.destroy();
      up.destroy();
    };
    down.once('close', end);
    up.once('close', end);
    down.on('error', end);
    up.on('error', end);
    if (this.cut) this.pausePipe(pipe);
    else down.resume();
  }

  private pausePipe(p: Pipe): void {
    // Stop reading on both sides; pipe() would resume on 'drain', so unpipe first.
    p.down.unpipe(p.up);
    p.up.unpipe(p.down);
    p.down.pause();
    p.up.pause();
  }

  /** Stops forwarding: nothing more is read from either end until heal. */
  setCut(): void {
    if (this.cut) return;
    this.cut = true;
    for (const p of this.pipes) this.pausePipe(p);
  }

  /** Resumes forwarding, first what waited. */
  heal(): void {
    if (!this.cut) return;
    this.cut = false;
    for (const p of this.pipes) {
      p.down.pipe(p.up);
      p.up.pipe(p.down);
      p.down.resume();
      p.up.resume();
    }
    const waiting = this.waiting;
    this.waiting = [];
    const now = Date.now();
    for (const w of waiting) {
      const retry = SYN_RETRIES_MS.find((d) => w.atMs + d >= now);
      if (retry === undefined) {
        w.down.destroy();
        continue;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (w.down.destroyed) return;
        if (this.cut) this.waiting.push(w);
        else this.open(w.down);
      }, w.atMs + retry - now);
      this.timers.add(timer);
    }
  }

  /** Closes the listener and every connection through it. */
  async close(): Promise<void> {
    for (const p of this.pipes) {
      p.down.destroy();
      p.up.destroy();
    }
    this.pipes.clear();
    for (const w of this.waiting) w.down.destroy();
    this.waiting = [];
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The proxies of one run, one per ordered pair (the node that connects, the node it reaches). */
export class LinkProxies {
  private readonly byPair = new Map<string, LinkProxy>();
  /** Pairs cut and not healed ("a->b" both ways), so a proxy started later starts cut. */
  private readonly cutPairs = new Set<string>();

  constructor(private readonly allocate: () => Promise<number>) {}

  private static key(from: string, to: string): string {
    return `${from}->${to}`;
  }

  /** The port `from` should connect to in order to reach `to` (a proxy, started on first use). */
  async portFor(from: string, to: string, targetPort: number): Promise<number> {
    const k = LinkProxies.key(from, to);
    const have = this.byPair.get(k);
    if (have) return have.listenPort;
    const p = await LinkProxy.start(from, to, await this.allocate(), targetPort);
    this.byPair.set(k, p);
    if (this.cutPairs.has(k)) p.setCut();
    return p.listenPort;
  }

  /** Every proxy port, with the node it leads to (to name it in addresses and INFO). */
  aliases(): Map<number, string> {
    return new Map([...this.byPair.values()].map((p) => [p.listenPort, p.to]));
  }

  private between(a: string, b: string): LinkProxy[] {
    return [this.byPair.get(LinkProxies.key(a, b)), this.byPair.get(LinkProxies.key(b, a))].filter((p): p is LinkProxy => p !== undefined);
  }

  /** cut a b: both directions; returns how many proxies it stopped. */
  cut(a: string, b: string): number {
    this.cutPairs.add(LinkProxies.key(a, b));
    this.cutPairs.add(LinkProxies.key(b, a));
    const ps = this.between(a, b);
    for (const p of ps) p.setCut();
    return ps.length;
  }

  heal(a: string, b: string): number {
    this.cutPairs.delete(LinkProxies.key(a, b));
    this.cutPairs.delete(LinkProxies.key(b, a));
    const ps = this.between(a, b);
    for (const p of ps) p.heal();
    return ps.length;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.byPair.values()].map((p) => p.close()));
    this.byPair.clear();
  }
}
