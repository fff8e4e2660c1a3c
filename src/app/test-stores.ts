// For tests: stores on the inline host with no frame loop (nothing plays unless a test drives it),
// each disposed after its test.
import { afterEach, expect } from 'vitest';
import { createAppStore, type AppStore } from './store.ts';

export const NO_FRAMES = { request: () => 0, cancel: () => undefined };

/** Registers the cleanup for the calling test file; `make` a store, or `loaded` with scenario text. */
export function inlineStores(): { make(): AppStore; loaded(text: string): Promise<AppStore> } {
  const stores: AppStore[] = [];
  afterEach(() => { for (const s of stores.splice(0)) s.getState().dispose(); });
  const make = () => {
    const s = createAppStore({ host: 'inline', frames: NO_FRAMES });
    stores.push(s);
    return s;
  };
  const loaded = async (text: string) => {
    const s = make();
    expect(await s.getState().load({ text, name: 't' })).toBe(true);
    return s;
  };
  return { make, loaded };
}
