// Model quality statistics.json / constraints.json / constraint_violations.json.
import type { BinaryClassificationMetrics } from './binary.js';
import type { Metric } from './metric.js';
import type { MulticlassClassificationMetrics } from './multiclass.js';
import type { RegressionMetrics } from './regression.js';

export type ProblemType = 'BinaryClassification' | 'MulticlassClassification' | 'Regression';

export type ModelQualityStatistics = {
  version: number;
  dataset: { item_count: number };
} & (
  | { binary_classification_metrics: BinaryClassificationMetrics }
  | { multiclass_classification_metrics: MulticlassClassificationMetrics }
  | { regression_metrics: RegressionMetrics }
);

export type ComparisonOperator = 'GreaterThanThreshold' | 'LessThanThreshold';

export interface MetricConstraint {
  threshold: number;
  comparison_operator: ComparisonOperator;
}

export type ModelQualityConstraints = { version: number } & (
  | { binary_classification_constraints: Record<string, MetricConstraint> }
  | { multiclass_classification_constraints: Record<string, MetricConstraint> }
  | { regression_constraints: Record<string, MetricConstraint> }
);

export interface ModelQualityViolation {
  metric_name: string;
  constraint_check_type: ComparisonOperator;
  description: string;
}

export function modelQualityStatistics(itemCount: number, problem: ProblemType, metrics: BinaryClassificationMetrics | MulticlassClassificationMetrics | RegressionMetrics): ModelQualityStatistics {
  const base = { version: 0, dataset: { item_count: itemCount } };
  if (problem === 'BinaryClassification') return { ...base, binary_classification_metrics: metrics as BinaryClassificationMetrics };
  if (problem === 'MulticlassClassification') return { ...base, multiclass_classification_metrics: metrics as MulticlassClassificationMetrics };
  return { ...base, regression_metrics: metrics as RegressionMetrics };
}

/** Metrics where a smaller value is worse (violation when the live value is below the threshold). */
const LOWER_IS_WORSE = new Set(['accuracy', 'precision', 'recall', 'f0_5', 'f1', 'f2', 'auc', 'true_positive_rate', 'true_negative_rate', 'r2', 'weighted_precision', 'weighted_recall', 'weighted_f0_5', 'weighted_f1', 'weighted_f2']);
/** Metrics where a larger value is worse. */
const HIGHER_IS_WORSE = new Set(['false_positive_rate', 'false_negative_rate', 'mae', 'mse', 'rmse']);

const isMetric = (v: unknown): v is Metric => typeof v === 'object' && v !== null && 'value' in v && 'standard_deviation' in v;

function metricsOf(s: ModelQualityStatistics): { key: string; metrics: Record<string, unknown> } {
  if ('binary_classification_metrics' in s) return { key: 'binary_classification_constraints', metrics: { ...s.binary_classification_metrics } };
  if ('multiclass_classification_metrics' in s) return { key: 'multiclass_classification_constraints', metrics: { ...s.multiclass_classification_metrics } };
  return { key: 'regression_constraints', metrics: { ...s.regression_metrics } };
}

/**
 * Suggested constraints: for each scalar metric with a known direction,
 * threshold = baseline value ∓ slackStdDevs × its standard_deviation.
 * Default slack 0 reproduces SageMaker (threshold = the baseline value);
 * use e.g. 2–3 to tolerate sampling noise in small windows.
 */
export function suggestModelQualityConstraints(s: ModelQualityStatistics, slackStdDevs = 0): ModelQualityConstraints {
  const { key, metrics } = metricsOf(s);
  const out: Record<string, MetricConstraint> = {};
  for (const [name, m] of Object.entries(metrics)) {
    if (!isMetric(m)) continue;
    // "NaN" (too few records to resample): no slack.
    const slack = typeof m.standard_deviation === 'number' ? slackStdDevs * m.standard_deviation : 0;
    if (LOWER_IS_WORSE.has(name)) out[name] = { threshold: m.value - slack, comparison_operator: 'LessThanThreshold' };
    else if (HIGHER_IS_WORSE.has(name)) out[name] = { threshold: m.value + slack, comparison_operator: 'GreaterThanThreshold' };
  }
  return { version: 0, [key]: out } as ModelQualityConstraints;
}

/**
 * A violation when the live metric is strictly beyond the threshold in the
 * operator's direction; description in SageMaker's words, e.g.
 * "Metric accuracy with 0.5 +/- 0.05 was LessThanThreshold '0.9'".
 * Constraints for metrics absent from the live statistics (e.g. auc without probabilities) are skipped.
 */
export function checkModelQuality(live: ModelQualityStatistics, constraints: ModelQualityConstraints): { violations: ModelQualityViolation[] } {
  const { metrics } = metricsOf(live);
  const table = Object.entries(constraints).find(([k]) => k.endsWith('_constraints'))?.[1] as Record<string, MetricConstraint> | undefined;
  const violations: ModelQualityViolation[] = [];
  for (const [name, c] of Object.entries(table ?? {})) {
    const m = metrics[name];
    if (!isMetric(m)) continue;
    const bad = c.comparison_operator === 'LessThanThreshold' ? m.value < c.threshold : m.value > c.threshold;
    if (bad) {
      violations.push({
        metric_name: name,
        constraint_check_type: c.comparison_operator,
        description: `Metric ${name} with ${+m.value.toFixed(6)} +/- ${typeof m.standard_deviation === 'number' ? +m.standard_deviation.toFixed(6) : 'NaN'} was ${c.comparison_operator} '${c.threshold}'`,
      });
    }
  }
  return { violations };
}
