// A violation named as the series it is about, so a dashboard goes from a violation to its
// series: the stored violation's featureName is the series' feature and its metricName the
// series' metric (see graphql/executions.graphql, Violation). Pure; applied when a sync stores
// violations, whichever backend read the report.
//   data quality      the feature; completeness_check → completeness, baseline_drift_check →
//                     baseline_drift (baseline_drift_p_value for a String feature under ChiSquared);
//                     other checks have no series: no metric
//   model quality     model level (''), the metric (auc, rmse, ...)
//   bias              "<facet>/<facet_value>", the metric (DPPL, DI, ...)
//   explainability    feature_attribution_drift_check: model level (''), ndcg of the label
//                     ("ndcg.<label>" for a label other than label0)
// Violations of other shapes keep their names.
import { z } from 'zod';
import { DEFAULT_LABEL, monitoringConfigSchema } from '@mmg/engine';
import type { ReportViolation } from '../backends/types.js';
import type { MonitorType } from '../kernel/monitor-config.js';
import { eachValid, MODEL_LEVEL, type MonitorView } from './model.js';

const Constraints = z.object({ features: z.array(z.unknown()).default([]), monitoring_config: z.unknown().optional() });
const FeatureType = z.object({ name: z.string(), inferred_type: z.string().optional() });

/** The drift metric of a data-quality feature under the monitor's baseline. */
function driftMetric(monitor: MonitorView, feature: string): string {
  const c = Constraints.safeParse(monitor.baseline?.constraints);
  if (!c.success) return 'baseline_drift';
  const cfg = monitoringConfigSchema.safeParse(c.data.monitoring_config ?? {});
  const chiSquared = cfg.success && cfg.data.distribution_constraints.categorical_drift_method === 'ChiSquared';
  const type = eachValid(c.data.features, (f) => FeatureType.safeParse(f)).find((f) => f.name === feature)?.inferred_type;
  return chiSquared && type === 'String' ? 'baseline_drift_p_value' : 'baseline_drift';
}

const DATA_QUALITY_METRIC: Record<string, (monitor: MonitorView, feature: string) => string> = {
  completeness_check: () => 'completeness',
  baseline_drift_check: driftMetric,
};

/** The violation with featureName and metricName those of its series (see above). */
export function asSeriesViolation(type: MonitorType, monitor: MonitorView, v: ReportViolation): ReportViolation {
  const { metricName: _m, ...rest } = v;
  switch (type) {
    case 'DATA_QUALITY': {
      const metric = DATA_QUALITY_METRIC[v.checkType];
      return metric ? { ...rest, metricName: metric(monitor, v.featureName) } : rest;
    }
    case 'MODEL_QUALITY':
      return v.metricName ? { ...v, featureName: MODEL_LEVEL } : v;
    case 'MODEL_BIAS':
      return v.facet !== undefined && v.facetValue !== undefined ? { ...v, featureName: `${v.facet}/${v.facetValue}` } : v;
    case 'MODEL_EXPLAINABILITY': {
      if (v.checkType !== 'feature_attribution_drift_check') return v;
      const label = v.label ?? DEFAULT_LABEL;
      return { ...v, featureName: MODEL_LEVEL, metricName: label === DEFAULT_LABEL ? 'ndcg' : `ndcg.${label}` };
    }
  }
}
