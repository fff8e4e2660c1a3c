// Which commands each Redis version has, and the errors whose words changed between versions
// (unknown command, READONLY, MASTERDOWN). The release each command arrived in is from Redis's
// command table and its docs; only the engine's commands that arrived after 2.6.0 are listed.

import { echoArg } from './resp.ts';
import { versionProfile, type RedisVersion } from './version.ts';
import { replicaWords } from './version-words.ts';
import { own } from './own.ts';

const SINCE: Readonly<Record<string, string>> = {
  getex: '6.2.0', getdel: '6.2.0', unlink: '4.0.0', touch: '3.2.1', expiretime: '7.0.0', pexpiretime: '7.0.0',
  copy: '6.2.0', swapdb: '4.0.0', scan: '2.8.0', sscan: '2.8.0', hscan: '2.8.0', zscan: '2.8.0', lpos: '6.0.6',
  lmove: '6.2.0', hstrlen: '3.2.0', smismember: '6.2.0', sintercard: '7.0.0', zmscore: '6.2.0', zpopmin: '5.0.0',
  zpopmax: '5.0.0', zrangestore: '6.2.0', zrangebylex: '2.8.9', zrevrangebylex: '2.8.9', zlexcount: '2.8.9',
  zremrangebylex: '2.8.9', role: '2.8.12', replicaof: '5.0.0', wait: '3.0.0', psync: '2.8.0',
};

/** "2.8.12" -> comparable number. */
function rank(release: string): number {
  const [a, b, c] = release.split('.').map(Number);
  return a * 1_000_000 + b * 1_000 + (c || 0);
}

/** True when the command (lower-case name) exists in version `v`'s command table. */
export function commandExists(v: RedisVersion, name: string): boolean {
  const since = own(SINCE, name);
  return since === undefined || rank(since) <= rank(versionProfile(v).release);
}

/** The release a command arrived in when it is later than 2.6.0 (for the docs and the console). */
export function commandSince(name: string): string | undefined {
  return own(SINCE, name);
}

/** processCommand()'s reply to a command the version does not know, in that version's words. */
export function unknownCommandErrorFor(v: RedisVersion, argv: readonly string[]): string {
  if (v === '2.6' || v === '2.8') return `ERR unknown command '${argv[0]}'`;
  let args = '';
  if (v === '7.0') {
    // commandCheckExistence(): the name and the first 128 bytes of arguments, CR/LF as spaces.
    for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${echoArg(argv[i], 128 - args.length)}' `;
    return `ERR unknown command '${echoArg(argv[0], 128)}', with args beginning with: ${args}`;
  }
  // 4.0 up to 6.2: backquotes, a comma after each argument, the name uncut.
  for (let i = 1; i < argv.length && args.length < 128; i++) args += `\`${argv[i].slice(0, 128 - args.length)}\`, `;
  return `ERR unknown command \`${argv[0]}\`, with args beginning with: ${args}`;
}

/** shared.roslaveerr: "slave" before 5.0, "replica" from 5.0. */
export function readonlyErrorFor(v: RedisVersion): string {
  return `READONLY You can't write against a read only ${replicaWords(v).replica}.`;
}

/** shared.noreplicaserr: "Not enough good slaves" before 5.0 (2.6 has no min-slaves-to-write). */
export function noreplicasErrorFor(v: RedisVersion): string {
  return `NOREPLICAS Not enough good ${replicaWords(v).replica}s to write.`;
}

/** shared.masterdownerr, naming the version's config parameter. */
export function masterdownErrorFor(v: RedisVersion): string {
  return `MASTERDOWN Link with MASTER is down and ${replicaWords(v).replica}-serve-stale-data is set to 'no'.`;
}

/** WAIT sent to a replica: the same sentence, in the version's word for a replica (4.0 on). */
export function waitOnReplicaErrorFor(v: RedisVersion): string {
  const w = replicaWords(v).replica;
  return `ERR WAIT cannot be used with ${w} instances. Please also note that since Redis 4.0 if a ${w} is configured to be writable (which is not the default) writes to ${w}s are just local and are not propagated.`;
}

// The fields of a CLIENT LIST / CLIENT INFO line (catClientInfoString) in each version before 7.0.
// 2.6 had no id (CLIENT ID and the id field came with 2.8.12).
const CLIENT_FIELDS_26 = ['addr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'multi', 'qbuf', 'qbuf-free', 'obl', 'oll', 'omem', 'events', 'cmd'];
const CLIENT_FIELDS_40 = ['id', 'addr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'multi', 'qbuf', 'qbuf-free', 'obl', 'oll', 'omem', 'events', 'cmd'];
const CLIENT_FIELDS_62 = ['id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'multi', 'qbuf', 'qbuf-free', 'argv-mem', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd', 'user', 'redir'];

/** A client-info line as 7.0 writes it, cut down to the fields version `v` wrote, in its order. */
export function clientInfoFor(v: RedisVersion, info7: string): string {
  if (v === '7.0') return info7;
  const fields = v === '6.2' ? CLIENT_FIELDS_62 : v === '2.6' ? CLIENT_FIELDS_26 : CLIENT_FIELDS_40;
  const have = new Map<string, string>();
  for (const tok of info7.split(' ')) {
    const i = tok.indexOf('=');
    if (i > 0) have.set(tok.slice(0, i), tok.slice(i + 1));
  }
  return fields.filter((f) => have.has(f)).map((f) => `${f}=${have.get(f)}`).join(' ');
}

/** CLIENT's reply to a subcommand version `v` lacks (CLIENT ID arrived in 5.0, CLIENT INFO in 6.2), or null. */
export function clientSubcommandErrorFor(v: RedisVersion, sub: string): string | null {
  if (v === '6.2' || v === '7.0' || (sub !== 'id' && sub !== 'info')) return null;
  return v === '4.0'
    ? 'ERR Syntax error, try CLIENT (LIST | KILL | GETNAME | SETNAME | PAUSE | REPLY)'
    : 'ERR Syntax error, try CLIENT (LIST | KILL ip:port | GETNAME | SETNAME connection-name)';
}
