// Runs the per-frame main-thread benchmark and prints its table: npx tsx tools/bench/bench-frames-main.ts [PORT]
import { benchFrames } from './bench-frames.ts';
import { firstLoadReport, measureFirstLoad } from './first-load.ts';

const port = process.argv[2] ? Number(process.argv[2]) : undefined;
const { rows, notes } = await benchFrames({ port, log: (s) => console.error(s) });
const w0 = Math.max(6, ...rows.map((r) => r.metric.length));
const w1 = Math.max(6, ...rows.map((r) => r.worker.length));
console.log(`${'metric'.padEnd(w0)} | ${'worker'.padEnd(w1)} | inline`);
console.log(`${'-'.repeat(w0)}-|-${'-'.repeat(w1)}-|-------`);
for (const r of rows) console.log(`${r.metric.padEnd(w0)} | ${r.worker.padEnd(w1)} | ${r.inline}`);
console.log('');
for (const n of notes) console.log(`- ${n}`);
console.log('');
process.stdout.write(firstLoadReport(measureFirstLoad()));
