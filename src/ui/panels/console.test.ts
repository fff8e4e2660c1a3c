// The console behaves as redis-cli 7.0 does at its prompt: completion, hints, history, HELP,
// the prompt after SELECT and MULTI, and what a line does before anything is sent.

import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../engine/exec.ts';
import {
  completeStep, completions, helpFor, helpText, hintFor, historyAdd, historyMove, historyStart, interpretLine, keepsInHistory,
  NEW_SESSION, promptFor, sessionAfter, HELP_ENTRIES, HISTORY_MAX,
} from './console.ts';

describe('Tab completion', () => {
  it("completes 'REPL' to the engine's REPLCONF and REPLICAOF, in redis-cli's (strcmp) order", () => {
    expect(completions('REPL')).toEqual(['REPLCONF', 'REPLICAOF']);
    expect(completions('repl')).toEqual(['REPLCONF', 'REPLICAOF']);
  });

  it('offers only commands the engine runs', () => {
    expect(completions('GEO')).toEqual([]);
    expect(completions('BLP')).toEqual([]);
  });

  it('completes subcommands as whole lines, and groups after "help "', () => {
    expect(completions('config g')).toEqual(['CONFIG GET']);
    expect(completions('help @so')).toEqual(['help @sorted-set']);
    expect(completions('@so')).toEqual([]);
  });

  it('cycles through the matches, then back to what was typed', () => {
    let r = completeStep('REPL', null)!;
    expect(r.text).toBe('REPLCONF');
    r = completeStep('REPL', r.cycle)!;
    expect(r.text).toBe('REPLICAOF');
    r = completeStep('REPL', r.cycle)!;
    expect(r.text).toBe('REPL');
    r = completeStep('REPL', r.cycle)!;
    expect(r.text).toBe('REPLCONF');
    expect(completeStep('NOSUCH', null)).toBeNull();
  });
});

describe('hints', () => {
  it('shows the arguments still to type, dimmed after the cursor', () => {
    expect(hintFor('SET')).toBe(' key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]');
    expect(hintFor('SET k ')).toBe('value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]');
    expect(hintFor('SET k v')).toBe(' [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]');
    expect(hintFor('config set ')).toBe('parameter value [parameter value ...]');
    expect(hintFor('FOO')).toBeNull();
  });
});

describe('history', () => {
  it('goes back with ↑ and forward with ↓, stopping at both ends, keeping the line being typed', () => {
    const h = ['SET a 1', 'GET a', 'INFO replication'];
    let r = historyMove(historyStart(h), 'DEL', 'up');
    expect(r.text).toBe('INFO replication');
    r = historyMove(r.nav, r.text, 'up');
    expect(r.text).toBe('GET a');
    r = historyMove(r.nav, r.text, 'up');
    r = historyMove(r.nav, r.text, 'up');
    expect(r.text).toBe('SET a 1');
    r = historyMove(r.nav, r.text, 'down');
    expect(r.text).toBe('GET a');
    r = historyMove(r.nav, 'GET b', 'down');
    r = historyMove(r.nav, r.text, 'down');
    expect(r.text).toBe('DEL');
    r = historyMove(r.nav, r.text, 'up');
    r = historyMove(r.nav, r.text, 'up');
    expect(r.text).toBe('GET b');
  });

  it('does not repeat the last line, keeps the last 100, and keeps passwords and blank lines out', () => {
    expect(historyAdd(['PING'], 'PING')).toEqual(['PING']);
    let h: readonly string[] = [];
    for (let i = 0; i < 150; i++) h = historyAdd(h, `SET k ${i}`);
    expect(h).toHaveLength(HISTORY_MAX);
    expect(h[0]).toBe('SET k 50');
    expect(keepsInHistory('CONFIG SET requirepass s3cret')).toBe(false);
    expect(keepsInHistory('AUTH s3cret')).toBe(false);
    expect(keepsInHistory('   ')).toBe(false);
    expect(keepsInHistory('SET "a')).toBe(true);
  });
});

