// Metric extraction (pure): realistic report documents of the four monitor types,
// thresholds from the baseline, and documents the extractors cannot read.
import { checkDataQuality, DataQualityAccumulator, suggestConstraints, type Row } from '@mmg/engine';
import { metricSamples, metricThreshold } from '../../src/metric-series/extract.js';
import type { MetricSample } from '../../src/metric-series/model.js';
import {
  BIAS_ANALYSIS, BIAS_BASELINE_SAGEMAKER, DQ_CONSTRAINTS, DQ_STATISTICS, EXPLAINABILITY_ANALYSIS, MQ_CONSTRAINTS, MQ_STATISTICS,
  REGRESSION_CONSTRAINTS, REGRESSION_STATISTICS, view,
} from './fixtures.js';

const byKey = (samples: MetricSample[]) => Object.fromEntries(samples.map((s) => [`${s.feature}|${s.metric}`, [s.value, s.threshold]]));
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function profile(rows: Row[]) {
  const acc = new DataQualityAccumulator();
  for (const r of rows) acc.add(r);
  const r = acc.result();
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const rows = (n: number, f: (i: number) => Row): Row[] => Array.from({ length: n }, (_, i) => f(i));

describe('DATA_QUALITY', () => {
  it('per feature completeness and numerical statistics, with completeness thresholds; drift from a violation when there are no sketches', () => {
    const violations = [
      { featureName: 'age', checkType: 'baseline_drift_check', description: 'Baseline drift distance: 0.2834 exceeds threshold: 0.2' },
      { featureName: 'plan', checkType: 'completeness_check', description: 'Data completeness requirement is not met.' },
    ];
    const samples = metricSamples('DATA_QUALITY', view({ constraints: DQ_CONSTRAINTS }), { document: DQ_STATISTICS, violations });
    expect(byKey(samples)).toEqual({
      '|item_count': [200, null],
      'age|completeness': [0.9, 0.95],
      'age|mean': [41.5, null], 'age|sum': [7470, null], 'age|std_dev': [11.2, null], 'age|min': [18, null], 'age|max': [77, null],
      'age|sample_count': [180, null],
      'age|baseline_drift': [0.2834, 0.2],
      'plan|completeness': [1, 1],
      'plan|distinct_count': [3, null],
    });
  });

  it('computes the drift of every feature from the KLL sketches and buckets, equal to the distance the checks report', () => {
    const base = profile(rows(1000, (i) => ({ age: 20 + (i % 40), plan: i % 3 === 0 ? 'pro' : 'basic', tenure: i % 10 })));
    const live = profile(rows(500, (i) => ({ age: 40 + (i % 40), plan: i % 2 ? 'pro' : 'basic', tenure: (i + 3) % 10 })));
    const constraints = suggestConstraints(base.statistics);
    const reported = checkDataQuality(live, base.statistics, constraints).violations.filter((v) => v.constraint_check_type === 'baseline_drift_check');
    expect(reported.map((v) => v.feature_name).sort()).toEqual(['age', 'plan']);
    const monitor = view({ statistics: json(base.statistics), constraints: json(constraints) });
    const samples = byKey(metricSamples('DATA_QUALITY', monitor, { document: json(live.statistics), violations: [] }));
    for (const v of reported) {
      const distance = Number(/distance: ([\d.]+)/.exec(v.description)?.[1]);
      expect(samples[`${v.feature_name}|baseline_drift`]?.[0]).toBeCloseTo(distance, 6);
      expect(samples[`${v.feature_name}|baseline_drift`]?.[1]).toBe(0.1);
    }
    // A feature that did not drift still has its (small) distance, under the threshold.
    expect(samples['tenure|baseline_drift']?.[0]).toBeLessThan(0.1);
    expect(samples['tenure|completeness']).toEqual([1, 1]);
  });

  it('ChiSquared categorical drift is a p-value with the categorical threshold, breached below it', () => {
    const base = profile(rows(600, (i) => ({ plan: i % 3 === 0 ? 'pro' : 'basic' })));
    const live = profile(rows(600, (i) => ({ plan: i % 2 ? 'pro' : 'basic' })));
    const constraints = suggestConstraints(base.statistics, { ...suggestConstraints(base.statistics).monitoring_config, distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: 0.1, comparison_method: 'Robust', categorical_comparison_threshold: 0.05, categorical_drift_method: 'ChiSquared' } });
    const monitor = view({ statistics: json(base.statistics), constraints: json(constraints) });
    const samples = metricSamples('DATA_QUALITY', monitor, { document: json(live.statistics), violations: [] });
    const p = samples.find((s) => s.metric === 'baseline_drift_p_value');
    expect(p).toMatchObject({ feature: 'plan', threshold: 0.05 });
    expect(p?.value).toBeLessThan(0.001);
    expect(metricThreshold('DATA_QUALITY', monitor, 'plan', 'baseline_drift_p_value')).toEqual({ value: 0.05, breachedWhen: 'BELOW' });
  });

  it('thresholds: categorical drift threshold for String features, none when comparison or evaluation is disabled or the feature is unconstrained', () => {
    const m = view({ constraints: DQ_CONSTRAINTS });
    expect(metricThreshold('DATA_QUALITY', m, 'plan', 'baseline_drift')).toEqual({ value: 0.15, breachedWhen: 'ABOVE' });
    expect(metricThreshold('DATA_QUALITY', m, 'age', 'baseline_drift')).toEqual({ value: 0.2, breachedWhen: 'ABOVE' });
    expect(metricThreshold('DATA_QUALITY', m, 'age', 'completeness')).toEqual({ value: 0.95, breachedWhen: 'BELOW' });
    expect(metricThreshold('DATA_QUALITY', m, 'age', 'mean')).toBeNull();
    expect(metricThreshold('DATA_QUALITY', m, 'income', 'completeness')).toBeNull();
    const noComparison = { ...DQ_CONSTRAINTS, monitoring_config: { ...DQ_CONSTRAINTS.monitoring_config, distribution_constraints: { perform_comparison: 'Disabled' } } };
    expect(metricThreshold('DATA_QUALITY', view({ constraints: noComparison }), 'age', 'baseline_drift')).toBeNull();
    expect(metricThreshold('DATA_QUALITY', view({ constraints: noComparison }), 'age', 'completeness')).toEqual({ value: 0.95, breachedWhen: 'BELOW' });
    const off = { ...DQ_CONSTRAINTS, monitoring_config: { evaluate_constraints: 'Disabled' } };
    expect(metricThreshold('DATA_QUALITY', view({ constraints: off }), 'age', 'completeness')).toBeNull();
    // No monitoring_config: SageMaker's defaults (comparison_threshold 0.1).
    expect(metricThreshold('DATA_QUALITY', view({ constraints: { features: DQ_CONSTRAINTS.features } }), 'age', 'baseline_drift')).toEqual({ value: 0.1, breachedWhen: 'ABOVE' });
    expect(metricThreshold('DATA_QUALITY', view(null), 'age', 'completeness')).toBeNull();
  });
});

