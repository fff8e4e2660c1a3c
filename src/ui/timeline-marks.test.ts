// The time slider's markers: which actions and log lines become marks, how near marks merge, the
// previous/next mark from the cursor, and the book that keeps them when time goes back.
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore, type LogLine } from '../app/store.ts';
import type { FrameScheduler } from '../app/player.ts';
import type { TimedAction } from '../runtime/timeline-api.ts';
import {
  MarkBook, actionMarks, groupMarks, logLineKind, logMark, markBookOf, markSummary, markX, mergeByTime, nextMarkTime, prevMarkTime, type Mark,
} from './timeline-marks.ts';

const redis = (msg: string, role = 'M') => `52344:${role} 01 Jan 2026 00:00:12.402 * ${msg}`;

describe('which log lines are marked', () => {
  it('marks full and partial resynchronizations, a finished sync and a lost connection, in Redis\'s words', () => {
    expect(logLineKind(redis('Full resync requested by replica 127.0.0.1:6380'))).toBe('full');
    expect(logLineKind(redis("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for 'ab', my replication IDs are 'cd' and 'ef')"))).toBe('full');
    expect(logLineKind(redis('Unable to partial resync with replica 127.0.0.1:6380 for lack of backlog (Replica request was: 62).'))).toBe('full');
    expect(logLineKind(redis('Partial resynchronization request from 127.0.0.1:6380 accepted. Sending 37 bytes of backlog starting from offset 62.'))).toBe('partial');
    expect(logLineKind(redis('MASTER <-> REPLICA sync: Finished with success', 'S'))).toBe('synced');
    expect(logLineKind('44143:S 01 Jan 2026 00:00:05.002 # Connection with master lost.')).toBe('lost');
    expect(logLineKind('52344:M 01 Jan 2026 00:00:05.002 # Connection with replica 127.0.0.1:6380 lost.')).toBe('lost');
    expect(logLineKind('44143:S 01 Jan 2026 00:00:06.000 # MASTER timeout: no data nor PING received...')).toBe('lost');
  });

  it('leaves the rest of the log alone', () => {
    for (const msg of ['Ready to accept connections', 'Connecting to MASTER m:6379', 'MASTER <-> REPLICA sync started', 'Background saving started by pid 7', 'Timeout connecting to the MASTER...']) {
      expect(logLineKind(redis(msg)), msg).toBeNull();
    }
    // Faults in the log are marked from the actions instead.
    expect(logMark({ t: 1, node: 'm|r1', kind: 'cut', detail: '', index: 4 })).toBeNull();
  });

  it('says what happened in a few words, with node names for addresses', () => {
    const m = logMark({ t: 12402, node: 'm', kind: 'log', detail: redis('Partial resynchronization request from 127.0.0.1:6380 accepted. Sending 37 bytes of backlog starting from offset 62.'), index: 9 })!;
    expect(m).toMatchObject({ t: 12402, kind: 'partial', node: 'm', key: 'l9' });
    expect(markSummary(m, new Map([[6380, 'r1']]))).toBe('m: Partial resynchronization request from r1 accepted.');
    expect(markSummary(m, new Map())).toBe('m: Partial resynchronization request from 127.0.0.1:6380 accepted.');
    expect(markSummary({ ...m, text: 'x'.repeat(300) }, new Map(), 20)).toHaveLength(20);
  });
});

const at = (atMs: number, action: TimedAction['action']): TimedAction => ({ atMs, action });
const cmd = (node: string, ...argv: string[]) => ({ type: 'command' as const, node, argv, wait: false });

