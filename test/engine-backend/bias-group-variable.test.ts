// A MODEL_BIAS monitor's group variable (Clarify's group_variable) on the built-in engine:
// CDDL and CDDPL are computed over its groups in the baseline and the runs, and the
// baseline's analysis_config.json names it, as the analysis config Clarify is given does.
import type { Db } from '../../src/db/client.js';
import { testDb } from '../support/db.js';
import { capture, fileStorage, groundTruth, monitorOf, rng, scheduleOf, type Storage } from './fixtures.js';
import { harness, type Harness } from './harness.js';

const HOUR10 = 'capture/ep/AllTraffic/2026/11/22/10/part-0.jsonl';
const at = (min: number) => `2026-11-22T10:${String(min % 60).padStart(2, '0')}:00Z`;
const RUN = new Date('2026-11-22T11:00:00Z');

type Metric = { name: string; value: number | null; error?: string };
type Section = { facets: Record<string, Array<{ metrics: Metric[] }>> };
type Analysis = { pre_training_bias_metrics?: Section; post_training_bias_metrics: Section };
const metric = (a: unknown, s: keyof Analysis, name: string): Metric | undefined => (a as Analysis)[s]!.facets['sex']![0]!.metrics.find((m) => m.name === name);

let db: Db;
let storage: Storage;
let h: Harness;
beforeAll(async () => {
  db = testDb();
  storage = await fileStorage();
  h = await harness(db, storage);
  const r = rng(11);
  const rows = ['sex,region,label,prediction'];
  for (let i = 0; i < 400; i++) {
    const y = r() < 0.5 ? 1 : 0;
    rows.push(`${r() < 0.4 ? 'F' : 'M'},${['north', 'south', 'east'][i % 3]},${y},${r() < 0.8 ? y : 1 - y}`);
  }
  await storage.put('grouped/train.csv', rows.join('\n'));
  const caps: string[] = [];
  const gts: string[] = [];
  for (let i = 0; i < 120; i++) {
    const f = r() < 0.4;
    caps.push(capture(`g${i}`, `${f ? 'F' : 'M'},${['north', 'south', 'east'][i % 3]}`, f ? '0' : '1', at(i)));
    gts.push(groundTruth(`g${i}`, r() < 0.5 ? '1' : '0'));
  }
  await storage.put(`grouped/${HOUR10}`, caps.join('\n'));
  await storage.put('grouped/gt/2026/11/22/10/labels.jsonl', gts.join('\n'));
});
afterAll(async () => {
  await h.queue.close();
  await storage.close();
  await db.$disconnect();
});

const monitorWith = (bias: Record<string, unknown>) => monitorOf('MODEL_BIAS', {
  endpointInput: { endpointName: 'ep' }, groundTruthS3Uri: storage.uri('grouped/gt'), outputS3Uri: storage.uri(`grouped/out-${String(bias.groupVariable)}`),
  bias: { facetName: 'sex', facetValuesOrThreshold: ['F'], labelValuesOrThreshold: ['1'], ...bias }, environment: { DATA_CAPTURE_S3_URI: storage.uri('grouped/capture') },
});

test('with a group variable: CDDL and CDDPL are values in the baseline and the run, and analysis_config.json names it', async () => {
  const monitor = await h.baseline(monitorWith({ groupVariable: 'region' }), 'grouped/train.csv');
  expect(metric(monitor.baseline!.constraints, 'pre_training_bias_metrics', 'CDDL')).toEqual({ name: 'CDDL', description: 'Conditional Demographic Disparity in Labels (CDDL)', value: expect.any(Number) });
  expect(metric(monitor.baseline!.constraints, 'post_training_bias_metrics', 'CDDPL')).toEqual({ name: 'CDDPL', description: 'Conditional Demographic Disparity in Predicted Labels (CDDPL)', value: expect.any(Number) });
  const job = await h.ctx.db.engineBaselineJob.findFirstOrThrow({ where: { monitorId: monitor.id } });
  expect(JSON.parse((await storage.store.readText(`${job.outputUri}analysis_config.json`))!)).toMatchObject({ headers: ['sex', 'region', 'label', 'prediction'], group_variable: 'region' });
  const { execution, report } = await h.run(monitor, scheduleOf(), RUN);
  expect(execution.failureReason).toBeNull();
  expect(metric(report!.statistics, 'post_training_bias_metrics', 'CDDPL')).toEqual({ name: 'CDDPL', description: expect.any(String), value: expect.any(Number) });
});

test('without one: both are Clarify\'s error, and analysis_config.json has no group_variable', async () => {
  const monitor = await h.baseline(monitorWith({}), 'grouped/train.csv');
  const error = 'Group variable is empty or not provided';
  expect(metric(monitor.baseline!.constraints, 'pre_training_bias_metrics', 'CDDL')).toMatchObject({ value: null, error });
  expect(metric(monitor.baseline!.constraints, 'post_training_bias_metrics', 'CDDPL')).toMatchObject({ value: null, error });
  const job = await h.ctx.db.engineBaselineJob.findFirstOrThrow({ where: { monitorId: monitor.id } });
  expect(JSON.parse((await storage.store.readText(`${job.outputUri}analysis_config.json`))!)).not.toHaveProperty('group_variable');
});

test('a group variable the dataset does not have fails the baseline, naming it', async () => {
  await expect(h.baseline(monitorWith({ groupVariable: 'county' }), 'grouped/train.csv')).rejects.toThrow(/no group variable column "county"/);
});
