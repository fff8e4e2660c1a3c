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
import { TimelineMarkers, touchPlace, TOUCH_TARGET_PX } from './TimelineMarkers.tsx';
import { all, allByRole, byRole, nameOf, parseMarkup, type El } from './test-dom.ts';

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

function draw(store: AppStore, lang: Lang = 'en'): El {
  const s = store.getState();
  return parseMarkup(renderToStaticMarkup(
    <StoreContext.Provider value={store}>
      <LangContext.Provider value={lang}>
        <TimelineMarkers maxMs={Math.max(s.headMs, s.scriptEndMs)} disabled={false} />
      </LangContext.Provider>
    </StoreContext.Provider>,
  ));
}

/** The shapes an SVG glyph can be drawn with. */
const SHAPES = new Set(['path', 'rect', 'circle', 'line', 'polygon', 'polyline', 'ellipse']);

describe('the markers row', () => {
  it('draws one labelled button per marker, each kind with its own glyph, and is a single Tab stop', async () => {
    const root = draw(await partialResyncAtEnd());
    const toolbar = byRole(root, 'toolbar', 'Events on the timeline');
    const buttons = allByRole(toolbar, 'button');
    expect(buttons.length).toBeGreaterThan(3);
    expect(allByRole(root, 'button')).toHaveLength(buttons.length);
    expect(buttons.filter((b) => b.attrs.tabindex === '0')).toHaveLength(1);
    const kinds = new Set(buttons.map((b) => b.attrs['data-kind']));
    for (const k of ['cut', 'heal', 'partial']) expect(kinds).toContain(k);
    const labels = buttons.map(nameOf);
    expect(labels).toContainEqual(expect.stringMatching(/^\d+\.\d{3} s — (\d+ events: .*)?Partial resync accepted: r1 from offset 61(;|$)/));
    expect(labels).toContainEqual(expect.stringMatching(/^\d+\.\d{3} s — (\d+ events: .*)?cut m r1/));
    // Every glyph is drawn, none is a bare colour: one decorative drawing with a shape in each button.
    for (const b of buttons) {
      const glyphs = all(b, (e) => e.tag === 'svg');
      expect(glyphs).toHaveLength(1);
      expect(glyphs[0].attrs['aria-hidden']).toBe('true');
      expect(all(glyphs[0], (e) => SHAPES.has(e.tag)).length).toBeGreaterThan(0);
    }
  });

  it('speaks Chinese around Redis\'s own words', async () => {
    const root = draw(await partialResyncAtEnd(), 'zh-CN');
    const toolbar = byRole(root, 'toolbar', '时间线上的事件');
    expect(allByRole(toolbar, 'button').map(nameOf)).toContainEqual(expect.stringMatching(/部分重同步已接受：r1 从偏移量 61 开始/));
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

  it('go to the next and previous marker from the cursor, and simulate ahead past the last one', async () => {
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

    // Past the last marker, "]" simulates ahead to the next moment worth a mark: with repl-timeout
    // 5 s and the master's PING only every 10 s, the idle link times out a second after the script.
    await store.getState().seek(times[times.length - 1]);
    await settle(store);
    expect(press(']')).toBe(true);
    await settle(store);
    expect(cursor()).toBeGreaterThan(store.getState().scriptEndMs);
    expect(store.getState().moments.filter((m) => m.t === cursor()).map((m) => m.kind)).toContain('linkLost');
    expect(store.getState().moments.find((m) => m.kind === 'linkLost' && m.t === cursor())).toMatchObject({ node: 'r1', cause: 'timeout' });
    expect(markBookOf(store).marks().at(-1)!.t).toBe(cursor());
  });
});

describe('markers on a touch screen', () => {
  it('are 44 px targets centred on their moment, kept inside the row at its ends with the glyph moved back', () => {
    expect(TOUCH_TARGET_PX).toBe(44);
    expect(touchPlace(120, 254)).toEqual({ left: 120, dx: 0 });
    expect(touchPlace(8, 254)).toEqual({ left: 22, dx: -14 });
    expect(touchPlace(246, 254)).toEqual({ left: 232, dx: 14 });
  });
});
