// The engine against SageMaker's own data-quality files for the SDK's pipeline CSV
// (header-less, columns _c0…; the SDK runs it with DatasetFormat.csv(header=False)).
import type { z } from 'zod';
import type { BackendMonitor } from '../../src/backends/types.js';
import type { Db } from '../../src/db/client.js';
import { capture, fileStorage, monitorOf, scheduleOf, type Storage } from '../engine-backend/fixtures.js';
import { harness, type Harness } from '../engine-backend/harness.js';
import { testDb } from '../support/db.js';
import { constraintsFile, statisticsFile, violationsFile } from './data-quality-schemas.js';
import { describeSamples, readSample, readSampleJson } from '../support/samples.js';

const DIR = 'data-quality/';
const issues = (schema: z.ZodType, doc: unknown) => schema.safeParse(doc).error?.issues ?? [];
const RUN = new Date('2026-11-22T11:00:00Z');
const at = (i: number) => `2026-11-22T10:${String(i % 60).padStart(2, '0')}:00Z`;

/** Keys whose numbers must be equal to the bit: counts, bounds, extremes, sums and the sketch's items. */
const EXACT = new Set(['item_count', 'num_present', 'num_missing', 'count', 'lower_bound', 'upper_bound', 'min', 'max', 'sum', 'data', 'c', 'k', 'version']);

/** Same keys everywhere; numbers exact under EXACT keys, else within 1e-9 relative. */
function expectSameReport(actual: unknown, expected: unknown, path = '$', exact = false): void {
  if (typeof expected === 'number') {
    expect([path, typeof actual]).toEqual([path, 'number']);
    const a = actual as number;
    if (exact) expect([path, a]).toEqual([path, expected]);
    else expect([path, Math.abs(a - expected) <= 1e-9 * Math.max(Math.abs(expected), 1e-300)]).toEqual([path, true]);
    return;
  }
  if (Array.isArray(expected)) {
    expect([path, Array.isArray(actual) && actual.length]).toEqual([path, expected.length]);
    expected.forEach((e, i) => expectSameReport((actual as unknown[])[i], e, `${path}[${i}]`, exact));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect([path, Object.keys(actual as object).sort()]).toEqual([path, Object.keys(expected).sort()]);
    for (const [k, v] of Object.entries(expected)) expectSameReport((actual as Record<string, unknown>)[k], v, `${path}.${k}`, exact || EXACT.has(k));
    return;
  }
  expect([path, actual]).toEqual([path, expected]);
}

