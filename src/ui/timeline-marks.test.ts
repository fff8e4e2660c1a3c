// The time slider's markers: which actions and moments become marks, how near marks merge, the
// previous/next mark from the cursor, and the book that keeps them when time goes back.
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore, type Moment } from '../app/store.ts';
import type { MomentWhat } from '../app/run-index.ts';
import type { FrameScheduler } from '../app/player.ts';
import type { TimedAction } from '../runtime/timeline-api.ts';
import { panelT } from './i18n/panels.ts';
import {
  MarkBook, actionEntryText, actionMarks, groupMarks, markBookOf, markSummary, markX, mergeByTime, momentMark, nextMarkTime, prevMarkTime, type Mark,
} from './timeline-marks.ts';

const en = panelT('en');
const zh = panelT('zh-CN');
const names = new Map([[6379, 'm'], [6380, 'r1']]);
const moment = (index: number, t: number, what: MomentWhat, node = 'm'): Moment => ({ index, t, node, ...what }) as Moment;
const FULL: MomentWhat = { kind: 'psync', replica: '127.0.0.1:6380', replicaNode: null, verdict: 'full-requested', offset: -1, replId: '?' };
const LOST: MomentWhat = { kind: 'linkLost', role: 'master', peer: '127.0.0.1:6380', peerNode: null, cause: 'reset' };
const PARTIAL: MomentWhat = { kind: 'psync', replica: '127.0.0.1:6380', replicaNode: null, verdict: 'accepted', offset: 62, replId: 'ab' };
const STARTED: MomentWhat = { kind: 'syncStarted', master: 'm:6379', why: 'replicaof' };

