// Random scenarios for the seed sweep: a master, replicas (sometimes chained), random writes of
// every type and transactions, sleeps, faults (cut/heal, kill, crash/restart, SHUTDOWN), WAIT,
// min-replicas, writable replicas, REPLICAOF changes mid-run and bandwidth limits, as scenario
// text, from a seed. It ends with every fault repaired, then WAIT for every direct replica of m.

import { prngCreate, prngInt, type PrngState } from '../engine/prng.ts';
import { LOCAL_KEY_PREFIX } from './invariants.ts';

const WRITES: ((r: PrngState) => string)[] = [
  (r) => `SET k${prngInt(r, 20)} v${prngInt(r, 1000)}`,
  (r) => `SET t${prngInt(r, 10)} x EX ${1 + prngInt(r, 20)}`,
  (r) => `INCR n${prngInt(r, 5)}`,
  (r) => `INCRBYFLOAT f${prngInt(r, 3)} 1.5`,
  (r) => `APPEND k${prngInt(r, 20)} z`,
  (r) => `DEL k${prngInt(r, 20)}`,
  (r) => `EXPIRE k${prngInt(r, 20)} ${1 + prngInt(r, 30)}`,
  (r) => `LPUSH l${prngInt(r, 3)} a${prngInt(r, 9)} b`,
  (r) => `RPOP l${prngInt(r, 3)}`,
  (r) => `HSET h${prngInt(r, 3)} f${prngInt(r, 5)} ${prngInt(r, 100)}`,
  (r) => `SADD s${prngInt(r, 3)} m${prngInt(r, 10)}`,
  (r) => `SPOP s${prngInt(r, 3)}`,
  (r) => `ZADD z${prngInt(r, 2)} ${prngInt(r, 100)} m${prngInt(r, 10)}`,
  (r) => `SELECT ${prngInt(r, 3)}`,
  (r) => `GETDEL k${prngInt(r, 20)}`,
];

export interface RandomScenarioOptions {
  steps?: number;
}

