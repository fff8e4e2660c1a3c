// Server configuration: the replication-related parameters Redis 7.0 has, with its defaults,
// CONFIG GET glob matching, and CONFIG SET parsing with Redis's own error texts.

import { fnv1a } from './fnv1a.ts';
import { isGlobPattern, stringMatch } from './glob.ts';
import { own } from './own.ts';

export type ConfigKind = 'bool' | 'int' | 'memory' | 'enum' | 'special';

interface ConfigDef {
  readonly name: string;
  readonly alias?: string;
  readonly kind: ConfigKind;
  readonly def: string;
  readonly min?: number;
  readonly max?: number;
  readonly enumValues?: readonly string[];
  /** The simulator models this parameter's effect (otherwise it is stored and reported only). */
  readonly modelled: boolean;
  /** IMMUTABLE_CONFIG: set only at startup (redis.conf or the command line). */
  readonly immutable?: boolean;
  /** PROTECTED_CONFIG: CONFIG SET refuses it unless enable-protected-configs allows it. */
  readonly protectedConfig?: boolean;
}

const INT_MAX = 2147483647;
/** protected_action_enum: who may use a protected command or config. */
const PROTECTED_ACTION = ['no', 'yes', 'local'] as const;

export const CONFIG_DEFS: readonly ConfigDef[] = [
  { name: 'repl-backlog-size', kind: 'memory', def: '1048576', min: 1, modelled: true },
  { name: 'repl-backlog-ttl', kind: 'int', def: '3600', min: 0, modelled: true },
  { name: 'repl-timeout', kind: 'int', def: '60', min: 1, max: INT_MAX, modelled: true },
  { name: 'repl-ping-replica-period', alias: 'repl-ping-slave-period', kind: 'int', def: '10', min: 1, max: INT_MAX, modelled: true },
  { name: 'repl-diskless-sync', kind: 'bool', def: 'yes', modelled: true },
  { name: 'repl-diskless-sync-delay', kind: 'int', def: '5', min: 0, max: INT_MAX, modelled: true },
  { name: 'repl-diskless-sync-max-replicas', kind: 'int', def: '0', min: 0, max: INT_MAX, modelled: true },
  { name: 'repl-diskless-load', kind: 'enum', def: 'disabled', enumValues: ['disabled', 'on-empty-db', 'swapdb'], modelled: false },
  { name: 'repl-disable-tcp-nodelay', kind: 'bool', def: 'no', modelled: false },
  { name: 'replica-read-only', alias: 'slave-read-only', kind: 'bool', def: 'yes', modelled: true },
  { name: 'replica-serve-stale-data', alias: 'slave-serve-stale-data', kind: 'bool', def: 'yes', modelled: true },
  { name: 'replica-priority', alias: 'slave-priority', kind: 'int', def: '100', min: 0, max: INT_MAX, modelled: false },
  { name: 'replica-announced', kind: 'bool', def: 'yes', modelled: false },
  { name: 'replica-lazy-flush', alias: 'slave-lazy-flush', kind: 'bool', def: 'no', modelled: false },
  { name: 'min-replicas-to-write', alias: 'min-slaves-to-write', kind: 'int', def: '0', min: 0, max: INT_MAX, modelled: true },
  { name: 'min-replicas-max-lag', alias: 'min-slaves-max-lag', kind: 'int', def: '10', min: 0, max: INT_MAX, modelled: true },
  { name: 'client-output-buffer-limit', kind: 'special', def: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', modelled: true },
  { name: 'save', kind: 'special', def: '3600 1 300 100 60 10000', modelled: true },
  { name: 'appendonly', kind: 'bool', def: 'no', modelled: false },
  { name: 'rdbcompression', kind: 'bool', def: 'yes', modelled: false },
  { name: 'lazyfree-lazy-expire', kind: 'bool', def: 'no', modelled: false },
  { name: 'hz', kind: 'int', def: '10', min: 0, max: INT_MAX, modelled: false },
  { name: 'maxmemory', kind: 'memory', def: '0', min: 0, modelled: false },
  { name: 'dbfilename', kind: 'special', def: 'dump.rdb', modelled: false, protectedConfig: true },
  { name: 'enable-debug-command', kind: 'enum', def: 'no', enumValues: PROTECTED_ACTION, modelled: true, immutable: true },
  { name: 'enable-protected-configs', kind: 'enum', def: 'no', enumValues: PROTECTED_ACTION, modelled: true, immutable: true },
  { name: 'replicaof', alias: 'slaveof', kind: 'special', def: '', modelled: true, immutable: true },
];

const byName = new Map<string, ConfigDef>();
for (const d of CONFIG_DEFS) {
  byName.set(d.name, d);
  if (d.alias) byName.set(d.alias, d);
}

export type Config = Record<string, string>;

export function configDefaults(): Config {
  const c: Config = {};
  for (const d of CONFIG_DEFS) c[d.name] = d.def;
  return c;
}

export function configInt(c: Config, name: string): number {
  return Number(c[name]);
}

export function configBool(c: Config, name: string): boolean {
  return c[name] === 'yes';
}

/** Redis's memtoull: "1mb" -> 1048576, "1m" -> 1000000, "-1" and "1xb" are errors (null). */
export function memToBytes(s: string): number | null {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(s);
  if (!m) return null;
  const mul: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 * 1024, g: 1e9, gb: 1024 * 1024 * 1024 };
  const u = own(mul, m[2].toLowerCase());
  if (u === undefined) return null;
  return Number(m[1]) * u;
}

