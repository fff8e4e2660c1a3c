// The node cards tell the truth: a node that is not running shows only that and what is on its
// disk; the master's replica table shows the offset sent and the offset ACKed, each labelled.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NodeCard } from './NodeCard.tsx';
import { NodeCard as StageNodeCard } from './panels/TopologyCards.tsx';
import { nodeLines } from './panels/TopologySvg.tsx';
import { load, scenario } from './panels/console-test-run.ts';
import { panelT } from './i18n/panels.ts';
import { diskLines, sentOffset } from './node-truth.ts';
import { allByRole, byTestId, parseMarkup, text } from './test-dom.ts';

const nameOf = (addr: string) => (addr.endsWith(':6380') ? 'r1' : null);
const en = panelT('en');
const zh = panelT('zh-CN');

/** replica-crash-restart.scn: r1 wrote its config (CONFIG REWRITE), synced, then crashed at 1 s. */
async function crashed() {
  const tl = load(scenario('replica-crash-restart.scn'));
  const crashAt = tl.actions.find((a) => a.action.type === 'crash')!.atMs;
  await tl.advanceTo(crashAt + 500);
  return tl.snapshot();
}

describe('a node that is not running', () => {
  it('shows only that it is down and what is on its disk, never its last view as if live', async () => {
    const snap = await crashed();
    expect(snap.down).toEqual(['r1']);
    const r1 = snap.views.find((v) => v.name === 'r1')!;
    // The view left from before the crash still says the link was up: the card must not.
    expect(r1.linkUp).toBe(true);
    const root = parseMarkup(renderToStaticMarkup(<NodeCard view={r1} down disk={snap.disks[0]} nameOf={nameOf} />));
    const all = text(root);
    expect(all).toContain('not running');
    expect(all).not.toContain('link up');
    expect(all).not.toContain('REPL_STATE_CONNECTED');
    expect(all).not.toContain('master_repl_offset');
    expect(all).not.toContain('replica of');
    const disk = allByRole(byTestId(root, 'disk-r1'), 'listitem').map(text);
    expect(disk[0]).toMatch(/^dump\.rdb: \d+ B, saved at t = 0\.\d{3} s$/);
    expect(disk[1]).toBe('redis.conf: replicaof m 6379');
  });

  it('says so when the disk has no RDB and no replicaof line, in both languages', () => {
    const disk = { node: 'r2', rdbBytes: null, rdbSavedAtMs: null, replicaof: null };
    expect(diskLines(disk, en)).toEqual(['no dump.rdb: it restarts with no keys', 'redis.conf has no replicaof line: it restarts as a master']);
    expect(diskLines(disk, zh)).toEqual(['没有 dump.rdb：重启后没有任何键', 'redis.conf 中没有 replicaof 行：重启后是主节点']);
    expect(diskLines({ ...disk, rdbBytes: 2048, rdbSavedAtMs: 1500, replicaof: 'm 6379' }, en))
      .toEqual(['dump.rdb: 2048 B (2 KiB), saved at t = 1.500 s', 'redis.conf: replicaof m 6379']);
  });

  it('on the stage: the label and the card say "not running" and show the disk, not the old offset or link', async () => {
    const snap = await crashed();
    const r1 = snap.views.find((v) => v.name === 'r1')!;
    const place = { role: 'replica', parent: 'm' } as Parameters<typeof nodeLines>[1];
    const lines = nodeLines(r1, place, en, 'online', true);
    expect(lines).toEqual(['r1 · not running', '', '']);
    const card = parseMarkup(renderToStaticMarkup(<StageNodeCard view={r1} role="replica" down disk={snap.disks[0]} t={en} onClose={() => undefined} />));
    expect(text(card)).not.toContain('master_link_status');
    expect(text(card)).not.toContain('slave_repl_offset');
    expect(text(byTestId(card, 'topo-node-disk'))).toContain('redis.conf: replicaof m 6379');
  });
});

describe("the master's replica table", () => {
  it('shows the offset sent and the ACKed offset (INFO\'s offset=), labelled', async () => {
    const tl = load(scenario('replica-crash-restart.scn'));
    const crashAt = tl.actions.find((a) => a.action.type === 'crash')!.atMs;
    await tl.advanceTo(crashAt - 10);
    const m = tl.snapshot().views.find((v) => v.name === 'm')!;
    const row = m.replicas[0];
    expect(row.state).toBe('online');
    expect(sentOffset(m, row)).toBe(m.masterReplOffset - row.pendingBytes);
    // INFO's slave0 line prints the ACKed offset as offset=.
    expect(m.infoReplication).toContain(`offset=${row.ackOffset},`);
    const root = parseMarkup(renderToStaticMarkup(<NodeCard view={m} down={false} nameOf={nameOf} />));
    const heads = allByRole(root, 'columnheader').map(text);
    expect(heads).toContain('sent');
    expect(heads).toContain('offset (ACK)');
    expect(text(byTestId(root, 'sent-offset'))).toBe(String(sentOffset(m, row)));
    expect(text(byTestId(root, 'ack-offset'))).toBe(String(row.ackOffset));
  });

  it('has no sent offset before the replica is online', () => {
    const m = { masterReplOffset: 500 } as Parameters<typeof sentOffset>[0];
    expect(sentOffset(m, { name: 'x', state: 'wait_bgsave_end', ackOffset: 0, lagS: 0, pendingBytes: 40, bufferBytes: 20568, bufferBlocks: 1, refBlockId: null })).toBeNull();
    expect(sentOffset(m, { name: 'x', state: 'online', ackOffset: 0, lagS: 0, pendingBytes: 40, bufferBytes: 20568, bufferBlocks: 1, refBlockId: null })).toBe(460);
  });
});
