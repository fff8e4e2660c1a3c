// What a reader of the stream lane sees on a real run: RESP blocks with ␍␊, their byte counts and
// offset ranges, and the odometers with each replica's distance from the master.

import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../runtime/timeline.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import { en } from '../i18n/stream.ts';
import { StreamLane } from './StreamLane.tsx';
import type { Translate } from './stream.ts';
import { allByRole, allByTestId, allByText, byRole, byTestId, parseMarkup, spokenText, text, type El } from '../test-dom.ts';

const t: Translate = (k, vars = {}) => Object.entries(vars).reduce((s, [n, v]) => s.split(`{${n}}`).join(String(v)), (en as Record<string, string>)[k] ?? k);

async function render(scn: string, ms: number | ((frames: FrameRecord[]) => number)): Promise<El> {
  const frames: FrameRecord[] = [];
  const text = readFileSync(`scenarios/${scn}.scn`, 'utf8');
  let r = Timeline.load(text, { events: { onFrame: (f) => frames.push(f) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  if (typeof ms === 'function') {
    await r.timeline.advanceTo(5000);
    ms = ms(frames);
    frames.length = 0;
    r = Timeline.load(text, { events: { onFrame: (f) => frames.push(f) } });
    if (!r.ok) throw new Error('reload');
  }
  await r.timeline.advanceTo(ms);
  const views = r.timeline.snapshot().views;
  return parseMarkup(renderToStaticMarkup(<StreamLane frames={frames} views={views} cursorMs={r.timeline.cursorMs} t={t} />));
}

/** The command blocks of the lane, oldest first, as the offsets each covers. */
const blocks = (root: El) => allByTestId(root, 'stream-block').map((b) => [Number(b.attrs['data-from']), Number(b.attrs['data-to'])]);

/** The lane's button for a command, by the command it shows first. */
const block = (root: El, cmd: string) => {
  const lane = byRole(root, 'list', /^Commands propagated by m/);
  const found = allByRole(lane, 'button').filter((b) => allByText(b, cmd).some((e) => text(e) === cmd));
  expect(found, cmd).toHaveLength(1);
  return found[0];
};

/** What a node's odometer says to a screen reader. */
const odometer = (root: El, node: string) => spokenText(byTestId(root, `odometer-${node}`));

describe('<StreamLane>', () => {
  it('shows SET a 1 as 27 bytes of RESP at @24–50, after SELECT 0 at @1–23', async () => {
    const root = await render('propagation', 3000);
    const select = block(root, 'SELECT 0');
    const set = block(root, 'SET a 1');
    const buttons = allByRole(root, 'button');
    expect(buttons.indexOf(select)).toBeLessThan(buttons.indexOf(set));
    expect(allByText(select, '23 B').map(text)).toEqual(['23 B']);
    expect(allByText(select, '@1–23').map(text)).toEqual(['@1–23']);
    expect(allByText(set, '27 B').map(text)).toEqual(['27 B']);
    expect(allByText(set, '@24–50').map(text)).toEqual(['@24–50']);
    // \r and \n are drawn, muted, as Redis escapes them
    const ctl = allByText(set, '\\r\\n');
    expect(text(ctl[0].parent!)).toMatch(/^\*3\\r\\n\$3\\r\\nSET\\r\\n/);
    const next = ctl[0].parent!.children[ctl[0].parent!.children.indexOf(ctl[0]) + 1] as El;
    expect(text(next)).toBe('$3');
    for (const e of ctl) {
      expect(text(e)).toBe('\\r\\n');
      expect(e.attrs.class).toBe('rs-ctl');
    }
    expect(next.attrs.class).toBeUndefined();
  });

  it('has blocks whose lengths add up to master_repl_offset, and odometers that agree', async () => {
    const root = await render('propagation', 3000);
    const b = blocks(root);
    expect(b.reduce((s, [f, to]) => s + to - f, 0)).toBe(301);
    expect(odometer(root, 'm')).toContain('m master_repl_offset 301');
    expect(odometer(root, 'r1')).toContain('r1 slave_repl_offset 301');
    expect(odometer(root, 'r1')).toContain('in step with m');
  });

  it('shows a replica 301 B behind while the stream is on the wire', async () => {
    const root = await render('propagation', (fr) => {
      const f = fr.find((x) => x.kind === 'stream')!;
      return (f.sentAtMs + f.arriveAtMs) / 2;
    });
    expect(odometer(root, 'r1')).toContain('−301 B behind');
  });

  it('has nothing to show before the master propagates', async () => {
    const root = await render('propagation', 1);
    expect(blocks(root)).toEqual([]);
    expect(allByRole(root, 'button')).toEqual([]);
    expect(allByText(root, 'm has propagated nothing yet.').map(text)).toEqual(['m has propagated nothing yet.']);
  });
});
