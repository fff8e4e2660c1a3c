// "Next event" (] and PageDown) reaches moments not yet simulated: it simulates ahead until the
// next marked moment appears, and lands the cursor on it.
import { describe, expect, it } from 'vitest';
import { actionById, runAction, type ActionEnv } from '../app/actions.ts';
import type { AppStore } from '../app/store.ts';
import { inlineStores } from '../app/test-stores.ts';
import { markBookOf, momentKind } from './timeline-marks.ts';

const { make } = inlineStores();

function envOf(store: AppStore): ActionEnv {
  const book = markBookOf(store);
  return { store, markTimes: () => book.marks().map((m) => m.t), isMark: (m) => momentKind(m) !== null };
}

/** Presses "next event" and waits for it to land. */
async function next(env: ActionEnv): Promise<number> {
  await actionById('nextMark').run(env, {});
  return env.store.getState().cursorMs;
}

describe('next event in time not yet simulated', () => {
  it('walks a fresh partial-resync run mark by mark: the first sync, the cut, the lost links, the heal, then +CONTINUE', async () => {
    const store = make();
    await store.getState().load({ example: 'partial-resync' });
    const env = envOf(store);
    expect(store.getState().headMs).toBe(0);
    const stops: number[] = [];
    for (let i = 0; i < 12; i++) {
      const at = await next(env);
      if (stops.length && at === stops[stops.length - 1]) break;
      stops.push(at);
      const kinds = markBookOf(store).marks().filter((m) => m.t === at).map((m) => m.kind);
      // Every stop is a marked moment, reached the first time it is simulated.
      expect(kinds.length).toBeGreaterThan(0);
      if (kinds.includes('partial')) break;
    }
    const book = markBookOf(store).marks();
    const at = (kind: string) => book.find((m) => m.kind === kind)!.t;
    expect(stops).toEqual([...stops].sort((a, b) => a - b));
    expect(stops[0]).toBe(at('full'));
    expect(stops).toContain(at('cut'));
    expect(stops).toContain(at('heal'));
    // +CONTINUE comes after the heal, beyond what had been simulated when the heal was reached.
    expect(at('partial')).toBeGreaterThan(at('heal'));
    expect(stops[stops.length - 1]).toBe(at('partial'));
    expect(store.getState().cursorMs).toBe(at('partial'));
    expect(store.getState().moments.at(-1)).toMatchObject({ kind: 'psync', verdict: 'accepted' });
  });

  it('goes back with "previous event" over the marks it found', async () => {
    const store = make();
    await store.getState().load({ example: 'partial-resync' });
    const env = envOf(store);
    const first = await next(env);
    const second = await next(env);
    expect(second).toBeGreaterThan(first);
    await actionById('prevMark').run(env, {});
    expect(store.getState().cursorMs).toBe(first);
  });

  it('stops searching a minute past the end of the script, and is then off', async () => {
    const store = make();
    await store.getState().load({ text: 'seed 1\nnode m\nsleep 1s\n', name: 't' });
    const env = envOf(store);
    expect(actionById('nextMark').enabled(store.getState(), {}, env)).toBe(true);
    // A lone master: nothing worth a mark ever happens. The cursor stays where it was.
    for (let i = 0; i < 200 && actionById('nextMark').enabled(store.getState(), {}, env); i++) expect(await next(env)).toBe(0);
    expect(store.getState().headMs).toBeGreaterThanOrEqual(store.getState().scriptEndMs + 60_000);
    expect(actionById('nextMark').enabled(store.getState(), {}, env)).toBe(false);
    expect(runAction(env, 'nextMark')).toBe(false);
  });
});
