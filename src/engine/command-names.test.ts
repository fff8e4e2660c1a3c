import { describe, expect, it } from 'vitest';
import { ENGINE_COMMAND_NAMES } from './command-names.ts';
import { COMMAND_NAMES } from './exec.ts';

describe('the list of command names the page loads without the engine', () => {
  it('names exactly the commands of the command table (add a new command to command-names.ts too)', () => {
    expect([...ENGINE_COMMAND_NAMES]).toEqual([...COMMAND_NAMES].sort());
  });
});
