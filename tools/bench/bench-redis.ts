// The real-cluster half of the benchmark: starts 1 redis-server master and N replicas on
// 127.0.0.1 (temporary directories, no persistence), runs redis-benchmark against the master,
// times until every replica has caught up, checks the datasets agree, and stops exactly the
// processes it started.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { infoInt, parseInfo, replicaStates, type Workload } from './bench-common.ts';
import { WARMUP_KEY } from './bench-engine.ts';

// ---------------------------------------------------------------- a minimal RESP client

export class RespError {
  constructor(readonly message: string) {}
}

export type RespValue = string | number | null | RespError | RespValue[];

type Parsed = { value: RespValue; next: number } | null;

/** Parses one RESP2 reply at buf[pos..]; null when more bytes are needed. */
function parseResp(buf: Buffer, pos: number): Parsed {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[pos]);
  const line = buf.toString('latin1', pos + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+':
      return { value: line, next };
    case '-':
      return { value: new RespError(line), next };
    case ':':
      return { value: Number(line), next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString('latin1', next, next + len), next: next + len + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, next };
      const items: RespValue[] = [];
      let p = next;
      for (let i = 0; i < n; i++) {
        const r = parseResp(buf, p);
        if (r === null) return null;
        items.push(r.value);
        p = r.next;
      }
      return { value: items, next: p };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

function encodeArgv(argv: readonly string[]): Buffer {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return Buffer.from(s);
}

/** One connection to a redis-server; commands are pipelined and answered in order. */
export class RespConn {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (v: RespValue) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;

  private constructor(private readonly sock: net.Socket, readonly port: number) {
    sock.on('data', (d: Buffer) => this.onData(d));
    sock.on('error', (e) => this.fail(e));
    sock.on('close', () => this.fail(new Error(`connection to port ${port} closed`)));
  }

  static connect(port: number, timeoutMs = 2000): Promise<RespConn> {
    return new Promise((resolve, reject) => {
      const sock = net.createConnection({ host: '127.0.0.1', port });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`connect to 127.0.0.1:${port} timed out`));
      }, timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.setNoDelay(true);
        resolve(new RespConn(sock, port));
      });
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  command(argv: readonly string[]): Promise<RespValue> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.sock.write(encodeArgv(argv));
    });
  }

  /** A command whose reply must not be an error. */
  async ok(argv: readonly string[]): Promise<RespValue> {
    const r = await this.command(argv);
    if (r instanceof RespError) throw new Error(`127.0.0.1:${this.port}> ${argv.join(' ')}: ${r.message}`);
    return r;
  }

  async info(section: string): Promise<Map<string, string>> {
    const r = await this.ok(['INFO', section]);
    if (typeof r !== 'string') throw new Error(`INFO ${section} on port ${this.port} did not return text`);
    return parseInfo(r);
  }

  close(): void {
    this.failure ??= new Error('connection closed');
    this.sock.destroy();
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    let pos = 0;
    while (pos < this.buf.length && this.waiting.length > 0) {
      const r = parseResp(this.buf, pos);
      if (r === null) break;
      pos = r.next;
      this.waiting.shift()!.resolve(r.value);
    }
    this.buf = this.buf.subarray(pos);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.splice(0)) w.reject(e);
  }
}

// ---------------------------------------------------------------- finding and installing redis

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

export interface RedisTools {
  readonly server: string;
  readonly benchmark: string;
  readonly version: string;
}

/** redis-server and redis-benchmark, installed with apt-get when missing and we are root; else why not. */
export function findRedis(log: (s: string) => void): RedisTools | { missing: string } {
  let server = onPath('redis-server');
  let benchmark = onPath('redis-benchmark');
  if (!server || !benchmark) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot) {
      return { missing: 'redis-server / redis-benchmark not found; install them with: sudo apt-get install -y redis-server redis-tools' };
    }
    log('redis-server / redis-benchmark not found: apt-get install -y redis-server redis-tools');
    const install = () => spawnSync('apt-get', ['install', '-y', 'redis-server', 'redis-tools'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (install().status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'] });
      install();
    }
    server = onPath('redis-server');
    benchmark = onPath('redis-benchmark');
    if (!server || !benchmark) return { missing: 'apt-get install -y redis-server redis-tools did not provide redis-server and redis-benchmark' };
  }
  const v = spawnSync(server, ['--version'], { encoding: 'utf8' });
  const m = /v=(\S+)/.exec(v.stdout ?? '');
  return { server, benchmark, version: m ? m[1] : 'unknown' };
}

// ---------------------------------------------------------------- processes

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Signals one PID of ours; a process that already exited is fine. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** The processes this benchmark started, by PID; stopped exactly, and also if the process is exiting. */
class Children {
  private readonly list: ChildProcess[] = [];
  /** Temporary directories to remove once the processes are gone. */
  readonly dirs: string[] = [];
  private readonly onExit = () => this.killNow();
  private readonly onSignal = (sig: NodeJS.Signals) => {
    this.killNow();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };

