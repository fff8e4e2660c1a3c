// The commands of Redis 7.0.15's command table (src/commands/*.json, a plain redis-server) that
// this engine does not run, by Redis's command group. The consoles and the scenario runner say so
// in plain words instead of sending them: a real server would run them, so the engine's
// "unknown command" error would misinform. docs/fidelity.md lists the same names.

export const NOT_MODELLED_BY_GROUP: Readonly<Record<string, readonly string[]>> = {
  scripting: ['EVAL', 'EVALSHA', 'EVALSHA_RO', 'EVAL_RO', 'FCALL', 'FCALL_RO', 'FUNCTION', 'SCRIPT'],
  stream: ['XACK', 'XADD', 'XAUTOCLAIM', 'XCLAIM', 'XDEL', 'XGROUP', 'XINFO', 'XLEN', 'XPENDING', 'XRANGE', 'XREAD', 'XREADGROUP', 'XREVRANGE', 'XSETID', 'XTRIM'],
  bitmap: ['BITCOUNT', 'BITFIELD', 'BITFIELD_RO', 'BITOP', 'BITPOS', 'GETBIT', 'SETBIT'],
  hyperloglog: ['PFADD', 'PFCOUNT', 'PFDEBUG', 'PFMERGE', 'PFSELFTEST'],
  geo: ['GEOADD', 'GEODIST', 'GEOHASH', 'GEOPOS', 'GEORADIUS', 'GEORADIUSBYMEMBER', 'GEORADIUSBYMEMBER_RO', 'GEORADIUS_RO', 'GEOSEARCH', 'GEOSEARCHSTORE'],
  // Blocking pops need a client that waits for another's write.
  list: ['BLMOVE', 'BLMPOP', 'BLPOP', 'BRPOP', 'BRPOPLPUSH', 'LMPOP'],
  sorted_set: ['BZMPOP', 'BZPOPMAX', 'BZPOPMIN', 'ZDIFF', 'ZDIFFSTORE', 'ZINTER', 'ZINTERCARD', 'ZINTERSTORE', 'ZMPOP', 'ZRANDMEMBER', 'ZUNION', 'ZUNIONSTORE'],
  hash: ['HRANDFIELD'],
  string: ['LCS'],
  generic: ['DUMP', 'MIGRATE', 'OBJECT', 'RESTORE', 'SORT', 'SORT_RO'],
  pubsub: ['PUBSUB', 'SPUBLISH', 'SSUBSCRIBE', 'SUNSUBSCRIBE'],
  connection: ['AUTH', 'HELLO', 'RESET'],
  server: ['ACL', 'BGREWRITEAOF', 'COMMAND', 'FAILOVER', 'LATENCY', 'LOLWUT', 'MEMORY', 'MODULE', 'MONITOR', 'RESTORE-ASKING', 'SLOWLOG'],
  cluster: ['ASKING', 'CLUSTER', 'READONLY', 'READWRITE'],
};

const NAMES = new Set(Object.values(NOT_MODELLED_BY_GROUP).flat());

/** The upper-case name when argv[0] is a Redis 7.0 command the engine does not model, else null. */
export function notModelledCommand(argv: readonly string[]): string | null {
  const name = (argv[0] ?? '').toUpperCase();
  return NAMES.has(name) ? name : null;
}