describe('which actions are marked', () => {
  it('marks faults, link settings and topology changes as scenario lines', () => {
    const marks = actionMarks([
      at(0, { type: 'addNode', node: 'm' }),
      at(0, { type: 'addNode', node: 'r1' }),
      at(0, cmd('r1', 'REPLICAOF', 'm', '6379')),
      at(1000, { type: 'cut', a: 'm', b: 'r1' }),
      at(1500, { type: 'latency', a: 'm', b: 'r1', latencyMs: 50, jitterMs: 5 }),
      at(1600, { type: 'bandwidth', a: 'm', b: 'r1', bytesPerSec: 8000 }),
      at(9000, { type: 'heal', a: 'm', b: 'r1' }),
      at(9500, { type: 'kill', a: 'm', b: 'r1' }),
      at(10000, { type: 'crash', node: 'r1' }),
      at(11000, { type: 'restart', node: 'r1' }),
      at(12000, { type: 'addNode', node: 'r2' }),
    ]);
    // The nodes declared at the start are not changes; one added later is.
    expect(marks.map((m) => [m.t, m.kind, m.node, m.text])).toEqual([
      [0, 'topology', 'r1', 'r1> REPLICAOF m 6379'],
      [1000, 'cut', 'm|r1', 'cut m r1'],
      [1500, 'link', 'm|r1', 'latency m r1 50ms jitter 5ms'],
      [1600, 'link', 'm|r1', 'bandwidth m r1 64kbit'],
      [9000, 'heal', 'm|r1', 'heal m r1'],
      [9500, 'cut', 'm|r1', 'kill m r1'],
      [10000, 'crash', 'r1', 'crash r1'],
      [11000, 'restart', 'r1', 'restart r1'],
      [12000, 'topology', 'r2', 'node r2'],
    ]);
  });

  it('marks every command when there are few, and only REPLICAOF-like and fault-like ones when there are many', () => {
    const few = actionMarks([at(0, cmd('m', 'SET', 'a', '1')), at(5, cmd('r1', 'SLAVEOF', 'm', '6379')), at(9, cmd('m', 'GET', 'a'))]);
    expect(few.map((m) => m.kind)).toEqual(['command', 'topology', 'command']);
    const many = actionMarks([
      ...Array.from({ length: 50 }, (_, i) => at(i, cmd('m', 'SET', `k${i}`, 'v'))),
      at(60, cmd('r1', 'replicaof', 'no', 'one')),
      at(61, cmd('m', 'FAILOVER')),
      at(62, cmd('m', 'DEBUG', 'SLEEP', '2')),
      at(63, cmd('m', 'SHUTDOWN', 'NOSAVE')),
    ]);
    expect(many.map((m) => [m.kind, m.text])).toEqual([
      ['topology', 'r1> replicaof no one'], ['topology', 'm> FAILOVER'], ['command', 'm> DEBUG SLEEP 2'], ['crash', 'm> SHUTDOWN NOSAVE'],
    ]);
  });
});

const mk = (t: number, kind: Mark['kind'] = 'cut', key = `k${t}`): Mark => ({ t, kind, node: 'm', text: '', key });

describe('placing and merging marks', () => {
  it('puts a moment where the slider\'s thumb centre would be', () => {
    expect(markX(0, 1000, 416, 16)).toBe(8);
    expect(markX(1000, 1000, 416, 16)).toBe(408);
    expect(markX(500, 1000, 416, 16)).toBe(208);
    expect(markX(5000, 1000, 416, 16)).toBe(408);
  });

  it('merges marks closer than the gap into one, shown by its most notable kind, at its first moment', () => {
    // 400 px of track for 10 s: 1 px = 25 ms.
    const groups = groupMarks([mk(0, 'command'), mk(100, 'full'), mk(150, 'cut'), mk(1000, 'synced'), mk(1100, 'heal'), mk(5000, 'link')], 10_000, 416, 8, 16);
    expect(groups.map((g) => [g.t, g.kind, g.marks.length])).toEqual([[0, 'cut', 3], [1000, 'synced', 2], [5000, 'link', 1]]);
    expect(groups[0].key).toBe('k0');
    // Wider, they separate.
    expect(groupMarks([mk(0), mk(100), mk(150)], 10_000, 4016, 8, 16)).toHaveLength(3);
  });

  it('does not chain: a long run of close marks becomes several groups, none wider than the gap', () => {
    const marks = Array.from({ length: 100 }, (_, i) => mk(i * 10));
    const groups = groupMarks(marks, 1000, 116, 8, 16);
    for (let i = 1; i < groups.length; i++) expect(groups[i].x - groups[i - 1].x).toBeGreaterThanOrEqual(8);
    expect(groups.reduce((n, g) => n + g.marks.length, 0)).toBe(100);
  });

  it('merges two time-ordered lists', () => {
    expect(mergeByTime([mk(1, 'cut', 'a'), mk(5, 'cut', 'b')], [mk(1, 'full', 'c'), mk(3, 'full', 'd')]).map((m) => m.key)).toEqual(['a', 'c', 'd', 'b']);
  });

  it('finds the previous and next mark from the cursor, never the one it is on', () => {
    const marks = [mk(0), mk(100), mk(100), mk(2500)];
    expect(nextMarkTime(marks, 0)).toBe(100);
    expect(nextMarkTime(marks, 100)).toBe(2500);
    expect(nextMarkTime(marks, 2500)).toBeNull();
    expect(prevMarkTime(marks, 2500)).toBe(100);
    expect(prevMarkTime(marks, 100)).toBe(0);
    expect(prevMarkTime(marks, 0)).toBeNull();
    expect(nextMarkTime([], 0)).toBeNull();
  });
});

const line = (index: number, t: number, msg: string, node = 'm'): LogLine => ({ index, t, node, kind: 'log', detail: redis(msg) });
const FULL = 'Full resync requested by replica 127.0.0.1:6380';
const LOST = 'Connection with replica 127.0.0.1:6380 lost.';
const PARTIAL = 'Partial resynchronization request from 127.0.0.1:6380 accepted.';