describe('HELP', () => {
  it("prints HELP SET in redis-cli's shape", () => {
    expect(helpText(['SET'])).toBe(
      '\r\n  SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]\r\n' +
        '  summary: Set the string value of a key\r\n  since: 1.0.0\r\n  group: string\r\n\r\n',
    );
  });

  it('lists a group without group lines, and the subcommands of a container', () => {
    const tx = helpText(['@transactions']);
    expect(tx).toContain('\r\n  MULTI \r\n  summary: Mark the start of a transaction block\r\n  since: 1.2.0\r\n');
    expect(tx).not.toContain('group:');
    const r = helpFor(['config']);
    expect(r.type === 'commands' ? r.items.map((h) => h.name) : []).toEqual(['CONFIG', 'CONFIG GET', 'CONFIG HELP', 'CONFIG RESETSTAT', 'CONFIG REWRITE', 'CONFIG SET']);
  });

  it('prints only a blank line for a command it does not know, and the generic text for HELP alone', () => {
    expect(helpText(['NOSUCH'])).toBe('\r\n');
    expect(helpText([])).toMatch(/^redis-cli 7\.0\.15\nTo get help about Redis commands type:\n/);
  });

  it('documents every command the engine runs', () => {
    const documented = new Set(HELP_ENTRIES.filter((e) => e.summary !== '').map((e) => e.full.toLowerCase()));
    const missing = COMMAND_NAMES.filter((c) => !documented.has(c));
    expect(missing).toEqual([]);
  });
});

describe('a typed line', () => {
  it('sends nothing for a Redis command the simulator does not model (EVAL, FUNCTION), naming it', () => {
    expect(interpretLine('EVAL "return 1" 0')).toEqual({ type: 'not-modelled', command: 'EVAL' });
    expect(interpretLine('3 function list')).toEqual({ type: 'not-modelled', command: 'FUNCTION' });
    expect(interpretLine('nosuch a')).toEqual({ type: 'send', argv: ['nosuch', 'a'], repeat: 1 });
  });

  it('answers a bad quote with "Invalid argument(s)" and sends nothing', () => {
    expect(interpretLine('SET a "b')).toEqual({ type: 'invalid', text: 'Invalid argument(s)' });
    expect(interpretLine('SET a "b"c')).toEqual({ type: 'invalid', text: 'Invalid argument(s)' });
  });

  it('sends arguments as redis-cli splits them, with a repeat count in front', () => {
    expect(interpretLine("SET 'a b' \"c\\x41\"")).toEqual({ type: 'send', argv: ['SET', 'a b', 'cA'], repeat: 1 });
    expect(interpretLine('3 INCR n')).toEqual({ type: 'send', argv: ['INCR', 'n'], repeat: 3 });
    expect(interpretLine('0 INCR n').type).toBe('bad-repeat');
    expect(interpretLine('3').type).toBe('send');
  });

  it('keeps HELP, ?, clear and quit at the console', () => {
    expect(interpretLine('help set')).toEqual({ type: 'help', args: ['set'] });
    expect(interpretLine('? @string')).toEqual({ type: 'help', args: ['@string'] });
    expect(interpretLine('2 HELP SET')).toEqual({ type: 'help', args: ['SET'] });
    expect(interpretLine('CLEAR').type).toBe('clear');
    expect(interpretLine('clear now').type).toBe('send');
    expect(interpretLine('exit').type).toBe('quit');
    expect(interpretLine('   ').type).toBe('empty');
  });
});

