// The data command table: every string, key, list, hash, set and sorted set command by lower-case
// name, plus what a dispatcher needs to run one (context factory, propagation, lookups).

import type { CommandSpec } from './types.ts';
import { stringCommands } from './strings.ts';
import { keyCommands } from './keys.ts';
import { scanCommands } from './scan.ts';
import { listCommands } from './lists.ts';
import { hashCommands } from './hashes.ts';
import { setCommands } from './sets.ts';
import { zsetCommands } from './zsets.ts';
import { zrangeCommands } from './zrange.ts';

export const dataCommands: ReadonlyMap<string, CommandSpec> = new Map(
  [...stringCommands, ...keyCommands, ...scanCommands, ...listCommands, ...hashCommands, ...setCommands,
    ...zsetCommands, ...zrangeCommands].map((c) => [c.name, c]),
);

export { CallCtx, createCmdCtx, lookupKey } from './ctx.ts';
export type { CmdCtxOptions, CmdCtxHandle, LookupEnv, PropagatedOp } from './ctx.ts';
export { expireIfNeeded, stringMatch } from './util.ts';
export { formatDouble, ldToHuman } from '../numfmt.ts';
