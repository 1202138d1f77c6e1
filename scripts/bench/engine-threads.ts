// npm run bench:engine-threads [-- --records 400000 --features 20 --rounds 2]
//
// One data-quality run over 8 hour partitions (records/8 each, generated deterministically to a temp
// dir), through the real code path (analyzeExecution: file:// store, analyzers, report writing; no
// database), on 1 and on 2 worker threads, alternated `rounds` times in the same process so both see
// the same machine load (the best of each is kept). Checks that both wrote the same report, and ends
// with one JSON line {"threads": {"1": records/s, "2": records/s}}.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FileStore } from '@mmg/engine/io';
import { seededRandom } from '@mmg/engine';
import type { BackendMonitor, BackendSchedule } from '../../src/backends/types.js';
import type { Db } from '../../src/db/client.js';
import { analyzeExecution } from '../../src/engine/backend/analyze.js';
import { engineContext } from '../../src/engine/backend/context.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { buildScheduleConfig } from '../../src/kernel/schedule-config.js';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '400000' }, features: { type: 'string', default: '20' }, rounds: { type: 'string', default: '2' } } });
const N = Number(args.records);
const F = Number(args.features);
const HOURS = 8;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-threads-'));
  const r = seededRandom(7);
  const t0 = Date.parse('2026-11-22T02:00:00Z');
  const per = Math.floor(N / HOURS);
  for (let h = 0; h < HOURS; h++) {
    const hourDir = join(dir, `capture/ep/AllTraffic/2026/11/22/${String(2 + h).padStart(2, '0')}`);
    await mkdir(hourDir, { recursive: true });
    // One hour's file built in memory (records/8 lines): a bench of a few hundred MB at most.
    await writeFile(join(hourDir, 'part-0.jsonl'), Array.from({ length: per }, (_, i) => {
      const v: string[] = [];
      for (let f = 0; f < F; f++) v.push(f % 5 === 4 ? String(Math.floor(r() * 1000)) : (r() * (10 + f)).toFixed(4));
      return JSON.stringify({
        captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: v.join(','), encoding: 'CSV' } },
        eventMetadata: { eventId: `e${h}-${i}`, inferenceTime: new Date(t0 + h * 3_600_000 + Math.floor((i * 3_600_000) / per)).toISOString() },
        eventVersion: '0',
      });
    }).join('\n'));
  }
  console.log(`generated ${HOURS} hour partitions × ${per} capture records × ${F} features (${dir})`);
  const monitor: BackendMonitor = {
    id: 'm', teamId: 't', name: 'bench', type: 'DATA_QUALITY', baseline: null,
    config: { endpointInput: { endpointName: 'ep' }, outputS3Uri: pathToFileURL(join(dir, 'out')).href, resources: { instanceType: 'x', instanceCount: 1, volumeSizeInGB: 1 }, maxRuntimeInSeconds: 3600 },
  };
  const spec = { expression: 'NOW', dataAnalysisStartTime: '-PT9H', dataAnalysisEndTime: '-PT1H' };
  const schedule: BackendSchedule = { id: 's', name: 'bench', spec, scheduleConfig: buildScheduleConfig(spec), backendRef: 'builtin-s' };
  const best: Record<string, number> = { 1: 0, 2: 0 };
  const reports: Record<string, string> = {};
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const threads of [1, 2]) {
      const ctx = engineContext(null as unknown as Db, new FileStore(), new InProcessQueue(), { captureRoot: pathToFileURL(join(dir, 'capture')).href, threads });
      const t = performance.now();
      const outcome = await analyzeExecution(ctx, monitor, schedule, new Date('2026-11-22T11:00:00Z'));
      const s = (performance.now() - t) / 1000;
      if (outcome.status === 'FAILED') throw new Error(outcome.failureReason);
      const rate = Math.round(outcome.records / s);
      console.log(`${threads} thread(s): ${outcome.records} records in ${s.toFixed(2)} s (${rate} records/s)`);
      best[threads] = Math.max(best[threads]!, rate);
      reports[threads] = await readFile(fileURLToPath(`${outcome.reportUri}statistics.json`), 'utf8');
    }
  }
  if (reports[1] !== reports[2]) throw new Error('the 2-thread report differs from the 1-thread one');
  console.log(`same statistics.json on 1 and 2 threads; 2 threads: ${(best[2]! / best[1]!).toFixed(2)}× the records/s of 1`);
  await rm(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ threads: best }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
