// `replscope bench`: replicated-write throughput of the engine (inline simulator, 1 master + 4
// replicas) against a real redis-server cluster of the same shape driven by redis-benchmark, both
// measured in the same run; prints a table, the ratios and whether the engine meets its target.

import os from 'node:os';
import { runEngineBench, type EngineResult } from './bench-engine.ts';
import { findRedis, runRealBench, type RealResult } from './bench-redis.ts';
import { MiB, type Workload } from './bench-common.ts';

/** The engine should replicate writes at least this many times faster than the real cluster. */
const TARGET_RATIO = 3;

const USAGE = `usage: replscope bench [options]
  --writes N         SET commands on each side (default 100000)
  --engine-writes N  SET commands for the engine only
  --real-writes N    SET commands for redis-benchmark only
  --clients N        concurrent clients (default 50, redis-benchmark -c)
  --client-rtt-ms X  simulated client round trip in the engine (default 2: twice the simulated link latency)
  --seed N           engine seed (default 1)
  --port N           first port to try for the real cluster (default 7950)
  --engine-only      skip the real cluster
`;

interface BenchArgs {
  engineWrites: number;
  realWrites: number;
  clients: number;
  clientRttMs: number;
  seed: number;
  basePort: number;
  engineOnly: boolean;
}

function parseArgs(args: string[]): BenchArgs | string {
  const a: BenchArgs = { engineWrites: 100_000, realWrites: 100_000, clients: 50, clientRttMs: 2, seed: 1, basePort: 7950, engineOnly: false };
  for (let i = 0; i < args.length; i++) {
    const opt = args[i];
    if (opt === '--engine-only') {
      a.engineOnly = true;
      continue;
    }
    const raw = args[i + 1];
    const v = Number(raw);
    const int = raw !== undefined && Number.isInteger(v) && v > 0;
    switch (opt) {
      case '--writes':
        if (!int) return `${opt} needs a positive integer`;
        a.engineWrites = a.realWrites = v;
        break;
      case '--engine-writes':
        if (!int) return `${opt} needs a positive integer`;
        a.engineWrites = v;
        break;
      case '--real-writes':
        if (!int) return `${opt} needs a positive integer`;
        a.realWrites = v;
        break;
      case '--clients':
        if (!int) return `${opt} needs a positive integer`;
        a.clients = v;
        break;
      case '--seed':
        if (raw === undefined || !Number.isInteger(v)) return `${opt} needs an integer`;
        a.seed = v;
        break;
      case '--port':
        if (!int || v > 65000) return `${opt} needs a port number`;
        a.basePort = v;
        break;
      case '--client-rtt-ms':
        if (raw === undefined || !Number.isFinite(v) || v <= 0) return `${opt} needs a positive number`;
        a.clientRttMs = v;
        break;
      default:
        return `unknown option ${opt}`;
    }
    i++;
  }
  return a;
}

// ---------------------------------------------------------------- formatting

const num = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '');

type Row = [metric: string, engine: string, real: string, ratio: string];

function table(rows: Row[]): string {
  const head: Row = ['metric', 'engine', 'real redis', 'ratio'];
  const all = [head, ...rows];
  const w = [0, 1, 2, 3].map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: Row) =>
    [r[0].padEnd(w[0]), r[1].padStart(w[1]), r[2].padStart(w[2]), r[3].padStart(w[3])].join(' | ').trimEnd();
  const sep = w.map((x) => '-'.repeat(x)).join('-+-');
  return [line(head), sep, ...rows.map(line)].join('\n') + '\n';
}

function machineLine(redisVersion: string): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown cpu';
  return `machine: ${model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, ${os.platform()} ${os.release()}, node ${process.version}, redis ${redisVersion}`;
}

