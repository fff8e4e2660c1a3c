// What a reader of the handshake diagram sees on real runs: the arrows up to the cursor, the
// highlighted current row, the section headings, the replica picker and the text version.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HandshakeDiagram } from './HandshakeDiagram.tsx';
import { runTo, scenario, tEn as t } from './handshake-test-run.ts';
import { all, allByRole, allByText, byRole, byTestId, nameOf, parseMarkup, text, type El } from '../test-dom.ts';

async function render(scn: string, ms: number, cursorMs = ms, replica: string | null = null): Promise<El> {
  const run = await runTo(scenario(scn), ms);
  return parseMarkup(renderToStaticMarkup(<HandshakeDiagram replica={replica} frames={run.frames} trace={run.trace} cursorMs={cursorMs} t={t} />));
}

/** The drawing: an image whose accessible name summarises it. */
const diagram = (root: El) => byRole(root, 'img', /^Sequence diagram of /);

/** The innermost pieces of the drawing whose text is exactly `s`. */
const drawn = (root: El, s: string | RegExp) => allByText(diagram(root), s).filter((e) => (typeof s === 'string' ? text(e) === s : true));

/** The text version, line by line. */
const textVersion = (root: El) => text(byTestId(root, 'handshake-text')).split('\n');

describe('HandshakeDiagram', () => {
  it('draws the handshake up to the cursor and none of what comes after', async () => {
    const root = await render('first-sync.scn', 7000, 2500);
    const panel = byRole(root, 'region', 'PSYNC handshake');
    expect(drawn(root, 'REPLCONF capa eof capa psync2')).toHaveLength(1);
    expect(drawn(root, /^PSYNC [0-9a-f]{40} 1$/)).toHaveLength(1);
    for (const later of ['+FULLRESYNC', '$EOF:']) {
      expect(text(panel)).not.toContain(later);
      expect(nameOf(diagram(root))).not.toContain(later);
    }
    expect(drawn(root, '#1 — first sync with m: waiting for the answer')).toHaveLength(1);
    expect(textVersion(root)[0]).toMatch(/^#1 — first sync with m: waiting for the answer/);
  });

  it('highlights the row in step with the cursor, with the RDB half way across', async () => {
    const root = await render('first-sync.scn', 7000, 5001.5);
    // The current row is the one drawn with ▶ before its time.
    const marks = drawn(root, /^▶ /);
    expect(marks).toHaveLength(1);
    const current = marks[0].parent!;
    expect(current.attrs['data-current']).toBe('true');
    expect(text(current)).toContain('$EOF:');
    expect(text(current)).toContain('in flight, 49%');
    expect(all(root, (e) => e.attrs['data-current'] === 'true')).toHaveLength(1);
    expect(nameOf(diagram(root))).toMatch(/Current row: \+4\.999 s \$EOF:/);
  });

  it('is an image with a text summary, and has a text version with one line per row', async () => {
    const root = await render('first-sync.scn', 7000);
    expect(allByRole(root, 'img', /^Sequence diagram of r1 and its master: 1 handshakes, \d+ rows shown\. Current row: \+5\.\d{3} s REPLCONF ACK 0 ×2\./)).toHaveLength(1);
    const pre = byTestId(root, 'handshake-text');
    expect(nameOf(pre)).toBe('Text version');
    const lines = textVersion(root);
    expect(lines[0]).toBe('#1 — first sync with m: +FULLRESYNC (started at 0.002 s)');
    expect(lines[1]).toMatch(/^ {2}\+0\.000 s +r1 → m {2}PING {2}\(14 B\)$/);
    expect(lines.at(-1)).toMatch(/^▶ .*REPLCONF ACK 0 ×2/);
  });

  it('gives each reconnection its own section with its heading', async () => {
    const root = await render('partial-resync.scn', 12000);
    expect(drawn(root, /^#1 — first sync with m: \+FULLRESYNC/)).toHaveLength(1);
    expect(drawn(root, /^#2 — after the link was cut: \+CONTINUE/)).toHaveLength(1);
  });

  it('offers a replica picker when several replicas synced, and draws the one asked for', async () => {
    const root = await render('two-replicas.scn', 8000, 8000, 'r2');
    const picker = byRole(root, 'combobox', 'Replica');
    expect(byTestId(root, 'handshake-replica')).toBe(picker);
    expect(byRole(picker, 'option', 'r1').attrs.value).toBe('r1');
    expect(byRole(picker, 'option', 'r2').attrs.selected).toBeDefined();
    expect(nameOf(diagram(root))).toMatch(/^Sequence diagram of r2 /);
    expect(drawn(root, 'REPLCONF listening-port 6381')).toHaveLength(1);
    expect(text(root)).not.toContain('REPLCONF listening-port 6380');
  });

  it('says so when no replica has started a handshake yet', async () => {
    const root = await render('first-sync.scn', 0);
    expect(allByText(root, 'No replica has started a handshake yet.').map(text)).toEqual(['No replica has started a handshake yet.']);
    expect(allByRole(root, 'img')).toEqual([]);
    expect(all(root, (e) => e.tag === 'svg')).toEqual([]);
  });
});
