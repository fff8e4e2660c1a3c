import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliHash } from '../runtime/cli-hash.ts';
import { runScenario } from '../runtime/run-scenario.ts';
import { parseScenario } from '../scenario/parse.ts';
import type { FrameRecord } from '../runtime/sim.ts';
import type { FrameCallback } from './player.ts';
import { createAppStore } from './store.ts';
import {
  addStretch, CROSS_WALL_MS, FOLLOW_START, MAX_SILENCE_WALL_MS, routineFrame, followStep, followTarget, linkActivity, nextTimer, sameWait, waitTimer, type FollowInput, type FollowState, type LinkActivity,
} from './follow.ts';

const IDLE: LinkActivity = { crossingMs: null, nextDepartureMs: null };

function frame(sentAtMs: number, arriveAtMs: number, kind: FrameRecord['kind'] = 'handshake'): FrameRecord {
  return { conn: 'c', from: 'r1', to: 'm', kind, meta: { label: 'PING' }, bytes: 14, sentAtMs, arriveAtMs, preview: '' } as FrameRecord;
}

/** A command as RESP. */
function resp(argv: readonly string[]): string {
  return `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
}

/** A frame carrying `data` (the whole of it, unless `bytes` says it is longer), crossing in 1 ms. */
function sent(from: string, to: string, atMs: number, data: string, kind: FrameRecord['kind'] = 'sentinel', bytes = data.length): FrameRecord {
  return { conn: `${from}|${to}`, from, to, kind, meta: { label: '' }, bytes, sentAtMs: atMs, arriveAtMs: atMs + 1, preview: data } as FrameRecord;
}

/** Plays frames of 16 ms of wall time until `until` holds or maxWallMs passed; returns the wall time used. */
function play(input: (cursorMs: number) => Omit<FollowInput, 'dtMs' | 'cursorMs'>, until: (cursorMs: number) => boolean, maxWallMs = 10_000, start: FollowState = FOLLOW_START) {
  let s = start;
  let cursor = 0;
  let wall = 0;
  const rates: number[] = [];
  while (!until(cursor) && wall < maxWallMs) {
    const i: FollowInput = { dtMs: 16, cursorMs: cursor, ...input(cursor) };
    s = followStep(s, i);
    cursor = followTarget(s, i);
    rates.push(s.rate);
    wall += 16;
  }
  return { wall, cursor, rates };
}

describe('follow mode', () => {
  it('plays slowly while bytes are in flight: a 1 ms frame takes about 0.7 s of wall time to cross', () => {
    const f = frame(0, 1);
    const r = play((c) => ({ factor: 1, activity: linkActivity([f], c), horizonMs: 5000 }), (c) => c >= 1);
    expect(r.wall).toBeGreaterThanOrEqual(500);
    expect(r.wall).toBeLessThanOrEqual(1000);
    expect(r.rates[0]).toBeCloseTo(1 / CROSS_WALL_MS, 9);
  });

  it('follows the factor: twice as fast at 2×, half as fast at ½×', () => {
    const f = frame(0, 1);
    const at = (factor: number) => play((c) => ({ factor, activity: linkActivity([f], c), horizonMs: null }), (c) => c >= 1).wall;
    expect(at(2)).toBeLessThan(at(1) * 0.6);
    expect(at(0.5)).toBeGreaterThan(at(1) * 1.7);
  });

  it('drops to the crossing rate at once when bytes leave during a fast stretch', () => {
    const fast: FollowState = { rate: 7, plan: null };
    const s = followStep(fast, { dtMs: 16, cursorMs: 0, factor: 1, activity: { crossingMs: 1, nextDepartureMs: null }, horizonMs: null });
    expect(s.rate).toBeCloseTo(1 / CROSS_WALL_MS, 9);
  });

  it('crosses a silent 5 s wait (repl-diskless-sync-delay) in under 1.5 s of wall time, starting from the crossing rate', () => {
    const r = play(() => ({ factor: 1, activity: IDLE, horizonMs: 5000 }), (c) => c >= 5000);
    expect(r.cursor).toBe(5000);
    expect(r.wall).toBeLessThanOrEqual(1500);
    expect(r.wall).toBeGreaterThanOrEqual(500);
  });

  it('never leaves a silence with no known end silent for long: each second of it passes in about a second at most', () => {
    const r = play(() => ({ factor: 1, activity: IDLE, horizonMs: null }), (c) => c >= 10_000, 30_000);
    expect(r.wall).toBeLessThan(10_000 * 1.2);
  });

  it('changes the rate smoothly when it rises: at most a bounded step in log-rate per frame', () => {
    const r = play(() => ({ factor: 1, activity: IDLE, horizonMs: 60_000 }), (c) => c >= 60_000);
    const steps = r.rates.slice(1).map((x, i) => Math.abs(Math.log(x / r.rates[i])));
    // 16 ms frames with a 70 ms time constant move at most ~20% of the way in log-rate.
    expect(Math.max(...steps)).toBeLessThan(2.5);
    // And it takes several frames to go from the crossing rate to the fast rate.
    const fastAt = r.rates.findIndex((x) => x > 10);
    expect(fastAt).toBeGreaterThan(3);
    expect(r.wall).toBeLessThanOrEqual(1500);
  });

  it('finds the frames in flight at the cursor, keepalives aside, and bytes queued to leave', () => {
    const frames = [frame(0, 1), frame(2, 3), frame(2, 4, 'keepalive'), frame(5, 9, 'rdb')];
    expect(linkActivity(frames, 0.5)).toEqual({ crossingMs: 1, nextDepartureMs: 2 });
    expect(linkActivity(frames, 1.5)).toEqual({ crossingMs: null, nextDepartureMs: 2 });
    expect(linkActivity(frames, 3.5)).toEqual({ crossingMs: null, nextDepartureMs: 5 });
    expect(linkActivity(frames, 6)).toEqual({ crossingMs: 4, nextDepartureMs: null });
    expect(linkActivity(frames, 10)).toEqual({ crossingMs: null, nextDepartureMs: null });
  });

  it('lets a 5 s wait filled with routine Sentinel traffic pass in about a second, but slows down for is-master-down-by-addr', () => {
    const hello = resp(['PUBLISH', '__sentinel__:hello', '127.0.0.1,26379,b7e3a0c6d1f24e5a8b9c0d1e2f3a4b5c6d7e8f90,0,mymaster,127.0.0.1,6379,0']);
    const info = '# Server\r\nredis_version:7.0.15\r\n';
    const routine: FrameRecord[] = [];
    // Three Sentinels each PING the two replicas every second, say hello every 2 s, INFO every 10 s.
    for (let t = 0; t < 5000; t += 100) {
      const at = t + 3;
      if (t % 1000 === 0) routine.push(sent('s1', 'r1', at, resp(['PING'])), sent('r1', 's1', at + 1, '+PONG\r\n'));
      if (t % 2000 === 0) routine.push(sent('s1', 'r1', at, hello), sent('r1', 's1', at + 1, ':3\r\n'), sent('r1', 's2', at + 1, resp(['message', '__sentinel__:hello', 'x'])));
      if (t % 2000 === 0) routine.push(sent('r1', 'r2', at, resp(['SELECT', '0']) + hello, 'stream'));
      if (t === 0) routine.push(sent('s1', 'r1', at, resp(['INFO'])), sent('r1', 's1', at + 1, `$${info.length + 500}\r\n${info}`, 'sentinel', info.length + 500 + 8));
    }
    expect(routine.every(routineFrame)).toBe(true);
    const r = play((c) => ({ factor: 1, activity: linkActivity(routine, c), horizonMs: 5000 }), (c) => c >= 5000);
    expect(r.cursor).toBe(5000);
    expect(r.wall).toBeLessThanOrEqual(MAX_SILENCE_WALL_MS * 1.5);

    // The same wait while Sentinels ask each other whether the master is down: each question and
    // each vote crosses at the crossing rate, as any other frame.
    const ask = sent('s1', 's2', 4000, resp(['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '0', '*']));
    const vote = sent('s2', 's1', 4001, '*3\r\n:1\r\n$1\r\n*\r\n:0\r\n');
    const notable = [ask, vote, sent('s1', 'r1', 4002, resp(['SLAVEOF', 'NO', 'ONE'])), sent('r1', 's1', 4003, '+OK\r\n'),
      sent('s1', 'r1', 4002, resp(['CONFIG', 'REWRITE'])), sent('s1', 'r1', 4002, resp(['CLIENT', 'KILL', 'TYPE', 'normal'])),
      sent('r1', 'r2', 4002, resp(['SET', 'k', 'v']) + resp(['PUBLISH', '__sentinel__:hello', 'x']), 'stream')];
    expect(notable.some(routineFrame)).toBe(false);
    const all = [...routine, ask, vote].sort((a, b) => a.sentAtMs - b.sentAtMs);
    const mixed = play((c) => ({ factor: 1, activity: linkActivity(all, c), horizonMs: 5000 }), (c) => c >= 5000);
    expect(linkActivity(all, 4000.5).crossingMs).toBe(1);
    expect(mixed.wall - r.wall).toBeGreaterThan(2 * CROSS_WALL_MS * 0.7);
  });

  it('names the timer that ends a wait: the first to end after the cursor', () => {
    const timers = [
      { node: 'm', timer: { name: 'repl-timeout', peer: 'r1', startMs: 0, endMs: 60_000 } },
      { node: 'm', timer: { name: 'repl-diskless-sync-delay', startMs: 7, endMs: 5007 } },
      { node: 'r1', timer: { name: 'connect-retry', startMs: 0, endMs: 1000 } },
    ] as const;
    expect(nextTimer(timers, 1500)?.timer.name).toBe('repl-diskless-sync-delay');
    expect(nextTimer(timers, 500)?.timer.name).toBe('connect-retry');
    expect(nextTimer(timers, 60_000)).toBeNull();
    const w = { kind: 'timer', node: 'm', name: 'repl-diskless-sync-delay', endMs: 5007 } as const;
    expect(sameWait(w, { ...w })).toBe(true);
    expect(sameWait(w, { ...w, endMs: 6007 })).toBe(false);
    expect(sameWait({ kind: 'event', atMs: 7000 }, { kind: 'event', atMs: 7000 })).toBe(true);
    expect(sameWait(null, w)).toBe(false);
  });

  it('while the master is down, a wait is for the Sentinels\' down-after-milliseconds, not the replicas\' futile retries', () => {
    const timers = [
      { node: 'r1', timer: { name: 'connect-retry', peer: '127.0.0.1:6379', startMs: 12_000, endMs: 13_000 } },
      { node: 'r2', timer: { name: 'connect-retry', peer: '127.0.0.1:6379', startMs: 12_000, endMs: 13_000 } },
      { node: 's1', timer: { name: 'down-after-milliseconds', peer: 'mymaster', startMs: 12_000, endMs: 17_000 } },
    ] as const;
    expect(waitTimer(timers, 12_500, new Set([6379]))?.timer.name).toBe('down-after-milliseconds');
    // The master back up: the retry will connect, so it is what the wait is for.
    expect(waitTimer(timers, 12_500, new Set())?.timer.name).toBe('connect-retry');
    // Only futile retries running: they are still named (the wait ends there).
    expect(waitTimer(timers.slice(0, 2), 12_500, new Set([6379]))?.timer.name).toBe('connect-retry');
  });

  it('merges compressed stretches that touch', () => {
    let l = addStretch([], 10, 20);
    l = addStretch(l, 20, 30);
    l = addStretch(l, 40, 50);
    expect(l).toEqual([{ fromMs: 10, toMs: 30 }, { fromMs: 40, toMs: 50 }]);
    expect(addStretch(l, 45, 45)).toBe(l);
  });
});

describe('follow mode in the store', () => {
  it('plays the first sync at a pace a person can follow, and gives the same run as the CLI', async () => {
    let cb: FrameCallback | null = null;
    const frames = { request: (f: FrameCallback) => { cb = f; return 1; }, cancel: () => { cb = null; } };
    const store = createAppStore({ host: 'inline', frames });
    const text = readFileSync(join(import.meta.dirname, '../../scenarios/first-sync.scn'), 'utf8');
    expect(await store.getState().load({ text, name: 'first-sync' })).toBe(true);
    expect(store.getState().playMode).toBe('follow');
    store.getState().play();
    // 16 ms frames; note the wall time at which simulated moments are passed.
    let wall = 0;
    const seen: { wall: number; cursor: number; inFlight: boolean; waiting: boolean }[] = [];
    while (cb && wall < 60_000) {
      const f: FrameCallback = cb;
      cb = null;
      await f(wall);
      wall += 16;
      const s = store.getState();
      seen.push({ wall, cursor: s.cursorMs, inFlight: s.frames.some((x) => x.kind !== 'keepalive' && x.sentAtMs <= s.cursorMs && s.cursorMs < x.arriveAtMs), waiting: s.waiting !== null });
    }
    const at = (ms: number) => seen.find((x) => x.cursor >= ms)!.wall;
    // The handshake (2–7 ms) shows its frames for most of its time.
    const handshake = seen.filter((x) => x.cursor >= 2 && x.cursor < 7);
    expect(handshake.filter((x) => x.inFlight).length / handshake.length).toBeGreaterThan(0.7);
    expect(at(7) - at(2)).toBeGreaterThan(2000);
    // The 5 s of repl-diskless-sync-delay pass in well under 2 s, saying what they wait for.
    expect(at(5000) - at(8)).toBeLessThan(1800);
    expect(seen.filter((x) => x.cursor > 100 && x.cursor < 4900).every((x) => x.waiting)).toBe(true);
    // The RDB and the first ACK cross slowly too; the run ends within ~20 s of wall time.
    expect(at(5003) - at(5001)).toBeGreaterThan(1000);
    expect(wall).toBeLessThan(20_000);
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.cursorMs).toBe(s.scriptEndMs);
    expect(s.traceHash).toBe(cliHash(text));
    expect(s.compressed.some((x) => x.fromMs < 1000 && x.toMs > 4000)).toBe(true);
    // A command typed in the past starts a branch: the slider shows that branch's stretches,
    // those of the shared history only, not the other future's; switching back brings them back.
    const before = s.compressed;
    await s.seek(2000);
    await store.getState().act({ type: 'command', node: 'm', argv: ['SET', 'k', 'v'], wait: false });
    const branched = store.getState();
    expect(branched.branchId).not.toBe(0);
    expect(branched.compressed.length).toBeGreaterThan(0);
    expect(branched.compressed.every((x) => x.toMs <= 2000)).toBe(true);
    await store.getState().switchBranch(0);
    expect(store.getState().compressed).toEqual(before);
    s.dispose();
  });
});

describe('Sentinel timers in Follow', () => {
  it('shows down-after-milliseconds counting down at each Sentinel while the crashed master is silent, ending at +sdown; the run is unchanged', async () => {
    const text = readFileSync(join(import.meta.dirname, '../../scenarios/sentinel-failover.scn'), 'utf8');
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error('parse');
    const run = runScenario(parsed.steps, parsed.seed, { keepTrace: true });
    const sdown = new Map<string, number>();
    for (const e of run.sim.trace) {
      if (e.kind === 'event' && e.event.type === 'sentinelEvent' && e.event.name === '+sdown' && e.event.instance === 'master' && !sdown.has(e.node)) sdown.set(e.node, e.t);
    }
    expect([...sdown.keys()].sort()).toEqual(['s1', 's2', 's3']);
    const store = createAppStore({ host: 'inline' });
    expect(await store.getState().load({ text, name: 'sentinel-failover' })).toBe(true);
    const first = Math.min(...sdown.values());
    await store.getState().seek(first - 2000);
    for (const [node, at] of sdown) {
      const v = store.getState().views.find((x) => x.name === node)!;
      const t = v.timers.find((x) => x.name === 'down-after-milliseconds');
      expect(t, node).toBeDefined();
      expect(t!.peer).toBe('127.0.0.1:6379');
      expect(t!.endMs - t!.startMs).toBe(5000);
      // +sdown comes at the Sentinel's next timer run past the deadline (every 50–100 ms).
      expect(at).toBeGreaterThan(t!.endMs);
      expect(at - t!.endMs).toBeLessThanOrEqual(100);
    }
    await store.getState().seek(Math.max(...sdown.values()) + 1);
    for (const v of store.getState().views.filter((x) => sdown.has(x.name))) expect(v.timers.some((x) => x.name === 'down-after-milliseconds')).toBe(false);
    // The leader waits on failover-timeout (180 s by default) while it reconfigures the replicas.
    const reconf = run.sim.trace.find((e) => e.kind === 'event' && e.event.type === 'sentinelEvent' && e.event.name === '+failover-state-reconf-slaves')!;
    await store.getState().seek(reconf.t + 0.5);
    const ft = store.getState().views.find((x) => x.name === reconf.node)!.timers.find((x) => x.name === 'failover-timeout');
    expect(ft && ft.endMs - ft.startMs).toBe(180_000);
    await store.getState().seek(store.getState().scriptEndMs);
    expect(store.getState().views.every((v) => v.timers.every((x) => x.name !== 'failover-timeout'))).toBe(true);
    expect(store.getState().traceHash).toBe(cliHash(text));
    store.getState().dispose();

    // Played in Follow from just after the crash: the Sentinels' pings and hellos do not hold the
    // 5 s of down-after-milliseconds back (a few seconds of wall time, not a minute), and the wait
    // line names the Sentinels' down-after-milliseconds while it lasts (not the replicas' retries
    // toward the crashed master, which only fail again).
    let cb: FrameCallback | null = null;
    const frames = { request: (f: FrameCallback) => { cb = f; return 1; }, cancel: () => { cb = null; } };
    const live = createAppStore({ host: 'inline', frames });
    expect(await live.getState().load({ text, name: 'sentinel-failover' })).toBe(true);
    const from = Math.min(...[...sdown.values()].map((x) => x - 5000)) + 100;
    await live.getState().seek(from);
    live.getState().play();
    let wall = 0;
    let waited = 0;
    const named = new Set<string>();
    while (cb && wall < 30_000 && live.getState().cursorMs < first) {
      const f: FrameCallback = cb;
      cb = null;
      await f(wall);
      wall += 16;
      const w = live.getState().waiting;
      if (w?.kind === 'timer') {
        waited++;
        named.add(w.name);
      }
    }
    expect([...named]).toEqual(['down-after-milliseconds']);
    expect(live.getState().cursorMs).toBeGreaterThanOrEqual(first);
    expect(wall).toBeLessThan(8000);
    expect(waited * 16).toBeGreaterThan(wall / 2);
    live.getState().dispose();
  });
});
