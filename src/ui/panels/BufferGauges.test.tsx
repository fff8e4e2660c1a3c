// What a reader of the output-buffer gauges sees on real runs: the value in bytes, the state, the
// bytes on the link during an RDB transfer, and the red overflow with the limit it crossed.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BufferGauges } from './BufferGauges.tsx';
import { overflowing, runTo, scenario, tEn as t, withWrites } from './handshake-test-run.ts';
import { all, allByRole, allByTestId, allByText, byRole, byTestId, parseMarkup, roleOf, text, type El } from '../test-dom.ts';

async function render(text: string, ms: number): Promise<El> {
  const run = await runTo(text, ms);
  const m = run.views.find((v) => v.name === 'm')!;
  return parseMarkup(renderToStaticMarkup(<BufferGauges master={m} views={run.views} frames={run.frames} cursorMs={run.cursorMs} trace={run.trace} t={t} />));
}

/** One replica's block: an item of the panel's list of replicas. */
const block = (root: El, node: string) => {
  const li = byTestId(byRole(root, 'region', 'Replica output buffers'), `buffer-${node}`);
  expect(roleOf(li)).toBe('listitem');
  return li;
};

/** A value shown beside a gauge: the human size, and the exact or detailed one under it. */
const value = (r: El, id: 'buffer-value' | 'link-value') => text(byTestId(r, id));

describe('BufferGauges', () => {
  it('shows the buffer filling while the RDB is on the slow link: the referenced block, with the unsent bytes inside it', async () => {
    const root = await render(withWrites(), 5300);
    const r1 = block(root, 'r1');
    expect(text(byTestId(r1, 'buffer-state'))).toBe('wait_bgsave');
    // 7.0 counts the whole shared-buffer block the replica references: 20440 usable bytes plus its 64-byte header.
    expect(value(r1, 'buffer-value')).toBe('20 KB20,504 B');
    expect(text(byTestId(r1, 'buffer-detail'))).toBe('1 shared-buffer block · 1.8 KB not yet sent');
    expect(value(r1, 'link-value')).toBe('2.8 KBRDB 2.8 KB');
    expect(allByText(byTestId(r1, 'link-value'), 'RDB 2.8 KB').map(text)).toEqual(['RDB 2.8 KB']);
    const meter = byRole(r1, 'meter', 'r1 Output buffer');
    expect(meter.attrs['aria-valuetext']).toBe('r1: output buffer 20504 B, 1855 B of it not yet sent; hard limit 256 MB');
    expect(meter.attrs['aria-valuenow']).toBe('20504');
    // The unsent part is drawn inside the buffer's bar, shorter than it.
    const fill = (k: string) => {
      const [bar] = all(meter, (e) => e.attrs['data-k'] === k);
      return parseFloat(/width:\s*([\d.]+)%/.exec(bar.attrs.style)![1]);
    };
    expect(fill('unsent')).toBeGreaterThan(0);
    expect(fill('unsent')).toBeLessThan(fill('buffer'));
  });

  it('keeps counting the block once the replica is online, with nothing left to send', async () => {
    const root = await render(withWrites(), 9000);
    const r1 = block(root, 'r1');
    expect(text(byTestId(r1, 'buffer-state'))).toBe('online');
    expect(value(r1, 'buffer-value')).toBe('20 KB20,504 B');
    expect(text(byTestId(r1, 'buffer-detail'))).toBe('1 shared-buffer block · 0 B not yet sent');
    expect(allByTestId(r1, 'buffer-unsent')).toHaveLength(0);
  });

  it('turns a replica closed for its output buffer limit red, with the limit it crossed', async () => {
    const root = await render(overflowing(), 8000.5);
    const r1 = block(root, 'r1');
    expect(r1.attrs['data-level']).toBe('overflow');
    expect(text(byTestId(r1, 'buffer-state'))).toBe('disconnected');
    const over = text(byTestId(r1, 'buffer-overflow'));
    expect(over).toContain('Closed for overcoming the output buffer limit at 8.000 s:');
    expect(over).toMatch(/Its output buffer held [\d.]+ KB: the hard limit is 32 KB\./);
  });

  it('keeps a note of the overflow once the replica is online again', async () => {
    const root = await render(overflowing(), 12000);
    const r1 = block(root, 'r1');
    expect(r1.attrs['data-level']).toBe('ok');
    expect(allByTestId(r1, 'buffer-overflow')).toHaveLength(0);
    expect(allByText(r1, 'Closed 1× for the output buffer limit (last at 8.000 s), then synced again.')).toHaveLength(1);
  });

  it('says when the master applies repl-backlog-size instead of a smaller hard limit', async () => {
    const root = await render(overflowing('3kb 0 0'), 7000);
    expect(allByText(root, 'hard limit 16 KB: 3 KB is below repl-backlog-size, so the master applies repl-backlog-size')).toHaveLength(1);
  });

  it('labels the scale and the limits of the master', async () => {
    const root = await render(scenario('first-sync.scn'), 7000);
    expect(allByText(root, 'client-output-buffer-limit replica 256mb 64mb 60').map(text)).toEqual(['client-output-buffer-limit replica 256mb 64mb 60']);
    expect(allByText(root, /^Logarithmic scale from 0 B to 256 MB/)).toHaveLength(1);
    expect(allByRole(root, 'listitem').map(text)).toContain('soft limit 64 MB for 60 s');
  });

  it('says so when the master has no replica', async () => {
    const root = await render(scenario('first-sync.scn'), 0);
    expect(text(byTestId(root, 'buffer-empty'))).toBe('m has no replicas at this moment.');
  });
});