describe('the mark book', () => {
  const tl = {};
  const base = { timeline: tl as never, branches: [{ id: 0, parent: null, forkAtMs: 0, actions: [at(3000, { type: 'cut', a: 'm', b: 'r1' })], headMs: 0 }], branchId: 0 };

  it('keeps the events a branch logged when the log is cut back to an earlier moment', () => {
    const book = new MarkBook();
    const log = [line(1, 0, 'Ready to accept connections'), line(5, 10, FULL), line(9, 5000, LOST), line(12, 9000, PARTIAL)];
    book.update({ ...base, log });
    expect(book.marks().map((m) => [m.t, m.kind])).toEqual([[10, 'full'], [3000, 'cut'], [5000, 'lost'], [9000, 'partial']]);
    // A seek back to 1 s: the log is cut; the marks stay.
    expect(book.update({ ...base, log: log.slice(0, 2) })).toBe(false);
    expect(book.marks()).toHaveLength(4);
    // Playing forward again logs the same lines (same trace indices): nothing doubles.
    book.update({ ...base, log: log.slice(0, 3) });
    book.update({ ...base, log: log.slice() });
    expect(book.marks()).toHaveLength(4);
  });

  it('reads only the lines it has not seen', () => {
    const book = new MarkBook();
    const first = [line(1, 0, FULL), line(2, 5, LOST)];
    book.update({ ...base, log: first });
    const poisoned = first.map((l) => Object.defineProperty({ ...l }, 'detail', { get() { throw new Error('read again'); } }) as LogLine);
    // The last line seen is looked at for its index only.
    expect(() => book.update({ ...base, log: [...poisoned, line(3, 9, PARTIAL)] })).not.toThrow();
    expect(book.marks().map((m) => m.kind)).toEqual(['full', 'lost', 'partial', 'cut']);
  });

  it('keeps each branch\'s events apart, and starts afresh for another run', () => {
    const book = new MarkBook();
    const history = [line(1, 10, FULL)];
    book.update({ ...base, log: [...history, line(4, 5000, LOST)] });
    // Acting at 1 s forks branch 1: its log is the history up to 1 s, then its own lines.
    const b1 = { id: 1, parent: 0, forkAtMs: 1000, actions: [at(1000, { type: 'crash', node: 'r1' } as const)], headMs: 1000 };
    const branches = [...base.branches, b1];
    book.update({ ...base, branches, branchId: 1, log: [...history, line(3, 1000, LOST)] });
    expect(book.marks().map((m) => [m.t, m.kind])).toEqual([[10, 'full'], [1000, 'crash'], [1000, 'lost']]);
    // Back on branch 0: its events (and its cut at 3 s) are there again.
    book.update({ ...base, branches, branchId: 0, log: history });
    expect(book.marks().map((m) => [m.t, m.kind])).toEqual([[10, 'full'], [3000, 'cut'], [5000, 'lost']]);
    // Another scenario: nothing of the old one is kept.
    book.update({ timeline: {} as never, branches: [], branchId: 0, log: [] });
    expect(book.marks()).toEqual([]);
  });

  it('tells subscribers when the marks change, and only then', () => {
    const book = new MarkBook();
    let calls = 0;
    const off = book.subscribe(() => calls++);
    const log = [line(1, 10, FULL)];
    book.update({ ...base, log });
    const v = book.version;
    book.update({ ...base, log });
    book.update({ ...base, log: [...log, line(2, 20, 'Ready to accept connections')] });
    expect(book.version).toBe(v);
    expect(calls).toBe(1);
    off();
  });
});

describe('the book of a live store', () => {
  const stores: AppStore[] = [];
  afterEach(() => { for (const s of stores.splice(0)) s.getState().dispose(); });
  const noFrames: FrameScheduler = { request: () => 0, cancel: () => {} };

  it('marks the partial-resync example\'s cut, heal and +CONTINUE, and keeps them after a seek back to the start', async () => {
    const store = createAppStore({ host: 'inline', frames: noFrames });
    stores.push(store);
    const book = markBookOf(store);
    await store.getState().load({ example: 'partial-resync' });
    const before = book.marks().map((m) => m.kind);
    expect(before).toContain('cut');
    expect(before).toContain('heal');
    expect(before).not.toContain('partial');
    await store.getState().runToEnd();
    const all = book.marks();
    const partial = all.find((m) => m.kind === 'partial')!;
    expect(partial.text).toMatch(/^Partial resynchronization request from 127\.0\.0\.1:6380 accepted/);
    expect(all.filter((m) => m.kind === 'full').length).toBeGreaterThan(0);
    expect(all.filter((m) => m.kind === 'lost').length).toBeGreaterThan(0);
    await store.getState().seek(0);
    expect(store.getState().log.some((l) => l.detail.includes('Partial resynchronization request'))).toBe(false);
    expect(book.marks()).toEqual(all);
    expect(markBookOf(store)).toBe(book);
    expect(nextMarkTime(book.marks(), 0)).toBeGreaterThan(0);
  });
});
