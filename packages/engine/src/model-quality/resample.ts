// SageMaker's standard_deviation rule for model quality metrics (Developer Guide, "Model
// quality metrics"): "NaN" unless at least 200 samples are available; otherwise Model Monitor
// samples 80 % of the data at random 5 times, computes the metric on each sample, and takes
// the standard deviation of those 5 values. SageMaker's samples are random, so its figures
// differ run to run; ours are drawn from each record's key with a fixed seed: a capture's join
// key, so a window gives the same file whatever the order or partitioning of the join, and a
// dataset row's position. Each record joins each sample with probability 0.8 (Bernoulli sampling, as
// Spark's sample(false, 0.8)); the spread is the sample standard deviation (n − 1).
import { seededRandom } from '../random.js';
import { hash32 } from '../sketch/distinct.js';
import type { Metric, StandardDeviation } from './metric.js';

export const MIN_SAMPLES_FOR_STD = 200;
export const RESAMPLES = 5;
export const RESAMPLE_FRACTION = 0.8;
const SEED = 0x5eed;

/** Calls `join(k)` for each of the RESAMPLES samples k the record with this key belongs to. */
export function eachSampleOf(key: string | number, join: (k: number) => void): void {
  const random = seededRandom((typeof key === 'number' ? key : hash32(key)) ^ SEED);
  for (let k = 0; k < RESAMPLES; k++) if (random() < RESAMPLE_FRACTION) join(k);
}

/** Sample standard deviation of the finite values; "NaN" with fewer than two. */
export function spread(values: readonly number[]): StandardDeviation {
  const xs = values.filter(Number.isFinite);
  if (xs.length < 2) return 'NaN';
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
}

const isMetric = (v: unknown): v is Metric => typeof v === 'object' && v !== null && 'value' in v && 'standard_deviation' in v;

/**
 * `metrics` with each metric's standard_deviation set by the rule: "NaN" below 200
 * records, else the spread of that metric over the samples' metrics.
 */
export function withResampledSpread<M extends object>(metrics: M, count: number, samples: readonly object[]): M {
  const out: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(metrics)) {
    if (!isMetric(m)) {
      out[name] = m;
      continue;
    }
    const values = count < MIN_SAMPLES_FOR_STD ? [] : samples.map((s) => (s as Record<string, unknown>)[name]).filter(isMetric).map((x) => x.value);
    out[name] = { value: m.value, standard_deviation: spread(values) };
  }
  return out as M;
}
