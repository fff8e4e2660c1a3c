// Consecutive console lines run at one simulated instant (docs/fidelity.md, "Console clients are
// local"); a sleep of one round trip between them gives the order a real redis-cli sees.

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';

function lastOutput(text: string): string {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return runScenario(parsed.steps, parsed.seed).transcript.at(-1)!.output;
}

const RACE = (between: string) => `seed 5
node m r1
r1> REPLICAOF m 6379
until r1 online
sleep 2s
m> SET a 1
${between}r1> REPLICAOF NO ONE
r1> GET a
`;

describe('consecutive console lines', () => {
  it('run at one instant: a write typed just before REPLICAOF NO ONE on its replica has not reached it', () => {
    expect(lastOutput(RACE(''))).toBe('(nil)\n');
  });

  it('with a round trip (2 ms) between them, the write reaches the replica first, as with redis-cli', () => {
    expect(lastOutput(RACE('sleep 2ms\n'))).toBe('"1"\n');
  });
});
