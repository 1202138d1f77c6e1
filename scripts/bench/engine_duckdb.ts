// The engine bench's DuckDB side, run in its own process (so its peak RSS is its own):
//   tsx scripts/bench/engine_duckdb.ts <baseline.csv> <capture.jsonl> <features> <threads>
// The same statistics as the engine's data-quality pass on the same files: per column count, sum,
// mean, population std, min, max, exact 0.1/0.5/0.9 quantiles and approximate distinct count, over
// the baseline CSV and over the capture JSONL's captureData.endpointInput.data split at commas.
// Prints one JSON line: {"seconds", "records", "peak_rss_mb", "threads"}.
import { DuckDBInstance } from '@duckdb/node-api';

const [baseline, capture, features, threads] = process.argv.slice(2) as [string, string, string, string];
const columns = Array.from({ length: Number(features) }, (_, f) => `f${f}`);
const quote = (path: string): string => `'${path.replaceAll("'", "''")}'`;
const statistics = columns
  .map((c) => `count(${c}), sum(${c}), avg(${c}), stddev_pop(${c}), min(${c}), max(${c}), quantile_cont(${c}, [0.1, 0.5, 0.9]), approx_count_distinct(${c})`)
  .join(', ');
const captured = `SELECT ${columns.map((c, f) => `CAST(v[${f + 1}] AS DOUBLE) AS ${c}`).join(', ')}
  FROM (SELECT string_split(captureData.endpointInput.data, ',') AS v
        FROM read_ndjson(${quote(capture)}, columns = {captureData: 'STRUCT(endpointInput STRUCT(data VARCHAR))'}))`;

const t = performance.now();
const db = await DuckDBInstance.create(':memory:', { threads });
const connection = await db.connect();
let records = 0;
for (const source of [`read_csv(${quote(baseline)}, header = true)`, `(${captured})`]) {
  const reader = await connection.runAndReadAll(`SELECT count(*) AS n, ${statistics} FROM ${source}`);
  records += Number(reader.getRows()[0]![0]);
}
const seconds = (performance.now() - t) / 1000;
connection.closeSync();
console.log(JSON.stringify({ seconds, records, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), threads: Number(threads) }));
