// The engine side of the fidelity check: runs a parsed scenario inline with runScenario and records
// every reply, the commanded node's master_repl_offset around each command, the nodes' logs, the
// PINGs each master fed to its stream, and the nodes' INFO fields at the end.

import { repeatArgv, type ScenarioStep } from '../../src/scenario/parse.ts';
import { runScenario } from '../../src/runtime/run-scenario.ts';
import { SIM_EPOCH_MS, type ReplyEvent, type Sim } from '../../src/runtime/sim.ts';
import { infoCommand } from '../../src/engine/info.ts';
import { configInt } from '../../src/engine/config.ts';
import type { Reply } from '../../src/engine/resp.ts';
import { infoFields, parseLogLine, printedReply } from './fidelity-normalize.ts';
import { PUSHED_ARGV, type LogEntry, type NodeEnd, type ReplyRecord, type StepRecord, type WorldRun } from './fidelity-types.ts';

function offsetOf(sim: Sim, node: string | null): number | null {
  if (node === null) return null;
  const st = sim.nodes.get(node)?.state;
  return st ? st.masterReplOffset : null;
}

function stepNode(st: ScenarioStep): string | null {
  return st.type === 'command' || st.type === 'expect' || st.type === 'repeat' || st.type === 'until' || st.type === 'nowait' ? st.node : null;
}

/** The commands a step sends to its node's console, in order. */
function stepArgvs(st: ScenarioStep): (readonly string[])[] {
  if (st.type === 'command' || st.type === 'expect' || st.type === 'nowait') return [st.argv];
  if (st.type === 'repeat') return Array.from({ length: st.count }, (_, i) => repeatArgv(st.argv, i + 1));
  return [];
}

/** A reply a step waits for; a `nowait` step's reply is discarded whenever it comes. */
interface Slot {
  readonly step: number;
  readonly discard: boolean;
}

export interface EngineExtras {
  /** For each replica at the end, the name of its master. */
  readonly masterOf: Map<string, string>;
  readonly pingPeriodSec: number;
}

export function runEngine(steps: readonly ScenarioStep[], seed: number): { run: WorldRun; extras: EngineExtras } {
  // Replies come back in order per node console (as runScenario's ReplyQueue has it): each sent
  // command has a slot; a node that exits or refuses answers all of its open slots at once.
  const open = new Map<string, Slot[]>();
  const got = new Map<number, ReplyEvent[]>();
  const register = (i: number) => {
    const st = steps[i];
    const node = st ? stepNode(st) : null;
    if (!st || node === null) return;
    const q = open.get(node) ?? [];
    for (let k = 0; k < stepArgvs(st).length; k++) q.push({ step: i, discard: st.type === 'nowait' });
    open.set(node, q);
  };
  const fill = (slot: Slot, r: ReplyEvent) => {
    if (!slot.discard) got.set(slot.step, [...(got.get(slot.step) ?? []), r]);
  };
  // Replies no slot waits for: the messages a subscribed console reads until its ctrl-c.
  const pushes = new Map<string, ReplyEvent[]>();
  const deliver = (r: ReplyEvent) => {
    const q = open.get(r.node);
    if (!q || q.length === 0) {
      if (r.note === undefined && r.reply) pushes.set(r.node, [...(pushes.get(r.node) ?? []), r]);
      return;
    }
    if (r.note === 'exited' || r.note === 'refused') {
      for (const slot of q) fill(slot, r);
      q.length = 0;
    } else fill(q.shift()!, r);
  };
  let stepIndex = 0;
  register(0);
  const logs = new Map<string, LogEntry[]>();
  const pings = new Map<string, number[]>();
  const starts = new Map<string, number[]>();
  const stops = new Map<string, number[]>();
  const records: StepRecord[] = [];
  const lastOffset = new Map<string, number | null>();
  let untilOk: boolean | null = null;
  let stepStartMs = 0;

  const result = runScenario(steps, seed, {
    simOptions: { onReply: (r) => { if (r.clientId === 'console') deliver(r); } },
    onTrace: (e) => {
      if (e.kind === 'log') {
        const p = parseLogLine(e.line);
        const list = logs.get(e.node) ?? [];
        list.push({ ms: e.t, role: p?.role ?? '?', level: e.level, msg: e.text });
        logs.set(e.node, list);
      } else if (e.kind === 'event' && e.event.type === 'commandPropagated') {
        if (e.event.argv[0] === 'PING') pings.set(e.node, [...(pings.get(e.node) ?? []), e.t]);
      } else if (e.kind === 'boot') {
        starts.set(e.node, [...(starts.get(e.node) ?? []), e.t]);
      } else if ((e.kind === 'nodeAction' && e.action === 'crash') || e.kind === 'exit') {
        stops.set(e.node, [...(stops.get(e.node) ?? []), e.t]);
      }
    },
    onItem: (it) => {
      stepStartMs = it.timeMs;
      untilOk = it.failure === undefined;
    },
    afterStep: (sim, st) => {
      const node = stepNode(st);
      const argvs = st.type === 'nowait' ? [] : stepArgvs(st);
      const mine = got.get(stepIndex) ?? [];
      got.delete(stepIndex);
      register(++stepIndex);
      const recs: ReplyRecord[] = [];
      for (let i = 0; i < argvs.length; i++) {
        const r = mine[i];
        if (!r) break;
        const port = sim.nodes.get(r.node)?.port;
        recs.push({ argv: argvs[i], printed: r.note === 'refused' ? printedReply(argvs[i], null, port) : printedReply(argvs[i], r.reply as Reply | null) });
      }
      if (st.type === 'closeConsole') {
        const msgs = pushes.get(st.node) ?? [];
        pushes.delete(st.node);
        if (msgs.length > 0) recs.push({ argv: [PUSHED_ARGV], printed: msgs.map((m) => printedReply([PUSHED_ARGV], m.reply as Reply)).join('\n') });
      }
      const isCmd = argvs.length > 0;
      records.push({
        line: st.line, text: st.text.trim(), kind: st.type, node, startMs: stepStartMs, endMs: sim.nowMs - SIM_EPOCH_MS,
        replies: recs,
        offsetBefore: isCmd && node !== null ? lastOffset.get(node) ?? null : null,
        offsetAfter: isCmd ? offsetOf(sim, node) : null,
        untilOk: st.type === 'until' ? untilOk : null,
      });
      for (const n of sim.nodes.keys()) lastOffset.set(n, offsetOf(sim, n));
    },
  });

  const sim = result.sim;
  const end = new Map<string, NodeEnd>();
  const ports = new Map<string, number>();
  const masterOf = new Map<string, string>();
  let pingPeriodSec = 10;
  for (const [name, n] of sim.nodes) {
    ports.set(name, n.port);
    const st = n.state;
    if (!n.alive || !st) {
      end.set(name, { alive: false, fields: new Map() });
      continue;
    }
    const info = infoCommand(st, ['replication', 'stats']);
    end.set(name, { alive: true, fields: infoFields(info.type === 'bulk' && info.v !== null ? info.v : '') });
    if (st.masterHost !== null) {
      const m = sim.nodeByAddress(st.masterHost, st.masterPort);
      if (m) masterOf.set(name, m.node.name);
    } else {
      pingPeriodSec = configInt(st.config, 'repl-ping-replica-period');
    }
  }
  return {
    run: {
      world: 'engine', steps: records, end, logs, starts, stops, ports, pings,
      totalMs: sim.nowMs - SIM_EPOCH_MS,
    },
    extras: { masterOf, pingPeriodSec },
  };
}
