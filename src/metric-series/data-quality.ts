// DATA_QUALITY metrics of statistics.json, per feature: completeness, mean, sum,
// std_dev, min, max and sample_count (numerical: num_present, the SampleCount of
// SageMaker's CloudWatch feature_data metric, whose Average is sum / sample_count),
// distinct_count (string) and the drift from the baseline; item_count at model level. Drift is computed as the checks compute it
// (numerical: KS distance of the two KLL sketches; categorical: L∞ of the bucket
// shares, or the χ² p-value under ChiSquared, stored as baseline_drift_p_value),
// so every feature has a drift point, not only violating ones. Without sketches
// or buckets, the distance of a baseline_drift_check violation is used.
// Thresholds (constraints.json): completeness from features[].completeness;
// drift from monitoring_config.distribution_constraints (SageMaker's defaults
// when absent), none when the check is disabled or the feature unconstrained.
import { z } from 'zod';
import { chiSquaredTest, KllSketch, lInfinity, maxCdfDistance, monitoringConfigSchema, type MonitoringConfig } from '@mmg/engine';
import { eachValid, finite, MODEL_LEVEL, noThresholds, type MetricExtractor, type MetricValue, type ThresholdTable } from './model.js';

const num = z.number().optional();
const common = z.object({ num_present: z.number(), num_missing: z.number() }).optional();
const sketch = z.object({ parameters: z.object({ c: z.number().gt(0).max(1), k: z.number().int().positive() }), data: z.array(z.array(z.number())) });
const FeatureStats = z.object({
  name: z.string(),
  numerical_statistics: z.object({
    common, mean: num, sum: num, std_dev: num, min: num, max: num,
    distribution: z.object({ kll: z.object({ sketch: sketch.optional() }).optional() }).optional(),
  }).optional(),
  string_statistics: z.object({
    common,
    distinct_count: num,
    distribution: z.object({ categorical: z.object({ buckets: z.array(z.object({ value: z.string(), count: z.number() })) }).optional() }).optional(),
  }).optional(),
});
type FeatureStats = z.infer<typeof FeatureStats>;
const Statistics = z.object({ dataset: z.object({ item_count: z.number() }).optional(), features: z.array(z.unknown()).default([]) });
const FeatureConstraint = z.object({ name: z.string(), inferred_type: z.string().optional(), completeness: z.number().optional() });
const Constraints = z.object({ features: z.array(z.unknown()).default([]), monitoring_config: z.unknown().optional() });

const NUMERICAL = ['mean', 'sum', 'std_dev', 'min', 'max'] as const;
const DRIFT_IN_VIOLATION = /drift distance:?\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/i;

function features(doc: unknown): FeatureStats[] {
  const s = Statistics.safeParse(doc);
  return s.success ? eachValid(s.data.features, (f) => FeatureStats.safeParse(f)) : [];
}

function monitoringConfig(constraints: unknown): MonitoringConfig | null {
  const c = Constraints.safeParse(constraints);
  if (!c.success) return null;
  const cfg = monitoringConfigSchema.safeParse(c.data.monitoring_config ?? {});
  return cfg.success ? cfg.data : null;
}

const buckets = (f: FeatureStats) => {
  const b = f.string_statistics?.distribution?.categorical?.buckets;
  return b ? new Map(b.map((x) => [x.value, x.count])) : undefined;
};

/** The drift metric of one feature against its baseline statistics, if both carry a distribution. */
function drift(live: FeatureStats, base: FeatureStats, cfg: MonitoringConfig | null): MetricValue | undefined {
  const a = base.numerical_statistics?.distribution?.kll?.sketch;
  const b = live.numerical_statistics?.distribution?.kll?.sketch;
  if (a && b) return { feature: live.name, metric: 'baseline_drift', value: maxCdfDistance(KllSketch.fromJSON(a), KllSketch.fromJSON(b)) };
  const ba = buckets(base);
  const bb = buckets(live);
  if (!ba || !bb) return undefined;
  if (cfg?.distribution_constraints.categorical_drift_method === 'ChiSquared') {
    return { feature: live.name, metric: 'baseline_drift_p_value', value: chiSquaredTest(ba, bb).pValue };
  }
  return { feature: live.name, metric: 'baseline_drift', value: lInfinity(ba, bb) };
}

function featureValues(f: FeatureStats): MetricValue[] {
  const out: MetricValue[] = [];
  const add = (metric: string, v: unknown) => {
    const value = finite(v);
    if (value !== undefined) out.push({ feature: f.name, metric, value });
  };
  const c = f.numerical_statistics?.common ?? f.string_statistics?.common;
  if (c && c.num_present + c.num_missing > 0) add('completeness', c.num_present / (c.num_present + c.num_missing));
  for (const m of NUMERICAL) add(m, f.numerical_statistics?.[m]);
  add('sample_count', f.numerical_statistics?.common?.num_present);
  add('distinct_count', f.string_statistics?.distinct_count);
  return out;
}

export const dataQualityMetrics: MetricExtractor = {
  values(report, monitor) {
    const live = features(report.document);
    const base = new Map(features(monitor.baseline?.statistics).map((f) => [f.name, f]));
    const cfg = monitoringConfig(monitor.baseline?.constraints);
    const out: MetricValue[] = [];
    const items = finite(Statistics.safeParse(report.document).data?.dataset?.item_count);
    if (items !== undefined) out.push({ feature: MODEL_LEVEL, metric: 'item_count', value: items });
    const drifted = new Set<string>();
    for (const f of live) {
      out.push(...featureValues(f));
      const b = base.get(f.name);
      const d = b ? drift(f, b, cfg) : undefined;
      if (d) {
        out.push(d);
        drifted.add(f.name);
      }
    }
    for (const v of report.violations) {
      const m = v.checkType === 'baseline_drift_check' && !drifted.has(v.featureName) ? DRIFT_IN_VIOLATION.exec(v.description) : null;
      const value = m ? Number(m[1]) : NaN;
      if (!Number.isFinite(value)) continue;
      out.push({ feature: v.featureName, metric: 'baseline_drift', value });
      drifted.add(v.featureName);
    }
    return out;
  },

  thresholds(monitor): ThresholdTable {
    const c = Constraints.safeParse(monitor.baseline?.constraints);
    const cfg = monitoringConfig(monitor.baseline?.constraints);
    if (!c.success || !cfg || cfg.evaluate_constraints === 'Disabled') return noThresholds;
    const byName = new Map(eachValid(c.data.features, (f) => FeatureConstraint.safeParse(f)).map((f) => [f.name, f]));
    const dc = cfg.distribution_constraints;
    return (feature, metric) => {
      const f = byName.get(feature);
      if (!f) return null;
      if (metric === 'completeness') return f.completeness === undefined ? null : { value: f.completeness, breachedWhen: 'BELOW' };
      if (dc.perform_comparison === 'Disabled') return null;
      const categorical = dc.categorical_comparison_threshold ?? dc.comparison_threshold;
      if (metric === 'baseline_drift_p_value') return { value: categorical, breachedWhen: 'BELOW' };
      if (metric === 'baseline_drift') return { value: f.inferred_type === 'String' ? categorical : dc.comparison_threshold, breachedWhen: 'ABOVE' };
      return null;
    };
  },
};
