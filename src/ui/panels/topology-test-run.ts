// Runs a scenario for the topology tests: the real views and frames of a Timeline at a moment.
import { readFileSync } from 'node:fs';
import { Timeline } from '../../runtime/timeline.ts';
import { SIM_EPOCH_MS, type FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import { en } from '../i18n/topology.ts';

export interface TopoRun {
  readonly frames: FrameRecord[];
  readonly views: NodeView[];
  readonly cursorAbsMs: number;
  readonly timeline: Timeline;
}

export const scenarioFile = (name: string): string => readFileSync(new URL(`../../../scenarios/${name}`, import.meta.url), 'utf8');

/** Loads scenario text and runs it to `ms` (simulated ms since the start). */
export async function runTo(text: string, ms: number): Promise<TopoRun> {
  const frames: FrameRecord[] = [];
  const r = Timeline.load(text, { events: { onFrame: (f) => frames.push(f) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  return { frames, views: [...r.timeline.snapshot().views], cursorAbsMs: SIM_EPOCH_MS + ms, timeline: r.timeline };
}

/** The English catalogue as the panel's `t`. */
export function tEn(key: string, vars: Record<string, string | number> = {}): string {
  let s: string = (en as Record<string, string>)[key] ?? `??${key}`;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}
