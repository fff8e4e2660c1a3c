// Names a user picks that are also the names of Object.prototype's members: a node called
// `constructor` or `toString` is a node like any other, inline and behind a MessageChannel.

import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { channelHost } from './channel-host.ts';
import { runScenario } from './run-scenario.ts';
import { Timeline } from './timeline.ts';
import { WorkerSim } from './worker-sim.ts';

const NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];

const scenario = (r: string) => `seed 5
node m ${r}
${r}> REPLICAOF m 6379
sleep 7s
m> SET constructor 1
latency m ${r} 20ms
m> SET toString 2
sleep 1s
expect ${r}> GET constructor == "1"
expect ${r}> GET toString == "2"
expect m> INFO replication ~ "slave0:ip=172.18.0.3,port=6380,state=online"
`;

const sims: WorkerSim[] = [];
afterEach(() => { for (const s of sims.splice(0)) s.dispose(); });

describe('nodes named like Object.prototype members', () => {
  for (const name of NAMES) {
    it(`runs a replica named ${name} to its end, inline and in a host`, async () => {
      const text = scenario(name);
      const p = parseScenario(text);
      if (!p.ok) throw new Error(JSON.stringify(p.errors));
      const res = runScenario(p.steps, p.seed);
      expect(res.failures).toEqual([]);
      expect(res.transcript.at(-1)!.timeMs).toBeLessThan(40_000);

      const r = Timeline.load(text, {
        makeSim: (o) => {
          const s = new WorkerSim({ ...o, spawn: () => channelHost() });
          sims.push(s);
          return s;
        },
      });
      if (!r.ok) throw new Error(r.errors.join('\n'));
      await r.timeline.advanceTo(r.timeline.scriptEndMs);
      expect(r.timeline.fault).toBeNull();
      expect(r.timeline.snapshot().traceHash).toBe(res.hash);
    });
  }
});