/** A random scenario for `seed`, ending with every fault repaired and time to converge. */
export function randomScenario(seed: number, o: RandomScenarioOptions = {}): string {
  const r = prngCreate(seed, 0xabcdef);
  const nReplicas = 1 + prngInt(r, 3);
  const names = ['m', ...Array.from({ length: nReplicas }, (_, i) => `r${i + 1}`)];
  const lines: string[] = [`seed ${seed}`, `node ${names.join(' ')}`];
  const small = prngInt(r, 3) === 0;
  const diskless = prngInt(r, 2) === 0;
  for (const n of names) {
    lines.push(`${n}> CONFIG SET repl-timeout 5`);
    // repl-timeout must exceed the PING period, or idle links time out (as on a real server).
    lines.push(`${n}> CONFIG SET repl-ping-replica-period 1`);
    lines.push(`${n}> CONFIG SET repl-diskless-sync ${diskless ? 'yes' : 'no'}`);
    lines.push(`${n}> CONFIG SET repl-diskless-sync-delay ${prngInt(r, 3)}`);
    if (small) lines.push(`${n}> CONFIG SET repl-backlog-size 16kb`);
    // Written to the config file, so a restarted node keeps these settings.
    lines.push(`${n}> CONFIG REWRITE`);
  }
  const masterOf = new Map<string, string>();
  for (let i = 1; i < names.length; i++) {
    // Sometimes a chained replica: a replica of an earlier replica.
    const up = i > 1 && prngInt(r, 3) === 0 ? names[1 + prngInt(r, i - 1)] : 'm';
    masterOf.set(names[i], up);
    lines.push(`${names[i]}> REPLICAOF ${up} ${6379 + names.indexOf(up)}`);
    if (prngInt(r, 2) === 0) lines.push(`${names[i]}> CONFIG REWRITE`);
  }
  const cuts = new Set<string>();
  const crashed = new Set<string>();
  /** Replicas told REPLICAOF NO ONE mid-run (their replicas keep following them). */
  const detached = new Set<string>();
  const writable = new Set<string>();
  const limited = new Set<string>();
  let minReplicas = false;
  const steps = o.steps ?? 40;
  for (let s = 0; s < steps; s++) {
    const x = prngInt(r, 100);
    if (x >= 90) {
      // The sharper half: WAIT, min-replicas, writable replicas, REPLICAOF changes, SHUTDOWN, bandwidth.
      const y = prngInt(r, 6);
      const rep = names[1 + prngInt(r, nReplicas)];
      if (y === 0 && !crashed.has('m')) {
        lines.push(`m> WAIT ${prngInt(r, nReplicas + 1)} ${50 + prngInt(r, 400)}`);
      } else if (y === 1 && !crashed.has('m')) {
        minReplicas = true;
        lines.push(`m> CONFIG SET min-replicas-to-write ${prngInt(r, 3)}`);
        lines.push(`m> CONFIG SET min-replicas-max-lag ${1 + prngInt(r, 10)}`);
      } else if (y === 2 && !crashed.has(rep)) {
        writable.add(rep);
        lines.push(`${rep}> CONFIG SET replica-read-only no`);
        lines.push(`${rep}> SET ${LOCAL_KEY_PREFIX}${rep} w${prngInt(r, 100)}`);
      } else if (y === 3 && !crashed.has(rep)) {
        if (detached.has(rep)) {
          const up = masterOf.get(rep)!;
          lines.push(`${rep}> REPLICAOF ${up} ${6379 + names.indexOf(up)}`);
          detached.delete(rep);
        } else {
          lines.push(`${rep}> REPLICAOF NO ONE`);
          detached.add(rep);
        }
      } else if (y === 4) {
        const n = names[prngInt(r, names.length)];
        if (!crashed.has(n) && (n !== 'm' || prngInt(r, 3) === 0)) {
          lines.push(`nowait ${n}> SHUTDOWN${prngInt(r, 2) === 0 ? ' NOSAVE' : ''}`);
          crashed.add(n);
        }
      } else if (y === 5) {
        const key = `${masterOf.get(rep)} ${rep}`;
        limited.add(key);
        lines.push(`bandwidth ${key} ${['16kb', '64kb', '1mbit', '10mbit'][prngInt(r, 4)]}`);
      }
    } else if (x < 45) {
      const w = WRITES[prngInt(r, WRITES.length)](r);
      if (!crashed.has('m')) lines.push(`m> ${w}`);
    } else if (x < 48) {
      // A transaction: its ops reach the replicas wrapped in MULTI/EXEC.
      if (!crashed.has('m')) {
        lines.push('m> MULTI');
        for (let i = 1 + prngInt(r, 3); i > 0; i--) lines.push(`m> ${WRITES[prngInt(r, WRITES.length)](r)}`);
        lines.push(prngInt(r, 5) === 0 ? 'm> DISCARD' : 'm> EXEC');
      }
    } else if (x < 52) {
      if (!crashed.has('m')) lines.push(`repeat ${1 + prngInt(r, 300)} m> SET bulk:{i} ${'x'.repeat(prngInt(r, 40))}`);
    } else if (x < 70) {
      lines.push(`sleep ${1 + prngInt(r, 3000)}ms`);
    } else if (x < 78) {
      const rep = names[1 + prngInt(r, nReplicas)];
      const key = `${masterOf.get(rep)} ${rep}`;
      if (cuts.has(key)) {
        lines.push(`heal ${key}`);
        cuts.delete(key);
      } else {
        lines.push(`cut ${key}`);
        cuts.add(key);
      }
    } else if (x < 84) {
      const rep = names[1 + prngInt(r, nReplicas)];
      lines.push(`kill ${masterOf.get(rep)} ${rep}`);
    } else if (x < 92) {
      const n = names[prngInt(r, names.length)];
      if (crashed.has(n)) {
        lines.push(`restart ${n}`);
        crashed.delete(n);
      } else if (n !== 'm' || prngInt(r, 3) === 0) {
        lines.push(`crash ${n}`);
        crashed.add(n);
      }
    } else if (x < 96) {
      const n = names[prngInt(r, names.length)];
      if (!crashed.has(n)) lines.push(`${n}> SAVE`);
    } else {
      const rep = names[1 + prngInt(r, nReplicas)];
      lines.push(`latency ${masterOf.get(rep)} ${rep} ${1 + prngInt(r, 50)}ms jitter ${prngInt(r, 10)}ms`);
    }
  }
  for (const k of cuts) lines.push(`heal ${k}`);
  for (const n of crashed) lines.push(`restart ${n}`);
  for (const k of limited) lines.push(`bandwidth ${k} 1gbit`);
  if (minReplicas) lines.push('m> CONFIG SET min-replicas-to-write 0');
  // Writable replicas forget their own keys (read-only again after a restart, so made writable first).
  for (const n of writable) {
    lines.push(`${n}> CONFIG SET replica-read-only no`, `${n}> DEL ${LOCAL_KEY_PREFIX}${n}`, `${n}> CONFIG SET replica-read-only yes`);
  }
  // Replicas that forgot their master on restart (no CONFIG REWRITE) are told again.
  for (let i = 1; i < names.length; i++) {
    const up = masterOf.get(names[i])!;
    lines.push(`${names[i]}> REPLICAOF ${up} ${6379 + names.indexOf(up)}`);
  }
  lines.push('sleep 30s');
  // Every direct replica of m, online with all of m's writes, acknowledges them: WAIT counts them all.
  const direct = names.filter((n) => masterOf.get(n) === 'm').length;
  lines.push(`expect m> WAIT ${direct} 2000 == (integer) ${direct}`);
  return lines.join('\n') + '\n';
}

/** What a random Sentinel scenario was built with, for the checks that follow its run. */
export interface SentinelScenario {
  readonly text: string;
  /** The data nodes, m first. */
  readonly nodes: readonly string[];
  readonly sentinels: readonly string[];
  /** replica-priority of each replica (0: never promoted). */
  readonly priority: ReadonlyMap<string, number>;
}

