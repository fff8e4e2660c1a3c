// The log line of each Redis version: its prefix and date format (serverLogRaw / redisLogRaw) and
// the words of the replication lines that changed over time. The engine writes its lines in 7.0's
// words; for an older version `versionLogText` gives that version's wording of the same event (or
// null when that version wrote no such line).
//   2.6, 2.8:  "[pid] dd Mon hh:mm:ss.mmm L text"            (no role letter, no year)
//   4.0:       "pid:R dd Mon hh:mm:ss.mmm L text"            (role letter M/S/C, no year)
//   6.2, 7.0:  "pid:R dd Mon yyyy hh:mm:ss.mmm L text"       (and the year, since 6.0)

import { formatLogLine, formatLogTime } from './logfmt.ts';
import { atLeast, versionProfile, type RedisVersion } from './version.ts';

/** The log line as version `v` prints it. */
export function formatLogLineFor(v: RedisVersion, pid: number, role: 'M' | 'S' | 'C' | 'X', ms: number, level: string, text: string): string {
  if (atLeast(v, '6.2')) return formatLogLine(pid, role, ms, level, text);
  const t = formatLogTime(ms).replace(/ \d{4,} /, ' ');
  if (atLeast(v, '4.0')) return `${pid}:${role} ${t} ${level} ${text}`;
  return `[${pid}] ${t} ${level} ${text}`;
}

/** A rule gives the version's line, null when the version writes none, undefined to only swap words. */
type Rule = readonly [RegExp, (v: RedisVersion, m: RegExpExecArray, port: number) => string | null | undefined];

// Whole lines first (their wording changed beyond the slave/replica word), then the word swaps.
const OLD_28 = (v: RedisVersion) => v === '2.6' || v === '2.8';
const LEGACY_RULES: readonly Rule[] = [
  // Startup: 4.0 introduced the banner and "Ready to accept connections"; 6.0 the monotonic clock line.
  [/^oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo$/, (v) => (OLD_28(v) ? null : undefined)],
  [/^monotonic clock: /, () => null],
  [/^Running mode=standalone, port=\d+\.$/, (v) => (OLD_28(v) ? null : undefined)],
  [/^Server initialized$/, (v) => (OLD_28(v) ? null : undefined)],
  [/^Ready to accept connections$/, (v, _m, port) => (OLD_28(v) ? `The server is now ready to accept connections on port ${port}` : undefined)],
  [/^Redis version=7\.0\.15, (.*)$/, (v, [, rest]) => (atLeast(v, '4.0') ? `Redis version=${versionProfile(v).release}, ${rest}` : `Server started, Redis version ${versionProfile(v).release}`)],
  // 6.2 and older: "RDB: N MB of memory used by copy-on-write" (logged when there was any).
  [/^Fork CoW for RDB: current (\d+) MB, peak \d+ MB, average \d+ MB$/, (_v, [, mb]) => `RDB: ${mb} MB of memory used by copy-on-write`],
  [/^Starting BGSAVE for SYNC with target: disk$/, (v) => (v === '2.6' ? 'Starting BGSAVE for SYNC' : undefined)],
  [/^MASTER <-> REPLICA sync: Flushing old data$/, (v) => (v === '2.6' ? null : undefined)],
  [/^MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk$/, () => 'MASTER <-> SLAVE sync: receiving streamed RDB from master'],
  [/^MASTER <-> REPLICA sync: receiving (\d+) bytes from master to disk$/, (_v, [, n]) => `MASTER <-> SLAVE sync: receiving ${n} bytes from master`],
  [/^Disconnecting timedout replica \(streaming sync\): (.*)$/, (v, [, r]) => (v === '2.6' ? null : `Disconnecting timedout slave: ${r}`)],
  [/^Connection with replica (.*) lost\.$/, (v, [, r]) => (v === '2.6' ? null : `Connection with slave ${r} lost.`)],
  [/^Replica (\S+) asks for synchronization$/, (v, [, r]) => (v === '2.6' ? 'Slave ask for synchronization' : `Slave ${r} asks for synchronization`)],
  [/^Synchronization with replica (\S+) succeeded$/, (v, [, r]) => (v === '2.6' ? 'Synchronization with slave succeeded' : `Synchronization with slave ${r} succeeded`)],
  [/^Before turning into a replica, using my own master parameters (.*)$/, (v, [, rest]) => (OLD_28(v) ? null : `Before turning into a slave, using my master parameters ${rest}`)],
  [/^REPLICAOF would result (.*)$/, (_v, [, rest]) => `SLAVE OF would result ${rest}`],
  [/^REPLICAOF (\S+) enabled \(user request from .*\)$/, (v, [, hp]) => (v === '2.6' ? `SLAVE OF ${hp} enabled (user request)` : undefined)],
  [/^MASTER MODE enabled \(user request from .*\)$/, (v) => (v === '2.6' ? 'MASTER MODE enabled (user request)' : undefined)],
];

const WORD_SWAPS: readonly [RegExp, string][] = [
  [/MASTER <-> REPLICA/g, 'MASTER <-> SLAVE'],
  [/^REPLICAOF /, 'SLAVE OF '],
  [/\bReplica\b/g, 'Slave'],
  [/\breplicas\b/g, 'slaves'],
  [/\breplica\b/g, 'slave'],
];

/**
 * The text of a log line as version `v` words it, given the text 7.0 writes; null when `v` writes
 * no line for that event. 6.2 and 7.0 share their wording.
 */
export function versionLogText(v: RedisVersion, text: string, port: number): string | null {
  if (v === '7.0') return text;
  if (v === '6.2') {
    return text
      .replace(/^Redis version=7\.0\.15, /, 'Redis version=6.2.16, ')
      .replace(/^Fork CoW for RDB: current (\d+) MB, peak \d+ MB, average \d+ MB$/, 'RDB: $1 MB of memory used by copy-on-write');
  }
  for (const [re, to] of LEGACY_RULES) {
    const m = re.exec(text);
    if (!m) continue;
    const out = to(v, m, port);
    if (out !== undefined) return out;
    break;
  }
  let out = text;
  for (const [re, to] of WORD_SWAPS) out = out.replace(re, to);
  return out;
}
