import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../store.ts';
import { NO_FRAMES } from '../test-stores.ts';
import type { LongWork } from './types.ts';

const lines = ['seed 5', 'node m r1', 'r1> REPLICAOF 127.0.0.1 6379', 'sleep 1s'];
for (let i = 0; i < 300; i++) lines.push(`m> SET k${i % 17} v${i}`, 'sleep 100ms');
const LONG = lines.join('\n') + '\n';

const stores: AppStore[] = [];
afterEach(() => { for (const s of stores.splice(0)) s.getState().dispose(); });

/** A store whose wall clock ticks 5 ms each time it is read: long work looks long, deterministically. */
function tickingStore(): AppStore {
  let now = 0;
  const s = createAppStore({ host: 'inline', frames: NO_FRAMES, playBudget: { ms: 3, clock: () => (now += 5) } });
  stores.push(s);
  return s;
}

describe('long work shows its progress and can be cancelled', () => {
  it('a long run to the end reports growing progress, and Cancel leaves the run where it got, usable', async () => {
    const s = tickingStore();
    expect(await s.getState().load({ text: LONG, name: 'long' })).toBe(true);
    const seen: LongWork[] = [];
    const unsub = s.subscribe((st) => {
      if (!st.work) return;
      seen.push(st.work);
      if (seen.length === 3) st.cancelWork();
    });
    await s.getState().runToEnd();
    unsub();
    const st = s.getState();
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((w) => w.kind === 'seek' && w.done >= 0 && w.done <= 1)).toBe(true);
    expect(seen[2].done).toBeGreaterThan(seen[0].done);
    // Stopped on the way, the progress gone, nothing left queued.
    expect(st.work).toBeNull();
    expect(st.busy).toBe(false);
    expect(st.cursorMs).toBeGreaterThan(0);
    expect(st.cursorMs).toBeLessThan(st.scriptEndMs);
    // Where it stopped is a moment of the same run: a fresh store seeking there lands on the same state.
    const other = tickingStore();
    expect(await other.getState().load({ text: LONG, name: 'long' })).toBe(true);
    await other.getState().seek(st.cursorMs);
    expect(other.getState().traceHash).toBe(st.traceHash);
    // And the page goes on: the run reaches its end when asked again.
    await s.getState().runToEnd();
    expect(s.getState().cursorMs).toBe(s.getState().scriptEndMs);
    expect(s.getState().work).toBeNull();
  });

  it('short work shows nothing', async () => {
    const s = tickingStore();
    expect(await s.getState().load({ text: LONG, name: 'long' })).toBe(true);
    let shown = 0;
    const unsub = s.subscribe((st) => { if (st.work) shown++; });
    await s.getState().seek(1500);
    unsub();
    expect(shown).toBe(0);
    expect(s.getState().cursorMs).toBe(1500);
  });
});
