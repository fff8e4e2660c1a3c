// Narration items for a real run, and the timers the node views carry (src/engine/timers.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AppStore } from './store.ts';
import { inlineStores } from './test-stores.ts';
import { currentNarration, narrationItems, narrationItemsShared, type NarrationItem } from './narration.ts';

const { loaded } = inlineStores();

const FIRST_SYNC = readFileSync(new URL('../../scenarios/first-sync.scn', import.meta.url), 'utf8');

async function itemsAt(store: AppStore, ms: number): Promise<NarrationItem[]> {
  await store.getState().seek(ms);
  return narrationItems(store.getState());
}

describe('narration', () => {
  it('tells a first sync step by step: handshake, PSYNC, the full resync and why, the delay, the RDB, online', async () => {
    const store = await loaded(FIRST_SYNC);
    const items = await itemsAt(store, 6000);
    const kinds = items.map((x) => (x.kind === 'moment' ? `moment:${x.moment.kind}` : x.kind));
    expect(kinds.indexOf('moment:syncStarted')).toBeLessThan(kinds.indexOf('frame'));
    const labels = items.filter((x) => x.kind === 'frame').map((x) => x.kind === 'frame' && `${x.from}>${x.to} ${x.label}`);
    expect(labels.slice(0, 2)).toEqual(['r1>m PING', 'm>r1 +PONG']);
    const ask = items.find((x) => x.kind === 'psyncAsk');
    expect(ask).toMatchObject({ from: 'r1', to: 'm', offset: 1, panel: 'handshake' });
    const answer = items.find((x) => x.kind === 'psyncAnswer');
    expect(answer).toMatchObject({ from: 'm', to: 'r1', verdict: 'replid-mismatch' });
    // The master waits repl-diskless-sync-delay: until the RDB starts, on the first replicationCron tick 5 s after the PSYNC.
    const rdb = items.find((x) => x.kind === 'moment' && x.moment.kind === 'rdbTransfer')!;
    expect(answer!.kind === 'psyncAnswer' && answer!.waitEndMs).toBe(rdb.t);
    expect(rdb.t).toBeGreaterThanOrEqual(5000);
    // +FULLRESYNC goes out as the RDB starts (diskless), just before it in the narration.
    const full = items.findIndex((x) => x.kind === 'frame' && x.label.startsWith('+FULLRESYNC'));
    expect(full).toBe(items.indexOf(rdb) - 1);
    expect(currentNarration(items)).toMatchObject({ kind: 'moment', moment: { kind: 'syncFinished', mode: 'full', offset: 0 } });
  });

  it('follows the cursor: during the delay the line is the wait; seeking back takes the line back', async () => {
    const store = await loaded(FIRST_SYNC);
    await store.getState().seek(6000);
    const during = await itemsAt(store, 2000);
    expect(currentNarration(during)).toMatchObject({ kind: 'psyncAnswer', from: 'm', verdict: 'replid-mismatch', waitEndMs: 5001 });
    expect(during.some((x) => x.kind === 'moment' && x.moment.kind === 'rdbTransfer')).toBe(false);
    const early = await itemsAt(store, 2);
    expect(currentNarration(early)).toMatchObject({ kind: 'frame', label: 'PING' });
  });

  it('a partial resync: +CONTINUE with the bytes of backlog that follow', async () => {
    const store = await loaded(readFileSync(new URL('../../scenarios/partial-resync.scn', import.meta.url), 'utf8'));
    await store.getState().runToEnd();
    const items = narrationItems(store.getState());
    const cont = items.find((x) => x.kind === 'psyncAnswer' && x.verdict === 'accepted');
    expect(cont).toMatchObject({ panel: 'backlog' });
    expect(cont!.kind === 'psyncAnswer' && cont!.backlogBytes).toBeGreaterThan(0);
    const ask = items[items.indexOf(cont!) - 1];
    expect(ask).toMatchObject({ kind: 'psyncAsk', offset: cont!.kind === 'psyncAnswer' ? cont!.offset : -1 });
  });
});

describe('the narration shared by its readers', () => {
  it('is computed once for the same moment, again when the cursor moves', async () => {
    const store = await loaded(FIRST_SYNC);
    await store.getState().seek(3);
    const input = (s = store.getState()) => ({ moments: s.moments, frames: s.frames, views: s.views, cursorMs: s.panelMs, nameOfPort: s.nameOfPort });
    const a = narrationItemsShared(input());
    expect(narrationItemsShared(input())).toBe(a);
    expect(a).toEqual(narrationItems(input()));
    await store.getState().seek(6000);
    const b = narrationItemsShared(input());
    expect(b).not.toBe(a);
    expect(b).toEqual(narrationItems(input()));
    expect(b.length).toBeGreaterThan(a.length);
  });
});

describe('timers in the node views', () => {
  it('a master in the diskless delay waits repl-diskless-sync-delay until the first replicationCron tick 5 s on', async () => {
    const store = await loaded(FIRST_SYNC);
    await store.getState().seek(1000);
    const m = store.getState().views.find((v) => v.name === 'm')!;
    const delay = m.timers.find((x) => x.name === 'repl-diskless-sync-delay')!;
    expect(delay.startMs).toBeLessThan(10);
    expect(delay.endMs).toBe(5001);
    // The PING to replicas is due on the tenth tick.
    expect(m.timers.find((x) => x.name === 'repl-ping-replica-period')).toMatchObject({ endMs: 10001 });
    await store.getState().seek(5500);
    expect(store.getState().views.find((v) => v.name === 'm')!.timers.some((x) => x.name === 'repl-diskless-sync-delay')).toBe(false);
  });

  it('a silent link: repl-timeout on both ends, counted from the last data and the last ACK', async () => {
    const store = await loaded(`seed 3
node m r1
m> CONFIG SET repl-diskless-sync-delay 0
m> CONFIG SET repl-timeout 5
m> CONFIG SET repl-ping-replica-period 1
r1> CONFIG SET repl-timeout 5
r1> REPLICAOF m 6379
until r1 online within 10s
sleep 2s
cut m r1
sleep 3s
`);
    await store.getState().runToEnd();
    const s = store.getState();
    const m = s.views.find((v) => v.name === 'm')!;
    const r1 = s.views.find((v) => v.name === 'r1')!;
    const onMaster = m.timers.find((x) => x.name === 'repl-timeout')!;
    const onReplica = r1.timers.find((x) => x.name === 'repl-timeout')!;
    expect(onMaster.peer).toBe('172.18.0.3:6380');
    expect(onReplica.peer).toBe('m:6379');
    const cut = s.moments.find((x) => x.kind === 'action')!.t;
    // Started at the last ACK / the last PING before the cut; ends on a replicationCron tick
    // once more than 5 whole seconds passed.
    for (const x of [onMaster, onReplica]) {
      expect(x.startMs).toBeLessThanOrEqual(cut);
      expect(x.startMs).toBeGreaterThan(cut - 1100);
      expect(Math.floor(x.endMs / 1000) - Math.floor(x.startMs / 1000)).toBeGreaterThan(5);
      expect(x.endMs % 1000).toBe(1);
    }
    // The replica's ACK is still due every second, at the next tick.
    expect(r1.timers.find((x) => x.name === 'replica-ack')!.endMs - s.cursorMs).toBeLessThanOrEqual(1000);
  });
});
