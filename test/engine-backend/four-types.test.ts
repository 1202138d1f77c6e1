// Baseline → execution → violations for the four monitor types, end to end
// through the backend, on file:// and on the local S3 server.
import type { Db } from '../../src/db/client.js';
import { testDb } from '../support/db.js';
import { haveSamples, readSampleJson } from '../support/samples.js';
import { capture, fileStorage, groundTruth, monitorOf, putBiasData, rng, s3Storage, scheduleOf, type Storage } from './fixtures.js';
import { harness, type Harness } from './harness.js';

const HOUR10 = 'capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl';
const at = (min: number) => `2026-11-22T10:${String(min % 60).padStart(2, '0')}:00Z`;
const RUN = new Date('2026-11-22T11:00:00Z');

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(async () => {
  await db.$disconnect();
});

describe.each([
  ['file://', fileStorage],
  ['s3:// (local S3 server)', s3Storage],
])('four monitor types on %s', (_name, makeStorage: () => Promise<Storage>) => {
  let storage: Storage;
  let h: Harness;
  beforeAll(async () => {
    storage = await makeStorage();
    h = await harness(db, storage);
  });
  afterAll(async () => {
    await h.queue.close();
    await storage.close();
  });

  test('DATA_QUALITY: drifted numbers and unknown categories are violations; reports in SageMaker layout', async () => {
    const r = rng(1);
    const rows = ['age,score,plan'];
    for (let i = 0; i < 400; i++) rows.push(`${20 + Math.floor(r() * 40)},${(r() * 10).toFixed(3)},${r() < 0.5 ? 'basic' : 'pro'}`);
    await storage.put('dq/train.csv', rows.join('\n') + '\n');
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) lines.push(capture(`dq${i}`, `${60 + Math.floor(r() * 40)},${(50 + r() * 10).toFixed(3)},${r() < 0.5 ? 'basic' : 'gold'}`, '0.5', at(i)));
    await storage.put(`dq/${HOUR10}`, lines.join('\n') + '\n');
    const monitor = await h.baseline(monitorOf('DATA_QUALITY', { endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('dq/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('dq/capture') } }), 'dq/train.csv');
    expect((monitor.baseline!.constraints as { features: Array<{ name: string }> }).features.map((f) => f.name)).toEqual(['age', 'score', 'plan']);

    const schedule = scheduleOf({}, 'dq-hourly');
    const { execution, report } = await h.run(monitor, schedule, RUN);
    expect(execution).toMatchObject({ status: 'COMPLETED_WITH_VIOLATIONS', failureReason: null, reportUri: storage.uri('dq/out/ep/dq-hourly/2026/11/22/11/') });
    const checks = report!.violations.map((v) => `${v.featureName}:${v.checkType}`);
    expect(checks).toEqual(expect.arrayContaining(['age:baseline_drift_check', 'score:baseline_drift_check', 'plan:categorical_values_check']));
    expect((report!.statistics as { dataset: { item_count: number } }).dataset.item_count).toBe(300);
    const written = JSON.parse((await storage.store.readText(`${execution.reportUri}constraint_violations.json`))!);
    expect(written.violations.length).toBe(report!.violations.length);
  });

  test('MODEL_QUALITY: predictions joined with ground truth on inferenceId; accuracy below the baseline', async () => {
    const r = rng(2);
    const rows = ['label,prediction'];
    for (let i = 0; i < 500; i++) {
      const y = r() < 0.5 ? 1 : 0;
      rows.push(`${y},${r() < 0.95 ? y : 1 - y}`);
    }
    await storage.put('mq/train.csv', rows.join('\n'));
    const caps: string[] = [];
    const gts: string[] = [];
    for (let i = 0; i < 200; i++) {
      const y = r() < 0.5 ? 1 : 0;
      caps.push(capture(`mq${i}`, '1,2,3', String(r() < 0.5 ? y : 1 - y), at(i)));
      gts.push(groundTruth(`mq${i}`, String(y)));
    }
    await storage.put(`mq/${HOUR10}`, caps.join('\n'));
    await storage.put('mq/gt/2026/11/22/10/labels.jsonl', gts.slice(0, 120).join('\n'));
    await storage.put('mq/gt/2026/11/22/11/labels.jsonl', gts.slice(120).join('\n')); // late labels
    const monitor = await h.baseline(monitorOf('MODEL_QUALITY', {
      endpointInput: { endpointName: 'ep' }, problemType: 'BinaryClassification', groundTruthS3Uri: storage.uri('mq/gt'),
      outputS3Uri: storage.uri('mq/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('mq/capture') },
    }), 'mq/train.csv');
    const { execution, report } = await h.run(monitor, scheduleOf(), new Date('2026-11-22T11:00:00Z'));
    expect(execution.status).toBe('COMPLETED_WITH_VIOLATIONS');
    expect(report!.violations.map((v) => v.featureName)).toContain('accuracy');
    expect(report!.violations.find((v) => v.featureName === 'accuracy')!.checkType).toBe('LessThanThreshold');
    expect((report!.statistics as { dataset: { item_count: number } }).dataset.item_count).toBe(120); // labels of hour 11 arrive after the run at 11:00
  });

  test('MODEL_BIAS: the facet group stops getting positive predictions', async () => {
    await putBiasData(storage, 3);
    const monitor = await h.baseline(monitorOf('MODEL_BIAS', {
      endpointInput: { endpointName: 'ep' }, groundTruthS3Uri: storage.uri('bias/gt'), outputS3Uri: storage.uri('bias/out'),
      bias: { facetName: 'sex', facetValuesOrThreshold: ['F'], labelValuesOrThreshold: ['1'] }, environment: { DATA_CAPTURE_S3_URI: storage.uri('bias/capture') },
    }), 'bias/train.csv');
    // As Clarify's: analysis.json is the statistics and the constraints; the dataset's columns are the
    // analysis config's headers, which name the header-less captured CSV below.
    expect(monitor.baseline!.constraints).toEqual(monitor.baseline!.statistics);
    // FT from the dataset's feature columns (age; not the facet, label or prediction), as Clarify computes it.
    type Analysis = { post_training_bias_metrics: { facets: Record<string, Array<{ metrics: Array<{ name: string; value: number | null }> }>> } };
    const ft = (monitor.baseline!.constraints as Analysis).post_training_bias_metrics.facets['sex']![0]!.metrics.find((m) => m.name === 'FT');
    expect(ft).toEqual({ name: 'FT', description: 'Flip Test (FT)', value: expect.any(Number) });
    const job = await h.ctx.db.engineBaselineJob.findFirstOrThrow({ where: { monitorId: monitor.id } });
    expect(await storage.store.readText(`${job.outputUri}constraints.json`)).toBeNull();
    expect(JSON.parse((await storage.store.readText(`${job.outputUri}analysis_config.json`))!)).toMatchObject({
      headers: ['sex', 'age', 'label', 'prediction'], label: 'label', label_values_or_threshold: ['1'], facet: [{ name_or_index: 'sex', value_or_threshold: ['F'] }],
    });
    const { execution, report } = await h.run(monitor, scheduleOf(), RUN);
    expect(execution.status).toBe('COMPLETED_WITH_VIOLATIONS');
    // Named as SageMaker's reader names a real bias violation (src/backends/violations.ts): the facet, its value and the metric apart.
    expect(report!.violations).toEqual(expect.arrayContaining([expect.objectContaining({ featureName: 'sex', facet: 'sex', facetValue: 'F', metricName: 'DPPL' })]));
    expect(report!.violations.every((v) => v.checkType === 'bias_drift_check')).toBe(true);
  });

  (haveSamples ? test : test.skip)('MODEL_BIAS: a real Clarify analysis.json is a baseline; the monitor\'s headers name the captured CSV', async () => {
    const analysis = readSampleJson('bias-drift/examples-bias-monitor-endpoint-json.baseline.analysis.json');
    const r = rng(5);
    const caps: string[] = [];
    const gts: string[] = [];
    for (let i = 0; i < 200; i++) {
      const sex = r() < 0.4 ? 0 : 1;
      caps.push(capture(`c${i}`, `${30 + Math.floor(r() * 30)},${sex}`, sex === 0 ? '0' : '1', at(i)));
      gts.push(groundTruth(`c${i}`, r() < 0.5 ? '1' : '0'));
    }
    await storage.put(`clarify/${HOUR10}`, caps.join('\n'));
    await storage.put('clarify/gt/2026/11/22/10/labels.jsonl', gts.join('\n'));
    const monitor = {
      ...monitorOf('MODEL_BIAS', {
        endpointInput: { endpointName: 'ep' }, groundTruthS3Uri: storage.uri('clarify/gt'), outputS3Uri: storage.uri('clarify/out'),
        bias: { facetName: 'Sex', facetValuesOrThreshold: ['0'], labelName: 'Target', labelValuesOrThreshold: ['1'], headers: ['Age', 'Sex', 'Target'] },
        environment: { DATA_CAPTURE_S3_URI: storage.uri('clarify/capture') },
      }),
      baseline: { id: 'clarify-baseline', version: 1, statistics: analysis, constraints: analysis },
    };
    const { execution, report } = await h.run(monitor, scheduleOf(), RUN);
    expect(execution).toMatchObject({ status: 'COMPLETED_WITH_VIOLATIONS', failureReason: null });
    // The facet group gets no positive prediction: DPPL is further from 0 than in Clarify's baseline.
    expect(report!.violations).toEqual(expect.arrayContaining([expect.objectContaining({ facet: 'Sex', facetValue: '0', metricName: 'DPPL' })]));
  });

  test('MODEL_EXPLAINABILITY: the live attribution ranking is reversed (NDCG below 0.9)', async () => {
    const r = rng(4);
    const rows = ['a,b,c'];
    for (let i = 0; i < 200; i++) rows.push(`${(2 + r()).toFixed(3)},${(0.5 + r() * 0.1).toFixed(3)},${(0.01 * r()).toFixed(4)}`);
    await storage.put('ex/train.csv', rows.join('\n'));
    const caps: string[] = [];
    for (let i = 0; i < 100; i++) caps.push(capture(`x${i}`, '1,2,3', { prediction: 1, explanations: { a: 0.01 * r(), b: 0.5, c: 2 + r() } }, at(i)));
    await storage.put(`ex/${HOUR10}`, caps.join('\n'));
    const monitor = await h.baseline(monitorOf('MODEL_EXPLAINABILITY', {
      endpointInput: { endpointName: 'ep' }, outputS3Uri: storage.uri('ex/out'), environment: { DATA_CAPTURE_S3_URI: storage.uri('ex/capture') },
      explainability: { headers: ['a', 'b', 'c'], numSamples: 100, aggMethod: 'mean_abs', useLogit: false },
    }), 'ex/train.csv');
    const { execution, report } = await h.run(monitor, scheduleOf(), RUN);
    expect(execution.status).toBe('COMPLETED_WITH_VIOLATIONS');
    expect(report!.violations).toEqual([expect.objectContaining({ featureName: 'label0', label: 'label0', metricName: 'shap', checkType: 'feature_attribution_drift_check' })]);
  });
});
