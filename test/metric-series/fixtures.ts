// Report documents as SageMaker Model Monitor / Clarify write them (shapes of
// the shared domain notes, shared/docs/domain.md beside the repository), for the metric extraction tests.
import type { MonitorConfig } from '../../src/kernel/monitor-config.js';
import type { MonitorView } from '../../src/metric-series/model.js';

export const CONFIG: MonitorConfig = { endpointInput: { endpointName: 'churn-ep' }, outputS3Uri: 's3://reports/churn' } as MonitorConfig;

export function view(baseline: { statistics?: unknown; constraints: unknown } | null, config: Partial<MonitorConfig> = {}): MonitorView {
  return {
    config: { ...CONFIG, ...config },
    baseline: baseline ? { id: 'b1', version: 1, statistics: baseline.statistics ?? null, constraints: baseline.constraints } : null,
  };
}

/** A SageMaker data quality statistics.json without KLL sketches (as older containers write it). */
export const DQ_STATISTICS = {
  version: 0.0,
  dataset: { item_count: 200 },
  features: [
    {
      name: 'age', inferred_type: 'Integral',
      numerical_statistics: {
        common: { num_present: 180, num_missing: 20 }, mean: 41.5, sum: 7470, std_dev: 11.2, min: 18, max: 77,
        distribution: { kll: { buckets: [{ lower_bound: 18, upper_bound: 47.5, count: 120 }, { lower_bound: 47.5, upper_bound: 77, count: 60 }] } },
      },
    },
    {
      name: 'plan', inferred_type: 'String',
      string_statistics: { common: { num_present: 200, num_missing: 0 }, distinct_count: 3, distribution: { categorical: { buckets: [{ value: 'basic', count: 120 }, { value: 'pro', count: 70 }, { value: 'team', count: 10 }] } } },
    },
    { name: 'broken', inferred_type: 'Fractional', numerical_statistics: { common: { num_present: 'many' } } },
  ],
};

export const DQ_CONSTRAINTS = {
  version: 0.0,
  features: [
    { name: 'age', inferred_type: 'Integral', completeness: 0.95, num_constraints: { is_non_negative: true } },
    { name: 'plan', inferred_type: 'String', completeness: 1.0, string_constraints: { domains: ['basic', 'pro', 'team'] } },
  ],
  monitoring_config: {
    evaluate_constraints: 'Enabled', emit_metrics: 'Enabled', datatype_check_threshold: 1.0, domain_content_threshold: 1.0,
    distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: 0.2, comparison_method: 'Robust', categorical_comparison_threshold: 0.15, categorical_drift_method: 'LInfinity' },
  },
};

export const MQ_STATISTICS = {
  version: 0.0,
  dataset: { item_count: 1000 },
  binary_classification_metrics: {
    confusion_matrix: { '0': { '0': 420, '1': 80 }, '1': { '0': 60, '1': 440 } },
    recall: { value: 0.88, standard_deviation: 0.004 },
    precision: { value: 0.846, standard_deviation: 0.005 },
    accuracy: { value: 0.86, standard_deviation: 0.003 },
    f1: { value: 0.8627, standard_deviation: 0.004 },
    auc: { value: 0.93, standard_deviation: 0.002 },
    receiver_operating_characteristic_curve: { false_positive_rates: [0, 0.16, 1], true_positive_rates: [0, 0.88, 1] },
  },
};

export const MQ_CONSTRAINTS = {
  version: 0.0,
  binary_classification_constraints: {
    recall: { threshold: 0.9, comparison_operator: 'LessThanThreshold' },
    accuracy: { threshold: 0.85, comparison_operator: 'LessThanThreshold' },
    false_positive_rate: { threshold: 0.2, comparison_operator: 'GreaterThanThreshold' },
  },
};

export const REGRESSION_STATISTICS = {
  version: 0.0,
  dataset: { item_count: 500 },
  regression_metrics: {
    mae: { value: 2.91, standard_deviation: 0.03 }, mse: { value: 14.9, standard_deviation: 0.4 },
    rmse: { value: 3.86, standard_deviation: 0.05 }, r2: { value: 0.61, standard_deviation: 0.01 },
  },
};

/** Seed 004's example: rmse above 3.87145 is a violation. */
export const REGRESSION_CONSTRAINTS = { version: 0.0, regression_constraints: { rmse: { threshold: 3.87145, comparison_operator: 'GreaterThanThreshold' } } };

const biasGroup = (metrics: Array<[string, number | null]>) => ({
  value_or_threshold: '40',
  metrics: metrics.map(([name, value]) => ({ name, description: `${name} metric`, value })),
});

/** A Clarify analysis.json of a bias monitoring execution. */
export const BIAS_ANALYSIS = {
  version: '1.0',
  post_training_bias_metrics: {
    label: 'churned', label_value_or_threshold: '1',
    facets: { age: [biasGroup([['DPPL', -0.18], ['DI', 0.71], ['AD', 0.04], ['TE', null]])] },
  },
  pre_training_bias_metrics: {
    label: 'churned', label_value_or_threshold: '1',
    facets: { age: [biasGroup([['CI', 0.31], ['DPL', 0.12]])] },
  },
};

/** SageMaker: the baseline analysis.json is the constraints file (no bounds). */
export const BIAS_BASELINE_SAGEMAKER = {
  version: '1.0',
  post_training_bias_metrics: {
    label: 'churned', label_value_or_threshold: '1',
    facets: { age: [biasGroup([['DPPL', -0.1], ['DI', 0.8], ['AD', 0.02]])] },
  },
};

export const EXPLAINABILITY_ANALYSIS = {
  version: '1.0',
  explanations: {
    kernel_shap: {
      label0: { global_shap_values: { age: 0.31, tenure: 0.22, plan: 0.05 }, expected_value: 0.42 },
      label1: { global_shap_values: { age: 0.12 }, expected_value: 0.58 },
    },
  },
};
