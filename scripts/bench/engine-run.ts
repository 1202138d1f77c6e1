// The built-in engine's side of bench:engine (engine.ts), in a process of its own so that its peak
// RSS is the engine's alone: argv dir, baseline CSV, baseline rows. Runs the data-quality baseline
// and one execution through the real code path (file:// store, no database), prints a line for
// each, and ends with one JSON line {baselineS, execS, records, peakRssMb}.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { FileStore } from '@mmg/engine/io';
import type { BackendMonitor, BackendSchedule } from '../../src/backends/types.js';
import type { Db } from '../../src/db/client.js';
import { analyzeExecution } from '../../src/engine/backend/analyze.js';
import { engineContext } from '../../src/engine/backend/context.js';
import { computeBaseline } from '../../src/engine/backend/runs.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { buildScheduleConfig } from '../../src/kernel/schedule-config.js';
import { parseConfig } from '../../src/config.js';
import { setHeapGrowth } from '../../src/startup/heap.js';

const [dir, baselinePath, rows] = process.argv.slice(2) as [string, string, string];
const N = Number(rows);
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
/** CPU seconds (user + system) since `from`: steadier than wall time on a busy machine. */
const cpuS = (from: NodeJS.CpuUsage): string => {
  const u = process.cpuUsage(from);
  return ((u.user + u.system) / 1e6).toFixed(2);
};

async function main(): Promise<void> {
  // The heap's growth as a worker process sets it at start (src/worker.ts): V8's flags are the
  // process's, so its engine threads run under it too.
  setHeapGrowth(parseConfig({ ...process.env, LOG_LEVEL: 'silent' }));
  const store = new FileStore();
  // No database on this path: the same computation runBaseline/runExecution do, minus their bookkeeping rows.
  // ENGINE_THREADS and ENGINE_BLOCK_MB as a worker reads them (default: every core, 12 MiB blocks).
  const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const threads = env('ENGINE_THREADS');
  const blockMb = env('ENGINE_BLOCK_MB');
  const ctx = engineContext(null as unknown as Db, store, new InProcessQueue(), {
    captureRoot: pathToFileURL(join(dir, 'capture')).href,
    ...(threads !== undefined ? { threads } : {}),
    ...(blockMb !== undefined ? { blockBytes: Math.round(blockMb * 1024 * 1024) } : {}),
  });
  const base: BackendMonitor = {
    id: 'm', teamId: 't', name: 'bench', type: 'DATA_QUALITY', baseline: null,
    config: { endpointInput: { endpointName: 'ep' }, outputS3Uri: pathToFileURL(join(dir, 'out')).href, resources: { instanceType: 'x', instanceCount: 1, volumeSizeInGB: 1 }, maxRuntimeInSeconds: 3600 },
  };
  let t = performance.now();
  let cpu = process.cpuUsage();
  const baseline = await computeBaseline(ctx, base, { baselineId: 'b', version: 1, datasetUri: pathToFileURL(baselinePath).href, datasetFormat: { csvHeader: true }, columnNames: null }, pathToFileURL(join(dir, 'out/baselines/b')).href);
  if (!baseline.ok) throw new Error(baseline.reason);
  const baselineS = (performance.now() - t) / 1000;
  console.log(`baseline:  ${N} rows in ${baselineS.toFixed(2)} s (${Math.round(N / baselineS)} rows/s, CPU ${cpuS(cpu)} s), peak RSS ${peakRssMb().toFixed(0)} MB`);

  const monitor: BackendMonitor = { ...base, baseline: { id: 'b', version: 1, ...baseline.docs } };
  const spec = { expression: 'cron(0 * ? * * *)', dataAnalysisStartTime: null, dataAnalysisEndTime: null };
  const schedule: BackendSchedule = { id: 's', name: 'bench-hourly', spec, scheduleConfig: buildScheduleConfig(spec), backendRef: 'builtin-s' };
  t = performance.now();
  cpu = process.cpuUsage();
  const outcome = await analyzeExecution(ctx, monitor, schedule, new Date('2026-11-22T11:00:00Z'));
  const execS = (performance.now() - t) / 1000;
  if (outcome.status === 'FAILED') throw new Error(outcome.failureReason);
  console.log(`execution: ${outcome.records} records in ${execS.toFixed(2)} s (${Math.round(outcome.records / execS)} records/s, CPU ${cpuS(cpu)} s), ${outcome.status}, ${outcome.violations.length} violations, peak RSS ${peakRssMb().toFixed(0)} MB`);

  console.log(JSON.stringify({ baselineS, execS, records: outcome.records, peakRssMb: Math.round(peakRssMb()) }));
}

await main();
