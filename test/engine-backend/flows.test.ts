// One run over many workers: a run over six hour partitions split into part jobs (BullMQ flows on the real
// Redis, a fresh prefix; two workers sharing the queue) gives the execution and report files of one worker
// running it whole; so does the in-process queue (single-process mode). The split is bounded: parts
// never hold fewer partitions than ENGINE_SPLIT_MIN_PARTITIONS, and a window under twice that is not split.
import type { Db } from '../../src/db/client.js';
import { partsOf } from '../../src/engine/backend/flows.js';
import { ExecutionPartJob } from '../../src/jobs/definitions.js';
import { testDb } from '../support/db.js';
import { fileStorage, scheduleOf, type Storage } from './fixtures.js';
import { FlowRuns, partJobs } from './flow-runs.js';
import { harness } from './harness.js';
import { putHours, SIX_HOURS, TYPES } from './hours.js';
import { runSummary } from './summary.js';

let db: Db;
let storage: Storage;
let runs: FlowRuns;
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
  runs = new FlowRuns(db, storage);
  await putHours(storage);
});
afterAll(async () => {
  await runs.close();
  await storage.close();
  await db.$disconnect();
});

test('parts hold at least the configured partitions; a window under twice that is one part', () => {
  expect(partsOf(6, 2)).toEqual([[0, 1], [2, 3], [4, 5]]);
  expect(partsOf(7, 2)).toEqual([[0, 1], [2, 3], [4, 5, 6]]);
  expect(partsOf(6, 4)).toEqual([[0, 1, 2, 3, 4, 5]]);
  expect(partsOf(48, 24).map((p) => p.length)).toEqual([24, 24]);
  expect(partsOf(47, 24)).toHaveLength(1);
  for (let n = 1; n < 40; n++) for (let min = 1; min < 10; min++) expect(Math.min(...partsOf(n, min).map((p) => p.length))).toBeGreaterThanOrEqual(Math.min(n, min));
});

test.each(TYPES)('%s: split into three part jobs on two BullMQ workers, the single-worker execution and report files', async (type) => {
  const one = await runs.single(type);
  expect(one.summary.execution).toMatchObject({ status: expect.stringMatching(/^COMPLETED/), failureReason: null });
  const producer = runs.queue();
  await runs.workers(producer, 2, 2);
  const monitor = await runs.monitor(type, `flow-${type}`);
  const { backend, finished } = await runs.start(producer, monitor, 2);
  const execution = await finished();
  expect(await runSummary(backend, monitor, storage, execution)).toEqual(one.summary);
  expect(await runs.records(execution.executionId)).toBe(one.records);
  const parts = await partJobs(producer);
  expect(parts.map((j) => ExecutionPartJob.schema.parse(j.data).units).sort()).toEqual([[0, 1], [2, 3], [4, 5, 6]]); // seven hours: 04–10h
  // Every part wrote its result under the run's report prefix.
  for (const part of [0, 1, 2]) expect(await storage.store.readText(`${execution.reportUri}parts/${part}.json`)).toContain('"version":1');
});

test('a window under twice the bound runs whole: no part jobs', async () => {
  const producer = runs.queue();
  await runs.workers(producer, 1, 4);
  const monitor = await runs.monitor('DATA_QUALITY', 'flow-unsplit');
  const execution = await (await runs.start(producer, monitor, 4)).finished();
  expect(execution.status).toMatch(/^COMPLETED/);
  expect(await partJobs(producer)).toEqual([]);
  expect(await storage.store.readText(`${execution.reportUri}parts/0.json`)).toBeNull();
});

test('single-process mode (the in-process queue): parts, then their merge, give the single-worker run', async () => {
  const one = await runs.single('MODEL_QUALITY');
  const monitor = await runs.monitor('MODEL_QUALITY', 'flow-in-process');
  const h = await harness(db, storage, { threads: 1, splitMinPartitions: 3 });
  const { execution } = await h.run(monitor, scheduleOf(SIX_HOURS));
  await h.queue.close();
  expect(await runSummary(h.backend, monitor, storage, execution)).toEqual(one.summary);
  expect(await storage.store.readText(`${execution.reportUri}parts/1.json`)).toContain('"unit":3');
});
