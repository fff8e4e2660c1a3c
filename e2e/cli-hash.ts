// The CLI's trace hash of each shipped example, as `replscope run --quiet --hash FILE` prints it.
// One Node process runs the CLI's own entry for every example (loading the TypeScript once instead
// of once per example), started at the first call and in the background, so it runs while the
// browser plays its run. Kept for the whole worker: every spec file in it asks the same process.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const EXAMPLES = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.scn')).map((f) => f.replace(/\.scn$/, '')).sort();

const SCRIPT = `
import { register } from 'tsx/esm/api';
register();
const { main } = await import('./cli/main.ts');
for (const name of JSON.parse(process.argv[1])) {
  process.stdout.write('example ' + name + '\\n');
  const code = await main(['run', '--quiet', '--hash', 'scenarios/' + name + '.scn']);
  if (code !== 0) throw new Error(name + ': exit ' + code);
}
`;

let all: Promise<Map<string, string>> | null = null;

function runAll(): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', SCRIPT, JSON.stringify(EXAMPLES)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`replscope run --hash failed: ${err.message}\n${stderr}`));
      const out = new Map<string, string>();
      let name: string | null = null;
      for (const line of stdout.split('\n')) {
        const e = /^example (\S+)$/.exec(line);
        if (e) name = e[1];
        const h = /^trace-hash (\S+)$/.exec(line);
        if (h && name) out.set(name, h[1]);
      }
      resolve(out);
    });
  });
}

/** Starts the CLI runs (if not started) without waiting for them. */
export function startCliHashes(): void {
  all ??= runAll();
  all.catch(() => {});
}

/** The trace hash the CLI gives for a shipped example. */
export async function cliHash(example: string): Promise<string> {
  startCliHashes();
  const h = (await all!).get(example);
  if (!h) throw new Error(`no CLI trace hash for ${example}`);
  return h;
}
