// The server commands a learner uses around replication: PING, ECHO, INFO, ROLE, CONFIG,
// REPLICAOF/SLAVEOF, WAIT, SAVE, BGSAVE, LASTSAVE, SHUTDOWN, DEBUG SLEEP, CLIENT,
// TIME, REPLCONF, with Redis 7.0's replies and errors.

import { configGet, configInt, configSet } from './config.ts';
import { clientInfoFor, clientSubcommandErrorFor, waitOnReplicaErrorFor } from './command-versions.ts';
import { versionConfigCommand } from './config-names.ts';
import type { CommandFlag, CommandSpec } from './commands/types.ts';
import { infoCommand, roleCommand } from './info.ts';
import {
  CLIENT_QUERYBUF_ALLOC, CLIENT_QUERYBUF_USABLE, CLIENT_STRUCT_MEM, catClientInfoString, freeClient, refreshGoodSlavesCount, resizeReplicationBacklog, waitCommand,
} from './master.ts';
import { makeRdb, rdbSave } from './persistence.ts';
import { freeMasterClient, replicationLinksShutdown, replicationSetMaster, replicationUnsetMaster } from './replica.ts';
import { E, R, crlfToSpaces, encodeCommand, type Reply } from './resp.ts';
import { atLeast } from './version.ts';
import { emit, log, replicas, unixSec, type Caller, type NodeState, type PropOp } from './state.ts';

export interface ServerCommand {
  readonly name: string;
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  run(s: NodeState, caller: Caller, argv: readonly string[], ops: PropOp[], runner: CommandRunner): Reply | null;
}

/** lookupCommand() and call() of server.c, handed to the commands that run other commands (EXEC). */
export interface CommandRunner {
  lookupCommand(name: string): CommandSpec | ServerCommand | undefined;
  call(s: NodeState, caller: Caller, spec: CommandSpec | ServerCommand, argv: readonly string[], ops: PropOp[]): Reply | null;
}

const cmds: ServerCommand[] = [];
const def = (name: string, arity: number, flags: CommandFlag[], run: ServerCommand['run']) => cmds.push({ name, arity, flags, run });

const isInt = (x: string) => /^-?\d+$/.test(x);

def('ping', -1, ['fast'], (_s, c, argv) => {
  if (argv.length > 2) return R.err(E.wrongArgs('ping'));
  // A subscribed RESP2 client gets ["pong", <message or "">].
  if (c.console && (c.console.channels?.length || c.console.patterns?.length)) return R.bulks(['pong', argv[1] ?? '']);
  return argv.length === 2 ? R.bulk(argv[1]) : R.pong;
});

def('echo', 2, ['fast', 'stale'], (_s, _c, argv) => R.bulk(argv[1]));

def('info', -1, ['stale'], (s, _c, argv) => infoCommand(s, argv.slice(1)));

def('role', 1, ['fast', 'stale'], (s) => roleCommand(s));

def('time', 1, ['fast', 'stale'], (s) => R.bulks([String(unixSec(s.nowMs)), String((s.nowMs % 1000) * 1000)]));

def('lastsave', 1, ['fast', 'stale'], (s) => R.int(unixSec(s.lastSaveMs)));

def('quit', -1, ['fast', 'stale'], () => R.ok);

def('config', -2, ['admin', 'stale'], (s, c, argv) => {
  const sub = argv[1].toLowerCase();
  const before = configInt(s.config, 'repl-backlog-size');
  const older = versionConfigCommand(s.version, s.config, argv);
  if (older === 'ok') return afterConfigSet(s, before);
  if (older) return older;
  if (sub === 'get') {
    if (argv.length < 3) return R.err(E.wrongArgs('config|get'));
    const current = { ...s.config, replicaof: s.masterHost === null ? '' : `${s.masterHost} ${s.masterPort}` };
    return R.bulks(configGet(current, argv.slice(2), s.runId));
  }
  if (sub === 'set') {
    if (argv.length < 4) return R.err(E.wrongArgs('config|set'));
    const r = configSet(s.config, argv.slice(2), allowProtectedAction(s, c, 'enable-protected-configs'));
    if (!r.ok) return R.err(r.error);
    return afterConfigSet(s, before);
  }
  if (sub === 'resetstat') {
    if (argv.length !== 2) return R.err(E.wrongArgs('config|resetstat'));
    const st = s.stats;
    st.syncFull = 0; st.syncPartialOk = 0; st.syncPartialErr = 0; st.expiredKeys = 0;
    st.totalCommandsProcessed = 0; st.totalConnectionsReceived = 0; st.rejectedCalls = 0; st.totalForks = 0; st.rdbSaves = 0;
    st.totalNetInputBytes = 0; st.totalNetOutputBytes = 0; st.totalNetReplInputBytes = 0; st.totalNetReplOutputBytes = 0;
    return R.ok;
  }
  if (sub === 'rewrite') {
    if (argv.length !== 2) return R.err(E.wrongArgs('config|rewrite'));
    const file: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.config)) if (k !== 'replicaof') file[k] = v;
    if (s.masterHost !== null) file.replicaof = `${s.masterHost} ${s.masterPort}`;
    s.disk.configFile = file;
    log(s, '*', 'CONFIG REWRITE executed with success.');
    return R.ok;
  }
  if (sub === 'help') {
    return R.array([
      'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
      'GET <pattern>', '    Return parameters matching the glob-like <pattern> and their values.',
      'SET <directive> <value>', '    Set the configuration <directive> to <value>.',
      'RESETSTAT', '    Reset statistics reported by the INFO command.',
      'REWRITE', '    Rewrite the configuration file.',
      'HELP', '    Prints this help.',
    ].map((x) => R.status(x)));
  }
  return R.err(E.unknownSubcommand('CONFIG', argv[1]));
});

