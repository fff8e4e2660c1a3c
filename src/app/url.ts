// What the page's URL asks for: ?example=NAME or ?scenario=TEXT, &play=end, &host=inline|worker,
// &lang=en|zh-CN, and the failAt test hook.

import type { Host } from './hosts.ts';

export interface BootParams {
  readonly example: string | null;
  /** Scenario text given in the URL (URL-encoded in the query). */
  readonly scenario: string | null;
  /** Run the whole script at once after loading. */
  readonly playToEnd: boolean;
  readonly host: Host | null;
  readonly lang: 'en' | 'zh-CN' | null;
  /** TEST HOOK ONLY: makes every node's host fail on this command (see hosts.ts failingHost). */
  readonly failAt: string | null;
  /** `theme=light|dark`: the colour theme (otherwise the saved choice, else the system's). */
  readonly theme: 'light' | 'dark' | null;
  /** `present=1`: start in presenter mode (large type for a projector). */
  readonly present: boolean;
}

export function readBootParams(search: string): BootParams {
  const q = new URLSearchParams(search);
  const host = q.get('host');
  const lang = q.get('lang');
  return {
    example: q.get('example'),
    scenario: q.get('scenario'),
    playToEnd: q.get('play') === 'end',
    host: host === 'inline' || host === 'worker' ? host : null,
    lang: lang === 'en' || lang === 'zh-CN' ? lang : lang === 'zh' ? 'zh-CN' : null,
    failAt: q.get('failAt') || null,
    theme: q.get('theme') === 'light' || q.get('theme') === 'dark' ? (q.get('theme') as 'light' | 'dark') : null,
    present: q.get('present') === '1' || q.get('present') === 'on',
  };
}
