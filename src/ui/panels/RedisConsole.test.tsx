// A console waiting for its reply, and one whose redis-cli was ended with Ctrl+C, as a reader sees
// them: the blocked command with its timeout counting down, ^C and a new redis-cli's prompt.

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../runtime/protocol.ts';
import type { ConsoleWait } from '../../app/store.ts';
import { panelT } from '../i18n/panels.ts';
import { waitText } from '../ConsoleWaitLine.tsx';
import { RedisConsole } from './RedisConsole.tsx';
import { buildScreen, type ConsoleEntry } from './console-screen.ts';
import { byTestId, parseMarkup, text } from '../test-dom.ts';

const t = panelT('en');
const zh = panelT('zh-CN');
const noop = () => {};
const views = [{ name: 'm', port: 6379 }, { name: 'r1', port: 6380 }] as unknown as NodeView[];

const entry = (input: string, output: string | null, atMs: number, ended?: ConsoleEntry['ended']): ConsoleEntry =>
  ({ node: 'm', input, output, atMs, ...(ended ? { ended } : {}) });

const wait = (argv: string[], blocked: ConsoleWait['blocked']): ConsoleWait => ({ node: 'm', index: 40, argv, sentMs: 6000, blocked, played: true, generation: 1 });

describe('a waiting console', () => {
  it('says what a blocked WAIT waits for, with the timeout left in simulated seconds, and nothing else for a reply on its way', () => {
    const w = wait(['WAIT', '5', '3000'], { command: 'WAIT', untilMs: 9000 });
    expect(waitText(w, 7600, true, t)).toBe('WAIT 5 3000 is blocked: the timeout answers in 1.4 s of simulated time.');
    expect(waitText(w, 7600, true, zh)).toBe('WAIT 5 3000 已阻塞：超时将在模拟时间 1.4 秒后给出回复。');
    expect(waitText(wait(['WAIT', '5', '0'], { command: 'WAIT', untilMs: null }), 7600, true, t)).toBe('WAIT 5 0 is blocked with no timeout: it waits until enough replicas acknowledge.');
    expect(waitText(wait(['DEBUG', 'SLEEP', '2'], { command: 'DEBUG SLEEP', untilMs: 8000 }), 7000, true, t)).toBe('The server sleeps (DEBUG SLEEP 2): it answers in 1.0 s of simulated time.');
    expect(waitText(wait(['GET', 'k'], null), 6000, false, t)).toBe('Waiting for the reply to GET k: press Play to let it come.');
  });

  it('draws the waiting command without a reply, the wait line above an input marked waiting, and the hooks', () => {
    const html = renderToStaticMarkup(
      <RedisConsole nodes={views} node="m" onNode={noop} onCommand={noop} t={t} transcript={[entry('WAIT 5 3000', null, 6000)]}
        waiting={['m']} waitLine={<p data-testid="console-wait">WAIT 5 3000 is blocked</p>} />,
    );
    const root = parseMarkup(html);
    expect(text(byTestId(root, 'console-output'))).toContain('127.0.0.1:6379> WAIT 5 3000');
    expect(text(byTestId(root, 'console-output'))).toContain('waiting for the reply…');
    expect(text(byTestId(root, 'console-wait'))).toBe('WAIT 5 3000 is blocked');
    expect(byTestId(root, 'console-input').attrs['data-waiting']).toBe('yes');
    expect(byTestId(root, 'console-tab-r1').attrs['aria-selected']).toBe('false');
  });

  it('after Ctrl+C shows ^C, says a new redis-cli is connected, and prompts as a new redis-cli (database 0)', () => {
    const entries = [entry('SELECT 2', 'OK', 0), entry('WAIT 5 0', null, 10, 'cancelled'), entry('GET k', '(nil)', 20)];
    const screen = buildScreen(entries, [], 6379);
    expect(screen.items.map((i) => `${i.prompt}${i.input} => ${i.text}`)).toEqual([
      '127.0.0.1:6379> SELECT 2 => OK',
      '127.0.0.1:6379[2]> WAIT 5 0 => ^C',
      '127.0.0.1:6379> GET k => (nil)',
    ]);
    expect(screen.items[1]).toMatchObject({ error: false, pending: false, cancelled: true });
    const root = parseMarkup(renderToStaticMarkup(<RedisConsole nodes={views} node="m" onNode={noop} onCommand={noop} t={t} transcript={entries} />));
    expect(text(byTestId(root, 'console-output'))).toContain('^Credis-cli exited (Ctrl+C); a new redis-cli is connected to m.');
    expect(byTestId(root, 'console-input').attrs['data-waiting']).toBeUndefined();
  });
});