/**
 * configGetCommand(): name/value pairs. A plain name is looked up as typed (case-insensitively)
 * and answered under the name as typed; a glob pattern matches every name and alias. A name
 * already answered is not answered twice. Redis collects the pairs in a hash table seeded at
 * random when the server starts and replies in that table's order, so the order of several
 * pairs changes from one start to the next: `orderSeed` stands for that seed (the pairs are
 * ordered by a hash of their name with it).
 */
export function configGet(c: Config, patterns: readonly string[], orderSeed = ''): string[] {
  const matches = new Map<string, [string, string]>(); // lowercased key -> [key, value]
  for (const pat of patterns) {
    if (!isGlobPattern(pat)) {
      const d = byName.get(pat.toLowerCase());
      if (d && !matches.has(pat.toLowerCase())) matches.set(pat.toLowerCase(), [pat, c[d.name]]);
      continue;
    }
    for (const d of CONFIG_DEFS) {
      for (const nm of d.alias ? [d.name, d.alias] : [d.name]) {
        if (!matches.has(nm) && stringMatch(pat, nm, true)) matches.set(nm, [nm, c[d.name]]);
      }
    }
  }
  const pairs = [...matches.entries()].map(([k, kv]) => ({ h: fnv1a(orderSeed + k), kv }));
  pairs.sort((a, b) => a.h - b.h);
  return pairs.flatMap((p) => p.kv);
}

export type ConfigSetResult = { ok: true; changed: string[] } | { ok: false; error: string };

