// constraint_violations.json for data quality: compares a window's statistics
// (and per-value type counts) with the baseline statistics + constraints.
import { javaDouble as num, javaPercent as pct } from '../format.js';
import { KllSketch, maxCdfDistance } from '../sketch/kll.js';
import type { DataQualityResult } from './accumulator.js';
import type { ConstraintsJson } from './constraints.js';
import { chiSquaredTest, ksCritical, lInfinity } from './distance.js';
import type { FeatureStatistics, StatisticsJson } from './statistics.js';
import { conformingCount } from './value-type.js';

export type DataQualityCheckType =
  | 'data_type_check'
  | 'completeness_check'
  | 'baseline_drift_check'
  | 'missing_column_check'
  | 'extra_column_check'
  | 'categorical_values_check';

export interface DataQualityViolation {
  feature_name: string;
  constraint_check_type: DataQualityCheckType;
  description: string;
}

export interface ConstraintViolationsJson<V> {
  violations: V[];
}

/**
 * Descriptions use SageMaker's wording and its JVM number format (unrounded, "100.0%").
 * Checks, per feature of the constraints:
 * - missing_column_check: constrained feature never seen in the window.
 * - data_type_check: share of present values of the constrained type (Integral
 *   values count as Fractional; numbers are not String) < datatype_check_threshold; also a numeric feature with is_non_negative whose
 *   window minimum is negative (reported under data_type_check, there is no
 *   separate check type in the format).
 * - completeness_check: window completeness < constrained completeness.
 * - categorical_values_check: share of present values inside string_constraints.domains
 *   < domain_content_threshold (values beyond the categorical cap count as outside).
 * - baseline_drift_check (perform_comparison Enabled):
 *   numeric: D = max_x |F_base(x) − F_live(x)| from the two KLL sketches;
 *     Simple: D > comparison_threshold; Robust: additionally D > KS critical value
 *     at α=0.05 (1.358·sqrt((n+m)/nm)).
 *   categorical: LInfinity: max_v |p_base(v) − p_live(v)| > threshold;
 *     ChiSquared: p-value of Pearson's χ² homogeneity test < threshold.
 *   (threshold = categorical_comparison_threshold ?? comparison_threshold for categorical.)
 * Then extra_column_check for window features absent from the constraints.
 * evaluate_constraints Disabled → no violations. Empty window → completeness 0.
 */
