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

const t: Translate = (k, vars = {}) => Object.entries(vars).reduce((s, [n, v]) => s.split(`{${n}}`).join(String(v)), (en as Record<string, string>)[k] ?? k);

async function render(scn: string, ms: number | ((frames: FrameRecord[]) => number)): Promise<string> {
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
  return renderToStaticMarkup(<StreamLane frames={frames} views={views} cursorMs={r.timeline.cursorMs} t={t} />);
}

const blocks = (html: string) => [...html.matchAll(/data-testid="stream-block" data-from="(\d+)" data-to="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('<StreamLane>', () => {
  it('shows SET a 1 as 27 bytes of RESP at @24–50, after SELECT 0 at @1–23', async () => {
    const html = await render('propagation', 3000);
    expect(html).toMatch(/<span class="rs-block-cmd">SELECT 0<\/span>.*?<b>23 B<\/b><span>@1–23<\/span>/);
    expect(html).toMatch(/<span class="rs-block-cmd">SET a 1<\/span>.*?<b>27 B<\/b><span>@24–50<\/span>/);
    // \r and \n are drawn, muted, as Redis escapes them
    expect(html).toContain('<span class="rs-ctl">\\r\\n</span><span>$3</span>');
  });

  it('has blocks whose lengths add up to master_repl_offset, and odometers that agree', async () => {
    const html = await render('propagation', 3000);
    const b = blocks(html);
    expect(b.reduce((s, [f, to]) => s + to - f, 0)).toBe(301);
    expect(html).toContain('m master_repl_offset 301');
    expect(html).toContain('r1 slave_repl_offset 301');
    expect(html).toContain('in step with m');
  });

  it('shows a replica 301 B behind while the stream is on the wire', async () => {
    const html = await render('propagation', (fr) => {
      const f = fr.find((x) => x.kind === 'stream')!;
      return (f.sentAtMs + f.arriveAtMs) / 2;
    });
    expect(html).toContain('−301 B behind');
  });

  it('has nothing to show before the master propagates', async () => {
    const html = await render('propagation', 1);
    expect(blocks(html)).toEqual([]);
    expect(html).toContain('m has propagated nothing yet.');
  });
});
