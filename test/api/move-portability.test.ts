// Portability: a SAGEMAKER monitor whose baseline is a real SageMaker or Clarify file moves to
// BUILTIN with that baseline, and the engine's next run is checked against it.
import { randomBytes } from 'node:crypto';
import type { Execution, Violation } from '../../src/generated/prisma/client.js';
import { capture, groundTruth, rng } from '../engine-backend/fixtures.js';
import type { TeamFixture } from '../support/seed.js';
import { describeSamples, readSample, readSampleJson } from '../support/samples.js';
import { startTwoBackends, type TwoBackends } from './move-support.js';

let t: TwoBackends;
beforeAll(async () => {
  t = await startTwoBackends();
});
afterAll(async () => {
  await t.stop();
});

const RUN = new Date('2026-11-22T11:00:00Z');
const HOUR10 = '2026/11/22/10';
const at = (i: number) => `2026-11-22T10:${String(i % 60).padStart(2, '0')}:00Z`;
const MOVE = 'mutation($id: ID!) { moveMonitor(id: $id, backend: BUILTIN) { backend activeBaseline { version } } }';

interface Placed {
  team: TeamFixture;
  monitor: { id: string; name: string };
  /** Where this monitor's captures and ground truth go (buckets capture and gt). */
  prefix: string;
}

/** A SAGEMAKER monitor whose baseline job wrote `outputs`, with an hourly schedule, moved to BUILTIN. */
async function movedMonitor(type: string, outputs: Record<string, unknown>, overrides: (prefix: string) => Record<string, unknown> = () => ({})): Promise<Placed & { scheduleId: string }> {
  const team = await t.team();
  const prefix = `p-${randomBytes(4).toString('hex')}`;
  const monitor = await team.createMonitor(type as never, {
    outputS3Uri: `s3://reports/${prefix}`,
    environment: [{ name: 'DATA_CAPTURE_S3_URI', value: `s3://capture/${prefix}` }],
    ...overrides(prefix),
  });
  const labels = type === 'MODEL_QUALITY' ? { groundTruthAttribute: 'churned', inferenceAttribute: 'prediction' } : {};
  await t.baseline(team, monitor.id, outputs, labels);
  const schedule = await team.createSchedule(monitor.id, { kind: 'HOURLY' }, `${monitor.name}-hourly`);
  const moved = (await team.call(MOVE, { id: monitor.id }))['moveMonitor'];
  expect(moved).toEqual({ backend: 'BUILTIN', activeBaseline: { version: 1 } });
  return { team, monitor, prefix, scheduleId: schedule.id };
}

/** Captures of hour 10 in place, the engine's 11:00 run, synced into the gateway. */
async function runOnEngine(p: Placed & { scheduleId: string }, captures: string[], labels: string[] = []): Promise<{ execution: Execution; violations: Violation[] }> {
  t.server.s3.put('capture', `${p.prefix}/churn-ep/AllTraffic/${HOUR10}/part-0.jsonl`, captures.join('\n') + '\n');
  if (labels.length > 0) t.server.s3.put('gt', `${p.prefix}/${HOUR10}/labels.jsonl`, labels.join('\n') + '\n');
  t.queue.fire(`builtin-${p.scheduleId}`, RUN);
  await t.queue.idle();
  expect(t.queue.failures).toEqual([]);
  const { written } = await t.gateway.services.executions.syncSchedule(p.team.id, p.scheduleId);
  const execution = written.at(-1)!;
  expect({ status: execution.status, failureReason: execution.failureReason }).toEqual({ status: 'COMPLETED_WITH_VIOLATIONS', failureReason: null });
  return { execution, violations: await t.db.violation.findMany({ where: { executionId: execution.id } }) };
}

const featuresOf = (vs: Violation[]) => [...new Set(vs.map((v) => v.featureName))];

