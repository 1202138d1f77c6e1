// npm run bench:engine [-- --records 1000000 --features 20 --keep]
//
// Generates (deterministically, to a temp dir) a baseline CSV and one hour of
// data capture JSONL, then runs the built-in engine's data-quality baseline and
// one execution over them through the real code path (file:// store, streaming
// reader, analyzers, report writing; no database; in a child process, engine-run.ts, so
// that its peak RSS is the engine's, not this generator's). Prints records/s and peak RSS,
// runs pandas (if installed) and DuckDB (engine_duckdb.ts, in a child process, with
// every core and with 1 thread) on the same files for comparison, and ends with one JSON line
// {"records_per_s", "peak_rss_mb", "ratio_vs_pandas", "ratio_vs_duckdb", "workers"} (ratio_vs_pandas = pandas
// time / engine time; ratio_vs_duckdb = engine records/s / DuckDB's records/s with every core;
// workers: records/s of a run split over 1 and 2 worker processes, engine-workers.ts). Runs compiled
// (npm run build first), as a worker does: through tsx, each process and thread holds the compiler too.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from '@mmg/engine';
import { projectRoot } from '../../src/db/admin.js';
import { benchWorkers } from './engine-workers.js';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, features: { type: 'string', default: '20' }, keep: { type: 'boolean', default: false } } });
const N = Number(args.records);
const F = Number(args.features);
const PYTHON = '/usr/bin/python3';

const rng = seededRandom;

/** Writes lines through a stream, honouring backpressure (bounded memory). */
async function writeLines(path: string, count: number, line: (i: number) => string, header?: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  if (header) out.write(header + '\n');
  let buf = '';
  for (let i = 0; i < count; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

function features(r: () => number, shift: number): string {
  const v: string[] = [];
  for (let f = 0; f < F; f++) v.push(f % 5 === 4 ? String(Math.floor(r() * 1000)) : (r() * (10 + f) + shift).toFixed(4));
  return v.join(',');
}


async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-engine-'));
  const baselinePath = join(dir, 'baseline.csv');
  const capturePath = join(dir, 'capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl');
  const t = performance.now();
  const rb = rng(42);
  await writeLines(baselinePath, N, () => features(rb, 0), Array.from({ length: F }, (_, f) => `f${f}`).join(','));
  const rc = rng(7);
  const t0 = Date.parse('2026-11-22T10:00:00Z');
  await writeLines(capturePath, N, (i) => JSON.stringify({
    captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: features(rc, 0.5), encoding: 'CSV' }, endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: '0.5', encoding: 'CSV' } },
    eventMetadata: { eventId: `e${i}`, inferenceTime: new Date(t0 + Math.floor((i * 3_600_000) / N)).toISOString() },
    eventVersion: '0',
  }));
  console.log(`generated ${N} baseline rows + ${N} capture records × ${F} features in ${((performance.now() - t) / 1000).toFixed(1)} s (${dir})`);

  // The engine runs in a child process, as DuckDB does: its peak RSS is its own, not the generator's.
  const engine = runEngine(dir, baselinePath);
  const { baselineS, execS, records } = engine;
  const engineS = baselineS + execS;
  const recordsPerS = Math.round((N + records) / engineS);
  let ratio: number | null = null;
  const probe = spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    console.log(`pandas: not available (${probe.error ? `${PYTHON} not found` : 'python3-pandas is not installed'}); install it with: apt-get update && apt-get install -y python3-pandas`);
  } else {
    const helper = join(projectRoot(), 'scripts/bench/engine_pandas.py');
    const py = spawnSync(PYTHON, [helper, baselinePath, capturePath], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const last = py.stdout.trim().split('\n').pop() ?? '';
    if (py.status !== 0) console.log(`pandas: failed (${py.stderr.trim().split('\n').pop()})`);
    else {
      const { seconds, records } = JSON.parse(last) as { seconds: number; records: number };
      ratio = +(seconds / engineS).toFixed(2);
      console.log(`pandas:    ${records} records in ${seconds.toFixed(2)} s (${Math.round(records / seconds)} records/s); engine is ${ratio}× pandas' speed`);
    }
  }
  const cores = availableParallelism();
  const duckdb = [...new Set([cores, 1])].map((threads) => runDuckDb(baselinePath, capturePath, threads));
  const allCores = duckdb[0];
  if (!args.keep) await rm(dir, { recursive: true, force: true });
  console.log(JSON.stringify({
    records_per_s: recordsPerS,
    peak_rss_mb: engine.peakRssMb,
    ratio_vs_pandas: ratio,
    ratio_vs_duckdb: allCores != null ? +(recordsPerS / allCores).toFixed(2) : null,
    workers: await benchWorkers(N, F),
  }));
}

/**
 * Node's arguments to run the script `name` beside this one: compiled as `npm run bench:engine` runs it
 * (dist/, as a worker runs), or through tsx when this file runs from its TypeScript source.
 */
function sibling(name: string): string[] {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? ['--import', 'tsx', join(dirname(here), `${name}.ts`)] : [join(dirname(here), `${name}.js`)];
}

/** The built-in engine's baseline and execution over the files (engine-run.ts, in a child process); throws when it fails. */
function runEngine(dir: string, baselinePath: string): { baselineS: number; execS: number; records: number; peakRssMb: number } {
  const run = spawnSync(process.execPath, [...sibling('engine-run'), dir, baselinePath, String(N)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  const lines = (run.stdout ?? '').trim().split('\n');
  if (run.status !== 0) throw new Error(`the engine's run failed (exit ${run.status}):\n${lines.join('\n')}`);
  const last = lines.pop() ?? '';
  for (const line of lines) console.log(line);
  return JSON.parse(last) as { baselineS: number; execS: number; records: number; peakRssMb: number };
}

/** DuckDB's records/s on the same files with `threads` threads (a child process: its RSS is its own), or null when it could not run. */
function runDuckDb(baselinePath: string, capturePath: string, threads: number): number | null {
  const run = spawnSync(process.execPath, [...sibling('engine_duckdb'), baselinePath, capturePath, String(F), String(threads)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const label = `duckdb ${threads} thread${threads === 1 ? '' : 's'}:`.padEnd(19);
  if (run.status !== 0) {
    console.log(`${label}failed (${(run.error?.message ?? run.stderr.trim().split('\n').pop()) || `exit ${run.status}`})`);
    return null;
  }
  const { seconds, records, peak_rss_mb } = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as { seconds: number; records: number; peak_rss_mb: number };
  const perS = Math.round(records / seconds);
  console.log(`${label}${records} records in ${seconds.toFixed(2)} s (${perS} records/s), peak RSS ${peak_rss_mb} MB`);
  return perS;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
