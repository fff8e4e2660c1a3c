// What a reader of the backlog ring sees on real runs: the PSYNC marker inside or outside the held
// arc, the master's verdict and why, the write head, and the 7.0 caption.

import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../runtime/timeline.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { panelT } from '../i18n/panels.ts';
import { BacklogRing } from './BacklogRing.tsx';
import { psyncAnswers } from './ring.ts';

const t = panelT('en');

async function render(scn: string, ms: number, backlogMode?: 'ring' | 'shared'): Promise<string> {
  const frames: FrameRecord[] = [];
  const trace: TraceEntry[] = [];
  const r = Timeline.load(readFileSync(`scenarios/${scn}.scn`, 'utf8'), { backlogMode, events: { onFrame: (f) => frames.push(f), onTrace: (b) => trace.push(...b) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  const at = r.timeline.cursorMs;
  const m = r.timeline.snapshot().views.find((v) => v.name === 'm')!;
  const nameOfPort = new Map(trace.flatMap((e) => (e.kind === 'boot' ? [[e.port, e.node] as const] : [])));
  return renderToStaticMarkup(<BacklogRing view={m} frames={frames} psync={psyncAnswers(trace, at)} cursorMs={at} nameOfPort={nameOfPort} t={t} />);
}

describe('<BacklogRing>', () => {
  it('draws the request for offset 1 outside the held arc and says why the answer was +FULLRESYNC', async () => {
    const html = await render('full-resync-small-backlog', 9500);
    expect(html).toMatch(/data-testid="psync-marker" data-verdict="outside" data-offset="1"/);
    expect(html).toContain('+FULLRESYNC');
    expect(html).toMatch(/PSYNC from r1, [\d.]+ s ago/);
    expect(html).toContain('offset 1 is not in the backlog');
    expect(html).toContain('Offset 1 is outside the held range 61321–84810');
    expect(html).toMatch(/data-testid="fact-first">61321</);
    // 7.0's shared buffer: more than 16kb held, the extra part hatched, the caption says why.
    expect(html).toContain('data-testid="extra-arc"');
    expect(html).toContain('trims a whole block at a time');
  });

  it('draws the +CONTINUE marker inside the held arc, with the bytes it sent', async () => {
    const html = await render('partial-resync', 10500);
    expect(html).toMatch(/data-testid="psync-marker" data-verdict="inside" data-offset="61"/);
    expect(html).toContain('+CONTINUE');
    expect(html).toContain('offset 61 is in the backlog');
    expect(html).toContain('63 B are sent from the backlog');
  });

  it('shows no marker once the PSYNC is no longer current, but still tells the last answer', async () => {
    const html = await render('partial-resync', 15800);
    expect(html).not.toContain('data-testid="psync-marker"');
    expect(html).toContain('data-current="false"');
  });

  it('puts the write head of a fixed ring at master_repl_offset mod size, and says the range wraps', async () => {
    const html = await render('full-resync-small-backlog', 9500, 'ring');
    expect(html).toMatch(/data-testid="write-head" data-pos="2890"/);
    expect(html).toContain('write head: 84810 mod 16384 = 2890.');
    expect(html).toContain('The held range wraps past the end of the buffer.');
    expect(html).not.toContain('data-testid="extra-arc"');
  });

  it('describes the ring for screen readers', async () => {
    const html = await render('full-resync-small-backlog', 9500);
    expect(html).toMatch(/role="img" aria-label="Backlog of m, shared replication buffer \(Redis 7.0\): repl-backlog-size 16384 bytes/);
  });
});