/** What a successful CONFIG SET sets in motion: a resized backlog, a recounted min-replicas. */
function afterConfigSet(s: NodeState, backlogBefore: number): Reply {
  const after = configInt(s.config, 'repl-backlog-size');
  if (after !== backlogBefore && s.backlog) resizeReplicationBacklog(s, backlogBefore, after);
  refreshGoodSlavesCount(s);
  return R.ok;
}

/** replicaofCommand(): REPLICAOF / SLAVEOF host port | NO ONE. */
function replicaofCommand(s: NodeState, caller: Caller, argv: readonly string[]): Reply {
  if (argv[1].toLowerCase() === 'no' && argv[2].toLowerCase() === 'one') {
    if (s.masterHost !== null) {
      replicationUnsetMaster(s);
      log(s, '*', `MASTER MODE enabled (user request from '${consoleInfo(s, caller, argv)}')`);
    }
    return R.ok;
  }
  if (!isInt(argv[2]) || Number(argv[2]) < 0 || Number(argv[2]) > 65535) return R.err('ERR Invalid master port');
  const port = Number(argv[2]);
  if (s.masterHost !== null && s.masterHost.toLowerCase() === argv[1].toLowerCase() && s.masterPort === port) {
    log(s, '*', 'REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.');
    return R.status('OK Already connected to specified master');
  }
  replicationSetMaster(s, argv[1], port);
  log(s, '*', `REPLICAOF ${argv[1]}:${port} enabled (user request from '${consoleInfo(s, caller, argv)}')`);
  return R.ok;
}

/**
 * The console client's line (catClientInfoString) while it runs `argv`: the command is still in
 * its query buffer (qbuf is its RESP length) and in argv-mem; a redis-cli client's reply buffer
 * starts at 16 KB.
 */
function consoleInfo(s: NodeState, caller: Caller, argv: readonly string[], fullname = argv[0].toLowerCase()): string {
  const con = caller.console;
  const id = con ? con.id : 0;
  const qbuf = encodeCommand(argv).length;
  const argvMem = argv.reduce((a, x) => a + x.length, 0);
  const sub = con?.channels?.length ?? 0;
  const psub = con?.patterns?.length ?? 0;
  const flags = (sub + psub > 0 ? 'P' : '') + (con?.multi ? 'x' : '') || 'N';
  const rbs = 16384;
  const totMem = CLIENT_QUERYBUF_ALLOC + rbs + argvMem + 8 * argv.length + CLIENT_STRUCT_MEM;
  return clientInfoFor(s.version, `id=${id} addr=127.0.0.1:${40000 + id} laddr=${s.ip}:${s.port} fd=${8 + (id % 100)} name= age=0 idle=0 flags=${flags} db=${caller.db} sub=${sub} psub=${psub} ssub=0 multi=${con?.multi ? con.multi.length : -1} qbuf=${qbuf} qbuf-free=${Math.max(0, CLIENT_QUERYBUF_USABLE - qbuf)} argv-mem=${argvMem} multi-mem=0 rbs=${rbs} rbp=${rbs} obl=0 oll=0 omem=0 tot-mem=${totMem} events=r cmd=${fullname} user=default redir=-1 resp=2`);
}

