// Real redis-server processes for the fidelity check: one per scenario node, each with a minimal
// generated config file in a fresh temp dir, on free local ports; started, crashed (SIGKILL),
// restarted and stopped by PID only, and cleaned up on exit or SIGINT.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RespClient } from './fidelity-resp.ts';

export const REDIS_SERVER = '/usr/bin/redis-server';
/** Debian's redis-sentinel (package redis-sentinel): redis-server in sentinel mode. */
export const REDIS_SENTINEL = '/usr/bin/redis-sentinel';

/** Every redis-server we started and that may still run, by PID. */
const live = new Map<number, ChildProcess>();
/** Temp dirs of the runs not yet cleaned up. */
const liveDirs = new Set<string>();
let cleanupInstalled = false;

function killAllSync(): void {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

function removeDirsSync(): void {
  for (const d of liveDirs) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  liveDirs.clear();
}

/** On exit and on SIGINT/SIGTERM, kill the servers we started (by PID), remove their dirs, leave. */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    killAllSync();
    removeDirsSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, async () => {
      // Kill by PID, then wait (briefly) until they are reaped so none is left a zombie.
      const exits = [...live.values()].map((p) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r()))));
      killAllSync();
      await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 2000))]);
      removeDirsSync();
      process.stderr.write(`\nfidelity: interrupted (${sig}); stopped the redis-server processes it had started\n`);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Is redis-server there? If not and we are root, install it with apt-get (and say so). */
export function ensureRedisServer(log: (s: string) => void): { ok: true } | { ok: false; message: string } {
  if (existsSync(REDIS_SERVER)) return { ok: true };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    return { ok: false, message: `${REDIS_SERVER} not found; install Redis 7.0 (Debian: apt-get install redis-server redis-tools) and run again` };
  }
  log(`fidelity: ${REDIS_SERVER} not found; installing it: apt-get install -y redis-server redis-tools\n`);
  const install = () => spawnSync('apt-get', ['install', '-y', 'redis-server', 'redis-tools'], { stdio: ['ignore', 'inherit', 'inherit'] });
  let r = install();
  if (r.status !== 0) {
    log('fidelity: apt-get install failed; running apt-get update and trying again\n');
    spawnSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'] });
    r = install();
  }
  if (r.status !== 0 || !existsSync(REDIS_SERVER)) return { ok: false, message: 'apt-get install redis-server redis-tools failed' };
  return { ok: true };
}

