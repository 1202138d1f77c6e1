// constraints.json (data quality): schema, SageMaker defaults, and suggestion
// from baseline statistics. Users may edit the file; the checks read it back.
import { z } from 'zod';
import type { Result } from '../errors.js';
import { parseJsonWith } from '../json.js';
import type { StatisticsJson } from './statistics.js';

const enabled = z.enum(['Enabled', 'Disabled']);

export const monitoringConfigSchema = z.object({
  evaluate_constraints: enabled.default('Enabled'),
  emit_metrics: enabled.default('Enabled'),
  datatype_check_threshold: z.number().min(0).max(1).default(1.0),
  domain_content_threshold: z.number().min(0).max(1).default(1.0),
  distribution_constraints: z
    .object({
      perform_comparison: enabled.default('Enabled'),
      comparison_threshold: z.number().min(0).max(1).default(0.1),
      comparison_method: z.enum(['Robust', 'Simple']).default('Robust'),
      categorical_comparison_threshold: z.number().min(0).max(1).optional(),
      // Absent means LInfinity; not written in suggestions (SageMaker's suggested files leave it out).
      categorical_drift_method: z.enum(['LInfinity', 'ChiSquared']).optional(),
    })
    .prefault({}),
});

export const featureConstraintSchema = z.object({
  name: z.string(),
  inferred_type: z.enum(['Integral', 'Fractional', 'String', 'Unknown']),
  completeness: z.number().min(0).max(1).optional(),
  num_constraints: z.object({ is_non_negative: z.boolean() }).optional(),
  string_constraints: z.object({ domains: z.array(z.string()) }).optional(),
  monitoringConfigOverrides: z.record(z.string(), z.unknown()).optional(),
});

export const constraintsSchema = z.object({
  version: z.number().optional(),
  features: z.array(featureConstraintSchema),
  monitoring_config: monitoringConfigSchema.prefault({}),
});

export type MonitoringConfig = z.infer<typeof monitoringConfigSchema>;
export type FeatureConstraint = z.infer<typeof featureConstraintSchema>;
export type ConstraintsJson = z.infer<typeof constraintsSchema>;

/** SageMaker's suggested monitoring_config. */
export const DEFAULT_MONITORING_CONFIG: MonitoringConfig = monitoringConfigSchema.parse({});

/**
 * Domains are suggested only for String features with at most this many distinct
 * values (Deequ profiles a categorical histogram up to 120 distinct values).
 */
export const DOMAIN_MAX_DISTINCT = 120;

export function parseConstraintsJson(text: string): Result<ConstraintsJson> {
  return parseJsonWith(text, constraintsSchema, 'constraints.json');
}

/**
 * Suggested constraints: completeness = baseline completeness; numeric features
 * get is_non_negative = (min ≥ 0); String features with an exact, small set of
 * values get string_constraints.domains (sorted).
 */
export function suggestConstraints(stats: StatisticsJson, config: MonitoringConfig = DEFAULT_MONITORING_CONFIG): ConstraintsJson {
  const n = stats.dataset.item_count;
  const features = stats.features.map((f): FeatureConstraint => {
    const common = f.numerical_statistics?.common ?? f.string_statistics?.common;
    const c: FeatureConstraint = { name: f.name, inferred_type: f.inferred_type, completeness: n > 0 && common ? common.num_present / n : 0 };
    if (f.numerical_statistics) c.num_constraints = { is_non_negative: f.numerical_statistics.min >= 0 };
    const s = f.string_statistics;
    const buckets = s?.distribution?.categorical.buckets;
    if (f.inferred_type === 'String' && buckets && s.distinct_count !== undefined && s.distinct_count === buckets.length && buckets.length <= DOMAIN_MAX_DISTINCT) {
      c.string_constraints = { domains: buckets.map((b) => b.value).sort() };
    }
    return c;
  });
  return { version: 0, features, monitoring_config: config };
}
