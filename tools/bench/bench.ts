// `replscope bench`: replicated-write throughput of the engine (inline simulator, 1 master + 4
// replicas) against a real redis-server cluster of the same shape driven by redis-benchmark; the
// worker host against the inline host in the same Chromium page; and the time machine's seek time
// in a one-hour session. Every comparison is measured in the same run; prints tables, the ratios
// and whether each target is met.

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { runEngineBench, type EngineResult } from './bench-engine.ts';
import { findRedis, runRealBench, type RealResult } from './bench-redis.ts';
import { MiB, type Workload } from './bench-common.ts';
import { browserMissing, buildApp, runPage, serveDist, type PageRun, type Served } from './bench-browser.ts';
import { runNodeSession } from './bench-timeline.ts';
import { firstLoadReport, measureFirstLoad } from './first-load.ts';
import { WORKER_TARGET_RATIO, type HostsPageResult, type TimelinePageResult } from './page/page-result.ts';
import type { HostRun } from './page/hosts-bench.ts';
import type { SessionResult, SessionWorkload } from './page/timeline-bench.ts';
import { median, percentile } from './page/stats.ts';

/** The engine should replicate writes at least this many times faster than the real cluster. */
const TARGET_RATIO = 3;
/** A seek anywhere in the session should take less than this (p95). */
const SEEK_TARGET_MS = 50;
/** The one-hour session's memory should stay under this (issue 14). */
const HEAP_TARGET_MIB = 300;

const USAGE = `usage: replscope bench [options]
  --writes N         SET commands on each side (default 100000)
  --engine-writes N  SET commands for the engine only
  --real-writes N    SET commands for redis-benchmark only
  --clients N        concurrent clients (default 50, redis-benchmark -c)
  --client-rtt-ms X  simulated client round trip in the engine (default 2: twice the simulated link latency)
  --seed N           engine seed (default 1)
  --port N           first port to try for the real cluster (default 7950)
  --engine-only      skip the real cluster
  --browser-writes N SET commands on each host in the Chromium page (default 40000)
  --browser-port N   first port to try for the static server (default 7990)
  --profile          always profile the worker host (default: only when it misses its target)
  --skip-browser     skip the Chromium page (worker host vs inline host)
  --session-seconds N  simulated seconds of writes in the time-machine session (default 3600)
  --checkpoint-every-ms N  the Timeline's checkpointEveryMs (default: the Timeline's own)
  --seeks N          random moments to seek to (default 30)
  --skip-timeline    skip the time-machine session
  --browser-timeline also run the time-machine session in the Chromium page (adds minutes)
  --skip-frames      skip the visualizer's frame-time measurement (5 replicas, 1000 writes/s)
  --json FILE        also write every figure measured, with its baseline, target and the machine's load, to FILE
`;

interface BenchArgs {
  engineWrites: number;
  realWrites: number;
  clients: number;
  clientRttMs: number;
  seed: number;
  basePort: number;
  engineOnly: boolean;
  browserWrites: number;
  browserPort: number;
  profile: boolean;
  skipBrowser: boolean;
  sessionSeconds: number;
  checkpointEveryMs: number | undefined;
  seeks: number;
  skipTimeline: boolean;
  browserTimeline: boolean;
  skipFrames: boolean;
  json: string | null;
}