/** statistics.json of the intro notebook (converted): the numbers of its printed table, without the sketches the table cuts. */
function introNotebookStatistics() {
  const text = readSample('data-quality/examples-intro-notebook.statistics-table.txt');
  const first = [...text.matchAll(/^(\d)\s+(.+?)\s+(Integral|Fractional)\s+(\d+)\s*$/gm)];
  const pairs = new Map<string, Array<[number, number]>>();
  for (const m of text.matchAll(/^(\d)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*$/gm)) pairs.set(m[1]!, [...(pairs.get(m[1]!) ?? []), [Number(m[2]), Number(m[3])]]);
  const features = first.map((m) => {
    const [[missing, mean], [sum, std], [min, max]] = pairs.get(m[1]!) as [[number, number], [number, number], [number, number]];
    return { name: m[2]!, inferred_type: m[3]!, numerical_statistics: { common: { num_present: Number(m[4]), num_missing: missing }, mean, sum, std_dev: std, min, max } };
  });
  return { version: 0, dataset: { item_count: features[0]!.numerical_statistics.common.num_present }, features };
}

/** constraints.json of the intro notebook (converted from its table), with the SDK pipeline's monitoring_config. */
function introNotebookConstraints() {
  const text = readSample('data-quality/examples-intro-notebook.constraints-table.txt');
  const features = [...text.matchAll(/^\d+\s+(.+?)\s+(Integral|Fractional|String)\s+([\d.]+)\s+(True|False)\s*$/gm)].map((m) => ({
    name: m[1]!, inferred_type: m[2]!, completeness: Number(m[3]), num_constraints: { is_non_negative: m[4] === 'True' },
  }));
  const { monitoring_config } = readSampleJson<{ monitoring_config: unknown }>('data-quality/sdk-pipeline.constraints.good.json');
  return { version: 0, features, monitoring_config };
}

