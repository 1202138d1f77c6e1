// One run over many workers: a run over six hour partitions split into part jobs (BullMQ flows on the real
// Redis, a fresh prefix; two workers sharing the queue) gives the execution and report files of one worker
// running it whole; so does the in-process queue (single-process mode). The split is bounded: parts
// never hold fewer partitions than ENGINE_SPLIT_MIN_PARTITIONS, and a window under twice that is not split.
import { randomBytes } from 'node:crypto';
import type { BackendMonitor, BackendSchedule } from '../../src/backends/types.js';
import { config } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { partsOf } from '../../src/engine/backend/flows.js';
import { BuiltinBackend, engineContext, registerEngineJobs } from '../../src/engine/backend/index.js';
import { BullMqQueue } from '../../src/jobs/bullmq-driver.js';
import { ExecutionPartJob } from '../../src/jobs/definitions.js';
import { testDb } from '../support/db.js';
import { fileStorage, monitorOf, scheduleOf, type Storage } from './fixtures.js';
import { harness, NOW } from './harness.js';
import { hoursConfig, putHours, SIX_HOURS, TYPES } from './hours.js';
import { runSummary } from './summary.js';

let db: Db;
let storage: Storage;
const queues: BullMqQueue[] = [];
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
  await putHours(storage);
});
afterAll(async () => {
  for (const q of queues) await q.close();
  await queues[0]?.bull.obliterate({ force: true }).catch(() => undefined);
  await storage.close();
  await db.$disconnect();
});

/** The monitor of `type` with its baseline in force, its reports under `out`. */
async function monitorWithBaseline(type: (typeof TYPES)[number], out: string): Promise<BackendMonitor> {
  const h = await harness(db, storage);
  const monitor = await h.baseline(monitorOf(type, hoursConfig(storage, type, out)), `${type}.csv`);
  await h.queue.close();
  return monitor;
}

/** One worker, the in-process queue, the run not split (the reference). */
async function single(type: (typeof TYPES)[number]) {
  const monitor = await monitorWithBaseline(type, `single-${type}`);
  const h = await harness(db, storage, { threads: 1 });
  const { execution } = await h.run(monitor, scheduleOf(SIX_HOURS));
  await h.queue.close();
  return { summary: await runSummary(h.backend, monitor, storage, execution), records: await recordsOf(execution.executionId) };
}

const recordsOf = async (id: string) => (await db.engineExecution.findUniqueOrThrow({ where: { id } })).recordCount;

async function until<T>(f: () => Promise<T | null | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A BullMQ queue on a fresh prefix (or the given one), closed after the tests. */
function bullQueue(prefix = `${config().REDIS_PREFIX}_flows_${randomBytes(4).toString('hex')}`, lockDurationMs?: number): BullMqQueue {
  const q = new BullMqQueue({ redisUrl: config().REDIS_URL, prefix, ...(lockDurationMs ? { lockDurationMs } : {}) });
  queues.push(q);
  return q;
}

/** Creates the schedule on a producer of `producer`'s queue and waits for its execution to finish. */
async function runOnQueue(producer: BullMqQueue, monitor: BackendMonitor, splitMinPartitions: number) {
  const backend = new BuiltinBackend(engineContext(db, storage.store, producer, { now: () => NOW, splitMinPartitions }));
  const schedule: BackendSchedule = scheduleOf(SIX_HOURS);
  const { backendRef } = await backend.createSchedule(monitor, schedule);
  const armed = { ...schedule, backendRef };
  const execution = await until(async () => (await backend.listExecutions(monitor, armed, {})).executions.find((e) => e.status !== 'PENDING' && e.status !== 'IN_PROGRESS'));
  return { backend, execution };
}

/** Workers of `producer`'s queue in this process (the parts land on either). */
async function startWorkers(producer: BullMqQueue, n: number, splitMinPartitions: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const q = bullQueue(producer.bull.opts.prefix as string);
    registerEngineJobs(q, engineContext(db, storage.store, q, { now: () => NOW, splitMinPartitions, threads: 1 }));
    await q.start({ concurrency: 1 });
  }
}

const partJobs = async (q: BullMqQueue) => (await q.bull.getJobs(['completed'])).filter((j) => j.name === ExecutionPartJob.name);

test('parts hold at least the configured partitions; a window under twice that is one part', () => {
  expect(partsOf(6, 2)).toEqual([[0, 1], [2, 3], [4, 5]]);
  expect(partsOf(7, 2)).toEqual([[0, 1], [2, 3], [4, 5, 6]]);
  expect(partsOf(6, 4)).toEqual([[0, 1, 2, 3, 4, 5]]);
  expect(partsOf(48, 24).map((p) => p.length)).toEqual([24, 24]);
  expect(partsOf(47, 24)).toHaveLength(1);
  for (let n = 1; n < 40; n++) for (let min = 1; min < 10; min++) expect(Math.min(...partsOf(n, min).map((p) => p.length))).toBeGreaterThanOrEqual(Math.min(n, min));
});

test.each(TYPES)('%s: split into three part jobs on two BullMQ workers, the single-worker execution and report files', async (type) => {
  const one = await single(type);
  expect(one.summary.execution).toMatchObject({ status: expect.stringMatching(/^COMPLETED/), failureReason: null });
  const producer = bullQueue();
  await startWorkers(producer, 2, 2);
  const monitor = await monitorWithBaseline(type, `flow-${type}`);
  const { backend, execution } = await runOnQueue(producer, monitor, 2);
  expect(await runSummary(backend, monitor, storage, execution)).toEqual(one.summary);
  expect(await recordsOf(execution.executionId)).toBe(one.records);
  const parts = await partJobs(producer);
  expect(parts.map((j) => ExecutionPartJob.schema.parse(j.data).units).sort()).toEqual([[0, 1], [2, 3], [4, 5, 6]]); // seven hours: 04–10h
  // Every part wrote its result under the run's report prefix.
  for (const part of [0, 1, 2]) expect(await storage.store.readText(`${execution.reportUri}parts/${part}.json`)).toContain('"version":1');
});

test('a window under twice the bound runs whole: no part jobs', async () => {
  const producer = bullQueue();
  await startWorkers(producer, 1, 4);
  const monitor = await monitorWithBaseline('DATA_QUALITY', 'flow-unsplit');
  const { execution } = await runOnQueue(producer, monitor, 4);
  expect(execution.status).toMatch(/^COMPLETED/);
  expect(await partJobs(producer)).toEqual([]);
  expect(await storage.store.readText(`${execution.reportUri}parts/0.json`)).toBeNull();
});

test('single-process mode (the in-process queue): parts, then their merge, give the single-worker run', async () => {
  const one = await single('MODEL_QUALITY');
  const monitor = await monitorWithBaseline('MODEL_QUALITY', 'flow-in-process');
  const h = await harness(db, storage, { threads: 1, splitMinPartitions: 3 });
  const { execution } = await h.run(monitor, scheduleOf(SIX_HOURS));
  await h.queue.close();
  expect(await runSummary(h.backend, monitor, storage, execution)).toEqual(one.summary);
  expect(await storage.store.readText(`${execution.reportUri}parts/1.json`)).toContain('"unit":3');
});
