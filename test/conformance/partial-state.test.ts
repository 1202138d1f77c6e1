// A window's records split into k parts, each part analysed on its own, its state written as JSON
// and read back (checked), the states merged in part order: the report and constraint_violations.json
// are byte-identical to one pass, for the four monitor types, on the SageMaker samples' datasets
// (the SDK pipeline's data-quality and regression datasets as captured records, the sample baselines).
import {
  biasAnalyzer, dataQualityAnalyzer, explainabilityAnalyzer, modelQualityAnalyzer, parseCaptureLine, readPartialState,
  type MonitorAnalyzer, type Value,
} from '@mmg/engine';
import { capture } from '../engine-backend/fixtures.js';
import { unwrap } from '../support/result.js';
import { describeSamples, readSample, readSampleJson } from '../support/samples.js';

interface Rec {
  line: string;
  label: Value;
}

const at = (i: number) => `2026-11-22T10:${String(i % 60).padStart(2, '0')}:00Z`;
const csvRows = (file: string, header: boolean) => readSample(file).trim().split('\n').slice(header ? 1 : 0).map((l) => l.split(','));

/** The dataset three times over with distinct ids: above the 200 records model quality's spreads need. */
const thrice = <T>(xs: T[]): T[] => [...xs, ...xs, ...xs];

function dataQualityRecords(): Rec[] {
  return thrice(csvRows('data-quality/sdk-pipeline.baseline_dataset.csv', false)).map((r, i) => ({ line: capture(`dq${i}`, r.join(','), '0', at(i)), label: null }));
}

/** F1..F7 as input, Prediction (a probability) as output, Label as the ground truth. */
function regressionRecords(): Rec[] {
  return thrice(csvRows('model-quality/sdk-pipeline.regression.baseline_dataset.csv', true)).map((r, i) => ({ line: capture(`mq${i}`, r.slice(0, 7).join(','), r[8]!, at(i)), label: r[7]! }));
}

/** Attributions made from the data-quality dataset's values (φ_j = x_j − 2), as JSON output. */
function attributionRecords(): Rec[] {
  return thrice(csvRows('data-quality/sdk-pipeline.baseline_dataset.csv', false)).map((r, i) => ({
    line: capture(`ex${i}`, r.join(','), { explanations: { kernel_shap: [r.map((x, j) => ({ feature_header: `f${j}`, attributions: [{ attribution: [Number(x) / 3 - 0.7 + j / 10] }] }))] } }, at(i)),
    label: null,
  }));
}

function analyse(make: () => MonitorAnalyzer, recs: Rec[]): MonitorAnalyzer {
  const a = make();
  recs.forEach((r, i) => {
    const e = a.add(unwrap(parseCaptureLine(r.line, i + 1)), a.needsGroundTruth ? r.label : undefined, i + 1);
    if (e) throw new Error(e.message);
  });
  return a;
}

const report = (a: MonitorAnalyzer) => JSON.stringify(unwrap(a.finish()));

/** k contiguous parts, analysed apart, their states through JSON text, merged in order. */
function split(make: () => MonitorAnalyzer, recs: Rec[], k: number): string {
  const size = Math.ceil(recs.length / k);
  const texts = Array.from({ length: k }, (_, p) => JSON.stringify(analyse(make, recs.slice(p * size, (p + 1) * size)).exportState()));
  const merged = make();
  for (const t of texts) unwrap(merged.mergeState(unwrap(readPartialState(JSON.parse(t)))));
  return report(merged);
}

describeSamples('partial states merged give the one-pass report', () => {
  const cases: Array<[string, () => MonitorAnalyzer, () => Rec[]]> = [
    ['DATA_QUALITY (sample baseline)', () => unwrap(dataQualityAnalyzer({ statistics: readSampleJson('data-quality/sdk-pipeline.statistics.json'), constraints: readSampleJson('data-quality/sdk-pipeline.constraints.good.json') })), dataQualityRecords],
    ['MODEL_QUALITY regression', () => unwrap(modelQualityAnalyzer({ problemType: 'Regression', constraints: readSampleJson('model-quality/sdk-pipeline.regression.constraints.good.json') })), regressionRecords],
    ['MODEL_QUALITY binary with probabilities', () => unwrap(modelQualityAnalyzer({ problemType: 'BinaryClassification', probabilityAttribute: '0', constraints: null })), regressionRecords],
    ['MODEL_BIAS (facet F1 > 25, label 1)', () => unwrap(biasAnalyzer({
      bias: { facetName: 'F1', facet: { threshold: 25 }, labelName: 'Label', label: { values: [1] } }, names: ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7'], probabilityAttribute: '0', baseline: null,
    })), regressionRecords],
    ['MODEL_EXPLAINABILITY', () => unwrap(explainabilityAnalyzer({ attribute: 'explanations.kernel_shap', baseline: null })), attributionRecords],
  ];

  test.each(cases)('%s: k = 2, 3, 7 parts', (_name, make, records) => {
    const recs = records();
    const one = report(analyse(make, recs));
    expect(one.length).toBeGreaterThan(200);
    for (const k of [2, 3, 7]) expect([k, split(make, recs, k)]).toEqual([k, one]);
  });

  test('a state is checked when read: wrong shape, unknown class, other type', () => {
    expect(readPartialState({ version: 1, type: 'DATA_QUALITY' }).ok).toBe(false);
    const dq = dataQualityAnalyzer({ statistics: null, constraints: null });
    const bad = unwrap(readPartialState({ version: 1, type: 'DATA_QUALITY', accumulator: { $obj: 'Function', f: {} } }));
    expect(unwrap(dq).mergeState(bad)).toMatchObject({ ok: false, error: { kind: 'INVALID_RECORD', message: expect.stringContaining('unknown class Function') } });
    const ex = unwrap(explainabilityAnalyzer({ attribute: 'explanations', baseline: null })).exportState();
    expect(unwrap(dataQualityAnalyzer({ statistics: null, constraints: null })).mergeState(ex)).toMatchObject({ ok: false });
  });
});