function validate(d: ConfigDef, value: string): { ok: true; value: string } | { ok: false; err: string } {
  switch (d.kind) {
    case 'bool': {
      const v = value.toLowerCase();
      if (v !== 'yes' && v !== 'no') return { ok: false, err: "argument must be 'yes' or 'no'" };
      return { ok: true, value: v };
    }
    case 'int': {
      if (!/^-?\d+$/.test(value)) return { ok: false, err: "argument couldn't be parsed into an integer" };
      const n = Number(value);
      const min = d.min ?? 0;
      const max = d.max ?? Number.MAX_SAFE_INTEGER;
      if (n < min || n > max) return { ok: false, err: `argument must be between ${min} and ${d.max ?? '9223372036854775807'} inclusive` };
      return { ok: true, value: String(n) };
    }
    case 'memory': {
      const n = memToBytes(value);
      if (n === null) return { ok: false, err: 'argument must be a memory value' };
      if (n < (d.min ?? 0)) return { ok: false, err: `argument must be between ${d.min ?? 0} and 9223372036854775807 inclusive` };
      let v = n;
      // resizeReplicationBacklog(): never below CONFIG_REPL_BACKLOG_MIN_SIZE (16 KiB).
      if (d.name === 'repl-backlog-size' && v < 16 * 1024) v = 16 * 1024;
      return { ok: true, value: String(v) };
    }
    case 'enum': {
      const v = value.toLowerCase();
      if (!d.enumValues!.includes(v)) return { ok: false, err: `argument(s) must be one of the following: ${d.enumValues!.join(', ')}` };
      return { ok: true, value: v };
    }
    case 'special':
      return validateSpecial(d.name, value);
  }
}

