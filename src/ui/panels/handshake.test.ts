// The handshake sequence rebuilt from real runs: order of the messages, sections per reconnection,
// their headings, ×N rows and what the cursor hides.
import { describe, expect, it } from 'vitest';
import { buildHandshakes, currentRowKey, diagramText, replicasWithHandshakes, rowAt, sectionHeading, visibleSections } from './handshake.ts';
import { overflowing, runTo, scenario, tEn as t } from './handshake-test-run.ts';

const texts = (s: ReturnType<typeof buildHandshakes>[number], at: number) => s.rows.map((r) => rowAt(r, s, at, t)).filter((a) => a.state !== 'future');

describe('the PSYNC handshake diagram model', () => {
  it('shows a first sync as PING, +PONG, two REPLCONF, two +OK, PSYNC <id> 1, +FULLRESYNC, the RDB, then ACKs', async () => {
    const run = await runTo(scenario('first-sync.scn'), 7000);
    const [s, ...more] = buildHandshakes('r1', run.frames, run.trace);
    expect(more).toHaveLength(0);
    expect(s.master).toBe('m');
    const rows = texts(s, run.cursorMs).map((a) => a.text).filter((x) => x !== '\\n');
    expect(rows.slice(0, 6)).toEqual(['PING', '+PONG', 'REPLCONF listening-port 6380', 'REPLCONF capa eof capa psync2', '+OK', '+OK']);
    expect(rows[6]).toMatch(/^PSYNC [0-9a-f]{40} 1$/);
    expect(rows[7]).toMatch(/^\+FULLRESYNC [0-9a-f]{40} 0$/);
    expect(rows[8]).toMatch(/^\$EOF:[0-9a-f]{40}$/);
    expect(rows[9]).toBe('REPLCONF ACK 0');
    expect(sectionHeading(s, run.cursorMs, t)).toBe('#1 — first sync with m: +FULLRESYNC');
  });

  it('gives the RDB row its payload size, its size on the wire and its transfer time', async () => {
    const run = await runTo(scenario('first-sync.scn'), 7000);
    const [s] = buildHandshakes('r1', run.frames, run.trace);
    const rdb = s.rows.find((r) => r.kind === 'rdb')!;
    expect(rowAt(rdb, s, run.cursorMs, t).detail).toBe('RDB 219 B · 306 B on the wire · 1.0 ms');
  });

  it("puts the master's reason on the +FULLRESYNC row", async () => {
    const run = await runTo(scenario('first-sync.scn'), 7000);
    const [s] = buildHandshakes('r1', run.frames, run.trace);
    const answer = s.rows.find((r) => r.frames[0].meta.label.startsWith('+FULLRESYNC'))!;
    expect(rowAt(answer, s, run.cursorMs, t).detail).toMatch(/^\d+ B · replication ID mismatch$/);
  });

  it('collapses the keepalives of the diskless delay and runs of ACKs into ×N rows that grow with the cursor', async () => {
    const run = await runTo(scenario('first-sync.scn'), 7000);
    const [s] = buildHandshakes('r1', run.frames, run.trace);
    const keep = s.rows.filter((r) => r.kind === 'keepalive');
    expect(keep).toHaveLength(1);
    expect(rowAt(keep[0], s, run.cursorMs, t).count).toBe(5);
    const ack = s.rows.find((r) => r.kind === 'ack')!;
    expect(rowAt(ack, s, 5500, t).count).toBe(1);
    expect(rowAt(ack, s, 6500, t).count).toBe(2);
  });

  it('hides the rows after the cursor and does not give the answer away before the master sends it', async () => {
    const run = await runTo(scenario('first-sync.scn'), 7000);
    const [s] = buildHandshakes('r1', run.frames, run.trace);
    const at = 2500;
    const text = diagramText([s], at, false, t);
    expect(text).toContain('PSYNC');
    expect(text).not.toContain('+FULLRESYNC');
    expect(text).not.toContain('$EOF');
    expect(sectionHeading(s, at, t)).toBe('#1 — first sync with m: waiting for the answer');
    const future = diagramText([s], at, true, t);
    expect(future).toMatch(/\+FULLRESYNC [0-9a-f]{40} 0 .*\(not yet\)/);
  });

  it('keeps the current row in step with the cursor', async () => {
    const run = await runTo(scenario('first-sync.scn'), 7000);
    const [s] = buildHandshakes('r1', run.frames, run.trace);
    const psync = s.rows.find((r) => r.frames[0].meta.label.startsWith('PSYNC'))!;
    expect(currentRowKey([s], 500)).toBe(psync.key);
    const line = diagramText([s], 500, false, t).split('\n').find((l) => l.startsWith('▶'));
    expect(line).toContain('PSYNC');
  });

  it('draws a frame still travelling as in flight, with how far it got', async () => {
    const run = await runTo(scenario('first-sync.scn'), 7000);
    const [s] = buildHandshakes('r1', run.frames, run.trace);
    const ping = s.rows[0];
    const mid = (ping.frames[0].sentAtMs + ping.frames[0].arriveAtMs) / 2;
    const a = rowAt(ping, s, mid, t);
    expect(a.state).toBe('inflight');
    expect(a.progress).toBeCloseTo(0.5, 5);
  });

  it('starts a new section when the replica reconnects: partial-resync ends its second handshake in +CONTINUE', async () => {
    const run = await runTo(scenario('partial-resync.scn'), 15000);
    const sections = buildHandshakes('r1', run.frames, run.trace);
    expect(sections.length).toBeGreaterThanOrEqual(2);
    const second = sections[1];
    const shown = texts(second, run.cursorMs).map((a) => a.text);
    const psync = shown.findIndex((x) => x.startsWith('PSYNC'));
    expect(shown[psync]).toMatch(/^PSYNC [0-9a-f]{40} 61$/);
    expect(shown[psync + 1]).toMatch(/^\+CONTINUE [0-9a-f]{40}$/);
    expect(shown).not.toContain('+FULLRESYNC');
    expect(sectionHeading(second, run.cursorMs, t)).toBe('#2 — after the link was cut: +CONTINUE');
    // Only the bytes the replica missed are sent, straight from the backlog.
    expect(shown[psync + 2]).toBe('missed bytes, from the backlog');
  });

  it('hides a reconnection that has not happened yet at the cursor', async () => {
    const run = await runTo(scenario('partial-resync.scn'), 15000);
    const sections = buildHandshakes('r1', run.frames, run.trace);
    expect(visibleSections(sections, 5000, false)).toHaveLength(1);
    expect(visibleSections(sections, 5000, true).length).toBe(sections.length);
  });

  it('names a restart of the replica as the reason for its next handshake', async () => {
    const run = await runTo(scenario('replica-crash-restart.scn'), 6000);
    const sections = buildHandshakes('r1', run.frames, run.trace);
    expect(sections.map((s) => sectionHeading(s, run.cursorMs, t))).toEqual([
      '#1 — first sync with m: +FULLRESYNC',
      '#2 — after r1 restarted: +CONTINUE',
    ]);
  });

  it('offers one diagram per replica that opened a handshake', async () => {
    const run = await runTo(scenario('two-replicas.scn'), 6000);
    expect(replicasWithHandshakes(run.frames)).toEqual(['r1', 'r2']);
    expect(buildHandshakes('m', run.frames, run.trace)).toHaveLength(0);
  });

  it('keeps rows in time order: the first ACK, then the stream, then the later ACKs', async () => {
    const run = await runTo(scenario('partial-resync.scn'), 15000);
    const [first] = buildHandshakes('r1', run.frames, run.trace);
    const tail = first.rows.slice(first.rows.findIndex((r) => r.kind === 'rdb') + 1).map((r) => `${r.kind}×${r.frames.length}`);
    expect(tail).toEqual(['ack×2', 'stream×3', 'ack×5', 'fin×1']);
    const starts = first.rows.map((r) => r.frames[0].sentAtMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('names an output buffer overflow as the reason for the reconnection', async () => {
    const run = await runTo(overflowing(), 12000);
    const sections = buildHandshakes('r1', run.frames, run.trace);
    expect(sections).toHaveLength(2);
    // Dropped with the backlog still holding what it missed: it continues where it was.
    expect(sectionHeading(sections[1], run.cursorMs, t)).toBe('#2 — after the output buffer overflowed: +CONTINUE');
  });

  it('reveals the answer of a future handshake only when the future is shown, marked as not yet', async () => {
    const run = await runTo(scenario('partial-resync.scn'), 15000);
    const second = buildHandshakes('r1', run.frames, run.trace)[1];
    const before = 5000;
    expect(sectionHeading(second, before, t, true)).toBe('#2 — after the link was cut: +CONTINUE (not yet)');
  });
});