/** Is redis-sentinel there? If not and we are root, install it with apt-get (and say so). */
export function ensureRedisSentinel(log: (s: string) => void): { ok: true } | { ok: false; message: string } {
  if (existsSync(REDIS_SENTINEL)) return { ok: true };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return { ok: false, message: `${REDIS_SENTINEL} not found; install it (Debian: apt-get install redis-sentinel) and run again` };
  log(`fidelity: ${REDIS_SENTINEL} not found; installing it: apt-get install -y redis-sentinel\n`);
  const r = spawnSync('apt-get', ['install', '-y', 'redis-sentinel'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(REDIS_SENTINEL)) return { ok: false, message: 'apt-get install redis-sentinel failed' };
  return { ok: true };
}

export function redisServerVersion(): string {
  const r = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  const m = /v=(\S+)/.exec(r.stdout ?? '');
  return m ? m[1] : 'unknown';
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** The ports the real servers and proxies may use: 7900-7999, or REPLSCOPE_FIDELITY_PORTS=FIRST-LAST. */
function portRange(): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(process.env.REPLSCOPE_FIDELITY_PORTS ?? '');
  return m && Number(m[1]) <= Number(m[2]) ? [Number(m[1]), Number(m[2])] : [7900, 7999];
}

const [FIRST_PORT, LAST_PORT] = portRange();
let nextPort = FIRST_PORT;

/** n free local ports from the range, never handing out the same port twice in a run. */
export async function allocatePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) {
    if (nextPort > LAST_PORT) throw new Error(`no free port left in ${FIRST_PORT}-${LAST_PORT}`);
    const p = nextPort++;
    if (await portFree(p)) out.push(p);
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface RealNode {
  readonly name: string;
  readonly port: number;
  readonly dir: string;
  readonly confPath: string;
  readonly logPath: string;
  /** redis-sentinel rather than redis-server. */
  readonly sentinel: boolean;
  proc: ChildProcess | null;
  /** Wall-clock ms of each start (the first, then each restart). */
  readonly startsMs: number[];
  /** Wall-clock ms of each exit (crash, SHUTDOWN, the final stop). */
  readonly stopsMs: number[];
}

/** The servers of one scenario run. */
export class RealCluster {
  readonly root: string;
  readonly nodes = new Map<string, RealNode>();

  constructor() {
    installCleanup();
    this.root = mkdtempSync(join(tmpdir(), 'replscope-fidelity-'));
    liveDirs.add(this.root);
  }

  /**
   * Creates the node's dir and config file (with `extra` lines: the node's startup options, or a
   * Sentinel's `sentinel ...` lines) and starts its server (redis-sentinel when `sentinel`).
   */
  async add(name: string, port: number, extra: readonly string[] = [], sentinel = false): Promise<RealNode> {
    const dir = join(this.root, name);
    mkdirSync(dir);
    const confPath = join(dir, sentinel ? 'sentinel.conf' : 'redis.conf');
    const logPath = join(dir, sentinel ? 'sentinel.log' : 'redis.log');
    writeFileSync(confPath, `port ${port}\nbind 127.0.0.1\ndir ${dir}\ndaemonize no\nlogfile ${logPath}\n${extra.map((l) => `${l}\n`).join('')}`);
    const n: RealNode = { name, port, dir, confPath, logPath, sentinel, proc: null, startsMs: [], stopsMs: [] };
    this.nodes.set(name, n);
    await this.start(n);
    return n;
  }

  private async start(n: RealNode): Promise<void> {
    const proc = spawn(n.sentinel ? REDIS_SENTINEL : REDIS_SERVER, [n.confPath], { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    if (proc.pid === undefined) throw new Error(`could not start ${REDIS_SERVER}`);
    const pid = proc.pid;
    live.set(pid, proc);
    proc.once('exit', () => {
      live.delete(pid);
      n.stopsMs.push(Date.now());
      if (n.proc === proc) n.proc = null; // it exited by itself (SHUTDOWN) or was stopped
    });
    n.proc = proc;
    n.startsMs.push(Date.now());
    // Ready when it answers PING with PONG (not -LOADING).
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`${n.sentinel ? 'redis-sentinel' : 'redis-server'} for ${n.name} exited at start: ${stderr.trim() || this.logTail(n)}`);
      }
      try {
        const c = await RespClient.connect(n.port, '127.0.0.1', 500);
        const r = await c.call(['PING']);
        c.close();
        if (r.type === 'status' && r.v === 'PONG') return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`redis-server for ${n.name} did not answer on port ${n.port}`);
      await sleep(5);
    }
  }

  private logTail(n: RealNode): string {
    try {
      return readFileSync(n.logPath, 'utf8').split('\n').slice(-5).join('\n');
    } catch {
      return '';
    }
  }

  /** SIGKILL: the process dies at once, its disk stays. */
  async crash(name: string): Promise<void> {
    const n = this.nodes.get(name);
    if (!n || !n.proc) return;
    await stopProcess(n.proc, 'SIGKILL', 0);
    n.proc = null;
  }

  /** Starts the node again with the same config file and dir. */
  async restart(name: string): Promise<void> {
    const n = this.nodes.get(name);
    if (!n || n.proc) return;
    await this.start(n);
  }

  /** The node's log file as it is now (empty if none yet). */
  readLog(name: string): string {
    const n = this.nodes.get(name);
    if (!n) return '';
    try {
      return readFileSync(n.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  /** Stops every server of this run by PID (SIGTERM, then SIGKILL after a grace period). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.nodes.values()].map(async (n) => {
      if (n.proc) await stopProcess(n.proc, 'SIGTERM', 3000);
      n.proc = null;
    }));
  }

  removeDir(): void {
    try {
      rmSync(this.root, { recursive: true, force: true });
    } catch {
      // best effort
    }
    liveDirs.delete(this.root);
  }
}

/** Sends sig to the process (by its PID) and waits for it to exit; SIGKILL after graceMs. */
function stopProcess(proc: ChildProcess, sig: NodeJS.Signals, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) {
      resolve();
      return;
    }
    const pid = proc.pid;
    let timer: NodeJS.Timeout | null = null;
    proc.once('exit', () => {
      if (timer) clearTimeout(timer);
      live.delete(pid);
      resolve();
    });
    try {
      process.kill(pid, sig);
    } catch {
      resolve();
      return;
    }
    if (sig !== 'SIGKILL') {
      timer = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, graceMs);
    }
  });
}
