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
