// The SageMaker samples' datasets as captured records, and the four monitor types' analyses of them
// (the SDK pipeline's data-quality and regression datasets three times over with distinct ids, above
// the 200 records model quality's spreads need; attributions made from the data-quality values).
import { biasAnalyzer, dataQualityAnalyzer, explainabilityAnalyzer, modelQualityAnalyzer, type MonitorAnalyzer, type Value } from '@mmg/engine';
import { capture } from '../engine-backend/fixtures.js';
import { unwrap } from '../support/result.js';
import { readSample, readSampleJson } from '../support/samples.js';

export interface Rec {
  line: string;
  label: Value;
}

const at = (i: number) => `2026-11-22T10:${String(i % 60).padStart(2, '0')}:00Z`;
const csvRows = (file: string, header: boolean) => readSample(file).trim().split('\n').slice(header ? 1 : 0).map((l) => l.split(','));

const thrice = <T>(xs: T[]): T[] => [...xs, ...xs, ...xs];

export function dataQualityRecords(): Rec[] {
  return thrice(csvRows('data-quality/sdk-pipeline.baseline_dataset.csv', false)).map((r, i) => ({ line: capture(`dq${i}`, r.join(','), '0', at(i)), label: null }));
}

/** F1..F7 as input, Prediction (a probability) as output, Label as the ground truth. */
export function regressionRecords(): Rec[] {
  return thrice(csvRows('model-quality/sdk-pipeline.regression.baseline_dataset.csv', true)).map((r, i) => ({ line: capture(`mq${i}`, r.slice(0, 7).join(','), r[8]!, at(i)), label: r[7]! }));
}

/** Attributions made from the data-quality dataset's values (φ_j = x_j − 2), as JSON output. */
export function attributionRecords(): Rec[] {
  return thrice(csvRows('data-quality/sdk-pipeline.baseline_dataset.csv', false)).map((r, i) => ({
    line: capture(`ex${i}`, r.join(','), { explanations: { kernel_shap: [r.map((x, j) => ({ feature_header: `f${j}`, attributions: [{ attribution: [Number(x) / 3 - 0.7 + j / 10] }] }))] } }, at(i)),
    label: null,
  }));
}

/** The four types' analyses on the samples' records. */
export const CASES = (): Array<[string, () => MonitorAnalyzer, () => Rec[]]> => [
    ['DATA_QUALITY (sample baseline)', () => unwrap(dataQualityAnalyzer({ statistics: readSampleJson('data-quality/sdk-pipeline.statistics.json'), constraints: readSampleJson('data-quality/sdk-pipeline.constraints.good.json') })), dataQualityRecords],
    ['MODEL_QUALITY regression', () => unwrap(modelQualityAnalyzer({ problemType: 'Regression', constraints: readSampleJson('model-quality/sdk-pipeline.regression.constraints.good.json') })), regressionRecords],
    ['MODEL_QUALITY binary with probabilities', () => unwrap(modelQualityAnalyzer({ problemType: 'BinaryClassification', probabilityAttribute: '0', constraints: null })), regressionRecords],
    ['MODEL_BIAS (facet F1 > 25, label 1)', () => unwrap(biasAnalyzer({
      bias: { facetName: 'F1', facet: { threshold: 25 }, labelName: 'Label', label: { values: [1] } }, names: ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7'], probabilityAttribute: '0', baseline: null,
    })), regressionRecords],
    ['MODEL_EXPLAINABILITY', () => unwrap(explainabilityAnalyzer({ attribute: 'explanations.kernel_shap', baseline: null })), attributionRecords],
];

