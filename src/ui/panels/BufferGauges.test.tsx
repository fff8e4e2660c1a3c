// What a reader of the output-buffer gauges sees on real runs: the value in bytes, the state, the
// bytes on the link during an RDB transfer, and the red overflow with the limit it crossed.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BufferGauges } from './BufferGauges.tsx';
import { runTo, scenario, tEn as t, withWrites } from './handshake-test-run.ts';

async function render(text: string, ms: number): Promise<string> {
  const run = await runTo(text, ms);
  const m = run.views.find((v) => v.name === 'm')!;
  return renderToStaticMarkup(<BufferGauges master={m} views={run.views} frames={run.frames} cursorMs={run.cursorMs} trace={run.trace} t={t} />);
}

/** The markup of one replica's block. */
const block = (html: string, node: string) => {
  const at = html.indexOf(`data-testid="buffer-${node}"`);
  return at < 0 ? '' : html.slice(html.lastIndexOf('<li', at), html.indexOf('</li>', at));
};

describe('BufferGauges', () => {
  it('shows the buffer filling while the RDB is on the slow link, in human and exact bytes', async () => {
    const html = await render(withWrites(), 5300);
    const r1 = block(html, 'r1');
    expect(r1).toContain('>wait_bgsave<');
    expect(r1).toMatch(/data-testid="buffer-value">1\.8 KB<small>1,855 B<\/small>/);
    expect(r1).toMatch(/data-testid="link-value">2\.8 KB<small>RDB 2\.8 KB<\/small>/);
    expect(r1).toContain('aria-valuetext="r1: output buffer 1855 B; hard limit 256 MB"');
  });

  it('shows the buffer empty again once the replica is online', async () => {
    const html = await render(withWrites(), 9000);
    const r1 = block(html, 'r1');
    expect(r1).toContain('>online<');
    expect(r1).toContain('data-testid="buffer-value">0 B<');
  });

  it('turns a replica closed for its output buffer limit red, with the limit it crossed', async () => {
    const html = await render(withWrites('replica 3kb 1kb 60'), 5600.5);
    const r1 = block(html, 'r1');
    expect(r1).toContain('data-level="overflow"');
    expect(r1).toContain('Closed for overcoming the output buffer limit at 5.600 s:');
    expect(r1).toMatch(/Its output buffer held [\d.]+ KB: the hard limit is 3 KB\./);
  });

  it('labels the scale and the limits of the master', async () => {
    const html = await render(scenario('first-sync.scn'), 7000);
    expect(html).toContain('client-output-buffer-limit replica 256mb 64mb 60');
    expect(html).toContain('Logarithmic scale from 0 B to 256 MB');
    expect(html).toContain('soft limit 64 MB for 60 s');
  });

  it('says so when the master has no replica', async () => {
    const html = await render(scenario('first-sync.scn'), 0);
    expect(html).toContain('m has no replicas at this moment.');
  });
});
