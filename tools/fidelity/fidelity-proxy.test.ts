// The link proxy of the real fidelity runs: cut holds the bytes (no close on either side), heal
// delivers them in order; a connection opened during a cut reaches the target only at the heal.

import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkProxies } from './fidelity-proxy.ts';

let servers: Server[] = [];
let proxies: LinkProxies | null = null;
afterEach(async () => {
  await proxies?.closeAll();
  for (const s of servers) s.close();
  servers = [];
});

/** An echo-less target that records what it receives and whether its peer closed. */
async function target(): Promise<{ port: number; got: () => string; closed: () => boolean; accepted: () => number }> {
  let got = '';
  let closed = false;
  let accepted = 0;
  const srv = createServer((s) => {
    accepted++;
    s.on('data', (d) => (got += d.toString()));
    s.on('end', () => (closed = true));
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return { port: (srv.address() as AddressInfo).port, got: () => got, closed: () => closed, accepted: () => accepted };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Waits until cond holds (checked every 5 ms), at most 3 s. */
async function until(cond: () => boolean): Promise<void> {
  const end = Date.now() + 3000;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('link proxies', () => {
  it('holds bytes while cut, without closing, and delivers them in order at the heal', async () => {
    const t = await target();
    proxies = new LinkProxies(freePort);
    const port = await proxies.portFor('r1', 'm', t.port);
    const c = await open(port);
    c.write('one ');
    await until(() => t.got() === 'one ');
    expect(t.got()).toBe('one ');
    expect(proxies.cut('m', 'r1')).toBe(1);
    c.write('two ');
    c.write('three');
    await new Promise((r) => setTimeout(r, 100));
    expect(t.got()).toBe('one ');
    expect(t.closed()).toBe(false);
    expect(c.destroyed).toBe(false);
    proxies.heal('r1', 'm');
    await until(() => t.got() === 'one two three');
    expect(t.got()).toBe('one two three');
    c.destroy();
  });

  it('forwards a connection made during a cut at its first SYN retry after the heal, and names its port after the target', async () => {
    const t = await target();
    proxies = new LinkProxies(freePort);
    proxies.cut('r1', 'm');
    const port = await proxies.portFor('r1', 'm', t.port);
    expect(proxies.aliases().get(port)).toBe('m');
    const c = await open(port);
    c.write('hello');
    await new Promise((r) => setTimeout(r, 100));
    expect(t.accepted()).toBe(0);
    proxies.heal('m', 'r1');
    const healedAt = Date.now();
    await until(() => t.got() === 'hello');
    expect(t.got()).toBe('hello');
    // Its SYN, lost during the cut, is retried 1 s after it was first sent.
    expect(Date.now() - healedAt).toBeGreaterThan(700);
    c.destroy();
  });
});
