// Runs a scenario for the panel tests: the real views, frames and trace of a Timeline at a moment.
import { readFileSync } from 'node:fs';
import { Timeline } from '../../runtime/timeline.ts';
import type { FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { fillVars } from '../i18n.ts';
import { en } from '../i18n/topology.ts';

export interface TopoRun {
  readonly frames: FrameRecord[];
  readonly trace: TraceEntry[];
  readonly views: NodeView[];
  readonly cursorMs: number;
  readonly timeline: Timeline;
}

export const scenarioFile = (name: string): string => readFileSync(new URL(`../../../scenarios/${name}`, import.meta.url), 'utf8');

/** Loads scenario text and runs it to `ms` (simulated ms since the start). */
export async function runTo(text: string, ms: number): Promise<TopoRun> {
  const frames: FrameRecord[] = [];
  const r = Timeline.load(text, { events: { onFrame: (f) => frames.push(f) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  return { frames, trace: [...r.timeline.trace], views: [...r.timeline.snapshot().views], cursorMs: ms, timeline: r.timeline };
}

/** A catalogue as a panel's `t`; a key it lacks shows as `missing(key)`. */
export function catalogueT(cat: Readonly<Record<string, string>>, missing: (key: string) => string = (k) => `??${k}`) {
  return (key: string, vars: Record<string, string | number> = {}): string => fillVars(cat[key] ?? missing(key), vars);
}

/** The English topology catalogue as the panel's `t`. */
export const tEn = catalogueT(en);
