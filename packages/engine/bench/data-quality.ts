// Micro-bench of the data-quality core (no I/O): npm run bench -w @mmg/engine -- [rows] [features]
// Feeds CSV-like string rows (as the capture path produces) through DataQualityAccumulator and prints
// rows/s plus a digest of statistics.json so that optimisations can be checked for identical results.
import { createHash } from 'node:crypto';
import { DataQualityAccumulator, seededRandom } from '../src/index.js';

const N = Number(process.argv[2] ?? 200_000);
const F = Number(process.argv[3] ?? 20);
const r = seededRandom(7);
const rows: Array<Record<string, string>> = [];
for (let i = 0; i < N; i++) {
  const row: Record<string, string> = {};
  for (let f = 0; f < F; f++) row[`_c${f}`] = f % 5 === 4 ? String(Math.floor(r() * 1000)) : (r() * (10 + f) + 0.5).toFixed(4);
  rows.push(row);
}
const t = performance.now();
const acc = new DataQualityAccumulator();
for (const row of rows) acc.add(row);
const res = acc.result();
const s = (performance.now() - t) / 1000;
if (!res.ok) throw new Error('empty');
const digest = createHash('sha256').update(JSON.stringify(res.value.statistics)).digest('hex').slice(0, 16);
console.log(JSON.stringify({ rows: N, features: F, seconds: +s.toFixed(3), rows_per_s: Math.round(N / s), digest }));
