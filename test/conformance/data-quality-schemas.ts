// Strict schemas of SageMaker's data-quality files, written from the real samples: the SDK's
// pipeline statistics.json / constraints.json (container output) and the violations of the SDK
// fixture and the intro notebook. Strict objects: a key the real files do not have, or one
// they always have left out, fails.
import { z } from 'zod';

const count = z.number().int().nonnegative();
const common = z.strictObject({ num_present: count, num_missing: count });

const numerical = z.strictObject({
  common,
  mean: z.number(),
  sum: z.number(),
  std_dev: z.number(),
  min: z.number(),
  max: z.number(),
  distribution: z.strictObject({
    kll: z.strictObject({
      buckets: z.array(z.strictObject({ lower_bound: z.number(), upper_bound: z.number(), count: z.number() })),
      sketch: z.strictObject({ parameters: z.strictObject({ c: z.number(), k: z.number() }), data: z.array(z.array(z.number())) }),
    }),
  }),
});

const categorical = z.strictObject({
  common,
  distinct_count: z.number(),
  distribution: z.strictObject({ categorical: z.strictObject({ buckets: z.array(z.strictObject({ value: z.string(), count: count })) }) }),
});

export const statisticsFile = z.strictObject({
  version: z.number(),
  dataset: z.strictObject({ item_count: count }),
  features: z.array(
    z.union([
      z.strictObject({ name: z.string(), inferred_type: z.enum(['Integral', 'Fractional']), numerical_statistics: numerical }),
      z.strictObject({ name: z.string(), inferred_type: z.literal('String'), string_statistics: categorical }),
      // No real sample has an all-missing column: assumed to carry only the counts.
      z.strictObject({ name: z.string(), inferred_type: z.literal('Unknown'), string_statistics: z.strictObject({ common }) }),
    ]),
  ),
});

const enabled = z.enum(['Enabled', 'Disabled']);

export const constraintsFile = z.strictObject({
  version: z.number(),
  features: z.array(
    z.strictObject({
      name: z.string(),
      inferred_type: z.enum(['Integral', 'Fractional', 'String', 'Unknown']),
      completeness: z.number().min(0).max(1),
      num_constraints: z.strictObject({ is_non_negative: z.boolean() }).optional(),
      string_constraints: z.strictObject({ domains: z.array(z.string()) }).optional(),
    }),
  ),
  monitoring_config: z.strictObject({
    evaluate_constraints: enabled,
    emit_metrics: enabled,
    datatype_check_threshold: z.number(),
    domain_content_threshold: z.number(),
    distribution_constraints: z.strictObject({ perform_comparison: enabled, comparison_threshold: z.number(), comparison_method: z.enum(['Robust', 'Simple']) }),
  }),
});

export const violationsFile = z.strictObject({
  violations: z.array(
    z.strictObject({
      feature_name: z.string(),
      constraint_check_type: z.enum(['data_type_check', 'completeness_check', 'baseline_drift_check', 'missing_column_check', 'extra_column_check', 'categorical_values_check']),
      description: z.string(),
    }),
  ),
});