describe('which moments are marked', () => {
  it('marks full and partial resynchronizations, a finished sync, a lost link and a dropped replica', () => {
    const kind = (w: MomentWhat) => momentMark(moment(1, 0, w))?.kind ?? null;
    expect(kind(FULL)).toBe('full');
    for (const verdict of ['replid-mismatch', 'second-id-offset', 'no-backlog', 'offset-out-of-range'] as const) expect(kind({ ...PARTIAL, verdict } as MomentWhat)).toBe('full');
    expect(kind(PARTIAL)).toBe('partial');
    expect(kind({ kind: 'syncFinished', master: 'm:6379', masterNode: null, mode: 'full', offset: 0 })).toBe('synced');
    expect(kind(LOST)).toBe('lost');
    expect(kind({ kind: 'linkLost', role: 'replica', peer: 'm:6379', peerNode: null, cause: 'timeout' })).toBe('lost');
    expect(kind({ kind: 'bufferLimit', replica: '127.0.0.1:6380', replicaNode: null, limit: 'hard', usage: 4000, hardBytes: 3072, softBytes: 1024, softSeconds: 60 })).toBe('lost');
  });

  it('leaves the other moments alone', () => {
    expect(momentMark(moment(1, 0, STARTED))).toBeNull();
    expect(momentMark(moment(1, 0, { kind: 'rdbTransfer', phase: 'started', replica: '127.0.0.1:6380', bytes: 175, target: 'disk' }))).toBeNull();
    expect(momentMark(moment(1, 0, { kind: 'roleChanged', to: 'replica', master: 'm:6379' }))).toBeNull();
    // Actions are marked from the branch's actions instead.
    expect(momentMark(moment(4, 1, { kind: 'action', entry: { t: 1, node: 'm|r1', kind: 'linkAction', a: 'm', b: 'r1', action: 'cut' } }, 'm|r1'))).toBeNull();
  });

  it('says what happened in a sentence, naming nodes by name, in English and Chinese', () => {
    const m = momentMark(moment(9, 12402, PARTIAL))!;
    expect(m).toMatchObject({ t: 12402, kind: 'partial', node: 'm', key: 'm9' });
    expect(markSummary(m, en, names)).toBe('Partial resync accepted: r1 from offset 62');
    expect(markSummary(m, zh, names)).toBe('部分重同步已接受：r1 从偏移量 62 开始');
    expect(markSummary(m, en, new Map())).toBe('Partial resync accepted: 127.0.0.1:6380 from offset 62');
    expect(markSummary(momentMark(moment(2, 5, FULL))!, en, names)).toBe('Full resync for r1: the replica asked for one (PSYNC ? -1)');
    const lost = (w: MomentWhat, node = 'm') => markSummary(momentMark(moment(3, 5, w, node))!, en, names);
    expect(lost(LOST)).toBe('m lost its link to replica r1: the connection was reset');
    expect(lost({ kind: 'linkLost', role: 'replica', peer: 'm:6379', peerNode: null, cause: 'timeout' }, 'r1')).toBe('r1 lost its link to master m: timeout (repl-timeout)');
    expect(lost({ kind: 'linkLost', role: 'replica', peer: 'm:6379', peerNode: null, cause: 'crash' }, 'r1')).toBe('r1 lost its link to master m: m crashed');
    expect(lost({ kind: 'linkLost', role: 'master', peer: '127.0.0.1:6380', peerNode: null, cause: 'output-buffer-limit' })).toBe('m lost its link to replica r1: output buffer limit');
    expect(lost({ kind: 'bufferLimit', replica: '127.0.0.1:6380', replicaNode: null, limit: 'hard', usage: 4096, hardBytes: 3072, softBytes: 1024, softSeconds: 60 }))
      .toBe('m dropped r1: output buffer 4 KB reached the hard limit 3 KB');
    expect(markSummary({ ...m, moment: undefined, text: 'x'.repeat(300) }, en, names, 20)).toHaveLength(20);
  });

  it('writes an action of the trace as its scenario line', () => {
    expect(actionEntryText({ t: 0, node: 'm|r1', kind: 'linkAction', a: 'm', b: 'r1', action: 'cut' })).toBe('cut m r1');
    expect(actionEntryText({ t: 0, node: 'm|r1', kind: 'linkAction', a: 'm', b: 'r1', action: 'latency', latencyMs: 50, jitterMs: 5 })).toBe('latency m r1 50ms jitter 5ms');
    expect(actionEntryText({ t: 0, node: 'm|r1', kind: 'linkAction', a: 'm', b: 'r1', action: 'bandwidth', bytesPerSec: 8000 })).toBe('bandwidth m r1 64kbit');
    expect(actionEntryText({ t: 0, node: 'r1', kind: 'nodeAction', action: 'crash' })).toBe('crash r1');
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

describe('the mark book', () => {
  const tl = {};
  const base = { timeline: tl as never, branches: [{ id: 0, parent: null, forkAtMs: 0, actions: [at(3000, { type: 'cut', a: 'm', b: 'r1' })], headMs: 0 }], branchId: 0 };

  it('keeps the moments a branch saw when they are cut back to an earlier moment', () => {
    const book = new MarkBook();
    const log = [moment(1, 0, STARTED), moment(5, 10, FULL), moment(9, 5000, LOST), moment(12, 9000, PARTIAL)];
    book.update({ ...base, moments: log });
    expect(book.marks().map((m) => [m.t, m.kind])).toEqual([[10, 'full'], [3000, 'cut'], [5000, 'lost'], [9000, 'partial']]);
    // A seek back to 1 s: the moments are cut; the marks stay.
    expect(book.update({ ...base, moments: log.slice(0, 2) })).toBe(false);
    expect(book.marks()).toHaveLength(4);
    // Playing forward again brings the same moments (same trace indices): nothing doubles.
    book.update({ ...base, moments: log.slice(0, 3) });
    book.update({ ...base, moments: log.slice() });
    expect(book.marks()).toHaveLength(4);
  });

  it('reads only the moments it has not seen', () => {
    const book = new MarkBook();
    const first = [moment(1, 0, FULL), moment(2, 5, LOST)];
    book.update({ ...base, moments: first });
    const poisoned = first.map((l) => Object.defineProperty({ ...l }, 'kind', { get() { throw new Error('read again'); } }) as Moment);
    // The last moment seen is looked at for its index only.
    expect(() => book.update({ ...base, moments: [...poisoned, moment(3, 9, PARTIAL)] })).not.toThrow();
    expect(book.marks().map((m) => m.kind)).toEqual(['full', 'lost', 'partial', 'cut']);
  });

  it('keeps each branch\'s events apart, and starts afresh for another run', () => {
    const book = new MarkBook();
    const history = [moment(1, 10, FULL)];
    book.update({ ...base, moments: [...history, moment(4, 5000, LOST)] });
    // Acting at 1 s forks branch 1: its moments are the history up to 1 s, then its own.
    const b1 = { id: 1, parent: 0, forkAtMs: 1000, actions: [at(1000, { type: 'crash', node: 'r1' } as const)], headMs: 1000 };
    const branches = [...base.branches, b1];
    book.update({ ...base, branches, branchId: 1, moments: [...history, moment(3, 1000, LOST)] });
    expect(book.marks().map((m) => [m.t, m.kind])).toEqual([[10, 'full'], [1000, 'crash'], [1000, 'lost']]);
    // Back on branch 0: its events (and its cut at 3 s) are there again.
    book.update({ ...base, branches, branchId: 0, moments: history });
    expect(book.marks().map((m) => [m.t, m.kind])).toEqual([[10, 'full'], [3000, 'cut'], [5000, 'lost']]);
    // Another scenario: nothing of the old one is kept.
    book.update({ timeline: {} as never, branches: [], branchId: 0, moments: [] });
    expect(book.marks()).toEqual([]);
  });

  it('tells subscribers when the marks change, and only then', () => {
    const book = new MarkBook();
    let calls = 0;
    const off = book.subscribe(() => calls++);
    const log = [moment(1, 10, FULL)];
    book.update({ ...base, moments: log });
    const v = book.version;
    book.update({ ...base, moments: log });
    book.update({ ...base, moments: [...log, moment(2, 20, STARTED)] });
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
    expect(markSummary(partial, en, store.getState().nameOfPort)).toBe('Partial resync accepted: r1 from offset 61');
    expect(all.filter((m) => m.kind === 'full').length).toBeGreaterThan(0);
    expect(all.filter((m) => m.kind === 'lost').length).toBeGreaterThan(0);
    await store.getState().seek(0);
    expect(store.getState().moments.some((m) => m.kind === 'psync' && m.verdict === 'accepted')).toBe(false);
    expect(book.marks()).toEqual(all);
    expect(markBookOf(store)).toBe(book);
    expect(nextMarkTime(book.marks(), 0)).toBeGreaterThan(0);
  });
});
