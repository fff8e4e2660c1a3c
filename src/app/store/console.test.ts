// The consoles on a paused run: a command plays the run until its reply, then pauses; a WAIT
// waits with its timeout; Ctrl+C frees the blocked client and the next line is a new redis-cli's.
import { afterEach, describe, expect, it } from 'vitest';
import type { FrameCallback, FrameScheduler } from '../player.ts';
import { createAppStore, type AppStore } from '../store.ts';
import { blockOf } from './console.ts';

class HandFrames implements FrameScheduler {
  private cbs = new Map<number, FrameCallback>();
  private next = 1;
  request(cb: FrameCallback): number {
    const id = this.next++;
    this.cbs.set(id, cb);
    return id;
  }
  cancel(id: number): void {
    this.cbs.delete(id);
  }
  get pending(): number {
    return this.cbs.size;
  }
  async fire(nowMs: number): Promise<void> {
    const due = [...this.cbs.values()];
    this.cbs.clear();
    for (const cb of due) await cb(nowMs);
  }
}

const SYNCED = `seed 3
node m r1 --enable-debug-command local
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online within 10s
`;

const stores: AppStore[] = [];
afterEach(() => { for (const s of stores.splice(0)) s.getState().dispose(); });

async function atEnd(text = SYNCED) {
  const frames = new HandFrames();
  const store = createAppStore({ host: 'inline', frames });
  stores.push(store);
  expect(await store.getState().load({ text, name: 't' })).toBe(true);
  await store.getState().runToEnd();
  return { store, frames };
}

/** Fires frames 100 ms of wall time apart while the run plays (at most n). */
async function playOut(store: AppStore, frames: HandFrames, n = 400) {
  let t = 0;
  for (let i = 0; i < n && frames.pending > 0; i++) await frames.fire((t += 100));
  return store.getState();
}

const lastAt = (store: AppStore, node: string) => store.getState().transcript.filter((x) => x.node === node).at(-1);

describe('a console on a paused run', () => {
  it('answers a command at once when the reply needs no time: nothing plays, nothing waits', async () => {
    const { store } = await atEnd();
    await store.getState().consoleCommand('m', ['SET', 'k', 'v']);
    expect(store.getState().playing).toBe(false);
    expect(store.getState().consoleWaits).toEqual({});
    expect(lastAt(store, 'm')?.output).toBe('OK');
  });

  it('plays until WAIT is answered by the replica, then pauses again, past the end of the script', async () => {
    const { store, frames } = await atEnd();
    const end = store.getState().scriptEndMs;
    await store.getState().consoleCommand('m', ['SET', 'k', 'v']);
    await store.getState().consoleCommand('m', ['WAIT', '1', '2000']);
    expect(store.getState().consoleWaits.m).toMatchObject({ blocked: { command: 'WAIT', untilMs: end + 2000 }, played: true });
    expect(store.getState().playing).toBe(true);
    const s = await playOut(store, frames);
    expect(s.playing).toBe(false);
    expect(s.consoleWaits).toEqual({});
    expect(lastAt(store, 'm')?.output).toBe('(integer) 1');
    expect(s.cursorMs).toBeGreaterThan(end);
    await store.getState().consoleCommand('r1', ['GET', 'k']);
    expect(lastAt(store, 'r1')?.output).toBe('"v"');
  });

  it('waits out a WAIT that cannot be satisfied: the timeout answers with the replicas that acknowledged', async () => {
    const { store, frames } = await atEnd();
    await store.getState().consoleCommand('m', ['WAIT', '5', '3000']);
    const sent = store.getState().consoleWaits.m.sentMs;
    const s = await playOut(store, frames, 5000);
    expect(s.playing).toBe(false);
    expect(lastAt(store, 'm')?.output).toBe('(integer) 1');
    // Redis's clock for timeouts is whole milliseconds (mstime()).
    expect(s.cursorMs).toBeGreaterThanOrEqual(Math.floor(sent) + 3000);
    // redis-cli times the command from sending it to reading the reply: "(3.00s)".
    const took = lastAt(store, 'm')!.replyAtMs! - sent;
    expect(took).toBeGreaterThan(2999);
    expect(took).toBeLessThan(3005);
  });

  it('Ctrl+C on a WAIT that blocks for ever: the server frees the client, the run pauses, the console takes lines again', async () => {
    const { store, frames } = await atEnd();
    await store.getState().consoleCommand('m', ['WAIT', '5', '0']);
    expect(store.getState().consoleWaits.m.blocked).toEqual({ command: 'WAIT', untilMs: null });
    await frames.fire(100);
    await frames.fire(200);
    await store.getState().consoleInterrupt('m');
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.consoleWaits).toEqual({});
    expect(lastAt(store, 'm')).toMatchObject({ text: 'WAIT 5 0', output: null, ended: 'cancelled' });
    await store.getState().consoleCommand('m', ['INFO', 'clients']);
    expect(lastAt(store, 'm')?.output).toContain('blocked_clients:0');
    expect(store.getState().exportScenario()).toContain('ctrl-c m');
  });
});

