// What a reader of the INFO panel, the console and the offset chart sees on real runs.

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InfoPanel } from './InfoPanel.tsx';
import { RedisConsole } from './RedisConsole.tsx';
import { OffsetChart } from './OffsetChart.tsx';
import { consoleTranscript, load, sample, scenario, tEn } from './console-test-run.ts';

const noop = () => {};

describe('InfoPanel', () => {
  it('prints INFO replication line by line and marks master_repl_offset with "was → now (+delta)"', async () => {
    const tl = load(scenario('propagation.scn'));
    await tl.advanceTo(8);
    const previous = tl.snapshot().views;
    await tl.advanceTo(2100);
    const html = renderToStaticMarkup(<InfoPanel views={tl.snapshot().views} previous={previous} node="m" onNode={noop} t={tEn} />);
    expect(html).toContain('<span class="ip-key">master_repl_offset</span>:<span class="ip-val">301</span>');
    expect(html).toMatch(/data-changed="changed"[^]*?master_repl_offset[^]*?data-testid="delta-master_repl_offset">0 → 301 \(\+301\)</);
    expect(html).toContain('state wait_bgsave → online · offset 0 → 301 (+301)');
    expect(html).toContain('<li class="ip-line ip-field"><span class="ip-mark" aria-hidden="true"></span><span class="ip-text"><span class="ip-key">master_replid</span>');
    expect(html).toContain('3 fields changed since the previous moment.');
    expect(html.match(/<li /g)).toHaveLength(13);
  });

  it('marks nothing when there is no previous moment', async () => {
    const tl = load(scenario('propagation.scn'));
    await tl.advanceTo(2100);
    const html = renderToStaticMarkup(<InfoPanel views={tl.snapshot().views} node="r1" onNode={noop} t={tEn} />);
    expect(html).not.toContain('<li class="ip-line ip-field" data-changed');
    expect(html).toContain('No earlier moment to compare with yet.');
    expect(html).toContain('aria-selected="true" aria-controls="ip-panel-r1"');
  });
});

describe('RedisConsole', () => {
  it("shows each command after redis-cli's prompt for that node, with the selected db", async () => {
    const text = 'seed 1\nnode m r1\nr1> SELECT 2\nr1> GET a\n';
    const tl = load(text);
    await tl.advanceTo(10);
    const html = renderToStaticMarkup(
      <RedisConsole nodes={tl.snapshot().views} node="r1" onNode={noop} transcript={consoleTranscript(text)} onCommand={noop} t={tEn} />,
    );
    expect(html).toContain('<span class="rc-p">127.0.0.1:6380&gt; </span><span class="rc-in">SELECT 2</span>');
    expect(html).toContain('<span class="rc-p">127.0.0.1:6380[2]&gt; </span><span class="rc-in">GET a</span></div><pre class="rc-out">(nil)</pre>');
    expect(html).toMatch(/role="log" tabindex="0" aria-live="polite" aria-label="redis-cli output of r1"/);
  });
});

describe('OffsetChart', () => {
  it('draws a line per node and per link, the cursor, and a table of the values at the cursor', async () => {
    const samples = await sample(scenario('propagation.scn'), 3000, 20);
    const html = renderToStaticMarkup(<OffsetChart samples={samples} cursorMs={1500} onSeek={noop} t={tEn} />);
    expect(html.match(/class="oc-line"/g)).toHaveLength(3);
    expect(html.match(/class="oc-cursor"/g)).toHaveLength(2);
    expect(html).toContain('role="img" aria-label="Replication offsets: 2 lines from 0.000 s to 3.000 s. m master_repl_offset is 301 at the cursor; r1 slave_repl_offset is 301 at the cursor"');
    expect(html).toContain('At the cursor, t = 1.500 s');
    // At 1.5 s r1 is online but has not acknowledged the 301 bytes yet.
    expect(html).toMatch(/m→r1<\/th><td class="mono">online<\/td><td class="mono num">301<\/td>/);
  });
});
