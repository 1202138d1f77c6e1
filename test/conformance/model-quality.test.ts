// The engine against SageMaker's own model-quality files. The SDK's pipeline regression CSV
// is run as the SDK's test runs it: inference_attribute="Label", ground_truth_attribute=
// "Prediction" (the column named Prediction is the ground truth). standard_deviation is
// "NaN" below 200 records; above, SageMaker's figure comes from random 80 % samples, so only
// its presence is compared there.
import type { z } from 'zod';
import { checkModelQuality, parseModelQualityConstraints, type ModelQualityStatistics } from '@mmg/engine';
import type { BackendMonitor } from '../../src/backends/types.js';
import type { Db } from '../../src/db/client.js';
import { capture, fileStorage, groundTruth, monitorOf, rng, scheduleOf, type Storage } from '../engine-backend/fixtures.js';
import { harness, type Harness } from '../engine-backend/harness.js';
import { testDb } from '../support/db.js';
import { describeSamples, readSample, readSampleJson } from '../support/samples.js';
import { binaryMetrics, constraintsFile, multiclassMetrics, regressionMetrics, statisticsFile, violationsFile } from './model-quality-schemas.js';

const DIR = 'model-quality/';
const schemaErrors = (schema: z.ZodType, doc: unknown) => schema.safeParse(doc).error?.issues ?? [];
const RUN = new Date('2026-11-22T11:00:00Z');
const at = (i: number) => `2026-11-22T10:${String(i % 60).padStart(2, '0')}:00Z`;
const HOUR10 = 'capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl';
type Doc = Record<string, unknown>;

