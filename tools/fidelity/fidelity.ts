// `replscope fidelity [SCENARIO...]` (npm run fidelity): runs each scenario in the engine and on
// real redis-server processes, compares replies, offset deltas, sync counters and PSYNC decisions,
// and prints the table. Exit 0: no unexplained difference; 1: some; 2: usage or setup error.

import { readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScenarioError, parseScenario, type ScenarioStep } from '../../src/scenario/parse.ts';
import { compareRuns, type ScenarioReport } from './fidelity-compare.ts';
import { runReal, sentinelNames } from './fidelity-driver.ts';
import { runEngine } from './fidelity-engine.ts';
import { REDIS_SERVER, ensureRedisSentinel, ensureRedisServer, redisServerVersion } from './fidelity-real.ts';
import { MAPPING_NOTES, WIDTH, renderScenario, summaryLine, unexplainedCount } from './fidelity-table.ts';
import type { ScenarioContext } from './fidelity-types.ts';

const USAGE = `usage: replscope fidelity [--quiet | --verbose] [SCENARIO...]
  Runs each scenario (default: scenarios/*.scn, then tools/fidelity/scenarios/*.scn) in the engine and on real redis-server processes
  (a sentinel node on redis-sentinel) and prints how they compare. Progress goes to stderr, one line per scenario: --quiet for none,
  --verbose for one per scenario line as the real run plays it.
  Exit status: 0 no unexplained difference, 1 some, 2 usage or setup error.
`;

/** The page's example scenarios, then the fidelity check's own (backlog trimming, output buffers, cut/heal). */
const SCENARIO_DIRS = [
  fileURLToPath(new URL('../../scenarios/', import.meta.url)),
  fileURLToPath(new URL('./scenarios/', import.meta.url)),
];

function defaultScenarios(): string[] {
  return SCENARIO_DIRS.flatMap((dir) => readdirSync(dir)
    .filter((f) => f.endsWith('.scn'))
    .sort()
    .map((f) => relative(process.cwd(), dir + f) || f));
}

interface Loaded {
  readonly file: string;
  readonly steps: ScenarioStep[];
  readonly seed: number;
  readonly nodes: string[];
}

function contextOf(s: Loaded, masterOf: Map<string, string>, pingPeriodSec: number): ScenarioContext {
  const cuts: { line: number; a: string; b: string; type: 'cut' | 'heal' }[] = [];
  for (const st of s.steps) if (st.type === 'cut' || st.type === 'heal') cuts.push({ line: st.line, a: st.a, b: st.b, type: st.type });
  const sentinels = sentinelNames(s.steps);
  return { file: s.file, nodes: s.nodes.filter((n) => !sentinels.has(n)), sentinels: [...sentinels], masterOf, pingPeriodSec, cuts };
}

export async function fidelityMain(args: string[]): Promise<number> {
  const files: string[] = [];
  let quiet = false;
  let verbose = false;
  for (const a of args) {
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a.startsWith('-')) {
      process.stderr.write(`fidelity: unknown option ${a}\n${USAGE}`);
      return 2;
    } else files.push(a);
  }
  const progress = (s: string) => {
    if (!quiet) process.stderr.write(s + '\n');
  };

  let list: string[];
  try {
    list = files.length > 0 ? files : defaultScenarios();
  } catch (e) {
    process.stderr.write(`fidelity: cannot list ${SCENARIO_DIRS.join(', ')}: ${(e as Error).message}\n`);
    return 2;
  }
  if (list.length === 0) {
    process.stderr.write(`fidelity: no scenario to run\n${USAGE}`);
    return 2;
  }

  // Check every scenario before starting any server.
  const loaded: Loaded[] = [];
  let bad = false;
  for (const file of list) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`${file}: cannot read: ${(e as Error).message}\n`);
      bad = true;
      continue;
    }
    const parsed = parseScenario(text, file);
    if (!parsed.ok) {
      for (const err of parsed.errors) process.stderr.write(formatScenarioError(file, err) + '\n');
      bad = true;
      continue;
    }
    loaded.push({ file, steps: parsed.steps, seed: parsed.seed, nodes: parsed.nodes });
  }
  if (bad) return 2;

  const have = ensureRedisServer((s) => process.stderr.write(s));
  if (!have.ok) {
    process.stderr.write(`fidelity: ${have.message}\n`);
    return 2;
  }
  if (loaded.some((s) => s.steps.some((st) => st.type === 'node' && st.kind === 'sentinel'))) {
    const sentinel = ensureRedisSentinel((s) => process.stderr.write(s));
    if (!sentinel.ok) {
      process.stderr.write(`fidelity: ${sentinel.message}\n`);
      return 2;
    }
  }
  const version = redisServerVersion();

  const out = (lines: readonly string[]) => process.stdout.write(lines.map((l) => l + '\n').join(''));
  out([`fidelity: the engine vs real ${REDIS_SERVER} ${version}, ${loaded.length} scenario(s)`, ...MAPPING_NOTES]);
  if (!version.startsWith('7.0.')) out([`warning: the engine models Redis 7.0; this redis-server is ${version}`]);

  const reports: ScenarioReport[] = [];
  let setupError = false;
  for (const s of loaded) {
    const sleepsMs = s.steps.reduce((t, st) => t + (st.type === 'sleep' ? st.durationMs : 0), 0);
    progress(`fidelity: ${s.file}: engine run, then real run (${(sleepsMs / 1000).toFixed(0)} s of sleeps in real time)`);
    const { run: eng, extras } = runEngine(s.steps, s.seed);
    let real;
    try {
      real = await runReal(s.steps, s.nodes, { progress: verbose && !quiet ? progress : undefined });
    } catch (e) {
      process.stderr.write(`fidelity: ${s.file}: the real run failed: ${(e as Error).message}\n`);
      setupError = true;
      continue;
    }
    const report = compareRuns(contextOf(s, extras.masterOf, extras.pingPeriodSec), eng, real);
    reports.push(report);
    out(['', '-'.repeat(WIDTH), ...renderScenario(report)]);
  }
  const unexplained = unexplainedCount(reports);
  out(['', summaryLine(reports.length, unexplained)]);
  if (setupError) return 2;
  return unexplained > 0 ? 1 : 0;
}
