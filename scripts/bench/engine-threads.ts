// npm run bench:engine-threads [-- --records 400000 --features 20 --rounds 2]
//
// One data-quality run over 8 hour partitions (records/8 each, generated deterministically to a temp
// dir), through the real code path (analyzeExecution: file:// store, analyzers, report writing; no
// database), on 1 and on 2 worker threads, alternated `rounds` times in the same process so both see
// the same machine load (the best of each is kept). Checks that both wrote the same report, and ends
// with one JSON line {"threads": {"1": records/s, "2": records/s}}.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FileStore } from '@mmg/engine/io';
import type { Db } from '../../src/db/client.js';
import { analyzeExecution } from '../../src/engine/backend/analyze.js';
import { engineContext } from '../../src/engine/backend/context.js';
import { InProcessQueue } from '../../src/jobs/in-process-driver.js';
import { HOURS, hoursMonitor, hoursSchedule, SCHEDULED_AT, writeHourPartitions } from './hour-partitions.js';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '400000' }, features: { type: 'string', default: '20' }, rounds: { type: 'string', default: '2' } } });
const N = Number(args.records);
const F = Number(args.features);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-threads-'));
  const written = await writeHourPartitions(dir, N, F);
  console.log(`generated ${HOURS} hour partitions × ${written / HOURS} capture records × ${F} features (${dir})`);
  const monitor = hoursMonitor(dir, 'out');
  const schedule = hoursSchedule();
  const best: Record<string, number> = { 1: 0, 2: 0 };
  const reports: Record<string, string> = {};
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const threads of [1, 2]) {
      const ctx = engineContext(null as unknown as Db, new FileStore(), new InProcessQueue(), { threads });
      const t = performance.now();
      const outcome = await analyzeExecution(ctx, monitor, schedule, SCHEDULED_AT);
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
