// What a reader of the INFO panel, the console and the offset chart sees on real runs.

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InfoPanel } from './InfoPanel.tsx';
import { RedisConsole } from './RedisConsole.tsx';
import { OffsetChart } from './OffsetChart.tsx';
import { chartsAt, consoleTranscript, load, scenario, tEn } from './console-test-run.ts';
import { all, allByRole, byRole, byTestId, parseMarkup, text, text as textOf, type El } from '../test-dom.ts';

const noop = () => {};

/** The INFO line (a list item) reading `field:...`. */
const infoLine = (root: El, field: string) => allByRole(root, 'listitem').find((li) => new RegExp(`(^|changed: )${field}:`).test(text(li)));

describe('InfoPanel', () => {
  it('prints INFO replication line by line and marks master_repl_offset with "was → now (+delta)"', async () => {
    const tl = load(scenario('propagation.scn'));
    await tl.advanceTo(8);
    const previous = tl.snapshot().views;
    await tl.advanceTo(2100);
    const root = parseMarkup(renderToStaticMarkup(<InfoPanel views={tl.snapshot().views} previous={previous} node="m" onNode={noop} t={tEn} />));
    const offset = infoLine(root, 'master_repl_offset')!;
    expect(text(offset)).toContain('master_repl_offset:301');
    expect(offset.attrs['data-changed']).toBe('changed');
    expect(text(byTestId(offset, 'delta-master_repl_offset'))).toBe('0 → 301 (+301)');
    expect(text(root)).toContain('state wait_bgsave → online · offset 0 → 301 (+301)');
    expect(infoLine(root, 'master_replid')!.attrs['data-changed']).toBeUndefined();
    expect(text(root)).toContain('3 fields changed since the previous moment.');
    expect(allByRole(root, 'listitem')).toHaveLength(13);
  });

  it('marks nothing when there is no previous moment', async () => {
    const tl = load(scenario('propagation.scn'));
    await tl.advanceTo(2100);
    const root = parseMarkup(renderToStaticMarkup(<InfoPanel views={tl.snapshot().views} node="r1" onNode={noop} t={tEn} />));
    expect(allByRole(root, 'listitem').filter((li) => li.attrs['data-changed'] !== undefined)).toEqual([]);
    expect(text(root)).toContain('No earlier moment to compare with yet.');
    const tab = byRole(root, 'tab', 'r1');
    expect(tab.attrs['aria-selected']).toBe('true');
    expect(tab.attrs['aria-controls']).toBe('ip-panel-r1');
    expect(all(root, (e) => e.attrs.id === 'ip-panel-r1')).toHaveLength(1);
  });
});

describe('RedisConsole', () => {
  it("shows each command after redis-cli's prompt for that node, with the selected db", async () => {
    const text = 'seed 1\nnode m r1\nr1> SELECT 2\nr1> GET a\n';
    const tl = load(text);
    await tl.advanceTo(10);
    const root = parseMarkup(renderToStaticMarkup(
      <RedisConsole nodes={tl.snapshot().views} node="r1" onNode={noop} transcript={consoleTranscript(text)} onCommand={noop} t={tEn} />,
    ));
    const log = byRole(root, 'log', 'redis-cli output of r1');
    expect(log.attrs.tabindex).toBe('0');
    expect(log.attrs['aria-live']).toBe('polite');
    expect(textOf(log)).toContain('127.0.0.1:6380> SELECT 2');
    expect(textOf(log)).toContain('127.0.0.1:6380[2]> GET a(nil)');
  });
});

describe('OffsetChart', () => {
  it('draws a line per node and per link, the cursor, and a table of the values at the cursor', async () => {
    const { charts, views, down } = await chartsAt(scenario('propagation.scn'), 1500);
    const html = renderToStaticMarkup(<OffsetChart charts={charts} views={views} down={down} cursorMs={1500} onSeek={noop} t={tEn} />);
    const root = parseMarkup(html);
    expect(html.match(/class="oc-line"/g)).toHaveLength(3);
    expect(html.match(/class="oc-cursor"/g)).toHaveLength(2);
    byRole(root, 'img', 'Replication offsets: 2 lines from 0.000 s to 1.500 s. m master_repl_offset is 301 at the cursor; r1 slave_repl_offset is 301 at the cursor');
    expect(text(byTestId(root, 'offset-table'))).toContain('At the cursor, t = 1.500 s');
    // At 1.5 s r1 is online but has not acknowledged the 301 bytes yet.
    const row = allByRole(root, 'row').find((r) => allByRole(r, 'rowheader').some((h) => text(h).trim() === 'm→r1'))!;
    expect(allByRole(row, 'cell').map(text).slice(0, 2)).toEqual(['online', '301']);
  });
});
