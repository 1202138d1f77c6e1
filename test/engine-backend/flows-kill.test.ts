// A split run whose part is running in a worker process (src/worker.ts) when that process is SIGKILLed:
// once the part's job lock expires (JOB_LOCK_MS, short here), another worker runs the part again, and the
// run's report files, execution and record count are the single-worker run's (nothing counted twice).
import { randomBytes } from 'node:crypto';
import { config } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { ExecutionPartJob } from '../../src/jobs/definitions.js';
import { testDb } from '../support/db.js';
import { killSpawned, spawnWorker, type Child } from '../support/processes.js';
import { fileStorage, type Storage } from './fixtures.js';
import { FlowRuns, partJobs, until } from './flow-runs.js';
import { putHours } from './hours.js';
import { runSummary } from './summary.js';

let db: Db;
let storage: Storage;
let runs: FlowRuns;
let worker: Child | undefined;
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
  runs = new FlowRuns(db, storage);
  // Parts of two hours, 12,000 records each: long enough to be killed while running.
  await putHours(storage, () => 6_000);
});
afterAll(async () => {
  await killSpawned();
  await runs.close();
  await storage.close();
  await db.$disconnect();
});

test('a part killed with its worker process is run again by another worker: the single-worker report, counted once', async () => {
  const one = await runs.single('DATA_QUALITY');
  const prefix = `${config().REDIS_PREFIX}_flows_${randomBytes(4).toString('hex')}`;
  const producer = runs.queue(prefix);
  worker = await spawnWorker({
    REDIS_PREFIX: prefix, JOB_LOCK_MS: '1000', ENGINE_SPLIT_MIN_PARTITIONS: '2', ENGINE_THREADS: '1', WORKER_CONCURRENCY: '1', DEMO: 'false', LOG_LEVEL: 'info',
  });
  const monitor = await runs.monitor('DATA_QUALITY', 'flow-kill');
  const { backend, finished } = await runs.start(producer, monitor, 2);
  // The process takes the run, splits it, and takes a part: killed while that part runs.
  const running = await until(async () => (await producer.bull.getActive()).find((j) => j.name === ExecutionPartJob.name), 60_000, 10);
  await worker.kill();
  expect(await running.getState()).toBe('active');
  await runs.workers(producer, 2, 2, 1_000);
  const execution = await finished();
  expect(await runSummary(backend, monitor, storage, execution)).toEqual(one.summary);
  expect(await runs.records(execution.executionId)).toBe(one.records);
  // The killed part stalled and ran again; every part completed once.
  const parts = await partJobs(producer);
  expect(parts).toHaveLength(3);
  expect(parts.find((j) => j.id === running.id)?.stalledCounter).toBeGreaterThanOrEqual(1);
}, 180_000);
