import { describe, expect, it } from 'vitest';
import { infoField, probe } from './probe.ts';
import { Timeline } from './timeline.ts';

const TEXT = 'node m r1\nm> CONFIG SET repl-diskless-sync-delay 0\nr1> REPLICAOF m 6379\nuntil r1 online\nm> SET a 1\nsleep 2s\n';

async function loaded(): Promise<Timeline> {
  const r = Timeline.load(TEXT);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  await r.timeline.seek(r.timeline.scriptEndMs);
  return r.timeline;
}

describe('probe: asking a node without touching the run', () => {
  it('reads the replica\'s data and an INFO field at the cursor', async () => {
    const tl = await loaded();
    expect((await probe(tl, 'r1', ['GET', 'a'])).printed).toBe('"1"');
    const info = (await probe(tl, 'm', ['INFO', 'replication'])).printed;
    expect(infoField(info, 'connected_slaves')).toBe('1');
    expect(infoField('a:1\r\nb:2\r\n', 'b')).toBe('2');
    expect(Number(infoField(info, 'master_repl_offset'))).toBeGreaterThan(0);
  });

  it('leaves the run exactly as it was: same trace hash, same cursor, same answers', async () => {
    const tl = await loaded();
    const before = tl.snapshot();
    await probe(tl, 'm', ['SET', 'a', '2']);
    const after = tl.snapshot();
    expect(after.traceHash).toBe(before.traceHash);
    expect(after.cursorMs).toBe(before.cursorMs);
    expect((await probe(tl, 'm', ['GET', 'a'])).printed).toBe('"1"');
  });

  it('says the node is down instead of answering for it', async () => {
    const tl = await loaded();
    await tl.act({ type: 'crash', node: 'r1' });
    expect(await probe(tl, 'r1', ['PING'])).toEqual({ printed: '', down: true });
  });
});
