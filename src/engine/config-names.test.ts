import { describe, expect, it } from 'vitest';
import { configDefaults, type Config } from './config.ts';
import { configNamesFor, versionConfigCommand, versionConfigDefaults } from './config-names.ts';
import { R } from './resp.ts';

const cfg = (): Config => ({ ...configDefaults(), ...versionConfigDefaults('2.8') }) as Config;

describe('config names per version', () => {
  it('knows only slave-* names before 5.0, and both spellings from 5.0', () => {
    expect(configNamesFor('4.0')).toContain('slave-read-only');
    expect(configNamesFor('4.0')).not.toContain('replica-read-only');
    expect(configNamesFor('6.2')).toEqual(expect.arrayContaining(['replica-read-only', 'slave-read-only', 'replica-announced']));
    expect(configNamesFor('6.2')).not.toContain('repl-diskless-sync-max-replicas');
    expect(configNamesFor('7.0')).toContain('repl-diskless-sync-max-replicas');
  });
  it('has no backlog, min-slaves or diskless parameters in 2.6', () => {
    for (const n of ['repl-backlog-size', 'min-slaves-to-write', 'repl-diskless-sync']) expect(configNamesFor('2.6')).not.toContain(n);
    expect(configNamesFor('2.8')).toEqual(expect.arrayContaining(['repl-backlog-size', 'min-slaves-to-write', 'repl-diskless-sync']));
  });
  it('feeds replicas from disk by default before 7.0', () => {
    expect(versionConfigDefaults('6.2')).toEqual({ 'repl-diskless-sync': 'no' });
    expect(versionConfigDefaults('7.0')).toEqual({});
  });
});

describe('CONFIG GET and SET before 7.0', () => {
  it('lists matches in the version\'s order under its names', () => {
    expect(versionConfigCommand('2.8', cfg(), ['config', 'get', 'repl-*'])).toEqual(R.bulks([
      'repl-ping-slave-period', '10', 'repl-timeout', '60', 'repl-backlog-size', '1048576', 'repl-backlog-ttl', '3600',
      'repl-diskless-sync-delay', '5', 'repl-disable-tcp-nodelay', 'no', 'repl-diskless-sync', 'no',
    ]));
  });
  it('sets a value through the old name and the engine sees it under its own', () => {
    const c = cfg();
    expect(versionConfigCommand('4.0', c, ['config', 'set', 'slave-read-only', 'no'])).toBe('ok');
    expect(c['replica-read-only']).toBe('no');
  });
  it('answers in each version\'s words', () => {
    const c = cfg();
    expect(versionConfigCommand('4.0', c, ['config', 'set', 'replica-read-only', 'no'])).toEqual(R.err('ERR Unsupported CONFIG parameter: replica-read-only'));
    expect(versionConfigCommand('2.8', c, ['config', 'set', 'repl-timeout', 'soon'])).toEqual(R.err("ERR Invalid argument 'soon' for CONFIG SET 'repl-timeout'"));
    expect(versionConfigCommand('6.2', c, ['config', 'set', 'replica-read-only', 'maybe'])).toEqual(R.err("ERR Invalid argument 'maybe' for CONFIG SET 'replica-read-only' - argument must be 'yes' or 'no'"));
    expect(versionConfigCommand('2.6', c, ['config', 'GET', 'a', 'b'])).toEqual(R.err('ERR Wrong number of arguments for CONFIG GET'));
    expect(versionConfigCommand('6.2', c, ['config', 'set', 'hz', '10', 'save', ''])).toEqual(R.err("ERR Unknown subcommand or wrong number of arguments for 'set'. Try CONFIG HELP."));
    expect(versionConfigCommand('7.0', c, ['config', 'get', 'hz'])).toBeNull();
    expect(versionConfigCommand('4.0', c, ['config', 'resetstat'])).toBeNull();
  });
});
