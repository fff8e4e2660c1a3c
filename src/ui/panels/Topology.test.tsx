import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { UserAction } from '../../runtime/timeline-api.ts';
import { en } from '../i18n/topology.ts';
import { zh } from '../i18n/zh-CN/topology.ts';
import { Topology, type TopologyProps } from './Topology.tsx';
import { nodeInfoLines } from './TopologyCards.tsx';
import { linkMenuItems, nodeMenuItems, replicaOfItems, type MenuActionId } from './TopologyMenu.tsx';
import { actionById } from '../../app/actions.ts';
import { LinkForm, readBandwidth, readLatency } from './LinkForm.tsx';
import { frameId } from './frames.ts';
import { BANDWIDTH_PRESETS, DEFAULT_LINK_SETTINGS, LINK_STATES, bitRateText, linkSettingsAt, parseWhole, RATE_RANGE } from './topology-links.ts';
import { CHAIN } from './topology-scenes.ts';
import { runTo, tEn, type TopoRun } from './topology-test-run.ts';
import { allByRole, allByTestId, allByText, byRole, byTestId, definitionOf, nameOf, parseMarkup, text, type El } from '../test-dom.ts';

function render(run: TopoRun, p: Partial<TopologyProps> = {}): El {
  const noop = () => {};
  return parseMarkup(renderToStaticMarkup(
    <Topology views={run.views} frames={run.frames} cursorMs={run.cursorMs} cutLinks={[]} onSelectNode={noop} onSelectFrame={noop}
      onAction={noop} onRun={noop} width={1280} height={700} t={tEn} {...p} />,
  ));
}

/** The drawing of the cluster: an image named by its title and its description. */
const drawing = (root: El) => byRole(byRole(root, 'region', 'Replication topology'), 'img', /^Replication topology /);

/** A link form, drawn on its own. */
function linkForm(kind: 'latency' | 'bandwidth', bytesPerSec: number, latencyMs = 1, jitterMs = 0): El {
  const noop = () => {};
  return parseMarkup(renderToStaticMarkup(
    <LinkForm kind={kind} a="m" b="r1" settings={{ latencyMs, jitterMs, bytesPerSec }} onApply={noop} onBack={noop} onClose={noop} t={tEn} />,
  ));
}

describe('Topology', () => {
  it('describes the cluster to a screen reader: roles, masters, link states, offsets and traffic', async () => {
    const run = await runTo(CHAIN, 6880);
    const desc = nameOf(drawing(render(run, { cutLinks: ['m|r2'] })));
    expect(desc).toContain('4 nodes, 3 replication links');
    expect(desc).toContain('m is a master at master_repl_offset 191 with 2 replicas.');
    expect(desc).toContain('r2 is a replica of m, link cut');
    expect(desc).toContain('r3 is a sub-replica of r1, link online');
    expect(desc).toMatch(/frames from m to r1, the newest SET greeting hello/);
  });

  it('offers a labelled button for every node and every frame drawn, and marks the selected node', async () => {
    const run = await runTo(CHAIN, 6880);
    const root = render(run, { selectedNode: 'r1' });
    for (const n of ['m', 'r1', 'r2', 'r3']) {
      const node = byTestId(root, `topo-node-${n}`);
      expect(byRole(root, 'button', new RegExp(`^${n}, `))).toBe(node);
      expect(node.attrs['aria-pressed']).toBe(n === 'r1' ? 'true' : 'false');
    }
    expect(byRole(root, 'button', 'r1, replica, master_repl_offset 0, link: online').attrs['aria-pressed']).toBe('true');
    expect(byRole(root, 'button', 'Actions for the link m to r2 (online)').attrs['aria-haspopup']).toBe('menu');
    const frames = allByTestId(root, 'topo-frame');
    expect(frames.length).toBeGreaterThan(3);
    for (const f of frames) expect(nameOf(f)).not.toBe('');
    expect(frames).toContain(byRole(root, 'button', 'replication stream: SET greeting hello, 38 bytes, m to r1'));
  });

  it("shows a selected frame's bytes with \\r\\n visible, its offsets and its times", async () => {
    const run = await runTo(CHAIN, 6880);
    const f = run.frames.find((x) => x.meta.label === 'SET greeting hello' && x.to === 'r1')!;
    const card = byTestId(render(run, { selectedFrame: frameId(f) }), 'topo-frame-card');
    expect(text(byRole(card, 'heading'))).toBe('SET greeting hello');
    expect(text(byTestId(card, 'topo-frame-bytes'))).toBe('"*3\\r\\n$3\\r\\nSET\\r\\n$8\\r\\ngreeting\\r\\n$5\\r\\nhello\\r\\n"');
    expect(text(definitionOf(card, 'offsets'))).toBe('154–192');
    expect(text(definitionOf(card, 'size'))).toBe('38 B');
    expect(text(definitionOf(card, 'sent'))).toBe('t = 6.873480 s · 6.520 ms ago');
    expect(allByRole(card, 'definition').map(text)).toContainEqual(expect.stringMatching(/^on the wire: \d+%$/));
  });

  it("shows a selected node's INFO fields as Redis prints them", async () => {
    const run = await runTo(CHAIN, 8000);
    const r1 = run.views.find((v) => v.name === 'r1')!;
    const lines = nodeInfoLines(r1);
    expect(lines).toContain('role:slave');
    expect(lines).toContain('master_host:m');
    expect(lines).toContain('master_link_status:up');
    expect(lines).toContain('slave0:ip=172.18.0.5,port=6382,state=online,offset=191,lag=0');
    expect(lines).toContain(`master_repl_offset:${r1.masterReplOffset}`);
    const card = byRole(render(run, { selectedNode: 'r1' }), 'region', 'Node r1');
    expect(allByText(card, 'slave_repl_offset:191').flatMap((e) => text(e).split('\n'))).toContain('slave_repl_offset:191');
  });
});

