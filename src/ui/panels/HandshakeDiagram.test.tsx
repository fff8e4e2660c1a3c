// What a reader of the handshake diagram sees on real runs: the arrows up to the cursor, the
// highlighted current row, the section headings, the replica picker and the text version.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HandshakeDiagram } from './HandshakeDiagram.tsx';
import { runTo, scenario, tEn as t } from './handshake-test-run.ts';

async function render(scn: string, ms: number, cursorMs = ms, replica: string | null = null): Promise<string> {
  const run = await runTo(scenario(scn), ms);
  return renderToStaticMarkup(<HandshakeDiagram replica={replica} frames={run.frames} trace={run.trace} cursorMs={cursorMs} t={t} />);
}

describe('HandshakeDiagram', () => {
  it('draws the handshake up to the cursor and none of what comes after', async () => {
    const html = await render('first-sync.scn', 7000, 2500);
    expect(html).toContain('REPLCONF capa eof capa psync2');
    expect(html).toMatch(/PSYNC [0-9a-f]{40} 1/);
    expect(html).not.toContain('+FULLRESYNC');
    expect(html).not.toContain('$EOF:');
    expect(html).toContain('#1 — first sync with m: waiting for the answer');
  });

  it('highlights the row in step with the cursor, with the RDB half way across', async () => {
    const html = await render('first-sync.scn', 7000, 5001.5);
    const current = /<g[^>]*data-current="true"[^>]*>(.*?)<\/g>/.exec(html);
    expect(current?.[1]).toContain('$EOF:');
    expect(current?.[1]).toContain('in flight, 49%');
    expect(html.match(/data-current="true"/g)).toHaveLength(1);
  });

  it('is an image with a text summary, and has a text version with one line per row', async () => {
    const html = await render('first-sync.scn', 7000);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Sequence diagram of r1 and its master: 1 handshakes, \d+ rows shown\. Current row: \+5\.\d{3} s REPLCONF ACK 0 ×2\./);
    const pre = /<pre[^>]*data-testid="handshake-text"[^>]*>([\s\S]*?)<\/pre>/.exec(html)![1];
    const lines = pre.split('\n');
    expect(lines[0]).toBe('#1 — first sync with m: +FULLRESYNC (started at 0.002 s)');
    expect(lines[1]).toMatch(/^ {2}\+0\.000 s +r1 → m {2}PING {2}\(14 B\)$/);
    expect(lines.at(-1)).toMatch(/^▶ .*REPLCONF ACK 0 ×2/);
  });

  it('gives each reconnection its own section with its heading', async () => {
    const html = await render('partial-resync.scn', 12000);
    expect(html).toContain('#1 — first sync with m: +FULLRESYNC');
    expect(html).toContain('#2 — after the link was cut: +CONTINUE');
  });

  it('offers a replica picker when several replicas synced, and draws the one asked for', async () => {
    const html = await render('two-replicas.scn', 8000, 8000, 'r2');
    expect(html).toMatch(/<select[^>]*data-testid="handshake-replica"/);
    expect(html).toContain('<option value="r1">r1</option>');
    expect(html).toContain('REPLCONF listening-port 6381');
    expect(html).not.toContain('REPLCONF listening-port 6380');
  });

  it('says so when no replica has started a handshake yet', async () => {
    const html = await render('first-sync.scn', 0);
    expect(html).toContain('No replica has started a handshake yet.');
    expect(html).not.toContain('<svg');
  });
});
