import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';
import type { TraceEntry } from './trace.ts';
import type { RedisVersion } from '../engine/version.ts';

/** The backlog shape the master created for its first replica. */
function backlogShape(text: string, version?: RedisVersion): string | undefined {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const seen: TraceEntry[] = [];
  runScenario(p.steps, p.seed, { version, onTrace: (e) => seen.push(e) });
  for (const e of seen) if (e.kind === 'event' && e.event.type === 'backlogCreated') return e.event.mode;
  return undefined;
}

// SLAVEOF: the one spelling every version knows (REPLICAOF arrived in 5.0).
const ATTACH = 'node m r1\nr1> SLAVEOF m 6379\nuntil r1 online\n';

describe('the version a scenario runs under', () => {
  it('gives 7.0 the shared replication buffer and 6.2 the fixed ring backlog', () => {
    expect(backlogShape(ATTACH)).toBe('shared');
    expect(backlogShape(`version 6.2\n${ATTACH}`)).toBe('ring');
  });

  it('lets the caller override the scenario\'s own version line', () => {
    expect(backlogShape(`version 6.2\n${ATTACH}`, '7.0')).toBe('shared');
    expect(backlogShape(ATTACH, '4.0')).toBe('ring');
  });
});
