// Runs the per-frame main-thread benchmark and prints its table:
// npx tsx tools/bench/bench-frames-main.ts [PORT] [--follow]
// (default: the 1000 writes/s phase at steady 1x; --follow: the run from its start in Follow mode).
import { benchFrames } from './bench-frames.ts';
import { firstLoadReport, measureFirstLoad } from './first-load.ts';

const args = process.argv.slice(2);
const portArg = args.find((a) => /^\d+$/.test(a));
const port = portArg ? Number(portArg) : undefined;
const { rows, notes } = await benchFrames({ port, mode: args.includes('--follow') ? 'follow' : 'steady', log: (s) => console.error(s) });
const w0 = Math.max(6, ...rows.map((r) => r.metric.length));
const w1 = Math.max(6, ...rows.map((r) => r.worker.length));
console.log(`${'metric'.padEnd(w0)} | ${'worker'.padEnd(w1)} | inline`);
console.log(`${'-'.repeat(w0)}-|-${'-'.repeat(w1)}-|-------`);
for (const r of rows) console.log(`${r.metric.padEnd(w0)} | ${r.worker.padEnd(w1)} | ${r.inline}`);
console.log('');
for (const n of notes) console.log(`- ${n}`);
console.log('');
process.stdout.write(firstLoadReport(measureFirstLoad()));
