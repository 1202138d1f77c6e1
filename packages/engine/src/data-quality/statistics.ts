// statistics.json (SageMaker Model Monitor data quality): shapes, zod schema
// for reading a baseline, and the writer from accumulated features.
import { z } from 'zod';
import type { Result } from '../errors.js';
import { parseJsonWith } from '../json.js';
import type { FeatureAccumulator } from './feature-accumulator.js';
import { inferType } from './value-type.js';

const common = z.object({ num_present: z.number(), num_missing: z.number() });
const kllBucket = z.object({ lower_bound: z.number(), upper_bound: z.number(), count: z.number() });
const sketchSchema = z.object({
  parameters: z.object({ c: z.number(), k: z.number() }),
  data: z.array(z.array(z.number())),
});

export const featureStatisticsSchema = z.object({
  name: z.string(),
  inferred_type: z.enum(['Integral', 'Fractional', 'String', 'Unknown']),
  numerical_statistics: z
    .object({
      common,
      mean: z.number(),
      sum: z.number(),
      std_dev: z.number(),
      min: z.number(),
      max: z.number(),
      distribution: z.object({ kll: z.object({ buckets: z.array(kllBucket), sketch: sketchSchema.optional() }) }).optional(),
    })
    .optional(),
  string_statistics: z
    .object({
      common,
      distinct_count: z.number().optional(),
      distribution: z
        .object({ categorical: z.object({ buckets: z.array(z.object({ value: z.string(), count: z.number() })) }) })
        .optional(),
    })
    .optional(),
});

export const statisticsSchema = z.object({
  version: z.number().optional(),
  dataset: z.object({ item_count: z.number() }),
  features: z.array(featureStatisticsSchema),
});

export type FeatureStatistics = z.infer<typeof featureStatisticsSchema>;
export type StatisticsJson = z.infer<typeof statisticsSchema>;

export function parseStatisticsJson(text: string): Result<StatisticsJson> {
  return parseJsonWith(text, statisticsSchema, 'statistics.json');
}

/** Number of equal-width KLL buckets written per numeric feature (SageMaker writes 10). */
export const KLL_BUCKETS = 10;

export function featureStatistics(f: FeatureAccumulator, itemCount: number): FeatureStatistics {
  const type = inferType(f.types);
  const c = { num_present: f.present, num_missing: itemCount - f.present };
  if (type === 'Integral' || type === 'Fractional') {
    return {
      name: f.name,
      inferred_type: type,
      numerical_statistics: {
        common: c,
        // sum / count, as Deequ's Mean (the running mean serves only the variance update)
        mean: f.sum / f.numCount,
        sum: f.sum,
        std_dev: f.stdDev,
        min: f.sketch.min,
        max: f.sketch.max,
        distribution: { kll: { buckets: f.sketch.buckets(KLL_BUCKETS), sketch: f.sketch.toJSON() } },
      },
    };
  }
  if (type === 'Unknown') return { name: f.name, inferred_type: type, string_statistics: { common: c } };
  const buckets = [...f.categories].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return {
    name: f.name,
    inferred_type: type,
    string_statistics: { common: c, distinct_count: f.distinct.estimate(), distribution: { categorical: { buckets } } },
  };
}
