// The backlog's arithmetic as each version keeps it, on real runs: the 2.8 ring (idx, histlen
// capped at the size, first byte = master_repl_offset − histlen + 1) and the 7.0 blocks (who
// references each, histlen as their sum, whether the oldest block can go).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Timeline } from '../../runtime/timeline.ts';
import type { RedisVersion } from '../../engine/version.ts';
import { panelT } from '../i18n/panels.ts';
import { BacklogMath, blockRefs, trimVerdict } from './BacklogMath.tsx';
import { BacklogRing } from './BacklogRing.tsx';
import { ringGeometry } from './ring.ts';
import { byTestId, parseMarkup, text } from '../test-dom.ts';

const t = panelT('en');

/** full-resync-small-backlog (16 KB backlog, 2000 writes while r1 is away), attached with SLAVEOF so every version runs it. */
async function masterAt(ms: number, version: RedisVersion) {
  const scn = readFileSync('scenarios/full-resync-small-backlog.scn', 'utf8').replace(/> REPLICAOF/g, '> SLAVEOF');
  const r = Timeline.load(scn, { version });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  return r.timeline.snapshot().views.find((v) => v.name === 'm')!;
}

describe('the backlog arithmetic', () => {
  it('works out a full 2.8 ring: idx, histlen = size, first byte = master_repl_offset − histlen + 1', async () => {
    const m = await masterAt(9500, '2.8');
    const b = m.backlog!;
    expect(b.mode).toBe('ring');
    expect(b.histlen).toBe(b.sizeBytes);
    expect(b.firstByteOffset).toBe(m.masterReplOffset - b.histlen + 1);
    const root = parseMarkup(renderToStaticMarkup(<BacklogMath view={m} g={ringGeometry(b, m.masterReplOffset)} nameOfPort={new Map()} t={t} />));
    expect(text(byTestId(root, 'math-idx'))).toContain(`repl_backlog_idx = ${b.idx}`);
    expect(text(byTestId(root, 'math-histlen'))).toContain('the ring is full');
    expect(text(byTestId(root, 'math-first'))).toBe(`repl_backlog_first_byte_offset = master_repl_offset − histlen + 1 = ${m.masterReplOffset} − ${b.histlen} + 1 = ${b.firstByteOffset}`);
    // A full ring: the oldest byte sits where the next one will be written.
    expect(text(byTestId(root, 'math-oldest'))).toMatch(new RegExp(`= ${b.idx}$`));
  });

  it('lists the 7.0 blocks, the backlog referencing the first, and histlen as their sum', async () => {
    const m = await masterAt(9500, '7.0');
    const b = m.backlog!;
    expect(b.mode).toBe('shared');
    expect(b.blocks.length).toBeGreaterThan(1);
    expect(b.blocks.reduce((s, x) => s + x.used, 0)).toBe(b.histlen);
    expect(b.blocks[0].startOffset).toBe(b.firstByteOffset);
    expect(b.trimmed).toBe(b.blocks[0].id);
    const refs = blockRefs(m, new Map());
    expect(refs.get(b.blocks[0].id)).toContain('');
    // After a trim the rest of the blocks would hold no more than repl-backlog-size.
    const v = trimVerdict(m, refs);
    expect(['no', 'pinned']).toContain(v.kind);
    const root = parseMarkup(renderToStaticMarkup(<BacklogMath view={m} g={ringGeometry(b, m.masterReplOffset)} nameOfPort={new Map()} t={t} />));
    expect(text(byTestId(root, 'math-histlen'))).toContain(`= ${b.histlen}`);
    expect(text(byTestId(root, 'math-blocks'))).toContain(`block #${b.blocks[0].id}: offsets ${b.firstByteOffset}–`);
    expect(text(byTestId(root, 'math-blocks'))).toContain('referenced by the backlog');
  });

  it('says Redis 2.6 has no backlog at all, rather than "not yet"', async () => {
    const m = await masterAt(9500, '2.6');
    expect(m.backlog).toBeNull();
    const root = parseMarkup(renderToStaticMarkup(<BacklogRing view={m} frames={[]} psync={[]} cursorMs={9500} t={t} />));
    expect(text(byTestId(root, 'ring-none'))).toMatch(/^Redis 2.6 has no replication backlog: m keeps no history/);
  });
});