describe('DEBUG SLEEP on a paused run', () => {
  it('waits while the server sleeps and pauses once its OK is sent, a second later in simulated time', async () => {
    const { store, frames } = await atEnd();
    await store.getState().consoleCommand('m', ['DEBUG', 'SLEEP', '1']);
    const w = store.getState().consoleWaits.m;
    expect(w.blocked).toEqual({ command: 'DEBUG SLEEP', untilMs: w.sentMs + 1000 });
    expect(store.getState().playing).toBe(true);
    const s = await playOut(store, frames, 3000);
    expect(s.playing).toBe(false);
    expect(s.consoleWaits).toEqual({});
    expect(s.cursorMs).toBeGreaterThanOrEqual(Math.floor(w.sentMs) + 1000);
    expect(lastAt(store, 'm')?.output).toBe('OK');
  });

  it('Ctrl+C while the server sleeps: its OK is never shown, and the server still answers nothing until it wakes', async () => {
    const { store, frames } = await atEnd();
    await store.getState().consoleCommand('m', ['DEBUG', 'SLEEP', '2']);
    const sent = store.getState().consoleWaits.m.sentMs;
    await frames.fire(100);
    await frames.fire(200);
    expect(store.getState().cursorMs).toBeLessThan(sent + 2000);
    await store.getState().consoleInterrupt('m');
    expect(lastAt(store, 'm')).toMatchObject({ text: 'DEBUG SLEEP 2', output: null, ended: 'cancelled' });
    // A new redis-cli: its PING waits for the sleep to end; the sleeping command's OK never shows.
    await store.getState().consoleCommand('m', ['PING']);
    const s = await playOut(store, frames, 3000);
    expect(s.playing).toBe(false);
    expect(s.cursorMs).toBeGreaterThanOrEqual(Math.floor(sent) + 2000);
    const items = s.transcript.filter((x) => x.node === 'm').slice(-2);
    expect(items).toMatchObject([{ text: 'DEBUG SLEEP 2', output: null, ended: 'cancelled' }, { text: 'PING', output: 'PONG' }]);
  });
});

describe('DEBUG on a node started without enable-debug-command', () => {
  it('is refused at once with Redis 7.0 words: nothing waits', async () => {
    const { store, frames } = await atEnd(SYNCED.replace(' --enable-debug-command local', ''));
    await store.getState().consoleCommand('m', ['DEBUG', 'SLEEP', '1']);
    const s = await playOut(store, frames, 20);
    expect(s.playing).toBe(false);
    expect(s.consoleWaits).toEqual({});
    expect(lastAt(store, 'm')?.output).toMatch(/^\(error\) ERR DEBUG command not allowed\. If the enable-debug-command option is set to "local"/);
  });
});

describe('blockOf', () => {
  it('reads WAIT and DEBUG SLEEP timeouts from the command as typed', () => {
    expect(blockOf(['wait', '1', '2000'], 10)).toEqual({ command: 'WAIT', untilMs: 2010 });
    expect(blockOf(['WAIT', '1', '0'], 10)).toEqual({ command: 'WAIT', untilMs: null });
    expect(blockOf(['DEBUG', 'sleep', '1.5'], 10)).toEqual({ command: 'DEBUG SLEEP', untilMs: 1510 });
    expect(blockOf(['GET', 'k'], 10)).toBeNull();
    expect(blockOf(['WAIT', '1', '-1'], 10)).toBeNull();
  });
});