function report(w: { engine: Workload; real: Workload }, a: BenchArgs, e: EngineResult, r: RealResult | null, redisNote: string): string {
  const eAck = e.writes / (e.ackWallMs / 1000);
  const eRepl = e.writes / (e.replicatedWallMs / 1000);
  const rRepl = r ? r.writes / (r.replicatedWallMs / 1000) : NaN;
  const rAck = r ? r.benchmarkRps : NaN;
  const na = 'n/a';
  const rows: Row[] = [
    ['writes (SET)', num(e.writes), r ? num(r.writes) : na, ''],
    ['acknowledged writes/s (wall clock)', num(eAck), num(rAck), ratio(eAck, rAck)],
    ['replicated writes/s (wall clock)', num(eRepl), num(rRepl), ratio(eRepl, rRepl)],
    ['time to all replicas applied (s)', num(e.replicatedWallMs / 1000, 2), r ? num(r.replicatedWallMs / 1000, 2) : na, ''],
    ['events processed', num(e.events), na, ''],
    ['events processed/s', num(e.events / (e.replicatedWallMs / 1000)), na, ''],
    ['simulated time (s)', num(e.simMs / 1000, 3), na, ''],
    ['peak RSS (MiB)', num(e.peakRssBytes / MiB, 1), r ? num(r.peakRssBytes / MiB, 1) : na, ratio(e.peakRssBytes, r?.peakRssBytes ?? NaN)],
    ['peak heap / used_memory_peak (MiB)', num(e.peakHeapBytes / MiB, 1), r ? num(r.usedMemoryPeakBytes / MiB, 1) : na, ratio(e.peakHeapBytes, r?.usedMemoryPeakBytes ?? NaN)],
    ['keys on the master', num(e.keys), r ? num(r.keys) : na, ''],
    ['master_repl_offset (= every replica)', num(e.masterOffset), r ? num(r.masterOffset) : na, ''],
  ];
  let out = '';
  out += `${machineLine(r ? r.version : redisNote)}\n`;
  out += `workload: SET key:<12-digit random below ${w.engine.keyspace}> <${w.engine.valueBytes} bytes>, ${a.clients} clients, 1 master + 4 replicas, full sync done before timing\n`;
  out += `engine: inline simulator, seed ${a.seed}, ${a.clients} closed-loop clients, each sending its next SET ${a.clientRttMs} simulated ms after its reply (${num(e.writes / (e.simMs / 1000))} writes per simulated second); setup ${num(e.setupWallMs / 1000, 2)} s; trace hash ${e.traceHash}\n`;
  if (r) {
    out += `real redis: redis-server ${r.version} on 127.0.0.1:${r.ports[0]}-${r.ports[r.ports.length - 1]} (PIDs ${r.pids.join(' ')}), `;
    out += `redis-benchmark -t set -c ${w.real.clients} -n ${w.real.writes} -r ${w.real.keyspace} -d ${w.real.valueBytes} (ran ${num(r.benchmarkWallMs / 1000, 2)} s)\n`;
  } else {
    out += `real redis: not measured: ${redisNote}\n`;
  }
  out += '\n' + table(rows) + '\n';
  out += 'replicated writes/s = writes / wall-clock time from the first write until every replica\'s offset equals the master\'s\n';
  out += 'peak RSS: engine = this node process; real = sum over the 5 redis-server processes (VmHWM)\n';
  out += 'peak heap: engine = V8 heap used (sampled); real = sum of INFO used_memory_peak\n';
  out += 'ratio = engine / real redis\n\n';
  if (r) {
    const got = eRepl / rRepl;
    out += `target: engine replicated writes/s >= ${TARGET_RATIO.toFixed(2)}x real redis: ${got >= TARGET_RATIO ? 'MET' : 'NOT MET'} (${got.toFixed(2)}x: ${num(eRepl)} vs ${num(rRepl)} writes/s)\n`;
  } else {
    out += `target: engine replicated writes/s >= ${TARGET_RATIO.toFixed(2)}x real redis: not evaluated (no real cluster)\n`;
  }
  return out;
}

// ---------------------------------------------------------------- main

export async function benchMain(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`replscope bench: ${parsed}\n${USAGE}`);
    return 2;
  }
  const a = parsed;
  const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
  const base = { clients: a.clients, keyspace: 100_000, valueBytes: 3 };
  const w = { engine: { ...base, writes: a.engineWrites }, real: { ...base, writes: a.realWrites } };

  log(`engine: 1 master + 4 replicas, syncing, then ${w.engine.writes} writes`);
  let e: EngineResult;
  try {
    e = runEngineBench(w.engine, { seed: a.seed, replicas: 4, clientRttMs: a.clientRttMs });
  } catch (err) {
    process.stderr.write(`bench: FAILED: ${(err as Error).message}\n`);
    return 1;
  }
  log(`engine: done in ${(e.replicatedWallMs / 1000).toFixed(2)} s`);

  let r: RealResult | null = null;
  let redisNote = '--engine-only';
  let failed = false;
  if (!a.engineOnly) {
    const tools = findRedis(log);
    if ('missing' in tools) {
      redisNote = tools.missing;
      log(redisNote);
    } else {
      redisNote = tools.version;
      try {
        r = await runRealBench(tools, w.real, { replicas: 4, basePort: a.basePort, log });
      } catch (err) {
        process.stderr.write(`bench: real cluster FAILED: ${(err as Error).message}\n`);
        redisNote = `failed: ${(err as Error).message.split('\n')[0]}`;
        failed = true;
      }
    }
  }
  process.stdout.write(report(w, a, e, r, redisNote));
  return failed ? 1 : 0;
}
