// Runs the per-frame main-thread benchmark and prints its table:
// npx tsx tools/bench/bench-frames-main.ts [PORT] [--follow] [--host=worker|inline] [--profile] [--trace-only] [--save=DIR] [--no-build]
// (default: the 1000 writes/s phase at steady 1x; --follow: the run from its start in Follow mode;
// --host: one host only; --profile: trace and profile even a host that meets the target;
// --trace-only: the trace without the CPU-profiled run; --save:
// keep each trace and CPU profile in DIR; --no-build: dist/ is built already).
import { benchFrames } from './bench-frames.ts';
import { firstLoadReport, measureFirstLoad } from './first-load.ts';

const args = process.argv.slice(2);
const portArg = args.find((a) => /^\d+$/.test(a));
const port = portArg ? Number(portArg) : undefined;
const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const host = opt('host');
if (host !== undefined && host !== 'worker' && host !== 'inline') throw new Error(`--host: worker or inline, not ${host}`);
const { rows, notes } = await benchFrames({
  port, mode: args.includes('--follow') ? 'follow' : 'steady', log: (s) => console.error(s),
  hosts: host ? [host] : undefined, alwaysProfile: args.includes('--profile'), saveTo: opt('save'), noBuild: args.includes('--no-build'), traceOnly: args.includes('--trace-only'),
});
const w0 = Math.max(6, ...rows.map((r) => r.metric.length));
const w1 = Math.max(6, ...rows.map((r) => r.worker.length));
console.log(`${'metric'.padEnd(w0)} | ${'worker'.padEnd(w1)} | inline`);
console.log(`${'-'.repeat(w0)}-|-${'-'.repeat(w1)}-|-------`);
for (const r of rows) console.log(`${r.metric.padEnd(w0)} | ${r.worker.padEnd(w1)} | ${r.inline}`);
console.log('');
for (const n of notes) console.log(`- ${n}`);
console.log('');
process.stdout.write(firstLoadReport(measureFirstLoad()));
