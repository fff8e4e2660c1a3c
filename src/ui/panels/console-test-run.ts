// Real runs for the console panels' tests: a scenario's console transcript, the offset charts the
// store builds from the trace, and the English catalogue as the panels' `t`.
import { readFileSync } from 'node:fs';
import { Timeline } from '../../runtime/timeline.ts';
import type { Reply } from '../../engine/resp.ts';
import { en as consoleEn } from '../i18n/console.ts';
import { en as infoChartEn } from '../i18n/info-charts.ts';
import type { ConsoleEntry } from './console-screen.ts';
import { RunIndex } from '../../app/run-index.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { Charts } from './series.ts';

export const scenario = (name: string): string => readFileSync(new URL(`../../../scenarios/${name}`, import.meta.url), 'utf8');

const en: Record<string, string> = { ...consoleEn, ...infoChartEn };

export function tEn(key: string, vars: Record<string, string | number> = {}): string {
  let s: string = en[key] ?? key;
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

/** A run up to `ms` as the page has it then: the charts built from its trace, the views, the nodes down. */
export async function chartsAt(text: string, ms: number): Promise<{ charts: Charts; views: readonly NodeView[]; down: readonly string[] }> {
  const index = new RunIndex();
  const r = Timeline.load(text, { events: { onTrace: (b) => index.add(b), onRewind: (keep) => index.cutBack(keep) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  const snap = r.timeline.snapshot();
  return { charts: index.offsets.charts(snap.cursorMs), views: snap.views, down: snap.down };
}
