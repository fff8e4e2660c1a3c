// The Sentinel example through a real store: the moments and frames it leaves make the failover's
// sequence in sentinel.c's order; each Sentinel's view at the cursor has its flags and epoch; the
// timeline marks the failover's steps; the narration words each step in both languages. Then the
// page's actions add a Sentinel and make the Sentinels monitor a master.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineStores } from '../../app/test-stores.ts';
import { actionById } from '../../app/actions.ts';
import { failoverSequence } from './sentinel-seq.ts';
import { rowText } from './SentinelPanel.tsx';
import { momentMark } from '../timeline-marks.ts';
import { momentText } from '../moment-text.ts';
import { panelT } from '../i18n/panels.ts';
import { nodeMenuItems } from './TopologyMenu.tsx';
import { layoutTopology } from './topology-layout.ts';
import { buildScene } from './topology-scene.ts';

const { make } = inlineStores();
const TEXT = readFileSync(join(import.meta.dirname, '../../../scenarios/sentinel-failover.scn'), 'utf8');
const en = panelT('en');
const zh = panelT('zh-CN');

/** The example played to its end (each test has its own store: stores are disposed after each test). */
async function atEnd() {
  const store = make();
  await store.getState().load({ text: TEXT, name: 'sentinel-failover' });
  await store.getState().runToEnd();
  const s = store.getState();
  return { store, s, sentinels: s.views.filter((v) => v.sentinel).map((v) => v.name), data: s.views.filter((v) => !v.sentinel).map((v) => v.name) };
}