export function checkDataQuality(
  live: DataQualityResult,
  baseline: StatisticsJson,
  constraints: ConstraintsJson,
): ConstraintViolationsJson<DataQualityViolation> {
  const cfg = constraints.monitoring_config;
  const out: DataQualityViolation[] = [];
  if (cfg.evaluate_constraints === 'Disabled') return { violations: out };
  const liveStats = new Map(live.statistics.features.map((f) => [f.name, f]));
  const baseStats = new Map(baseline.features.map((f) => [f.name, f]));
  const constrained = new Set(constraints.features.map((f) => f.name));
  const itemCount = live.statistics.dataset.item_count;
  const colCounts = `Number of columns in current dataset: ${liveStats.size}, Number of columns in baseline constraints: ${constrained.size}`;

  for (const c of constraints.features) {
    const obs = live.observations.get(c.name);
    const ls = liveStats.get(c.name);
    if (!obs || !ls) {
      out.push({ feature_name: c.name, constraint_check_type: 'missing_column_check', description: `There are missing columns in current dataset. ${colCounts}` });
      continue;
    }
    const present = obs.types.Integral + obs.types.Fractional + obs.types.String;

    if (present > 0 && c.inferred_type !== 'Unknown') {
      const match = conformingCount(obs.types, c.inferred_type) / present;
      if (match < cfg.datatype_check_threshold) {
        out.push({
          feature_name: c.name,
          constraint_check_type: 'data_type_check',
          description: `Data type match requirement is not met. Expected data type: ${c.inferred_type}, Expected match: ${pct(cfg.datatype_check_threshold)}. Observed: Only ${pct(match)} of data is ${c.inferred_type}.`,
        });
      }
    }
    if (c.num_constraints?.is_non_negative && ls.numerical_statistics && ls.numerical_statistics.min < 0) {
      out.push({
        feature_name: c.name,
        constraint_check_type: 'data_type_check',
        description: `Value requirement is_non_negative is not met. Observed minimum: ${num(ls.numerical_statistics.min)}.`,
      });
    }
    if (c.completeness !== undefined) {
      const completeness = itemCount > 0 ? present / itemCount : 0;
      if (completeness < c.completeness) {
        out.push({
          feature_name: c.name,
          constraint_check_type: 'completeness_check',
          description: `Data completeness requirement is not met. Expected completeness: ${pct(c.completeness)}. Observed: Only ${pct(completeness)} of data is complete.`,
        });
      }
    }
    const domains = c.string_constraints?.domains;
    if (domains && present > 0) {
      const domain = new Set(domains);
      let inDomain = 0;
      for (const [v, n] of obs.categories) if (domain.has(v)) inDomain += n;
      const share = inDomain / present;
      if (share < cfg.domain_content_threshold) {
        const unseen = [...obs.categories.keys()].filter((v) => !domain.has(v)).slice(0, 5);
        out.push({
          feature_name: c.name,
          constraint_check_type: 'categorical_values_check',
          description: `Data domain content requirement is not met. Expected: ${pct(cfg.domain_content_threshold)} of values within the baseline domain. Observed: Only ${pct(share)} of values are within the domain (values outside it include: ${unseen.map((u) => JSON.stringify(u)).join(', ')}).`,
        });
      }
    }
    const bs = baseStats.get(c.name);
    if (cfg.distribution_constraints.perform_comparison === 'Enabled' && bs) {
      const d = driftViolation(c.name, bs, ls, constraints);
      if (d) out.push(d);
    }
  }
  for (const name of liveStats.keys()) {
    if (!constrained.has(name)) {
      out.push({ feature_name: name, constraint_check_type: 'extra_column_check', description: `There are extra columns in current dataset. ${colCounts}` });
    }
  }
  return { violations: out };
}

function driftViolation(name: string, base: FeatureStatistics, live: FeatureStatistics, constraints: ConstraintsJson): DataQualityViolation | undefined {
  const dc = constraints.monitoring_config.distribution_constraints;
  const bSketch = base.numerical_statistics?.distribution?.kll.sketch;
  const lSketch = live.numerical_statistics?.distribution?.kll.sketch;
  if (bSketch && lSketch) {
    const a = KllSketch.fromJSON(bSketch);
    const b = KllSketch.fromJSON(lSketch);
    const d = maxCdfDistance(a, b);
    const robustOk = dc.comparison_method === 'Simple' || d > ksCritical(base.numerical_statistics!.common.num_present, live.numerical_statistics!.common.num_present);
    if (d > dc.comparison_threshold && robustOk) {
      return { feature_name: name, constraint_check_type: 'baseline_drift_check', description: `Baseline drift distance: ${num(d)} exceeds threshold: ${num(dc.comparison_threshold)}` };
    }
    return undefined;
  }
  const bb = base.string_statistics?.distribution?.categorical.buckets;
  const lb = live.string_statistics?.distribution?.categorical.buckets;
  if (bb && lb) {
    const a = new Map(bb.map((x) => [x.value, x.count]));
    const b = new Map(lb.map((x) => [x.value, x.count]));
    const threshold = dc.categorical_comparison_threshold ?? dc.comparison_threshold;
    if (dc.categorical_drift_method === 'ChiSquared') {
      const t = chiSquaredTest(a, b);
      if (t.pValue < threshold) {
        return { feature_name: name, constraint_check_type: 'baseline_drift_check', description: `Baseline drift chi-squared test p-value: ${num(t.pValue)} (statistic ${num(t.statistic)}, ${t.df} degrees of freedom) is below threshold: ${num(threshold)}` };
      }
      return undefined;
    }
    const d = lInfinity(a, b);
    if (d > threshold) {
      return { feature_name: name, constraint_check_type: 'baseline_drift_check', description: `Baseline drift distance: ${num(d)} exceeds threshold: ${num(threshold)}` };
    }
  }
  return undefined;
}