  constructor() {
    process.on('exit', this.onExit);
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  add(c: ChildProcess): ChildProcess {
    this.list.push(c);
    return c;
  }

  pids(): number[] {
    return this.list.map((c) => c.pid).filter((p): p is number => p !== undefined);
  }

  /** Synchronous last resort (process exit, signal): SIGKILL whatever of ours still runs. */
  private killNow(): void {
    for (const c of this.list) {
      if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) signal(c.pid, 'SIGKILL');
    }
    this.removeDirs();
  }

  removeDirs(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }

  /** SIGTERM each of our PIDs, SIGKILL those still running after a grace period. */
  async stopAll(): Promise<void> {
    const running = (c: ChildProcess) => c.pid !== undefined && c.exitCode === null && c.signalCode === null;
    const exited = this.list.filter(running).map((c) => new Promise<void>((r) => c.once('exit', () => r())));
    for (const c of this.list) if (running(c)) signal(c.pid!, 'SIGTERM');
    await Promise.race([Promise.all(exited), sleep(3000)]);
    for (const c of this.list) if (running(c)) signal(c.pid!, 'SIGKILL');
    await Promise.race([Promise.all(exited), sleep(2000)]);
    this.removeDirs();
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports, the first block found from `base` upwards. */
async function freePorts(base: number, count: number): Promise<number[]> {
  for (let start = base; start < base + 500; start += count) {
    const ports = Array.from({ length: count }, (_, i) => start + i);
    let ok = true;
    for (const p of ports) if (!(await portFree(p))) { ok = false; break; }
    if (ok) return ports;
  }
  throw new Error(`no ${count} consecutive free ports between ${base} and ${base + 500}`);
}

async function waitUntil<T>(what: string, timeoutMs: number, intervalMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const v = await probe();
      if (v !== null) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (${last})` : ''}`);
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------- the benchmark

export interface RealOptions {
  readonly replicas: number;
  readonly basePort: number;
  readonly log: (s: string) => void;
}

export interface RealResult {
  readonly ports: number[];
  readonly pids: number[];
  readonly version: string;
  readonly writes: number;
  /** What redis-benchmark reports (requests acknowledged by the master per second). */
  readonly benchmarkRps: number;
  /** Wall-clock ms from starting redis-benchmark to its exit. */
  readonly benchmarkWallMs: number;
  /** Wall-clock ms from starting redis-benchmark until every replica's offset reached the master's. */
  readonly replicatedWallMs: number;
  /** Sum over the servers of their peak resident set size (VmHWM). */
  readonly peakRssBytes: number;
  /** Sum over the servers of INFO used_memory_peak. */
  readonly usedMemoryPeakBytes: number;
  readonly masterOffset: number;
  readonly keys: number;
  /** CPU time (user + system) the servers used from starting redis-benchmark until the replicas caught up, summed (ms; /proc, 1/CLK_TCK resolution). */
  readonly serversCpuMs: number;
}

let clockTicks: number | null = null;

/** CPU time a process has used so far, in ms (utime + stime of /proc/PID/stat); NaN when unreadable. */
function processCpuMs(pid: number): number {
  try {
    clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is the 3rd field of the line, utime the 14th and stime the 15th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks;
  } catch {
    return NaN;
  }
}

function vmHwmBytes(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function runBenchmark(children: Children, tools: RedisTools, port: number, w: Workload): Promise<{ rps: number; output: string }> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-t', 'set', '-c', String(w.clients), '-n', String(w.writes),
    '-r', String(w.keyspace), '-d', String(w.valueBytes), '-q', '--csv'];
  return new Promise((resolve, reject) => {
    const child = children.add(spawn(tools.benchmark, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`redis-benchmark ${args.join(' ')} exited with ${code ?? signal}: ${err.trim() || out.trim()}`));
        return;
      }
      // CSV: a header line, then "SET","<rps>",...
      const line = out.split('\n').find((l) => /^"SET"/.test(l));
      const rps = line ? Number(line.split(',')[1]?.replace(/"/g, '')) : NaN;
      if (!Number.isFinite(rps) || rps <= 0) {
        reject(new Error(`could not read the requests per second from redis-benchmark's output: ${JSON.stringify(out)}`));
        return;
      }
      resolve({ rps, output: out });
    });
  });
}

