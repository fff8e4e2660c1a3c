// The browser benchmark page (bench.html). ?mode=hosts (default): the same write load on the
// inline host and on the worker host (one Web Worker per node), with their trace hashes and, when
// asked or when the worker host is too slow, a profile pass. ?mode=timeline: seek times of the time
// machine in a long session. The result goes to window.benchResult; progress to the console.

import { spawnWorkerHost } from '../../../src/runtime/browser-workers.ts';
import { makeInline, makeWorker, runHostsWorkload, type HostRun, type HostsWorkload, type RunProfile, type WorkerTimes } from './hosts-bench.ts';
import { WORKER_TARGET_RATIO, type HostsPageResult, type PageResult, type TimelinePageResult } from './page-result.ts';
import { median, percentile } from './stats.ts';
import { runSessionBench } from './timeline-bench.ts';
import { newHandleTimes, pingAll, spawnTimedWorker, type HandleTimes, type TimedWorker } from './timed-workers.ts';

const out = document.getElementById('out')!;
const params = new URLSearchParams(location.search);

function progress(s: string): void {
  console.log(`bench-progress: ${s}`);
  out.textContent += `${s}\n`;
}

function intParam(name: string, def: number): number {
  const v = Number(params.get(name) ?? def);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`?${name}= needs a positive number`);
  return v;
}

function describe(r: HostRun): string {
  return `${r.host}: ${(r.writes / (r.wallMs / 1000)).toFixed(0)} replicated writes/s, ${(r.windows / (r.wallMs / 1000)).toFixed(0)} windows/s (${(r.wallMs / 1000).toFixed(2)} s), trace hash ${r.traceHash}`;
}

function diffTimes(a: WorkerTimes, b: WorkerTimes): WorkerTimes {
  return { handlerMs: a.handlerMs - b.handlerMs, readMs: a.readMs - b.readMs, postMs: a.postMs - b.postMs, messages: a.messages - b.messages };
}

function addTimes(all: readonly WorkerTimes[]): WorkerTimes {
  const s: WorkerTimes = { handlerMs: 0, readMs: 0, postMs: 0, messages: 0 };
  for (const t of all) {
    s.handlerMs += t.handlerMs;
    s.readMs += t.readMs;
    s.postMs += t.postMs;
    s.messages += t.messages;
  }
  return s;
}

/** The worker host again, with its workers and this thread's side of every message timed. */
async function profiledWorkerRun(w: HostsWorkload): Promise<HostRun> {
  const ht = newHandleTimes();
  const workers: TimedWorker[] = [];
  let handleBase: HandleTimes = { ...ht };
  let workerBase: WorkerTimes[] = [];
  const spawn = (node: string) => {
    const tw = spawnTimedWorker(node, ht);
    workers.push(tw);
    return tw.handle;
  };
  return runHostsWorkload('worker', w, makeWorker(spawn), {
    profile: true,
    onTimedStart: async () => {
      workerBase = await Promise.all(workers.map((x) => x.times()));
      handleBase = { ...ht };
    },
    collect: async (): Promise<Partial<RunProfile>> => {
      const now = await Promise.all(workers.map((x) => x.times()));
      const inWorkers = addTimes(now.map((t, i) => diffTimes(t, workerBase[i])));
      const messagesOut = ht.messagesOut - handleBase.messagesOut;
      const messagesIn = ht.messagesIn - handleBase.messagesIn;
      const avgOut = ht.sampledOut > 0 ? ht.sampledOutChars / ht.sampledOut : 0;
      const avgIn = ht.sampledIn > 0 ? ht.sampledInChars / ht.sampledIn : 0;
      const pings = await pingAll(workers, 300);
      return {
        postMs: ht.postMs - handleBase.postMs,
        readMs: ht.readMs - handleBase.readMs,
        messagesOut,
        messagesIn,
        approxBytesOut: avgOut * messagesOut,
        approxBytesIn: avgIn * messagesIn,
        workers: inWorkers,
        emptyRoundTripMedianMs: median(pings),
        emptyRoundTripP95Ms: percentile(pings, 95),
      };
    },
  });
}

