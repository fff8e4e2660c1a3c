// Tests of the fidelity check's normalisation: IDs, ports, time-dependent fields, the INFO fields
// compared, log line parsing and PSYNC decisions.

import { describe, expect, it } from 'vitest';
import {
  IdMapper, attachEvents, comparable, comparableInfo, infoFields, normalizeAddresses, normalizeFieldValue,
  normalizeText, parseLogLine, printedReply, psyncDecision, psyncDecisions, replicaLine,
} from './fidelity-normalize.ts';

const ID_A = 'e4febcad3ef4862465985768c9fa552870aac7bf';
const ID_B = '64be664be172f5ec6f1ee65b588dfca27dfa63b7';
const ZERO = '0000000000000000000000000000000000000000';
const enginePorts = new Map([[6379, 'm'], [6380, 'r1']]);
const realPorts = new Map([[7900, 'm'], [7901, 'r1']]);

const info = (replid: string, port: number, lag: number) =>
  `# Replication\r\nrole:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=${port},state=online,offset=301,lag=${lag}\r\n` +
  `master_failover_state:no-failover\r\nmaster_replid:${replid}\r\nmaster_replid2:${ZERO}\r\nmaster_repl_offset:301\r\n` +
  'second_repl_offset:-1\r\nrepl_backlog_active:1\r\nrepl_backlog_size:1048576\r\nrepl_backlog_first_byte_offset:1\r\nrepl_backlog_histlen:301\r\n';

describe('IdMapper', () => {
  it('numbers IDs by first appearance and keeps the zero ID', () => {
    const m = new IdMapper();
    expect(m.map(`${ID_A} ${ID_B} ${ID_A} ${ZERO}`)).toBe(`<id1> <id2> <id1> ${ZERO}`);
    expect(m.map(ID_B)).toBe('<id2>');
  });
  it('leaves shorter or longer hex alone', () => {
    expect(new IdMapper().map('abc123 ' + ID_A + 'f')).toBe('abc123 ' + ID_A + 'f');
  });
});

describe('normalizeFieldValue', () => {
  it('replaces what is time-dependent or random by nature', () => {
    const p = realPorts;
    expect(normalizeFieldValue('lag', '3', p)).toBe('<lag>');
    expect(normalizeFieldValue('master_last_io_seconds_ago', '2', p)).toBe('<secs>');
    expect(normalizeFieldValue('uptime_in_days', '0', p)).toBe('<secs>');
    expect(normalizeFieldValue('used_memory_human', '1.1M', p)).toBe('<mem>');
    expect(normalizeFieldValue('mem_replication_backlog', '20', p)).toBe('<mem>');
    expect(normalizeFieldValue('server_time_usec', '1', p)).toBe('<time>');
    expect(normalizeFieldValue('process_id', '12', p)).toBe('<pid>');
    expect(normalizeFieldValue('total_net_input_bytes', '12', p)).toBe('<bytes>');
    expect(normalizeFieldValue('instantaneous_ops_per_sec', '2', p)).toBe('<rate>');
    expect(normalizeFieldValue('master_port', '7900', p)).toBe('<m>');
    expect(normalizeFieldValue('tcp_port', '1234', p)).toBe('<port>');
    expect(normalizeFieldValue('master_host', 'm', p)).toBe('<host>');
  });
  it('keeps replication values', () => {
    for (const k of ['master_repl_offset', 'sync_full', 'role', 'state', 'offset']) expect(normalizeFieldValue(k, '7', realPorts)).toBe('7');
  });
});

describe('normalizeText', () => {
  it('makes an engine and a real INFO identical when only random values differ', () => {
    const e = normalizeText(info(ID_A, 6380, 1), enginePorts, new IdMapper());
    const r = normalizeText(info(ID_B, 7901, 0), realPorts, new IdMapper());
    expect(e).toBe(r);
    expect(e).toContain('slave0:ip=<host>,port=<r1>,state=online,offset=301,lag=<lag>');
    expect(e).toContain('master_replid:<id1>');
  });
  it('normalises client addresses', () => {
    expect(normalizeAddresses('addr=127.0.0.1:50332 laddr=127.0.0.1:7901', realPorts)).toBe('addr=<addr> laddr=<r1>');
    // The engine's network addresses: a replica that reached its master by name.
    expect(normalizeAddresses('replica 172.18.0.3:6380 laddr=172.18.0.2:6379', new Map([[6379, 'm'], [6380, 'r1']]))).toBe('replica <r1> laddr=<m>');
    expect(normalizeText('id=5 addr=127.0.0.1:50332 laddr=127.0.0.1:7901 fd=8 age=3 idle=0 cmd=client', realPorts, new IdMapper()))
      .toBe('id=5 addr=<addr> laddr=<r1> fd=<pid> age=<secs> idle=<secs> cmd=client');
  });
  it('leaves ordinary replies alone', () => {
    expect(normalizeText('"value-2000"', realPorts, new IdMapper())).toBe('"value-2000"');
    expect(normalizeText('1) "port:6379"', realPorts, new IdMapper())).toBe('1) "port:6379"');
  });
});