describe('node and link menus', () => {
  it('makes a node a replica of another with REPLICAOF and that node\'s port, not of its current master', async () => {
    const run = await runTo(CHAIN, 8000);
    const r3 = run.views.find((v) => v.name === 'r3')!;
    const items = replicaOfItems(r3, run.views, tEn);
    const actions = items.filter((i) => !i.disabled && i.effect.type === 'action').map((i) => (i.effect as { action: UserAction }).action);
    expect(actions).toContainEqual({ type: 'command', node: 'r3', argv: ['REPLICAOF', 'm', '6379'], wait: false });
    expect(actions).toContainEqual({ type: 'command', node: 'r3', argv: ['REPLICAOF', 'r2', '6381'], wait: false });
    expect(items.find((i) => i.label.startsWith('r1'))!.disabled).toBe(true);
  });

  it('offers crash for a running node, restart for a stopped one, promotion only to replicas, a Sentinel for a master', async () => {
    const run = await runTo(CHAIN, 8000);
    const m = run.views.find((v) => v.name === 'm')!, r1 = run.views.find((v) => v.name === 'r1')!;
    expect(nodeMenuItems(m, false, tEn).map((i) => i.key)).toEqual(['crash', 'addReplica', 'replicaOf', 'addSentinel', 'remove']);
    expect(nodeMenuItems(r1, true, tEn).map((i) => i.key)).toEqual(['restart', 'addReplica', 'replicaOf', 'promote', 'remove']);
    expect(nodeMenuItems(r1, false, tEn).find((i) => i.key === 'promote')!.effect).toEqual({ type: 'run', id: 'promote', target: { node: 'r1' } });
    expect(nodeMenuItems(r1, true, tEn).find((i) => i.key === 'promote')!.disabled).toBe(true);
  });

  it("takes the catalogue's ids and labels for the node and link actions", async () => {
    const run = await runTo(CHAIN, 8000);
    const r1 = run.views.find((v) => v.name === 'r1')!;
    for (const it of nodeMenuItems(r1, false, tEn).filter((i) => i.effect.type === 'run')) {
      const def = actionById(it.key as MenuActionId);
      expect(it.effect).toEqual({ type: 'run', id: def.id, target: { node: 'r1' } });
      expect(it.label).toBe(tEn(def.label, { name: 'r1' }));
    }
    expect(nodeMenuItems(r1, false, tEn).map((i) => i.label)).toEqual([
      'Crash r1', 'Add a replica of r1', 'Make r1 a replica of…', 'Promote r1: REPLICAOF NO ONE', 'Remove r1']);
    expect(linkMenuItems('m', 'r1', 'online', tEn).slice(0, 2).map((i) => i.label)).toEqual(['Cut the link m–r1', 'Kill the connection m–r1 (reset)']);
  });

  it('offers heal on a cut link and cut on any other, always kill, and the latency and bandwidth forms', () => {
    expect(linkMenuItems('m', 'r2', 'cut', tEn).map((i) => i.effect)).toEqual([
      { type: 'run', id: 'heal', target: { a: 'm', b: 'r2' } }, { type: 'run', id: 'kill', target: { a: 'm', b: 'r2' } },
      { type: 'linkForm', form: 'latency', a: 'm', b: 'r2' }, { type: 'linkForm', form: 'bandwidth', a: 'm', b: 'r2' }]);
    expect(linkMenuItems('m', 'r2', 'online', tEn)[0].effect).toEqual({ type: 'run', id: 'cut', target: { a: 'm', b: 'r2' } });
  });

  it("shows the link's latency and bandwidth now: the simulator's default, or what the branch set last", () => {
    expect(DEFAULT_LINK_SETTINGS).toEqual({ latencyMs: 1, jitterMs: 0, bytesPerSec: 125_000_000 });
    expect(linkMenuItems('m', 'r1', 'online', tEn).slice(2).map((i) => i.label)).toEqual([
      'Latency of m–r1… (now 1 ms)', 'Bandwidth of m–r1… (now 1 Gbit/s)']);
    const actions = [
      { atMs: 100, action: { type: 'latency', a: 'r1', b: 'm', latencyMs: 40, jitterMs: 0 } },
      { atMs: 200, action: { type: 'bandwidth', a: 'm', b: 'r2', bytesPerSec: 8000 } },
      { atMs: 300, action: { type: 'latency', a: 'm', b: 'r1', latencyMs: 20, jitterMs: 5 } },
      { atMs: 400, action: { type: 'bandwidth', a: 'm', b: 'r1', bytesPerSec: 12345 } },
    ] as const;
    expect(linkSettingsAt(actions, 'm', 'r1', 50)).toEqual(DEFAULT_LINK_SETTINGS);
    expect(linkSettingsAt(actions, 'm', 'r1', 250)).toEqual({ latencyMs: 40, jitterMs: 0, bytesPerSec: 125_000_000 });
    const now = linkSettingsAt(actions, 'r1', 'm', 400);
    expect(now).toEqual({ latencyMs: 20, jitterMs: 5, bytesPerSec: 12345 });
    expect(linkMenuItems('m', 'r1', 'online', tEn, now).slice(2).map((i) => i.label)).toEqual([
      'Latency of m–r1… (now 20 ms + up to 5 ms jitter)', 'Bandwidth of m–r1… (now 12345 B/s)']);
    expect(linkSettingsAt(actions, 'm', 'r2', 1000).bytesPerSec).toBe(8000);
  });

  it('names round rates in bits per second, as the presets are', () => {
    expect(BANDWIDTH_PRESETS.map((r) => bitRateText(r))).toEqual(['1 Gbit/s', '100 Mbit/s', '10 Mbit/s', '1 Mbit/s', '64 kbit/s']);
    expect(bitRateText(12345)).toBeNull();
  });

  it('applies whole milliseconds and bytes per second, and says in either language what is allowed otherwise', () => {
    const tZh = (key: string, vars: Record<string, string | number> = {}) => Object.entries(vars).reduce((s, [k, v]) => s.split(`{${k}}`).join(String(v)), zh[key as keyof typeof zh]);
    expect(readLatency('m', 'r1', ' 50 ', '10', tEn)).toEqual({ ok: true, action: { type: 'latency', a: 'm', b: 'r1', latencyMs: 50, jitterMs: 10 } });
    expect(readLatency('m', 'r1', '50', '', tEn)).toEqual({ ok: true, action: { type: 'latency', a: 'm', b: 'r1', latencyMs: 50, jitterMs: 0 } });
    expect(readLatency('m', 'r1', '0', '0', tEn)).toEqual({ ok: false, field: 'latency', message: 'Latency: a whole number of milliseconds from 1 to 60000.' });
    expect(readLatency('m', 'r1', '2.5', '0', tEn)).toMatchObject({ ok: false, field: 'latency' });
    expect(readLatency('m', 'r1', '20', '-3', tEn)).toEqual({ ok: false, field: 'jitter', message: 'Jitter: a whole number of milliseconds from 0 to 60000.' });
    expect(readLatency('m', 'r1', 'abc', '0', tZh)).toEqual({ ok: false, field: 'latency', message: '延迟：请填写 1 到 60000 之间的整数毫秒。' });
    expect(readBandwidth('m', 'r1', 8000, '', tEn)).toEqual({ ok: true, action: { type: 'bandwidth', a: 'm', b: 'r1', bytesPerSec: 8000 } });
    expect(readBandwidth('m', 'r1', 'custom', '1 000 000', tEn)).toEqual({ ok: true, action: { type: 'bandwidth', a: 'm', b: 'r1', bytesPerSec: 1_000_000 } });
    expect(readBandwidth('m', 'r1', 'custom', '', tEn)).toEqual({ ok: false, field: 'rate', message: 'Bandwidth: a whole number of bytes per second from 1 to 1250000000.' });
    expect(readBandwidth('m', 'r1', 'custom', '2e9', tZh)).toEqual({ ok: false, field: 'rate', message: '带宽：请填写 1 到 1250000000 之间的整数（字节/秒）。' });
    expect(parseWhole(String(RATE_RANGE.max + 1), RATE_RANGE)).toBeNull();
  });

  it('draws the latency form with the current values and the bandwidth form with the current rate chosen', () => {
    const lat = linkForm('latency', 8000, 20, 5);
    const form = byRole(lat, 'group', 'Latency of the link m–r1');
    expect(allByText(form, 'Now: 20 ms + up to 5 ms jitter').map(text)).toEqual(['Now: 20 ms + up to 5 ms jitter']);
    const latency = byRole(form, 'textbox', 'One-way latency (ms)');
    expect(latency.attrs['data-field']).toBe('latency');
    expect(latency.attrs.value).toBe('20');
    const jitter = byRole(form, 'textbox', /^Jitter \(ms\)/);
    expect(jitter.attrs['data-field']).toBe('jitter');
    expect(jitter.attrs.value).toBe('5');
    const radios = (root: El) => allByRole(byRole(root, 'group', 'Bandwidth'), 'radio').map((r) => [nameOf(r), r.attrs.checked !== undefined]);
    expect(radios(linkForm('bandwidth', 8000))).toEqual([['1 Gbit/s', false], ['100 Mbit/s', false], ['10 Mbit/s', false], ['1 Mbit/s', false], ['64 kbit/s', true], ['Other:', false]]);
    const odd = linkForm('bandwidth', 12345);
    const rate = byRole(odd, 'textbox', 'bytes per second');
    expect(rate.attrs['data-field']).toBe('rate');
    expect(rate.attrs.value).toBe('12345');
    expect(radios(odd).filter(([, checked]) => checked)).toEqual([['Other:', true]]);
  });

  it('lays a press band along every link and gives every node button an id for the menu to return focus to', async () => {
    const run = await runTo(CHAIN, 6880);
    const root = render(run);
    for (const k of ['m|r1', 'm|r2', 'r1|r3']) expect(allByTestId(root, `topo-link-strip-${k}`)).toHaveLength(1);
    const r1 = byRole(root, 'button', /^r1, /);
    expect(byTestId(root, 'topo-node-r1')).toBe(r1);
    expect(r1.attrs.id).toMatch(/^.+-node-r1$/);
  });
});

