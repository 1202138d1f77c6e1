// Window selection over hour-partitioned captures (offsets, ONE_TIME) and bad
// inputs: each ends as a FAILED execution with a reason a person can act on.
import type { Db } from '../../src/db/client.js';
import { runExecution } from '../../src/engine/backend/runs.js';
import { testDb } from '../support/db.js';
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

/** Captures at minutes 15 and 45 of hours 07..11, each row naming its hour. */
async function hourlyCaptures(dir: string) {
  for (const hour of [7, 8, 9, 10, 11]) {
    const hh = String(hour).padStart(2, '0');
    const lines = [15, 45].map((m) => capture(`${dir}${hh}${m}`, `${hour},${m}`, '1', `2026-11-22T${hh}:${m}:00Z`));
    await storage.put(`${dir}/ep/AllTraffic/2026/11/22/${hh}/f.jsonl`, lines.join('\n'));
  }
}

async function baselined(dir: string, extra: object = {}) {
  await storage.put(`${dir}/train.csv`, 'hour,minute\n1,15\n2,45\n');
  return h.baseline(monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep', ...extra }, outputS3Uri: storage.uri(`${dir}/out`), environment: { DATA_CAPTURE_S3_URI: storage.uri(dir) } }), `${dir}/train.csv`);
}

const hoursOf = (stats: unknown): number[] => {
  const f = (stats as { features: Array<{ name: string; numerical_statistics: { min: number; max: number } }> }).features[0]!;
  return [f.numerical_statistics.min, f.numerical_statistics.max];
};

test('offsets: a run at 11:00 with -PT3H/-PT1H reads hours 08 and 09 only', async () => {
  await hourlyCaptures('w1');
  const monitor = await baselined('w1', { startTimeOffset: '-PT3H', endTimeOffset: '-PT1H' });
  const { execution, report } = await h.run(monitor, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  expect(execution.status).toBe('COMPLETED');
  expect((report!.statistics as { dataset: { item_count: number } }).dataset.item_count).toBe(4);
  expect(hoursOf(report!.statistics)).toEqual([8, 9]);
  const row = await db.engineExecution.findUniqueOrThrow({ where: { id: execution.executionId } });
  expect([row.windowStart, row.windowEnd]).toEqual([new Date('2026-11-22T08:00:00Z'), new Date('2026-11-22T10:00:00Z')]);
});

test('ONE_TIME: -PT2H/-PT1H at 11:30 reads 09:30–10:30, across two partitions', async () => {
  await hourlyCaptures('w2');
  const monitor = await baselined('w2');
  const { execution, report } = await h.run(monitor, scheduleOf({ expression: 'NOW', dataAnalysisStartTime: '-PT2H', dataAnalysisEndTime: '-PT1H' }));
  expect(execution.status).toBe('COMPLETED');
  expect(execution.scheduledTime).toEqual(new Date('2026-11-22T11:30:00Z'));
  expect((report!.statistics as { dataset: { item_count: number } }).dataset.item_count).toBe(2); // 09:45 and 10:15
  expect(hoursOf(report!.statistics)).toEqual([9, 10]);
});

test('re-running the same scheduled time is idempotent (one execution row)', async () => {
  await hourlyCaptures('w3');
  const monitor = await baselined('w3');
  const schedule = scheduleOf();
  const first = await h.run(monitor, schedule, new Date('2026-11-22T11:00:00Z'));
  await runExecution(h.ctx, `builtin-${schedule.id}`, new Date('2026-11-22T11:00:00Z'));
  const rows = await db.engineExecution.findMany({ where: { scheduleRef: `builtin-${schedule.id}` } });
  expect(rows.map((r) => r.id)).toEqual([first.execution.executionId]);
});

test('empty window: the reason names the window and the location', async () => {
  const monitor = await baselined('empty');
  const { execution } = await h.run(monitor, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  expect(execution.status).toBe('FAILED');
  expect(execution.failureReason).toBe(`no captured data in window 2026-11-22T10:00Z–11:00Z under ${storage.uri('empty/ep/AllTraffic')}/ (no objects in its hour partitions yyyy/mm/dd/hh/)`);
});

test('malformed lines: FAILED with file, line and kind; no crash', async () => {
  const monitor = await baselined('bad1');
  const good = capture('g1', '1,15', '1', '2026-11-22T10:10:00Z');
  await storage.put('bad1/ep/AllTraffic/2026/11/22/10/f.jsonl', [good, '{"captureData": {', 'not json at all', '{"captureData":{},"eventMetadata":{}}'].join('\n'));
  const { execution } = await h.run(monitor, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  expect(execution.status).toBe('FAILED');
  expect(execution.failureReason).toContain('3 of 4 capture records could not be read');
  expect(execution.failureReason).toContain('f.jsonl line 2: MALFORMED_JSON');
  expect(execution.failureReason).toContain('line 4: INVALID_RECORD');
  expect(execution.failureReason).toContain('window 2026-11-22T10:00Z–11:00Z');
});

test('wrong column counts against the baseline: FAILED with expected and actual counts', async () => {
  const monitor = await baselined('bad2');
  const lines = [capture('c1', '1,15', '1', '2026-11-22T10:10:00Z'), capture('c2', '1,15,9', '1', '2026-11-22T10:11:00Z'), capture('c3', '7', '1', '2026-11-22T10:12:00Z')];
  await storage.put('bad2/ep/AllTraffic/2026/11/22/10/f.jsonl', lines.join('\n'));
  const { execution } = await h.run(monitor, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  expect(execution.status).toBe('FAILED');
  expect(execution.failureReason).toContain('line 2: WRONG_COLUMN_COUNT: expected 2 columns, got 3');
  expect(execution.failureReason).toContain('line 3: WRONG_COLUMN_COUNT: expected 2 columns, got 1');
});

test('baseline failures: missing dataset, ragged CSV, Parquet', async () => {
  const m = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('bl/out') });
  const state = async (rel: string, format: object) => {
    const { jobRef } = await h.backend.suggestBaseline(m, { baselineId: rel, version: 1, datasetUri: storage.uri(rel), datasetFormat: format, columnNames: null });
    await h.queue.idle();
    return h.backend.describeBaseline(m, jobRef);
  };
  expect(await state('bl/missing.csv', { csvHeader: true })).toEqual({ status: 'FAILED', failureReason: `baseline dataset not found: ${storage.uri('bl/missing.csv')}` });
  await storage.put('bl/ragged.csv', 'a,b\n1,2\n3\n4,5,6\n');
  const ragged = await state('bl/ragged.csv', { csvHeader: true });
  expect(ragged).toMatchObject({ status: 'FAILED', failureReason: expect.stringContaining('line 3: WRONG_COLUMN_COUNT: expected 2 columns, got 1') });
  expect(await state('bl/x.parquet', { parquet: true })).toMatchObject({ status: 'FAILED', failureReason: expect.stringContaining('Parquet') });
});

test('a run without a baseline (model quality) fails with what to do', async () => {
  const m = monitorOf('MODEL_QUALITY', { endpointInput: { endpointName: 'ep' }, problemType: 'Regression', groundTruthS3Uri: storage.uri('gt'), outputS3Uri: storage.uri('nb/out') });
  const { execution } = await h.run(m, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
  expect(execution.failureReason).toMatch(/has no baseline constraints: request a baseline/);
});
