// The app store: loading, playback by frames, stepping, seeking, forks, export, bad input, faults.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cliHash } from '../runtime/cli-hash.ts';
import type { FrameCallback, FrameScheduler } from './player.ts';
import { EXAMPLE_NAMES } from './examples.ts';
import { createAppStore, isDone, PANEL_REFRESH_MS, type AppStore } from './store.ts';
import { readBootParams } from './url.ts';

/** Frames driven by hand: fire(now) runs the frame callback requested last and awaits it. */
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

const DIR = join(import.meta.dirname, '../../scenarios');

const BASIC = `seed 9
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
r1> REPLICAOF m 6379
until r1 online within 10s
m> SET a 1
sleep 2s
m> INCR n
sleep 3s
m> GET a
`;

const stores: AppStore[] = [];
function make(frames = new HandFrames()): { store: AppStore; frames: HandFrames } {
  const store = createAppStore({ host: 'inline', frames });
  // These tests play at a steady rate (wall time × speed); follow mode has its own tests.
  store.getState().setPlayMode('steady');
  stores.push(store);
  return { store, frames };
}
afterEach(() => { for (const s of stores.splice(0)) s.getState().dispose(); });

async function loaded(text = BASIC, frames?: HandFrames) {
  const m = make(frames);
  expect(await m.store.getState().load({ text, name: 'basic' })).toBe(true);
  return m;
}