function parseArgs(args: string[]): BenchArgs | string {
  const a: BenchArgs = {
    engineWrites: 100_000, realWrites: 100_000, clients: 50, clientRttMs: 2, seed: 1, basePort: 7950, engineOnly: false,
    browserWrites: 40_000, browserPort: 7990, profile: false, skipBrowser: false,
    sessionSeconds: 3600, checkpointEveryMs: undefined, seeks: 30, skipTimeline: false, browserTimeline: false,
    skipFrames: false, json: null,
  };
  const flags: Record<string, (x: BenchArgs) => void> = {
    '--engine-only': (x) => { x.engineOnly = true; },
    '--profile': (x) => { x.profile = true; },
    '--skip-browser': (x) => { x.skipBrowser = true; },
    '--skip-timeline': (x) => { x.skipTimeline = true; },
    '--browser-timeline': (x) => { x.browserTimeline = true; },
    '--skip-frames': (x) => { x.skipFrames = true; },
  };
  for (let i = 0; i < args.length; i++) {
    const opt = args[i];
    const flag = flags[opt];
    if (flag) {
      flag(a);
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
      case '--browser-writes':
        if (!int) return `${opt} needs a positive integer`;
        a.browserWrites = v;
        break;
      case '--browser-port':
        if (!int || v > 65000) return `${opt} needs a port number`;
        a.browserPort = v;
        break;
      case '--session-seconds':
        if (!int) return `${opt} needs a positive integer`;
        a.sessionSeconds = v;
        break;
      case '--checkpoint-every-ms':
        if (!int) return `${opt} needs a positive integer`;
        a.checkpointEveryMs = v;
        break;
      case '--seeks':
        if (!int) return `${opt} needs a positive integer`;
        a.seeks = v;
        break;
      case '--json':
        if (raw === undefined || raw === '' || raw.startsWith('--')) return `${opt} needs a file name`;
        a.json = raw;
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

// ---------------------------------------------------------------- figures for --json

/**
 * The figures of issue 15's table as they were when it was filed (same machine, `npm run bench`),
 * so that every run can say how far each one moved.
 */
const BASELINES = {
  engineRatio: 0.29,
  engineReplicatedWps: 15_957,
  realReplicatedWps: 55_278,
  workerRatio: 0.58,
  sessionSpeed: 68,
  sessionPlayS: 53,
  /** Measured with this bench's allocation meter before the command path was reworked (10,000 writes). */
  engineAllocPerWrite: 83_247,
  engineGcShare: 0.26,
} as const;

interface Figure {
  readonly id: string;
  readonly label: string;
  readonly value: number | string | null;
  readonly unit: string;
  readonly baseline?: number | null;
  readonly target?: string;
  readonly met?: boolean;
  /** os.loadavg() when the part that measured it started. */
  readonly load: readonly number[];
}

class Figures {
  readonly list: Figure[] = [];
  add(f: Omit<Figure, 'value' | 'load'> & { value: number | string | null | undefined }, load: readonly number[]): void {
    const v = typeof f.value === 'number' && !Number.isFinite(f.value) ? null : f.value ?? null;
    this.list.push({ ...f, value: v, load: load.map((x) => Math.round(x * 100) / 100) });
  }
}

function writeJson(file: string, figs: Figures, redisVersion: string): void {
  const cpus = os.cpus();
  const doc = {
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
      os: `${os.platform()} ${os.release()}`, node: process.version, redis: redisVersion,
    },
    loadAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    figures: figs.list,
  };
  writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
}

function engineFigures(figs: Figures, e: EngineResult, r: RealResult | null, load: readonly number[]): void {
  const eRepl = e.writes / (e.replicatedWallMs / 1000);
  const rRepl = r ? r.writes / (r.replicatedWallMs / 1000) : NaN;
  const got = eRepl / rRepl;
  figs.add({ id: 'engine.replicatedRatio', label: 'engine replicated writes/s / real Redis 1 master + 4 replicas', value: got, unit: 'x', baseline: BASELINES.engineRatio, target: `>= ${TARGET_RATIO}`, ...(r ? { met: got >= TARGET_RATIO } : {}) }, load);
  figs.add({ id: 'engine.replicatedWritesPerS', label: 'engine replicated writes/s (wall clock)', value: eRepl, unit: 'writes/s', baseline: BASELINES.engineReplicatedWps }, load);
  figs.add({ id: 'real.replicatedWritesPerS', label: 'real Redis replicated writes/s (wall clock)', value: rRepl, unit: 'writes/s', baseline: BASELINES.realReplicatedWps }, load);
  figs.add({ id: 'engine.cpuUsPerWrite', label: 'engine CPU time per replicated write', value: (e.cpuMs * 1000) / e.writes, unit: 'µs' }, load);
  figs.add({ id: 'real.serversCpuUsPerWrite', label: 'real Redis servers\' CPU time per replicated write (5 processes)', value: r ? (r.serversCpuMs * 1000) / r.writes : null, unit: 'µs' }, load);
  figs.add({ id: 'engine.ackWritesPerS', label: 'engine acknowledged writes/s', value: e.writes / (e.ackWallMs / 1000), unit: 'writes/s' }, load);
  figs.add({ id: 'real.ackWritesPerS', label: 'real Redis acknowledged writes/s (redis-benchmark)', value: r ? r.benchmarkRps : null, unit: 'writes/s' }, load);
  figs.add({ id: 'engine.allocatedBytesPerWrite', label: 'engine V8 heap allocated per replicated write', value: e.allocatedBytes / e.writes, unit: 'bytes', baseline: BASELINES.engineAllocPerWrite }, load);
  figs.add({ id: 'engine.gcShare', label: 'engine garbage collection share of the timed span', value: e.gcMs / e.replicatedWallMs, unit: 'fraction', baseline: BASELINES.engineGcShare }, load);
  figs.add({ id: 'engine.gcCount', label: 'engine garbage collections in the timed span', value: e.gcCount, unit: 'count' }, load);
  figs.add({ id: 'engine.peakRssMiB', label: 'engine peak RSS', value: e.peakRssBytes / MiB, unit: 'MiB' }, load);
  figs.add({ id: 'real.peakRssMiB', label: 'real Redis peak RSS (5 servers)', value: r ? r.peakRssBytes / MiB : null, unit: 'MiB' }, load);
  figs.add({ id: 'engine.traceHash', label: 'engine trace hash', value: e.traceHash, unit: '' }, load);
}

// ---------------------------------------------------------------- formatting

const num = (x: number, digits = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '');

type Row = [metric: string, engine: string, real: string, ratio: string];

/** A table: the first column left-aligned, the others right-aligned. */
function table(rows: string[][], head: string[] = ['metric', 'engine', 'real redis', 'ratio']): string {
  const all = [head, ...rows];
  const w = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => head.map((_, c) => (c === 0 ? (r[c] ?? '').padEnd(w[c]) : (r[c] ?? '').padStart(w[c]))).join(' | ').trimEnd();
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
    ['CPU time per replicated write (µs)', num((e.cpuMs * 1000) / e.writes, 1), r ? num((r.serversCpuMs * 1000) / r.writes, 1) : na, ratio(e.cpuMs / e.writes, r ? r.serversCpuMs / r.writes : NaN)],
    ['events processed', num(e.events), na, ''],
    ['events processed/s', num(e.events / (e.replicatedWallMs / 1000)), na, ''],
    ['simulated time (s)', num(e.simMs / 1000, 3), na, ''],
    ['V8 heap allocated per write (bytes)', num(e.allocatedBytes / e.writes), na, ''],
    ['garbage collections / their share of the time', `${num(e.gcCount)} / ${num((100 * e.gcMs) / e.replicatedWallMs)}%`, na, ''],
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
  out += 'V8 heap allocated: from the first write until every replica applied every write, the heap in use at the end minus at the start plus what each garbage collection freed (v8.GCProfiler); per write = / writes\n';
  out += 'CPU time: engine = this process (user + system) over the same span; real = the 5 redis-server processes (/proc/PID/stat), redis-benchmark not counted. On a shared machine this is steadier than the wall clock\n';
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

// ---------------------------------------------------------------- worker host vs inline host (Chromium)

const us = (ms: number, perWindow: number) => num((ms * 1000) / perWindow);

function browserHeader(run: PageRun, res: HostsPageResult): string {
  const w = res.workload;
  const perWindow = res.inline.batches / res.inline.windows;
  let out = `browser: Chromium ${run.browserVersion} (${res.hardwareConcurrency} hardware threads), one page; inline host = Sim in the page's thread, worker host = WorkerSim with one module Web Worker per node\n`;
  out += `workload: 1 master + ${w.replicas} replicas synced, then ${num(w.writes)} SET key:<12-digit random below ${w.keyspace}> <${w.valueBytes} bytes> from ${w.clients} closed-loop clients that all start at the same simulated instant and send their next SET ${w.clientRttMs} simulated ms after the reply (= the link latency), so each window runs the master and the replicas together (${perWindow.toFixed(2)} of ${w.replicas + 1} nodes per window on average); seed ${w.seed}\n`;
  return out;
}

function hostsTable(inline: HostRun, worker: HostRun): string[][] {
  const wps = (r: HostRun) => r.writes / (r.wallMs / 1000);
  const winps = (r: HostRun) => r.windows / (r.wallMs / 1000);
  return [
    ['replicated writes/s (wall clock)', num(wps(inline)), num(wps(worker)), ratio(wps(worker), wps(inline))],
    ['windows/s (wall clock)', num(winps(inline)), num(winps(worker)), ratio(winps(worker), winps(inline))],
    ['time to all replicas applied (s)', num(inline.wallMs / 1000, 2), num(worker.wallMs / 1000, 2), ''],
    ['windows', num(inline.windows), num(worker.windows), ''],
    ['node batches per window', (inline.batches / inline.windows).toFixed(2), (worker.batches / worker.windows).toFixed(2), ''],
    ['inputs per window', (inline.inputs / inline.windows).toFixed(1), (worker.inputs / worker.windows).toFixed(1), ''],
    ['events processed', num(inline.events), num(worker.events), ''],
    ['simulated time (s)', num(inline.simMs / 1000, 3), num(worker.simMs / 1000, 3), ''],
    ['setup: start the nodes and sync (s)', num(inline.setupWallMs / 1000, 2), num(worker.setupWallMs / 1000, 2), ''],
    ['master_repl_offset (= every replica)', num(inline.masterOffset), num(worker.masterOffset), ''],
    ['keys on the master (= every replica)', num(inline.masterKeys), num(worker.masterKeys), ''],
    ['trace hash', inline.traceHash, worker.traceHash, inline.traceHash === worker.traceHash ? 'equal' : 'DIFFER'],
  ];
}

function profileReport(p: NonNullable<HostsPageResult['profile']>, nodes: number, threads: number): string {
  const i = p.inline;
  const k = p.worker;
  const ip = i.profile!;
  const kp = k.profile!;
  let out = `where a window's time goes (profile pass: ${num(p.workload.writes)} writes on each host with timers on; microseconds per window, wall clock; trace hashes ${p.hashesEqual ? 'equal' : 'DIFFER'})\n`;
  const iWin = i.windows;
  const iCompute = ip.computeMs ?? 0;
  const iOther = i.wallMs - iCompute - ip.planMs - ip.applyMs;
  out += `  inline host: ${us(i.wallMs, iWin)} per window = the nodes' work ${us(iCompute, iWin)} + planWindow ${us(ip.planMs, iWin)} + applyWindow ${us(ip.applyMs, iWin)} + driver and the rest ${us(iOther, iWin)}\n`;
  const kWin = k.windows;
  const busy = kp.planMs + kp.applyMs + (kp.postMs ?? 0) + (kp.readMs ?? 0);
  const wait = k.wallMs - busy;
  out += `  worker host: ${us(k.wallMs, kWin)} per window = this thread: postMessage (serializing the batches) ${us(kp.postMs ?? 0, kWin)} + reading the replies (deserializing) ${us(kp.readMs ?? 0, kWin)} + planWindow ${us(kp.planMs, kWin)} + applyWindow ${us(kp.applyMs, kWin)}; waiting for the workers, driver and the rest ${us(wait, kWin)}\n`;
  const wt = kp.workers;
  if (wt) {
    const run = wt.handlerMs - wt.readMs - wt.postMs;
    out += `  inside the ${nodes} workers (summed over them, on ${threads} hardware threads): ${us(wt.handlerMs, kWin)} per window = reading the batch ${us(wt.readMs, kWin)} + running it (engine, host, view) ${us(run, kWin)} + postMessage of the result (serializing) ${us(wt.postMs, kWin)}; the inline host's nodes did the same work in ${us(iCompute, iWin)}\n`;
  }
  if (kp.messagesOut !== undefined && kp.messagesIn !== undefined) {
    out += `  messages: ${(kp.messagesOut / kWin).toFixed(2)} out + ${(kp.messagesIn / kWin).toFixed(2)} back per window, about ${num((kp.approxBytesOut ?? 0) / kWin / 1024, 1)} KiB out + ${num((kp.approxBytesIn ?? 0) / kWin / 1024, 1)} KiB back per window (size of every 47th message: its JSON, packed numbers counted as their bytes)\n`;
  }
  if (kp.emptyRoundTripMedianMs !== undefined) {
    out += `  an empty message to all ${nodes} workers at once and back: median ${num(kp.emptyRoundTripMedianMs * 1000)}, p95 ${num((kp.emptyRoundTripP95Ms ?? NaN) * 1000)} microseconds (300 rounds): the least a window can cost on the worker host, against ${us(i.wallMs, iWin)} for a whole inline window\n`;
  }
  return out;
}

/** The machine's load when a part started: other processes skew wall-clock numbers. */
function loadLine(load: number[]): string {
  return `load average at the start (1, 5, 15 min): ${load.map((x) => x.toFixed(2)).join(', ')} on ${os.cpus().length} cores\n`;
}

function browserReport(run: PageRun, res: HostsPageResult, load: number[]): string {
  let out = '\n' + browserHeader(run, res) + loadLine(load) + '\n';
  out += table(hostsTable(res.inline, res.worker), ['metric', 'inline host', 'worker host', 'ratio']) + '\n';
  out += 'ratio = worker host / inline host; replicated writes/s = writes / wall-clock time from the first write until every replica\'s offset equals the master\'s\n';
  if (!res.hashesEqual) out += `TRACE HASHES DIFFER: inline ${res.inline.traceHash}, worker ${res.worker.traceHash}: the two hosts did not run the same simulation\n`;
  const got = res.worker.wallMs > 0 ? res.inline.wallMs / res.worker.wallMs : NaN;
  out += `target: worker host replicated writes/s >= ${WORKER_TARGET_RATIO.toFixed(2)}x inline host: ${got >= WORKER_TARGET_RATIO ? 'MET' : 'NOT MET'} (${got.toFixed(2)}x)\n`;
  if (res.profile) out += '\n' + profileReport(res.profile, res.workload.replicas + 1, res.hardwareConcurrency);
  return out;
}

// ---------------------------------------------------------------- time machine: seek time

function sessionReport(where: string, w: SessionWorkload, s: SessionResult, load: number[]): string {
  const simS = s.endMs / 1000;
  const msPerSimS = s.playWallMs / simS;
  const every = s.checkpointEveryMs === null ? 'the Timeline\'s default' : `${num(s.checkpointEveryMs)} ms`;
  let out = `\ntime machine (${where}): 1 master + ${w.replicas} replicas attached at 0 s; ${num(s.writes)} SET key:<n below ${num(w.keyspace)}> <write number> at ${w.writesPerSecond} per simulated second from 1 s to ${num(simS)} s; checkpointEveryMs: ${every}; seed ${w.seed}\n${loadLine(load)}\n`;
  const rows: string[][] = [];
  rows.push(['play to the end (s, wall clock)', num(s.playWallMs / 1000, 1)]);
  rows.push(['play speed (simulated s per wall s)', num(simS / (s.playWallMs / 1000), 1)]);
  rows.push(['wall ms per simulated s played', num(msPerSimS, 1)]);
  if (s.playGcMs !== null) rows.push(['garbage collection during the play (s)', `${num(s.playGcMs / 1000, 1)} (${num((100 * s.playGcMs) / s.playWallMs, 0)}%)`]);
  rows.push(['windows / events processed', `${num(s.windows)} / ${num(s.events)}`]);
  rows.push(['frames kept by the Timeline', `${num(s.frames)} (packed: ${num(s.framesPackedBytes / MiB, 1)} MiB, ${num(s.framesPackedBytes / Math.max(1, s.frames), 1)} bytes a frame)`]);
  rows.push(['trace entries kept by the Timeline', `${num(s.traceEntries)} (packed: ${num(s.tracePackedBytes / MiB, 1)} MiB, ${num(s.tracePackedBytes / Math.max(1, s.traceEntries), 1)} bytes an entry)`]);
  const cp = s.checkpoints;
  if (cp) {
    const gaps = cp.atMs.slice(1).map((t, i) => t - cp.atMs[i]);
    rows.push(['checkpoints kept', num(cp.count)]);
    rows.push(['checkpoint spacing: newest / median / largest (simulated s)', `${num((gaps[gaps.length - 1] ?? NaN) / 1000, 1)} / ${num(median(gaps) / 1000, 1)} / ${num(Math.max(...gaps) / 1000, 1)}`]);
    rows.push(['checkpoint size if serialized alone (MiB; shared backlog blocks and parts counted in each: an upper bound)', cp.bytes === null ? 'n/a (no serializer here)' : `${num(cp.bytes / MiB, 1)} (${cp.sized} of ${cp.count} sized; largest ${num((cp.largestBytes ?? NaN) / MiB, 2)})`]);
  } else {
    rows.push(['checkpoints kept', 'n/a (the Timeline no longer exposes them this way)']);
  }
  rows.push([`memory growth over the play: ${where.startsWith('Node') ? 'V8 heap + ArrayBuffers' : 'JS heap (ArrayBuffers not included)'}, after GC (MiB)`, s.heapGrowthBytes === null ? 'n/a (no GC control here)' : num(s.heapGrowthBytes / MiB, 1)]);
  rows.push(['the same after the seeks (MiB)', s.heapGrowthAfterSeeksBytes === null ? 'n/a (no GC control here)' : num(s.heapGrowthAfterSeeksBytes / MiB, 1)]);
  rows.push(['one checkpoint copied to resume from (ms)', s.cloneOneCheckpointMs === null ? 'n/a' : num(s.cloneOneCheckpointMs, 1)]);
  const resim = s.seeks.map((x) => x.targetMs - x.checkpointMs).filter((x) => Number.isFinite(x));
  rows.push([`seek, ${s.seeks.length} random moments: median (ms)`, num(s.seekMedianMs, 1)]);
  rows.push(['seek: p95 (ms)', num(s.seekP95Ms, 1)]);
  rows.push(['seek: max (ms)', num(s.seekMaxMs, 1)]);
  const gcs = s.seeks.map((x) => x.gcMs).filter((x): x is number => x !== null);
  if (gcs.length === s.seeks.length) {
    const net = s.seeks.map((x) => x.wallMs - (x.gcMs ?? 0));
    rows.push(['garbage collection per seek: median / max (ms)', `${num(median(gcs), 1)} / ${num(Math.max(...gcs), 1)}`]);
    rows.push(['seek without its GC pauses: median / p95 (ms)', `${num(median(net), 1)} / ${num(percentile(net, 95), 1)}`]);
  }
  const cpus = s.seeks.map((x) => x.cpuMs).filter((x): x is number => x !== null);
  if (cpus.length === s.seeks.length) rows.push(['CPU time per seek (this process): median / p95 (ms)', `${num(median(cpus), 1)} / ${num(percentile(cpus, 95), 1)}`]);
  rows.push(['re-simulated per seek: median / p95 (simulated s)', `${num(median(resim) / 1000, 1)} / ${num(percentile(resim, 95) / 1000, 1)}`]);
  rows.push(['seeks landing on the played state (trace hash, events)', `${s.verified} of ${s.seeks.length}`]);
  out += table(rows, ['metric', 'value']) + '\n';
  const seekText = (x: SessionResult['seeks'][number]) =>
    `${(x.targetMs / 1000).toFixed(0)} (${((x.targetMs - x.checkpointMs) / 1000).toFixed(1)}): ${x.wallMs.toFixed(0)}${x.gcMs !== null && x.gcMs >= 1 ? ` [GC ${x.gcMs.toFixed(0)}]` : ''}`;
  out += `seeks, in the order run: moment in simulated s (simulated s re-run from its checkpoint): wall ms [of which GC]: ${s.seeks.map(seekText).join(', ')}\n`;
  out += `the moments are visited latest first, so every seek goes back through the nearest checkpoint before it. In the order drawn, ${s.forwardInDrawnOrder.count} of ${s.seeks.length} would go forward from the previous moment; seek() then re-simulates from the cursor without using a checkpoint: median distance ${num(median(s.forwardInDrawnOrder.distancesMs) / 1000, 0)} simulated s, about ${num((median(s.forwardInDrawnOrder.distancesMs) / 1000) * msPerSimS / 1000, 1)} s each at the play's speed (estimate, not measured)\n`;
  if (s.heapGrowthBytes !== null && s.heapGrowthAfterSeeksBytes !== null) {
    const peak = Math.max(s.heapGrowthBytes, s.heapGrowthAfterSeeksBytes);
    out += `target: memory growth < ${HEAP_TARGET_MIB} MiB: ${peak < HEAP_TARGET_MIB * MiB ? 'MET' : 'NOT MET'} (${num(peak / MiB, 1)} MiB)\n`;
  }
  out += `target: p95 seek < ${SEEK_TARGET_MS} ms: ${s.seekP95Ms < SEEK_TARGET_MS ? 'MET' : 'NOT MET'} (p95 ${num(s.seekP95Ms, 1)} ms, median ${num(s.seekMedianMs, 1)} ms)\n`;
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
  const started = performance.now();
  const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
  // Wall time of each part, for the closing progress line.
  const parts: string[] = [];
  let partStart = started;
  const partDone = (name: string) => {
    const now = performance.now();
    parts.push(`${name} ${num((now - partStart) / 1000, 1)} s`);
    partStart = now;
  };
  const base = { clients: a.clients, keyspace: 100_000, valueBytes: 3 };
  const w = { engine: { ...base, writes: a.engineWrites }, real: { ...base, writes: a.realWrites } };

  const figs = new Figures();
  const engineLoad = os.loadavg();
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
  engineFigures(figs, e, r, engineLoad);
  partDone('engine and real cluster');

  const session: SessionWorkload = {
    seconds: a.sessionSeconds, writesPerSecond: 100, keyspace: 1000, replicas: 2, seed: a.seed, checkpointEveryMs: a.checkpointEveryMs, seeks: a.seeks,
  };
  let served: Served | null = null;
  try {
    if (!a.skipBrowser || a.browserTimeline) {
      const missing = browserMissing();
      if (missing) {
        log(`browser: not measured: ${missing}`);
        process.stdout.write(`\nbrowser: not measured: ${missing}\n`);
        failed = true;
      } else {
        try {
          buildApp(log);
          process.stdout.write(`\n${firstLoadReport(measureFirstLoad())}`);
          served = await serveDist(a.browserPort, log);
        } catch (err) {
          process.stderr.write(`bench: browser setup FAILED: ${(err as Error).message}\n`);
          process.stdout.write(`\nbrowser: not measured: ${(err as Error).message.split('\n')[0]}\n`);
          failed = true;
        }
      }
    }
    if (served && !a.skipBrowser) {
      if (!(await browserHosts(served, a, log, figs))) failed = true;
    }
    if (!a.skipBrowser || a.browserTimeline) partDone('browser build and hosts');
    if (!a.skipTimeline) {
      log(`timeline: Node, inline host: ${num(session.seconds * session.writesPerSecond)} writes over ${num(session.seconds)} simulated s, then ${session.seeks} seeks`);
      try {
        const load = os.loadavg();
        const s = await runNodeSession(session, log);
        process.stdout.write(sessionReport('Node, inline host', session, s, load));
        const speed = s.endMs / 1000 / (s.playWallMs / 1000);
        figs.add({ id: 'timeline.node.playSpeed', label: 'one-hour session played to its end in Node: simulated s per wall s', value: speed, unit: 'x real time', baseline: BASELINES.sessionSpeed, target: '>= 1000', met: speed >= 1000 }, load);
        figs.add({ id: 'timeline.node.playWallS', label: 'one-hour session played to its end in Node: wall time', value: s.playWallMs / 1000, unit: 's', baseline: BASELINES.sessionPlayS }, load);
        figs.add({ id: 'timeline.node.playGcShare', label: 'garbage collection share of the play', value: s.playGcMs === null ? null : s.playGcMs / s.playWallMs, unit: 'fraction', baseline: 0.27 }, load);
        figs.add({ id: 'timeline.node.seekP95Ms', label: 'seek p95', value: s.seekP95Ms, unit: 'ms', target: `< ${SEEK_TARGET_MS}`, met: s.seekP95Ms < SEEK_TARGET_MS }, load);
        if (s.verified !== s.seeks.length) failed = true;
      } catch (err) {
        process.stderr.write(`bench: timeline FAILED: ${(err as Error).message}\n`);
        process.stdout.write(`\ntime machine (Node): FAILED: ${(err as Error).message}\n`);
        failed = true;
      }
      partDone('time machine in Node');
    }
    if (served && a.browserTimeline) {
      if (!(await browserSession(served, session, log))) failed = true;
      partDone('time machine in Chromium');
    }
  } finally {
    if (served) {
      served.stop();
      log(`browser: stopped the static server (PID ${served.pid})`);
    }
  }
  if (!a.skipFrames && !a.engineOnly) {
    try {
      const { benchFrames } = await import('./bench-frames.ts');
      const load = os.loadavg();
      const r = await benchFrames({ log });
      for (const x of r.rows) {
        figs.add({ id: `frames.worker.${x.metric}`, label: `visualizer, worker host: ${x.metric}`, value: x.worker, unit: '' }, load);
        figs.add({ id: `frames.inline.${x.metric}`, label: `visualizer, inline host: ${x.metric}`, value: x.inline, unit: '' }, load);
      }
      const rows = r.rows.map((x) => [x.metric, x.worker, x.inline]);
      process.stdout.write(`\nvisualizer frame time (Chromium, 1 master + 5 replicas, 1000 writes/s, played at 1x; target p95 <= 8 ms)\n`);
      process.stdout.write(table(rows, ['metric', 'worker host', 'inline host']) + '\n');
      for (const n of r.notes) process.stdout.write(`${n}\n`);
    } catch (err) {
      process.stdout.write(`\nvisualizer frame time: not measured: ${(err as Error).message.split('\n')[0]}\n`);
    }
    partDone('visualizer frame time');
  }
  if (a.json) {
    writeJson(a.json, figs, r ? r.version : redisNote);
    log(`wrote ${figs.list.length} figures to ${a.json}`);
  }
  log(`total ${num((performance.now() - started) / 1000, 1)} s (${parts.join(', ')})`);
  return failed ? 1 : 0;
}

/** The worker host vs the inline host in Chromium; false on a failure (printed). */
async function browserHosts(served: Served, a: BenchArgs, log: (s: string) => void, figs: Figures): Promise<boolean> {
  const q = new URLSearchParams({ mode: 'hosts', writes: String(a.browserWrites), clients: String(a.clients), seed: String(a.seed), ...(a.profile ? { profile: '1' } : {}) });
  log(`browser: inline host vs worker host, ${a.browserWrites} writes each (Chromium)`);
  try {
    const load = os.loadavg();
    const run = await runPage(served.url, q.toString(), 600_000, log);
    const res = run.result;
    if (!res.ok) throw new Error(`the page failed: ${res.error}`);
    if (res.mode !== 'hosts') throw new Error(`the page ran ${res.mode}`);
    process.stdout.write(browserReport(run, res as HostsPageResult, load));
    const hr = res as HostsPageResult;
    const got = hr.worker.wallMs > 0 ? hr.inline.wallMs / hr.worker.wallMs : NaN;
    figs.add({ id: 'hosts.workerRatio', label: 'worker host replicated writes/s / inline host, same Chromium page', value: got, unit: 'x', baseline: BASELINES.workerRatio, target: `>= ${WORKER_TARGET_RATIO}`, met: got >= WORKER_TARGET_RATIO }, load);
    if (!res.hashesEqual || (res.profile && !res.profile.hashesEqual)) {
      process.stderr.write(`bench: FAILED: the inline and worker hosts gave different trace hashes (inline ${res.inline.traceHash}, worker ${res.worker.traceHash})\n`);
      return false;
    }
    return true;
  } catch (err) {
    process.stderr.write(`bench: browser FAILED: ${(err as Error).message}\n`);
    process.stdout.write(`\nbrowser (worker host vs inline host): FAILED: ${(err as Error).message.split('\n')[0]}\n`);
    return false;
  }
}

/** The time-machine session in Chromium; false on a failure (printed). */
async function browserSession(served: Served, w: SessionWorkload, log: (s: string) => void): Promise<boolean> {
  const q = new URLSearchParams({
    mode: 'timeline', seconds: String(w.seconds), rate: String(w.writesPerSecond), keys: String(w.keyspace), replicas: String(w.replicas),
    seed: String(w.seed), seeks: String(w.seeks), ...(w.checkpointEveryMs !== undefined ? { every: String(w.checkpointEveryMs) } : {}),
  });
  log('timeline: the same session in Chromium (inline host)');
  try {
    const load = os.loadavg();
    const run = await runPage(served.url, q.toString(), 1_800_000, log);
    const res = run.result;
    if (!res.ok) throw new Error(`the page failed: ${res.error}`);
    if (res.mode !== 'timeline') throw new Error(`the page ran ${res.mode}`);
    process.stdout.write(sessionReport(`Chromium ${run.browserVersion}, inline host`, w, (res as TimelinePageResult).session, load));
    return true;
  } catch (err) {
    process.stderr.write(`bench: browser timeline FAILED: ${(err as Error).message}\n`);
    process.stdout.write(`\ntime machine (Chromium): FAILED: ${(err as Error).message.split('\n')[0]}\n`);
    return false;
  }
}
