// MODEL_QUALITY metrics of statistics.json: every `{value, standard_deviation}` of
// binary_classification_metrics, multiclass_classification_metrics or regression_metrics
// (accuracy, f1, auc, mae, rmse, r2, ...), at model level; entries without a scalar
// value (confusion_matrix, curves) are skipped. Thresholds: constraints.json
// `<problem>_constraints.<metric>` {threshold, comparison_operator}.
import { z } from 'zod';
import { finite, MODEL_LEVEL, noThresholds, type MetricExtractor, type MetricValue, type Threshold } from './model.js';

const PROBLEMS = ['binary_classification', 'multiclass_classification', 'regression'] as const;

const Table = z.record(z.string(), z.unknown());
const Scalar = z.object({ value: z.number() });
const Constraint = z.object({ threshold: z.number(), comparison_operator: z.enum(['GreaterThanThreshold', 'LessThanThreshold']) });

function tables(doc: unknown, suffix: '_metrics' | '_constraints'): Array<Record<string, unknown>> {
  const root = Table.safeParse(doc);
  if (!root.success) return [];
  return PROBLEMS.flatMap((p) => {
    const t = Table.safeParse(root.data[`${p}${suffix}`]);
    return t.success ? [t.data] : [];
  });
}

export const modelQualityMetrics: MetricExtractor = {
  values(report) {
    const out: MetricValue[] = [];
    for (const table of tables(report.document, '_metrics')) {
      for (const [metric, entry] of Object.entries(table)) {
        const value = finite(Scalar.safeParse(entry).data?.value);
        if (value !== undefined) out.push({ feature: MODEL_LEVEL, metric, value });
      }
    }
    return out;
  },

  thresholds(monitor) {
    const found = new Map<string, Threshold>();
    for (const table of tables(monitor.baseline?.constraints, '_constraints')) {
      for (const [metric, entry] of Object.entries(table)) {
        const c = Constraint.safeParse(entry);
        if (c.success) found.set(metric, { value: c.data.threshold, breachedWhen: c.data.comparison_operator === 'GreaterThanThreshold' ? 'ABOVE' : 'BELOW' });
      }
    }
    return found.size === 0 ? noThresholds : (feature, metric) => (feature === MODEL_LEVEL ? found.get(metric) ?? null : null);
  },
};
