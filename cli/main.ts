// The replscope CLI: `replscope run FILE` runs a scenario in Node and prints what redis-cli would
// print; `--trace` prints the event trace, `--hash` its hash. `fidelity` and `bench` compare the
// engine with a real redis-server.

import { readFileSync } from 'node:fs';
import { parseScenario, formatScenarioError } from '../src/scenario/parse.ts';
import { runScenario, ScenarioFault } from '../src/runtime/run-scenario.ts';
import type { BacklogMode } from '../src/engine/backlog.ts';
import { isRedisVersion, REDIS_VERSIONS, type RedisVersion } from '../src/engine/version.ts';
import { traceLine } from '../src/runtime/trace.ts';

const USAGE = `usage:
  replscope run FILE [--trace] [--hash] [--seed N] [--redis 2.6|2.8|4.0|6.2|7.0] [--backlog shared|ring] [--quiet] [--debug]
  replscope fidelity [SCENARIO...]
  replscope bench
  replscope lessons list|check
`;

export async function main(args: string[]): Promise<number> {
  const [cmd, ...rest] = args;
  if (cmd === 'run') return runCmd(rest);
  if (cmd === 'fidelity') {
    const { fidelityMain } = await import('../tools/fidelity/fidelity.ts');
    return fidelityMain(rest);
  }
  if (cmd === 'lessons') {
    const { lessonsMain } = await import('./lessons.ts');
    return lessonsMain(rest);
  }
  if (cmd === 'bench') {
    const { benchMain } = await import('../tools/bench/bench.ts');
    return benchMain(rest);
  }
  process.stderr.write(USAGE);
  return cmd === undefined || cmd === '--help' || cmd === '-h' ? 0 : 2;
}

function runCmd(args: string[]): number {
  let file: string | null = null;
  let trace = false;
  let hash = false;
  let quiet = false;
  let debug = false;
  let seed: number | null = null;
  let backlog: BacklogMode | undefined;
  let version: RedisVersion | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--trace') trace = true;
    else if (a === '--hash') hash = true;
    else if (a === '--quiet') quiet = true;
    else if (a === '--debug') debug = true;
    else if (a === '--seed') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v)) return usageError('--seed needs an integer');
      seed = v;
    } else if (a === '--backlog') {
      const v = args[++i];
      if (v !== 'shared' && v !== 'ring') return usageError('--backlog is shared or ring');
      backlog = v;
    } else if (a === '--redis') {
      const v = args[++i] ?? '';
      if (!isRedisVersion(v)) return usageError(`--redis is one of ${REDIS_VERSIONS.join(', ')}`);
      version = v;
    } else if (a.startsWith('-')) return usageError(`unknown option ${a}`);
    else if (file === null) file = a;
    else return usageError('one scenario file at a time');
  }
  if (file === null) return usageError('run needs a scenario FILE');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${(e as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(text, file);
  if (!parsed.ok) {
    // A well-formed scenario over a budget: one line, exit 1, as when the run stops at a budget.
    if (parsed.errors.every((e) => e.budget !== undefined)) {
      process.stderr.write(formatScenarioError(file, parsed.errors[0]) + '\n');
      return 1;
    }
    for (const err of parsed.errors) process.stderr.write(formatScenarioError(file, err) + '\n');
    return 2;
  }
  const out: string[] = [];
  const write = (s: string) => {
    out.push(s);
    if (out.length > 256) flush();
  };
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };
  let result: ReturnType<typeof runScenario>;
  try {
    result = runScenario(parsed.steps, seed ?? parsed.seed, {
    backlogMode: backlog,
    version,
    onItem: (it) => {
      if (quiet) return;
      if (it.pushed) {
        write(it.output.endsWith('\n') ? it.output : it.output + '\n');
        return;
      }
      const isCmd = /^\s*(expect\s+|repeat\s+\d+\s+)?[A-Za-z][\w-]*>/.test(it.text);
      write(`${it.text}\n`);
      if (isCmd && it.output !== '') write(it.output.endsWith('\n') ? it.output : it.output + '\n');
      if (it.failure) write(`${file}:${it.line}: ${it.failure}\n`);
    },
    onTrace: trace ? (e) => write(`${traceLine(e)}\n`) : undefined,
    });
  } catch (e) {
    flush();
    if (!(e instanceof ScenarioFault)) throw e;
    // One line: where, what, and what reproduces it; the stack only with --debug.
    const where = e.budget ? '' : ` (seed ${e.seed}, at ${(e.atMs / 1000).toFixed(3)} s; replscope stopped: please report this scenario)`;
    process.stderr.write(`${file}:${e.line}: ${e.message.split('\n')[0]}${where}\n`);
    if (debug) process.stderr.write(`${e.detail instanceof Error ? e.detail.stack : String(e.detail)}\n`);
    return 1;
  }
  if (hash) write(`trace-hash ${result.hash}\n`);
  flush();
  if (result.failures.length > 0) {
    for (const f of result.failures) process.stderr.write(`${file}:${f.line}: ${f.failure}\n`);
    return 1;
  }
  return 0;
}

function usageError(msg: string): number {
  process.stderr.write(`replscope: ${msg}\n${USAGE}`);
  return 2;
}
