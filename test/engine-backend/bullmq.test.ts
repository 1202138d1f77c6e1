// The BullMQ driver on the real Redis (127.0.0.1:6379), a fresh key prefix per
// test: a ONE_TIME schedule runs through a worker; a cron schedule becomes a Job
// Scheduler with the derived pattern and disappears when the schedule is stopped or deleted.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../src/db/client.js';
import { BuiltinBackend, engineContext, registerEngineJobs } from '../../src/engine/backend/index.js';
import { BullMqQueue } from '../../src/jobs/bullmq-driver.js';
import { cronPatternOf } from '../../src/jobs/cron.js';
import { defineJob } from '../../src/jobs/definitions.js';
import { config } from '../../src/config.js';
import { testDb } from '../support/db.js';
import { capture, fileStorage, monitorOf, scheduleOf, type Storage } from './fixtures.js';

let db: Db;
let storage: Storage;
const queues: BullMqQueue[] = [];
const freshQueue = () => {
  const q = new BullMqQueue({ redisUrl: config().REDIS_URL, prefix: `${config().REDIS_PREFIX}_${randomBytes(4).toString('hex')}` });
  queues.push(q);
  return q;
};

beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
});
afterAll(async () => {
  for (const q of queues) {
    await q.bull.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await storage.close();
  await db.$disconnect();
});

async function until<T>(f: () => Promise<T | null | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('cron patterns from schedule expressions', () => {
  expect(cronPatternOf('cron(0 * ? * * *)')).toBe('0 * * * *');
  expect(cronPatternOf('cron(0 7 ? * * *)')).toBe('0 7 * * *');
  expect(cronPatternOf('cron(0 2/6 ? * * *)')).toBe('0 2/6 * * *');
  expect(cronPatternOf('NOW')).toBeNull();
});

test('payloads are checked when queued and when run', async () => {
  const q = freshQueue();
  const Echo = defineJob('test.echo', z.object({ n: z.number().int() }), { attempts: 1, backoffMs: 1_000 });
  await expect(q.enqueue(Echo, { n: 1.5 })).rejects.toThrow('invalid payload for job "test.echo": n:');
  // A payload that bypassed the check (another version of the code) fails without reaching the handler.
  let ran = 0;
  q.handle(Echo, async () => void ran++);
  await q.bull.add('test.echo', { n: 'x' }, { jobId: 'bad' });
  await q.start({ concurrency: 1 });
  const failed = await until(async () => ((await q.bull.getJob('bad'))?.failedReason ? q.bull.getJob('bad') : null));
  expect(failed.failedReason).toContain('invalid payload for job "test.echo"');
  expect(ran).toBe(0);
});

test('ONE_TIME: createSchedule queues one job; a worker runs it and records the execution', async () => {
  const now = new Date('2026-11-22T11:30:00Z');
  const producer = freshQueue();
  const producerCtx = engineContext(db, storage.store, producer, { now: () => now });
  const backend = new BuiltinBackend(producerCtx);
  // A second process's worker sharing the same Redis queue.
  const worker = new BullMqQueue({ redisUrl: config().REDIS_URL, prefix: (producer.bull.opts.prefix as string) });
  queues.push(worker);
  registerEngineJobs(worker, engineContext(db, storage.store, worker, { now: () => now }));
  await worker.start({ concurrency: 1 });

  await storage.put('bq/ep/AllTraffic/2026/11/22/10/f.jsonl', [capture('1', '1,2', '1', '2026-11-22T10:00:00Z'), capture('2', '3,4', '1', '2026-11-22T10:40:00Z')].join('\n'));
  const monitor = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('bq/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('bq') } });
  const schedule = scheduleOf({ expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' });
  const { backendRef } = await backend.createSchedule(monitor, schedule);
  const armed = { ...schedule, backendRef };
  const execution = await until(async () => {
    const { executions } = await backend.listExecutions(monitor, armed, {});
    return executions.find((e) => e.status === 'COMPLETED');
  });
  expect(execution.scheduledTime).toEqual(now);
  expect(execution.reportUri).toBe(storage.uri(`bq/out/ep/${schedule.name}/2026/11/22/11/`));
  const report = await backend.readReport(monitor, execution);
  expect((report.statistics as { dataset: { item_count: number } }).dataset.item_count).toBe(1); // window 09:30–10:30: 10:40 is outside
});

test('cron: a Job Scheduler per schedule with the derived pattern; stop and delete remove it', async () => {
  const q = freshQueue();
  const backend = new BuiltinBackend(engineContext(db, storage.store, q));
  const monitor = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('cr/out') });
  const schedule = scheduleOf({ expression: 'cron(0 2/6 ? * * *)' });
  const { backendRef } = await backend.createSchedule(monitor, schedule);
  const armed = { ...schedule, backendRef };
  const s = await q.getScheduler(backendRef);
  expect(s).toMatchObject({ id: backendRef, pattern: '0 2/6 * * *', jobName: 'engine.run-execution' });
  expect([2, 8, 14, 20]).toContain(s!.next!.getUTCHours());
  const raw = await q.bull.getJobScheduler(backendRef);
  expect(raw).toMatchObject({ tz: 'UTC', template: { data: { scheduleRef: backendRef } } });

  await backend.updateSchedule(monitor, { ...armed, spec: { ...armed.spec, expression: 'cron(0 5 ? * * *)' }, scheduleConfig: { ScheduleExpression: 'cron(0 5 ? * * *)' } });
  expect((await q.getScheduler(backendRef))!.pattern).toBe('0 5 * * *');
  await backend.stopSchedule(monitor, armed);
  expect(await q.getScheduler(backendRef)).toBeNull();
  await backend.startSchedule(monitor, armed);
  expect(await q.getScheduler(backendRef)).not.toBeNull();
  await backend.deleteSchedule(monitor, armed);
  expect(await q.getScheduler(backendRef)).toBeNull();
  await backend.deleteSchedule(monitor, armed); // already gone: succeeds
});
