// The version switch in the app: a picked version restarts the same scenario and seed under it,
// wins over the scenario's own `version` line, travels in links; the compare view runs the
// scenario under two versions and marks where they differ.
import { describe, expect, it } from 'vitest';
import { diffRuns } from './compare.ts';
import { summarizeRun } from './compare-run.ts';
import { loadExample } from './examples.ts';
import { inlineStores } from './test-stores.ts';
import { linkSearch, readBootParams } from './url.ts';

const { make } = inlineStores();

const RESTART = (await loadExample('replica-restart-versions'))!.text;

async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('the version switch', () => {
  it('restarts the same scenario and seed under the picked version', async () => {
    const s = make();
    await s.getState().load({ example: 'replica-restart-versions' });
    expect(s.getState().redisVersion).toBe('7.0');
    await s.getState().runToEnd();
    const seven = s.getState().views.find((v) => v.name === 'm')!;
    expect([seven.syncFull, seven.syncPartialOk]).toEqual([1, 1]);

    await s.getState().setVersion('2.8');
    expect(s.getState().cursorMs).toBe(0);
    expect(s.getState().redisVersion).toBe('2.8');
    expect(s.getState().versionPick).toBe('2.8');
    expect(s.getState().scenario?.example).toBe('replica-restart-versions');
    await s.getState().runToEnd();
    const m = s.getState().views.find((v) => v.name === 'm')!;
    // 2.8 forgets the master's run_id when the replica restarts: a second full sync.
    expect(m.version).toBe('2.8');
    expect([m.syncFull, m.syncPartialOk]).toEqual([2, 0]);
    expect(s.getState().exportScenario()).toContain('\nversion 2.8\n');
  });

  it('lets a picked version win over the scenario\'s own line, and drops the pick that equals it', async () => {
    const s = make();
    await s.getState().load({ text: 'version 4.0\nnode m\nm> SET a 1\n', name: 'v' });
    expect([s.getState().scenarioVersion, s.getState().redisVersion, s.getState().versionPick]).toEqual(['4.0', '4.0', null]);
    await s.getState().setVersion('2.6');
    expect([s.getState().scenarioVersion, s.getState().redisVersion, s.getState().versionPick]).toEqual(['4.0', '2.6', '2.6']);
    await s.getState().setVersion('4.0');
    expect(s.getState().versionPick).toBeNull();
  });

  it('names the lines a version does not know', async () => {
    const s = make();
    await s.getState().load({ example: 'partial-resync' });
    expect(s.getState().unknownCommands).toEqual([]);
    await s.getState().setVersion('2.8');
    expect(s.getState().unknownCommands.map((x) => x.text)).toContain('r1> REPLICAOF m 6379');
  });

  it('puts the picked version and the compared one in a link, and a link reproduces them', async () => {
    const a = make();
    await a.getState().load({ example: 'replica-restart-versions' });
    await a.getState().setVersion('2.8');
    a.getState().setCompare('4.0');
    const target = (await a.getState().linkTarget())!;
    expect(target).toEqual({ example: 'replica-restart-versions', t: 0, version: '2.8', compare: '4.0' });
    const search = linkSearch('', target);
    expect(search).toBe('?example=replica-restart-versions&version=2.8&compare=4.0');
    const b = make();
    await b.getState().boot(readBootParams(search));
    expect([b.getState().redisVersion, b.getState().compareWith]).toEqual(['2.8', '4.0']);
    await until(() => b.getState().compare?.status === 'done');
    expect(b.getState().compare?.versions).toEqual(['2.8', '4.0']);
  });
});

describe('the compare view', () => {
  it('shows a restart under 2.8 and under 4.0: PSYNC ? -1 and a full resync against PSYNC <replid> <offset> and +CONTINUE', () => {
    const a = summarizeRun(RESTART, '2.8');
    const b = summarizeRun(RESTART, '4.0');
    expect(a.handshakes.map((h) => h.request)).toEqual(['PSYNC ? -1', 'PSYNC ? -1']);
    expect(a.handshakes.map((h) => h.reply?.split(' ')[0])).toEqual(['+FULLRESYNC', '+FULLRESYNC']);
    expect(b.handshakes[1].request).toMatch(/^PSYNC [0-9a-f]{40} \d+$/);
    expect(b.handshakes[1].reply).toMatch(/^\+CONTINUE/);
    expect(b.handshakes[1].verdict).toBe('accepted');
    expect([a.fullSyncs, a.partialSyncs, b.fullSyncs, b.partialSyncs]).toEqual([2, 0, 1, 1]);
    const d = diffRuns(a, b);
    expect(d.handshakes).toEqual([false, true]);
    expect([...d.nodes.get('m')!]).toEqual(expect.arrayContaining(['syncFull', 'syncPartialOk']));
    expect(d.outcome).toBe(true);
  });

  it('has no sync counters or offsets under 2.6, whose INFO has none, and a SYNC with no reply line', () => {
    const a = summarizeRun(RESTART, '2.6');
    expect(a.handshakes.map((h) => [h.request, h.reply, h.verdict])).toEqual([['SYNC', null, 'sync'], ['SYNC', null, 'sync']]);
    expect(a.nodes.find((n) => n.name === 'm')).toMatchObject({ syncFull: null, masterReplOffset: null });
  });
});
