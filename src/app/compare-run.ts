// One scenario run under a version, summed up for the compare view (compare.ts): the simulator
// runs here, so the page loads this only where it has no Web Worker (compare-runner.ts).

import { atLeast, versionProfile, type RedisVersion } from '../engine/version.ts';
import { runScenario } from '../runtime/run-scenario.ts';
import { SIM_EPOCH_MS, type FrameRecord } from '../runtime/sim.ts';
import type { TraceEntry } from '../runtime/trace.ts';
import { parseScenario } from '../scenario/parse.ts';
import { handshakesOf, type NodeSummary, type RunSummary } from './compare.ts';

/** Runs scenario text under a version and sums up its syncs. Throws on a scenario that does not parse. */
export function summarizeRun(text: string, version: RedisVersion): RunSummary {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `line ${e.line}: ${e.message}`).join('\n'));
  const frames: FrameRecord[] = [];
  const trace: TraceEntry[] = [];
  const res = runScenario(parsed.steps, parsed.seed, {
    version,
    onTrace: (e) => { if (e.kind === 'event') trace.push(e); },
    simOptions: { onFrame: (f) => { if (f.kind === 'handshake') frames.push(f); } },
  });
  const p = versionProfile(version);
  const counters = atLeast(version, '2.8');
  const nodes: NodeSummary[] = [];
  for (const name of parsed.nodes) {
    const v = res.sim.nodes.get(name)?.lastView;
    if (!v) continue;
    nodes.push({
      name, role: v.role, linkUp: v.linkUp,
      syncFull: counters ? v.syncFull : null, syncPartialOk: counters ? v.syncPartialOk : null, syncPartialErr: counters ? v.syncPartialErr : null,
      masterReplOffset: counters ? v.masterReplOffset : null, slaveReplOffset: counters ? v.slaveReplOffset : null, keys: v.keys,
    });
  }
  const handshakes = handshakesOf(frames, trace);
  return {
    version, release: p.release, protocol: p.protocol, handshakes, nodes,
    fullSyncs: handshakes.filter((h) => h.outcome === 'full').length,
    partialSyncs: handshakes.filter((h) => h.outcome === 'partial').length,
    failures: res.failures.map((f) => `${f.text}: ${f.failure}`),
    unknownCommands: res.transcript.filter((i) => i.output.startsWith("(error) ERR unknown command")).map((i) => i.text),
    endMs: res.sim.nowMs - SIM_EPOCH_MS,
  };
}