describe('MODEL_QUALITY', () => {
  it('binary classification: scalar metrics at model level with their constraint thresholds; matrices and curves skipped', () => {
    const m = view({ statistics: null, constraints: MQ_CONSTRAINTS });
    expect(byKey(metricSamples('MODEL_QUALITY', m, { document: MQ_STATISTICS, violations: [] }))).toEqual({
      '|recall': [0.88, 0.9], '|precision': [0.846, null], '|accuracy': [0.86, 0.85], '|f1': [0.8627, null], '|auc': [0.93, null],
    });
    expect(metricThreshold('MODEL_QUALITY', m, '', 'accuracy')).toEqual({ value: 0.85, breachedWhen: 'BELOW' });
    expect(metricThreshold('MODEL_QUALITY', m, '', 'false_positive_rate')).toEqual({ value: 0.2, breachedWhen: 'ABOVE' });
    expect(metricThreshold('MODEL_QUALITY', m, 'age', 'accuracy')).toBeNull();
  });

  it('regression: mae, mse, rmse, r2; rmse threshold with GreaterThanThreshold (seed 004)', () => {
    const m = view({ constraints: REGRESSION_CONSTRAINTS });
    expect(byKey(metricSamples('MODEL_QUALITY', m, { document: REGRESSION_STATISTICS, violations: [] }))).toEqual({
      '|mae': [2.91, null], '|mse': [14.9, null], '|rmse': [3.86, 3.87145], '|r2': [0.61, null],
    });
    expect(metricThreshold('MODEL_QUALITY', m, '', 'rmse')).toEqual({ value: 3.87145, breachedWhen: 'ABOVE' });
  });

  it('multiclass classification metrics are read too', () => {
    const doc = { dataset: { item_count: 30 }, multiclass_classification_metrics: { accuracy: { value: 0.7, standard_deviation: 0.01 }, weighted_f1: { value: 0.68, standard_deviation: 0.01 } } };
    const samples = metricSamples('MODEL_QUALITY', view(null), { document: doc, violations: [] });
    expect(byKey(samples)).toEqual({ '|accuracy': [0.7, null], '|weighted_f1': [0.68, null] });
  });
});

