// The action catalogue: keys, markers, and the node actions through a real store.
import { describe, expect, it } from 'vitest';
import { ACTIONS, actionById, actionForKey, nextTime, prevTime, runAction, type ActionEnv } from './actions.ts';
import { inlineStores } from './test-stores.ts';

const { make } = inlineStores();

describe('action catalogue', () => {
  it('gives every key to one action and labels every keyed action for the shortcuts dialog', () => {
    const keys = ACTIONS.flatMap((a) => a.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(actionForKey('.')?.id).toBe('togglePlay');
    expect(actionForKey('PageDown')?.id).toBe('nextMark');
    expect(actionForKey('x')).toBeNull();
    for (const a of ACTIONS) if (a.keys.length) expect(a.keyLabels.length).toBeGreaterThan(0);
  });

  it('finds the marker strictly before and after a moment', () => {
    const times = [0, 1000, 1000, 2500];
    expect(nextTime(times, 0)).toBe(1000);
    expect(nextTime(times, 1000)).toBe(2500);
    expect(nextTime(times, 2500)).toBeNull();
    expect(prevTime(times, 2500)).toBe(1000);
    expect(prevTime(times, 0)).toBeNull();
  });

  it('goes to the next marker only when there is one, and is off before a run is loaded', async () => {
    const store = make();
    const env: ActionEnv = { store, markTimes: () => [1500] };
    expect(runAction(env, 'nextMark')).toBe(false);
    await store.getState().load({ text: 'seed 1\nnode m r1\nsleep 3s\n', name: 't' });
    expect(actionById('nextMark').enabled(store.getState(), {}, env)).toBe(true);
    await actionById('nextMark').run(env, {});
    expect(store.getState().cursorMs).toBe(1500);
    expect(actionById('nextMark').enabled(store.getState(), {}, env)).toBe(false);
  });

  it('adds a replica under the first free name and points it at the node with REPLICAOF', async () => {
    const store = make();
    await store.getState().load({ text: 'seed 1\nnode m r1\n', name: 't' });
    const env: ActionEnv = { store };
    expect(actionById('addReplica').enabled(store.getState(), { node: 'm' })).toBe(true);
    await actionById('addReplica').run(env, { node: 'm' });
    const r2 = store.getState().views.find((v) => v.name === 'r2');
    expect(r2?.role).toBe('replica');
    expect(r2?.masterHost).toBe('m');
    expect(store.getState().transcript.at(-1)).toMatchObject({ node: 'r2', text: 'REPLICAOF m 6379', output: 'OK' });
  });

  it('offers restart only for a node that is down, crash only for one that runs', async () => {
    const store = make();
    await store.getState().load({ text: 'seed 1\nnode m r1\n', name: 't' });
    const s0 = store.getState();
    expect(actionById('crash').enabled(s0, { node: 'r1' })).toBe(true);
    expect(actionById('restart').enabled(s0, { node: 'r1' })).toBe(false);
    await actionById('crash').run({ store }, { node: 'r1' });
    const s1 = store.getState();
    expect(s1.down).toContain('r1');
    expect(actionById('crash').enabled(s1, { node: 'r1' })).toBe(false);
    expect(actionById('restart').enabled(s1, { node: 'r1' })).toBe(true);
  });
});
