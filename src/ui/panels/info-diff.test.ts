// Which INFO fields a reader sees marked between two moments of a real run, and the deltas beside.

import { describe, expect, it } from 'vitest';
import { describeChange, diffInfo, parseInfo } from './info-diff.ts';
import { load, scenario } from './console-test-run.ts';
import type { Reply } from '../../engine/resp.ts';

async function infoAt(ms: readonly number[]) {
  const tl = load(scenario('propagation.scn'));
  const out: { replication: string }[] = [];
  for (const t of ms) {
    await tl.advanceTo(t);
    out.push({ replication: tl.snapshot().views.find((v) => v.name === 'm')!.infoReplication });
  }
  return out;
}

describe('diffInfo on propagation.scn', () => {
  it('marks master_repl_offset with its delta between two cursors, and not the replication ID', async () => {
    const [a, b] = await infoAt([8, 2100]);
    const d = diffInfo(a.replication, b.replication);
    const off = d.byKey.get('master_repl_offset')!;
    expect(off).toMatchObject({ kind: 'changed', was: '0', now: '301', delta: 301 });
    expect(describeChange(off)).toBe('0 → 301 (+301)');
    expect(d.byKey.has('master_replid')).toBe(false);
    expect(d.byKey.has('role')).toBe(false);
    const slave0 = d.byKey.get('slave0')!;
    expect(slave0.parts!.map((p) => `${p.key} ${describeChange(p)}`)).toEqual(['state wait_bgsave → online', 'offset 0 → 301 (+301)']);
  });

  it('leaves run_id unmarked in a full INFO while the offsets move', async () => {
    const infos: string[] = [];
    // The scenario with a full INFO on the master before the writes and at the end.
    const text = scenario('propagation.scn').replace('m> INFO replication\nm> SET a 1', 'm> INFO\nm> SET a 1').replace('m> INFO replication\nr1>', 'm> INFO\nr1>');
    const tl = load(text, (node, r: Reply | null) => {
      if (node === 'm' && r?.type === 'bulk' && r.v?.startsWith('# Server')) infos.push(r.v);
    });
    await tl.advanceTo(2100);
    expect(infos).toHaveLength(2);
    const d = diffInfo(infos[0], infos[1]);
    expect(d.byKey.has('run_id')).toBe(false);
    expect(d.byKey.get('master_repl_offset')?.delta).toBe(301);
    expect(d.byKey.has('uptime_in_seconds')).toBe(true);
  });

  it('marks the new replication ID the master takes when it creates its backlog for the first replica', async () => {
    const [a, b] = await infoAt([5, 8]);
    const d = diffInfo(a.replication, b.replication);
    expect(d.byKey.get('master_replid')?.kind).toBe('changed');
    expect(describeChange(d.byKey.get('repl_backlog_active')!)).toBe('0 → 1 (+1)');
    expect(d.byKey.get('slave0')?.kind).toBe('added');
  });

  it('marks nothing without an earlier moment, and lists fields that are gone', () => {
    const now = '# Replication\r\nrole:master\r\nconnected_slaves:0\r\n';
    expect(diffInfo(null, now).all).toEqual([]);
    const was = '# Replication\r\nrole:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=6380,state=online,offset=5,lag=0\r\n';
    const d = diffInfo(was, now);
    expect(d.removed.map((r) => r.key)).toEqual(['slave0']);
    expect(describeChange(d.byKey.get('connected_slaves')!)).toBe('1 → 0 (-1)');
  });

  it('reads the text line by line, "\\r\\n" ends and section blanks included', () => {
    expect(parseInfo('# Server\r\nredis_version:7.0.15\r\n\r\n# Replication\r\nrole:master\r\n').map((l) => l.type)).toEqual(['section', 'field', 'blank', 'section', 'field']);
  });
});