/** Same keys everywhere; counts exact, other numbers within 1e-9 relative; "NaN" where SageMaker writes it. */
function expectSameReport(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number') {
    expect([path, typeof actual]).toEqual([path, 'number']);
    const a = actual as number;
    if (Number.isInteger(expected) && !path.includes('rates') && !path.endsWith('.value')) expect([path, a]).toEqual([path, expected]);
    else expect([path, Math.abs(a - expected) <= 1e-9 * Math.max(Math.abs(expected), 1e-300)]).toEqual([path, true]);
    return;
  }
  if (Array.isArray(expected)) {
    expect([path, Array.isArray(actual) && actual.length]).toEqual([path, expected.length]);
    expected.forEach((e, i) => expectSameReport((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect([path, Object.keys(actual as object)]).toEqual([path, Object.keys(expected)]);
    for (const [k, v] of Object.entries(expected)) expectSameReport((actual as Doc)[k], v, `${path}.${k}`);
    return;
  }
  expect([path, actual]).toEqual([path, expected]);
}

describeSamples('model quality conformance', () => {
  let db: Db;
  let storage: Storage;
  let h: Harness;
  let monitor: BackendMonitor;
  const outputs = { statistics: [] as unknown[], constraints: [] as unknown[], violations: [] as unknown[] };
  const readReport = async (uri: string, file: string) => JSON.parse((await storage.store.readText(`${uri}${file}`))!) as Doc;

  beforeAll(async () => {
    db = testDb();
    storage = await fileStorage();
    h = await harness(db, storage);
    const csv = readSample(`${DIR}sdk-pipeline.regression.baseline_dataset.csv`);
    await storage.put('reg/baseline_dataset.csv', csv);
    // The same rows predicted by an endpoint during the hour before the run, their ground truth labelled.
    const rows = csv.split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => l.split(','));
    await storage.put(`reg/${HOUR10}`, rows.map((r, i) => capture(`r${i}`, r.slice(0, 7).join(','), { Label: Number(r[7]) }, at(i))).join('\n') + '\n');
    await storage.put('reg/gt/2026/11/22/10/labels.jsonl', rows.map((r, i) => groundTruth(`r${i}`, r[8]!)).join('\n') + '\n');
    monitor = monitorOf('MODEL_QUALITY', {
      endpointInput: { endpointName: 'ep', inferenceAttribute: 'Label' }, problemType: 'Regression', groundTruthS3Uri: storage.uri('reg/gt'),
      outputS3Uri: storage.uri('reg/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('reg/capture') },
    });
  });
  afterAll(async () => {
    await h.queue.close();
    await storage.close();
    await db.$disconnect();
  });

  test('SDK regression CSV: statistics.json equals SageMaker\'s field by field, suggested constraints equal its constraints.json', async () => {
    const based = await h.baseline(monitor, 'reg/baseline_dataset.csv', { csvHeader: true }, { groundTruthAttribute: 'Prediction' });
    expectSameReport(based.baseline!.statistics, readSampleJson(`${DIR}sdk-pipeline.regression.statistics.json`));
    expectSameReport(based.baseline!.constraints, readSampleJson(`${DIR}sdk-pipeline.regression.constraints.good.json`));
    outputs.statistics.push(based.baseline!.statistics);
    outputs.constraints.push(based.baseline!.constraints);
  });

  test('without the ground truth attribute the CSV fails naming the attribute and the columns, not "has no rows"', async () => {
    await expect(h.baseline(monitor, 'reg/baseline_dataset.csv')).rejects.toThrow(
      "baseline dataset has no column for the ground truth (groundTruthAttribute) 'label'; its columns are F1, F2, F3, F4, F5, F6, F7, Label, Prediction",
    );
  });

  const sdkBaseline = (kind: string) => ({ id: `b-${kind}`, version: 1, statistics: readSampleJson(`${DIR}sdk-pipeline.regression.statistics.json`), constraints: readSampleJson(`${DIR}sdk-pipeline.regression.constraints.${kind}.json`) });

  test('SageMaker\'s statistics against its good constraints: no violation (the thresholds are its values to the bit)', () => {
    const b = sdkBaseline('good');
    const constraints = parseModelQualityConstraints(JSON.stringify(b.constraints));
    expect(constraints.ok && checkModelQuality(b.statistics as ModelQualityStatistics, constraints.value).violations).toEqual([]);
  });

  // The schedule's copy of the good constraints keeps the threshold 0.33364933609800973 to the
  // bit (Json written through Prisma stored it one ulp lower, and the equal mse was a violation).
  test('SageMaker\'s baseline with the SDK\'s good constraints, run on the same predictions: no violation', async () => {
    const { execution, report } = await h.run({ ...monitor, baseline: sdkBaseline('good') }, scheduleOf({}, 'mq-good'), RUN);
    expect(report!.violations).toEqual([]);
    expect(execution).toMatchObject({ status: 'COMPLETED', failureReason: null });
  });

  test('SageMaker\'s baseline with the SDK\'s bad constraints, run on the same predictions: the mse violation its test expects', async () => {
    const baseline = sdkBaseline('bad');
    const { execution, report } = await h.run({ ...monitor, baseline }, scheduleOf({}, 'mq-bad'), RUN);
    expect(execution).toMatchObject({ status: 'COMPLETED_WITH_VIOLATIONS', failureReason: null });
    expect(report!.violations).toEqual([{ featureName: 'mse', metricName: 'mse', checkType: 'GreaterThanThreshold', description: "Metric mse with 0.333649 +/- NaN was GreaterThanThreshold '0.03364933609800973'" }]);
    outputs.violations.push(await readReport(execution.reportUri!, 'constraint_violations.json'));
    outputs.statistics.push(await readReport(execution.reportUri!, 'statistics.json'));
    // The window's statistics are the baseline's: the same predictions and ground truth.
    expectSameReport(outputs.statistics.at(-1), baseline.statistics);
  });

  test('the Developer Guide\'s binary example: its confusion matrix gives its metrics and best constant classifier', async () => {
    // confusion_matrix {actual: {predicted: n}} = {0: {0: 1, 1: 2}, 1: {0: 0, 1: 1}}. The example's curves and
    // auc are those of 4 positives at distinct scores and no negative (they do not fit its confusion matrix),
    // so they are checked on those records.
    const doc = readSampleJson<{ binary_classification_metrics: Doc }>(`${DIR}docs.binary_classification_metrics.json`).binary_classification_metrics;
    const rows = ['label,prediction', '0,0', '0,1', '0,1', '1,1'];
    await storage.put('bin-doc/train.csv', rows.join('\n') + '\n');
    const m = monitorOf('MODEL_QUALITY', { endpointInput: { endpointName: 'ep' }, problemType: 'BinaryClassification', groundTruthS3Uri: storage.uri('gt'), outputS3Uri: storage.uri('bin-doc/out') });
    const stats = (await h.baseline(m, 'bin-doc/train.csv')).baseline!.statistics as { binary_classification_metrics: Doc };
    const { receiver_operating_characteristic_curve: roc, precision_recall_curve: pr, auc, ...fromMatrix } = doc;
    expectSameReport(stats.binary_classification_metrics, fromMatrix);
    await storage.put('bin-doc/scores.csv', ['label,probability', '1,0.9', '1,0.8', '1,0.7', '1,0.6'].join('\n') + '\n');
    const scored = (await h.baseline(m, 'bin-doc/scores.csv')).baseline!.statistics as { binary_classification_metrics: Doc };
    expectSameReport(scored.binary_classification_metrics['receiver_operating_characteristic_curve'], roc);
    expectSameReport(scored.binary_classification_metrics['precision_recall_curve'], pr);
    outputs.statistics.push(stats);
  });

  test('the Developer Guide\'s multiclass example: its confusion matrix gives its values; standard deviations are numbers (2,096 records)', async () => {
    const doc = readSampleJson<{ multiclass_classification_metrics: Record<string, unknown> }>(`${DIR}docs.multiclass_classification_metrics.json`).multiclass_classification_metrics;
    const matrix = doc['confusion_matrix'] as Record<string, Record<string, number>>;
    const rows = ['label,prediction'];
    for (const [actual, row] of Object.entries(matrix)) for (const [predicted, n] of Object.entries(row)) for (let i = 0; i < n; i++) rows.push(`${actual},${predicted}`);
    const shuffle = rng(5);
    const body = rows.slice(1).map((r) => [shuffle(), r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    await storage.put('multi-doc/train.csv', [rows[0], ...body].join('\n') + '\n');
    const m = monitorOf('MODEL_QUALITY', { endpointInput: { endpointName: 'ep' }, problemType: 'MulticlassClassification', groundTruthS3Uri: storage.uri('gt'), outputS3Uri: storage.uri('multi-doc/out') });
    const based = await h.baseline(m, 'multi-doc/train.csv');
    const stats = (based.baseline!.statistics as { multiclass_classification_metrics: Record<string, { value: number; standard_deviation: unknown }> }).multiclass_classification_metrics;
    // SageMaker's standard deviations come from its random samples: compare values and the keys' order.
    const withoutSpread = (t: Record<string, unknown>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, k === 'confusion_matrix' ? v : (v as { value: number }).value]));
    expectSameReport(withoutSpread(stats), withoutSpread(doc));
    for (const [k, v] of Object.entries(stats)) if (k !== 'confusion_matrix') expect([k, typeof v.standard_deviation]).toEqual([k, 'number']);
    outputs.statistics.push(based.baseline!.statistics);
    outputs.constraints.push(based.baseline!.constraints);
  });

  test('binary with probabilities, 300 records, against its own baseline: every file validates', async () => {
    const r = rng(9);
    const rows = ['y,score'];
    for (let i = 0; i < 300; i++) {
      const y = r() < 0.3 ? 1 : 0;
      rows.push(`${y},${Math.min(1, Math.max(0, 0.3 + 0.4 * y + (r() - 0.5) * 0.8)).toFixed(3)}`);
    }
    await storage.put('bin/train.csv', rows.join('\n') + '\n');
    const caps = rows.slice(1).map((row, i) => capture(`b${i}`, '1,2', String(1 - Number(row.split(',')[1])), at(i)));
    await storage.put(`bin/${HOUR10}`, caps.join('\n') + '\n');
    await storage.put('bin/gt/2026/11/22/10/labels.jsonl', rows.slice(1).map((row, i) => groundTruth(`b${i}`, row.split(',')[0]!)).join('\n') + '\n');
    const m = monitorOf('MODEL_QUALITY', {
      endpointInput: { endpointName: 'ep', probabilityAttribute: 'score', probabilityThresholdAttribute: 0.5 }, problemType: 'BinaryClassification',
      groundTruthS3Uri: storage.uri('bin/gt'), outputS3Uri: storage.uri('bin/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('bin/capture') },
    });
    const based = await h.baseline(m, 'bin/train.csv', { csvHeader: true }, { groundTruthAttribute: 'y' });
    // Live: the captured CSV output is the probability in column 0, flipped: the model got worse.
    const live = { ...based, config: { ...based.config, endpointInput: { endpointName: 'ep', probabilityAttribute: '0', probabilityThresholdAttribute: 0.5 } } };
    const { execution, report } = await h.run(live, scheduleOf({}, 'bin'), RUN);
    expect(report!.violations.map((v) => v.featureName)).toContain('auc');
    outputs.statistics.push(based.baseline!.statistics, await readReport(execution.reportUri!, 'statistics.json'));
    outputs.constraints.push(based.baseline!.constraints);
    outputs.violations.push(await readReport(execution.reportUri!, 'constraint_violations.json'));
  });

  test('the strict schemas accept the real files they were written from', () => {
    for (const k of ['good', 'bad']) expect(schemaErrors(constraintsFile, readSampleJson(`${DIR}sdk-pipeline.regression.constraints.${k}.json`))).toEqual([]);
    expect(schemaErrors(statisticsFile, readSampleJson(`${DIR}sdk-pipeline.regression.statistics.json`))).toEqual([]);
    expect(schemaErrors(regressionMetrics, readSampleJson<Doc>(`${DIR}docs.regression_metrics.json`)['regression_metrics'])).toEqual([]);
    expect(schemaErrors(binaryMetrics, readSampleJson<Doc>(`${DIR}docs.binary_classification_metrics.json`)['binary_classification_metrics'])).toEqual([]);
    expect(schemaErrors(binaryMetrics, readSampleJson<Doc>(`${DIR}examples-model-card.binary_classification.statistics.json`)['binary_classification_metrics'])).toEqual([]);
    expect(schemaErrors(multiclassMetrics, readSampleJson<Doc>(`${DIR}docs.multiclass_classification_metrics.json`)['multiclass_classification_metrics'])).toEqual([]);
  });

  test('every model-quality file the engine wrote validates against the strict schemas', () => {
    expect([outputs.statistics.length, outputs.constraints.length, outputs.violations.length]).toEqual([6, 3, 2]);
    for (const s of outputs.statistics) expect(schemaErrors(statisticsFile, s)).toEqual([]);
    for (const c of outputs.constraints) expect(schemaErrors(constraintsFile, c)).toEqual([]);
    for (const v of outputs.violations) expect(schemaErrors(violationsFile, v)).toEqual([]);
  });
});