describe('MODEL_BIAS', () => {
  it('post- and pre-training metrics per facet value; SageMaker thresholds are the baseline values, on the side away from the ideal', () => {
    const m = view({ constraints: BIAS_BASELINE_SAGEMAKER });
    expect(byKey(metricSamples('MODEL_BIAS', m, { document: BIAS_ANALYSIS, violations: [] }))).toEqual({
      'age/40|DPPL': [-0.18, -0.1], 'age/40|DI': [0.71, 0.8], 'age/40|AD': [0.04, 0.02], 'age/40|CI': [0.31, null], 'age/40|DPL': [0.12, null],
    });
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'DPPL')).toEqual({ value: -0.1, breachedWhen: 'BELOW' });
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'DI')).toEqual({ value: 0.8, breachedWhen: 'BELOW' });
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'AD')).toEqual({ value: 0.02, breachedWhen: 'ABOVE' });
    // A value on the other side of the ideal is compared with the mirror image of the baseline value.
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'DPPL', 0.3)).toEqual({ value: 0.1, breachedWhen: 'ABOVE' });
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'DI', 1.3)?.value).toBeCloseTo(1.2, 10);
  });

  it('older built-in engine constraints with bounds: the bound on the baseline value\'s side', () => {
    // Engine baselines written before it took SageMaker's rule: value ± max(0.1, 10 %·|value|).
    const bounded = (m: { value: number }) => ({ ...m, lower_bound: m.value - Math.max(0.1, 0.1 * Math.abs(m.value)), upper_bound: m.value + Math.max(0.1, 0.1 * Math.abs(m.value)) });
    const doc = json(BIAS_BASELINE_SAGEMAKER) as { post_training_bias_metrics: { facets: Record<string, Array<{ metrics: Array<{ value: number }> }>> } };
    for (const groups of Object.values(doc.post_training_bias_metrics.facets)) for (const g of groups) g.metrics = g.metrics.map(bounded);
    const constraints = doc;
    const m = view({ constraints });
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'DPPL')?.value).toBeCloseTo(-0.2, 10);
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'DPPL')?.breachedWhen).toBe('BELOW');
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'AD')?.value).toBeCloseTo(0.12, 10);
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'AD')?.breachedWhen).toBe('ABOVE');
    // Two bounds: the one on the value's side of the baseline value.
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'AD', -0.5)?.value).toBeCloseTo(-0.08, 10);
    expect(metricThreshold('MODEL_BIAS', m, 'age/40', 'AD', -0.5)?.breachedWhen).toBe('BELOW');
    expect(metricThreshold('MODEL_BIAS', m, 'age/50', 'AD')).toBeNull();
  });
});

describe('MODEL_EXPLAINABILITY', () => {
  it('global SHAP per feature, expected value and the engine\'s NDCG with its threshold; other labels suffix the metric', () => {
    const doc = { ...EXPLAINABILITY_ANALYSIS, ndcg: { label0: 0.83, label1: 1 } };
    expect(byKey(metricSamples('MODEL_EXPLAINABILITY', view({ constraints: EXPLAINABILITY_ANALYSIS }), { document: doc, violations: [] }))).toEqual({
      'age|global_shap': [0.31, null], 'tenure|global_shap': [0.22, null], 'plan|global_shap': [0.05, null], '|expected_value': [0.42, null],
      'age|global_shap.label1': [0.12, null], '|expected_value.label1': [0.58, null],
      '|ndcg': [0.83, 0.9], '|ndcg.label1': [1, 0.9],
    });
    const custom = view({ constraints: EXPLAINABILITY_ANALYSIS }, { environment: { NDCG_THRESHOLD: '0.75' } });
    expect(metricThreshold('MODEL_EXPLAINABILITY', custom, '', 'ndcg')).toEqual({ value: 0.75, breachedWhen: 'BELOW' });
    expect(metricThreshold('MODEL_EXPLAINABILITY', custom, 'age', 'global_shap')).toBeNull();
  });
});

describe('documents that cannot be read', () => {
  it.each(['DATA_QUALITY', 'MODEL_QUALITY', 'MODEL_BIAS', 'MODEL_EXPLAINABILITY'] as const)('%s: null, arrays, strings and foreign documents yield no metrics', (type) => {
    for (const document of [null, [], 'statistics', 42, { features: 'x' }, { explanations: 7 }, { post_training_bias_metrics: { facets: [] } }]) {
      expect(metricSamples(type, view({ constraints: 'garbage' }), { document, violations: [] })).toEqual([]);
    }
  });

  it('one malformed feature, metric or facet group does not drop the others', () => {
    const dq = metricSamples('DATA_QUALITY', view(null), { document: DQ_STATISTICS, violations: [] });
    expect(dq.some((s) => s.feature === 'broken')).toBe(false);
    expect(dq.some((s) => s.feature === 'age')).toBe(true);
    const bias = { post_training_bias_metrics: { facets: { age: [{ metrics: [] }, { value_or_threshold: 40, metrics: [{ name: 'DI', value: 'NaN' }, { name: 'AD', value: 0.1 }] }] } } };
    expect(byKey(metricSamples('MODEL_BIAS', view(null), { document: bias, violations: [] }))).toEqual({ 'age/40|AD': [0.1, null] });
  });
});