describeSamples('data quality conformance: the SDK pipeline CSV', () => {
  let db: Db;
  let storage: Storage;
  let h: Harness;
  let monitor: BackendMonitor;
  const outputs = { statistics: [] as unknown[], constraints: [] as unknown[], violations: [] as unknown[] };

  beforeAll(async () => {
    db = testDb();
    storage = await fileStorage();
    h = await harness(db, storage);
    const csv = readSample(`${DIR}sdk-pipeline.baseline_dataset.csv`);
    await storage.put('dq/baseline_dataset.csv', csv);
    // The same rows captured by an endpoint during the hour before the run.
    const rows = csv.split('\n').filter((l) => l.trim() !== '');
    await storage.put('dq/capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl', rows.map((r, i) => capture(`r${i}`, r, '0', at(i))).join('\n') + '\n');
    monitor = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('dq/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('dq/capture') } });
  });
  afterAll(async () => {
    await h.queue.close();
    await storage.close();
    await db.$disconnect();
  });

  test('baseline statistics.json equals SageMaker\'s field by field; suggested constraints equal its constraints.json', async () => {
    const suggested = await h.baseline(monitor, 'dq/baseline_dataset.csv', { csvHeader: false });
    // 100 rows: the KLL sketch holds every item (no compaction), so its items, and the buckets drawn
    // from them, must be exact. On inputs beyond the sketch's capacity (about 2,900 items at k=2048)
    // SageMaker compacts with random coin flips, and distinct counts above 2,048 are estimates:
    // those would differ run to run, even between two SageMaker runs.
    expectSameReport(suggested.baseline!.statistics, await readSampleJson(`${DIR}sdk-pipeline.statistics.json`));
    expectSameReport(suggested.baseline!.constraints, await readSampleJson(`${DIR}sdk-pipeline.constraints.good.json`));
    outputs.statistics.push(suggested.baseline!.statistics);
    outputs.constraints.push(suggested.baseline!.constraints);
  });

  test.each([
    ['good', []],
    ['bad', [{ featureName: '_c5', checkType: 'data_type_check', description: 'Data type match requirement is not met. Expected data type: String, Expected match: 100.0%. Observed: Only 0.0% of data is String.' }]],
  ])('SageMaker\'s baseline with the SDK\'s %s constraints, checked against the same rows', async (kind, expected) => {
    const baseline = { id: `b-${kind}`, version: 1, statistics: await readSampleJson(`${DIR}sdk-pipeline.statistics.json`), constraints: await readSampleJson(`${DIR}sdk-pipeline.constraints.${kind}.json`) };
    const { execution, report } = await h.run({ ...monitor, baseline }, scheduleOf({}, `dq-${kind}`), RUN);
    expect(execution).toMatchObject({ status: expected.length ? 'COMPLETED_WITH_VIOLATIONS' : 'COMPLETED', failureReason: null });
    expect(report!.violations).toEqual(expected);
    const written = JSON.parse((await storage.store.readText(`${execution.reportUri}constraint_violations.json`))!) as unknown;
    outputs.violations.push(written);
    outputs.statistics.push(JSON.parse((await storage.store.readText(`${execution.reportUri}statistics.json`))!));
    // The window's statistics are the baseline's: the same rows.
    expectSameReport(outputs.statistics.at(-1), baseline.statistics);
  });

  test('the strict schemas accept the real files they were written from', async () => {
    for (const f of ['sdk-pipeline.statistics.json', 'sdk-monitor.statistics.json']) expect(issues(statisticsFile, await readSampleJson(DIR + f))).toEqual([]);
    for (const f of ['sdk-pipeline.constraints.good.json', 'sdk-pipeline.constraints.bad.json']) expect(issues(constraintsFile, await readSampleJson(DIR + f))).toEqual([]);
    expect(issues(violationsFile, await readSampleJson(`${DIR}sdk-monitor.constraint_violations.json`))).toEqual([]);
  });

  test('strings, gaps, an all-missing column and four check types: each file written validates', async () => {
    const rows = ['age,plan,note,score'];
    for (let i = 0; i < 200; i++) rows.push(`${20 + (i % 40)},${i % 3 ? 'basic' : 'pro'},,${(i % 17) / 4}`);
    await storage.put('mixed/train.csv', rows.join('\n') + '\n');
    const m = monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('mixed/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('mixed/capture') } });
    const based = await h.baseline(m, 'mixed/train.csv');
    // Live: ages shifted, a new plan, strings among the ages, scores often missing.
    const lines = Array.from({ length: 200 }, (_, i) => capture(`m${i}`, `${i % 10 ? 70 + (i % 30) : 'n/a'},${i % 2 ? 'gold' : 'basic'},,${i % 3 ? '' : '1.5'}`, '0', at(i)));
    await storage.put('mixed/capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl', lines.join('\n') + '\n');
    const { execution, report } = await h.run(based, scheduleOf({}, 'mixed'), RUN);
    expect(new Set(report!.violations.map((v) => v.checkType))).toEqual(new Set(['data_type_check', 'completeness_check', 'baseline_drift_check', 'categorical_values_check']));
    outputs.statistics.push(based.baseline!.statistics, JSON.parse((await storage.store.readText(`${execution.reportUri}statistics.json`))!));
    outputs.constraints.push(based.baseline!.constraints);
    outputs.violations.push(JSON.parse((await storage.store.readText(`${execution.reportUri}constraint_violations.json`))!));
  });

  test('every file written validates against the strict schemas of the real files', () => {
    expect([outputs.statistics.length, outputs.constraints.length, outputs.violations.length]).toEqual([5, 2, 3]);
    for (const s of outputs.statistics) expect(issues(statisticsFile, s)).toEqual([]);
    for (const c of outputs.constraints) expect(issues(constraintsFile, c)).toEqual([]);
    for (const v of outputs.violations) expect(issues(violationsFile, v)).toEqual([]);
  });
});