describe('topology catalogue', () => {
  it('has every key in Simplified Chinese, with the same placeholders', () => {
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[k], k).toBeTruthy();
      expect(zh[k].match(/\{\w+\}/g)?.sort() ?? [], k).toEqual(en[k].match(/\{\w+\}/g)?.sort() ?? []);
    }
  });

  it('has every key the stage asks for', () => {
    const src = ['Topology.tsx', 'TopologySvg.tsx', 'TopologyCards.tsx', 'TopologyMenu.tsx', 'TopologyHits.tsx', 'use-topology-menu.tsx', 'LinkForm.tsx', '../../app/actions.ts'].map((f) => readFileSync(new URL(f, import.meta.url), 'utf8')).join('\n');
    const literal = [...src.matchAll(/'(topology\.[\w.]+)'/g)].map((m) => m[1]);
    const built = [
      ...['master', 'replica', 'sub'].map((r) => `topology.role.${r}`),
      ...LINK_STATES.map((s) => `topology.link.${s}`),
      ...['stream', 'handshake', 'rdb', 'ack', 'keepalive', 'reply', 'fin'].map((k) => `topology.kind.${k}`),
    ];
    expect(literal.length).toBeGreaterThan(30);
    for (const k of [...literal, ...built]) expect(en, k).toHaveProperty([k]);
  });
});