describeSamples('moveMonitor keeps a real SageMaker baseline, and the engine runs against it', () => {
  it('data quality: the SDK pipeline\'s statistics.json and constraints.json', async () => {
    const p = await movedMonitor('DATA_QUALITY', {
      'statistics.json': readSampleJson('data-quality/sdk-pipeline.statistics.json'),
      'constraints.json': readSampleJson('data-quality/sdk-pipeline.constraints.good.json'),
    });
    // The baseline's own dataset, column _c2 negated: only _c2 breaks the constraints.
    const rows = readSample('data-quality/sdk-pipeline.baseline_dataset.csv').trim().split('\n');
    const captures = rows.map((r, i) => capture(`c${i}`, r.split(',').map((v, j) => (j === 2 && Number(v) > 0 ? `-${v}` : v)).join(','), '0', at(i)));
    const { violations } = await runOnEngine(p, captures);
    expect(featuresOf(violations)).toEqual(['_c2']);
  });

  it('data quality: feature names as SageMaker writes them ("Account Length")', async () => {
    const statistics = introNotebookStatistics();
    expect(statistics.features[1]).toMatchObject({ name: 'Account Length', inferred_type: 'Integral', numerical_statistics: { common: { num_present: 2333, num_missing: 0 }, mean: 101.276897, min: 1, max: 243 } });
    const p = await movedMonitor('DATA_QUALITY', { 'statistics.json': statistics, 'constraints.json': introNotebookConstraints() });
    // Header-less CSV captures within the baseline's ranges; Account Length turns negative.
    const r = rng(7);
    const row = () => statistics.features.map((f) => {
      const s = f.numerical_statistics;
      const v = s.min + r() * (s.max - s.min);
      if (f.name === 'Account Length') return String(-Math.round(1 + v));
      return f.inferred_type === 'Integral' ? String(Math.round(v)) : v.toFixed(1);
    }).join(',');
    const { violations } = await runOnEngine(p, Array.from({ length: 120 }, (_, i) => capture(`a${i}`, row(), '0', at(i))));
    expect(featuresOf(violations)).toEqual(['Account Length']);
  });

  it('bias drift: a Clarify baseline analysis.json (facet "Sex", label "Target")', async () => {
    const analysis = readSampleJson<{ post_training_bias_metrics: { facets: { Sex: Array<{ metrics: Array<{ name: string }> }> } } }>('bias-drift/examples-bias-monitor-endpoint-json.baseline.analysis.json');
    const p = await movedMonitor('MODEL_BIAS', { 'analysis.json': analysis }, (prefix) => ({
      groundTruthS3Uri: `s3://gt/${prefix}`, bias: { facetName: 'Sex', facetValuesOrThreshold: ['0'], labelName: 'Target', labelValuesOrThreshold: ['1'] },
    }));
    // The model now answers by sex alone: every post-training metric moves away from its ideal.
    const r = rng(11);
    const captures: string[] = [];
    const labels: string[] = [];
    for (let i = 0; i < 300; i++) {
      const sex = r() < 0.4 ? 0 : 1;
      captures.push(jsonCapture(`b${i}`, { Sex: sex, Age: 20 + Math.floor(r() * 40) }, String(sex), at(i)));
      labels.push(groundTruth(`b${i}`, r() < 0.5 ? '1' : '0'));
    }
    const { violations } = await runOnEngine(p, captures, labels);
    const baselineMetrics = analysis.post_training_bias_metrics.facets.Sex[0]!.metrics.map((m) => m.name);
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      // Named as its metric series: "<facet>/<facet value>".
      expect({ featureName: v.featureName, facet: v.facet, facetValue: v.facetValue, checkType: v.checkType }).toEqual({ featureName: 'Sex/0', facet: 'Sex', facetValue: '0', checkType: 'bias_drift_check' });
      expect(baselineMetrics).toContain(v.metricName);
    }
  });

  it('bias drift: the same baseline, header-less CSV captures named by the monitor\'s Clarify headers', async () => {
    const analysis = readSampleJson('bias-drift/examples-bias-monitor-bt-json.baseline.analysis.json');
    const p = await movedMonitor('MODEL_BIAS', { 'analysis.json': analysis }, (prefix) => ({
      groundTruthS3Uri: `s3://gt/${prefix}`,
      bias: { facetName: 'Sex', facetValuesOrThreshold: ['0'], labelName: 'Target', labelValuesOrThreshold: ['1'], headers: ['Target', 'Age', 'Sex'] },
    }));
    const r = rng(12);
    const captures: string[] = [];
    const labels: string[] = [];
    for (let i = 0; i < 300; i++) {
      const sex = r() < 0.4 ? 0 : 1;
      captures.push(capture(`h${i}`, `${20 + Math.floor(r() * 40)},${sex}`, String(sex), at(i)));
      labels.push(groundTruth(`h${i}`, r() < 0.5 ? '1' : '0'));
    }
    const { violations } = await runOnEngine(p, captures, labels);
    expect(violations.length).toBeGreaterThan(0);
    expect(new Set(violations.map((v) => `${v.facet}=${v.facetValue}`))).toEqual(new Set(['Sex=0']));
  });

  it('feature attribution drift: a Clarify explainability baseline analysis.json ("Capital Gain", "Hours per week")', async () => {
    const analysis = readSampleJson<{ explanations: { kernel_shap: { label0: { global_shap_values: Record<string, number> } } } }>('feature-attribution-drift/examples-bias-monitor-bt.explainability-baseline.analysis.json');
    const shap = analysis.explanations.kernel_shap.label0.global_shap_values;
    const headers = Object.keys(shap);
    const p = await movedMonitor('MODEL_EXPLAINABILITY', { 'analysis.json': analysis }, () => ({
      explainability: { headers, numSamples: 100, aggMethod: 'MEAN_ABS', useLogit: false },
    }));
    // The live ranking is the baseline's reversed.
    const explanations = Object.fromEntries(headers.map((h) => [h, 1 / (shap[h]! * 1000)]));
    const captures = Array.from({ length: 100 }, (_, i) => capture(`x${i}`, headers.map(() => '1').join(','), { prediction: 1, explanations }, at(i)));
    const { violations } = await runOnEngine(p, captures);
    // Named as its metric series: model level (''), the label's ndcg.
    expect(violations.map((v) => [v.featureName, v.metricName, v.label, v.checkType])).toEqual([['', 'ndcg', 'label0', 'feature_attribution_drift_check']]);
  });
});

/** A capture whose input is one JSON object (its keys name the columns). */
function jsonCapture(id: string, input: object, output: string, time: string): string {
  return JSON.stringify({
    captureData: {
      endpointInput: { observedContentType: 'application/json', mode: 'INPUT', data: JSON.stringify(input), encoding: 'JSON' },
      endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: output, encoding: 'CSV' },
    },
    eventMetadata: { eventId: `ev-${id}`, inferenceId: id, inferenceTime: time },
    eventVersion: '0',
  });
}