/**
 * A random scenario with Sentinels, for the Sentinel seed sweep: m and 2 or 3 replicas with random
 * replica-priority (0 sometimes), 3 or 5 Sentinels with a random quorum, down-after-milliseconds
 * and parallel-syncs, random writes and short replica lags, sometimes a Sentinel down, then a fault: m
 * crashes, or m (with a minority of the Sentinels, sometimes) is cut off while a client writes to it. Then every fault
 * is repaired and time passes for the Sentinels to agree and every node to follow one master.
 * A family of its own: randomScenario's seeds and hashes do not change.
 */
export function randomSentinelScenario(seed: number): SentinelScenario {
  const r = prngCreate(seed, 0x5e471e1);
  const nReplicas = 2 + prngInt(r, 2);
  const replicas = Array.from({ length: nReplicas }, (_, i) => `r${i + 1}`);
  const nodes = ['m', ...replicas];
  const nSentinels = prngInt(r, 4) === 0 ? 5 : 3;
  const sentinels = Array.from({ length: nSentinels }, (_, i) => `s${i + 1}`);
  const majority = Math.floor(nSentinels / 2) + 1;
  const quorum = 1 + prngInt(r, majority);
  const downAfter = 2000 + 500 * prngInt(r, 7);
  const lines: string[] = [`seed ${seed}`, `node ${nodes.join(' ')}`];
  const priority = new Map<string, number>();
  for (const n of replicas) {
    const p = [100, 100, 100, 50, 10, 0][prngInt(r, 6)];
    priority.set(n, p);
    lines.push(`${n}> CONFIG SET repl-diskless-sync-delay ${prngInt(r, 3)}`);
    if (p !== 100) lines.push(`${n}> CONFIG SET replica-priority ${p}`);
    lines.push(`${n}> REPLICAOF 127.0.0.1 6379`);
  }
  lines.push('m> CONFIG SET repl-diskless-sync-delay 0');
  for (const n of replicas) lines.push(`until ${n} online`);
  lines.push(`sentinel ${sentinels.join(' ')} --sentinel monitor mymaster 127.0.0.1 6379 ${quorum} --sentinel down-after-milliseconds mymaster ${downAfter}`
    + ` --sentinel failover-timeout mymaster 20000 --sentinel parallel-syncs mymaster ${1 + prngInt(r, 2)}`);
  lines.push('sleep 12s');
  const write = () => WRITES[prngInt(r, WRITES.length)](r);
  for (let s = 6 + prngInt(r, 10); s > 0; s--) {
    const x = prngInt(r, 10);
    if (x < 6) lines.push(`m> ${write()}`);
    else if (x < 8) lines.push(`sleep ${1 + prngInt(r, 1500)}ms`);
    else {
      // A replica misses a few writes for a moment, less than repl-timeout: it lags, still online.
      const rep = replicas[prngInt(r, nReplicas)];
      lines.push(`cut m ${rep}`, `m> ${write()}`, `m> ${write()}`, `sleep ${200 + prngInt(r, 1500)}ms`, `heal m ${rep}`);
    }
  }
  // Sometimes one replica is still behind when the fault comes.
  const behind = prngInt(r, 2) === 0 ? replicas[prngInt(r, nReplicas)] : null;
  if (behind) lines.push(`cut m ${behind}`, `repeat ${1 + prngInt(r, 20)} m> SET late:{i} x`, 'sleep 300ms');
  // Sometimes a Sentinel is down through the fault: the others must still agree, or do nothing.
  const downSentinel = prngInt(r, 4) === 0 ? sentinels[nSentinels - 1] : null;
  if (downSentinel) lines.push(`crash ${downSentinel}`);
  const cuts: string[] = [];
  if (prngInt(r, 2) === 0) {
    lines.push('crash m', `sleep ${15 + prngInt(r, 20)}s`);
    if (behind) lines.push(`heal m ${behind}`);
    lines.push('restart m');
  } else {
    // A partition: m, with a minority of the Sentinels sometimes, apart from everyone else.
    const withM = sentinels.slice(0, prngInt(r, majority));
    const others = [...replicas, ...sentinels.filter((x) => !withM.includes(x))];
    for (const a of ['m', ...withM]) for (const b of others) if (!(a === 'm' && b === behind)) cuts.push(`${a} ${b}`);
    for (const c of cuts) lines.push(`cut ${c}`);
    for (let i = prngInt(r, 4); i > 0; i--) lines.push(`m> SET split:${i} ${prngInt(r, 100)}`, `sleep ${1 + prngInt(r, 4000)}ms`);
    lines.push(`sleep ${15 + prngInt(r, 20)}s`);
    for (const c of cuts) lines.push(`heal ${c}`);
    if (behind) lines.push(`heal m ${behind}`);
  }
  if (downSentinel) lines.push(`restart ${downSentinel}`);
  lines.push('sleep 60s');
  return { text: lines.join('\n') + '\n', nodes, sentinels, priority };
}