describe('app store', () => {
  it('loads an example at moment 0 with its nodes booted', async () => {
    const { store } = make();
    expect(await store.getState().load({ example: 'first-sync' })).toBe(true);
    const s = store.getState();
    expect(s.scenario).toMatchObject({ name: 'first-sync', example: 'first-sync' });
    expect(s.loadError).toBeNull();
    expect(s.cursorMs).toBe(0);
    expect(s.views.map((v) => v.name).sort()).toEqual(['m', 'r1']);
    expect(s.scriptEndMs).toBeGreaterThanOrEqual(7000);
    expect(s.log.some((l) => l.kind === 'log' && l.text.includes('Ready to accept connections'))).toBe(true);
    expect(isDone(s)).toBe(false);
  });

  it('plays by wall time × speed on each frame and stops scheduling frames when paused', async () => {
    const { store, frames } = await loaded();
    store.getState().setSpeed(10);
    store.getState().play();
    expect(store.getState().playing).toBe(true);
    expect(frames.pending).toBe(1);
    await frames.fire(1000); // the first frame starts the clock
    expect(store.getState().cursorMs).toBe(0);
    await frames.fire(1016);
    expect(store.getState().cursorMs).toBeCloseTo(160, 6);
    await frames.fire(1050);
    expect(store.getState().cursorMs).toBeCloseTo(500, 6);
    store.getState().pause();
    expect(store.getState().playing).toBe(false);
    expect(frames.pending).toBe(0);
    await frames.fire(2000);
    expect(store.getState().cursorMs).toBeCloseTo(500, 6);
    // Play again: time flows from the new first frame, not from the pause.
    store.getState().togglePlay();
    await frames.fire(5000);
    await frames.fire(5010);
    expect(store.getState().cursorMs).toBeCloseTo(600, 6);
    store.getState().togglePlay();
    expect(store.getState().playing).toBe(false);
  });

  it('asks for the next frame only after the previous frame has finished', async () => {
    const { store, frames } = await loaded();
    store.getState().play();
    await frames.fire(0);
    const cb = frames.pending;
    expect(cb).toBe(1);
    // Fire without awaiting: while the frame runs, no other frame is requested.
    const running = frames.fire(16);
    expect(frames.pending).toBe(0);
    await running;
    expect(frames.pending).toBe(1);
  });

  it('refreshes the panels every PANEL_REFRESH_MS of wall time while playing, and at once when paused', async () => {
    const { store, frames } = await loaded();
    store.getState().play();
    await frames.fire(1000);
    const v0 = store.getState().panelVersion;
    // Frames 16 ms apart: the animated parts follow each one, the panels wait for 200 ms of wall time.
    // The two panel groups take turns every 100 ms: the node views at 112 and 336 ms, the text
    // (event log, transcript) at 224 and 448 ms.
    let now = 1000;
    const stateAt: number[] = [];
    const textAt: number[] = [];
    let before = store.getState();
    for (let i = 0; i < 30; i++) {
      now += 16;
      await frames.fire(now);
      const s = store.getState();
      expect(s.cursorMs).toBeCloseTo(now - 1000, 6);
      if (s.panelVersion !== before.panelVersion) stateAt.push(now - 1000);
      if (s.log !== before.log) textAt.push(now - 1000);
      expect(s.panelVersion !== before.panelVersion && s.log !== before.log).toBe(false);
      before = s;
    }
    expect(store.getState().panelVersion - v0).toBe(2);
    expect(stateAt).toEqual([112, 336]);
    expect(textAt.length).toBeGreaterThan(0);
    expect(textAt.every((ms) => ms === 224 || ms === 448)).toBe(true);
    expect(store.getState().panelMs).toBeCloseTo(336, 6);
    store.getState().pause();
    await vi.waitFor(() => expect(store.getState().panelMs).toBe(store.getState().cursorMs));
    expect(PANEL_REFRESH_MS).toBe(200);
    // Paused, every panel group is up to date: the log is what a seek to the same moment shows.
    await vi.waitFor(() => expect(store.getState().busy).toBe(false));
    const logAtPause = store.getState().log.map((l) => l.index);
    await store.getState().seek(store.getState().cursorMs);
    expect(store.getState().log.map((l) => l.index)).toEqual(logAtPause);
    // Stepping publishes the panels with the cursor.
    await store.getState().stepForward();
    expect(store.getState().panelMs).toBe(store.getState().cursorMs);
  });

  it('with a time budget per frame, plays slower instead of taking longer, and gives the same run', async () => {
    // A clock that moves 1 ms every time it is read: a budget of 3 ms allows a few windows per frame.
    let now = 0;
    const clock = () => now++;
    const frames = new HandFrames();
    const store = createAppStore({ host: 'inline', frames, playBudget: { ms: 3, clock } });
    store.getState().setPlayMode('steady');
    stores.push(store);
    expect(await store.getState().load({ text: BASIC, name: 'basic' })).toBe(true);
    store.getState().setSpeed(100);
    store.getState().play();
    await frames.fire(0);
    const cursors: number[] = [];
    for (let i = 1; i <= 40 && store.getState().playing; i++) {
      await frames.fire(i * 16);
      cursors.push(store.getState().cursorMs);
    }
    // Asked for 1.6 s of simulated time per frame; the budget stopped short at least once.
    expect(cursors.some((c, i) => c - (cursors[i - 1] ?? 0) < 1600 - 1e-6)).toBe(true);
    expect(cursors.every((c, i) => i === 0 || c >= cursors[i - 1])).toBe(true);
    await store.getState().runToEnd();
    const unbounded = await loaded();
    await unbounded.store.getState().runToEnd();
    expect(store.getState().traceHash).toBe(unbounded.store.getState().traceHash);
    expect(store.getState().cursorMs).toBe(unbounded.store.getState().cursorMs);
  });

  it('plays until a condition holds and pauses there, past the end of the script if need be', async () => {
    const { store, frames } = await loaded();
    const end = store.getState().scriptEndMs;
    const target = end + 1500;
    store.getState().setSpeed(50);
    store.getState().playUntil((tl) => tl.cursorMs >= target);
    for (let i = 0; i <= 200 && store.getState().playing; i++) await frames.fire(i * 16);
    expect(store.getState().playing).toBe(false);
    // It did not stop at the script's end; it stopped at the first frame that reached the target.
    expect(store.getState().cursorMs).toBeGreaterThanOrEqual(target);
    expect(store.getState().cursorMs).toBeLessThan(target + 16 * 50 + 1);
    // The check is spent: playing again goes on freely.
    store.getState().play();
    await frames.fire(10_000);
    await frames.fire(10_016);
    expect(store.getState().cursorMs).toBeGreaterThan(target);
  });

  it('starts a branch at the cursor without acting, leaving the one it came from as it was', async () => {
    const { store } = await loaded();
    await store.getState().seek(3000);
    const before = store.getState().branchId;
    const id = await store.getState().fork();
    expect(id).not.toBe(before);
    expect(store.getState().branchId).toBe(id);
    expect(store.getState().branches.find((b) => b.id === id)).toMatchObject({ parent: before, forkAtMs: 3000 });
    await store.getState().act({ type: 'crash', node: 'r1' });
    await store.getState().switchBranch(before);
    await store.getState().runToEnd();
    expect(store.getState().down).toEqual([]);
  });

  it('clamps a stalled frame so playback slows down instead of leaping', async () => {
    const { store, frames } = await loaded();
    store.getState().play();
    await frames.fire(0);
    await frames.fire(60_000);
    expect(store.getState().cursorMs).toBeCloseTo(100, 6);
  });

  it('keeps the speed on a log scale between 1/1000x and 1000x', () => {
    const { store } = make();
    store.getState().setSpeed(1e6);
    expect(store.getState().speed).toBe(1000);
    store.getState().setSpeed(1e-9);
    expect(store.getState().speed).toBe(1 / 1000);
  });

  it('pauses at the end of the script when playing across it, with the CLI trace hash', async () => {
    const text = readFileSync(join(DIR, 'partial-resync.scn'), 'utf8');
    const { store, frames } = await loaded(text);
    store.getState().setSpeed(1000);
    store.getState().play();
    let t = 0;
    while (store.getState().playing && t < 10_000) await frames.fire((t += 50));
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.cursorMs).toBe(s.scriptEndMs);
    expect(s.traceHash).toBe(cliHash(text));
    expect(isDone(s)).toBe(true);
  });

  it('runs to the end at once with the CLI trace hash, for every example', async () => {
    for (const name of EXAMPLE_NAMES) {
      const { store } = make();
      await store.getState().load({ example: name });
      await store.getState().runToEnd();
      expect(store.getState().traceHash).toBe(cliHash(readFileSync(join(DIR, `${name}.scn`), 'utf8')));
      expect(isDone(store.getState())).toBe(true);
    }
  }, 30_000);

  it('steps forward and back between moments, pausing playback', async () => {
    const { store, frames } = await loaded();
    await store.getState().seek(3000);
    store.getState().play();
    await frames.fire(0);
    const here = store.getState();
    await store.getState().stepBack();
    const back = store.getState();
    expect(back.playing).toBe(false);
    expect(back.cursorMs).toBeLessThan(here.cursorMs);
    expect(back.eventCount).toBeLessThan(here.eventCount);
    await store.getState().stepForward();
    expect(store.getState().cursorMs).toBeGreaterThan(back.cursorMs);
  });

  it('seeks back to a moment and finds it as it was, log and transcript included', async () => {
    const { store } = await loaded();
    await store.getState().seek(1500);
    const at1500 = store.getState();
    await store.getState().runToEnd();
    const atEnd = store.getState();
    expect(atEnd.transcript.length).toBeGreaterThan(at1500.transcript.length);
    await store.getState().seek(1500);
    const again = store.getState();
    expect(again.cursorMs).toBe(1500);
    expect(again.traceHash).toBe(at1500.traceHash);
    expect(again.views).toEqual(at1500.views);
    expect(again.log).toEqual(at1500.log);
    expect(again.transcript).toEqual(at1500.transcript);
    await store.getState().runToEnd();
    expect(store.getState().traceHash).toBe(atEnd.traceHash);
    expect(store.getState().transcript).toEqual(atEnd.transcript);
    expect(store.getState().log).toEqual(atEnd.log);
  });

  it('coalesces a burst of seeks (a dragged slider) into the last target', async () => {
    const { store } = await loaded();
    const all = [store.getState().seek(1000), store.getState().seek(2000), store.getState().seek(4000), store.getState().seek(2500)];
    expect(store.getState().seekingTo).toBe(2500);
    await Promise.all(all);
    expect(store.getState().cursorMs).toBe(2500);
    expect(store.getState().seekingTo).toBeNull();
    expect(store.getState().busy).toBe(false);
  });

  it('shows each command with what redis-cli prints for its reply', async () => {
    const { store } = make();
    await store.getState().load({ example: 'first-sync' });
    await store.getState().runToEnd();
    const tr = store.getState().transcript;
    expect(tr.find((x) => x.node === 'r1' && x.text === 'REPLICAOF m 6379')?.output).toBe('OK');
    expect(tr.find((x) => x.node === 'r1' && x.text === 'GET greeting')?.output).toBe('"hello"');
    expect(tr.find((x) => x.text === 'LRANGE queue 0 -1')?.output).toBe('1) "a"\n2) "b"\n3) "c"');
    expect(tr.every((x) => x.output !== null)).toBe(true);
  });

  it('runs until a replica is online', async () => {
    const { store } = make();
    await store.getState().load({ example: 'first-sync' });
    expect(await store.getState().runUntilOnline('r1')).toBe(true);
    const s = store.getState();
    expect(s.views.find((v) => v.name === 'r1')?.linkUp).toBe(true);
    expect(s.cursorMs).toBeGreaterThan(5000);
    expect(s.cursorMs).toBeLessThan(s.scriptEndMs);
  });

  it('forks history when acting at a past cursor and can return to the old branch', async () => {
    const { store } = await loaded();
    await store.getState().seek(8000);
    const oldFuture = store.getState().traceHash;
    await store.getState().seek(1000);
    await store.getState().act({ type: 'command', node: 'm', argv: ['SET', 'b', '2'], wait: false });
    let s = store.getState();
    expect(s.branches).toHaveLength(2);
    expect(s.branchId).not.toBe(0);
    expect(s.transcript[s.transcript.length - 1]).toMatchObject({ node: 'm', text: 'SET b 2', output: 'OK' });
    await store.getState().seek(8000);
    expect(store.getState().traceHash).not.toBe(oldFuture);
    await store.getState().switchBranch(0);
    await store.getState().seek(8000);
    s = store.getState();
    expect(s.branchId).toBe(0);
    expect(s.traceHash).toBe(oldFuture);
    expect(s.transcript.some((x) => x.text === 'SET b 2')).toBe(false);
  });

  it('exports a scenario that, loaded again, gives the same trace hash', async () => {
    const { store } = await loaded();
    await store.getState().seek(2500);
    await store.getState().act({ type: 'cut', a: 'm', b: 'r1' });
    await store.getState().seek(4000);
    await store.getState().act({ type: 'command', node: 'm', argv: ['SET', 'x y', 'z'], wait: false });
    await store.getState().act({ type: 'heal', a: 'm', b: 'r1' });
    await store.getState().act({ type: 'crash', node: 'r1' });
    await store.getState().seek(4500);
    await store.getState().act({ type: 'restart', node: 'r1' });
    await store.getState().seek(7000);
    const original = store.getState();
    const text = store.getState().exportScenario()!;
    expect(cliHash(text)).toBe(original.traceHash);

    const other = make().store;
    expect(await other.getState().load({ text, name: 'exported' })).toBe(true);
    await other.getState().seek(original.cursorMs);
    expect(other.getState().traceHash).toBe(original.traceHash);
    expect(other.getState().transcript.map((x) => x.text)).toEqual(original.transcript.map((x) => x.text));
  });

  it('reports a bad scenario with FILE:LINE and keeps the previous run loaded', async () => {
    const { store } = await loaded();
    await store.getState().seek(3000);
    const before = store.getState();
    expect(await store.getState().load({ text: 'node m\nm> SET a 1\nsleep forever\n', name: 'bad' })).toBe(false);
    const s = store.getState();
    expect(s.loadError).toMatchObject({ kind: 'scenario', name: 'bad' });
    expect(s.loadError?.kind === 'scenario' && s.loadError.messages[0]).toMatch(/^bad\.scn:3: /);
    expect(s.scenario?.name).toBe('basic');
    expect(s.traceHash).toBe(before.traceHash);
    expect(s.cursorMs).toBe(3000);
    // Still usable.
    await s.stepForward();
    expect(store.getState().cursorMs).toBeGreaterThan(3000);
    expect(await store.getState().load({ example: 'no-such-example' })).toBe(false);
    expect(store.getState().loadError).toEqual({ kind: 'unknown-example', name: 'no-such-example' });
    // A good load clears the error.
    expect(await store.getState().load({ example: 'propagation' })).toBe(true);
    expect(store.getState().loadError).toBeNull();
  });

  it('boots from URL parameters: a bad scenario leaves the first example running and the error shown', async () => {
    const { store } = make();
    await store.getState().boot(readBootParams('?scenario=' + encodeURIComponent('node m\nm> SET a 1\nsleep forever\n') + '&play=end'));
    const s = store.getState();
    expect(s.scenario?.name).toBe('first-sync');
    expect(s.loadError?.kind).toBe('scenario');
    expect(s.booting).toBe(false);
    expect(s.cursorMs).toBe(0);
  });

  it('boots an example and runs it to the end with play=end', async () => {
    const { store } = make();
    await store.getState().boot(readBootParams('?example=two-replicas&play=end&host=inline'));
    const s = store.getState();
    expect(s.scenario?.name).toBe('two-replicas');
    expect(isDone(s)).toBe(true);
    expect(s.traceHash).toBe(cliHash(readFileSync(join(DIR, 'two-replicas.scn'), 'utf8')));
  });

  it('turns a host failure into a fault with seed and message, and stops playing', async () => {
    const frames = new HandFrames();
    const store = createAppStore({ host: 'inline', frames });
    stores.push(store);
    await store.getState().boot(readBootParams('?host=inline&failAt=FLUSHALL&scenario=' + encodeURIComponent('seed 77\nnode m\nm> SET a 1\nsleep 1s\nnowait m> FLUSHALL\nsleep 1s\nm> GET a\n')));
    expect(store.getState().fault).toBeNull();
    store.getState().setSpeed(1000);
    store.getState().play();
    for (let t = 0; t < 100 && store.getState().playing; t += 16) await frames.fire(t);
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.fault).toMatchObject({ seed: 77 });
    expect(s.fault?.message).toContain('failAt=FLUSHALL');
    expect(s.fault?.scenario).toContain('nowait m> FLUSHALL');
    store.getState().play();
    expect(store.getState().playing).toBe(false);
    // The run stays where it stopped, as the fault panel describes it.
    const at = store.getState().cursorMs;
    await store.getState().seek(0);
    await store.getState().stepForward();
    expect(store.getState().cursorMs).toBe(at);
    // Loading again starts a fresh run.
    expect(await store.getState().load({ example: 'first-sync' })).toBe(true);
    expect(store.getState().fault).toBeNull();
  });
});
