// Runs a scenario for the panel tests: the real frames, trace and views of a Timeline at a moment.
import { readFileSync } from 'node:fs';
import { Timeline } from '../../runtime/timeline.ts';
import { SIM_EPOCH_MS, type FrameRecord } from '../../runtime/sim.ts';
import type { NodeView } from '../../runtime/protocol.ts';
import type { TraceEntry } from '../../runtime/trace.ts';
import { en } from '../i18n/handshake.ts';

export interface Run {
  frames: FrameRecord[];
  trace: TraceEntry[];
  views: NodeView[];
  cursorAbsMs: number;
}

export const scenario = (name: string): string => readFileSync(new URL(`../../../scenarios/${name}`, import.meta.url), 'utf8');

/** Loads scenario text and runs it to `ms` (simulated ms since the start). */
export async function runTo(text: string, ms: number): Promise<Run> {
  const frames: FrameRecord[] = [];
  const r = Timeline.load(text, { events: { onFrame: (f) => frames.push(f) } });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.advanceTo(ms);
  return { frames, trace: [...r.timeline.trace], views: [...r.timeline.snapshot().views], cursorAbsMs: SIM_EPOCH_MS + ms };
}

/** The English catalogue as the panels' `t`. */
export function tEn(key: string, vars: Record<string, string | number> = {}): string {
  let s: string = (en as Record<string, string>)[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** two-replicas.scn's cluster, with a slow link to r1 and writes before and during the RDB transfer. */
export function withWrites(limits?: string): string {
  const lines = scenario('two-replicas.scn').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const head = lines.slice(0, lines.findIndex((l) => l.startsWith('r2> REPLICAOF')) + 1);
  if (!head.join('\n').includes('r1> REPLICAOF m 6379')) throw new Error('two-replicas.scn changed');
  return [
    ...head.slice(0, 3),
    ...(limits ? [`m> CONFIG SET client-output-buffer-limit "${limits}"`] : []),
    'bandwidth m r1 64kbit',
    ...head.slice(3),
    'sleep 2s',
    'repeat 50 m> SET early:{i} value-{i}',
    'at 5100ms',
    'repeat 50 m> SET w:{i} value-{i}',
    'at 5600ms',
    'repeat 50 m> SET x:{i} value-{i}',
    'sleep 5s',
  ].join('\n');
}
