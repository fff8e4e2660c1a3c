import { describe, expect, it } from 'vitest';
import { formatLogLineFor, versionLogText } from './logfmt-versions.ts';
import { replicaWords, saysSlave } from './version-words.ts';

// 2026-11-22T02:05:55.123Z
const MS = 1795313155123;

describe('each version\'s log line', () => {
  it('has no role letter and no year in 2.6 and 2.8, a role letter from 4.0 (3.0), the year from 6.2 (6.0)', () => {
    expect(formatLogLineFor('2.6', 4242, 'M', MS, '*', 'x')).toBe('[4242] 22 Nov 02:05:55.123 * x');
    expect(formatLogLineFor('2.8', 4242, 'S', MS, '#', 'x')).toBe('[4242] 22 Nov 02:05:55.123 # x');
    expect(formatLogLineFor('4.0', 4242, 'S', MS, '*', 'x')).toBe('4242:S 22 Nov 02:05:55.123 * x');
    expect(formatLogLineFor('6.2', 4242, 'C', MS, '*', 'x')).toBe('4242:C 22 Nov 2026 02:05:55.123 * x');
    expect(formatLogLineFor('7.0', 4242, 'M', MS, '*', 'x')).toBe('4242:M 22 Nov 2026 02:05:55.123 * x');
  });

  it('says slave before 5.0 and replica after, in the words each version used', () => {
    expect(versionLogText('4.0', 'MASTER <-> REPLICA sync started', 6380)).toBe('MASTER <-> SLAVE sync started');
    expect(versionLogText('6.2', 'MASTER <-> REPLICA sync started', 6380)).toBe('MASTER <-> REPLICA sync started');
    expect(versionLogText('2.8', 'Replica 127.0.0.1:6380 asks for synchronization', 6379)).toBe('Slave 127.0.0.1:6380 asks for synchronization');
    expect(versionLogText('2.6', 'Replica 127.0.0.1:6380 asks for synchronization', 6379)).toBe('Slave ask for synchronization');
    expect(versionLogText('2.6', 'Synchronization with replica 127.0.0.1:6380 succeeded', 6379)).toBe('Synchronization with slave succeeded');
    expect(versionLogText('4.0', 'Disconnecting timedout replica (streaming sync): 127.0.0.1:6380', 6379)).toBe('Disconnecting timedout slave: 127.0.0.1:6380');
    expect(versionLogText('4.0', 'MASTER <-> REPLICA sync: receiving 175 bytes from master to disk', 6380)).toBe('MASTER <-> SLAVE sync: receiving 175 bytes from master');
    expect(versionLogText('2.8', "REPLICAOF m:6379 enabled (user request from 'id=3 addr=...')", 6380)).toBe("SLAVE OF m:6379 enabled (user request from 'id=3 addr=...')");
    expect(versionLogText('2.6', "REPLICAOF m:6379 enabled (user request from 'id=3 addr=...')", 6380)).toBe('SLAVE OF m:6379 enabled (user request)');
  });

  it('drops the lines a version never wrote and words its startup as it did', () => {
    expect(versionLogText('2.6', 'Connection with replica 127.0.0.1:6380 lost.', 6379)).toBeNull();
    expect(versionLogText('2.6', 'MASTER <-> REPLICA sync: Flushing old data', 6380)).toBeNull();
    expect(versionLogText('2.8', 'MASTER <-> REPLICA sync: Flushing old data', 6380)).toBe('MASTER <-> SLAVE sync: Flushing old data');
    expect(versionLogText('2.6', 'Starting BGSAVE for SYNC with target: disk', 6379)).toBe('Starting BGSAVE for SYNC');
    expect(versionLogText('4.0', 'Starting BGSAVE for SYNC with target: disk', 6379)).toBe('Starting BGSAVE for SYNC with target: disk');
    expect(versionLogText('2.8', 'Connection with replica 127.0.0.1:6380 lost.', 6379)).toBe('Connection with slave 127.0.0.1:6380 lost.');
    expect(versionLogText('4.0', 'monotonic clock: POSIX clock_gettime', 6379)).toBeNull();
    expect(versionLogText('6.2', 'monotonic clock: POSIX clock_gettime', 6379)).toBe('monotonic clock: POSIX clock_gettime');
    expect(versionLogText('2.8', 'Ready to accept connections', 6380)).toBe('The server is now ready to accept connections on port 6380');
    expect(versionLogText('4.0', 'Ready to accept connections', 6380)).toBe('Ready to accept connections');
    const boot = 'Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=7, just started';
    expect(versionLogText('2.8', boot, 6379)).toBe('Server started, Redis version 2.8.24');
    expect(versionLogText('4.0', boot, 6379)).toBe('Redis version=4.0.14, bits=64, commit=00000000, modified=0, pid=7, just started');
    expect(versionLogText('6.2', boot, 6379)).toBe('Redis version=6.2.16, bits=64, commit=00000000, modified=0, pid=7, just started');
    expect(versionLogText('7.0', boot, 6379)).toBe(boot);
  });

  it('gives code that writes a versioned line the words of that version', () => {
    expect(saysSlave('4.0')).toBe(true);
    expect(saysSlave('6.2')).toBe(false);
    expect(`MASTER <-> ${replicaWords('2.8').REPLICA} sync started`).toBe('MASTER <-> SLAVE sync started');
    expect(`${replicaWords('7.0').Replica} asks`).toBe('Replica asks');
    expect(replicaWords('4.0').replicaofCommand).toBe('SLAVEOF');
    expect(replicaWords('6.2').replicaofLogName).toBe('REPLICAOF');
  });
});