def('replicaof', 3, ['admin', 'noscript', 'stale'], (s, c, argv) => replicaofCommand(s, c, argv));
def('slaveof', 3, ['admin', 'noscript', 'stale'], (s, c, argv) => replicaofCommand(s, c, argv));

def('wait', 3, ['noscript'], (s, c, argv) => {
  if (!c.console) return R.err('ERR WAIT cannot be used here');
  if (s.masterHost !== null && s.version !== '7.0') return R.err(waitOnReplicaErrorFor(s.version));
  return waitCommand(s, c.console, c.key, argv);
});

def('save', 1, ['admin', 'noscript', 'no-multi'], (s) => {
  if (s.rdbChild) return R.err('ERR Background save already in progress');
  s.stats.rdbSaves++;
  rdbSave(s);
  return R.ok;
});

def('bgsave', -1, ['admin', 'noscript'], (s, _c, argv) => {
  const schedule = argv.length > 1 && argv[1].toLowerCase() === 'schedule';
  if (argv.length > 2 || (argv.length === 2 && !schedule)) return R.err(E.syntax);
  if (s.rdbChild) {
    if (schedule) return R.status('Background saving scheduled');
    return R.err('ERR Background save already in progress');
  }
  rdbSaveBackground(s, 'bgsave');
  return R.status('Background saving started');
});

/** rdbSaveBackground() for BGSAVE and the save points. */
export function rdbSaveBackground(s: NodeState, reason: 'bgsave' | 'savepoint'): void {
  const rdb = makeRdb(s, false);
  const doneAt = s.nowMs + 1 + Math.ceil(rdb.length / 100_000);
  const pid = s.pid + 1 + (s.cronLoops % 1000);
  s.rdbChild = { target: 'disk', startMs: s.nowMs, doneAtMs: doneAt, rdb, socketConns: {}, forReplication: false, reason, pid };
  s.stats.rdbSaves++;
  s.stats.totalForks++;
  s.dirty = 0;
  log(s, '*', `Background saving started by pid ${pid}`);
  emit(s, { type: 'timer', name: 'bgsaveDone', atMs: doneAt });
}

def('shutdown', -1, ['admin', 'noscript', 'loading', 'stale', 'no-multi'], (s, _c, argv) => {
  const opts = argv.slice(1).map((a) => a.toLowerCase());
  if (opts.some((o) => !['nosave', 'save', 'now', 'force', 'abort'].includes(o))) return R.err(E.syntax);
  if (opts.includes('nosave') && opts.includes('save')) return R.err(E.syntax);
  if (opts.includes('abort')) return R.err('ERR No shutdown in progress.');
  log(s, '#', 'User requested shutdown...');
  const save = opts.includes('save') || (!opts.includes('nosave') && s.config.save.trim() !== '');
  if (save) {
    log(s, '*', 'Saving the final RDB snapshot before exiting.');
    rdbSave(s);
  }
  log(s, '*', 'Removing the pid file.');
  log(s, '#', 'Redis is now ready to exit, bye bye...');
  replicationLinksShutdown(s);
  emit(s, { type: 'exit' });
  return null;
});

/** islocalClient(): redis-cli at a node's console, or a connection from the loopback address. */
function isLocalClient(s: NodeState, caller: Caller): boolean {
  if (caller.kind === 'console') return true;
  const nc = s.netClients[caller.key];
  return nc !== undefined && (nc.peerIp === '127.0.0.1' || nc.peerIp === '::1');
}

/** allowProtectedAction(): enable-debug-command / enable-protected-configs is yes, or local and the client is. */
export function allowProtectedAction(s: NodeState, caller: Caller, setting: 'enable-debug-command' | 'enable-protected-configs'): boolean {
  const v = s.config[setting];
  return v === 'yes' || (v === 'local' && isLocalClient(s, caller));
}

/** PING answered on stale data until 6.2 (its flags had ok-stale); 7.0 refuses it with MASTERDOWN. */
export function staleAllowed(s: NodeState, spec: { name: string; flags: readonly CommandFlag[] }): boolean {
  return spec.flags.includes('stale') || (spec.name === 'ping' && !atLeast(s.version, '7.0'));
}

/** processCommand()'s gate for DEBUG (a CMD_PROTECTED command): the error, or null when allowed. */
export function protectedCommandRefusal(s: NodeState, caller: Caller, name: string): string | null {
  // enable-debug-command came with 7.0: older servers run DEBUG for anyone.
  if (name !== 'debug' || !atLeast(s.version, '7.0') || allowProtectedAction(s, caller, 'enable-debug-command')) return null;
  return 'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';
}

