// A link opens the same run at the same moment: an untouched example by name, anything else as
// the run exported (seed, the branch's actions) and compressed; a broken link keeps the page up.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES } from './examples.ts';
import { inlineStores } from './test-stores.ts';
import { encodeScenario, linkSearch, readBootParams } from './url.ts';

const { make } = inlineStores();

describe('links to a run', () => {
  it('names an untouched example, with the moment', async () => {
    const a = make();
    await a.getState().load({ example: 'partial-resync' });
    await a.getState().seek(2500);
    expect(await a.getState().linkTarget()).toEqual({ example: 'partial-resync', t: 2500 });
  });

  it('reopens a forked run at the same moment with the same trace hash', async () => {
    const a = make();
    await a.getState().load({ example: 'partial-resync' });
    await a.getState().seek(3000);
    await a.getState().act({ type: 'crash', node: 'r1' });
    await a.getState().seek(4200.5);
    await a.getState().act({ type: 'restart', node: 'r1' });
    await a.getState().seek(7000);
    const { cursorMs, traceHash, branchId } = a.getState();
    expect(branchId).not.toBe(0);
    const target = (await a.getState().linkTarget())!;
    expect('z' in target).toBe(true);
    const search = linkSearch('?lang=zh-CN', target);
    expect(search.length).toBeLessThan(800);

    const b = make();
    await b.getState().boot(readBootParams(search));
    expect(b.getState().loadError).toBeNull();
    expect(b.getState().cursorMs).toBe(cursorMs);
    expect(b.getState().traceHash).toBe(traceHash);
    expect(b.getState().scenario?.name).toBe('link');
  });

  it('keeps the page up with the first example when the link is cut short or damaged', async () => {
    const a = make();
    await a.getState().load({ example: 'partial-resync' });
    await a.getState().act({ type: 'cut', a: 'm', b: 'r1' });
    const target = (await a.getState().linkTarget()) as { z: string };
    for (const [z, problem] of [[target.z.slice(0, -6), 'deflate'], [`${target.z.slice(0, 10)}!!`, 'base64']] as const) {
      const b = make();
      await b.getState().boot(readBootParams(`?z=${encodeURIComponent(z)}&t=5000`));
      expect(b.getState().loadError).toEqual({ kind: 'link', problem });
      expect(b.getState().scenario?.example).toBe(EXAMPLE_NAMES[0]);
      expect(b.getState().cursorMs).toBe(0);
    }
  });

  it('shows the scenario errors of a link whose text is not a scenario', async () => {
    const b = make();
    await b.getState().boot(readBootParams(`?z=${await encodeScenario('node m\nfrobnicate m\n')}`));
    expect(b.getState().loadError).toMatchObject({ kind: 'scenario', name: 'link' });
    expect(b.getState().scenario?.example).toBe(EXAMPLE_NAMES[0]);
  });
});
