// The situations of Redis's own tests/integration/replication-psync.tcl, as scenarios: a replica
// under write load has its master link killed every 2 s (optionally sleeping before it can
// reconnect); backlog size and TTL decide between +CONTINUE and +FULLRESYNC.

import { describe, expect, it } from 'vitest';
import { keyspaceDigest } from '../engine/keyspace.ts';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from './run-scenario.ts';

interface Situation {
  descr: string;
  durationS: number;
  backlogSize: string;
  backlogTtl: number;
  delayS: number;
  reconnect: boolean;
  expect: 'partial_ok' | 'partial_err' | 'none';
}

const SITUATIONS: Situation[] = [
  { descr: 'no reconnection, just sync', durationS: 6, backlogSize: '1000000', backlogTtl: 3600, delayS: 0, reconnect: false, expect: 'none' },
  { descr: 'ok psync', durationS: 6, backlogSize: '100000000', backlogTtl: 3600, delayS: 0, reconnect: true, expect: 'partial_ok' },
  { descr: 'no backlog', durationS: 6, backlogSize: '100', backlogTtl: 3600, delayS: 0.5, reconnect: true, expect: 'partial_err' },
  { descr: 'ok after delay', durationS: 3, backlogSize: '100000000', backlogTtl: 3600, delayS: 3, reconnect: true, expect: 'partial_ok' },
  { descr: 'backlog expired', durationS: 3, backlogSize: '100000000', backlogTtl: 1, delayS: 3, reconnect: true, expect: 'partial_err' },
];

/** The test's scenario: load in 100 ms slices, a kill every 20 slices, like test_psync. */
function situationScenario(s: Situation, diskless: boolean): string {
  const l = [
    'seed 4242',
    // DEBUG SLEEP on the replica needs enable-debug-command (no by default since 7.0).
    'node m r1 --enable-debug-command local',
    `m> CONFIG SET repl-backlog-size ${s.backlogSize}`,
    `m> CONFIG SET repl-backlog-ttl ${s.backlogTtl}`,
    `m> CONFIG SET repl-diskless-sync ${diskless ? 'yes' : 'no'}`,
    'm> CONFIG SET repl-diskless-sync-delay 1',
    'repeat 200 m> SET warm:{i} x',
    'r1> REPLICAOF m 6379',
    'until r1 online within 30s',
  ];
  for (let j = 0; j < s.durationS * 10; j++) {
    l.push(`repeat 300 m> SET k${j % 7}:{i} value-${j}-xxxxxxxxxxxxxxxxxxxxxxxx`, 'm> INCR counter', 'm> LPUSH list ' + j, 'sleep 100ms');
    if (s.reconnect && j % 20 === 0) {
      // The replica sleeps while the load goes on (the script does not wait for EXEC).
      if (s.delayS > 0) l.push('r1> MULTI', 'r1> CLIENT KILL TYPE master', `r1> DEBUG SLEEP ${s.delayS}`, 'nowait r1> EXEC');
      else l.push('r1> CLIENT KILL TYPE master');
    }
  }
  l.push('sleep 10s', 'until r1 online within 60s', 'sleep 2s');
  return l.join('\n') + '\n';
}

function statsField(info: string, field: string): number {
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  if (!m) throw new Error(`no ${field} in INFO`);
  return Number(m[1]);
}

describe('replication-psync.tcl situations', () => {
  for (const diskless of [false, true]) {
    for (const s of SITUATIONS) {
      const outcome = s.expect === 'partial_ok' ? 'serves partial resyncs' : s.expect === 'partial_err' ? 'falls back to full resyncs' : 'stays in sync';
      it(`${s.descr} (diskless: ${diskless ? 'yes' : 'no'}): ${outcome} and ends with the master's dataset`, () => {
        const parsed = parseScenario(situationScenario(s, diskless));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const res = runScenario(parsed.steps, parsed.seed);
        expect(res.failures).toEqual([]);
        const m = res.sim.nodes.get('m')!.state!;
        const r = res.sim.nodes.get('r1')!.state!;
        expect(r.replState).toBe('REPL_STATE_CONNECTED');
        expect(r.master!.reploff).toBe(m.masterReplOffset);
        expect(keyspaceDigest(r.ks)).toBe(keyspaceDigest(m.ks));
        expect(m.ks.dbs[0].dict.size).toBeGreaterThan(0);
        const info = `sync_partial_ok:${m.stats.syncPartialOk}\nsync_partial_err:${m.stats.syncPartialErr}\nsync_full:${m.stats.syncFull}`;
        // The first sync is always a failed PSYNC (the replica offers its own fresh replid).
        if (s.expect === 'partial_ok') {
          expect(statsField(info, 'sync_partial_ok')).toBeGreaterThan(0);
          expect(statsField(info, 'sync_full')).toBe(1);
        } else if (s.expect === 'partial_err') {
          expect(statsField(info, 'sync_partial_err')).toBeGreaterThan(1);
          expect(statsField(info, 'sync_full')).toBeGreaterThan(1);
        } else {
          expect(statsField(info, 'sync_full')).toBe(1);
          expect(statsField(info, 'sync_partial_ok')).toBe(0);
        }
      }, 60_000);
    }
  }
});
