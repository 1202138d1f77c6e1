// The MonitoringBackend contract details: conflicts, NOT_FOUND, idempotent
// deletes, pagination of executions, and the dry run (no writes, no jobs).
import type { Db } from '../../src/db/client.js';
import { runExecution } from '../../src/engine/backend/runs.js';
import { testDb } from '../support/db.js';
import { rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { capture, fileStorage, monitorOf, scheduleOf, type Storage } from './fixtures.js';
import { harness, type Harness } from './harness.js';

let db: Db;
let storage: Storage;
let h: Harness;
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
  h = await harness(db, storage);
});
afterAll(async () => {
  await h.queue.close();
  await storage.close();
  await db.$disconnect();
});

const monitor = () => monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: 's3://reports/x' });

test('createSchedule twice is a CONFLICT; deleting twice succeeds; unknown refs are NOT_FOUND', async () => {
  const m = monitor();
  const s = scheduleOf();
  const { backendRef } = await h.backend.createSchedule(m, s);
  await expect(h.backend.createSchedule(m, s)).rejects.toMatchObject({ code: 'CONFLICT' });
  await h.backend.deleteSchedule(m, { ...s, backendRef });
  await h.backend.deleteSchedule(m, { ...s, backendRef });
  await expect(h.backend.updateDefinition(m, { ...s, backendRef })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(h.backend.describeBaseline(m, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(h.backend.readReport(m, { executionId: 'nope', status: 'COMPLETED', scheduledTime: new Date(), startedAt: null, endedAt: null, failureReason: null, reportUri: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

test('readReport of an explainability run written before its report was named analysis.json reads statistics.json', async () => {
  await storage.put('old/train.csv', 'a,b\n1,0.5\n2,0.25\n');
  const lines = [0, 1, 2].map((i) => capture(`o${i}`, '1,2', { prediction: 1, explanations: { a: 1, b: 0.5 } }, `2026-11-22T10:0${i}:00Z`));
  await storage.put('old/capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl', lines.join('\n'));
  const m = await h.baseline(monitorOf('MODEL_EXPLAINABILITY', {
    endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('old/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('old/capture') },
    explainability: { headers: ['a', 'b'], numSamples: 10, aggMethod: 'mean_abs', useLogit: false },
  }), 'old/train.csv');
  const { execution, report } = await h.run(m, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  expect(report!.statistics).toMatchObject({ explanations: expect.any(Object) });
  const dir = fileURLToPath(execution.reportUri!);
  await rename(`${dir}/analysis.json`, `${dir}/statistics.json`);
  expect((await h.backend.readReport(m, execution)).statistics).toEqual(report!.statistics);
  await rm(`${dir}/statistics.json`);
  expect((await h.backend.readReport(m, execution)).statistics).toBeNull();
});

test('an unsupported expression is refused and leaves nothing behind', async () => {
  const s = scheduleOf({ expression: 'cron(0/30 * ? * * *)' });
  await expect(h.backend.createSchedule(monitor(), s)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  expect(await db.engineSchedule.count({ where: { ref: `builtin-${s.id}` } })).toBe(0);
});

test('listExecutions pages by 100 with nextToken, and filters by since', async () => {
  const m = monitor();
  const s = scheduleOf();
  const { backendRef } = await h.backend.createSchedule(m, s);
  for (let i = 0; i < 105; i++) await runExecution(h.ctx, backendRef, new Date(Date.UTC(2026, 10, 1, 0) + i * 3_600_000)); // each fails: no capture root data
  const armed = { ...s, backendRef };
  const first = await h.backend.listExecutions(m, armed, {});
  expect(first.executions).toHaveLength(100);
  const second = await h.backend.listExecutions(m, armed, { nextToken: first.nextToken! });
  expect(second.executions).toHaveLength(5);
  expect(second.nextToken).toBeNull();
  const ids = new Set([...first.executions, ...second.executions].map((e) => e.executionId));
  expect(ids.size).toBe(105);
  expect((await h.backend.listExecutions(m, armed, { since: new Date(Date.now() + 60_000) })).executions).toEqual([]);
});

test('dryRun computes the outbound requests and sends none', async () => {
  const m = monitor();
  const s = scheduleOf({ expression: 'cron(0 3 ? * * *)' });
  const dry = h.backend.dryRun();
  const { backendRef } = await dry.backend.createSchedule(m, s);
  await dry.backend.suggestBaseline(m, { baselineId: 'b1', version: 1, datasetUri: 's3://d/x.csv', datasetFormat: { csvHeader: true }, columnNames: null });
  expect(dry.requests().map((r) => `${r.service}.${r.operation}`)).toEqual(['postgres.EngineSchedule.create', 'bullmq.upsertJobScheduler', 'postgres.EngineBaselineJob.create', 'bullmq.add']);
  expect(dry.requests()[1]!.input).toMatchObject({ id: backendRef, repeat: { pattern: '0 3 * * *', tz: 'UTC' } });
  expect(await db.engineSchedule.count({ where: { ref: backendRef } })).toBe(0);
  expect(await h.queue.getScheduler(backendRef)).toBeNull();
});

test('describeBaseline reads the documents back through zod: an invalid edit is reported, not returned', async () => {
  await storage.put('docs/train.csv', 'a,b\n1,x\n2,y\n');
  const m = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('docs/out') });
  const { jobRef } = await h.backend.suggestBaseline(m, { baselineId: 'bl-1', version: 1, datasetUri: storage.uri('docs/train.csv'), datasetFormat: { csvHeader: true }, columnNames: null });
  await h.queue.idle();
  const done = await h.backend.describeBaseline(m, jobRef);
  expect(done).toMatchObject({ status: 'COMPLETED', statistics: { dataset: { item_count: 2 } }, constraints: { features: [{ name: 'a' }, { name: 'b', string_constraints: { domains: ['x', 'y'] } }] } });
  await storage.put('docs/out/baselines/bl-1/constraints.json', '{"features": "oops"}');
  expect(await h.backend.describeBaseline(m, jobRef)).toEqual({
    status: 'FAILED',
    failureReason: expect.stringContaining(`the baseline documents under ${storage.uri('docs/out/baselines/bl-1/')} are not valid: INVALID_RECORD: constraints.json: features:`),
  });
});