describe('the Sentinel failover on the page', () => {

  it('draws the steps from +sdown to +switch-master in order, with the asks, the votes and SLAVEOF NO ONE, and marks them on the timeline', async () => {
    const { s, sentinels, data } = await atEnd();
    expect(sentinels).toEqual(['s1', 's2', 's3']);
    const seq = failoverSequence(s.moments, s.frames, s.cursorMs, sentinels, data);
    const names = seq.rows.map((r) => (r.kind === 'event' ? r.moment.name : r.kind === 'command' ? r.label : r.kind));
    const order = ['+sdown', 'ask', 'reply', '+odown', '+try-failover', 'vote', '+elected-leader', '+selected-slave', 'SLAVEOF NO ONE', '+promoted-slave', '+slave-reconf-sent', '+slave-reconf-inprog', '+slave-reconf-done', '+failover-end', '+switch-master'];
    let at = -1;
    for (const n of order) {
      const i = names.indexOf(n, at + 1);
      expect(i, `${n} in ${names.join(' ')}`).toBeGreaterThan(at);
      at = i;
    }
    // Times never go back; the lifelines are the Sentinels, then the data nodes involved.
    for (let i = 1; i < seq.rows.length; i++) expect(seq.rows[i].t).toBeGreaterThanOrEqual(seq.rows[i - 1].t);
    expect(seq.lifelines.slice(0, 3)).toEqual(['s1', 's2', 's3']);
    expect(seq.lifelines).toContain('r1');
    // The leader promoted r1 and reconfigured r2; the votes name Sentinels by name, not ID.
    const leader = seq.rows.find((r) => r.kind === 'event' && r.moment.name === '+elected-leader')!;
    const sel = seq.rows.find((r) => r.kind === 'event' && r.moment.name === '+selected-slave');
    expect(sel && sel.kind === 'event' && sel.moment.target).toBe('r1');
    expect(seq.rows.find((r) => r.kind === 'event' && r.moment.name === '+slave-reconf-sent')).toMatchObject({ from: leader.from, to: 'r2' });
    const votes = seq.rows.filter((r) => r.kind === 'vote');
    expect(votes.length).toBeGreaterThan(0);
    for (const v of votes) expect(v.to).toBe(leader.from);
    for (const v of votes) expect(sentinels).toContain(v.from);
    // Every row has words in both languages, with no key left over.
    for (const r of seq.rows) {
      for (const t of [en, zh]) {
        const w = rowText(r, t, s.nameOfPort);
        expect(w).not.toMatch(/sentinel\.(ev|seq)\.|\{/);
      }
    }
    // On the stage an ask travels between two Sentinels as a pill of its own colour and dash.
    const ask = s.frames.find((f) => f.kind === 'sentinel' && f.meta.label === 'SENTINEL is-master-down-by-addr')!;
    const mid = (ask.sentAtMs + ask.arriveAtMs) / 2;
    const scene = buildScene({ layout: layoutTopology(s.views, 1280, 800), views: s.views, inflight: s.frames.filter((f) => f.sentAtMs <= mid && mid < f.arriveAtMs), t: mid, cutLinks: [] });
    expect(scene.pills.find((p) => p.frame === ask)).toMatchObject({ colour: 'var(--frame-sentinel)' });
    expect(rowText(leader, en, s.nameOfPort)).toBe(`${leader.from} won the vote: it leads the failover of mymaster in epoch 1 (+elected-leader)`);

    // +switch-master names the promoted replica; the failover's steps are marked on the timeline.
    const sw = s.moments.find((m) => m.kind === 'sentinel' && m.name === '+switch-master');
    expect(sw && momentText(sw, en, s.nameOfPort)).toMatch(/^s\d switches mymaster to its new master r1 \(\+switch-master\)$/);
    const marked = s.moments.flatMap((m) => { const k = momentMark(m); return k && k.kind === 'sentinel' && m.kind === 'sentinel' ? [m.name] : []; });
    for (const n of ['+sdown', '+odown', '+elected-leader', '+promoted-slave', '+switch-master']) expect(marked).toContain(n);
    expect(marked).not.toContain('+slave-reconf-inprog');
  });

  it("shows each Sentinel's view: o_down while the master is down, the new address after the switch", async () => {
    const { store, s } = await atEnd();
    const odown = s.moments.find((m) => m.kind === 'sentinel' && m.name === '+odown')!;
    await store.getState().seek(odown.t);
    const at = store.getState().views.find((v) => v.name === odown.node)!.sentinel!.masters[0];
    expect([at.name, at.sDown, at.oDown, at.port]).toEqual(['mymaster', true, true, 6379]);
    await store.getState().runToEnd();
    for (const v of store.getState().views.filter((x) => x.sentinel)) {
      const m = v.sentinel!.masters[0];
      expect([m.port, m.oDown, v.sentinel!.currentEpoch]).toEqual([6380, false, 1]);
    }
  });

  it('adds a Sentinel from a master\'s menu that monitors what the others do, and removes it', async () => {
    const { store } = await atEnd();
    const r1 = store.getState().views.find((v) => v.name === 'r1')!;
    expect(nodeMenuItems(r1, false, en).map((i) => i.key)).toContain('addSentinel');
    const s1 = store.getState().views.find((v) => v.name === 's1')!;
    expect(nodeMenuItems(s1, false, en).map((i) => i.key)).toEqual(['crash', 'remove']);
    expect(actionById('addReplica').enabled(store.getState(), { node: 's1' })).toBe(false);
    await actionById('addSentinel').run({ store }, { node: 'r1' });
    await store.getState().seek(store.getState().cursorMs + 15_000);
    const s4 = store.getState().views.find((v) => v.name === 's4')!;
    expect(s4.sentinel!.masters.map((m) => [m.name, m.port, m.quorum])).toEqual([['mymaster', 6380, 2]]);
    // It found the others through their hello messages.
    expect(s4.sentinel!.masters[0].sentinels).toHaveLength(3);
    await actionById('remove').run({ store }, { node: 's4' });
    expect(store.getState().views.some((v) => v.name === 's4')).toBe(false);
  });
});

describe('SENTINEL MONITOR from the page', () => {
  it('makes every Sentinel monitor a master it did not watch, with a majority quorum', async () => {
    const store = make();
    await store.getState().load({ text: 'seed 3\nnode m\nsentinel s1 s2 s3\nsleep 1s\n', name: 't' });
    await store.getState().runToEnd();
    expect(actionById('monitor').enabled(store.getState(), { node: 'm' })).toBe(true);
    await actionById('monitor').run({ store }, { node: 'm' });
    await store.getState().seek(store.getState().cursorMs + 2000);
    const s = store.getState();
    for (const v of s.views.filter((x) => x.sentinel)) expect(v.sentinel!.masters.map((m) => [m.name, m.port, m.quorum])).toEqual([['mymaster', 6379, 2]]);
    expect(s.transcript.filter((x) => x.text === 'SENTINEL MONITOR mymaster 127.0.0.1 6379 2').map((x) => [x.node, x.output])).toEqual([['s1', 'OK'], ['s2', 'OK'], ['s3', 'OK']]);
    expect(actionById('monitor').enabled(s, { node: 'm' })).toBe(false);
  });
});