function validateSpecial(name: string, value: string): { ok: true; value: string } | { ok: false; err: string } {
  const parts = value.split(' ').filter((x) => x.length > 0);
  if (name === 'save') {
    if (parts.length % 2 !== 0 || parts.some((p) => !/^\d+$/.test(p))) return { ok: false, err: 'Invalid save parameters' };
    return { ok: true, value: parts.join(' ') };
  }
  if (name === 'client-output-buffer-limit') {
    if (parts.length % 4 !== 0) return { ok: false, err: 'Wrong number of arguments in buffer limit configuration.' };
    const cur = new Map<string, string[]>([
      ['normal', ['0', '0', '0']], ['slave', ['268435456', '67108864', '60']], ['pubsub', ['33554432', '8388608', '60']],
    ]);
    for (let i = 0; i < parts.length; i += 4) {
      let cls = parts[i].toLowerCase();
      if (cls === 'replica') cls = 'slave';
      if (!cur.has(cls) || cls === 'master') return { ok: false, err: 'Invalid client class specified in buffer limit configuration.' };
      const hard = memToBytes(parts[i + 1]);
      const soft = memToBytes(parts[i + 2]);
      const secs = /^\d+$/.test(parts[i + 3]) ? Number(parts[i + 3]) : null;
      if (hard === null || soft === null || secs === null) return { ok: false, err: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
      cur.set(cls, [String(hard), String(soft), String(secs)]);
    }
    return { ok: true, value: [...cur.entries()].map(([k, v]) => `${k} ${v.join(' ')}`).join(' ') };
  }
  return { ok: true, value };
}

/** CONFIG_MIN_HZ / CONFIG_MAX_HZ: updateHZ() keeps hz in this range. */
const MIN_HZ = 1;
const MAX_HZ = 500;

/** The value as stored once applied (updateHZ raises hz 0 to 1 and lowers hz above 500 to 500). */
function applied(name: string, value: string): string {
  if (name === 'hz') return String(Math.min(MAX_HZ, Math.max(MIN_HZ, Number(value))));
  return value;
}

/**
 * configSetCommand(): CONFIG SET name value [name value ...], atomically, with Redis 7.0's errors
 * in its order: an unknown name first (as typed), then an immutable or protected parameter or
 * one given twice (as typed; an alias and its name are different parameters), then the first
 * value that does not parse (under the parameter's own name, lowercase). `protectedAllowed`:
 * enable-protected-configs lets this client change protected parameters.
 */
export function configSet(c: Config, args: readonly string[], protectedAllowed = false): ConfigSetResult {
  if (args.length === 0) return { ok: false, error: "ERR wrong number of arguments for 'config|set' command" };
  if (args.length % 2 !== 0) return { ok: false, error: 'ERR syntax error' };
  const found: { d: ConfigDef; looked: string; value: string }[] = [];
  let unknown: string | null = null;
  let refused: string | null = null;
  for (let i = 0; i < args.length; i += 2) {
    const looked = args[i].toLowerCase();
    const d = byName.get(looked);
    if (!d) {
      if (unknown === null && refused === null) unknown = args[i];
      continue;
    }
    if (unknown !== null || refused !== null) continue;
    if (d.immutable) refused = `ERR CONFIG SET failed (possibly related to argument '${args[i]}') - can't set immutable config`;
    else if (d.protectedConfig && !protectedAllowed) refused = `ERR CONFIG SET failed (possibly related to argument '${args[i]}') - can't set protected config`;
    else if (found.some((f) => f.looked === looked)) refused = `ERR CONFIG SET failed (possibly related to argument '${args[i]}') - duplicate parameter`;
    found.push({ d, looked, value: args[i + 1] });
  }
  if (unknown !== null) return { ok: false, error: `ERR Unknown option or number of arguments for CONFIG SET - '${unknown}'` };
  if (refused !== null) return { ok: false, error: refused };
  const updates: [string, string][] = [];
  for (const f of found) {
    const v = validate(f.d, f.value);
    if (!v.ok) return { ok: false, error: `ERR CONFIG SET failed (possibly related to argument '${f.looked}') - ${v.err}` };
    updates.push([f.d.name, applied(f.d.name, v.value)]);
  }
  const changed: string[] = [];
  for (const [n, v] of updates) {
    if (c[n] !== v && !changed.includes(n)) changed.push(n);
    c[n] = v;
  }
  return { ok: true, changed };
}

export type StartupOption = { ok: true; name: string; value: string } | { ok: false; error: string };

/**
 * One directive of redis.conf, or `--name arg...` on redis-server's command line, checked as
 * loadServerConfigFromString() checks it, with its messages. Immutable parameters are allowed
 * here (this is where they are set). replicaof takes HOST PORT (or NO ONE).
 */
export function configStartupOption(name: string, args: readonly string[]): StartupOption {
  const d = byName.get(name.toLowerCase());
  if (!d) return { ok: false, error: 'Bad directive or wrong number of arguments' };
  const multiArg = d.kind === 'special' && d.name !== 'dbfilename';
  if (!multiArg && args.length !== 1) return { ok: false, error: 'wrong number of arguments' };
  if (d.name === 'replicaof') {
    if (args.length !== 2) return { ok: false, error: 'wrong number of arguments' };
    if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return { ok: true, name: d.name, value: '' };
    if (!/^\d+$/.test(args[1]) || Number(args[1]) > 65535) return { ok: false, error: 'Invalid master port' };
    return { ok: true, name: d.name, value: `${args[0]} ${Number(args[1])}` };
  }
  const v = validate(d, args.join(' '));
  if (!v.ok) return { ok: false, error: v.err };
  return { ok: true, name: d.name, value: applied(d.name, v.value) };
}

/** Parsed client-output-buffer-limit for the replica class: [hard, soft, softSeconds]. */
export function replicaBufferLimits(c: Config): { hardBytes: number; softBytes: number; softSeconds: number } {
  const text = c['client-output-buffer-limit'];
  if (text === lastLimitsText && lastLimits) return lastLimits;
  const p = text.split(' ');
  const i = p.indexOf('slave');
  lastLimitsText = text;
  lastLimits = { hardBytes: Number(p[i + 1]), softBytes: Number(p[i + 2]), softSeconds: Number(p[i + 3]) };
  return lastLimits;
}

// A memo of the last parse (a pure function of the text: it changes no result).
let lastLimitsText = '';
let lastLimits: { hardBytes: number; softBytes: number; softSeconds: number } | null = null;

/** Parsed save points: [[seconds, changes], ...]. */
export function savePoints(c: Config): [number, number][] {
  const p = c.save.split(' ').filter((x) => x.length > 0).map(Number);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push([p[i], p[i + 1]]);
  return out;
}
