// The markers row as the page draws it, on a real run of the partial-resync example, and the keys
// that jump between markers.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createAppStore, type AppStore } from '../app/store.ts';
import type { FrameScheduler } from '../app/player.ts';
import { LangContext, StoreContext } from './context.ts';
import type { Lang } from './i18n.ts';
import { bindKeys } from './keys.ts';
import { markBookOf } from './timeline-marks.ts';
import { TimelineMarkers } from './TimelineMarkers.tsx';

const noFrames: FrameScheduler = { request: () => 0, cancel: () => {} };
const stores: AppStore[] = [];
afterEach(() => { for (const s of stores.splice(0)) s.getState().dispose(); });

async function partialResyncAtEnd(): Promise<AppStore> {
  const store = createAppStore({ host: 'inline', frames: noFrames });
  stores.push(store);
  markBookOf(store);
  await store.getState().load({ example: 'partial-resync' });
  await store.getState().runToEnd();
  return store;
}

function draw(store: AppStore, lang: Lang = 'en'): string {
  const s = store.getState();
  return renderToStaticMarkup(
    <StoreContext.Provider value={store}>
      <LangContext.Provider value={lang}>
        <TimelineMarkers maxMs={Math.max(s.headMs, s.scriptEndMs)} disabled={false} />
      </LangContext.Provider>
    </StoreContext.Provider>,
  );
}
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&gt;/g, '>').replace(/&lt;/g, '<');

describe('the markers row', () => {
  it('draws one labelled button per marker, each kind with its own glyph, and is a single Tab stop', async () => {
    const html = draw(await partialResyncAtEnd());
    expect(html).toContain('role="toolbar" aria-label="Events on the timeline"');
    const buttons = [...html.matchAll(/<button [^>]*>/g)].map((m) => m[0]);
    expect(buttons.length).toBeGreaterThan(3);
    expect(buttons.filter((b) => b.includes('tabindex="0"'))).toHaveLength(1);
    const kinds = new Set(buttons.map((b) => /data-kind="(\w+)"/.exec(b)![1]));
    for (const k of ['cut', 'heal', 'partial']) expect(kinds).toContain(k);
    const labels = buttons.map((b) => unescape(/aria-label="([^"]*)"/.exec(b)![1]));
    expect(labels).toContainEqual(expect.stringMatching(/^\d+\.\d{3} s — (\d+ events: .*)?Partial resync accepted: r1 from offset 61(;|$)/));
    expect(labels).toContainEqual(expect.stringMatching(/^\d+\.\d{3} s — (\d+ events: .*)?cut m r1/));
    // Every glyph is drawn, none is a bare colour.
    expect(html.match(/<svg class="tl-glyph"/g)).toHaveLength(buttons.length);
  });

  it('speaks Chinese around Redis\'s own words', async () => {
    const html = draw(await partialResyncAtEnd(), 'zh-CN');
    expect(html).toContain('aria-label="时间线上的事件"');
    expect(unescape(html)).toMatch(/部分重同步已接受：r1 从偏移量 61 开始/);
  });
});

describe('"[" and "]", PageUp and PageDown', () => {
  beforeAll(() => {
    vi.stubGlobal('HTMLElement', class {});
    vi.stubGlobal('Element', class {});
  });

  function keyboard(store: AppStore) {
    let handler: ((e: KeyboardEvent) => void) | null = null;
    const target = { addEventListener: (_: string, h: (e: KeyboardEvent) => void) => { handler = h; }, removeEventListener: () => {} } as unknown as Window;
    bindKeys(store, target);
    return (key: string) => {
      let prevented = false;
      handler!({ key, target: null, defaultPrevented: false, altKey: false, ctrlKey: false, metaKey: false, preventDefault: () => { prevented = true; } } as unknown as KeyboardEvent);
      return prevented;
    };
  }
  const settle = async (store: AppStore) => { while (store.getState().busy || store.getState().seekingTo !== null) await new Promise((r) => setTimeout(r, 1)); };

  it('go to the next and previous marker from the cursor, and leave the key alone when there is none', async () => {
    const store = await partialResyncAtEnd();
    const times = [...new Set(markBookOf(store).marks().map((m) => m.t))];
    const press = keyboard(store);
    await store.getState().seek(0);
    await settle(store);
    const cursor = () => store.getState().cursorMs;

    expect(press(']')).toBe(true);
    await settle(store);
    expect(cursor()).toBe(times.find((t) => t > 0));
    const first = cursor();
    expect(press('PageDown')).toBe(true);
    await settle(store);
    expect(cursor()).toBe(times.find((t) => t > first));
    expect(press('[')).toBe(true);
    await settle(store);
    expect(cursor()).toBe(first);
    expect(press('PageUp')).toBe(true);
    await settle(store);
    expect(cursor()).toBe(times.filter((t) => t < first).pop());

    await store.getState().seek(times[times.length - 1]);
    await settle(store);
    expect(press(']')).toBe(false);
  });
});
