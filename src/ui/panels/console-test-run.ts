// Real runs for the console panels' tests: a scenario's console transcript, views sampled over
// simulated time, and the English catalogue as the panels' `t`.
import { readFileSync } from 'node:fs';
import { Timeline } from '../../runtime/timeline.ts';
import type { Reply } from '../../engine/resp.ts';
import { en } from '../i18n/console.ts';
import type { ConsoleEntry } from './console-screen.ts';
import type { Sample } from './series.ts';

export const scenario = (name: string): string => readFileSync(new URL(`../../../scenarios/${name}`, import.meta.url), 'utf8');

export function tEn(key: string, vars: Record<string, string | number> = {}): string {
  let s: string = (en as Record<string, string>)[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

export function load(text: string, onReply?: (node: string, reply: Reply | null) => void): Timeline {
  const r = Timeline.load(text, { events: { onReply: (x) => onReply?.(x.node, x.reply) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.timeline;
}

/** The console lines of a scenario ("m> SET a 1") with what redis-cli printed for each. */
export function consoleTranscript(text: string): ConsoleEntry[] {
  const r = Timeline.load(text);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.transcript.flatMap((it) => {
    const m = /^([A-Za-z][\w-]*)> (.*)$/.exec(it.text);
    return m ? [{ node: m[1], input: m[2], output: it.output, atMs: it.timeMs }] : [];
  });
}

/** The node views (and the nodes down) every stepMs from 0 to endMs, as the page collects them. */
export async function sample(text: string, endMs: number, stepMs: number): Promise<Sample[]> {
  const tl = load(text);
  const out: Sample[] = [];
  for (let ms = 0; ms <= endMs; ms += stepMs) {
    await tl.advanceTo(ms);
    const down = [...tl.simulator.nodes.values()].filter((n) => !n.alive).map((n) => n.name);
    out.push({ tMs: ms, views: tl.snapshot().views, down });
  }
  return out;
}
