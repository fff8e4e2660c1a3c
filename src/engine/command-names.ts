// The names of the commands the engine runs, lower-case and sorted: a plain list the page can
// load without the engine (the console's help and the captions' command links need only the names).
// exec.ts's COMMAND_NAMES is the command table itself; a test keeps the two the same.

export const ENGINE_COMMAND_NAMES: readonly string[] = [
  'append', 'bgsave', 'client', 'config', 'copy', 'dbsize', 'debug', 'decr', 'decrby', 'del',
  'discard', 'echo', 'exec', 'exists', 'expire', 'expireat', 'expiretime', 'flushall', 'flushdb',
  'get', 'getdel', 'getex', 'getrange', 'getset', 'hdel', 'hexists', 'hget', 'hgetall', 'hincrby',
  'hincrbyfloat', 'hkeys', 'hlen', 'hmget', 'hmset', 'hscan', 'hset', 'hsetnx', 'hstrlen', 'hvals',
  'incr', 'incrby', 'incrbyfloat', 'info', 'keys', 'lastsave', 'lindex', 'linsert', 'llen', 'lmove',
  'lpop', 'lpos', 'lpush', 'lpushx', 'lrange', 'lrem', 'lset', 'ltrim', 'mget', 'move', 'mset',
  'msetnx', 'multi', 'persist', 'pexpire', 'pexpireat', 'pexpiretime', 'ping', 'psetex',
  'psubscribe', 'psync', 'pttl', 'publish', 'punsubscribe', 'quit', 'randomkey', 'rename',
  'renamenx', 'replconf', 'replicaof', 'role', 'rpop', 'rpoplpush', 'rpush', 'rpushx', 'sadd',
  'save', 'scan', 'scard', 'sdiff', 'sdiffstore', 'select', 'set', 'setex', 'setnx', 'setrange',
  'shutdown', 'sinter', 'sintercard', 'sinterstore', 'sismember', 'slaveof', 'smembers',
  'smismember', 'smove', 'spop', 'srandmember', 'srem', 'sscan', 'strlen', 'subscribe', 'substr',
  'sunion', 'sunionstore', 'swapdb', 'sync', 'time', 'touch', 'ttl', 'type', 'unlink',
  'unsubscribe', 'unwatch', 'wait', 'watch', 'zadd', 'zcard', 'zcount', 'zincrby', 'zlexcount',
  'zmscore', 'zpopmax', 'zpopmin', 'zrange', 'zrangebylex', 'zrangebyscore', 'zrangestore', 'zrank',
  'zrem', 'zremrangebylex', 'zremrangebyrank', 'zremrangebyscore', 'zrevrange', 'zrevrangebylex',
  'zrevrangebyscore', 'zrevrank', 'zscan', 'zscore',
];

/**
 * What a Sentinel runs (redis-sentinel 7.0 refuses the rest: "ERR unknown command"): exec.ts's
 * sentinel command table, and the SENTINEL subcommands sentinel-commands.ts answers.
 */
export const SENTINEL_MODE_COMMAND_NAMES: readonly string[] = [
  'client', 'info', 'ping', 'psubscribe', 'publish', 'punsubscribe', 'role', 'sentinel', 'shutdown', 'subscribe', 'unsubscribe',
];
export const SENTINEL_SUBCOMMAND_NAMES: readonly string[] = [
  'ckquorum', 'failover', 'get-master-addr-by-name', 'is-master-down-by-addr', 'master', 'masters', 'monitor', 'myid', 'remove',
  'replicas', 'reset', 'sentinels', 'set', 'slaves',
];

/** Commands redis-sentinel 7.0 has that the engine does not model (its consoles say so rather than send them). */
export const SENTINEL_NOT_MODELLED: readonly string[] = ['ACL', 'AUTH', 'COMMAND', 'HELLO'];

/** Names already lowered (bounded: any text can be a command name). */
const LOWERED = new Map<string, string>();

/** A command's name in lower case, as the command table spells it: lowered once per spelling, not on every call. */
export function lowerCommandName(name: string): string {
  const hit = LOWERED.get(name);
  if (hit !== undefined) return hit;
  const lower = name.toLowerCase();
  if (name.length <= 32 && LOWERED.size < 1024) LOWERED.set(name, lower);
  return lower;
}