export async function runRealBench(tools: RedisTools, w: Workload, o: RealOptions): Promise<RealResult> {
  const children = new Children();
  const conns: RespConn[] = [];
  try {
    const ports = await freePorts(o.basePort, o.replicas + 1);
    const masterPort = ports[0];
    o.log(`real: starting redis-server on 127.0.0.1:${ports.join(', ')}`);
    for (const port of ports) {
      const dir = mkdtempSync(join(tmpdir(), `replscope-bench-${port}-`));
      children.dirs.push(dir);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
        '--daemonize', 'no', '--logfile', join(dir, 'redis.log'), '--repl-diskless-sync-delay', '0',
        '--enable-debug-command', 'local'];
      const child = children.add(spawn(tools.server, args, { stdio: 'ignore' }));
      child.once('error', (e) => o.log(`real: redis-server on port ${port}: ${e.message}`));
    }
    for (const port of ports) {
      const conn = await waitUntil(`redis-server on port ${port} answering PING`, 10_000, 20, async () => {
        const c = await RespConn.connect(port);
        if ((await c.command(['PING'])) === 'PONG') return c;
        c.close();
        return null;
      });
      conns.push(conn);
    }
    const [master, ...replicas] = conns;
    for (const r of replicas) {
      const res = await r.ok(['REPLICAOF', '127.0.0.1', String(masterPort)]);
      if (res !== 'OK') throw new Error(`REPLICAOF on port ${r.port} answered ${JSON.stringify(res)}`);
    }
    await waitUntil('all replicas online', 30_000, 20, async () => {
      const states = replicaStates(await master.info('replication'));
      if (states.length !== replicas.length || !states.every((s) => s === 'online')) return null;
      for (const r of replicas) if ((await r.info('replication')).get('master_link_status') !== 'up') return null;
      return true;
    });
    // As in the engine: a first write must reach every replica (after a diskless sync the stream
    // starts with the replica's first ACK once online).
    await master.ok(['SET', WARMUP_KEY, '1']);
    await master.ok(['DEL', WARMUP_KEY]);
    const ready = infoInt(await master.info('replication'), 'master_repl_offset', 'real master');
    await waitUntil('a first write on every replica', 30_000, 5, async () => {
      for (const r of replicas) if (infoInt(await r.info('replication'), 'slave_repl_offset', `real replica ${r.port}`) < ready) return null;
      return true;
    });
    o.log(`real: ${replicas.length} replicas online; redis-benchmark -t set -c ${w.clients} -n ${w.writes} -r ${w.keyspace} -d ${w.valueBytes}`);

    const serverPids = children.pids().slice(0, ports.length);
    const cpu0 = serverPids.reduce((s, pid) => s + processCpuMs(pid), 0);
    const t0 = performance.now();
    const { rps } = await runBenchmark(children, tools, masterPort, w);
    const t1 = performance.now();
    const target = infoInt(await master.info('replication'), 'master_repl_offset', 'real master');
    await waitUntil('replicas caught up with the master', 60_000, 1, async () => {
      const offs = await Promise.all(replicas.map(async (r) => infoInt(await r.info('replication'), 'slave_repl_offset', `real replica ${r.port}`)));
      return offs.every((x) => x >= target) ? true : null;
    });
    const t2 = performance.now();
    const serversCpuMs = serverPids.reduce((s, pid) => s + processCpuMs(pid), 0) - cpu0;

    // Checks, outside the timing: offsets equal (a replication PING may move the master on), same data.
    const masterOffset = await waitUntil('replica offsets equal to the master\'s', 15_000, 20, async () => {
      const m = infoInt(await master.info('replication'), 'master_repl_offset', 'real master');
      for (const r of replicas) {
        if (infoInt(await r.info('replication'), 'slave_repl_offset', `real replica ${r.port}`) !== m) return null;
      }
      return m;
    });
    const keys = Number(await master.ok(['DBSIZE']));
    const digest = await master.ok(['DEBUG', 'DIGEST']);
    const problems: string[] = [];
    for (const r of replicas) {
      const k = Number(await r.ok(['DBSIZE']));
      const d = await r.ok(['DEBUG', 'DIGEST']);
      if (k !== keys || d !== digest) problems.push(`replica on port ${r.port}: ${k} keys, digest ${String(d)}; master: ${keys} keys, digest ${String(digest)}`);
    }
    if (problems.length > 0) throw new Error(`real: replicas disagree with the master:\n  ${problems.join('\n  ')}`);

    let usedMemoryPeakBytes = 0;
    for (const c of conns) usedMemoryPeakBytes += infoInt(await c.info('memory'), 'used_memory_peak', `real port ${c.port}`);
    const peakRssBytes = serverPids.reduce((s, pid) => s + vmHwmBytes(pid), 0);
    return {
      ports, pids: serverPids, version: tools.version, writes: w.writes, benchmarkRps: rps,
      benchmarkWallMs: t1 - t0, replicatedWallMs: t2 - t0, peakRssBytes, usedMemoryPeakBytes, masterOffset, keys, serversCpuMs,
    };
  } finally {
    for (const c of conns) c.close();
    const pids = children.pids();
    await children.stopAll();
    if (pids.length > 0) o.log(`real: stopped our PIDs ${pids.join(', ')} (servers, then redis-benchmark)`);
  }
}