describe('INFO fields', () => {
  it('reads key:value lines', () => {
    const f = infoFields('# Stats\r\nsync_full:2\r\n\r\n# X\r\na:b:c\r\n');
    expect([...f]).toEqual([['sync_full', '2'], ['a', 'b:c']]);
  });
  it('reads a slaveN line', () => {
    expect(replicaLine('ip=127.0.0.1,port=7901,state=wait_bgsave,offset=0,lag=0', realPorts)).toEqual({ name: '<r1>', state: 'wait_bgsave', offset: '0' });
  });
  it('keeps only the compared fields, slaves by name', () => {
    const f = comparableInfo(info(ID_B, 7901, 0), realPorts);
    expect([...f.keys()]).toEqual([
      'role', 'connected_slaves', 'master_repl_offset', 'second_repl_offset', 'repl_backlog_active', 'repl_backlog_size',
      'repl_backlog_first_byte_offset', 'repl_backlog_histlen', 'slave0.replica', 'slave0.state', 'slave0.offset',
    ]);
    expect(f.get('slave0.replica')).toBe('<r1>');
    expect(comparableInfo(info(ID_A, 6380, 1), enginePorts)).toEqual(f);
  });
  it('compares INFO by fields and other replies as text', () => {
    expect(comparable(['info', 'stats'], '# Stats\r\nsync_full:1\r\nuptime_in_seconds:5\r\n', realPorts, new IdMapper()))
      .toEqual({ kind: 'info', fields: new Map([['sync_full', '1']]) });
    expect(comparable(['GET', 'a'], '"1"', realPorts, new IdMapper())).toEqual({ kind: 'text', text: '"1"' });
  });
  it('prints replies as redis-cli does, and a refused connection', () => {
    expect(printedReply(['GET', 'a'], { type: 'bulk', v: null })).toBe('(nil)');
    expect(printedReply(['INFO'], { type: 'bulk', v: '# X\r\na:1\r\n' })).toBe('# X\r\na:1');
    expect(printedReply(['GET', 'a'], null, 7901)).toBe('Could not connect to Redis at 127.0.0.1:7901: Connection refused');
  });
});

describe('logs', () => {
  it('parses a Redis log line as local time', () => {
    const p = parseLogLine('19922:M 22 Nov 2026 02:38:05.953 * Replica 127.0.0.1:7901 asks for synchronization');
    expect(p).toEqual({ pid: 19922, role: 'M', ms: new Date(2026, 10, 22, 2, 38, 5, 953).getTime(), level: '*', msg: 'Replica 127.0.0.1:7901 asks for synchronization' });
    expect(parseLogLine('                _._')).toBeNull();
  });

  const log = [
    'Replica 127.0.0.1:7901 asks for synchronization',
    `Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '${ID_A}', my replication IDs are '${ID_B}' and '${ZERO}')`,
    'Connection with replica 127.0.0.1:7901 lost.',
    'Replica 127.0.0.1:7901 asks for synchronization',
    'Unable to partial resync with replica 127.0.0.1:7901 for lack of backlog (Replica request was: 1).',
    'Replica 127.0.0.1:7901 asks for synchronization',
    'Partial resynchronization request from 127.0.0.1:7901 accepted. Sending 0 bytes of backlog starting from offset 124.',
    'Replica 127.0.0.1:7902 asks for synchronization',
    'Full resync requested by replica 127.0.0.1:7902',
  ].map((msg, i) => ({ ms: i * 10, role: 'M', level: '*', msg }));
  const ports = new Map([[7900, 'm'], [7901, 'r1'], [7902, 'r2']]);

  it('recognises each PSYNC decision', () => {
    expect(psyncDecision(log[1].msg, ports)).toEqual({
      kind: 'id mismatch', replica: '',
      msg: `Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '<id>', my replication IDs are '<id>' and '${ZERO}')`,
    });
    expect(psyncDecision('Partial resynchronization not accepted: Requested offset for second ID was 9, but I can reply up to 5', ports)?.kind).toBe('offset past id2');
    expect(psyncDecision('Synchronization with replica 127.0.0.1:7901 succeeded', ports)).toBeNull();
  });

  it('lists the decisions with the replica that asked', () => {
    expect(psyncDecisions('m', log, ports).map((d) => [d.ms, d.kind, d.replica])).toEqual([
      [10, 'id mismatch', '<r1>'], [40, 'lack of backlog', '<r1>'], [60, 'accepted', '<r1>'], [80, 'full requested', '<r2>'],
    ]);
  });

  it('lists when replicas attach and leave', () => {
    expect(attachEvents(log).map((e) => [e.ms, e.replica, e.attached])).toEqual([
      [0, '127.0.0.1:7901', true], [20, '127.0.0.1:7901', false], [30, '127.0.0.1:7901', true],
      [50, '127.0.0.1:7901', true], [70, '127.0.0.1:7902', true],
    ]);
  });
});