async function hostsMode(): Promise<HostsPageResult> {
  const w: HostsWorkload = {
    writes: intParam('writes', 40_000),
    clients: intParam('clients', 50),
    replicas: intParam('replicas', 4),
    seed: intParam('seed', 1),
    clientRttMs: intParam('rtt', 1),
    keyspace: intParam('keyspace', 100_000),
    valueBytes: intParam('value', 3),
  };
  progress(`inline host: 1 master + ${w.replicas} replicas, ${w.writes} writes from ${w.clients} clients`);
  const inline = await runHostsWorkload('inline', w, makeInline(false), { progress });
  progress(describe(inline));
  progress(`worker host: the same, one Web Worker per node`);
  const worker = await runHostsWorkload('worker', w, makeWorker(spawnWorkerHost), { progress });
  progress(describe(worker));
  const hashesEqual = inline.traceHash === worker.traceHash;
  if (!hashesEqual) progress(`TRACE HASHES DIFFER: inline ${inline.traceHash}, worker ${worker.traceHash}`);
  const ratio = inline.wallMs / worker.wallMs;
  const wantProfile = params.get('profile') === '1' || (params.get('profile') !== '0' && ratio < WORKER_TARGET_RATIO);
  let profile: HostsPageResult['profile'] = null;
  if (wantProfile) {
    const pw: HostsWorkload = { ...w, writes: intParam('profileWrites', Math.max(1000, Math.round(w.writes / 4))) };
    progress(`profile pass: ${pw.writes} writes on each host, with timers`);
    const pi = await runHostsWorkload('inline', pw, makeInline(true), { profile: true });
    const pk = await profiledWorkerRun(pw);
    progress(`profile pass done: ${describe(pi)}; ${describe(pk)}`);
    profile = { workload: pw, inline: pi, worker: pk, hashesEqual: pi.traceHash === pk.traceHash };
  }
  return { ok: true, mode: 'hosts', userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, workload: w, inline, worker, hashesEqual, profile };
}

/**
 * Chromium's JS heap after a full GC: through the bench's DevTools session (HeapProfiler.collectGarbage,
 * Runtime.getHeapUsage), else with --js-flags=--expose-gc and --enable-precise-memory-info.
 * ArrayBuffers (the backlog's blocks) are not in it.
 */
function heapReader(): { heapUsedAfterGc?: () => number | Promise<number> } {
  // The bench's browser side measures through the DevTools protocol when it can (a full GC, then
  // the V8 heap in use): exact, whatever the page's own figures allow.
  const cdp = (globalThis as { benchHeapAfterGc?: () => Promise<number> }).benchHeapAfterGc;
  if (typeof cdp === 'function') return { heapUsedAfterGc: () => cdp() };
  const g = (globalThis as { gc?: () => void }).gc;
  const mem = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  if (typeof g !== 'function' || !mem) return {};
  // Without precise memory info Chromium reports a coarse, rarely updated figure: better none.
  const before = mem.usedJSHeapSize;
  const junk = Array.from({ length: 50_000 }, (_, i) => ({ i }));
  if (junk.length === 0 || mem.usedJSHeapSize === before) return {};
  return { heapUsedAfterGc: () => { g(); return mem.usedJSHeapSize; } };
}

async function timelineMode(): Promise<TimelinePageResult> {
  const every = params.get('every');
  const session = await runSessionBench({
    seconds: intParam('seconds', 3600),
    writesPerSecond: intParam('rate', 100),
    keyspace: intParam('keys', 1000),
    replicas: intParam('replicas', 2),
    seed: intParam('seed', 1),
    checkpointEveryMs: every === null ? undefined : intParam('every', 5000),
    seeks: intParam('seeks', 30),
  }, { log: progress, ...heapReader() });
  return { ok: true, mode: 'timeline', userAgent: navigator.userAgent, session };
}

async function main(): Promise<void> {
  const w = window as unknown as { benchResult: PageResult | null };
  w.benchResult = null;
  out.textContent = '';
  try {
    w.benchResult = params.get('mode') === 'timeline' ? await timelineMode() : await hostsMode();
    progress('done');
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    progress(`FAILED: ${err.message}`);
    w.benchResult = { ok: false, error: `${err.message}\n${err.stack ?? ''}` };
  }
}

void main();
