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
import { allByTestId, allByText, byRole, byTestId, definitionOf, parseMarkup, text, type El } from '../test-dom.ts';

const t = panelT('en');

async function render(scn: string, ms: number, backlogMode?: 'ring' | 'shared'): Promise<El> {
  const frames: FrameRecord[] = [];
  const trace: TraceEntry[] = [];
  const r = Timeline.load(readFileSync(`scenarios/${scn}.scn`, 'utf8'), { backlogMode, events: { onFrame: (f) => frames.push(f), onTrace: (b) => trace.push(...b) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  const at = r.timeline.cursorMs;
  const m = r.timeline.snapshot().views.find((v) => v.name === 'm')!;
  const nameOfPort = new Map(trace.flatMap((e) => (e.kind === 'boot' ? [[e.port, e.node] as const] : [])));
  return parseMarkup(renderToStaticMarkup(<BacklogRing view={m} frames={frames} psync={psyncAnswers(trace, at)} cursorMs={at} nameOfPort={nameOfPort} t={t} />));
}

/** The panel: a region named by its heading. */
const panel = (root: El) => byRole(root, 'region', /^Replication backlog of m\b/);

/** The value given for an INFO field in the list of facts beside the ring. */
const fact = (root: El, field: string) => definitionOf(panel(root), field);

/** The box that tells the latest PSYNC and the master's answer. */
const psyncBox = (root: El) => byTestId(panel(root), 'psync-box');

/** A sentence shown exactly once in the panel. */
const shownOnce = (root: El, s: string) => {
  const found = allByText(panel(root), s);
  expect(found, s).toHaveLength(1);
  return found[0];
};

describe('<BacklogRing>', () => {
  it('draws the request for offset 1 outside the held arc and says why the answer was +FULLRESYNC', async () => {
    const root = await render('full-resync-small-backlog', 9500);
    const marker = byTestId(root, 'psync-marker');
    expect(marker.attrs['data-verdict']).toBe('outside');
    expect(marker.attrs['data-offset']).toBe('1');
    const box = text(psyncBox(root));
    expect(box).toContain('+FULLRESYNC');
    expect(box).toMatch(/PSYNC from r1, [\d.]+ s ago/);
    expect(box).toContain('offset 1 is not in the backlog');
    expect(box).toContain('Offset 1 is outside the held range 61321–84810');
    expect(text(fact(root, 'repl_backlog_first_byte_offset'))).toBe('61321');
    expect(byTestId(root, 'fact-first')).toBe(fact(root, 'repl_backlog_first_byte_offset'));
    // 7.0's shared buffer: more than 16kb held, the extra part hatched, the caption says why.
    expect(allByTestId(root, 'extra-arc')).toHaveLength(1);
    shownOnce(root, 'trims a whole block at a time');
  });

  it('draws the +CONTINUE marker inside the held arc, with the bytes it sent', async () => {
    const root = await render('partial-resync', 10500);
    const marker = byTestId(root, 'psync-marker');
    expect(marker.attrs['data-verdict']).toBe('inside');
    expect(marker.attrs['data-offset']).toBe('61');
    const box = text(psyncBox(root));
    expect(box).toContain('+CONTINUE');
    expect(box).toContain('offset 61 is in the backlog');
    expect(box).toContain('63 B are sent from the backlog');
  });

  it('shows no marker once the PSYNC is no longer current, but still tells the last answer', async () => {
    const root = await render('partial-resync', 15800);
    expect(allByTestId(root, 'psync-marker')).toEqual([]);
    const box = psyncBox(root);
    expect(box.attrs['data-current']).toBe('false');
    expect(text(box)).toMatch(/^Last PSYNC, from r1, [\d.]+ s ago \(not current\):/);
    expect(text(box)).toContain('+CONTINUE');
  });

  it('puts the write head of a fixed ring at master_repl_offset mod size, and says the range wraps', async () => {
    const root = await render('full-resync-small-backlog', 9500, 'ring');
    expect(byTestId(root, 'write-head').attrs['data-pos']).toBe('2890');
    shownOnce(root, 'write head: 84810 mod 16384 = 2890.');
    shownOnce(root, 'The held range wraps past the end of the buffer.');
    expect(allByTestId(root, 'extra-arc')).toEqual([]);
  });

  it('describes the ring for screen readers', async () => {
    const root = await render('full-resync-small-backlog', 9500);
    const ring = byRole(panel(root), 'img', /^Backlog of m, shared replication buffer \(Redis 7.0\): repl-backlog-size 16384 bytes/);
    expect(byTestId(root, 'ring-svg')).toBe(ring);
  });
});