def('debug', -2, ['admin', 'noscript', 'loading', 'stale'], (s, _c, argv) => {
  const sub = argv[1].toLowerCase();
  if (sub === 'sleep') {
    if (argv.length !== 3) return R.err(E.wrongArgs('debug'));
    const secs = Number(argv[2]);
    if (!Number.isFinite(secs)) return R.err(E.notFloat);
    const ms = Math.max(0, Math.round(secs * 1000));
    if (ms > 0) {
      s.blockedUntilMs = s.nowMs + ms;
      emit(s, { type: 'block', untilMs: s.nowMs + ms });
    }
    return R.ok;
  }
  if (sub === 'set-active-expire') {
    if (argv.length !== 3) return R.err(E.wrongArgs('debug'));
    // server.active_expire_enabled = atoi(argv[2]): keys then expire only when a command touches them.
    s.activeExpireEnabled = (Number.parseInt(argv[2], 10) || 0) !== 0;
    return R.ok;
  }
  return R.err(E.subcommandSyntax('DEBUG', argv[1]));
});

def('client', -2, ['admin', 'noscript', 'loading', 'stale'], (s, c, argv) => {
  const sub = argv[1].toLowerCase();
  const missing = clientSubcommandErrorFor(s.version, sub);
  if (missing) return R.err(missing);
  if (sub === 'id') return R.int(c.console ? c.console.id : 0);
  if (sub === 'getname') return R.nil;
  if (sub === 'setname') {
    if (argv.length !== 3) return R.err(E.wrongArgs('client|setname'));
    const nc = c.kind === 'net' ? s.netClients[c.key] : undefined;
    if (nc) nc.name = argv[2];
    return R.ok;
  }
  if (sub === 'info') return R.bulk(consoleInfo(s, c, argv, 'client|info') + '\n');
  if (sub === 'list') {
    // server.clients is in creation order: by client id.
    const lines: [number, string][] = [[c.console ? c.console.id : 0, consoleInfo(s, c, argv, 'client|list')]];
    for (const nc of Object.values(s.netClients)) lines.push([nc.id, catClientInfoString(s, nc)]);
    lines.sort((a, b) => a[0] - b[0]);
    return R.bulk(lines.map((l) => l[1]).join('\n') + '\n');
  }
  if (sub === 'kill') {
    if (argv.length === 3) return R.err('ERR No such client');
    if ((argv.length - 2) % 2 !== 0) return R.err(E.syntax);
    let type: string | null = null;
    for (let i = 2; i < argv.length; i += 2) {
      const k = argv[i].toLowerCase();
      if (k === 'type') {
        type = argv[i + 1].toLowerCase();
        if (type === 'slave') type = 'replica';
        if (!['normal', 'master', 'replica', 'pubsub'].includes(type)) return R.err(`ERR Unknown client type '${crlfToSpaces(argv[i + 1])}'`);
      } else if (k === 'skipme' || k === 'id' || k === 'addr' || k === 'laddr' || k === 'user' || k === 'maxage') {
        // accepted; only TYPE selects clients here
      } else return R.err(E.syntax);
    }
    let killed = 0;
    if (type === 'replica') {
      for (const r of replicas(s)) { freeClient(s, r, true, 'client-kill'); killed++; }
    } else if (type === 'master') {
      if (s.master) { freeMasterClient(s, true, 'client-kill'); killed++; }
    } else if (type === 'normal' || type === 'pubsub') {
      // getClientType(): a client with subscriptions is of type pubsub; SKIPME yes spares the caller.
      for (const nc of Object.values(s.netClients)) {
        if (nc.replica || nc.connId === c.key || nc.closing) continue;
        const subscribed = (nc.cli?.channels?.length ?? 0) + (nc.cli?.patterns?.length ?? 0) > 0;
        if (subscribed !== (type === 'pubsub')) continue;
        freeClient(s, nc, true, 'client-kill');
        killed++;
      }
    }
    return R.int(killed);
  }
  return R.err(E.unknownSubcommand('CLIENT', argv[1]));
});

def('replconf', -1, ['admin', 'noscript', 'loading', 'stale'], () => R.ok);

def('sync', 1, ['admin', 'noscript', 'no-multi'], () => R.err('ERR SYNC and PSYNC are only served to replica connections in replscope'));
def('psync', -3, ['admin', 'noscript', 'no-multi'], () => R.err('ERR SYNC and PSYNC are only served to replica connections in replscope'));

export const serverCommands: ReadonlyMap<string, ServerCommand> = new Map(cmds.map((c) => [c.name, c]));
