// What a reader of the backlog ring sees on real runs: the PSYNC marker inside or outside the held
// arc, the master's words for the answer, the write head, and the 7.0 caption.

import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../runtime/timeline.ts';
import { SIM_EPOCH_MS, type FrameRecord } from '../../runtime/sim.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { en } from '../i18n/stream.ts';
import { BacklogRing } from './BacklogRing.tsx';
import { parsePsyncAnswers } from './ring.ts';
import type { Translate } from './stream.ts';

const t: Translate = (k, vars = {}) => Object.entries(vars).reduce((s, [n, v]) => s.split(`{${n}}`).join(String(v)), (en as Record<string, string>)[k] ?? k);

async function render(scn: string, ms: number, backlogMode?: 'ring' | 'shared'): Promise<string> {
  const frames: FrameRecord[] = [];
  const trace: TraceEntry[] = [];
  const r = Timeline.load(readFileSync(`scenarios/${scn}.scn`, 'utf8'), { backlogMode, events: { onFrame: (f) => frames.push(f), onTrace: (b) => trace.push(...b) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  const at = SIM_EPOCH_MS + r.timeline.cursorMs;
  const m = r.timeline.snapshot().views.find((v) => v.name === 'm')!;
  return renderToStaticMarkup(<BacklogRing view={m} frames={frames} psync={parsePsyncAnswers(trace, SIM_EPOCH_MS, at)} cursorAbsMs={at} t={t} />);
}

describe('<BacklogRing>', () => {
  it('draws the request for offset 1 outside the held arc and quotes the +FULLRESYNC reason', async () => {
    const html = await render('full-resync-small-backlog', 9500);
    expect(html).toMatch(/data-testid="psync-marker" data-verdict="outside" data-offset="1"/);
    expect(html).toContain('+FULLRESYNC');
    expect(html).toContain('Unable to partial resync with replica 127.0.0.1:6380 for lack of backlog (Replica request was: 1).');
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
    expect(html).toContain('Sending 63 bytes of backlog starting from offset 61.');
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
