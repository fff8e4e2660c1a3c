import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from './exec.ts';
import { NOT_MODELLED_BY_GROUP, notModelledCommand } from './not-modelled.ts';

describe('commands the engine does not model', () => {
  it('names EVAL, FUNCTION and XADD, whatever their case, and not the commands the engine runs', () => {
    expect(notModelledCommand(['eval', 'return 1', '0'])).toBe('EVAL');
    expect(notModelledCommand(['Function', 'list'])).toBe('FUNCTION');
    expect(notModelledCommand(['XADD', 's', '*', 'f', 'v'])).toBe('XADD');
    expect(notModelledCommand(['SET', 'a', '1'])).toBeNull();
    expect(notModelledCommand(['NOSUCH'])).toBeNull();
  });

  it('never lists a command the engine runs', () => {
    const listed = Object.values(NOT_MODELLED_BY_GROUP).flat().map((n) => n.toLowerCase());
    expect(COMMAND_NAMES.filter((n) => listed.includes(n))).toEqual([]);
  });
});
