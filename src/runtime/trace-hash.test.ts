// The trace hash is fed field by field (TraceHasher); trace format 1 defines it over a text line
// per entry. This test keeps the text definition as the oracle: the canonical line built with
// traceText, run through the same two FNV-1a lanes. Both must agree on every run.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FNV1A_OFFSET, fnv1aStep } from '../engine/fnv1a.ts';
import { parseScenario } from '../scenario/parse.ts';
import { randomScenario, randomSentinelScenario } from './random-scenario.ts';
import { runScenario } from './run-scenario.ts';
import { isHashed, traceText, TraceHasher, type TraceEntry } from './trace.ts';

/** The hash as trace format 1 defines it: `${t}|${node}|${kind}|${detail}\n` per hashed entry. */
class TextHasher {
  private h1 = FNV1A_OFFSET;
  private h2 = 0xcbf29ce4;

  add(e: TraceEntry): void {
    if (!isHashed(e)) return;
    const { kind, detail } = traceText(e);
    const s = `${e.t}|${e.node}|${kind}|${detail}\n`;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.h1 = fnv1aStep(this.h1, c);
      this.h2 = fnv1aStep(this.h2, c + 0x9e, 0x0100019b);
    }
  }

  digest(): string {
    return this.h1.toString(16).padStart(8, '0') + this.h2.toString(16).padStart(8, '0');
  }
}

const DIR = join(import.meta.dirname, '../../scenarios');
const SEEDS = Number(process.env.TRACE_HASH_SEEDS ?? 25);
const SENTINEL_SEEDS = Number(process.env.TRACE_HASH_SENTINEL_SEEDS ?? 1);

/** Runs a scenario text; returns the run's hash and the oracle's over the same entries. */
function both(text: string): { hash: string; oracle: string; entries: number } {
  const p = parseScenario(text);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const oracle = new TextHasher();
  let entries = 0;
  const res = runScenario(p.steps, p.seed, { onTrace: (e) => { oracle.add(e); entries++; } });
  return { hash: res.hash, oracle: oracle.digest(), entries };
}

describe('trace hash fed field by field', () => {
  it('equals the text-line hash on random scenarios (writes, faults, restarts, bandwidth limits)', () => {
    let entries = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = both(randomScenario(seed));
      expect(r.hash, `seed ${seed}`).toBe(r.oracle);
      entries += r.entries;
    }
    expect(entries).toBeGreaterThan(SEEDS * 300);
  }, 120_000);

  it('equals the text-line hash on random Sentinel failovers', () => {
    for (let seed = 1; seed <= SENTINEL_SEEDS; seed++) {
      const r = both(randomSentinelScenario(seed).text);
      expect(r.hash, `seed ${seed}`).toBe(r.oracle);
    }
  }, 120_000);

  it('equals the text-line hash on every example scenario', () => {
    for (const f of readdirSync(DIR).filter((x) => x.endsWith('.scn')).sort()) {
      const r = both(readFileSync(join(DIR, f), 'utf8'));
      expect(r.hash, f).toBe(r.oracle);
    }
  }, 120_000);

  it('writes numbers and values as the text line does: fractions, negatives, large and missing values', () => {
    const entries: TraceEntry[] = [
      { t: 0, node: 'm', kind: 'boot', incarnation: 0, port: 6379 },
      { t: 1.25, node: 'm', kind: 'send', connId: 'c1', sendKind: 'stream', bytes: 27, label: 'SET a 1' },
      { t: 1.25, node: 'r1', kind: 'input', input: { type: 'connData', connId: 'c1', bytes: 27 } },
      { t: 0.1 + 0.2, node: 'r1', kind: 'event', event: { type: 'commandApplied', argv: [], reploff: 2 ** 53 + 2 } },
      { t: 7, node: 'm', kind: 'event', event: { type: 'backlogAppended', fromOffset: -3, toOffset: 1e21 } },
      { t: 7, node: 'm', kind: 'event', event: { type: 'commandPropagated', argv: ['SET', 'k'], fromOffset: 0, toOffset: 10 } },
      { t: 7, node: 'm', kind: 'event', event: { type: 'ackReceived', replica: '127.0.0.1:6380', offset: 9_007_199_254_740_991 } },
      { t: 7, node: 'm', kind: 'event', event: { type: 'reploffAdvanced', reploff: 3 } },
      { t: 8, node: 'm', kind: 'event', event: { type: 'replStateChanged', from: 'a', to: 'b' } },
      { t: 8, node: 'm', kind: 'reply', clientId: 'console', reply: { type: 'int', v: '-12' } },
      { t: 8, node: 'm', kind: 'reply', clientId: 'console', reply: { type: 'bulk', len: null } },
      { t: 8, node: 'm', kind: 'reply', clientId: 'console', reply: { type: 'array', len: 0 } },
      { t: 8, node: 'm', kind: 'reply', clientId: 'console', reply: { type: 'error', v: 'ERR \u00e9\u4e2d' } },
      { t: 9, node: 'm', kind: 'command', argv: ['SET', '\u00ff\u0000', ''] },
      { t: 9, node: 'm', kind: 'input', input: { type: 'command', clientId: 'console', argv: ['PING'] } },
      { t: 9, node: 'm', kind: 'input', input: { type: 'timer', name: 'cron' } },
      { t: -0, node: 'm|r1', kind: 'linkAction', a: 'm', b: 'r1', action: 'latency', latencyMs: 2.5, jitterMs: 0 },
      { t: 10, node: 'm', kind: 'log', line: '1:M 01 Jan 2026 00:00:00.000 * Ready', level: '*', text: 'Ready' },
      { t: 10, node: 'm', kind: 'synLost', connId: 'c2', peer: 'r1' },
    ];
    const h = new TraceHasher();
    const o = new TextHasher();
    for (const e of entries) {
      h.add(e);
      o.add(e);
      expect(h.digest(), JSON.stringify(e)).toBe(o.digest());
    }
    expect(h.count).toBe(entries.length);
  });

  it('equals the text-line hash across long values, many entries and a save and load in between', () => {
    const h = new TraceHasher();
    const o = new TextHasher();
    const big = 'v'.repeat(20_000) + '\u4e2d';
    for (let i = 0; i < 3000; i++) {
      const e: TraceEntry = i % 500 === 7
        ? { t: i / 3, node: 'm', kind: 'command', argv: ['SET', `k${i}`, big] }
        : { t: i / 3, node: 'r1', kind: 'event', event: { type: 'commandApplied', argv: ['SET', `k${i}`, String(i * 7919)], reploff: i * 31 } };
      h.add(e);
      o.add(e);
      if (i === 1234) {
        const again = new TraceHasher();
        again.load(h.save());
        expect(again.digest()).toBe(o.digest());
      }
    }
    expect(h.digest()).toBe(o.digest());
  });
});
