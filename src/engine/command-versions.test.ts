import { describe, expect, it } from 'vitest';
import {
  clientInfoFor, clientSubcommandErrorFor, commandExists, masterdownErrorFor, noreplicasErrorFor, readonlyErrorFor, unknownCommandErrorFor, waitOnReplicaErrorFor,
} from './command-versions.ts';

describe('the commands each version has', () => {
  it('has SLAVEOF everywhere and REPLICAOF from 5.0', () => {
    expect(['2.6', '2.8', '4.0', '6.2', '7.0'].map((v) => commandExists(v as '2.6', 'slaveof'))).toEqual([true, true, true, true, true]);
    expect(['2.6', '2.8', '4.0', '6.2', '7.0'].map((v) => commandExists(v as '2.6', 'replicaof'))).toEqual([false, false, false, true, true]);
  });
  it('has ROLE from 2.8.12, WAIT from 3.0, PSYNC from 2.8, and the newer data commands only where they arrived', () => {
    expect(commandExists('2.6', 'role')).toBe(false);
    expect(commandExists('2.8', 'role')).toBe(true);
    expect(commandExists('2.8', 'wait')).toBe(false);
    expect(commandExists('4.0', 'wait')).toBe(true);
    expect(commandExists('2.6', 'psync')).toBe(false);
    expect(commandExists('2.6', 'scan')).toBe(false);
    expect(commandExists('4.0', 'unlink')).toBe(true);
    expect(commandExists('4.0', 'zpopmin')).toBe(false);
    expect(commandExists('6.2', 'lmove')).toBe(true);
    expect(commandExists('6.2', 'sintercard')).toBe(false);
    expect(commandExists('2.6', 'set')).toBe(true);
  });
});

describe('the errors whose words changed', () => {
  it('names an unknown command as each version does', () => {
    const argv = ['foo', 'a', 'b'];
    expect(unknownCommandErrorFor('2.6', argv)).toBe("ERR unknown command 'foo'");
    expect(unknownCommandErrorFor('2.8', argv)).toBe("ERR unknown command 'foo'");
    expect(unknownCommandErrorFor('4.0', argv)).toBe('ERR unknown command `foo`, with args beginning with: `a`, `b`, ');
    expect(unknownCommandErrorFor('6.2', argv)).toBe('ERR unknown command `foo`, with args beginning with: `a`, `b`, ');
    expect(unknownCommandErrorFor('7.0', argv)).toBe("ERR unknown command 'foo', with args beginning with: 'a' 'b' ");
  });
  it('says slave in READONLY, MASTERDOWN, NOREPLICAS and WAIT before 5.0', () => {
    expect(readonlyErrorFor('4.0')).toBe("READONLY You can't write against a read only slave.");
    expect(readonlyErrorFor('6.2')).toBe("READONLY You can't write against a read only replica.");
    expect(masterdownErrorFor('2.6')).toBe("MASTERDOWN Link with MASTER is down and slave-serve-stale-data is set to 'no'.");
    expect(masterdownErrorFor('7.0')).toBe("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
    expect(noreplicasErrorFor('2.8')).toBe('NOREPLICAS Not enough good slaves to write.');
    expect(noreplicasErrorFor('6.2')).toBe('NOREPLICAS Not enough good replicas to write.');
    expect(waitOnReplicaErrorFor('4.0')).toMatch(/^ERR WAIT cannot be used with slave instances\. .* writes to slaves are just local/);
  });
});

describe('a client-info line per version', () => {
  const seven = 'id=3 addr=127.0.0.1:40003 laddr=127.0.0.1:6380 fd=10 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=slaveof user=default redir=-1 resp=2';
  it('has no laddr, memory, user or resp fields before 6.0', () => {
    expect(clientInfoFor('2.8', seven)).toBe('id=3 addr=127.0.0.1:40003 fd=10 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 multi=-1 qbuf=0 qbuf-free=0 obl=0 oll=0 omem=0 events=r cmd=slaveof');
  });
  it('has no id in 2.6 (it came with 2.8.12)', () => {
    expect(clientInfoFor('2.6', seven)).toBe('addr=127.0.0.1:40003 fd=10 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 multi=-1 qbuf=0 qbuf-free=0 obl=0 oll=0 omem=0 events=r cmd=slaveof');
  });
  it('has laddr, argv-mem, tot-mem, user and redir in 6.2 but not 7.0\'s ssub, multi-mem, rbs, rbp and resp', () => {
    expect(clientInfoFor('6.2', seven)).toBe('id=3 addr=127.0.0.1:40003 laddr=127.0.0.1:6380 fd=10 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=slaveof user=default redir=-1');
    expect(clientInfoFor('7.0', seven)).toBe(seven);
  });
});

describe('CLIENT subcommands per version', () => {
  it('has no CLIENT ID before 5.0 and no CLIENT INFO before 6.2, each refused in that version\'s words', () => {
    expect(clientSubcommandErrorFor('4.0', 'info')).toBe('ERR Syntax error, try CLIENT (LIST | KILL | GETNAME | SETNAME | PAUSE | REPLY)');
    expect(clientSubcommandErrorFor('2.8', 'id')).toBe('ERR Syntax error, try CLIENT (LIST | KILL ip:port | GETNAME | SETNAME connection-name)');
    expect(clientSubcommandErrorFor('6.2', 'info')).toBeNull();
    expect(clientSubcommandErrorFor('2.6', 'list')).toBeNull();
  });
});
