// The configuration surface of each Redis version: which parameter names CONFIG GET and CONFIG SET
// know (slave-* before 5.0, replica-* with the slave-* aliases from 5.0), in the order that
// version's CONFIG GET lists them, the defaults that changed, and CONFIG's errors in that
// version's words. The engine keeps every value under its 7.0 name; this maps the names a
// learner types. 7.0 itself is config.ts.

import { CONFIG_DEFS, configGet, configSet, type Config } from './config.ts';
import { stringMatch } from './glob.ts';
import { R, type Reply } from './resp.ts';
import type { RedisVersion } from './version.ts';

// configGetCommand()'s order in each version, restricted to the parameters the engine has.
const NAMES_26 = [
  'dbfilename', 'maxmemory', 'repl-ping-slave-period', 'repl-timeout', 'slave-priority', 'hz', 'slave-serve-stale-data',
  'slave-read-only', 'rdbcompression', 'repl-disable-tcp-nodelay', 'appendonly', 'save', 'client-output-buffer-limit',
];
const NAMES_28 = [
  'dbfilename', 'maxmemory', 'repl-ping-slave-period', 'repl-timeout', 'repl-backlog-size', 'repl-backlog-ttl',
  'slave-priority', 'min-slaves-to-write', 'min-slaves-max-lag', 'hz', 'repl-diskless-sync-delay', 'slave-serve-stale-data',
  'slave-read-only', 'rdbcompression', 'repl-disable-tcp-nodelay', 'repl-diskless-sync', 'appendonly', 'save',
  'client-output-buffer-limit',
];
const NAMES_40 = [
  ...NAMES_28.slice(0, NAMES_28.indexOf('appendonly')), 'lazyfree-lazy-expire', 'slave-lazy-flush',
  ...NAMES_28.slice(NAMES_28.indexOf('appendonly')),
];
/** 6.2 has 7.0's table (names and slave-* aliases) except what 7.0 added. */
const ADDED_IN_70 = new Set(['repl-diskless-sync-max-replicas']);

const LEGACY_NAMES: Partial<Record<RedisVersion, readonly string[]>> = { '2.6': NAMES_26, '2.8': NAMES_28, '4.0': NAMES_40 };

/** The engine's (7.0) name of a parameter named `name` in an older version. */
function internalName(name: string): string {
  for (const d of CONFIG_DEFS) if (d.name === name || d.alias === name) return d.name;
  return name;
}

/** Every parameter name version `v` accepts (both spellings where it has an alias). */
export function configNamesFor(v: RedisVersion): readonly string[] {
  const legacy = LEGACY_NAMES[v];
  if (legacy) return legacy;
  const out: string[] = [];
  for (const d of CONFIG_DEFS) {
    if (v !== '7.0' && ADDED_IN_70.has(d.name)) continue;
    out.push(d.name);
    if (d.alias) out.push(d.alias);
  }
  return out;
}

/** Defaults that differ from 7.0's: before 7.0 a replica is fed from an RDB file on disk. */
export function versionConfigDefaults(v: RedisVersion): Partial<Config> {
  return v === '7.0' ? {} : { 'repl-diskless-sync': 'no' };
}

function knows(v: RedisVersion, name: string): boolean {
  return configNamesFor(v).includes(name.toLowerCase());
}

function configGetFor(v: RedisVersion, c: Config, pattern: string): Reply {
  const out: string[] = [];
  if (v === '6.2') {
    const flat = configGet(c, [pattern]);
    for (let i = 0; i < flat.length; i += 2) if (!ADDED_IN_70.has(flat[i])) out.push(flat[i], flat[i + 1]);
    return R.bulks(out);
  }
  for (const nm of configNamesFor(v)) if (stringMatch(pattern, nm, true)) out.push(nm, c[internalName(nm)]);
  return R.bulks(out);
}

function configSetFor(v: RedisVersion, c: Config, name: string, value: string): Reply | 'ok' {
  if (!knows(v, name)) return R.err(`ERR Unsupported CONFIG parameter: ${name}`);
  const r = configSet(c, [name, value]);
  if (r.ok) return 'ok';
  const why = / - (.*)$/.exec(r.error);
  // 6.2's typed parameters say why; the older ones (and 6.2's special ones) do not.
  const typed = v === '6.2' && why && !['save', 'client-output-buffer-limit'].includes(internalName(name.toLowerCase()));
  return R.err(`ERR Invalid argument '${value}' for CONFIG SET '${name}'${typed ? ` - ${why![1]}` : ''}`);
}

/**
 * CONFIG GET / CONFIG SET under a version before 7.0: one pattern, one name/value pair, that
 * version's names and errors. Returns null when 7.0's own CONFIG applies (7.0, or another
 * subcommand), 'ok' when a SET was applied, else the reply.
 */
export function versionConfigCommand(v: RedisVersion, c: Config, argv: readonly string[]): Reply | 'ok' | null {
  if (v === '7.0') return null;
  const sub = argv[1].toLowerCase();
  if (sub !== 'get' && sub !== 'set') return null;
  const want = sub === 'get' ? 3 : 4;
  if (argv.length !== want) {
    return R.err(v === '6.2'
      ? `ERR Unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CONFIG HELP.`
      : `ERR Wrong number of arguments for CONFIG ${argv[1]}`);
  }
  return sub === 'get' ? configGetFor(v, c, argv[2]) : configSetFor(v, c, argv[2], argv[3]);
}