describe('the prompt', () => {
  it('shows the selected db after SELECT succeeds, not after it fails', () => {
    let s = sessionAfter(NEW_SESSION, ['SELECT', '2'], 'reply');
    expect(promptFor(6380, s)).toBe('127.0.0.1:6380[2]> ');
    s = sessionAfter(s, ['select', '99'], 'error');
    expect(promptFor(6380, s)).toBe('127.0.0.1:6380[2]> ');
    s = sessionAfter(s, ['SELECT', '0'], 'reply');
    expect(promptFor(6380, s)).toBe('127.0.0.1:6380> ');
  });

  it('shows (TX) inside MULTI, and goes back to the db of before MULTI when EXEC fails', () => {
    let s = sessionAfter(NEW_SESSION, ['MULTI'], 'reply');
    expect(promptFor(6379, s)).toBe('127.0.0.1:6379(TX)> ');
    s = sessionAfter(s, ['SELECT', '3'], 'reply');
    expect(promptFor(6379, s)).toBe('127.0.0.1:6379[3](TX)> ');
    s = sessionAfter(s, ['EXEC'], 'error');
    expect(promptFor(6379, s)).toBe('127.0.0.1:6379> ');
  });

  it('says "not connected" once the server is gone', () => {
    expect(promptFor(6380, sessionAfter(NEW_SESSION, ['GET', 'a'], 'closed'))).toBe('not connected> ');
  });
});

describe('a console on a Sentinel', () => {
  it('completes SENTINEL and the subcommands the Sentinel answers, and no data command', () => {
    expect(completions('sentinel g', true)).toEqual(['SENTINEL GET-MASTER-ADDR-BY-NAME']);
    expect(completions('SENTINEL M', true)).toEqual(['SENTINEL MASTER', 'SENTINEL MASTERS', 'SENTINEL MONITOR', 'SENTINEL MYID']);
    expect(completions('SENTINEL S', true)).toEqual(['SENTINEL SENTINELS', 'SENTINEL SET', 'SENTINEL SLAVES']);
    // redis-sentinel refuses SET and GET; a data node has no SENTINEL.
    expect(completions('se', true)).toEqual(['SENTINEL', 'SENTINEL CKQUORUM', 'SENTINEL FAILOVER', 'SENTINEL GET-MASTER-ADDR-BY-NAME',
      'SENTINEL IS-MASTER-DOWN-BY-ADDR', 'SENTINEL MASTER', 'SENTINEL MASTERS', 'SENTINEL MONITOR', 'SENTINEL MYID', 'SENTINEL REMOVE',
      'SENTINEL REPLICAS', 'SENTINEL RESET', 'SENTINEL SENTINELS', 'SENTINEL SET', 'SENTINEL SLAVES']);
    expect(completions('g', true)).toEqual([]);
    expect(completions('sentinel', false)).toEqual([]);
    expect(completeStep('sentinel ck', null, true)?.text).toBe('SENTINEL CKQUORUM');
  });

  it("hints a subcommand's arguments and shows redis-sentinel 7.0's HELP", () => {
    expect(hintFor('SENTINEL MONITOR ', true)).toBe('name ip port quorum');
    expect(hintFor('sentinel set mymaster', true)).toBe(' option value [option value ...]');
    expect(helpText(['sentinel', 'ckquorum'], true)).toBe('\r\n  SENTINEL CKQUORUM master-name\r\n  summary: Check for a Sentinel quorum\r\n  since: 2.8.4\r\n  group: sentinel\r\n\r\n');
    const group = helpFor(['@sentinel'], true);
    expect(group.type === 'commands' && group.items.map((i) => i.name)).toContain('SENTINEL GET-MASTER-ADDR-BY-NAME');
    expect(helpFor(['set'], true)).toEqual({ type: 'commands', items: [] });
  });

  it('sends a command the Sentinel does not have, so it answers ERR unknown command; one it has but the engine lacks is named', () => {
    expect(interpretLine('EVAL "return 1" 0', true)).toEqual({ type: 'send', argv: ['EVAL', 'return 1', '0'], repeat: 1 });
    expect(interpretLine('EVAL "return 1" 0')).toEqual({ type: 'not-modelled', command: 'EVAL' });
    expect(interpretLine('ACL WHOAMI', true)).toEqual({ type: 'not-modelled', command: 'ACL' });
  });
});
