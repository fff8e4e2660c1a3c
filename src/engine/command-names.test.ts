import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_COMMAND_NAMES, SENTINEL_MODE_COMMAND_NAMES, SENTINEL_SUBCOMMAND_NAMES } from './command-names.ts';
import { COMMAND_NAMES, SENTINEL_COMMAND_TABLE_NAMES } from './exec.ts';

describe('the list of command names the page loads without the engine', () => {
  it('names exactly the commands of the command table (add a new command to command-names.ts too)', () => {
    expect([...ENGINE_COMMAND_NAMES]).toEqual([...COMMAND_NAMES].sort());
  });

  it("names exactly a Sentinel's commands and the SENTINEL subcommands it answers", () => {
    expect([...SENTINEL_MODE_COMMAND_NAMES]).toEqual([...SENTINEL_COMMAND_TABLE_NAMES].sort());
    const src = readFileSync(join(import.meta.dirname, 'sentinel-commands.ts'), 'utf8');
    const body = src.slice(src.indexOf('export function sentinelCommand('));
    const cases = [...body.slice(0, body.indexOf('\n}\n')).matchAll(/^ {4}case '([a-z-]+)':/gm)].map((m) => m[1]);
    expect([...SENTINEL_SUBCOMMAND_NAMES]).toEqual(cases.sort());
  });
});
